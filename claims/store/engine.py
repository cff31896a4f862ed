"""The store: one engine per process, short-lived sessions, explicit transactions, migrations.

SQLite gets WAL, foreign keys, ``synchronous=NORMAL`` and a busy timeout on every pooled connection, and
write transactions begin with ``BEGIN IMMEDIATE`` so that concurrent writers queue on the busy timeout
instead of failing with "database is locked" when a read lock cannot be upgraded.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlmodel import Session, create_engine

from claims.errors import ClaimsError, DatabaseUnavailable
from claims.store.db import (  # noqa: F401  (SCHEMA_REVISION and take_notices: re-exported)
    BUSY_TIMEOUT_MS,
    NOTICES,
    SCHEMA_REVISION,
    take_notices,
)
from claims.store.db import check_folder as _check_folder

_MIGRATIONS = Path(__file__).parent / "migrations"


def database_url(db: str) -> str:
    """A SQLAlchemy URL for a path or URL; plain ``postgresql://`` uses psycopg 3."""
    if "://" not in db:
        path = Path(db).expanduser()
        return f"sqlite:///{path}"
    if db.startswith("postgresql://") or db.startswith("postgres://"):
        db = "postgresql+psycopg://" + db.split("://", 1)[1]
    return db


def hide_password(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)


class Store:
    """A database: its engine and the way to open sessions on it."""

    def __init__(self, db: str, *, migrate: bool = True):
        self.url = database_url(db)
        try:
            parsed = make_url(self.url)
        except ArgumentError:
            raise ClaimsError(f"not a database path or URL: {db!r}") from None
        self.backend = parsed.get_backend_name()
        if self.backend not in ("sqlite", "postgresql"):
            raise ClaimsError(f"unsupported database {self.backend!r}: use a SQLite path or a PostgreSQL URL")
        if self.backend == "sqlite" and parsed.database and parsed.database != ":memory:":
            path = Path(parsed.database)
            if path.is_dir():
                raise ClaimsError(f"database path is a folder: {path}")
            _check_folder(path)
        self.engine = _make_engine(self.url, self.backend)
        self._write_engine = self.engine.execution_options(claims_write=True)
        if migrate:
            self.ensure_schema()

    @property
    def location(self) -> str:
        return hide_password(self.url)

    @property
    def is_sqlite(self) -> bool:
        return self.backend == "sqlite"

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading."""
        with _translate_errors(self), Session(self.engine) as session:
            yield session

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed if the block finishes, rolled back entirely if it raises."""
        with _translate_errors(self):
            with Session(self._write_engine, expire_on_commit=False) as session:
                with session.begin():
                    yield session

    # -- schema ------------------------------------------------------------------------------
    def revision(self) -> str | None:
        with _translate_errors(self), self.engine.connect() as conn:
            return _current_revision(conn)

    def ensure_schema(self) -> None:
        """Bring the database to the current schema: create it if new, upgrade it if old. A database created
        here is announced (:func:`take_notices`), so a mistyped ``--db`` does not pass unnoticed."""
        revision = self.revision()
        if revision != SCHEMA_REVISION:
            self.upgrade()
            if revision is None:
                where = make_url(self.url).database if self.is_sqlite else self.location
                NOTICES.append(f"Created a new, empty database at {where}.")

    def upgrade(self) -> str | None:
        """Run Alembic migrations to head; returns the revision before."""
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(_MIGRATIONS))
        before = None
        with _translate_errors(self), self.engine.connect() as conn:
            if self.is_sqlite:
                # Trap: with foreign keys on, a batch migration that recreates a parent table deletes
                # its ON DELETE CASCADE children. The pragma is a no-op inside a transaction.
                _driver(conn).execute("PRAGMA foreign_keys=OFF")
            conn = conn.execution_options(claims_write=True)
            with conn.begin():
                if self.backend == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(7405561)"))
                before = _current_revision(conn)
                if before != SCHEMA_REVISION:
                    cfg.attributes["connection"] = conn
                    command.upgrade(cfg, "head")
            if self.is_sqlite:
                _driver(conn).execute("PRAGMA foreign_keys=ON")
        return before

    def counts(self) -> dict[str, int]:
        from claims.store import models

        tables = [models.Speaker, models.SpeakerAlias, models.Source, models.Quote, models.Appearance,
                  models.Claim, models.Event]
        out: dict[str, int] = {}
        with self.read() as session:
            for model in tables:
                name = model.__table__.name
                out[name] = session.execute(text(f"SELECT count(*) FROM {name}")).scalar_one()
        return out

    def dispose(self) -> None:
        self.engine.dispose()


def _driver(conn: Connection) -> Any:
    """The DBAPI connection under a SQLAlchemy one (open while ``conn`` is)."""
    driver = conn.connection.driver_connection
    assert driver is not None  # None only once the connection is closed
    return driver


def _current_revision(conn: Any) -> str | None:
    from sqlalchemy import inspect

    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _make_engine(url: str, backend: str) -> Engine:
    if backend == "sqlite":
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            write = conn.get_execution_options().get("claims_write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    return create_engine(url, pool_pre_ping=True)


@contextlib.contextmanager
def _translate_errors(store: Store) -> Iterator[None]:
    try:
        yield
    except OperationalError as exc:
        msg = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
        raise DatabaseUnavailable(f"database error at {store.location}: {msg}") from None
    except DBAPIError as exc:
        msg = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
        raise ClaimsError(f"database error: {msg}") from None


_STORES: dict[str, Store] = {}


def open_store(db: str | None = None) -> Store:
    """The process's store for ``db`` (default: ``CLAIMS_DB`` or the per-user SQLite file)."""
    from claims.config import default_database

    key = db or default_database()
    store = _STORES.get(key)
    if store is None:
        store = _STORES[key] = Store(key)
    return store


def close_all() -> None:
    from claims.store import db

    db.close_all()
    for store in _STORES.values():
        store.dispose()
    _STORES.clear()
