"""`claims due`, `claims list --speaker X` and `claims search` on a 1,000,000-claim database against the
same commands on a 1,000-claim database (same generator, same schema). Each command runs as a user runs
it (a new process); the ratio is big / small, best of several runs. Also prints the query plans.

    python bench/bench_queries.py [BIG] [SMALL]     (default 1000000 1000)

With CLAIMS_BENCH_POSTGRES_URL (and CLAIMS_BENCH_POSTGRES_SMALL_URL) set to copies made by build_postgres.py,
the same table on PostgreSQL and the PostgreSQL plans.

Building the big database takes a few minutes; it is kept in bench/out/ and reused when present. Its
restatement index (``claim_term``) is filled after the bulk write, as ``claims import`` keeps it.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent

from common import best_of, header, row, run_cli  # noqa: E402
from corpus import records  # noqa: E402

OUT = HERE / "out"


def build(n: int) -> Path:
    """A database of n claims, written through the library's own bulk path (analysis off)."""
    from claims.services import intake
    from claims.store import models, recording
    from claims.store.engine import Store

    OUT.mkdir(exist_ok=True)
    path = OUT / f"claims-{n}.db"
    if path.exists():
        index_terms(path)
        return path
    tmp = path.with_suffix(".part")
    for suffix in ("", "-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    store = Store(str(tmp))
    start = time.perf_counter()
    batch = []
    today = date(2026, 1, 1)
    for rec in records(n):
        batch.append(intake.claim_from_fields(rec, today=today))
        if len(batch) == 20_000:
            with store.write() as session:
                recording.record(session, batch, by="bench", now=models.utcnow())
            batch = []
    if batch:
        with store.write() as session:
            recording.record(session, batch, by="bench", now=models.utcnow())
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.dispose()
    index_terms(tmp)
    tmp.rename(path)
    print(f"(built {path.name} in {time.perf_counter() - start:.0f} s)", file=sys.stderr)
    return path


def index_terms(path: Path) -> None:
    """The restatement index (``claim_term``) of every claim, as ``add``, ``import`` and ``ingest`` keep it
    (the bulk path above writes claims without it, for speed); done once, when it is empty."""
    from claims.store.engine import Store
    from claims.store.terms import index_existing

    con = sqlite3.connect(path)
    empty = con.execute("SELECT NOT EXISTS (SELECT 1 FROM claim_term) AND EXISTS (SELECT 1 FROM claim)").fetchone()[0]
    con.close()
    if not empty:
        return
    start = time.perf_counter()
    store = Store(str(path))
    with store.engine.begin() as conn:
        done = index_existing(conn)
    store.dispose()
    print(f"(indexed {done:,} claims' terms in {path.name} in {time.perf_counter() - start:.0f} s)", file=sys.stderr)


def top_speaker(db: Path) -> str:
    con = sqlite3.connect(db)
    name = con.execute("SELECT s.name FROM speaker s JOIN claim c ON c.speaker_id = s.id "
                       "GROUP BY s.id ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    con.close()
    return name


def plans(db: Path) -> None:
    from claims.store import queries, search

    con = sqlite3.connect(db)
    sqls = {
        "due": (queries.due_sql("sqlite"), {"horizon": "2016-07-31", "limit": 100}),
        "list --speaker": ("SELECT claim.id FROM claim WHERE claim.speaker_id = 1 ORDER BY claim.id DESC LIMIT 100",
                           {}),
        "search ceasefire --limit 20 (rank)": ("SELECT rowid AS id FROM claim_fts WHERE claim_fts MATCH :q "
                                               "ORDER BY bm25(claim_fts), rowid LIMIT 20",
                                               {"q": search.fts5_query("ceasefire")}),
    }
    print("\nQuery plans (EXPLAIN QUERY PLAN on the big database):\n")
    for label, (sql, params) in sqls.items():
        plan = "; ".join(r[-1] for r in con.execute("EXPLAIN QUERY PLAN " + sql, params))
        print(f"- `{label}`: {plan}")
    con.close()


def pg_plans(url: str) -> None:
    """The same statements on PostgreSQL, as the light read path sends them (EXPLAIN ANALYZE)."""
    from claims.store import queries, search
    from claims.store.db import open_database

    tree = search.plain_tree("ceasefire")
    params: dict = {}
    tsq = search.to_tsquery(tree, params)
    one = {"w": "ceasefire", "lexeme": "ceasefir", "limit": 20}
    with open_database(url).read() as r:
        repeated = [row["id"] for row in r.rows("SELECT claim_id AS id FROM claim_lexeme_tf WHERE lexeme = :lexeme "
                                                "ORDER BY tf DESC, claim_id LIMIT :limit", one)]
    seen = {f"seen{i}": claim_id for i, claim_id in enumerate(repeated)}
    not_seen = f" AND id NOT IN ({', '.join(':' + k for k in seen)})" if seen else ""
    sqls = {
        "due": (queries.due_sql("postgresql"), {"horizon": date(2016, 7, 31), "limit": 100}),
        "search ceasefire --limit 20 (rank), 1: claims holding the word twice or more": (
            "SELECT claim_id AS id FROM claim_lexeme_tf WHERE lexeme = :lexeme ORDER BY tf DESC, claim_id LIMIT :limit",
            one),
        "search ceasefire --limit 20 (rank), 2: the rest, holding it once, in id order": (
            "SELECT id FROM claim WHERE search_tsv @@ plainto_tsquery('english', :w)"
            f"{not_seen} ORDER BY id LIMIT :limit", {**one, **seen, "limit": 20 - len(repeated)}),
        "ceasefire by ts_rank over every match (the general query: what one word cost before migration 0011)": (
            f"SELECT id FROM claim WHERE search_tsv @@ {tsq} ORDER BY ts_rank(search_tsv, {tsq}) DESC, id LIMIT 20",
            params),
    }
    print("\nQuery plans on PostgreSQL (EXPLAIN ANALYZE):\n")
    with open_database(url).read() as r:
        for label, (sql, p) in sqls.items():
            lines = [row["QUERY PLAN"] for row in r.rows("EXPLAIN ANALYZE " + sql, p)]
            print(f"- `{label}`:\n\n```\n" + "\n".join(lines) + "\n```")


def compare(cases: list, big: tuple[str, str], small: tuple[str, str]) -> None:
    """Each case on the big and the small database (a path or a URL, and its busiest speaker)."""
    for label, args, _ in cases:
        def timed(db: str, speaker: str, args: list[str] = args) -> float:
            return run_cli(*[a.replace("{speaker}", speaker) for a in args], db=db)[0]

        small_t, _ = best_of(5, lambda: timed(*small))
        big_t, _ = best_of(5, lambda: timed(*big))
        ratio = big_t / small_t
        row(f"claims {label}", f"{big_t * 1000:.0f} ms vs {small_t * 1000:.0f} ms = {ratio:.2f}x", "<= 1.3x",
            "ok" if ratio <= 1.3 else "MISSED")


def main() -> None:
    big_n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    small_n = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000
    big, small = build(big_n), build(small_n)
    speaker_big, speaker_small = top_speaker(big), top_speaker(small)
    # A place name that occurs in both corpora (the small one is a prefix of the big one).
    con = sqlite3.connect(small)
    place = con.execute("SELECT text FROM quote ORDER BY id LIMIT 1").fetchone()[0].split(" in ")[-1].split()[0]
    con.close()
    cases = [
        ("due --as-of 2016-07-01", ["due", "--as-of", "2016-07-01", "--json"], None),
        ("list --speaker (busiest speaker)", ["list", "--speaker", "{speaker}", "--json"], None),
        (f"search {place} (a place name)", ["search", place, "--json"], None),
        ("search agreement (in 1 claim of 15), --sort newest", ["search", "agreement", "--sort", "newest", "--json"],
         None),
        ("search agreement (in 1 claim of 15), --sort rank", ["search", "agreement", "--json"], None),
        ("search ceasefire --limit 20 (in 1 claim of 15, rank)", ["search", "ceasefire", "--limit", "20", "--json"],
         None),
    ]
    header(f"{big_n:,} claims against {small_n:,} claims (each a new `claims` process, best of 5)")
    compare(cases, (str(big), speaker_big), (str(small), speaker_small))
    pg_big, pg_small = os.environ.get("CLAIMS_BENCH_POSTGRES_URL"), os.environ.get("CLAIMS_BENCH_POSTGRES_SMALL_URL")
    if pg_big and pg_small:  # the same databases copied by build_postgres.py
        header(f"PostgreSQL: {big_n:,} claims against {small_n:,} claims (each a new `claims` process, best of 5)")
        compare(cases, (pg_big, speaker_big), (pg_small, speaker_small))
    elif pg_big:
        print("\n(PostgreSQL big-vs-small table skipped: set CLAIMS_BENCH_POSTGRES_SMALL_URL to a copy of "
              f"{small.name} made by build_postgres.py)")
    plans(big)
    if os.environ.get("CLAIMS_BENCH_POSTGRES_URL"):
        pg_plans(os.environ["CLAIMS_BENCH_POSTGRES_URL"])


if __name__ == "__main__":
    main()
