"""Restatements, slips and reversals: three fixture stories over ten weeks from two outlets, ingested in order.

fixtures/restate-1-ledger.html (2016-05-05): Gen. Okonjo, a Varessa ceasefire "could be signed any day";
Minister Reyes, the Kessel tunnel "will open ... by the end of the summer".
fixtures/restate-2-courier.html (2016-05-26, another outlet): Okonjo again in other words ("reach a truce ...
within weeks": a slip), a like-worded ceasefire about Kordofa (another thing: must not link), and Reyes's
words reprinted (an appearance of the same quote, not a restatement).
fixtures/restate-3-ledger.html (2016-07-14): Okonjo "by the end of the summer" (a second slip); Reyes "won't
open ... this summer" (a reversal).
"""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES

from claims.store.db import open_database

STORIES = ["restate-1-ledger.html", "restate-2-courier.html", "restate-3-ledger.html"]


def _ingest_all(run) -> list[dict]:
    return [run.json("ingest", str(FIXTURES / name)) for name in STORIES]


class _ByStart(dict):
    """Claim ids by the start of their quote, as ingest reported them."""

    def __getitem__(self, start: str) -> int:
        (found,) = {cid for text, cid in self.items() if text.startswith(start)}
        return found


def _ids(results: list[dict]) -> _ByStart:
    out = _ByStart()
    for res in results:
        for q in res["quotes"]:
            if q.get("claim"):
                out.setdefault(q["text"], q["claim"]["id"])
    return out


def _events(db: str, claim_id: int) -> list[tuple[str, dict | None, str | None]]:
    with open_database(db).read() as r:
        rows = r.rows("SELECT type, data, due_end FROM event WHERE claim_id = :c ORDER BY id", {"c": claim_id})
    out = []
    for row in rows:
        data = json.loads(row["data"]) if isinstance(row["data"], str) else row["data"]
        out.append((row["type"], data, str(row["due_end"])[:10] if row["due_end"] else None))
    return out


def _snapshot(db: str) -> dict:
    with open_database(db).read() as r:
        return {t: r.rows(f"SELECT * FROM {t} ORDER BY 1") for t in ("claim", "event", "claim_link")}


@pytest.fixture
def stories(run):
    results = _ingest_all(run)
    ids = _ids(results)
    return results, {
        "any_day": ids["A ceasefire agreement with the Varessa mi"],
        "weeks": ids["I think we will reach a truce with the Va"],
        "kordofa": ids["A ceasefire agreement with the Kordofa mi"],
        "summer": ids["We expect to sign the ceasefire with the "],
        "tunnel": ids["The Kessel tunnel will open to traffic by"],
        "wont": ids["The Kessel tunnel won't open to traffic t"],
    }


def test_every_link_from_the_stories(run, stories):
    results, c = stories
    assert results[1]["already_present"] == 1  # Reyes's words reprinted by the Courier
    links = run.json("links")
    got = sorted((x["new"], x["old"], x["relation"], x["state"], x["method"]) for x in links)
    assert got == sorted([
        (c["weeks"], c["any_day"], "restatement", "linked", "auto"),
        (c["summer"], c["any_day"], "restatement", "linked", "auto"),  # linked to the tracked claim
        (c["wont"], c["tunnel"], "reversal", "linked", "auto"),
    ])
    assert all(x["score"] >= 0.86 for x in links)
    assert c["kordofa"] not in {x["new"] for x in links} | {x["old"] for x in links}
    assert run.json("links", "--pending") == []
    assert [x["new"] for x in run.json("links", "--speaker", "Reyes")] == [c["wont"]]
    with open_database(run.db).read() as r:
        n = r.scalar("SELECT count(*) FROM appearance a JOIN claim c ON c.quote_id = a.quote_id WHERE c.id = :c",
                     {"c": c["tunnel"]})
    assert n == 2  # one quote, two appearances


def test_the_tracked_claim_shows_every_saying_and_each_slip(run, stories):
    _results, c = stories
    events = _events(run.db, c["any_day"])
    assert [e[0] for e in events] == ["created", "restatement", "due", "probability", "restatement", "due",
                                      "probability"]
    created, r1, due1, p1, r2, due2, p2 = events
    assert created[2] == "2016-05-19"
    assert r1[1]["claim"] == c["weeks"] and r1[1]["said_on"] == "2016-05-26"
    assert r1[1]["source"]["outlet"] == "Valley Courier" and r1[1]["timeframe"] == "within weeks"
    assert r1[1]["hedges"] == ["I think", "will"] and r1[1]["probability"] == 0.7
    assert due1[1]["cause"] == "restatement" and due1[1]["claim"] == c["weeks"] and due1[1]["from"] == "2016-05-19"
    assert due1[2] > "2016-05-19" and due1[1]["slip_days"] > 0
    assert p1[1] == {"probability": 0.7, "from": 0.4, "cause": "restatement", "claim": c["weeks"]}
    assert r2[1]["claim"] == c["summer"] and r2[1]["source"]["outlet"] == "Harbor City Ledger"
    assert due2[2] == "2016-08-31" and due2[1]["from"] == due1[2]
    assert p2[1]["probability"] == 0.75 and p2[1]["from"] == 0.7
    claim = run.json("show", str(c["any_day"]))
    assert claim["status"] == "open" and claim["due"]["end"] == "2016-08-31"
    assert claim["probability"] == 0.4  # the first stated probability is never overwritten
    for later in (c["weeks"], c["summer"]):
        shown = run.json("show", str(later))
        assert shown["status"] == "restated"
        assert _events(run.db, later)[-1][0] == "restatement"
        assert _events(run.db, later)[-1][1]["of"] == c["any_day"]
    assert [x["id"] for x in run.json("due", "--as-of", "2016-05-01", "--within", "400")].count(c["weeks"]) == 0


def test_slips_rows(run, stories):
    _results, c = stories
    slip1 = _events(run.db, c["any_day"])[2][1]["slip_days"]
    rows = run.json("slips")
    assert rows == [{"id": c["any_day"], "speaker": "Maria Okonjo",
                     "summary": "A ceasefire agreement with the Varessa militias could be signed any day",
                     "status": "open", "times_said": 3, "slips": 2, "days_slipped": 104,
                     "first_due": "2016-05-19", "due": "2016-08-31"}]
    assert 0 < slip1 < 104
    assert run.json("slips", "--min", "3") == []
    assert run.json("slips", "--speaker", "Reyes") == []
    csv_out = run("slips", "--csv").stdout.splitlines()
    assert csv_out[0].startswith("id,speaker,times_said,slips,days_slipped") and len(csv_out) == 2


def test_reversal_shows_on_both_claims(run, stories):
    _results, c = stories
    old, new = _events(run.db, c["tunnel"])[-1], _events(run.db, c["wont"])[-1]
    assert old[0] == new[0] == "reversal"
    assert old[1]["claim"] == c["wont"] and old[1]["role"] == "reversed-by"
    assert new[1]["claim"] == c["tunnel"] and new[1]["role"] == "reverses"
    assert run.json("show", str(c["wont"]))["status"] == "open"  # both stay tracked
    assert run.json("trend", str(c["tunnel"]))["reversed_by"] == [c["wont"]]


def test_trend_and_follow_ups(run, stories, tmp_path):
    _results, c = stories
    trend = run.json("trend", str(c["summer"]))
    assert trend["id"] == c["any_day"] and trend["asked"] == c["summer"]
    assert [(s["claim"], s["said_on"]) for s in trend["said"]] == [
        (c["any_day"], "2016-05-05"), (c["weeks"], "2016-05-26"), (c["summer"], "2016-07-14")]
    assert trend["said"][0]["due_given"] == "2016-05-19" and trend["said"][2]["due_given"] == "2016-08-31"
    assert trend["slips"] == 2 and trend["days_slipped"] == 104 and trend["due"] == "2016-08-31"
    follow = run.json("follow-ups", str(c["any_day"]))
    assert [f["claim"] for f in follow][:2] == [c["summer"], c["weeks"]] or \
        [f["claim"] for f in follow][0] == c["summer"]
    assert {c["weeks"], c["summer"], c["kordofa"]} <= {f["claim"] for f in follow}
    assert c["tunnel"] not in {f["claim"] for f in follow}
    assert all(len(f["shared"]) >= 2 for f in follow)
    days = [f["said_on"] for f in follow]
    assert days == sorted(days, reverse=True)


def test_unlink_and_link_again(run, stories):
    _results, c = stories
    run("unlink", str(c["summer"]), "--by", "checker")
    assert run.json("show", str(c["summer"]))["status"] == "open"
    root = run.json("show", str(c["any_day"]))
    events = _events(run.db, c["any_day"])
    assert [e[0] for e in events[-3:]] == ["unlink", "due", "probability"]
    assert root["due"]["end"] == events[2][2]  # back to the first slip's deadline
    assert run.json("slips")[0]["slips"] == 1
    out = run("link", str(c["summer"]), str(c["any_day"]), "--by", "checker")
    assert f"Claim {c['summer']} is now a restatement of claim {c['any_day']}" in out.stdout
    assert run.json("show", str(c["any_day"]))["due"]["end"] == "2016-08-31"
    manual = [x for x in run.json("links") if x["new"] == c["summer"]]
    assert manual[0]["method"] == "manual" and manual[0]["by"] == "checker"


BAD = [
    (["link", "{any_day}", "{any_day}"], "cannot link claim {any_day} to itself"),
    (["link", "{any_day}", "999"], "no claim with id 999"),
    (["link", "{kordofa}", "{tunnel}"], "use --force"),
    (["link", "{weeks}", "{any_day}"], "already linked"),
    (["link", "{wont}", "{tunnel}", "--as", "reversal"], "already linked"),
    (["link", "{kordofa}", "{weeks}"], "is itself a restatement of claim {any_day}"),
    (["link", "{kordofa}", "{any_day}", "--as", "sideways"], "unknown link 'sideways'"),
    (["unlink", "{kordofa}"], "is not linked to any claim"),
    (["unlink", "999"], "no claim with id 999"),
    (["slips", "--min", "-1"], "must be 0 or more"),
    (["trend", "999"], "no claim with id 999"),
    (["links", "--speaker", "Nobody Here"], "no speaker named"),
    (["slips", "--speaker", "x'); DROP TABLE claim; --"], "no speaker named"),
    (["follow-ups", "999"], "no claim with id 999"),
    (["trend", "{any_day}", "--chart", "/no/such/folder/t.png"], "does not exist"),
]


def test_bad_links_change_nothing(run, stories):
    """Each refused the same way: one line on stderr, nothing on stdout, the database as it was (one set of
    stories for all the cases, to keep the test fast)."""
    _results, c = stories
    before = _snapshot(run.db)
    for args, message in BAD:
        r = run(*[a.format(**c) for a in args], ok=False)
        assert r.exit_code in (1, 2), args
        assert message.format(**c) in " ".join(r.stderr.split()) and r.stdout == "", (args, r.stderr)
        assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) <= 5
        assert _snapshot(run.db) == before, args


def test_link_across_speakers_with_force(run, stories):
    _results, c = stories
    run("link", str(c["kordofa"]), str(c["tunnel"]), "--force", "--as", "reversal")
    assert _events(run.db, c["tunnel"])[-1][1]["claim"] == c["kordofa"]


def test_thresholds_are_overridable_and_suggestions_are_settled(run, tmp_path, monkeypatch):
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"restatements": {"link": 0.99, "suggest": 0.5}}))
    monkeypatch.setenv("CLAIMS_CONFIG", str(config))
    ids = _ids([run.json("ingest", str(FIXTURES / name)) for name in STORIES[:2]])
    weeks, any_day = ids["I think we will reach a truce"], ids["A ceasefire agreement with the Varessa"]
    pending = run.json("links", "--pending")
    assert [(x["new"], x["old"], x["state"], x["method"]) for x in pending] == [(weeks, any_day, "suggested", "auto")]
    assert 0.5 <= pending[0]["score"] < 0.99
    assert run.json("slips") == [] and run.json("show", str(weeks))["status"] == "open"
    assert "Dismissed 1 suggestion" in run("unlink", str(weeks)).stdout
    assert run.json("links", "--pending") == []
    run("link", str(weeks), str(any_day))
    assert run.json("slips")[0]["times_said"] == 2
    assert run.json("show", str(weeks))["status"] == "restated"


def test_add_and_import_find_restatements(run, tmp_path):
    first = run("add", "The new stadium in Ravelo will be finished next year", "--speaker", "Ana Ruiz",
                "--said", "2020-03-01").stdout.strip()
    second = run("add", "The new Ravelo stadium will be completed by the end of 2022", "--speaker", "Ana Ruiz",
                 "--said", "2021-02-01").stdout.strip()
    links = run.json("links")
    assert [(x["new"], x["old"], x["state"]) for x in links] == [(int(second), int(first), "linked")]
    other = tmp_path / "more.jsonl"
    other.write_text("\n".join(json.dumps(r) for r in [
        {"text": "The Ravelo stadium won't be finished in 2022", "speaker": "Ana Ruiz", "said_on": "2022-01-10"},
        {"text": "The new stadium in Ravelo will be finished next year", "speaker": "Luis Ortega",
         "said_on": "2022-01-11"},
        {"text": "The new stadium in Ravelo will be finished by 2024", "speaker": "Ana Ruiz",
         "said_on": "2022-06-01", "status": "fulfilled"},
    ]) + "\n")
    run("import", str(other))
    links = run.json("links")
    kinds = sorted((x["relation"], x["state"], x["old"]) for x in links)
    # another speaker's like words are not linked; an imported, already resolved record is only suggested
    assert ("reversal", "linked", int(first)) in kinds
    assert ("restatement", "suggested", int(first)) in kinds
    assert len(links) == 3


def test_upgraded_database_finds_restatements_of_old_claims(sqlite_db, tmp_path):
    from conftest import Cli, migrate, transaction
    from sqlalchemy import text

    with transaction(sqlite_db) as conn:
        migrate(conn, "0002")
        conn.execute(text("INSERT INTO speaker (id, key, name, created_at) VALUES (1, 'ana ruiz', 'Ana Ruiz', "
                          "'2020-01-01')"))
        conn.execute(text("INSERT INTO quote (id, key, speaker_id, text, verbatim, said_on, created_at) VALUES "
                          "(1, 'q', 1, 'The Ravelo stadium will open in March', 1, '2020-01-01', '2020-01-01')"))
        conn.execute(text("INSERT INTO claim (id, key, quote_id, speaker_id, kind, summary, status, hedges, "
                          "search_text, due_end, created_at) VALUES (1, 'c', 1, 1, 'prediction', 'x', 'open', '[]', "
                          "'x', '2020-03-31', '2020-01-01')"))
    run = Cli(sqlite_db)
    run("add", "The Ravelo stadium will open in the spring", "--speaker", "Ana Ruiz", "--said", "2020-03-20")
    assert [(x["old"], x["state"]) for x in run.json("links")] == [(1, "linked")]


def test_trend_chart(run, stories, tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    _results, c = stories
    out = tmp_path / "trend.png"
    run("trend", str(c["any_day"]), "--chart", str(out))
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 5000
    bad = run("trend", str(c["any_day"]), "--chart", str(tmp_path / "trend.txt"), ok=False)
    assert bad.exit_code == 2 and "give a .png, .svg or .pdf" in bad.stderr
    monkeypatch.setitem(__import__("sys").modules, "matplotlib", None)  # as if the extra were not installed
    missing = run("trend", str(c["any_day"]), "--chart", str(tmp_path / "again.png"), ok=False)
    assert missing.exit_code == 2 and "pip install 'claims[charts]'" in missing.stderr
    assert not (tmp_path / "again.png").exists()


def test_hostile_words_in_follow_ups(run):
    texts = ["O'Brien's \"deal\" AND (C++) will NEAR happen -- OR 1=1; DROP TABLE quote",
             "O'Brien's deal with C++ NOT happen* {} ^ said again \\ later"]
    first = run("add", texts[0], "--speaker", "Pat O'Brien", "--said", "2020-01-01").stdout.strip()
    run("add", texts[1], "--speaker", "Lee Smith", "--said", "2020-02-01")
    found = run.json("follow-ups", first)
    assert [f["speaker"] for f in found] == ["Lee Smith"] and "o'brien" in found[0]["shared"]


def test_the_site_shows_restatements_slips_and_reversals(run, stories, tmp_path):
    """The tracked claim's page lists each time it was said again and each deadline move, linking the
    restating claims; a restated claim's page names the claim that is tracked; a reversal links both ways."""
    import html as html_lib
    import re

    _results, c = stories
    out = tmp_path / "site"
    run("site", "--out", str(out), "--as-of", "2016-09-01")

    def page(cid: int) -> str:
        (found,) = (out / "claims").glob(f"{cid}-*.html")
        return found.read_text(encoding="utf-8")

    def href(cid: int) -> str:
        (found,) = (out / "claims").glob(f"{cid}-*.html")
        return found.name

    tracked = page(c["any_day"])
    section = tracked[tracked.index('id="restatements"'):tracked.index('class="history"')]
    said = re.findall(r"<li><time>([^<]+)</time>, (.+?): “", section)
    assert [d for d, _o in said] == ["2016-05-26", "2016-07-14"]
    assert "Valley Courier</a>" in said[0][1] and "Harbor City Ledger</a>" in said[1][1]
    assert f'href="{href(c["weeks"])}"' in section and f'href="{href(c["summer"])}"' in section
    assert "Deadline moved 2 times" in section
    moves = re.findall(r"<li><time>[^<]+</time>: (\S+) → (\S+)", section)
    assert moves[0][0] == "2016-05-19" and moves[-1][1] == "2016-08-31"
    restated = html_lib.unescape(page(c["weeks"]))
    assert "this quote restates" in restated and f'href="{href(c["any_day"])}"' in restated
    assert f'href="{href(c["wont"])}"' in page(c["tunnel"]) and "Reversed by" in page(c["tunnel"])
    assert f'href="{href(c["tunnel"])}"' in page(c["wont"]) and "Reverses" in page(c["wont"])
    assert 'id="restatements"' not in page(c["kordofa"])


def test_track_record_counts_restatement_slips_and_scores_a_restated_claim_once(run, stories):
    """The issue's "Track records use it": the restatement slips count, and the prediction said three times is
    scored once, on its first stated probability; the later sayings are shown on the tracked claim."""
    _results, c = stories
    first = run.json("show", str(c["any_day"]))
    run("resolve", str(c["any_day"]), "--as", "not-fulfilled", "--on", "2016-09-01", "--note", "no ceasefire")
    r = run.json("record", "Maria Okonjo")
    assert r["slips"] == 2 and r["slipped_claims"] == 1
    assert r["scored"] == 1  # the two restatements are not scored again
    assert r["mean_p"] == pytest.approx(first["probability"])
    assert r["brier"] == pytest.approx(first["probability"] ** 2)
    (slipped,) = [s for s in r["slipped"] if s["id"] == c["any_day"]]
    assert slipped["slips"] == 2
    for restated in (c["weeks"], c["summer"]):
        assert run.json("show", str(restated))["status"] == "restated"
    said = [e[1] for e in _events(run.db, c["any_day"]) if e[0] == "restatement"]
    assert [(e["claim"], e["probability"]) for e in said] == [(c["weeks"], 0.7), (c["summer"], 0.75)]


def test_dates_occasions_templates_and_ladders(run):
    """Numbers and dates must agree; a slip of the same outcome links; the same habit in another week, a
    template filled in differently or a ladder posted the same day does not link automatically."""
    def add(text: str, said: str, speaker: str = "Ana Ruiz") -> int:
        return int(run("add", text, "--speaker", speaker, "--said", said).stdout.strip())

    sleep = add("I will get 56 hours of sleep this week (starting the night of 2019-02-08)", "2019-02-09")
    add("I will get 56 hours of sleep this week (starting the night of 2019-03-15)", "2019-03-15")
    brent = add("The average Brent crude spot price during May 2019 will be under $40", "2019-01-02")
    add("The average Brent crude spot price during August 2019 will be under $40", "2019-01-09")
    add("Kendrick's favourite rapper right now is Drake, conditional on it being given", "2019-02-01")
    add("Kendrick's favourite rapper right now is Kanye, conditional on it being given", "2019-02-01")
    add("The Ravelo stadium will be finished before 2022-01-01", "2019-04-01")
    ladder = add("The Ravelo stadium will be finished before 2021-01-01", "2019-04-01")
    slip = add("The Ravelo stadium will be finished before 2023-01-01", "2019-10-01")
    links = run.json("links")
    linked = [(x["new"], x["state"]) for x in links if x["state"] == "linked"]
    assert linked == [(slip, "linked")]
    assert all(x["old"] not in (sleep, brent) for x in links)
    assert ladder in {x["new"] for x in links if x["state"] == "suggested"}
