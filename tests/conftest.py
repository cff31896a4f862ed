"""Shared fixtures: every test gets its own CLAIMS_HOME, and `db` runs on SQLite and on PostgreSQL.

PostgreSQL tests need CLAIMS_TEST_POSTGRES_URL (``.ci/run`` sets it); without it they are skipped with
that reason shown in the summary (pytest -ra).
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import cli
from claims.store import engine as store_mod

PG_URL = os.environ.get("CLAIMS_TEST_POSTGRES_URL")
ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = ROOT / "fixtures"
SEED = SHARED / "seeds" / "000_f059b1a27e06f5de.txt"
SEED_QUOTE = ("We're just not ready to deploy capabilities yet because there hasn't been an agreement. "
              "And frankly, any day that could happen.")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMS_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CLAIMS_DB", raising=False)
    monkeypatch.delenv("CLAIMS_CONFIG", raising=False)
    yield
    store_mod.close_all()


def _pg_schema_url() -> tuple[str, str]:
    from sqlalchemy import create_engine, text

    schema = "t_" + uuid.uuid4().hex[:12]
    base = store_mod.database_url(PG_URL)
    engine = create_engine(base)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}", schema


def _drop_schema(schema: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(store_mod.database_url(PG_URL))
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture
def pg_url():
    if not PG_URL:
        pytest.skip("PostgreSQL tests need CLAIMS_TEST_POSTGRES_URL (e.g. postgresql://postgres@127.0.0.1/test)")
    url, schema = _pg_schema_url()
    yield url
    store_mod.close_all()
    _drop_schema(schema)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request, tmp_path):
    """A fresh database: a SQLite file, or a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        yield str(tmp_path / "claims.db")
        return
    yield request.getfixturevalue("pg_url")


@pytest.fixture
def sqlite_db(tmp_path):
    return str(tmp_path / "claims.db")


class Cli:
    """Runs `claims` as a user would, against one database; stdout and stderr kept apart."""

    def __init__(self, db: str):
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | bytes | None = None, ok: bool = True):
        result = self.runner.invoke(cli.app, ["--db", self.db, *args], input=input)
        if ok and result.exit_code != 0:
            shown = " ".join(a if len(a) < 80 else a[:60] + f"...({len(a)} chars)" for a in args)
            raise AssertionError(f"claims {shown} exited {result.exit_code}\n"
                                 f"stdout: {result.stdout[:2000]}\nstderr: {result.stderr[:2000]}\n"
                                 f"exc: {result.exception!r}"[:5000])
        return result

    def json(self, *args: str):
        args_ = list(args)
        at = args_.index("--") if "--" in args_ else len(args_)
        args_.insert(at, "--json")
        return json.loads(self(*args_).stdout)


@pytest.fixture
def run(db):
    return Cli(db)


@pytest.fixture
def run_sqlite(sqlite_db):
    return Cli(sqlite_db)


def migrations():  # noqa: ANN201  (an alembic Config: imported only by the tests that walk revisions)
    """Alembic's configuration for the project's migrations."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(ROOT / "claims" / "store" / "migrations"))
    return cfg


def migrate(conn, revision: str, *, down: bool = False) -> None:
    """Move the schema on ``conn`` (inside its transaction) up, or ``down``, to ``revision`` through Alembic:
    a database as an older release left it."""
    from alembic import command

    cfg = migrations()
    cfg.attributes["connection"] = conn
    (command.downgrade if down else command.upgrade)(cfg, revision)


@contextlib.contextmanager
def transaction(db: str) -> Iterator:
    """One SQLAlchemy transaction on ``db`` (a path or URL), its engine disposed afterwards."""
    from sqlalchemy import create_engine

    engine = create_engine(store_mod.database_url(db))
    try:
        with engine.begin() as conn:
            yield conn
    finally:
        engine.dispose()


def add_seed(run: Cli, *extra: str) -> int:
    out = run("add", SEED_QUOTE, "--speaker", "Joseph F. Dunford", "--said", "Thursday",
              "--published", "2016-05-19", "--due", "2016-06-02", "--outlet", "The Washington Post",
              "--url", "https://www.washingtonpost.com/news/checkpoint/2016/05/19/libya", *extra)
    return int(out.stdout.strip())
