"""Backups of a SQLite database while it is in use (SQLite's online backup API, on the driver alone).

The copy is written next to its destination as ``PATH.part``, checked (``PRAGMA integrity_check``) and only
then renamed to ``PATH``, so an interrupted backup never leaves a file that looks whole. The source is not
migrated first: a backup taken before an upgrade is the one worth having. PostgreSQL databases are backed
up with ``pg_dump``; :func:`backup` says how.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from claims.errors import ClaimsError, UsageError
from claims.store.db import Database, translate_errors

PAGES_PER_STEP = 1024  # pages copied before the source lock is released for other writers


def pg_dump_guidance(location: str) -> str:
    return ("PostgreSQL databases are backed up with PostgreSQL's own tools: "
            f"pg_dump --format=custom --file=claims.dump '{location}' (give the password through PGPASSWORD "
            "or ~/.pgpass); restore into an empty database with pg_restore --no-owner --dbname=URL claims.dump, "
            "then check it with claims --db URL export")


def backup(db: str, path: str) -> dict[str, Any]:
    """Copy the SQLite database ``db`` to the new file ``path``; returns what was copied."""
    database = Database(db)
    if database.backend != "sqlite":
        raise ClaimsError(pg_dump_guidance(database.location))
    src_path = database.path
    assert src_path is not None
    if not src_path.is_file():
        raise ClaimsError(f"no database at {src_path}")
    dest = Path(path).expanduser()
    try:
        if dest.exists():
            raise UsageError(f"{dest} already exists; choose a new file name (a backup never overwrites)")
        if not dest.parent.is_dir():
            raise UsageError(f"folder {dest.parent} does not exist; create it first (mkdir -p {dest.parent})")
        if dest.resolve() == src_path.resolve():
            raise UsageError("the backup must be another file than the database")
    except OSError as exc:  # a name too long for the file system, ...
        raise UsageError(f"cannot use {path[:80]!r} as the backup file: {exc.strerror or exc}") from None
    part = dest.with_name(dest.name + ".part")
    try:
        with translate_errors(database.location):
            src = database.connect()
            try:
                out = sqlite3.connect(str(part))
                try:
                    src.backup(out, pages=PAGES_PER_STEP)
                    checked = out.execute("PRAGMA integrity_check").fetchone()[0]
                    if checked != "ok":
                        raise ClaimsError(f"the copy failed its integrity check: {checked}")
                    info = _summary(out)
                finally:
                    out.close()
            finally:
                src.close()
        os.replace(part, dest)
    except OSError as exc:
        raise ClaimsError(f"cannot write {dest}: {exc.strerror or exc}") from None
    finally:
        part.unlink(missing_ok=True)
    return {"backup": str(dest), "database": str(src_path), "bytes": dest.stat().st_size, **info}


def _summary(conn: sqlite3.Connection) -> dict[str, Any]:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] \
        if "alembic_version" in tables else None
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("claim", "event", "quote", "speaker") if t in tables}
    return {"schema_version": revision, "counts": counts}
