"""A new SQLite database made in one step from the schema the migrations build, on the driver alone.

Creating a database through Alembic imports SQLAlchemy, Alembic and Mako and replays every migration: about
a second before a new user's first command (or the first ``claims ingest`` into a new file) does its work.
``sqlite_schema.json`` (next to the migrations) holds the ``CREATE`` statements of an empty database
migrated to head, in an order that runs (tables, then indexes, views, triggers), with the rows the
migrations leave (``alembic_version``). A new, empty SQLite file is made from it in one transaction; any
other database (an old one to upgrade, PostgreSQL, a snapshot of another revision) goes through Alembic as
before. The tests check the snapshot against a fresh migration, so a new migration without a new snapshot
fails them; regenerate it with::

    python -m claims.store.snapshot
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

SNAPSHOT = Path(__file__).parent / "migrations" / "sqlite_schema.json"
# The tables SQLite makes itself for an FTS5 table (https://sqlite.org/fts5.html, "shadow tables"): made
# again by its CREATE VIRTUAL TABLE, so never written out.
_FTS5_SHADOWS = ("data", "idx", "content", "docsize", "config")
_ORDER = {"table": 0, "index": 1, "view": 2, "trigger": 3}


def schema_of(conn: sqlite3.Connection) -> dict[str, Any]:
    """The schema of the database on ``conn`` as the snapshot keeps it: its Alembic revision, the
    statements that make it, and the rows of ``alembic_version``."""
    rows = conn.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid").fetchall()
    virtual = {name for kind, name, sql in rows if kind == "table" and sql.upper().startswith("CREATE VIRTUAL")}
    shadows = {f"{v}_{suffix}" for v in virtual for suffix in _FTS5_SHADOWS}
    kept = [(kind, name, sql) for kind, name, sql in rows if name not in shadows]
    kept.sort(key=lambda r: _ORDER[r[0]])  # stable: creation order within each kind
    revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    return {"revision": revision, "statements": [sql for _kind, _name, sql in kept]}


def shipped() -> dict[str, Any] | None:
    """The snapshot shipped with this code (None if it is missing or unreadable: Alembic then does it)."""
    try:
        data = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("statements"), list):
        return None
    return data


def create(path: Path, revision: str, busy_timeout_ms: int) -> bool:
    """Make the new, empty SQLite database ``path`` at ``revision`` from the snapshot. False (and nothing
    written but an empty file) when the snapshot is of another revision or the file already has a schema
    (another process made it first: the caller reads its revision as for any database)."""
    data = shipped()
    if data is None or data.get("revision") != revision:
        return False
    conn = sqlite3.connect(str(path), timeout=busy_timeout_ms / 1000, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        conn.execute("PRAGMA journal_mode=WAL")  # as the store sets it; only outside a transaction
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                conn.execute("ROLLBACK")
                return False
            for statement in data["statements"]:
                conn.execute(statement)
            conn.execute("INSERT INTO alembic_version (version_num) VALUES (?)", (revision,))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    finally:
        conn.close()
    return True


def main() -> None:
    """Write the snapshot from a database migrated to head through Alembic."""
    import tempfile

    from claims.store.db import SCHEMA_REVISION
    from claims.store.engine import Store

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "fresh.db"
        Store(str(db)).dispose()
        conn = sqlite3.connect(str(db))
        data = schema_of(conn)
        conn.close()
    assert data["revision"] == SCHEMA_REVISION, data["revision"]
    SNAPSHOT.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {SNAPSHOT} ({len(data['statements'])} statements, revision {data['revision']})")


if __name__ == "__main__":
    main()
