"""Start-up: what each class of command imports, run as a user runs it (a new process).

An everyday read imports neither SQLAlchemy, SQLModel, pydantic, Alembic nor dateparser (a relative date
may bring dateparser, a table brings rich); an everyday write imports dateparser only for a relative date
and the analysis only to analyse text. Speed itself is measured in bench/bench_startup.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT, Cli, add_seed

HEAVY = ("sqlalchemy", "sqlmodel", "pydantic", "alembic", "dateparser", "psycopg", "rich",
         "claims.language.analysis", "claims.store.models", "claims.store.engine")
DB_LIBS = {"sqlalchemy", "sqlmodel", "pydantic", "alembic", "claims.store.models", "claims.store.engine"}

_PROBE = """
import json, sys
sys.argv = ["claims", *sys.argv[1:]]
code = 0
try:
    import cli
    cli.main()
except SystemExit as exc:
    code = exc.code or 0
print(json.dumps({"code": code, "loaded": [m for m in HEAVY if m in sys.modules]}), file=sys.stderr)
""".replace("HEAVY", repr(HEAVY))


def loaded(db: str | None, *args: str) -> set[str]:
    """The heavy modules a new `claims ARGS` process imported (it must succeed)."""
    env = {**os.environ, "COLUMNS": "120"}
    if db:
        env["CLAIMS_DB"] = db
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, cwd=ROOT, env=env)
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report["code"] == 0, done.stderr
    return set(report["loaded"])


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """A current SQLite database with one claim (id 1) that has a note, a tag and a source."""
    db = str(tmp_path_factory.mktemp("startup") / "claims.db")
    run = Cli(db)
    add_seed(run, "--tag", "libya")
    run("note", "1", "Talks resumed.")
    from claims.store import engine

    engine.close_all()
    return db


@pytest.mark.parametrize("args", [["--help"], ["due", "--help"], ["add", "--help"], ["list", "--help"],
                                  ["db", "--help"], ["speakers", "merge", "--help"]])
def test_help_imports_nothing_heavy(args):
    assert loaded(None, *args) == set()


# `--csv` is not here: the CSV writer lives in claims.services.transfer, which imports the store at the top.
READS = [
    ["list", "--json"], ["list", "--speaker", "Dunford", "--json"], ["list", "--tag", "libya", "--overdue", "--nl"],
    ["list", "--due-before", "2030-01-01", "--nl"], ["due", "--json"], ["due", "--as-of", "2016-07-01", "--json"],
    ["show", "1", "--json"], ["show", "1", "--as-of", "2016-07-01", "--json"], ["history", "1", "--json"],
    ["search", "agreement", "--json"], ["search", "--raw", "agreement OR bridge", "--json"],
    ["quotes", "--json"], ["quotes", "agreement", "--json"], ["speakers", "--json"], ["speaker", "Dunford", "--json"],
    ["db", "info", "--json"],
]


@pytest.mark.parametrize("args", READS, ids=" ".join)
def test_reads_import_no_database_library_and_no_dateparser(seeded, args):
    assert loaded(seeded, *args) == set()


@pytest.mark.parametrize("args", [["due"], ["show", "1"], ["history", "1"], ["speakers"], ["speaker", "Dunford"]],
                         ids=" ".join)
def test_tables_import_rich_only(seeded, args):
    assert loaded(seeded, *args) == {"rich"}


def test_a_relative_date_brings_dateparser_and_nothing_else(seeded):
    assert loaded(seeded, "list", "--due-before", "next month", "--json") == {"dateparser"}


@pytest.mark.postgres
def test_reads_on_postgresql_use_the_driver_alone(pg_url):
    run = Cli(pg_url)
    add_seed(run)
    from claims.store import engine

    engine.close_all()
    from claims.store.db import pg_driver

    expected = set() if pg_driver() == "psycopg2" else {"psycopg"}  # psycopg2 imports in a tenth of the time
    for args in (["due", "--json"], ["show", "1", "--json"], ["search", "agreement", "--json"],
                 ["list", "--speaker", "Dunford", "--json"], ["db", "info", "--json"]):
        assert loaded(pg_url, *args) == expected, args


def test_a_new_database_is_created_on_the_driver_alone(tmp_path):
    """A new SQLite file is made from the migrations' schema snapshot without SQLAlchemy or Alembic; only an
    old schema goes through them (to be upgraded)."""
    db = str(tmp_path / "new.db")
    assert loaded(db, "due", "--json") == set()
    assert loaded(db, "due", "--json") == set()
    from conftest import migrate, transaction

    old = str(tmp_path / "old.db")  # as the previous release made it
    with transaction(old) as conn:
        migrate(conn, "0011")
    assert {"sqlalchemy", "alembic"} <= loaded(old, "due", "--json")
    assert loaded(old, "due", "--json") == set()


WRITES = [  # (args, what it may import): the everyday writes run on the driver alone (claims.store.db)
    (["resolve", "1", "--as", "stalled", "--on", "2016-06-03"], set()),
    (["note", "1", "A note."], set()),
    (["reschedule", "1", "--due", "2016-08-01"], set()),
    (["reschedule", "1", "--due", "in two months"], {"dateparser"}),
    (["reopen", "1", "--note", "Not stalled after all."], set()),
]


@pytest.mark.parametrize(("args", "extra"), WRITES, ids=lambda a: " ".join(a) if isinstance(a, list) else "")
def test_everyday_writes_import_what_they_use(seeded, args, extra):
    assert loaded(seeded, *args) == extra


def test_add_with_iso_dates_imports_no_database_library_and_no_dateparser(seeded):
    got = loaded(seeded, "add", "It will open by June.", "--speaker", "A. Person", "--said", "2016-05-19",
                 "--due", "2016-06-30")
    assert got == {"claims.language.analysis"}
    assert Cli(seeded).json("show", "2")["due"]["end"] == "2016-06-30"


@pytest.mark.postgres
def test_writes_on_postgresql_use_the_driver_alone(pg_url):
    run = Cli(pg_url)
    add_seed(run)
    from claims.store import engine

    engine.close_all()
    from claims.store.db import pg_driver

    driver = set() if pg_driver() == "psycopg2" else {"psycopg"}
    assert loaded(pg_url, "add", "It will open by June.", "--speaker", "A. Person", "--said", "2016-05-19",
                  "--due", "2016-06-30") == driver | {"claims.language.analysis"}
    for args, extra in WRITES:
        assert loaded(pg_url, *args) == driver | extra, args
    events = run.json("show", "1")["events"]
    assert [e["type"] for e in events][-5:] == ["status", "note", "due", "due", "status"]


@pytest.mark.parametrize(("args", "name"), [
    (["search", "x"], "search"), (["--db", "a.db", "due"], "due"), (["--db=a.db", "db", "info"], "db"),
    (["--help"], None), ([], None), (["--db", "a.db"], None), (["--version", "due"], None),
])
def test_the_entry_point_finds_the_command_it_runs(args, name):
    import cli

    assert cli._command_named(args) == name


def _main(*args: str) -> subprocess.CompletedProcess:
    code = "import sys; sys.argv = ['claims', *sys.argv[1:]]; import cli; cli.main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT)


def test_the_entry_point_builds_one_command_and_still_knows_them_all(seeded):
    """`claims CMD` builds only CMD (Typer's per-command cost); a typo still gets suggestions, groups work."""
    done = _main("--db", seeded, "show", "1", "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["id"] == 1
    typo = _main("--db", seeded, "serch", "x")
    assert typo.returncode == 2 and "Did you mean 'search'?" in typo.stderr
    info = _main("--db", seeded, "db", "info", "--json")
    assert info.returncode == 0 and json.loads(info.stdout)["schema_version"]
    listed = _main("--help")
    assert listed.returncode == 0 and all(f" {c} " in listed.stdout for c in ("add", "search", "site", "db"))


def test_ingest_runs_on_the_driver_alone(seeded):
    """`claims ingest` of a story into an existing database: extraction and analysis, no database library."""
    from conftest import FIXTURES

    got = loaded(seeded, "ingest", str(FIXTURES / "restate-1-ledger.html"), "--json")
    assert not got & DB_LIBS, got
    assert "claims.language.analysis" in got


def test_a_site_rebuild_imports_no_database_library_and_no_pydantic(seeded, tmp_path):
    """`claims site` is run after every change: its parameters are plain strings (Typer converts a Path
    parameter through pydantic, a tenth of a rebuild's start-up)."""
    out = str(tmp_path / "site")
    assert not loaded(seeded, "site", "--out", out) & (DB_LIBS | {"dateparser"})
    assert not loaded(seeded, "site", "--out", out) & (DB_LIBS | {"dateparser"})
