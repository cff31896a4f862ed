"""Nothing lost, nothing silently wrong (issue 9, the write side): concurrent changes of one claim, several
writer processes on both backends, and ``kill -9`` in the middle of an import and of a multi-file ingest."""

from __future__ import annotations

import json
import threading
import time

import faults
import pytest
from conftest import FIXTURES, Cli
from typer.testing import CliRunner

import cli
from claims.store.integrity import check, problems


def _raw(db: str):
    """A connection of our own, as a second user's `claims` would hold one."""
    if db.startswith("postgresql"):
        import psycopg

        return psycopg.connect("postgresql://" + db.split("://", 1)[1])  # in a transaction until commit
    import sqlite3

    conn = sqlite3.connect(db, isolation_level=None, timeout=60)
    conn.execute("BEGIN IMMEDIATE")
    return conn


def _mark(db: str) -> str:
    return "%s" if db.startswith("postgresql") else "?"


def _history(run: Cli, claim_id: int) -> list[dict]:
    return run.json("show", str(claim_id))["events"]


@pytest.mark.parametrize("action", ["resolve", "note"])
def test_a_change_sees_the_change_made_while_it_waited(run, db, action):
    """Another writer holds the claim (mid-transaction) while `resolve`/`note` starts; the command must apply
    its change on top of the other one: 'fulfilled -> not-fulfilled', both notes searchable."""
    claim = int(run("add", "The bridge will open by June", "--speaker", "A. Mayor", "--said", "2016-05-01",
                    "--kind", "prediction", "--due", "2016-06-30").stdout)
    conn = _raw(db)
    m = _mark(db)
    cur = conn.cursor()
    cur.execute(f"UPDATE claim SET status = status WHERE id = {m}", (claim,))  # the other writer's row lock
    args = (["resolve", str(claim), "--as", "not-fulfilled", "--on", "2016-07-01"] if action == "resolve"
            else ["note", str(claim), "second note"])
    result = {}
    thread = threading.Thread(target=lambda: result.update(r=CliRunner().invoke(cli.app, ["--db", db, *args])))
    thread.start()
    time.sleep(1.5)  # the command is now waiting for the other writer
    if action == "resolve":
        cur.execute(f"UPDATE claim SET status = 'fulfilled' WHERE id = {m}", (claim,))
        cur.execute("INSERT INTO event (claim_id, type, from_status, status, happened_on, recorded_at, by) "
                    f"VALUES ({m}, 'status', 'open', 'fulfilled', '2016-06-20', '2016-06-20 12:00:00.000000', 'other')",
                    (claim,))
    else:
        cur.execute(f"UPDATE claim SET search_text = search_text || {m} WHERE id = {m}", ("\nfirst note", claim))
        cur.execute("INSERT INTO event (claim_id, type, status, note, recorded_at, by) "
                    f"VALUES ({m}, 'note', 'open', 'first note', '2016-06-20 12:00:00.000000', 'other')", (claim,))
    conn.commit()
    conn.close()
    thread.join(timeout=90)
    out = result["r"]
    assert out.exit_code == 0, out.stderr
    events = _history(run, claim)
    assert not problems(check(db)), check(db)
    if action == "resolve":
        assert [(e["from"], e["status"]) for e in events if e["type"] == "status"] == [
            ("open", "fulfilled"), ("fulfilled", "not-fulfilled")]
        assert out.stdout.strip() == f"Claim {claim}: fulfilled -> not-fulfilled."
    else:
        assert [e["note"] for e in events if e["type"] == "note"] == ["first note", "second note"]
        for word in ("first", "second"):
            assert [c["id"] for c in run.json("search", f"{word} note")] == [claim]


def test_many_writers_lose_nothing(db):
    """3 processes x 20 commands (adds, resolves, reopens and notes of 2 shared claims) at once."""
    shared = faults.seed_claims(db, 2)
    logs = faults.run_writers(db, shared, workers=3, per=20, seed=7)
    figures = faults.verify_writers(db, logs)
    assert figures["commands"] == 60
    assert figures["lost"] == [] and figures["lock_errors_shown"] == [] and figures["failed"] == []
    assert figures["status_mismatches"] == [] and figures["broken_chains"] == []
    assert figures["integrity"] in ("ok", "n/a")
    changed = [e for e in logs if e["op"] == "resolve" and e["exit"] == 0]
    assert changed and all(faults._CHANGE.match(e["out"]) for e in changed)  # each says what happened


# -- kill -9 -------------------------------------------------------------------------------------

def _records(n: int) -> str:
    outlets = ["The Post", "The Ledger", "The Courier"]
    lines = []
    for i in range(n):
        lines.append(json.dumps({"text": f"Claim {i % (n - n // 10)} says the plan {i % 97} will pass by 2030",
                                 "speaker": f"Speaker {i % 13}", "outlet": outlets[i % 3],
                                 "said_on": "2024-01-02", "kind": "prediction", "due": "2030-01-01",
                                 "status": "fulfilled" if i % 5 == 0 else None}))
    return "\n".join(lines) + "\n"


def test_kill_9_during_import_leaves_all_or_nothing(tmp_path):
    src = tmp_path / "records.jsonl"
    src.write_text(_records(800))
    full: dict[str, int] = {}

    def whole(db):  # one transaction: every claim and event, or none
        if not full:
            full.update(check(str(tmp_path / "import-ref.db"))["counts"])
        counts = check(db)["counts"]
        return counts["claim"] in (0, full["claim"]) and counts["event"] in (0, full["event"])

    figures = faults.crash_series(["import", str(src)], tmp_path, "import", trials=2, whole=whole)
    assert figures["problems"] == []
    assert (figures["integrity_ok"], figures["whole"], figures["rerun_equal"]) == (2, 2, 2), figures
    assert figures["killed"] >= 1


def test_kill_9_during_multi_file_ingest_keeps_whole_articles(tmp_path):
    # (two plain-text stories with no headline or URL would share one source, so one of each kind)
    files = [str(FIXTURES / f) for f in ("council-debate.txt", "harbour-bridge.html", "libya-followup.html")]
    args = ["ingest", *files, "--published", "2016-05-19"]
    expected: dict[str, int] = {}

    def whole(db):  # each article is one transaction: there with every quote, or not at all
        if not expected:
            expected.update(faults.per_source(str(tmp_path / "ingest-ref.db")))
            assert len(expected) == len(files)
        return all(n == expected.get(source) for source, n in faults.per_source(db).items())

    figures = faults.crash_series(args, tmp_path, "ingest", trials=2, whole=whole)
    assert figures["problems"] == []
    assert (figures["integrity_ok"], figures["whole"], figures["rerun_equal"]) == (2, 2, 2), figures


@pytest.mark.postgres
def test_a_dropped_write_connection_is_replaced(pg_url):
    """The light path keeps its write connection between the writes of one command (ingest of many
    files); a server that dropped it in between costs nothing: the next write connects anew."""
    from datetime import date

    from conftest import add_seed

    from claims.services import tracking
    from claims.store.db import Database

    run = Cli(pg_url)
    cid = add_seed(run)
    database = Database(pg_url)
    tracking.annotate(database, cid, note="first", evidence=None, on=date(2016, 5, 20), by="t", today=date.today())
    pid = database._writer.info.backend_pid  # psycopg2 and psycopg 3 alike
    with Database(pg_url).read() as r:
        assert r.scalar("SELECT pg_terminate_backend(:pid)", {"pid": pid}) is True
    change = tracking.annotate(database, cid, note="second", evidence=None, on=date(2016, 5, 20), by="t",
                               today=date.today())
    database.close()
    assert [e["note"] for e in run.json("history", str(cid))][-2:] == ["first", "second"]
    assert change.event == len(run.json("history", str(cid)))
