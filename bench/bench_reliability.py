"""Reliability at full size (issue 9): concurrent writers on SQLite and PostgreSQL, and kill -9 at random
points of a large import and of a multi-file ingest. Prints the figures as Markdown tables.

    python bench/bench_reliability.py [--workers 8] [--writes 200] [--records 100000] [--stories 200]
                                      [--trials 20] [--only concurrency|import|ingest] [--seed 2026]

PostgreSQL runs when CLAIMS_TEST_POSTGRES_URL is set (a schema of its own, dropped afterwards). The drivers
are those of the fast suite (``tests/faults.py``), run here at the sizes the issue asks for. The baseline
for the concurrency figures is one writer doing the same number of commands in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import runpy
import tempfile
import time
import uuid
from pathlib import Path

from common import ROOT, header, row

faults = runpy.run_path(str(ROOT / "tests" / "faults.py"))
OUT = ROOT / "bench" / "out"


def _pg_schema() -> tuple[str, str] | None:
    base = os.environ.get("CLAIMS_TEST_POSTGRES_URL")
    if not base:
        return None
    import psycopg

    schema = "bench_" + uuid.uuid4().hex[:10]
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}", schema


def _drop(schema: str) -> None:
    import psycopg

    with psycopg.connect(os.environ["CLAIMS_TEST_POSTGRES_URL"], autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def concurrency(backend: str, db: str, workers: int, writes: int) -> None:
    shared = faults["seed_claims"](db, 5)
    began = time.monotonic()
    solo = faults["run_writers"](db, shared, workers=1, per=writes, seed=3)
    solo_s = time.monotonic() - began - 2.4  # run_writers waits ~2.4 s for one process to import
    began = time.monotonic()
    logs = faults["run_writers"](db, shared, workers=workers, per=writes, seed=5, timeout=3600)
    many_s = time.monotonic() - began - (2.0 + 0.4 * workers)
    f = faults["verify_writers"](db, solo + logs)
    header(f"{backend}: {workers} processes x {writes} commands (adds, resolves, reopens, notes of 5 shared claims)")
    row("commands run (the baseline writer's, then all writers')",
        f"{f['commands']:,} ({f['done']:,} made a change, {f['refused']:,} refused as 'already ...')", "", "")
    row("lost (a process said it happened, the history does not hold it)", str(len(f["lost"])), "0",
        "ok" if not f["lost"] else "FAIL")
    row("lock errors shown to the user", str(len(f["lock_errors_shown"])), "0",
        "ok" if not f["lock_errors_shown"] else "FAIL")
    row("other failures", str(len(f["failed"])), "0", "ok" if not f["failed"] else "FAIL")
    row("claims whose status is not their last event's", str(len(f["status_mismatches"])), "0",
        "ok" if not f["status_mismatches"] else "FAIL")
    row("status events whose 'from' is not the status before", str(len(f["broken_chains"])), "0",
        "ok" if not f["broken_chains"] else "FAIL")
    row("integrity check", f["integrity"], "ok", "ok" if f["integrity"] in ("ok", "n/a") else "FAIL")
    solo_rate, many_rate = writes / max(solo_s, 0.01), workers * writes / max(many_s, 0.01)
    row("throughput: 1 writer (baseline) / all writers", f"{solo_rate:.1f} / {many_rate:.1f} commands/s "
        f"({many_rate / solo_rate:.2f}x)", "", "")
    for entry in (f["lost"] + f["lock_errors_shown"] + f["failed"])[:5]:
        print(f"\n    {json.dumps(entry)[:300]}")


def crash(name: str, label: str, args: list[str], folder: Path, trials: int, whole, seed: int) -> None:  # noqa: ANN001
    """``name``: the databases' file names (``NAME-ref.db`` is the uninterrupted run); ``label``: the title."""
    f = faults["crash_series"](args, folder, name, trials=trials, whole=whole, seed=seed)
    header(f"kill -9 during {label}: {trials} trials (reference run {f['reference_seconds']} s)")
    row("killed before finishing", f"{f['killed']} of {trials}", "", "")
    row("passed the integrity checks", f"{f['integrity_ok']} of {trials}", "all",
        "ok" if f["integrity_ok"] == trials else "FAIL")
    row("held only whole transactions", f"{f['whole']} of {trials}", "all", "ok" if f["whole"] == trials else "FAIL")
    row("re-run ended where the uninterrupted run ended", f"{f['rerun_equal']} of {trials}", "all",
        "ok" if f["rerun_equal"] == trials else "FAIL")
    row("claims left by each killed run", ", ".join(f"{n:,}" for n in f["left"]), "", "")
    for p in f["problems"][:5]:
        print(f"\n    {p}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workers", type=int, default=8)
    ap.add_argument("--writes", type=int, default=200)
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--stories", type=int, default=200)
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--only", choices=["concurrency", "import", "ingest"])
    ap.add_argument("--seed", type=int, default=2026, help="for the random kill points")
    opts = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        folder = Path(tmp)
        os.environ.setdefault("CLAIMS_HOME", str(folder / "home"))
        if opts.only in (None, "concurrency"):
            concurrency("SQLite", str(folder / "concurrency.db"), opts.workers, opts.writes)
            pg = _pg_schema()
            if pg:
                try:
                    concurrency("PostgreSQL", pg[0], opts.workers, opts.writes)
                finally:
                    _drop(pg[1])
            else:
                print("\n(PostgreSQL skipped: set CLAIMS_TEST_POSTGRES_URL)")
        if opts.only in (None, "import"):
            from corpus import records

            src = folder / "records.jsonl"
            with src.open("w", encoding="utf-8") as out:
                for rec in records(opts.records):
                    out.write(json.dumps(rec) + "\n")
            full: dict[str, int] = {}

            def whole_import(db: str) -> bool:
                if not full:
                    full.update(_counts(folder / "import-ref.db"))
                counts = _counts(Path(db))
                return all(counts[t] in (0, full[t]) for t in ("claim", "event", "quote", "appearance"))

            crash("import", f"import of {opts.records:,} records (--no-analysis)",
                  ["import", str(src), "--no-analysis"], folder, opts.trials, whole_import, opts.seed)
        if opts.only in (None, "ingest"):
            import random

            from bench_ingest import story
            from corpus import places

            rng = random.Random(7)
            towns = places(200, rng)
            files = []
            for i in range(opts.stories):
                path = folder / f"story{i:04d}.txt"
                path.write_text(story(i, rng, towns), encoding="utf-8")
                files.append(str(path))
            expected: dict[str, int] = {}

            def whole_ingest(db: str) -> bool:
                if not expected:
                    expected.update(faults["per_source"](str(folder / "ingest-ref.db")))
                    assert len(expected) == opts.stories, "each story must be a source of its own"
                return all(n == expected.get(k) for k, n in faults["per_source"](db).items())

            crash("ingest", f"ingest of {opts.stories} stories", ["ingest", *files, "--published", "2016-05-19"],
                  folder, opts.trials, whole_ingest, opts.seed)


def _counts(path: Path) -> dict[str, int]:
    from claims.store.integrity import check

    return check(str(path))["counts"]


if __name__ == "__main__":
    main()
