"""`claims db backup` and its restore; the browsing views (claims_view, events_view) in Datasette, the
sqlite3 shell and PostgreSQL, and their survival across a migration that rebuilds a table they read."""

from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3
import subprocess

import pytest
from conftest import SEED_QUOTE, Cli, add_seed

from claims.store import engine as store_mod


def _fill(run: Cli) -> int:
    cid = add_seed(run, "--tag", "libya")
    run("note", str(cid), "Pentagon spokesman confirmed the talks")
    run("resolve", str(cid), "--as", "not-fulfilled", "--on", "2016-07-01", "--note", "no agreement by July")
    run("add", "We will build the bridge by 2020.", "--speaker", "Jane Roe", "--said", "2017-03-01",
        "--outlet", "The Courier", "--url", "https://courier.example/bridge")
    return cid


def test_backup_then_restore_gives_the_same_export(run_sqlite, tmp_path):
    _fill(run_sqlite)
    before = run_sqlite("export").stdout
    target = tmp_path / "backups" / "claims-backup.db"
    target.parent.mkdir()
    report = run_sqlite.json("db", "backup", str(target))
    assert report["backup"] == str(target) and report["counts"]["claim"] == 2
    assert report["schema_version"] == store_mod.SCHEMA_REVISION
    assert not (target.parent / "claims-backup.db.part").exists()
    store_mod.close_all()
    restored = Cli(str(target))
    assert restored("export").stdout == before
    assert restored("export", "--format", "csv").stdout == run_sqlite("export", "--format", "csv").stdout
    # The restore keeps working as a database: a write to it does not touch the original.
    restored("note", "1", "written to the restored copy")
    assert run_sqlite("export").stdout == before


def test_backup_while_another_connection_holds_a_write_transaction(run_sqlite, tmp_path):
    _fill(run_sqlite)
    before = run_sqlite("export").stdout
    other = sqlite3.connect(run_sqlite.db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE claim SET summary = 'uncommitted' WHERE id = 1")
    try:
        run_sqlite("db", "backup", str(tmp_path / "b.db"))
    finally:
        other.execute("ROLLBACK")
        other.close()
    store_mod.close_all()
    assert Cli(str(tmp_path / "b.db"))("export").stdout == before  # committed data only


@pytest.mark.parametrize("target,message", [
    ("exists.db", "already exists"),
    ("missing/dir/b.db", "does not exist"),
])
def test_backup_refuses_bad_targets(run_sqlite, tmp_path, target, message):
    _fill(run_sqlite)
    (tmp_path / "exists.db").write_bytes(b"keep me")
    r = run_sqlite("db", "backup", str(tmp_path / target), ok=False)
    assert r.exit_code == 2 and message in r.stderr and "Traceback" not in r.stderr
    assert (tmp_path / "exists.db").read_bytes() == b"keep me"
    assert not (tmp_path / "missing").exists()


def test_backup_of_a_missing_database_creates_nothing(tmp_path):
    r = Cli(str(tmp_path / "nothing.db"))("db", "backup", str(tmp_path / "b.db"), ok=False)
    assert r.exit_code == 1 and "no database" in r.stderr
    assert not (tmp_path / "nothing.db").exists() and not (tmp_path / "b.db").exists()


def test_backup_on_postgresql_says_how_to_use_pg_dump(pg_url, tmp_path):
    run = Cli(pg_url)
    add_seed(run)
    r = run("db", "backup", str(tmp_path / "b.dump"), ok=False)
    assert r.exit_code == 1 and "pg_dump" in r.stderr and "pg_restore" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and not (tmp_path / "b.dump").exists()


# -- views ----------------------------------------------------------------------------------------

CLAIMS_VIEW_COLUMNS = ["id", "speaker", "quote", "kind", "status", "said", "due", "probability", "outlet", "url"]


def _view_rows(db: str, sql: str) -> list[dict]:
    from claims.store.db import Database

    with Database(db).read() as r:
        return r.rows(sql)


def test_views_show_claims_and_events_on_both_backends(run):
    cid = _fill(run)
    claims = _view_rows(run.db, "SELECT * FROM claims_view ORDER BY id")
    assert list(claims[0])[:10] == CLAIMS_VIEW_COLUMNS
    first = claims[0]
    assert (first["id"], first["speaker"], first["quote"], first["status"]) == (
        cid, "Joseph F. Dunford", SEED_QUOTE, "not-fulfilled")
    assert str(first["said"]) == "2016-05-19" and str(first["due"]) == "2016-06-02"
    assert first["outlet"] == "The Washington Post" and first["url"].startswith("https://www.washingtonpost.com")
    assert first["probability"] == run.json("show", str(cid))["probability"]
    events = _view_rows(run.db, "SELECT * FROM events_view WHERE claim_id = 1 ORDER BY id")
    assert [e["type"] for e in events] == [e["type"] for e in run.json("history", str(cid))]
    assert events[-1]["from_status"] == "open" and events[-1]["status"] == "not-fulfilled"
    assert events[-1]["note"] == "no agreement by July" and events[-1]["speaker"] == "Joseph F. Dunford"


def test_views_open_in_datasette(run_sqlite):
    datasette = pytest.importorskip("datasette.app")
    _fill(run_sqlite)
    store_mod.close_all()

    async def fetch():
        ds = datasette.Datasette([run_sqlite.db], immutables=[])
        await ds.invoke_startup()
        views = (await ds.client.get("/claims.json")).json()["views"]
        table = await ds.client.get("/claims/claims_view.json?_shape=objects&_sort=id")
        events = await ds.client.get("/claims/events_view.json?_shape=objects&claim_id=1")
        html = await ds.client.get("/claims/claims_view")
        return views, table, events, html

    views, table, events, html = asyncio.run(fetch())
    assert {"claims_view", "events_view"} <= {v["name"] if isinstance(v, dict) else v for v in views}
    assert table.status_code == 200 and events.status_code == 200 and html.status_code == 200
    rows = table.json()["rows"]
    assert [r["speaker"] for r in rows] == ["Joseph F. Dunford", "Jane Roe"]
    assert rows[1]["outlet"] == "The Courier" and rows[1]["status"] == "open"
    assert [e["type"] for e in events.json()["rows"]][-1] == "status"
    assert "Joseph F. Dunford" in html.text


def test_views_open_in_the_sqlite3_shell(run_sqlite):
    shell = shutil.which("sqlite3")
    if not shell:
        pytest.skip("the sqlite3 shell is not installed (apt-get install sqlite3)")
    _fill(run_sqlite)
    store_mod.close_all()
    out = subprocess.run([shell, "-json", run_sqlite.db,
                          "SELECT id, speaker, status, due FROM claims_view ORDER BY id;"
                          "SELECT count(*) AS n FROM events_view;"],
                         capture_output=True, text=True, timeout=60, check=True).stdout
    first, second = [json.loads(part) for part in out.replace("]\n[", "]\n\n[").split("\n\n")]
    assert first[0] == {"id": 1, "speaker": "Joseph F. Dunford", "status": "not-fulfilled", "due": "2016-06-02"}
    assert second[0]["n"] == len(Cli(run_sqlite.db).json("history", "1")) + 1


def _migrate_claim_table(db: str, *, set_aside: bool) -> None:
    """What a future migration does: rebuild `claim` (SQLite batch) or change a column the views read."""
    from alembic.migration import MigrationContext
    from alembic.operations import Operations
    from sqlalchemy import String

    from claims.store.migrations.views import views_set_aside

    store = store_mod.Store(db)
    with store.engine.connect() as conn:
        if store.is_sqlite:  # as Store.upgrade does: a rebuilt parent table must not cascade
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        conn.begin()
        op = Operations(MigrationContext.configure(conn, opts={"render_as_batch": True}))

        def change() -> None:
            with op.batch_alter_table("claim", recreate="always" if store.is_sqlite else "auto") as batch:
                batch.alter_column("kind", type_=String(length=30), existing_type=String(length=12))

        if set_aside:
            with views_set_aside(op) as saved:
                assert set(saved) == {"claims_view", "events_view"}
                change()
        else:
            change()
        conn.commit()
    store.dispose()


def test_views_survive_a_migration_that_rebuilds_a_table_they_read(run):
    _fill(run)
    before = _view_rows(run.db, "SELECT * FROM claims_view ORDER BY id")
    triggers = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'claim_stamp%' ORDER BY 1"
    stamps = _view_rows(run.db, triggers) if run.db.endswith(".db") else None
    _migrate_claim_table(run.db, set_aside=True)
    assert _view_rows(run.db, "SELECT * FROM claims_view ORDER BY id") == before
    if stamps is not None:  # SQLite: migration 0013's triggers set aside and made again, those on claim too
        assert _view_rows(run.db, triggers) == stamps and len(stamps) == 6
    assert len(_view_rows(run.db, "SELECT * FROM events_view")) == len(run.json("history", "1")) + 1


def test_without_setting_the_views_aside_such_a_migration_fails(run):
    """Why the helper exists: the same migration without it is refused by the database."""
    _fill(run)
    with pytest.raises(Exception, match="view"):
        _migrate_claim_table(run.db, set_aside=False)
