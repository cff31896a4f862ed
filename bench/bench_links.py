"""`claims add` of one claim that restates an earlier one, on a big database against a small one.

Restatement finding reads bounded ranges of the (speaker, term, claim) index, so the big database should
cost at most 1.3x the small one. The databases are copies of bench_queries.py's (bench/out/claims-N.db,
built on first use from the same synthetic corpus, every claim's terms indexed).
The claim added is by the busiest speaker and restates one of their recent claims.

    python bench/bench_links.py [BIG]
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

from common import best_of, header, row, run_cli

OUT = Path(__file__).resolve().parent / "out"


def prepare(n: int, tmp: Path) -> Path:
    """A copy of bench_queries.py's n-claim database (built there once, with its restatement index filled
    as `claims import` fills it), for the adds below to change."""
    from bench_queries import build

    target = OUT / f"links-{n}.db"
    if not target.exists():
        OUT.mkdir(exist_ok=True)
        shutil.copy(build(n), target)
    run_cli("db", "info", db=str(target))  # migrate once, outside the timing
    return target


def busiest(db: Path) -> tuple[str, str]:
    con = sqlite3.connect(db)
    name, text = con.execute(
        "SELECT s.name, q.text FROM claim c JOIN speaker s ON s.id = c.speaker_id JOIN quote q ON q.id = c.quote_id "
        "WHERE c.speaker_id = (SELECT speaker_id FROM claim GROUP BY speaker_id ORDER BY count(*) DESC LIMIT 1) "
        "AND c.kind != 'statement' ORDER BY c.id DESC LIMIT 1").fetchone()
    con.close()
    return name, text


def main() -> None:
    big_n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        small, big = prepare(1000, Path(tmp)), prepare(big_n, Path(tmp))
        header(f"claims add (restatement finding on), {big_n:,}-claim database against 1,000-claim")
        results = {}
        for label, db in (("1,000", small), (f"{big_n:,}", big)):
            speaker, text = busiest(db)
            words = iter(["again", "once more", "still", "yet again", "as before", "anew", "repeatedly", "then"])

            def once(db: Path = db, speaker: str = speaker, text: str = text, words=words) -> float:  # noqa: ANN001
                return run_cli("add", f"{text}, {next(words)}", "--speaker", speaker, "--said", "2026-11-15",
                               db=str(db))[0]

            results[label] = best_of(7, once)
            row(f"add to the {label}-claim database", f"best {results[label][0] * 1000:.0f} ms, "
                f"median {results[label][1] * 1000:.0f} ms")
        ratio = results[f"{big_n:,}"][0] / results["1,000"][0]
        row("big / small (best of 7)", f"{ratio:.2f}x", "<= 1.3x", "ok" if ratio <= 1.3 else "MISSED")
        finding = {label: in_process(db) for label, db in (("1,000", small), (f"{big_n:,}", big))}
        for label, ms in finding.items():
            row(f"restatement finding alone (in process), {label}", f"median {ms:.1f} ms")
        ratio = finding[f"{big_n:,}"] / finding["1,000"]
        row("restatement finding, big / small (median of 9)", f"{ratio:.2f}x", "<= 1.3x",
            "ok" if ratio <= 1.3 else "MISSED")


def in_process(db: Path) -> float:
    """The hook alone (claims.services.restatements.after_record) inside `add`, median of 9, in ms."""
    import statistics
    import time
    from datetime import date

    from claims.services import restatements, tracking
    from claims.store.engine import open_store

    speaker, text = busiest(db)
    store = open_store(str(db))
    times: list[float] = []
    hook = restatements.after_record

    def timed(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        start = time.perf_counter()
        out = hook(*args, **kwargs)
        times.append((time.perf_counter() - start) * 1000)
        return out

    restatements.after_record = timed
    try:
        for i in range(9):
            tracking.add(store, {"text": f"{text}, in process {'abcdefghi'[i]}", "speaker": speaker,
                                 "said_on": "2026-11-15"}, by="bench", today=date(2026, 12, 1))
    finally:
        restatements.after_record = hook
        store.dispose()
    return statistics.median(times)


if __name__ == "__main__":
    main()
