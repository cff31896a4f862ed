"""`claims import` of N synthetic JSONL records against raw sqlite3 `executemany` of the same rows.

The baseline inserts exactly the rows `claims import` wrote (read back from its database) into a fresh
database with the same schema (indexes, FTS5 triggers), in one transaction, with the Python sqlite3
module: the fastest those rows can go in. The ratio is claims' rate over the raw rate.

    python bench/bench_import.py [N]        (default 100000)
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from common import header, row, run_cli  # noqa: E402
from corpus import records  # noqa: E402

TABLES = ["speaker", "source", "quote", "appearance", "claim", "claim_tag", "event"]


def raw_baseline(filled: Path, empty: Path) -> float:
    from claims.store.engine import Store

    Store(str(empty)).dispose()  # the same schema, made by the same migrations
    src = sqlite3.connect(filled)
    data = {}
    for table in TABLES:
        cur = src.execute(f"SELECT * FROM {table}")
        data[table] = ([d[0] for d in cur.description], cur.fetchall())
    src.close()
    dst = sqlite3.connect(empty, isolation_level=None)
    dst.execute("PRAGMA journal_mode=WAL")
    dst.execute("PRAGMA synchronous=NORMAL")
    start = time.perf_counter()
    dst.execute("BEGIN IMMEDIATE")
    for table in TABLES:
        cols, rows = data[table]
        names = ", ".join(f'"{c}"' for c in cols)
        dst.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(cols))})", rows)
    dst.execute("COMMIT")
    elapsed = time.perf_counter() - start
    dst.close()
    return elapsed


def main() -> None:
    import json

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with corpus.open("w") as fh:
            for rec in records(n):
                fh.write(json.dumps(rec) + "\n")
        header(f"import of {n:,} JSONL records")
        results = {}
        for label, extra in (("analysis off (--no-analysis)", ["--no-analysis"]), ("analysis on (default)", [])):
            db = Path(tmp) / f"claims{len(results)}.db"
            elapsed, proc = run_cli("import", str(corpus), *extra, db=str(db))
            results[label] = (elapsed, db)
        raw = raw_baseline(results["analysis off (--no-analysis)"][1], Path(tmp) / "raw.db")
        row("raw sqlite3 executemany, same rows", f"{raw:.2f} s ({n / raw:,.0f} records/s)")
        for label, (elapsed, _db) in results.items():
            ratio = raw / elapsed
            target = 0.2 if "off" in label else 0.15
            row(f"claims import, {label}", f"{elapsed:.2f} s ({n / elapsed:,.0f} records/s), "
                f"{ratio:.2f}x raw", f">= {target}x", "ok" if ratio >= target else "MISSED")


if __name__ == "__main__":
    main()
