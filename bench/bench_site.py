"""`claims site` on a 100,000-claim database against `claims export --format jsonl` of the same database in
the same run (target: at most 5x), and regenerating the site after one claim changes against the full build
(target: at most 0.1x). Each command runs as a user runs it (a new process); best of several runs.

    python bench/bench_site.py [N] [RUNS]   (default 100000 claims, best of 2 runs; the database is built once
                                             into bench/out/)
"""

from __future__ import annotations

import resource
import shutil
import sys
from pathlib import Path

from bench_queries import build
from common import best_of, header, row, run_cli

OUT = Path(__file__).resolve().parent / "out"
AS_OF = "2026-01-01"
CPU: dict[str, list[float]] = {}


def cpu_of(label: str, fn):  # noqa: ANN001, ANN201
    """Also record the child process's CPU time (user + system): on a shared, loaded machine wall time
    mostly measures waiting for a core."""
    def timed() -> float:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        elapsed = fn()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        CPU.setdefault(label, []).append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        return elapsed
    return timed


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    source = build(n)
    db = OUT / f"site-bench-{n}.db"  # a copy: the bench adds notes to claims
    shutil.copyfile(source, db)
    site = OUT / f"site-{n}"
    export = OUT / f"export-{n}.jsonl"

    def export_jsonl() -> float:
        return run_cli("export", "--format", "jsonl", "-o", str(export), db=str(db))[0]

    def full_build() -> float:
        shutil.rmtree(site, ignore_errors=True)
        return run_cli("site", "--out", str(site), "--as-of", AS_OF, db=str(db))[0]

    changes = iter(range(1, 10_000))

    def one_change() -> float:
        cid = next(changes) * 7919 % (n * 9 // 10) + 1  # ids below the number of claims written
        run_cli("note", str(cid), f"bench change to claim {cid}", "--on", AS_OF, db=str(db))
        elapsed, proc = cpu_of("regen", lambda: run_cli("site", "--out", str(site), "--as-of", AS_OF, "--json",
                                                        db=str(db)))()
        print(f"  (rebuild after a note on claim {cid}: {proc.stdout.strip()})", file=sys.stderr)
        return elapsed

    exp, exp_med = best_of(runs, cpu_of("export", export_jsonl))
    full, full_med = best_of(runs, cpu_of("full", full_build))
    regen, regen_med = best_of(runs + 1, one_change)
    files = sum(1 for p in site.rglob("*") if p.is_file())
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    header(f"claims site, {n:,} claims ({files:,} files, {size / 1e6:.0f} MB)")
    row("`claims export --format jsonl` (baseline)", f"{exp:.1f} s (median {exp_med:.1f} s)")
    row("`claims site` full build", f"{full:.1f} s (median {full_med:.1f} s)")
    row("full build / export", f"{full / exp:.2f}x", "at most 5x", "ok" if full / exp <= 5 else "MISSED")
    row("`claims site` after one claim changes", f"{regen:.2f} s (median {regen_med:.2f} s)")
    row("rebuild / full build", f"{regen / full:.3f}x", "at most 0.1x", "ok" if regen / full <= 0.1 else "MISSED")
    e, f, r = (min(CPU[k]) for k in ("export", "full", "regen"))
    row("CPU time: export / full build / rebuild", f"{e:.1f} s / {f:.1f} s / {r:.2f} s")
    row("CPU time: full build / export", f"{f / e:.2f}x", "at most 5x", "ok" if f / e <= 5 else "MISSED")
    row("CPU time: rebuild / full build", f"{r / f:.3f}x", "at most 0.1x", "ok" if r / f <= 0.1 else "MISSED")


if __name__ == "__main__":
    main()
