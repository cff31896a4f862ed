"""Ingesting whole articles: the seed story's acceptance, the fixtures, speakers across articles, bad files."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES, SEED

SEED_ARGS = [str(SEED), "--published", "2016-05-19", "--outlet", "The Washington Post"]
pytestmark = pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds is not present")


def ingest_json(run, *args):
    return json.loads(run("ingest", *args, "--json").stdout)


def test_seed_story_acceptance(run):
    out = ingest_json(run, *SEED_ARGS)
    assert out["source"]["published_on"] == "2016-05-19" and out["source"]["outlet"] == "The Washington Post"
    quotes = out["quotes"]
    full = [q for q in quotes if q["verbatim"] and not q["fragment"]]
    assert len(full) == 6
    assert [q["speaker"] for q in full].count("Joseph F. Dunford") == 5
    assert [q["speaker"] for q in full].count("David Rodriguez") == 1
    first = full[0]
    assert first["speaker_title"] == "Marine Gen." and first["speaker_role"] == "chairman of the Joint Chiefs of Staff"
    for q in full:
        for key in ("text", "speaker", "speaker_title", "said_on", "verbatim", "fragment", "start", "end", "claim"):
            assert key in q
    # "said Thursday" is the publication day; Rodriguez "said Tuesday" is 2016-05-17.
    assert {q["said_on"] for q in full if q["speaker"] == "Joseph F. Dunford"} == {"2016-05-19"}
    assert [q["said_on"] for q in full if q["speaker"] == "David Rodriguez"] == ["2016-05-17"]
    # Offsets point into the article as read.
    text = SEED.read_text(encoding="utf-8")
    for q in full:
        assert " ".join(text[q["start"]:q["end"]].split()) == q["text"]
    any_day = next(q for q in full if "any day that could happen" in q["text"])
    claim = any_day["claim"]
    assert claim["kind"] == "prediction" and [h["phrase"] for h in claim["hedges"]] == ["could"]
    assert claim["due"]["start"] == "2016-05-19" and claim["due"]["end"] == "2016-06-02"
    mission = next(q for q in full if "long-term mission" in q["text"])
    assert mission["claim"]["kind"] == "prediction"
    fragments = {q["text"] for q in quotes if q["fragment"]}
    assert {"period of intense dialogue", "a unique contribution", "invasion"} <= fragments
    invasion = next(q for q in quotes if q["text"] == "invasion")
    assert invasion["speaker"] is None and invasion["claim"] is None
    # The related-story headline ending in a question mark is no quotation.
    assert not any("Who in Libya" in q["text"] or "complicated" in q["text"] for q in quotes)
    # Reported predictions are kept in the reporter's words.
    reported = [q for q in quotes if not q["verbatim"]]
    assert any("NATO will want a request" in q["text"] and q["speaker"] == "Joseph F. Dunford" for q in reported)
    assert any("Italian government would take the lead" in q["text"] and q["speaker"] == "Ashton B. Carter"
               for q in reported)
    # What is due afterwards: the "any day" prediction is overdue on 2016-07-01.
    due = run.json("due", "--as-of", "2016-07-01")
    assert any("any day that could happen" in c["text"] for c in due)


def test_ingest_twice_adds_nothing(run):
    first = ingest_json(run, *SEED_ARGS)
    counts = run.json("db", "info")["counts"]
    again = ingest_json(run, *SEED_ARGS)
    assert again["added"] == 0 and again["already_present"] == first["added"] + first["already_present"]
    assert run.json("db", "info")["counts"] == counts


def test_same_words_from_another_outlet_is_an_appearance_and_one_speaker(run):
    ingest_json(run, *SEED_ARGS)
    before = run.json("db", "info")["counts"]
    out = ingest_json(run, str(FIXTURES / "libya-followup.html"))
    assert out["source"]["outlet"] == "Harbor City Ledger" and out["source"]["published_on"] == "2016-05-20"
    same = next(q for q in out["quotes"] if "any day that could happen" in q["text"])
    assert same["said_on"] == "2016-05-19"  # "said on Thursday" in a Friday story
    after = run.json("db", "info")["counts"]
    unnamed = {q["speaker"] for q in out["quotes"] if q["claim"] and not q["named"]}  # "a spokesman for ..."
    assert after["speaker"] == before["speaker"] + len(unnamed)  # "Dunford" is Joseph F. Dunford
    assert after["appearance"] > before["appearance"]
    claim = same["claim"]
    outlets = {a["outlet"] for a in run.json("show", str(claim["id"]))["appearances"]}
    assert outlets == {"The Washington Post", "Harbor City Ledger"}
    speakers = run.json("speakers")
    dunford = next(s for s in speakers if s["name"] == "Joseph F. Dunford")
    assert "Dunford" in dunford["aliases"]
    detail = run.json("speaker", "Gen. Dunford")
    assert detail["name"] == "Joseph F. Dunford"


def test_fixture_html_article(run):
    out = ingest_json(run, str(FIXTURES / "harbour-bridge.html"))
    assert out["source"]["title"].startswith("Port Ellis mayor promises")
    quotes = out["quotes"]
    promise = next(q for q in quotes if q["text"].startswith("We will open the new harbour bridge"))
    assert promise["speaker"] == "Marta Oyelaran" and promise["speaker_title"] == "Mayor"
    assert promise["claim"]["kind"] == "promise" and promise["claim"]["due"]["end"] == "2017-12-31"
    assert promise["said_on"] == "2016-03-10"
    frye = next(q for q in quotes if q["text"].startswith("I think it could easily slip"))
    assert frye["speaker"] == "Tobias Frye" and frye["said_on"] == "2016-03-08"
    assert frye["claim"]["probability"] == pytest.approx(0.4)
    # A quotation over two paragraphs, continuing the same speaker.
    assert any("north bank" in q["text"] and "river floods" in q["text"] and q["speaker"] == "Tobias Frye"
               for q in quotes)
    she = next(q for q in quotes if q["text"].startswith("The people of Port Ellis"))
    assert she["speaker"] == "Marta Oyelaran"
    assert not any("ignore me" in q["text"] or "ferry survive" in q["text"] for q in quotes)


def test_plain_text_needs_a_date_and_flags_win(run):
    r = run("ingest", str(FIXTURES / "central-bank.txt"), ok=False)
    assert r.exit_code != 0 and "--published" in r.stderr and "Traceback" not in r.stderr
    out = ingest_json(run, str(FIXTURES / "central-bank.txt"), "--published", "2016-01-18", "--outlet", "Nordic Wire")
    assert out["source"]["outlet"] == "Nordic Wire"
    marsh = next(q for q in out["quotes"] if q["text"].startswith("There is no chance"))
    assert marsh["speaker"] == "Lena Marsh" and marsh["claim"]["probability"] == pytest.approx(0.02)
    html = ingest_json(run, str(FIXTURES / "harbour-bridge.html"), "--published", "2016-03-11", "--title", "Mine")
    assert html["source"]["published_on"] == "2016-03-11" and html["source"]["title"] == "Mine"


def test_dry_run_stores_nothing(run):
    out = json.loads(run("ingest", *SEED_ARGS, "--dry-run", "--json").stdout)
    assert len(out["quotes"]) >= 6 and all(q["claim"] is None for q in out["quotes"])
    assert run.json("db", "info")["counts"]["quote"] == 0
    assert "any day" in run("ingest", *SEED_ARGS, "--dry-run").stdout


def test_stdin(run):
    out = json.loads(run("ingest", "-", "--published", "2016-05-19", "--json",
                         input=SEED.read_bytes()).stdout)
    assert len([q for q in out["quotes"] if q["verbatim"] and not q["fragment"]]) == 6


def test_statements_are_searchable_quotes(run):
    ingest_json(run, *SEED_ARGS)
    rows = run.json("quotes", "activity underneath")
    assert len(rows) == 1 and rows[0]["speaker"] == "Joseph F. Dunford" and rows[0]["claim_id"] is None
    assert run.json("quotes", "--speaker", "David Rodriguez")[0]["speaker"] == "David Rodriguez"
    assert run.json("quotes", "zebra") == []
    r = run("quotes", '"', "--json", ok=False)
    assert r.exit_code == 2 and "Traceback" not in r.stderr


def test_merge_and_split_speakers(run):
    run("add", "We will build the wall.", "--speaker", "Don Trump", "--said", "2016-01-01")
    run("add", "We will win so much.", "--speaker", "Donald J. Trump", "--said", "2016-01-02")
    merged = json.loads(run("speakers", "merge", "Donald J. Trump", "Don Trump", "--note", "same man",
                            "--json").stdout)
    assert merged["claims_moved"] == 1
    speakers = run.json("speakers")
    assert [s["name"] for s in speakers] == ["Donald J. Trump"] and speakers[0]["claims"] == 2
    assert "Don Trump" in speakers[0]["aliases"]
    claims = run.json("list")
    moved = next(c for c in claims if "wall" in c["text"])
    assert run.json("history", str(moved["id"]))[-1]["type"] == "speaker"
    # The alias now finds him; split it off again, with the quote printed under that name.
    assert run.json("speaker", "Don Trump")["name"] == "Donald J. Trump"
    split = json.loads(run("speakers", "split", "Donald J. Trump", "Don Trump", "--json").stdout)
    assert split["claims_moved"] == 1
    assert {s["name"] for s in run.json("speakers")} == {"Donald J. Trump", "Don Trump"}
    r = run("speakers", "merge", "Nobody Here", "Don Trump", ok=False)
    assert r.exit_code == 1 and "no speaker" in r.stderr
    r = run("speakers", "merge", "Don Trump", "Don Trump", ok=False)
    assert r.exit_code == 2


@pytest.mark.parametrize("content,name,message", [
    (b"", "empty.txt", "empty"),
    (b"   \n\n  ", "blank.txt", "empty"),
    (b"\x00\x01\x02binary\x00", "bin.txt", "binary"),
    (b"caf\xe9 \x93quoted\x94 text said Bob.", "latin1.txt", "UTF-8"),
    (b"<html><head><script>var x = 1;</script></head><body></body></html>", "empty.html", "no article text"),
])
def test_bad_files(run, tmp_path, content, name, message):
    f = tmp_path / name
    f.write_bytes(content)
    r = run("ingest", str(f), "--published", "2016-05-19", ok=False)
    assert r.exit_code == 1 and message in r.stderr and "Traceback" not in r.stderr
    assert run.json("db", "info")["counts"]["quote"] == 0


def test_unbalanced_marks_and_hostile_html(run, tmp_path):
    f = tmp_path / "odd.txt"
    f.write_text('Nothing here is closed.\n\n"We will fix the roads by 2020, said Mayor Ann Lee.\n\n'
                 '<script>alert("x")</script> "=HYPERLINK(1)" she said.\n', encoding="utf-8")
    out = ingest_json(run, str(f), "--published", "2016-05-19")
    assert any("fix the roads" in q["text"] for q in out["quotes"])
    g = tmp_path / "page.html"
    g.write_text("<html><head><title>T</title><script>document.write('\"We will\" said X')</script></head>"
                 "<body><article><p>\u201cWe will cut taxes by 2018,\u201d said Governor Ann Lee on Tuesday.</p>"
                 "<p>More text follows here so that the extractor keeps the paragraph as article content.</p>"
                 "</article></body></html>", encoding="utf-8")
    out = ingest_json(run, str(g), "--published", "2016-05-19")
    assert [q["speaker"] for q in out["quotes"]] == ["Ann Lee"]


def test_huge_file_is_refused_and_others_still_ingested(run, tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 10_000_000)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    r = run("ingest", str(big), str(SEED), str(empty), "--published", "2016-05-19", "--json", ok=False)
    assert r.exit_code == 1
    assert "big.txt" in r.stderr and "MB" in r.stderr and "empty.txt" in r.stderr
    assert "2 of 3 files failed" in r.stderr
    results = json.loads(r.stdout)
    assert len(results) == 1 and results[0]["added"] > 0
    assert run.json("db", "info")["counts"]["quote"] > 0


def test_each_article_is_one_transaction(run_sqlite, tmp_path):
    """Several files: each article goes in whole or not at all. A good article followed by a bad one
    leaves the good one stored complete and nothing of the bad one; the shared quotes of two outlets'
    copies are one quote with two appearances."""
    for i in range(2):
        run_sqlite("ingest", *SEED_ARGS[:3], "--outlet", f"Outlet {i}", "--url", f"https://o{i}.example/x")
    info = run_sqlite.json("db", "info")["counts"]
    assert info["source"] == 2 and info["appearance"] == 2 * info["quote"]
    alone = run_sqlite.json("ingest", str(FIXTURES / "harbour-bridge.html"), "--dry-run")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00\x00 not text")
    r = run_sqlite("ingest", str(FIXTURES / "harbour-bridge.html"), str(bad), ok=False)
    assert r.exit_code == 1 and "bad.txt" in r.stderr
    after = run_sqlite.json("db", "info")["counts"]
    stored = [q for q in alone["quotes"] if q["speaker"] and q["text"].strip()]
    assert after["source"] == info["source"] + 1
    assert after["quote"] - info["quote"] == len({(q["speaker"], q["text"]) for q in stored})
    assert after["claim"] - info["claim"] == sum(q["kind"] in ("prediction", "promise") for q in stored)


def test_cli_default_db_is_the_users(tmp_path, monkeypatch):
    """Without --db or CLAIMS_DB the database is claims.db in the user's claims folder, created there."""
    home = tmp_path / "h"
    monkeypatch.setenv("CLAIMS_HOME", str(home))
    from typer.testing import CliRunner

    import cli

    runner = CliRunner()
    added = runner.invoke(cli.app, ["add", "It could happen any day", "--speaker", "A. Person"])
    assert added.exit_code == 0, added.stderr
    r = runner.invoke(cli.app, ["db", "info", "--json"])
    assert r.exit_code == 0
    assert json.loads(r.stdout)["location"].endswith(str(home / "claims.db"))
    assert (home / "claims.db").is_file()
    assert json.loads(r.stdout)["counts"]["claim"] == 1


def test_attribution_constructions(run):
    """One story exercising each attribution rule: a speaker named after the quote with a party tag and a
    relative clause, "he said" for the person the paragraph is about, "According to X", a colon intro in
    the previous paragraph, an unnamed source, a dash sign-off, and reported speech."""
    out = ingest_json(run, str(FIXTURES / "council-debate.txt"), "--published", "2015-09-17")
    by_text = {q["text"][:30]: q for q in out["quotes"]}

    def who(prefix):
        return next(q for t, q in by_text.items() if t.startswith(prefix))

    assert who("We will put the levy")["speaker"] == "Priya Anand"
    assert who("We will put the levy")["speaker_title"] == "Councilwoman"
    assert who("We will put the levy")["said_on"] == "2015-09-16"  # the lede's "on Wednesday"
    assert who("It is unlikely")["speaker"] == "Harold Whitcombe"  # "he said", the person just described
    assert who("It is unlikely")["speaker_title"] == "Council President"
    assert who("the numbers simply")["speaker"] == "Harold Whitcombe"  # According to Whitcombe
    assert who("the numbers simply")["fragment"] is True
    assert who("The tram will open")["speaker"] == "Priya Anand"  # "Anand later posted on social media:"
    assert who("The tram will open")["claim"]["kind"] == "promise"
    assert who("The tram will open")["claim"]["due"]["end"] == "2020-12-31"
    assert who("We are going to spend")["speaker"] == "Carl Ostrowski"
    assert who("It's a tax on working")["speaker"] == "one resident"
    assert who("It's a tax on working")["named"] is False  # an unnamed source is a speaker, as described
    resident = next(s for s in run.json("speakers") if s["name"] == "one resident")
    assert resident["quotes"] == 2
    assert who("Transit is the only way")["speaker"] == "Lena Okafor"  # "…" ― Lena Okafor
    ruiz = who("I think a compromise")
    assert ruiz["speaker"] == "Dana Ruiz" and ruiz["said_on"] == "2015-09-15"  # "said Tuesday"
    assert ruiz["claim"]["due"]["end"] == "2015-10-27"  # "in the coming weeks": 42 days
    assert any(q["speaker"] == "Dana Ruiz" and not q["verbatim"] for q in out["quotes"])
    assert not any("afford a tram" in q["text"] for q in out["quotes"])


def _stored(run) -> list:
    """What a database holds, without the clock's columns (when it was written) and ids: comparable."""
    exported = run("export", "--format", "jsonl").stdout.splitlines()
    rows = []
    for line in exported:
        record = json.loads(line)
        for key in ("created_at", "recorded_at", "updated_at", "id"):
            record.pop(key, None)
        for event in record.get("history", []) or record.get("events", []):
            for key in ("recorded_at", "at", "id"):
                event.pop(key, None)
        rows.append(json.dumps(record, sort_keys=True))
    return rows


def _many_files(tmp_path) -> list[str]:
    """Twenty files: the fixture articles, some twice (a copy stores nothing new: order matters), an empty
    file and a missing one among them."""
    arts = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".txt", ".html") and p.name != "walkthrough.jsonl")
    paths = []
    for i in range(18):
        src = arts[i % len(arts)]
        dst = tmp_path / f"{i:02d}-{src.name}"
        dst.write_bytes(src.read_bytes())
        paths.append(str(dst))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    paths.insert(5, str(empty))
    paths.insert(11, str(tmp_path / "missing.txt"))
    return paths


def test_many_files_read_in_worker_processes_store_what_one_process_stores(tmp_path):
    from conftest import Cli

    paths = _many_files(tmp_path)
    outs = {}
    for jobs in ("1", "3"):
        run = Cli(str(tmp_path / f"jobs{jobs}.db"))
        r = run("ingest", *paths, "--published", "2016-05-19", "--jobs", jobs, "--json", ok=False)
        assert r.exit_code == 1, r.stderr
        assert "empty.txt" in r.stderr and "missing.txt" in r.stderr and "2 of 20 files failed" in r.stderr
        results = json.loads(r.stdout)
        assert len(results) == 18
        outs[jobs] = (results, _stored(run), run.json("db", "info")["counts"])
    one, three = outs["1"], outs["3"]
    assert one[2] == three[2] and one[2]["claim"] > 10
    assert one[1] == three[1]
    for a, b in zip(one[0], three[0], strict=True):
        assert (a["source"], a["added"], a["already_present"]) == (b["source"], b["added"], b["already_present"])
        assert [q["text"] for q in a["quotes"]] == [q["text"] for q in b["quotes"]]
    assert sum(r["already_present"] for r in three[0]) > 0  # the copies, after their first


def test_jobs_must_be_a_positive_number(run):
    for bad in ("0", "-2", "two"):
        r = run("ingest", str(SEED), "--published", "2016-05-19", "--jobs", bad, ok=False)
        assert r.exit_code == 2 and "--jobs" in r.stderr
    assert run.json("db", "info")["counts"]["quote"] == 0
