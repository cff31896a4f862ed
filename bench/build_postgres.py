"""Copy a benchmark SQLite database (built by bench_queries.py) into a PostgreSQL database, row for row.

    python bench/build_postgres.py bench/out/claims-1000000.db postgresql://postgres@127.0.0.1:5432/bench_claims

The schema is created by the project's own migrations (``claims db upgrade`` on an empty database); the rows
go in with ``COPY`` (the generated ``search_tsv`` columns fill themselves), then the id sequences are moved
past the copied ids and the tables analysed. The target database must be empty (create it with
``createdb -h 127.0.0.1 -U postgres bench_claims``).
"""

from __future__ import annotations

import sqlite3
import sys
import time

TABLES = ("speaker", "speaker_alias", "source", "quote", "appearance", "claim", "claim_tag", "event")
SKIP = {"search_tsv"}  # generated on PostgreSQL


def copy_table(src: sqlite3.Connection, pg, table: str) -> int:  # noqa: ANN001 - psycopg connection
    pg_cols = [r[0] for r in pg.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = %s ORDER BY ordinal_position", (table,))]
    cols = [c for c in pg_cols if c not in SKIP]
    bools = {r[0] for r in pg.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = %s AND data_type = 'boolean'", (table,))}
    n = 0
    cur = src.execute(f"SELECT {', '.join(cols)} FROM {table}")
    with pg.cursor().copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
        while True:
            batch = cur.fetchmany(20_000)
            if not batch:
                break
            for row in batch:
                copy.write_row([bool(v) if c in bools and v is not None else v
                                for c, v in zip(cols, row, strict=True)])
            n += len(batch)
    if "id" in cols:
        pg.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                   f"(SELECT coalesce(max(id), 1) FROM {table}))")
    return n


def main() -> None:
    import psycopg

    from claims.store.engine import open_store

    sqlite_path, url = sys.argv[1], sys.argv[2]
    open_store(url)  # creates the schema through the migrations
    src = sqlite3.connect(sqlite_path)
    start = time.perf_counter()
    with psycopg.connect(url) as pg:
        if pg.execute("SELECT count(*) FROM claim").fetchone()[0]:
            raise SystemExit(f"{url} already holds claims")
        # Plain indexes (not the ones behind constraints) are dropped for the copy and built once after.
        indexes = pg.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                             "AND indexname NOT IN (SELECT conname FROM pg_constraint)").fetchall()
        for name, _ in indexes:
            pg.execute(f'DROP INDEX "{name}"')
        for table in TABLES:
            n = copy_table(src, pg, table)
            print(f"{table}: {n:,} rows ({time.perf_counter() - start:.0f} s)", file=sys.stderr)
        for _, definition in indexes:
            pg.execute(definition)
        print(f"indexes: {len(indexes)} ({time.perf_counter() - start:.0f} s)", file=sys.stderr)
        pg.commit()
    with psycopg.connect(url, autocommit=True) as pg:
        pg.execute("VACUUM ANALYZE")
    print(f"done in {time.perf_counter() - start:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
