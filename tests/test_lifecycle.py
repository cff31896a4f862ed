"""The whole life of a claim through the CLI, on SQLite and PostgreSQL."""

from __future__ import annotations

from conftest import SEED_QUOTE, add_seed
from sqlalchemy import select

from claims.store import models
from claims.store.engine import SCHEMA_REVISION, hide_password, open_store


def test_seed_walkthrough(run):
    cid = add_seed(run, "--tag", "libya")
    claims = run.json("list")
    assert [c["id"] for c in claims] == [cid]
    claim = claims[0]
    assert claim["text"] == SEED_QUOTE
    assert claim["speaker"] == "Joseph F. Dunford"
    assert claim["said_on"] == "2016-05-19"
    assert claim["source"]["outlet"] == "The Washington Post"
    assert claim["source"]["published_on"] == "2016-05-19"
    assert claim["due"] == {"start": "2016-05-19", "end": "2016-06-02"}
    assert claim["tags"] == ["libya"]
    assert claim["status"] == "open"

    due = run.json("due", "--as-of", "2016-07-01")
    assert [c["id"] for c in due] == [cid]
    assert due[0]["overdue"] is True and due[0]["days_overdue"] == 29

    res = run("resolve", str(cid), "--as", "not-fulfilled", "--on", "2016-07-01",
              "--evidence", "https://example.org/no-deal", "--note", "No agreement by July", "--by", "checker")
    assert "not-fulfilled" in res.stdout
    assert run.json("due", "--as-of", "2016-07-01") == []

    events = run.json("history", str(cid))
    assert [e["type"] for e in events] == ["created", "status"]
    last = events[-1]
    assert last["from"] == "open" and last["status"] == "not-fulfilled"
    assert last["on"] == "2016-07-01" and last["by"] == "checker"
    assert last["evidence"] == "https://example.org/no-deal" and last["note"] == "No agreement by July"
    assert last["recorded_at"].endswith("Z")


def test_corrections_append_and_status_follows_events(run):
    cid = add_seed(run)
    run("resolve", str(cid), "--as", "in-progress", "--on", "2016-06-01")
    run("resolve", str(cid), "--as", "fulfilled", "--on", "2016-06-10", "--evidence", "https://example.org/a")
    run("resolve", str(cid), "--as", "partly-fulfilled", "--on", "2016-06-12", "--note", "only advisers")
    run("reopen", str(cid), "--note", "new reporting")
    run("note", str(cid), "talked to the Pentagon", "--evidence", "https://example.org/b")
    run("reschedule", str(cid), "--due", "2016-12-31", "--note", "deadline moved")
    shown = run.json("show", str(cid))
    types = [e["type"] for e in shown["events"]]
    assert types == ["created", "status", "status", "status", "status", "evidence", "due"]
    statuses = [e["status"] for e in shown["events"]]
    assert statuses == ["open", "in-progress", "fulfilled", "partly-fulfilled", "open", "open", "open"]
    assert shown["status"] == shown["events"][-1]["status"] == "open"
    assert shown["due"]["end"] == "2016-12-31"
    # The database agrees with itself: the stored status is the last event's.
    store = open_store(run.db)
    with store.read() as session:
        claim = session.get(models.Claim, cid)
        last = session.execute(select(models.Event).where(models.Event.claim_id == cid)
                               .order_by(models.Event.id.desc())).scalars().first()
        assert claim.status == last.status


def test_resolve_same_status_and_reopen_open_are_refused(run):
    cid = add_seed(run)
    r = run("reopen", str(cid), "--note", "x", ok=False)
    assert r.exit_code == 2 and "already open" in r.stderr
    run("resolve", str(cid), "--as", "fulfilled")
    r = run("resolve", str(cid), "--as", "fulfilled", ok=False)
    assert r.exit_code == 2 and "already fulfilled" in r.stderr
    assert len(run.json("history", str(cid))) == 2


def test_overdue_is_derived(run):
    cid = add_seed(run)
    assert run.json("show", str(cid), "--as-of", "2016-06-02")["overdue"] is False
    assert run.json("show", str(cid), "--as-of", "2016-06-03")["overdue"] is True
    assert [c["id"] for c in run.json("list", "--overdue", "--as-of", "2016-06-03")] == [cid]
    assert run.json("list", "--overdue", "--as-of", "2016-06-01") == []
    run("resolve", str(cid), "--as", "stalled")
    assert run.json("show", str(cid), "--as-of", "2016-07-01")["overdue"] is True  # stalled is still active
    run("resolve", str(cid), "--as", "retracted")
    assert run.json("show", str(cid), "--as-of", "2016-07-01")["overdue"] is False


def test_due_orders_overdue_first_then_upcoming(run):
    ids = {}
    for text, due in (("A will happen", "2016-06-20"), ("B will happen", "2016-06-01"),
                      ("C will happen", "2016-07-20"), ("D will happen", "2016-12-01")):
        ids[text[0]] = int(run("add", text, "--speaker", "X Person", "--due", due, "--published",
                               "2016-05-01").stdout)
    got = [c["id"] for c in run.json("due", "--as-of", "2016-07-01", "--within", "30")]
    assert got == [ids["B"], ids["A"], ids["C"]]
    assert [c["id"] for c in run.json("due", "--as-of", "2016-07-01", "--within", "0")] == [ids["B"], ids["A"]]
    assert [c["id"] for c in run.json("due", "--as-of", "2016-07-01", "--limit", "1")] == [ids["B"]]


def test_json_keys(run):
    cid = add_seed(run)
    claim = run.json("show", str(cid))
    for key in ("id", "kind", "text", "summary", "speaker", "said_on", "source", "status", "overdue", "due",
                "probability", "hedges", "tags", "events"):
        assert key in claim, key
    assert set(claim["source"]) >= {"outlet", "url", "title", "published_on"}
    assert set(claim["due"]) == {"start", "end"}
    for ev in claim["events"]:
        assert set(ev) >= {"type", "status", "on", "recorded_at", "by", "evidence", "note"}
    added = run.json("add", "Another thing will happen", "--speaker", "Someone Else")
    assert added["text"] == "Another thing will happen" and "events" not in added
    assert set(run.json("list")[0]) == set(added)


def test_filters(run):
    a = add_seed(run, "--tag", "libya")
    b = int(run("add", "We will cut taxes by 2020", "--speaker", "Jane Q. Public", "--kind", "promise",
                "--tag", "tax", "--published", "2016-01-01").stdout)
    assert [c["id"] for c in run.json("list", "--speaker", "Jane Q. Public")] == [b]
    assert [c["id"] for c in run.json("list", "--speaker", "jane q public")] == [b]
    assert [c["id"] for c in run.json("list", "--speaker", "Dunford")] == [a]  # a surname only one speaker has
    assert [c["id"] for c in run.json("list", "--kind", "promise")] == [b]
    assert [c["id"] for c in run.json("list", "--tag", "libya")] == [a]
    assert run.json("list", "--tag", "nothing") == []
    assert [c["id"] for c in run.json("list", "--due-before", "2016-12-31")] == [a]
    run("resolve", str(b), "--as", "fulfilled")
    assert [c["id"] for c in run.json("list", "--status", "fulfilled")] == [b]
    r = run("list", "--speaker", "Dunfrod", ok=False)
    assert r.exit_code == 1 and "did you mean" in r.stderr


def test_add_same_quote_twice_is_one_claim_and_two_appearances(run):
    cid = add_seed(run)
    again = run("add", SEED_QUOTE.replace("'", "\u2019"), "--speaker", "Joseph F. Dunford",
                "--outlet", "Stars and Stripes", "--url", "https://www.stripes.com/libya", "--published",
                "2016-05-19")
    assert int(again.stdout) == cid and "Already recorded" in again.stderr
    shown = run.json("show", str(cid))
    assert {a["outlet"] for a in shown["appearances"]} == {"The Washington Post", "Stars and Stripes"}
    assert len(run.json("list")) == 1


def test_speakers_and_speaker(run):
    add_seed(run)
    cid = int(run("add", "There will be a long-term mission in Libya", "--speaker", "Joseph F. Dunford").stdout)
    run("resolve", str(cid), "--as", "fulfilled")
    run("add", "We'll just have to see", "--speaker", "David Rodriguez")
    rows = run.json("speakers")
    assert rows[0]["name"] == "Joseph F. Dunford" and rows[0]["claims"] == 2
    assert rows[0]["by_status"] == {"open": 1, "fulfilled": 1}
    detail = run.json("speaker", "Joseph F. Dunford")
    assert set(detail["by_status"]) == {"open", "fulfilled"}
    assert detail["by_status"]["fulfilled"][0]["id"] == cid
    assert "Joseph F. Dunford" in run("speakers").stdout


def test_db_info_and_upgrade(run):
    add_seed(run)
    info = run.json("db", "info")
    assert info["schema_version"] == SCHEMA_REVISION
    assert info["backend"] in ("sqlite", "postgresql")
    assert info["counts"]["claim"] == 1 and info["counts"]["event"] == 1
    up = run("db", "upgrade")
    assert f"Schema is at {SCHEMA_REVISION} (current: {SCHEMA_REVISION})" in up.stderr
    assert run.json("db", "info") == info  # upgrading a current database changes nothing


def test_empty_results_are_empty_arrays(run):
    assert run.json("list") == []
    assert run.json("due") == []
    assert run.json("search", "anything") == []
    assert run.json("speakers") == []
    assert run("list", "--csv").stdout.startswith("id,kind,status")


def test_password_is_hidden():
    shown = hide_password("postgresql+psycopg://alice:s3cret@db.example:5432/news")
    assert "s3cret" not in shown and "alice" in shown
