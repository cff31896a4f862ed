"""The light read path: plain DB-API connections (``sqlite3``, psycopg) with no SQLAlchemy, SQLModel or
Alembic, for the commands a reporter runs dozens of times a day.

SQL is written once with ``:name`` parameters and runs on both backends (psycopg gets ``%(name)s``); where
the dialects differ, the caller asks ``reader.dialect`` and keeps both spellings side by side. Opening a
database reads its Alembic revision from ``alembic_version`` directly; only a new or old database goes
through :class:`claims.store.engine.Store`, which imports SQLAlchemy and Alembic and migrates it.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from claims.errors import ClaimsError, DatabaseUnavailable

# The Alembic head this code expects; tests check it matches claims/store/migrations/versions.
SCHEMA_REVISION = "0005"
BUSY_TIMEOUT_MS = 60_000

_PARAM = re.compile(r"(?<![:\w]):(\w+)")


def is_postgres(db: str) -> bool:
    return db.startswith(("postgresql://", "postgres://", "postgresql+psycopg://"))


def hide_password(url: str) -> str:
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)


class Reader:
    """One read connection: rows as dicts, the same ``:name`` SQL on both backends."""

    def __init__(self, conn: Any, dialect: str):
        self.conn = conn
        self.dialect = dialect

    def sql(self, sql: str) -> str:
        if self.dialect == "sqlite":
            return sql
        return _PARAM.sub(r"%(\1)s", sql.replace("%", "%%"))

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        cur = self.conn.cursor()
        try:
            cur.execute(self.sql(sql), dict(params or {}))
            names = [d[0] for d in cur.description or ()]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
        finally:
            cur.close()

    def one(self, sql: str, params: Mapping[str, Any] | None = None) -> dict[str, Any] | None:
        rows = self.rows(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params: Mapping[str, Any] | None = None) -> Any:
        row = self.one(sql, params)
        return next(iter(row.values())) if row else None


class Database:
    """A database opened on the driver alone."""

    def __init__(self, db: str):
        self.db = db
        self.backend = "postgresql" if is_postgres(db) else "sqlite"
        if self.backend == "sqlite" and "://" in db:
            if not db.startswith("sqlite:///"):
                raise ClaimsError(f"unsupported database {db.split('://')[0]!r}: use a SQLite path or a "
                                  "PostgreSQL URL")
            self.path = Path(db[len("sqlite:///"):])
        else:
            self.path = Path(db).expanduser() if self.backend == "sqlite" else None

    @property
    def location(self) -> str:
        return hide_password(self.db) if self.path is None else str(self.path)

    def connect(self) -> Any:
        if self.backend == "sqlite":
            import sqlite3

            conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys=ON")
            return conn
        import psycopg

        url = "postgresql://" + self.db.split("://", 1)[1]
        return psycopg.connect(url, autocommit=True)

    @contextlib.contextmanager
    def read(self) -> Iterator[Reader]:
        with translate_errors(self.location):
            conn = self.connect()
            try:
                yield Reader(conn, self.backend)
            finally:
                conn.close()

    def revision(self) -> str | None:
        with self.read() as r:
            if r.dialect == "sqlite":
                found = r.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                                 "AND name = 'alembic_version'")
            else:
                found = r.scalar("SELECT to_regclass('alembic_version') IS NOT NULL")
            return r.scalar("SELECT version_num FROM alembic_version") if found else None


@contextlib.contextmanager
def translate_errors(location: str) -> Iterator[None]:
    """Driver errors as one line: an unreachable or unreadable database is :class:`DatabaseUnavailable`."""
    import sqlite3

    try:
        yield
    except sqlite3.OperationalError as exc:
        raise DatabaseUnavailable(f"database error at {location}: {exc}") from None
    except sqlite3.DatabaseError as exc:
        raise ClaimsError(f"database error: {exc}") from None
    except Exception as exc:
        if type(exc).__module__.startswith("psycopg"):
            msg = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            if type(exc).__name__ == "OperationalError":
                raise DatabaseUnavailable(f"database error at {location}: {msg}") from None
            raise ClaimsError(f"database error: {msg}") from None
        raise


_OPEN: dict[str, Database] = {}


def open_database(db: str | None = None) -> Database:
    """The database ``db`` (default: ``CLAIMS_DB`` or the per-user SQLite file) at the current schema.
    A new or old database is created or migrated through the full store first (this imports SQLAlchemy
    and Alembic); a current one costs one query on the driver."""
    from claims.config import default_database

    key = db or default_database()
    found = _OPEN.get(key)
    if found is not None:
        return found
    database = Database(key)
    current = None
    if database.path is None or database.path.exists():
        current = database.revision()
    if current != SCHEMA_REVISION:
        from claims.store.engine import open_store

        open_store(key)  # creates or upgrades it
    _OPEN[key] = database
    return database


def close_all() -> None:
    _OPEN.clear()
