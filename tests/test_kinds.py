"""What was claimed, and when (issue 11): kinds, said dates, due windows, probability sentence, tidy text,
the plain-text masthead; and the lexicon data's integrity (issue 7)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from claims.language import analysis, hedging, lexicon, timeframe
from claims.language.said import resolve_said
from claims.reading.articles import masthead, read_article
from claims.reading.extract import extract

ROOT = Path(__file__).resolve().parent.parent
LEX = lexicon.load()
SAID = date(2026, 12, 7)
PUBLISHED = date(2026, 12, 10)


def kind(text: str) -> str:
    return analysis.analyze(text, said_on=SAID)["kind"]


@pytest.mark.parametrize("text,expected", [
    # reported predictions and promises, as the reporter writes them
    ("the council would review the timetable in June", "prediction"),
    ("Maria Lopez doubted the trains would run before 2026", "prediction"),
    ("The transport authority is expected to announce a new operator within two weeks", "prediction"),
    ("the government would open four new surgical hubs before Christmas", "prediction"),
    ("a strike was possible in January", "prediction"),
    # hedged claims
    ("It is probably achievable, but only if the money arrives.", "prediction"),
    ("Maybe even the autumn, if the contractors deliver.", "prediction"),
    # past and present are not the future
    ("His members had raised the issue with managers in November.", "statement"),
    ("She told us the backlog would be gone by the summer.", "statement"),
    ("I'll believe it when I see it.", "statement"),
    ("Officials are now waiting to see who will receive weapons.", "statement"),
    ("We did not anticipate that would be the case.", "statement"),
    ("He wouldn't elaborate.", "statement"),
    ("In January, American Medical brought in a new chief executive.", "statement"),
    ("The company could not be reached for comment.", "statement"),
    ("Neither they nor Mr. McAlpine could be reached for comment.", "statement"),
    ("An agreement could be reached in the coming weeks.", "prediction"),
    # contractions and names
    ("It's going to get bloody.", "prediction"),
    ("They'll see images of the Pope with Fidel Castro.", "prediction"),
    ("William Goldberg joined the board.", "statement"),
])
def test_kind(text, expected):
    assert kind(text) == expected


@pytest.mark.parametrize("text,expected", [
    # a parenthetical between the modal and its verb
    ("The minister might, however, change her mind.", "prediction"),
    ("Prices would, in the view of most analysts, keep rising.", "prediction"),
    # a forecast recounted under a past perfect report or to the speaker: someone's earlier view
    ("The governor had argued the bridge should stay closed.", "statement"),
    ("Analysts had suggested the deal was likely to collapse.", "statement"),
    ("She told us the plant could close.", "statement"),
    # "can" under a belief is a forecast; "can" alone is ability or permission now
    ("I believe we can finish the tunnel.", "prediction"),
    ("The mayor is confident that the city can balance its budget.", "prediction"),
    ("The council can set its own tax rate.", "statement"),
    # a future verb in a wh-clause after "about" is asked about, not forecast
    ("There are questions about whether the minister will stay.", "statement"),
    ("Experts disagree about how much pressure will be needed.", "statement"),
    ("The minister will stay, despite questions about her health.", "prediction"),
])
def test_kind_clauses(text, expected):
    assert kind(text) == expected


def test_marker_families():
    from claims.language.classify import marker_families
    assert marker_families("It is expected to close, and there will be a vote.", LEX) == ["expect", "will"]
    assert marker_families("He wouldn't elaborate.", LEX) == ["refusal"]
    assert marker_families("Sales could fall.", LEX) == ["modal:could"]


@pytest.mark.parametrize("text", ["On May 20, 1983, the plant opened.", "Brian May played the anthem.",
                                  "She was playing Devil May Cry."])
def test_capital_may_is_not_the_modal(text):
    assert "may" not in [c.phrase.lower() for c in hedging.find_cues(text, LEX)]
    assert kind(text) == "statement"


def test_lower_case_may_is_still_the_modal():
    assert [c.phrase for c in hedging.find_cues("It may rain. May it pass?", LEX)][:1] == ["may"]


def test_probability_comes_from_the_claim_sentence():
    text = ("She promised the same thing last spring. Why should anyone believe her now? "
            "The government will almost certainly miss this deadline")
    r = analysis.analyze(text, said_on=SAID)
    assert r["kind"] == "prediction" and r["probability"] == pytest.approx(0.95)
    assert r["claim_sentence"] == 2
    assert {h["sentence"] for h in r["hedges"]} <= {0, 1, 2}
    assert any(h["phrase"] == "almost certainly" and h["sentence"] == 2 for h in r["hedges"])


def test_slips_into_the_summer_is_a_window():
    tf = timeframe.find_timeframe("the timetable slips into the summer", SAID, LEX)
    assert (tf.start, tf.end) == (date(2027, 6, 1), date(2027, 8, 31))
    assert kind("the timetable slips into the summer at the latest") == "prediction"


def test_claim_without_window_gets_a_review_date():
    r = analysis.analyze("NATO will want a request from the new government.", said_on=SAID)
    tf = r["timeframe"]
    assert r["kind"] == "prediction" and tf["kind"] == "open" and tf["end"] is None
    assert tf["review_on"] == "2027-12-07"
    assert analysis.analyze("Sales rose.", said_on=SAID)["timeframe"] is None


def test_claims_due_brings_back_a_claim_without_window(run):
    out = run("add", "NATO will want a request from the new government.", "--speaker", "Joseph F. Dunford",
                     "--said", "2016-05-19", "--json")
    assert out.exit_code == 0, out.stderr
    due = run("due", "--as-of", "2017-06-01", "--json")
    assert due.exit_code == 0, due.stderr
    assert [c["text"] for c in json.loads(due.stdout)] == ["NATO will want a request from the new government."]
    assert json.loads(run("due", "--as-of", "2016-06-01", "--json").stdout) == []


@pytest.mark.parametrize("text,expected,precision", [
    ("in November", "2026-11-01", "month"),  # a month without a year in a past-tense story: the last one
    ("in December", "2026-12-01", "month"),
    ("in January", "2026-01-01", "month"),
])
def test_month_without_year_is_the_last_such_month(text, expected, precision):
    assert resolve_said(text, PUBLISHED) == (date.fromisoformat(expected), precision)


@pytest.fixture(scope="module")
def stories():
    out = {}
    for name in ("riverside-trains", "wire-hospitals"):
        article = read_article(str(ROOT / "fixtures" / "claims" / f"{name}.txt"), published=PUBLISHED)
        out[name] = (article, [f.as_dict() for f in extract(article)])
    return out


def _find(found, piece):
    return next(d for d in found if piece in d["text"])


def test_reported_predictions_and_promises_are_found(stories):
    _, found = stories["riverside-trains"]
    lede = _find(found, "clear the backlog")
    assert (lede["kind"], lede["speaker"], lede["said_on"], lede["timeframe"]["end"]) == (
        "promise", "Maria Lopez", "2026-12-07", "2027-03-31")
    review = _find(found, "would review the timetable in June")
    assert (review["kind"], review["verbatim"], review["timeframe"]["end"]) == ("prediction", False, "2027-06-30")
    doubt = _find(found, "doubted the trains would run")
    assert doubt["text"].startswith("Maria Lopez doubted") and doubt["probability"] == pytest.approx(0.25)
    _, found = stories["wire-hospitals"]
    hubs = _find(found, "four new surgical hubs")
    assert (hubs["speaker"], hubs["said_on"], hubs["timeframe"]["end"]) == ("Priya Shah", "2026-12-08", "2026-12-25")


def test_said_date_is_not_the_claims_own_date(stories):
    _, found = stories["riverside-trains"]
    strike = _find(found, "a strike was possible in January")
    assert strike["said_on"] == "2026-12-07" and strike["timeframe"]["end"] == "2027-01-31"


def test_said_date_does_not_leak_from_the_next_paragraph(stories):
    _, found = stories["riverside-trains"]
    last = _find(found, "slips into the summer")
    assert last["said_on"] == "2026-12-07"  # "Last month," opens the next paragraph


def test_statements_are_not_tracked(stories):
    for _, found in stories.values():
        for piece in ("raised the issue", "believe it when", "told us the backlog", "waiting to see",
                      "did not anticipate"):
            assert all(d["kind"] == "statement" for d in found if piece in d["text"]), piece


def test_quote_text_is_tidy(stories):
    _, found = stories["riverside-trains"]
    buses = _find(found, "extra buses")
    assert buses["text"] == "The city will pay for the extra buses"
    assert not any(d["text"].startswith(("RIVERSIDE", "LONDON")) for s in stories.values() for d in s[1])


def test_plain_text_masthead_and_headline(stories):
    article, _ = stories["riverside-trains"]
    assert (article.outlet, article.title) == ("The Riverside Courier",
                                               "Council promises new rail timetable as union warns of strike")
    seed = (ROOT.parent / "shared" / "seeds" / "000_f059b1a27e06f5de.txt").read_text(encoding="utf-8")
    assert masthead(seed) == ("The Washington Post",
                              "Agreement that could lead to U.S. troops in Libya could be reached \u2018any day\u2019")
    assert stories["wire-hospitals"][0].outlet is None
    assert masthead("One sentence only. Nothing else here.\nAnd more text.") == (None, None)


def test_eval_claims_fixtures_all_right():
    """The sidecar files and the extraction agree on every field (bench/eval_claims.py's first table)."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import eval_claims
    finally:
        sys.path.pop(0)
    tally, wrong = eval_claims.score_fixtures()
    assert wrong == [] and all(r == n for r, n in tally.values())


# -- lexicon data (issue 7) ------------------------------------------------------------------------

def test_probabilities_csv_is_what_the_survey_data_derives():
    script = ROOT / "bench" / "derive_probabilities.py"
    data = ROOT.parent / "shared" / "data" / "probability-phrases"
    if not data.exists():
        pytest.skip(f"survey data not found at {data}")
    derived = subprocess.run([sys.executable, str(script), str(data)], capture_output=True, text=True, check=True)
    stored = (ROOT / "claims" / "language" / "data" / "probabilities.csv").read_text(encoding="utf-8")
    assert list(csv.reader(io.StringIO(derived.stdout))) == list(csv.reader(io.StringIO(stored)))


def test_kinds_and_calendar_are_overridable_and_versioned(tmp_path):
    kinds = tmp_path / "kinds.json"
    kinds.write_text(json.dumps({"lists": {"idioms": {"words": ["the trains will run"]}}}), encoding="utf-8")
    cal = tmp_path / "calendar.json"
    cal.write_text(json.dumps({"numbers": {"a score of": 20}}), encoding="utf-8")
    lex = lexicon.load({"kinds": str(kinds), "calendar": str(cal)})
    assert lex.version != LEX.version
    assert analysis.analyze("The trains will run.", said_on=SAID, lex=lex)["kind"] == "statement"
    assert analysis.analyze("The trains will run.", said_on=SAID)["kind"] == "prediction"
    tf = timeframe.find_timeframe("within a score of days", SAID, lex)
    assert tf is not None and (tf.end - SAID).days == 20
    assert lex.calendar["numbers"]["two"] == 2  # built-in words are kept


def test_bad_kinds_lexicon_is_one_clear_error(tmp_path):
    bad = tmp_path / "kinds.json"
    bad.write_text(json.dumps({"lists": {"idioms": {"words": "not a list"}}}), encoding="utf-8")
    with pytest.raises(Exception, match="needs 'words'"):
        lexicon.load({"kinds": str(bad)})


@pytest.mark.parametrize("text,expected", [
    # a likelihood judgement recounted under a past perfect report or told to the speaker, like a modal there
    ("She told us the backlog was likely to be gone by the summer.", "statement"),
    ("The chairman had suggested that friendly institutions were likely to buy its stock on Monday.", "statement"),
    ("The backlog is likely to be gone by the summer, she said.", "prediction"),
    ("The union warned that a strike was possible in January.", "prediction"),
    # comment clauses forecast nothing; the rest of the sentence still can
    ("It is fairly intense, as you might well imagine.", "statement"),
    ("As you can imagine, it is hard.", "statement"),
    ("As you may know, the bridge will open in June.", "prediction"),
    ("As you might imagine, the vote could go either way.", "prediction"),
    # speech repairs and fillers in broadcast transcripts
    ("It's fairly intense, as you might w- well imagine.", "statement"),
    ("It would uh have gone by now.", "statement"),
    ("Long- and short-term rates will rise.", "prediction"),
])
def test_recounted_likelihood_comment_clauses_and_repairs(text, expected):
    assert kind(text) == expected


def test_hedges_in_a_comment_clause_do_not_set_the_probability():
    aside = analysis.analyze("As you may know, the bridge will open in June.", said_on=SAID)
    plain = analysis.analyze("The bridge will open in June.", said_on=SAID)
    assert aside["kind"] == "prediction" and aside["probability"] == plain["probability"]
    assert [h["phrase"] for h in aside["hedges"]][:1] == ["may"]  # still listed, as every cue is
    hedged = analysis.analyze("As you may know, the bridge could open in June.", said_on=SAID)
    assert hedged["probability"] == analysis.analyze("The bridge could open in June.", said_on=SAID)["probability"]
