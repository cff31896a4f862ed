"""`claims site` on a 100,000-claim database against `claims export --format jsonl` of the same database in
the same run (target: at most 5x), and regenerating the site after one claim changes against the full build
(target: at most 0.1x). Each command runs as a user runs it (a new process), after ``sync`` (untimed); best
of several runs.

    python bench/bench_site.py [N] [RUNS] [--against DIR]
        default 100000 claims, best of 2 runs; the database is built once into bench/out/. With --against,
        DIR is another checkout of claims (the code before a change, e.g. `git worktree add DIR main`),
        measured the same way in the same run, each of its commands right after this checkout's.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path

from bench_queries import build
from common import header, row, run_cli

OUT = Path(__file__).resolve().parent / "out"
AS_OF = "2026-01-01"


class Side:
    """One checkout's commands and what they cost: wall time and the child's user and system CPU time (on a
    shared, loaded machine wall time mostly measures waiting for a core)."""

    def __init__(self, name: str, cli: Path | None, source: Path, n: int):
        self.name, self.cli, self.n = name, cli, n
        self.db = OUT / f"site-bench-{n}-{name}.db"  # a copy: the bench adds notes to claims
        shutil.copyfile(source, self.db)
        self.stem = f"site-{n}-{name}"
        self.site = OUT / self.stem
        self.builds = 0
        self.export_file = OUT / f"export-{n}-{name}.jsonl"
        self.times: dict[str, list[tuple[float, float, float]]] = {}
        self.changes = iter(range(1, 10_000))

    def run(self, label: str, *args: str) -> str:
        # Each command starts with nothing left for the disk to write: the last command's files (a site is
        # 800 MB), the folder deleted before a full build and the database copy are flushed first, untimed,
        # so that one command's write-back is not charged to the next (it put full builds from 24 s to 98 s).
        os.sync()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        if self.cli is None:
            elapsed, proc = run_cli(*args, db=str(self.db))
        else:
            elapsed, proc = run_cli(*args, db=str(self.db), cli=[sys.executable, str(self.cli)])
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.times.setdefault(label, []).append((elapsed, after.ru_utime - before.ru_utime,
                                                 after.ru_stime - before.ru_stime))
        return proc.stdout

    def export(self) -> None:
        self.run("export", "export", "--format", "jsonl", "-o", str(self.export_file))

    def full(self) -> None:
        # Each full build into a folder of its own, all deleted at the end: a full build right after deleting
        # the last one (800 MB, 100,000 files) twice took 60 s of system time instead of 5 to 13 s, most
        # likely the freed blocks' discards (this disk is mounted with online discard) in its way.
        self.builds += 1
        self.site = OUT / f"{self.stem}-{self.builds}"
        self.run("full", "site", "--out", str(self.site), "--as-of", AS_OF)

    def rebuild(self) -> None:
        cid = next(self.changes) * 7919 % (self.n * 9 // 10) + 1  # ids below the number of claims written
        run_cli("note", str(cid), f"bench change to claim {cid}", "--on", AS_OF, db=str(self.db),
                **({"cli": [sys.executable, str(self.cli)]} if self.cli else {}))
        out = self.run("regen", "site", "--out", str(self.site), "--as-of", AS_OF, "--json")
        print(f"  ({self.name}: rebuild after a note on claim {cid}: {out.strip()})", file=sys.stderr)

    def best(self, label: str) -> tuple[float, float, float, float]:
        """Fastest wall time, its median, and the least user and system CPU time of the runs."""
        runs = self.times[label]
        return (min(r[0] for r in runs), statistics.median(r[0] for r in runs), min(r[1] + r[2] for r in runs),
                min(r[1] for r in runs))

    def clean(self) -> None:
        for old in OUT.glob(self.stem + "-*"):
            shutil.rmtree(old, ignore_errors=True)

    def report(self) -> None:
        files = sum(1 for p in self.site.rglob("*") if p.is_file())
        size = sum(p.stat().st_size for p in self.site.rglob("*") if p.is_file())
        header(f"claims site, {self.n:,} claims ({files:,} files, {size / 1e6:.0f} MB): {self.name}")
        (exp, exp_med, e, eu), (full, full_med, f, fu), (regen, regen_med, r, ru) = (
            self.best(k) for k in ("export", "full", "regen"))
        row("`claims export --format jsonl` (baseline)", f"{exp:.1f} s (median {exp_med:.1f} s)")
        row("`claims site` full build", f"{full:.1f} s (median {full_med:.1f} s)")
        row("full build / export", f"{full / exp:.2f}x", "at most 5x", "ok" if full / exp <= 5 else "MISSED")
        row("`claims site` after one claim changes", f"{regen:.2f} s (median {regen_med:.2f} s)")
        row("rebuild / full build", f"{regen / full:.3f}x", "at most 0.1x", "ok" if regen / full <= 0.1 else "MISSED")
        row("CPU time (user + system): export / full build / rebuild", f"{e:.1f} s / {f:.1f} s / {r:.2f} s")
        row("of which user time", f"{eu:.1f} s / {fu:.1f} s / {ru:.2f} s")
        row("CPU time: full build / export", f"{f / e:.2f}x", "at most 5x", "ok" if f / e <= 5 else "MISSED")
        row("CPU time: rebuild / full build", f"{r / f:.3f}x", "at most 0.1x", "ok" if r / f <= 0.1 else "MISSED")
        row("user time: full build / export, rebuild / full build", f"{fu / eu:.2f}x, {ru / fu:.3f}x")


def main() -> None:
    args = sys.argv[1:]
    against = None
    if "--against" in args:
        at = args.index("--against")
        against = Path(args[at + 1]).resolve()
        del args[at:at + 2]
    n = int(args[0]) if args else 100_000
    runs = int(args[1]) if len(args) > 1 else 2
    source = build(n)
    leftovers = list(OUT.glob(f"site-{n}-*"))
    for old in leftovers:  # an earlier run stopped before its end: deleted, then time for the discards
        shutil.rmtree(old, ignore_errors=True)
    if leftovers:
        os.sync()
        time.sleep(30)
    sides = [Side("this", None, source, n)]
    if against:
        sides.append(Side(against.name, against / "cli.py", source, n))
    for step, count in (("export", runs), ("full", runs), ("rebuild", runs + 1)):
        for _ in range(count):
            for side in sides:  # interleaved, so that both see the same machine
                getattr(side, step)()
    for side in sides:
        side.report()
    for side in sides:
        side.clean()


if __name__ == "__main__":
    main()
