"""Track records at scale: `claims records --by speaker` and `claims calibration` on the 1,000,000-claim
benchmark database against a plain SQL aggregate of the same counts on the same database in the same run
(target: at most 2x), and `claims record NAME` on it against the same command on the 1,000-claim database
(target: at most 1.3x), for speakers with as many claims (and, for reference, the big database's biggest).

    python bench/bench_records.py [CACHE]     (CACHE: where claims-1000000.db and claims-1000.db are;
                                               default $CLAIMS_BENCH_CACHE or /work/bench-cache)

The databases are copied into bench/out/ (never used in place: this branch may migrate them) and given
what the generator (bench/corpus.py) leaves out, so every figure has something to count: a probability
on every prediction and promise (0, 0.05, ..., 1 by claim id), a resolution day around the due end
(from 40 days early to 20 days late) on every status event, and a deadline slip (+120 days) on one claim
in 29. The baseline counts the same things (claims, statuses, scored claims and their squared errors per
speaker; n, sum of p and of outcomes per bin) with one GROUP BY over the claim table.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import statistics
import sys
import time
from datetime import date
from pathlib import Path

from common import best_of, header, row, run_cli

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
RUNS = 5  # rounds; each times the baseline and the library in turn (interleaved), best and median kept

PREPARE = [
    "UPDATE claim SET probability = ((id * 7919) % 21) / 20.0 WHERE kind <> 'statement'",
    "UPDATE event SET happened_on = (SELECT date(c.due_end, printf('%+d days', (c.id * 31) % 61 - 40)) "
    "FROM claim c WHERE c.id = event.claim_id) WHERE type = 'status'",
    "INSERT INTO event (claim_id, type, status, happened_on, recorded_at, \"by\", due_start, due_end) "
    "SELECT id, 'due', status, date(created_at), strftime('%Y-%m-%d %H:%M:%f', 'now'), 'bench', due_start, "
    "date(due_end, '+120 days') FROM claim WHERE id % 29 = 0 AND due_end IS NOT NULL",
    "UPDATE claim SET due_end = date(due_end, '+120 days') WHERE id % 29 = 0 AND due_end IS NOT NULL",
    "CREATE TABLE bench_records_prepared (at TEXT)",
    "INSERT INTO bench_records_prepared VALUES (datetime('now'))",
]

# claim.resolved_on (schema 0010) is the day of the latest status event; migration 0010 fills it the same way
RESOLVED_ON = ("UPDATE claim SET resolved_on = (SELECT e.happened_on FROM event e WHERE e.claim_id = claim.id "
               "AND e.type = 'status' ORDER BY e.recorded_at DESC, e.id DESC LIMIT 1) "
               "WHERE id IN (SELECT claim_id FROM event WHERE type = 'status')")

BASELINE_SPEAKER = """
SELECT sp.name, count(*) AS claims,
  sum(CASE WHEN c.status = 'open' THEN 1 ELSE 0 END), sum(CASE WHEN c.status = 'in-progress' THEN 1 ELSE 0 END),
  sum(CASE WHEN c.status = 'stalled' THEN 1 ELSE 0 END), sum(CASE WHEN c.status = 'fulfilled' THEN 1 ELSE 0 END),
  sum(CASE WHEN c.status = 'partly-fulfilled' THEN 1 ELSE 0 END),
  sum(CASE WHEN c.status = 'not-fulfilled' THEN 1 ELSE 0 END),
  sum(CASE WHEN c.status = 'retracted' THEN 1 ELSE 0 END), sum(CASE WHEN c.status = 'unresolvable' THEN 1 ELSE 0 END),
  sum(CASE WHEN c.probability IS NOT NULL AND c.status IN ('fulfilled', 'not-fulfilled') THEN 1 ELSE 0 END),
  sum(CASE WHEN c.probability IS NOT NULL AND c.status = 'fulfilled' THEN (c.probability - 1) * (c.probability - 1)
           WHEN c.probability IS NOT NULL AND c.status = 'not-fulfilled' THEN c.probability * c.probability END)
FROM claim c JOIN speaker sp ON sp.id = c.speaker_id GROUP BY sp.name
"""

BASELINE_CALIBRATION = """
SELECT CASE WHEN probability < 0.1 THEN 0 WHEN probability < 0.2 THEN 1 WHEN probability < 0.3 THEN 2
            WHEN probability < 0.4 THEN 3 WHEN probability < 0.5 THEN 4 WHEN probability < 0.6 THEN 5
            WHEN probability < 0.7 THEN 6 WHEN probability < 0.8 THEN 7 WHEN probability < 0.9 THEN 8 ELSE 9 END AS bin,
       count(*), sum(probability), sum(CASE WHEN status = 'fulfilled' THEN 1 ELSE 0 END)
FROM claim WHERE probability IS NOT NULL AND status IN ('fulfilled', 'not-fulfilled') GROUP BY bin
"""


def copy(cache: Path, n: int) -> Path:
    """A prepared copy of the cached n-claim database in bench/out/, migrated to this branch's schema."""
    from claims.store.db import open_database

    OUT.mkdir(exist_ok=True)
    dst = OUT / f"records-{n}.db"
    if not dst.exists():
        src = cache / f"claims-{n}.db"
        if not src.exists() or _revision(src) not in _known_revisions():
            # missing, or built by a newer branch (a migration this one does not have): the same generator
            from bench_queries import build

            print(f"({src.name}: missing or at a schema this branch does not know; building it here)",
                  file=sys.stderr)
            src = build(n)
        tmp = dst.with_suffix(".part")
        shutil.copyfile(src, tmp)
        con = sqlite3.connect(tmp)
        with con:
            for sql in PREPARE:
                con.execute(sql)
            if any(col[1] == "resolved_on" for col in con.execute("PRAGMA table_info(claim)")):
                con.execute(RESOLVED_ON)  # built at schema 0010 or later: the new days, as the writer keeps them
        con.close()
        open_database(str(tmp))  # migrate now, not inside a timed run
        os.replace(tmp, dst)
    open_database(str(dst))
    return dst


def _revision(db: Path) -> str | None:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    except sqlite3.Error:
        return None
    finally:
        con.close()


def _known_revisions() -> set[str]:
    import claims.store.migrations as migrations

    versions = Path(migrations.__file__).parent / "versions"
    return {p.name.split("_", 1)[0] for p in versions.glob("0*.py")}


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def sql_once(db: Path, sql: str) -> float:
    con = sqlite3.connect(db)
    try:
        return timed(lambda: con.execute(sql).fetchall())
    finally:
        con.close()


def interleaved(runs: int, *fns) -> list[tuple[float, float]]:
    """(best, median) of each of ``fns``, run in turn ``runs`` times: a busy moment of the shared machine
    slows both sides of a ratio, not one."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for i, fn in enumerate(fns):
            times[i].append(fn())
    return [(min(t), statistics.median(t)) for t in times]


def top_speaker(db: Path) -> tuple[str, int]:
    con = sqlite3.connect(db)
    name, n = con.execute("SELECT s.name, count(*) FROM speaker s JOIN claim c ON c.speaker_id = s.id "
                          "GROUP BY s.id ORDER BY count(*) DESC LIMIT 1").fetchone()
    con.close()
    return name, n


def speaker_with(db: Path, n: int) -> tuple[str, int]:
    """The speaker whose number of claims is closest to ``n`` (ties: the lowest id)."""
    con = sqlite3.connect(db)
    name, got = con.execute("SELECT s.name, count(*) AS k FROM speaker s JOIN claim c ON c.speaker_id = s.id "
                            "GROUP BY s.id ORDER BY abs(count(*) - ?), s.id LIMIT 1", (n,)).fetchone()
    con.close()
    return name, got


def verdict(ratio: float, target: float) -> str:
    return "ok" if ratio <= target else "over"


def main() -> None:
    from claims.services import records as rec

    cache = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CLAIMS_BENCH_CACHE", "/work/bench-cache"))
    big, small = copy(cache, 1_000_000), copy(cache, 1_000)
    print(f"bench_records.py, {date.today().isoformat()}; databases: {big.name}, {small.name} (prepared copies)")

    header("records --by speaker and calibration on 1,000,000 claims, against a plain SQL aggregate")
    (base_s, base_s_med), (lib_s, lib_s_med) = interleaved(RUNS, lambda: sql_once(big, BASELINE_SPEAKER),
                                                  lambda: timed(lambda: rec.records(str(big), by="speaker")))
    row("plain SQL aggregate per speaker (baseline)", f"{base_s * 1000:.0f} ms (median {base_s_med * 1000:.0f})")
    row("records(by='speaker') (library)", f"{lib_s * 1000:.0f} ms (median {lib_s_med * 1000:.0f})",
        "<= 2x", f"{lib_s / base_s:.2f}x {verdict(lib_s / base_s, 2)}")
    cli_s, _ = best_of(RUNS, lambda: run_cli("records", "--by", "speaker", "--json", db=str(big))[0])
    noop, _ = best_of(RUNS, lambda: run_cli("records", "--help")[0])
    row("`claims records --by speaker --json` (a new process)", f"{cli_s * 1000:.0f} ms",
        "", f"{cli_s / base_s:.2f}x; {(cli_s - noop) / base_s:.2f}x without start-up ({noop * 1000:.0f} ms)")

    (base_c, base_c_med), (lib_c, lib_c_med) = interleaved(RUNS, lambda: sql_once(big, BASELINE_CALIBRATION),
                                                  lambda: timed(lambda: rec.calibration(str(big))))
    row("plain SQL aggregate per bin (baseline)", f"{base_c * 1000:.0f} ms (median {base_c_med * 1000:.0f})")
    row("calibration() (library)", f"{lib_c * 1000:.0f} ms (median {lib_c_med * 1000:.0f})", "<= 2x",
        f"{lib_c / base_c:.2f}x {verdict(lib_c / base_c, 2)}")
    cli_c, _ = best_of(RUNS, lambda: run_cli("calibration", "--json", db=str(big))[0])
    row("`claims calibration --json` (a new process)", f"{cli_c * 1000:.0f} ms", "",
        f"{cli_c / base_c:.2f}x; {(cli_c - noop) / base_c:.2f}x without start-up")

    header("record NAME: a speaker on 1,000,000 claims against one with as many claims on 1,000")
    # What grows with the database must not be the cost of one speaker's record: the same command for a
    # speaker with as many claims (the 1,000-claim database's biggest) on both. The biggest speaker of the
    # big database (a tenth of it) is timed too, for what a record of 90,000 claims costs.
    small_name, small_n = top_speaker(small)
    big_name, big_n = speaker_with(big, small_n)
    top_name, top_n = top_speaker(big)
    t_small, _ = best_of(5, lambda: run_cli("record", small_name, "--json", db=str(small))[0])
    t_big, _ = best_of(5, lambda: run_cli("record", big_name, "--json", db=str(big))[0])
    t_top, _ = best_of(5, lambda: run_cli("record", top_name, "--json", db=str(big))[0])
    row(f"`claims record` on 1,000 claims ({small_n:,} of them the speaker's)", f"{t_small * 1000:.0f} ms")
    row(f"`claims record` on 1,000,000 claims ({big_n:,} of them the speaker's)", f"{t_big * 1000:.0f} ms",
        "<= 1.3x", f"{t_big / t_small:.2f}x {verdict(t_big / t_small, 1.3)}")
    row(f"`claims record` on 1,000,000 claims, the biggest speaker ({top_n:,} claims)", f"{t_top * 1000:.0f} ms",
        "", f"{t_top / t_small:.2f}x")
    lib_big, _ = best_of(RUNS, lambda: timed(lambda: rec.track_record(str(big), big_name)))
    lib_top, _ = best_of(RUNS, lambda: timed(lambda: rec.track_record(str(big), top_name)))
    lib_small, _ = best_of(RUNS, lambda: timed(lambda: rec.track_record(str(small), small_name)))
    row("track_record() in process: big (matched) / big (biggest) / small",
        f"{lib_big * 1000:.0f} ms / {lib_top * 1000:.0f} ms / {lib_small * 1000:.0f} ms")


if __name__ == "__main__":
    main()
