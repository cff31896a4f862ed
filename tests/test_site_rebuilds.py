"""Rebuilds into the same folder against a fresh build of the same database, in the scenarios a review of
the rebuild's shortcuts (changes.since, fingerprints taken from the last build, speakers kept as they were)
found wrong at first, and the ones it checked: ids reused, restored backups, rows moved or deleted by
hand, filters and options changed, other time zones. (Events edited in place by hand are not seen, by a
rebuild or by the fingerprints: the history is append-only.)"""

from __future__ import annotations

import json
import shutil
import time

import pytest
from conftest import FIXTURES
from test_site import build, claim_page, differing_from_a_fresh_build, sql, tracker

from claims.store import engine as store_mod


def same_as_fresh(run, out, fresh, *extra: str) -> list[str]:
    """The files that differ between ``out`` (rebuilt) and a fresh build with the same options (the manifest
    aside); also asserts the same file names."""
    return differing_from_a_fresh_build(run, out, fresh, *extra)[1]


def record(text: str, recorded_at: str = "2016-07-01T12:00:00+00:00") -> str:
    """One JSONL record as `claims export` writes it (events with their recorded_at), no source."""
    return json.dumps({"text": text, "speaker": "Cy Young", "said_on": "2016-06-10", "kind": "promise",
                       "due_end": "2017-01-31",
                       "events": [{"type": "created", "status": "open", "on": "2016-06-10",
                                   "recorded_at": recorded_at}]})


@pytest.mark.parametrize("again", ["We will close the southern port by January 2017.",
                                   "We will build the northern road by January 2017."])
def test_restored_backup_then_records_imported_again(run_sqlite, tmp_path, again):
    """A backup taken before an import restored, and a record imported again (another one, or the same): the
    claim, quote and event ids are reused and the newest event's claim and instant are the same (the file
    gives recorded_at), but the claim's creation instant is not (changes.made_digest), so the rebuild makes
    every fingerprint anew."""
    run = run_sqlite
    tracker(run)
    backup = tmp_path / "backup.db"
    run("db", "backup", str(backup))
    feed = tmp_path / "feed.jsonl"
    feed.write_text(record("We will build the northern road by January 2017.") + "\n", encoding="utf-8")
    run("import", str(feed), "--no-analysis")
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    build(run, out)
    store_mod.close_all()
    shutil.copy(backup, run.db)  # restore (nobody writing)
    time.sleep(1.1)  # (the same record: its created_at, shown to the second in the JSON, then differs)
    feed.write_text(record(again) + "\n", encoding="utf-8")
    run("import", str(feed), "--no-analysis")
    build(run, out)
    assert same_as_fresh(run, out, fresh) == []


def _pg(run) -> bool:
    return run.db.startswith("postgresql")


def test_newest_claim_deleted_by_sql_and_imported_again_reuses_its_ids(run, tmp_path):
    """Rows deleted by hand, ids reused (SQLite hands out max(id)+1 again; on PostgreSQL the sequences are set
    back, as after restoring a dump): the re-imported claim, with the file's recorded_at, takes the deleted
    claim's ids and the tables' tails match, but not its creation instant."""
    tracker(run)
    feed = tmp_path / "feed.jsonl"
    feed.write_text(record("We will build the northern road by January 2017.") + "\n", encoding="utf-8")
    run("import", str(feed), "--no-analysis")
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    build(run, out)
    gone = "(SELECT max(id) FROM claim)"
    sql(run, f"DELETE FROM claim_tag WHERE claim_id = {gone}", f"DELETE FROM event WHERE claim_id = {gone}",
        f"DELETE FROM claim_term WHERE claim_id = {gone}", f"DELETE FROM claim_stamp WHERE claim_id = {gone}",
        "CREATE TEMP TABLE q AS SELECT quote_id FROM claim WHERE id = (SELECT max(id) FROM claim)",
        f"DELETE FROM claim WHERE id = {gone}", "DELETE FROM quote WHERE id IN (SELECT quote_id FROM q)")
    if _pg(run):
        sql(run, *(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT max(id) FROM {t}))"
                   for t in ("claim", "quote", "event")))
    feed.write_text(record("We will close the southern port by January 2017.") + "\n", encoding="utf-8")
    run("import", str(feed), "--no-analysis")
    build(run, out)
    assert same_as_fresh(run, out, fresh) == []


def test_an_event_moved_to_another_claim_by_sql(run, tmp_path):
    """UPDATE event SET claim_id on a row that is not the newest: no stamp (events are not stamped), the same
    count and newest row, but another sum of the events' claims: both pages are rewritten."""
    tracker(run)
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    build(run, out)
    sql(run, "UPDATE event SET claim_id = 2 WHERE claim_id = 1 AND type = 'status'")
    build(run, out)
    assert same_as_fresh(run, out, fresh) == []


def test_checked_every_writing_command_then_a_rebuild(run, tmp_path):
    """Checked (passes): after each writing command, a rebuild is what a full build writes."""
    tracker(run)
    for i in range(6):
        run("add", f"We will fix road number {i} by 2017-03-15.", "--speaker", "Bo Lee" if i % 2 else "Annie Smith",
            "--kind", "promise", "--said", "2016-01-01", "--due", "2017-03-15", "--tag", "roads")
    run("add", "We will fix road number 0 by 2017-03-15.", "--speaker", "Bo Lee", "--kind", "promise",
        "--said", "2016-01-01", "--due", "2017-03-15", "--outlet", "The Post", "--url", "https://example.org/a")
    sql(run, "INSERT INTO claim_review (claim_id, state, candidates, created_at) VALUES "
             "(6, 'needs-review', '[]', '2016-01-01 00:00:00'), (7, 'needs-review', '[]', '2016-01-01 00:00:00'), "
             "(8, 'needs-review', '[]', '2016-01-01 00:00:00')")
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    build(run, out)
    depot = str(FIXTURES / "depot-plan.txt")
    steps = [("ingest", depot, "--published", "2016-05-01", "--outlet", "The Post", "--url", "https://example.org/d"),
             ("ingest", depot, "--published", "2016-05-02", "--outlet", "The Other", "--url", "https://example.org/e"),
             ("ingest", str(FIXTURES / "libya-followup.html")),
             ("note", "5", "Work has started", "--on", "2017-02-01"),
             ("resolve", "6", "--as", "fulfilled", "--on", "2017-03-01"),
             ("reopen", "6", "--note", "Not really", "--on", "2017-03-02"),
             ("reschedule", "7", "--due", "2017-05-01", "--note", "later"),
             ("link", "9", "5", "--force"), ("unlink", "9"), ("link", "9", "5", "--as", "reversal", "--force"),
             ("review", "6", "--accept"), ("review", "7", "--not-a-quote"), ("review", "8", "--speaker", "Cy Young"),
             ("speakers", "merge", "Bo Lee", "Annie Smith"), ("speakers", "split", "Bo Lee", "Annie Smith"),
             ("reanalyze", "--all"), ("reanalyze", "2")]
    for step in steps:
        run(*step)
        build(run, out)
        assert same_as_fresh(run, out, fresh) == [], step
    for extra in [("--title", "Other"), ("--base-url", "https://example.org/t/"), ("--speaker", "Bo Lee"),
                  ("--tag", "roads"), ("--tag", "roads", "--tag", "tax"), ("--as-of", "2017-06-02"), ()]:
        build(run, out, *extra)
        assert same_as_fresh(run, out, fresh, *extra) == [], extra


def test_a_second_tag_keeps_a_speakers_page_with_the_one_tag_record(run_sqlite, tmp_path):
    """--tag roads, then --tag roads --tag tax: Ann Smith's claims are the same, so _speaker_unchanged keeps
    her page, which shows the 'roads' track record; a fresh build with two tags shows none (TrackRecords gives
    None for more than one tag). The filters are in no fingerprint (so the old speaker-page digest kept it too)."""
    run = run_sqlite
    for i in range(3):
        run("add", f"We will fix road number {i}.", "--speaker", "Ann Smith", "--kind", "promise", "--said",
            "2016-01-01", "--due", "2016-12-31", "--tag", "roads")
        run("resolve", str(1 + i), "--as", "fulfilled", "--on", "2016-06-01")
    run("add", "Taxes will fall by 2016-09-30.", "--speaker", "Bo Lee", "--said", "2016-06-02", "--kind", "promise",
        "--due", "2016-09-30", "--tag", "tax")
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    build(run, out, "--tag", "roads")
    build(run, out, "--tag", "roads", "--tag", "tax")
    assert same_as_fresh(run, out, fresh, "--tag", "roads", "--tag", "tax") == []


def test_the_first_rebuild_after_upgrading_from_a_manifest_without_state(run, tmp_path):
    """A site built by the code before rebuilds kept a record of the database (7739c90, from git), a change,
    then a rebuild by this code (no 'state' in the manifest): what a full build writes."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    base = tmp_path / "base"
    base.mkdir()
    found = subprocess.run(["git", "-C", str(root), "archive", "7739c90"], capture_output=True)
    if found.returncode != 0:
        pytest.skip("needs the project's git history (commit 7739c90): " + found.stderr.decode()[:200])
    archive = found.stdout
    subprocess.run(["tar", "-x", "-C", str(base)], input=archive, check=True)
    tracker(run)
    run("link", "4", "3", "--force")
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    env = {**os.environ, "PYTHONPATH": str(base)}
    subprocess.run([sys.executable, "-c", "import cli; cli.main()", "--db", run.db, "site", "--out", str(out),
                    "--as-of", "2017-06-01"], check=True, env=env, cwd=str(base), capture_output=True)
    assert "state" not in json.loads((out / ".claims-site.json").read_text(encoding="utf-8"))
    run("note", "2", "Ground broken", "--on", "2016-08-01")
    build(run, out)
    assert same_as_fresh(run, out, fresh) == []
    run("note", "3", "Still open", "--on", "2016-08-02")
    build(run, out)
    assert same_as_fresh(run, out, fresh) == []


def test_checked_restored_backup_then_commands(run_sqlite, tmp_path):
    """A backup restored, then nothing / a note / an add: the tails differ, every fingerprint is made again."""
    run = run_sqlite
    tracker(run)
    backup = tmp_path / "backup.db"
    run("db", "backup", str(backup))
    run("note", "2", "Ground broken", "--on", "2016-08-01")
    run("add", "We will build the northern road by January 2017.", "--speaker", "Cy Young", "--said", "2016-06-10",
        "--due", "2017-01-31")
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    build(run, out)
    for change in [lambda: None, lambda: run("note", "3", "Looked again", "--on", "2016-08-01"),
                   lambda: run("add", "We will close the port by January 2017.", "--speaker", "Cy Young",
                               "--said", "2016-06-10", "--due", "2017-01-31")]:
        store_mod.close_all()
        shutil.copy(backup, run.db)
        change()
        build(run, out)
        assert same_as_fresh(run, out, fresh) == []


@pytest.mark.postgres
def test_checked_postgres_sessions_in_other_time_zones(pg_url, tmp_path):
    """Builds whose sessions have other TimeZone settings: the instants the last build's record holds are
    compared as POSIX seconds, so a rebuild in another zone vouches for the unchanged claims all the same."""
    from conftest import Cli

    assert "options=-csearch_path" in pg_url
    tokyo = Cli(pg_url.replace("options=", "options=-ctimezone%3DAsia%2FTokyo%20", 1))
    utc = Cli(pg_url)
    tracker(utc)
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    build(tokyo, out)
    utc("note", "2", "Ground broken", "--on", "2016-08-01")
    build(utc, out)
    assert same_as_fresh(tokyo, out, fresh) == []
    tokyo("note", "3", "Looked again", "--on", "2016-08-01")
    build(tokyo, out)
    assert same_as_fresh(utc, out, fresh) == []
    from test_site import _fingerprints_made
    assert _fingerprints_made(utc, out) == 0


def test_a_link_row_deleted_by_sql_leaves_the_events_that_name_the_other_page(run, tmp_path):
    """A page's links to other claims come from its events (views.restatements), and so does what its
    fingerprint covers of them: with the claim_link row deleted by hand (the events stay), the other claim's
    new slug still rewrites the page, which never keeps an href to a page that is gone."""
    run("add", "We will open the bridge by 2017-12-31.", "--speaker", "Ann Smith", "--said", "2016-06-01",
        "--kind", "promise", "--due", "2017-12-31")
    run("add", "Ann Smith will not open any bridge.", "--speaker", "Bo Lee", "--said", "2016-10-01",
        "--kind", "prediction", "--due", "2017-12-31")
    run("link", "2", "1", "--as", "reversal", "--force")
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    build(run, out)
    sql(run, "DELETE FROM claim_link")
    build(run, out)
    assert same_as_fresh(run, out, fresh) == []
    sql(run, "UPDATE claim SET summary = 'The bridge, in other words' WHERE id = 1")
    build(run, out)
    assert 'href="1-smith-we-will-open' not in claim_page(out, 2)
    assert 'href="1-smith-the-bridge-in-other-words.html"' in claim_page(out, 2)
    assert same_as_fresh(run, out, fresh) == []


def test_checked_the_database_moved_by_export_and_import_then_a_rebuild_of_the_same_folder(run, tmp_path):
    """The tracker moved to a new database (SQLite, or PostgreSQL) with `claims export` / `claims import`,
    the site rebuilt into the same folder: the same ids and event count, but other creation instants (and the
    export gives recorded_at to the second), so every fingerprint is made again."""
    from conftest import Cli

    old = Cli(str(tmp_path / "old.db"))
    for i in range(3):
        old("add", f"We will fix road number {i} by 2017-03-15.", "--speaker", "Bo Lee", "--kind", "promise",
            "--said", "2016-01-01", "--due", "2017-03-15", "--tag", "roads")
    old("note", "3", "Work has started", "--on", "2016-02-01")
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    build(old, out)
    dump = tmp_path / "all.jsonl"
    old("export", "-o", str(dump))
    time.sleep(1.1)  # (created_at is shown to the second)
    run("import", str(dump), "--no-analysis")
    build(run, out)
    assert same_as_fresh(run, out, fresh) == []


def test_a_manifest_whose_tag_lists_are_out_of_step_makes_every_fingerprint_anew(run_sqlite, tmp_path):
    """A damaged record in the manifest (valid tails, one tag name too many): the build makes every
    fingerprint anew instead of failing."""
    from claims.services.site.output import MANIFEST

    run = run_sqlite
    tracker(run)
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    build(run, out)
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    manifest["state"]["tags"]["names"].append("extra")
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    result = run("site", "--out", str(out), "--as-of", "2017-06-01", "--json", ok=False)
    assert result.exit_code == 0, repr(result.exception)
    assert same_as_fresh(run, out, fresh) == []
