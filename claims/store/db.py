"""The light path: plain DB-API connections (``sqlite3``, psycopg) with no SQLAlchemy, SQLModel or
Alembic, for the commands a reporter runs dozens of times a day: every read, and the everyday writes
(``add``, ``resolve``, ``note``, ``reschedule``, ``reopen``) through :meth:`Database.write`.

SQL is written once with ``:name`` parameters and runs on both backends (psycopg gets ``%(name)s``); where
the dialects differ, the caller asks ``reader.dialect`` and keeps both spellings side by side. Opening a
database reads its Alembic revision from ``alembic_version`` directly; only a new or old database goes
through :class:`claims.store.engine.Store`, which imports SQLAlchemy and Alembic and migrates it.

A ``read()`` block is one connection (the one that read the revision, for the first) and one read
transaction, so a command sees one snapshot. PostgreSQL is read with psycopg2 when installed (it imports
in a tenth of psycopg 3's time; see :func:`pg_driver`). :func:`as_reader` wraps a SQLAlchemy session's
own connection, so the write path reads back with the same SQL (``claims.store.queries``);
:func:`as_writer` does the same for writes, so the one write path (:mod:`claims.store.recording`) runs
unchanged inside a SQLAlchemy session (import, ingest) or a light :class:`Writer` (add).
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

from claims.errors import ClaimsError, DatabaseUnavailable

# The Alembic head this code expects; tests check it matches claims/store/migrations/versions.
SCHEMA_REVISION = "0013"
BUSY_TIMEOUT_MS = 60_000

T = TypeVar("T")
_PARAM = re.compile(r"(?<![:\w]):(\w+)")
# The JSON columns of the schema (claims.store.models declares them; tests check the two agree): written
# as JSON text, cast to json on PostgreSQL.
JSON_COLUMNS: dict[str, frozenset[str]] = {
    "claim": frozenset({"hedges", "timeframe"}),
    "claim_link": frozenset({"shared"}),
    "claim_review": frozenset({"candidates"}),
    "event": frozenset({"data"}),
}
# Column names that are SQL keywords somewhere, quoted wherever the light path names a column.
QUOTED = frozenset({"key", "by", "type", "condition"})


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def sqlite_stamp(value: datetime) -> str:
    """A datetime as the store keeps it on SQLite (SQLAlchemy's storage format, in UTC)."""
    plain = value.astimezone(timezone.utc).replace(tzinfo=None) if value.tzinfo else value
    return plain.strftime("%Y-%m-%d %H:%M:%S.%f")


def column(name: str) -> str:
    return f'"{name}"' if name in QUOTED else name


def pg_driver() -> str:
    """The driver the light path reads PostgreSQL with: psycopg2 when installed (it imports in about a
    tenth of the time psycopg 3 takes, which is more than the rest of a read command), else psycopg 3
    (what the full store uses). ``CLAIMS_PG_DRIVER=psycopg`` forces psycopg 3."""
    import importlib.util
    import os

    wanted = os.environ.get("CLAIMS_PG_DRIVER")
    if wanted in ("psycopg", "psycopg2"):
        return wanted
    return "psycopg2" if importlib.util.find_spec("psycopg2") is not None else "psycopg"


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

    def params(self, params: Mapping[str, Any] | None) -> dict[str, Any]:
        """Parameters for the driver: on SQLite a ``date`` is its ISO text (the form the store writes)."""
        out = dict(params or {})
        if self.dialect == "sqlite":
            for name, value in out.items():
                if isinstance(value, datetime):
                    out[name] = sqlite_stamp(value)
                elif isinstance(value, date):
                    out[name] = value.isoformat()
        return out

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        cur = self.conn.cursor()
        try:
            cur.execute(self.sql(sql), self.params(params))
            names = [d[0] for d in cur.description or ()]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
        finally:
            cur.close()

    def values(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Rows as the driver's tuples, in the order of the select list (for aggregates over many rows,
        where building a dict per row would cost more than the query)."""
        cur = self.conn.cursor()
        try:
            cur.execute(self.sql(sql), self.params(params))
            return list(cur.fetchall())
        finally:
            cur.close()

    def tuples(self, sql: str, params: Mapping[str, Any] | None = None) -> tuple[list[str], list[tuple]]:
        """The column names and the rows as the driver gives them (tuples): for reads of every row."""
        cur = self.conn.cursor()
        try:
            cur.execute(self.sql(sql), self.params(params))
            return [d[0] for d in cur.description or ()], [tuple(row) for row in cur.fetchall()]
        finally:
            cur.close()

    def one(self, sql: str, params: Mapping[str, Any] | None = None) -> dict[str, Any] | None:
        rows = self.rows(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params: Mapping[str, Any] | None = None) -> Any:
        row = self.one(sql, params)
        return next(iter(row.values())) if row else None


class Writer(Reader):
    """A connection inside a write transaction: the reads of :class:`Reader`, and writes with the same
    ``:name`` SQL. JSON columns take Python values (dumped here, cast on PostgreSQL)."""

    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> int:
        """Run one statement; returns the number of rows it changed."""
        cur = self.conn.cursor()
        try:
            cur.execute(self.sql(sql), self.params(params))
            return cur.rowcount
        finally:
            cur.close()

    def _values(self, table: str, values: Mapping[str, Any]) -> tuple[dict[str, str], dict[str, Any]]:
        """Each column's placeholder, and the parameters with JSON columns dumped."""
        json_cols = JSON_COLUMNS.get(table, frozenset())
        marks, params = {}, {}
        for name, value in values.items():
            if name in json_cols:
                value = None if value is None else json.dumps(value)
                marks[name] = f"CAST(:{name} AS json)" if self.dialect == "postgresql" else f":{name}"
            else:
                marks[name] = f":{name}"
            params[name] = value
        return marks, params

    def insert(self, table: str, values: Mapping[str, Any], *, returning: str | None = "id") -> Any:
        """Insert one row; returns its ``returning`` column (its id), or None with ``returning=None``."""
        marks, params = self._values(table, values)
        sql = (f"INSERT INTO {table} ({', '.join(column(n) for n in marks)}) "
               f"VALUES ({', '.join(marks.values())})")
        if returning is None:
            self.execute(sql, params)
            return None
        return self.scalar(f"{sql} RETURNING {column(returning)}", params)

    def update(self, table: str, row_id: int, values: Mapping[str, Any]) -> int:
        """Set ``values`` on the row ``row_id``; returns the rows changed (0 or 1)."""
        if not values:
            return 0
        marks, params = self._values(table, values)
        sets = ", ".join(f"{column(n)} = {m}" for n, m in marks.items())
        return self.execute(f"UPDATE {table} SET {sets} WHERE id = :_row_id", {**params, "_row_id": row_id})


def _driver_connection(conn: Any) -> tuple[Any, str]:
    connection = conn.connection() if callable(getattr(conn, "connection", None)) else conn
    dialect = connection.dialect.name
    return connection.connection.driver_connection, "postgresql" if dialect == "postgresql" else "sqlite"


def as_reader(conn: Any) -> Reader:
    """A :class:`Reader` for ``conn``: a Reader itself, or a SQLAlchemy session (or connection), whose
    driver connection and open transaction are reused, so the write path reads with the same SQL."""
    if isinstance(conn, Reader):
        return conn
    return Reader(*_driver_connection(conn))


def as_writer(conn: Any) -> Writer:
    """A :class:`Writer` for ``conn``: a Writer itself, or a SQLAlchemy session (or connection) inside its
    write transaction, whose driver connection is reused, so both write with the same statements."""
    if isinstance(conn, Writer):
        return conn
    if isinstance(conn, Reader):
        return Writer(conn.conn, conn.dialect)
    return Writer(*_driver_connection(conn))


class Database:
    """A database opened on the driver alone."""

    def __init__(self, db: str):
        self.db = db
        self._spare: Any = None  # the connection that read the revision, for the first read()
        self._writer: Any = None  # the write connection, kept between write() blocks
        self.backend = "postgresql" if is_postgres(db) else "sqlite"
        if self.backend == "sqlite" and "://" in db:
            if not db.startswith("sqlite:///"):
                raise ClaimsError(f"unsupported database {db.split('://')[0]!r}: use a SQLite path or a "
                                  "PostgreSQL URL")
            self.path: Path | None = Path(db[len("sqlite:///"):])
        else:
            self.path = Path(db).expanduser() if self.backend == "sqlite" else None

    @property
    def location(self) -> str:
        return hide_password(self.db) if self.path is None else str(self.path)

    @property
    def url(self) -> str:
        """The database as the full store names it (``Store.location``: a SQLAlchemy URL, password hidden)."""
        if self.path is None:
            return hide_password("postgresql+psycopg://" + self.db.split("://", 1)[1])
        return self.db if "://" in self.db else f"sqlite:///{self.path}"

    def connect(self, *, write: bool = False) -> Any:
        """A driver connection. Reads: one transaction (rolled back on close) at REPEATABLE READ on
        PostgreSQL, one snapshot. Writes: READ COMMITTED, as the full store writes (rows are locked)."""
        if self.backend == "sqlite":
            import sqlite3

            conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys=ON")
            return conn
        url = "postgresql://" + self.db.split("://", 1)[1]
        if pg_driver() == "psycopg2":
            import psycopg2

            conn = psycopg2.connect(url)
            if not write:
                conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
            return conn
        import psycopg

        pg_conn = psycopg.connect(url)
        if not write:
            pg_conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        return pg_conn

    def _take(self) -> Any:
        conn, self._spare = self._spare or self.connect(), None
        return conn

    @contextlib.contextmanager
    def read(self) -> Iterator[Reader]:
        """One connection and one snapshot (a read transaction) for the block."""
        with translate_errors(self.location):
            conn = self._take()
            try:
                if self.backend == "sqlite" and not conn.in_transaction:
                    conn.execute("BEGIN")
                yield Reader(conn, self.backend)
            finally:
                conn.close()

    @contextlib.contextmanager
    def write(self) -> Iterator[Writer]:
        """One write transaction for the block: committed if it finishes, rolled back entirely if it raises.
        On SQLite it begins with ``BEGIN IMMEDIATE`` (writers queue on the busy timeout, and what the block
        reads cannot change under it), as the full store's writes do.

        The connection stays open between blocks (outside a transaction, so it holds no snapshot or lock),
        so a process that writes many times (``ingest`` of many files) connects once: on SQLite, closing
        the last connection to a WAL database checkpoints it, which would cost more than the write."""
        with translate_errors(self.location):
            conn = self._write_connection()
            try:
                if self.backend == "sqlite":
                    conn.execute("BEGIN IMMEDIATE")
                yield Writer(conn, self.backend)
                conn.commit()
            except BaseException:
                if not _rolled_back(conn):  # the connection itself failed: do not keep it
                    self.close()
                raise  # the block's own error, not the rollback's

    def _write_connection(self) -> Any:
        """The kept write connection, checked (a PostgreSQL server may have dropped it since the last
        block: then a new one, as the full store's pool pre-ping did), or a new one."""
        conn = self._writer
        if conn is not None and self.backend != "sqlite":
            try:
                cur = conn.cursor()
                cur.execute("SELECT 1")
                cur.close()
            except Exception:
                self.close()
                conn = None
        if conn is None:
            if self.backend == "sqlite":
                conn = self._take()
                conn.execute("PRAGMA journal_mode=WAL")  # as the full store sets it (a copied file may not be)
                conn.execute("PRAGMA synchronous=NORMAL")
            else:
                if self._spare is not None:  # a read-only connection
                    self._spare.close()
                    self._spare = None
                conn = self.connect(write=True)
            self._writer = conn
        return conn

    def close(self) -> None:
        """Close the connections this database keeps (the write connection, a spare one)."""
        for conn in (self._writer, self._spare):
            if conn is not None:
                try:
                    conn.close()
                except Exception:  # already broken: nothing to close
                    pass
        self._writer = self._spare = None

    def revision(self, *, keep: bool = False) -> str | None:
        """The Alembic revision the database is at (None if it has none). With ``keep`` the connection
        is kept for the next :meth:`read`, so opening a database and reading it cost one connection."""
        with translate_errors(self.location):
            conn = self._take()
            try:
                r = Reader(conn, self.backend)
                if r.dialect == "sqlite":
                    found = r.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                                     "AND name = 'alembic_version'")
                else:
                    found = r.scalar("SELECT to_regclass('alembic_version') IS NOT NULL")
                revision = r.scalar("SELECT version_num FROM alembic_version") if found else None
            except BaseException:
                conn.close()
                raise
            if keep:
                self._spare = conn
            else:
                conn.close()
            return revision


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
NOTICES: list[str] = []  # what the store did that the user should hear about (printed by the command layer)


def take_notices() -> list[str]:
    """The notices so far, once each."""
    out = list(NOTICES)
    NOTICES.clear()
    return out


def check_folder(path: Path) -> None:
    """A new SQLite database goes in a folder that exists: a typo in ``--db`` must not make folders. Only
    the per-user folder (``CLAIMS_HOME``) is created on first use."""
    from claims.config import home

    folder = path.parent
    if folder.is_dir():
        return
    if folder.resolve() != home().resolve():
        raise DatabaseUnavailable(f"no folder {folder} for the database {path.name}: create it first "
                                  f"(mkdir -p {folder}) or check the --db path")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseUnavailable(f"cannot create the database folder {folder}: {exc}") from None


def _created_from_snapshot(database: Database) -> bool:
    """A new, empty SQLite file made at once from the migrations' schema (:mod:`claims.store.snapshot`),
    without importing SQLAlchemy and Alembic; False when that does not apply (the store then decides)."""
    path = database.path
    if path is None or str(path) == ":memory:" or (path.exists() and not (path.is_file()
                                                                          and path.stat().st_size == 0)):
        return False
    from claims.store import snapshot

    check_folder(path)
    with translate_errors(database.location):
        made = snapshot.create(path, SCHEMA_REVISION, BUSY_TIMEOUT_MS)
    if made:
        NOTICES.append(f"Created a new, empty database at {path}.")
    return made


def open_database(db: str | None = None) -> Database:
    """The database ``db`` (default: ``CLAIMS_DB`` or the per-user SQLite file) at the current schema.
    A new or old database is created or migrated through the full store first (this imports SQLAlchemy
    and Alembic); a current one costs one query on the driver."""
    if not db:
        from claims.config import default_database

        db = default_database()
    key = db
    found = _OPEN.get(key)
    if found is not None:
        return found
    database = Database(key)
    current = None
    if _created_from_snapshot(database):
        current = SCHEMA_REVISION
    elif database.path is None or database.path.is_file():  # anything else: the store decides (new, folder ...)
        current = database.revision(keep=True)
    if current != SCHEMA_REVISION:
        if database._spare is not None:
            database._spare.close()
            database._spare = None
        from claims.store.engine import open_store

        open_store(key)  # creates or upgrades it
    _OPEN[key] = database
    return database


def close_all() -> None:
    for database in _OPEN.values():
        database.close()
    _OPEN.clear()


def _rolled_back(conn: Any) -> bool:
    """Roll back; False when that failed or left the connection closed (psycopg marks a broken one so)."""
    try:
        conn.rollback()
    except Exception:
        return False
    return not getattr(conn, "closed", False)


def chunks(values: list[T], size: int = 500) -> Iterator[list[T]]:
    """``values`` in slices of ``size``: the one way the store keeps an ``IN (...)`` list under the
    drivers' parameter limits."""
    for i in range(0, len(values), size):
        yield values[i:i + size]
