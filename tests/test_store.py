"""The store: concurrent writers, migrations, schema drift, start-up cost."""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import subprocess
import sys
from datetime import date

import pytest
from conftest import ROOT, Cli, add_seed, migrate, migrations, transaction
from sqlalchemy import inspect, text

from claims.store import engine as store_mod
from claims.store.engine import SCHEMA_REVISION, Store


def _writer(db: str, worker: int, n: int, queue) -> None:
    from claims.services import tracking

    store = Store(db)
    errors = []
    for i in range(n):
        try:
            claim, _ = tracking.add(store, {"text": f"Worker {worker} predicts event {i} will happen",
                                            "speaker": f"Speaker {i % 3}", "outlet": "Shared Outlet"},
                                    by=f"w{worker}", today=date(2024, 1, 1))
            tracking.resolve(store, claim["id"], "in-progress", on=date(2024, 1, 1), by=f"w{worker}",
                             today=date(2024, 1, 1))
        except Exception as exc:  # collected and asserted on below
            errors.append(f"{type(exc).__name__}: {exc}")
    store.dispose()
    queue.put(errors)


def test_concurrent_writers_lose_nothing(db):
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    workers, per = 4, 25
    procs = [ctx.Process(target=_writer, args=(db, w, per, queue)) for w in range(workers)]
    for p in procs:
        p.start()
    errors = [queue.get(timeout=300) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert errors == [[]] * workers
    counts = Store(db).counts()
    assert counts["claim"] == workers * per
    assert counts["event"] == workers * per * 2
    assert counts["speaker"] == 3 and counts["source"] == 1


def test_concurrent_cli_imports(sqlite_db, tmp_path):
    files = []
    for w in range(4):
        f = tmp_path / f"batch{w}.jsonl"
        f.write_text("".join(json.dumps({"text": f"batch {w} claim {i} will happen", "speaker": f"S{i % 5}",
                                         "tags": ["shared"]}) + "\n" for i in range(300)))
        files.append(f)
    env = {**os.environ, "CLAIMS_DB": sqlite_db}
    procs = [subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "import", str(f)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for f in files]
    results = [p.communicate(timeout=300) for p in procs]
    for p, (_out, err) in zip(procs, results, strict=True):
        assert p.returncode == 0, err
        assert "locked" not in err
    assert Store(sqlite_db).counts()["claim"] == 1200


def test_new_database_is_at_head_and_matches_models(db):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from claims.store.migrations import include_name
    from claims.store.models import metadata

    store = Store(db)
    assert store.revision() == SCHEMA_REVISION
    with store.engine.connect() as conn:
        mc = MigrationContext.configure(conn, opts={"include_name": include_name, "compare_type": True})
        assert compare_metadata(mc, metadata) == []


def test_schema_revision_constant_is_alembic_head():
    from alembic.script import ScriptDirectory

    assert ScriptDirectory.from_config(migrations()).get_current_head() == SCHEMA_REVISION


def test_upgrade_keeps_data_from_every_older_revision(sqlite_db, tmp_path):
    """Build a database at each older revision with data in it, then open it with this version."""
    from alembic.script import ScriptDirectory

    revisions = [r.revision for r in ScriptDirectory.from_config(migrations()).walk_revisions()][::-1]
    for rev in revisions:
        path = tmp_path / f"at_{rev}.db"
        with transaction(str(path)) as conn:
            migrate(conn, rev)
            conn.execute(text("INSERT INTO speaker (id, key, name, created_at) VALUES (1, 'a b', 'A B', '2020-01-01')"))
            conn.execute(text("INSERT INTO quote (id, key, speaker_id, text, verbatim, created_at) "
                              "VALUES (1, 'q', 1, 'It will rain', 1, '2020-01-01')"))
            conn.execute(text("INSERT INTO claim (id, key, quote_id, speaker_id, kind, summary, status, hedges, "
                              "search_text, created_at) VALUES (1, 'c', 1, 1, 'prediction', 'It will rain', "
                              "'open', '[]', 'It will rain', '2020-01-01')"))
            conn.execute(text("INSERT INTO event (claim_id, type, status, recorded_at) "
                              "VALUES (1, 'created', 'open', '2020-01-01')"))
        run = Cli(str(path))
        claims = run.json("list")
        assert [c["text"] for c in claims] == ["It will rain"], rev
        assert run.json("search", "rain")[0]["id"] == 1
        assert run.json("db", "info")["schema_version"] == SCHEMA_REVISION
        assert len(run.json("history", "1")) == 1
        store_mod.close_all()


def test_sqlite_pragmas_on_every_connection(sqlite_db):
    store = Store(sqlite_db)
    for _ in range(3):
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == store_mod.BUSY_TIMEOUT_MS


def test_failed_write_rolls_back(run):
    cid = add_seed(run)
    store = store_mod.open_store(run.db)
    from claims.store import models

    with pytest.raises(RuntimeError), store.write() as session:
        session.execute(models.Event.__table__.insert().values(claim_id=cid, type="note", status="open",
                                                               recorded_at=models.utcnow()))
        raise RuntimeError("boom")
    assert len(run.json("history", str(cid))) == 1


def test_indexes_serve_the_hot_queries(sqlite_db):
    store = Store(sqlite_db)
    names = {ix["name"] for ix in inspect(store.engine).get_indexes("claim")}
    assert {"ix_claim_active_due", "ix_claim_speaker_id_id", "ix_claim_status_id"} <= names
    with store.engine.connect() as conn:
        plan = " ".join(r[-1] for r in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT id FROM claim INDEXED BY ix_claim_active_due WHERE "
            "status IN ('open', 'in-progress', 'stalled') AND due_end <= '2020-01-01' ORDER BY due_end, id LIMIT 100"))
        assert "ix_claim_active_due" in plan and "TEMP B-TREE" not in plan
        plan = " ".join(r[-1] for r in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT id FROM claim WHERE speaker_id = 3 ORDER BY id DESC LIMIT 100"))
        assert "ix_claim_speaker_id_id" in plan


def test_help_does_not_import_the_library():
    code = ("import sys, cli\n"
            "try:\n    cli.app(['--help'], prog_name='claims')\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('sqlalchemy', 'sqlmodel', 'dateparser', 'rich', 'alembic') if m in sys.modules]\n"
            "print('HEAVY=' + ','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert "Usage: claims" in out.stdout
    assert out.stdout.strip().splitlines()[-1] == "HEAVY=", out.stdout


def test_the_light_paths_json_columns_are_the_models():
    """claims.store.db keeps the JSON columns as data (so writes need no SQLAlchemy); they must be the schema's."""
    from sqlalchemy import JSON

    from claims.store import models
    from claims.store.db import JSON_COLUMNS

    declared = {t.name: frozenset(c.name for c in t.columns if isinstance(c.type, JSON))
                for t in models.metadata.sorted_tables}
    assert JSON_COLUMNS == {name: cols for name, cols in declared.items() if cols}


def test_upgrade_to_0010_fills_resolved_on_from_the_history(tmp_path):
    """A database resolved before claim.resolved_on existed: the migration takes each claim's latest status
    day from its events, and the track records' timeliness (which reads the column) agrees with --as-of
    (which reads the events)."""
    db = str(tmp_path / "old.db")
    run = Cli(db)
    first = add_seed(run)
    run("resolve", str(first), "--as", "in-progress", "--on", "2016-06-01")
    run("resolve", str(first), "--as", "fulfilled", "--on", "2016-07-20")
    second = int(run("add", "The bridge will open by June 2016.", "--speaker", "Joseph F. Dunford",
                     "--said", "2016-05-19", "--due", "2016-06-30").stdout)
    run("resolve", str(second), "--as", "fulfilled", "--on", "2016-06-10")
    run("reopen", str(second), "--note", "It closed again.", "--on", "2016-06-12")
    store_mod.close_all()
    with transaction(db) as conn:
        migrate(conn, "0009", down=True)
    with transaction(db) as conn:
        migrate(conn, "0010")
        got = dict(conn.execute(text("SELECT id, resolved_on FROM claim")).all())
    assert got == {first: "2016-07-20", second: "2016-06-12"}
    today = run.json("record", "Dunford")
    import datetime

    as_of = run.json("record", "Dunford", "--as-of", datetime.date.today().isoformat())
    assert today["median_days_late"] == as_of["median_days_late"] == 48  # 2016-07-20 against 2016-06-02


def test_resolved_on_is_the_latest_status_event_as_migration_0010_takes_it(tmp_path):
    """An import whose events are out of recorded order (one without `recorded_at` is recorded now):
    `claim.resolved_on` is the day of the status event recorded last, as the migration's backfill and the
    --as-of figures take it."""
    rec = {"text": "We will open the Odd depot by the end of 2021.", "speaker": "Odd Two", "said_on": "2020-01-01",
           "kind": "promise", "due": "2021-12-31", "events": [
               {"type": "created", "status": "open", "on": "2020-01-01", "recorded_at": "2020-01-01T00:00:00Z"},
               {"type": "status", "status": "not-fulfilled", "from": "open", "on": "2022-06-01"},
               {"type": "status", "status": "fulfilled", "from": "not-fulfilled", "on": "2021-06-01",
                "recorded_at": "2022-06-02T00:00:00Z"}]}
    path = tmp_path / "odd.jsonl"
    path.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    db = str(tmp_path / "odd.db")
    run = Cli(db)
    run("import", str(path))
    from claims.store.db import open_database

    with open_database(db).read() as r:
        stored = r.scalar("SELECT resolved_on FROM claim")
        backfill = r.scalar("SELECT e.happened_on FROM event e WHERE e.type = 'status' "
                            "ORDER BY e.recorded_at DESC, e.id DESC LIMIT 1")
    assert str(stored)[:10] == str(backfill)[:10] == "2022-06-01"


@pytest.mark.postgres
def test_upgrade_to_0011_indexes_every_claims_repeated_words(pg_url):
    """PostgreSQL: claims written before claim_lexeme_tf existed are indexed by the migration, and the
    trigger it adds keeps later writes in step."""
    run = Cli(pg_url)
    first = add_seed(run)
    run("add", "Talks, talks and more talks will follow.", "--speaker", "Ana Ruiz")
    store_mod.close_all()
    fresh = ("SELECT u.lexeme, cardinality(u.positions) AS tf, c.id FROM claim c, unnest(c.search_tsv) u "
             "WHERE cardinality(u.positions) >= 2 ORDER BY 1, 3")
    with transaction(pg_url) as conn:
        migrate(conn, "0010", down=True)
        assert conn.execute(text("SELECT to_regclass('claim_lexeme_tf')")).scalar() is None
        migrate(conn, "0011")
        assert conn.execute(text("SELECT lexeme, tf, claim_id FROM claim_lexeme_tf ORDER BY 1, 3")).all() == \
            conn.execute(text(fresh)).all() != []
    run("note", str(first), "Deploy, deploy, deploy.")
    with transaction(pg_url) as conn:
        kept = conn.execute(text("SELECT lexeme, tf, claim_id FROM claim_lexeme_tf ORDER BY 1, 3")).all()
        assert kept == conn.execute(text(fresh)).all()
        assert ("deploy", 4, first) in [tuple(row) for row in kept]  # "deploy" in the quote, three in the note


@pytest.mark.postgres
def test_integrity_check_finds_a_stale_one_word_index(pg_url):
    """The reliability suites' check compares claim_lexeme_tf with a recount: whole after writes, and a
    row lost or changed behind the trigger's back is named by its claim."""
    from claims.store import integrity
    from claims.store.db import open_database

    run = Cli(pg_url)
    first = int(run("add", "Talks, talks and more talks will follow.", "--speaker", "Ana Ruiz").stdout)
    second = int(run("add", "Bridges and bridges will open.", "--speaker", "Ana Ruiz").stdout)
    run("note", str(second), "More bridges.")
    assert integrity.check(pg_url)["search_index_stale"] == [] and integrity.problems(integrity.check(pg_url)) == []
    with open_database(pg_url).write() as w:
        w.execute("DELETE FROM claim_lexeme_tf WHERE claim_id = :id", {"id": first})
        w.execute("UPDATE claim_lexeme_tf SET tf = 9 WHERE claim_id = :id", {"id": second})
    report = integrity.check(pg_url)
    assert report["search_index_stale"] == [first, second]
    assert any(line.startswith("search index stale") for line in integrity.problems(report))


@pytest.mark.postgres
def test_upgrade_to_0013_keeps_claims_and_stamps_later_changes(pg_url):
    """PostgreSQL: a database written at 0012 is upgraded with its data (claim_stamp empty: a claim never
    updated reads as stamp 0), the triggers stamp the claims a later change shows on, and a downgrade
    removes table, triggers and functions."""
    run = Cli(pg_url)
    first = add_seed(run)
    store_mod.close_all()
    with transaction(pg_url) as conn:
        migrate(conn, "0012", down=True)
        assert conn.execute(text("SELECT to_regclass('claim_stamp')")).scalar() is None
        assert conn.execute(text("SELECT count(*) FROM pg_proc WHERE proname LIKE 'claim_stamp%'")).scalar() == 0
        migrate(conn, "0013")
        assert conn.execute(text("SELECT count(*) FROM claim_stamp")).scalar() == 0
        conn.execute(text("UPDATE speaker SET title = 'General' WHERE id = (SELECT speaker_id FROM claim "
                          "WHERE id = :id)"), {"id": first})
        stamp = conn.execute(text("SELECT stamp FROM claim_stamp WHERE claim_id = :id"), {"id": first}).scalar()
        assert stamp is not None
    run("note", str(first), "Talks resumed.")
    with transaction(pg_url) as conn:
        again = conn.execute(text("SELECT stamp FROM claim_stamp WHERE claim_id = :id"), {"id": first}).scalar()
        assert again is not None and again != stamp
    assert [c["id"] for c in run.json("list")] == [first]


def _schema_and_rows(path) -> tuple[list, dict]:
    import sqlite3

    conn = sqlite3.connect(str(path))
    master = sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall(), key=str)
    rows = {name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=str)
            for kind, name, _t, _s in master if kind == "table" and not name.endswith("_fts_data")}
    for name in ("claim_fts", "quote_fts"):  # FTS5's own check of its index (its _data rows may differ)
        conn.execute(f"INSERT INTO {name}({name}) VALUES ('integrity-check')")
    conn.close()
    return master, rows


def test_the_shipped_schema_snapshot_is_what_the_migrations_build(tmp_path):
    """A new migration needs a new snapshot: `python -m claims.store.snapshot` writes it."""
    import sqlite3

    from claims.store import snapshot

    path = tmp_path / "migrated.db"
    Store(str(path)).dispose()
    conn = sqlite3.connect(str(path))
    fresh = snapshot.schema_of(conn)
    conn.close()
    assert snapshot.shipped() == fresh, "stale snapshot: run python -m claims.store.snapshot"


def test_a_database_made_from_the_snapshot_is_the_migrated_one(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from claims.store.migrations import include_name
    from claims.store.models import metadata

    migrated, made = tmp_path / "migrated.db", tmp_path / "made.db"
    Store(str(migrated)).dispose()
    run = Cli(str(made))
    result = run("due")
    assert f"Created a new, empty database at {made}." in result.stderr
    assert _schema_and_rows(made) == _schema_and_rows(migrated)
    store = Store(str(made))
    assert store.revision() == SCHEMA_REVISION
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        mc = MigrationContext.configure(conn, opts={"include_name": include_name, "compare_type": True})
        assert compare_metadata(mc, metadata) == []
    store.dispose()
    add_seed(run)  # and it works: a claim, its search index, its history
    assert run.json("search", "agreement")[0]["id"] == 1
    assert len(run.json("history", "1")) == 1


def test_a_snapshot_of_another_revision_is_not_used(tmp_path, monkeypatch):
    """An out-of-date snapshot (a release that forgot to regenerate it) falls back to Alembic."""
    import json as json_mod

    from claims.store import snapshot

    stale = tmp_path / "stale.json"
    data = snapshot.shipped()
    assert data is not None
    stale.write_text(json_mod.dumps({**data, "revision": "0001"}), encoding="utf-8")
    monkeypatch.setattr(snapshot, "SNAPSHOT", stale)
    made = tmp_path / "made.db"
    assert not snapshot.create(made, SCHEMA_REVISION, 1000)
    run = Cli(str(made))
    assert "Created a new, empty database" in run("due").stderr
    assert Store(str(made)).revision() == SCHEMA_REVISION


def test_two_processes_creating_one_new_database_both_succeed(tmp_path):
    """Both find (or make) the same schema; neither fails or makes it twice."""
    db = str(tmp_path / "race.db")
    code = "import cli, sys; sys.argv = ['claims', 'due', '--json']; cli.main()"
    env = {**os.environ, "CLAIMS_DB": db}
    procs = [subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, outs
    assert all(json.loads(out) == [] for out, _err in outs)
    assert sum("Created a new, empty database" in err for _out, err in outs) >= 1
    assert Store(db).revision() == SCHEMA_REVISION
