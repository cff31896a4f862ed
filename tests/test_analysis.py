"""The analysis: hedges, probability, time frames, said dates, kind; table-driven, plus property tests."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from conftest import SEED_QUOTE
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.errors import UsageError
from claims.language import analysis, hedging, lexicon, timeframe
from claims.language.said import resolve_said

LEX = lexicon.load()
SAID = date(2016, 5, 19)  # a Thursday


def cues(text):
    return [(c.phrase.lower(), c.category, c.negated) for c in hedging.find_cues(text, LEX)]


# -- hedges and boosters ------------------------------------------------------------------------

@pytest.mark.parametrize("text,phrase,category,negated", [
    ("And frankly, any day that could happen.", "could", "modal", False),
    ("It may rain tomorrow.", "may", "modal", False),
    ("They might pull out.", "might", "modal", False),
    ("I think the deal is done.", "i think", "epistemic", False),
    ("I believe we can win.", "i believe", "epistemic", False),
    ("We expect a vote next week.", "expect", "epistemic", False),
    ("I anticipate a long fight.", "anticipate", "epistemic", False),
    ("I hope it passes.", "i hope", "epistemic", False),
    ("We'll just have to see how that develops over time.", "we'll just have to see", "epistemic", False),
    ("We\u2019ll have to see.", "we\u2019ll have to see", "epistemic", False),
    ("It will probably pass.", "probably", "adverb", False),
    ("A deal is likely.", "likely", "adjective", False),
    ("Possibly the biggest change yet.", "possibly", "adverb", False),
    ("Perhaps they will agree.", "perhaps", "adverb", False),
    ("It will almost certainly pass.", "almost certainly", "adverb", False),
    ("There is a good chance of rain.", "a good chance", "estimative", False),
    ("There is no chance of a deal.", "no chance", "estimative", False),
    ("A deal is unlikely.", "unlikely", "adjective", False),
    ("The odds are roughly even.", "roughly even", "estimative", False),
    ("It is not likely to happen.", "likely", "adjective", True),
    ("I don't think it will pass.", "think", "epistemic", True),
    ("It won't happen.", "won't", "booster", True),
    ("It will never happen.", "never", "booster", False),
    ("There will be a long-term mission in Libya.", "there will be", "booster", False),
    ("It will certainly pass.", "certainly", "booster", False),
    ("It will definitely pass.", "definitely", "booster", False),
    ("There is no doubt it will pass.", "there is no doubt", "booster", False),
    ("I guarantee you it will pass.", "i guarantee", "booster", False),
    ("If the government asks, NATO will help.", "if", "condition", False),
    ("NATO will help unless it is asked not to.", "unless", "condition", False),
    ("They asked whether it would pass.", "whether", "investigation", False),
    ("The drug apparently works.", "apparently", "evidential", False),
    ("It could possibly happen.", "could possibly", "modal", False),
])
def test_cue_table(text, phrase, category, negated):
    found = cues(text)
    assert (phrase, category, negated) in found, found


def test_cue_spans_point_into_the_text():
    text = "Frankly, I think it could possibly happen any day now."
    for c in hedging.find_cues(text, LEX):
        assert text[c.start:c.end] == c.phrase


@pytest.mark.parametrize("text", [
    "Mr. Drabinsky could n't be reached for comment.",
    "The company could not be reached for comment.",
    "The details of that aren't specific.",
    "Sales rose 5 percent in March.",
])
def test_no_hedge(text):
    assert not hedging.is_uncertain(hedging.find_cues(text, LEX))


@pytest.mark.parametrize("text,p,low,high", [
    ("any day that could happen", 0.40, 0.25, 0.50),
    ("A deal is likely.", 0.75, 0.67, 0.80),
    ("It will probably pass.", 0.75, 0.65, 0.80),
    ("It is unlikely.", 0.20, 0.10, 0.25),
    ("It may pass.", 0.40, 0.30, 0.51),
    ("It will almost certainly pass.", 0.95, 0.90, 0.978),
    ("It won't happen.", 0.265, 0.2, 0.388),
    ("I don't think it will pass.", 0.25, 0.15, 0.33),
    ("It could possibly happen.", 0.40, 0.25, 0.50),
    ("There will be a mission.", 1.0, 0.99, 1.0),
])
def test_probability_table(text, p, low, high):
    prob, rng = hedging.implied_probability(hedging.find_cues(text, LEX))
    assert prob == pytest.approx(p) and rng == pytest.approx([low, high])


def test_probability_table_comes_from_the_survey():
    assert LEX.probabilities["could happen"].probability == 0.40
    assert (LEX.probabilities["likely"].low, LEX.probabilities["likely"].high) == (0.67, 0.80)
    assert "CAPphrase" in LEX.probabilities["likely"].source
    assert "IPCC" in LEX.probabilities["virtually certain"].source


def test_hedges_outweigh_boosters_and_the_weakest_hedge_wins():
    p, _ = hedging.implied_probability(hedging.find_cues("It will likely pass.", LEX))
    assert p == 0.75
    p, _ = hedging.implied_probability(hedging.find_cues("I think it might pass.", LEX))
    assert p == 0.40


# -- time frames ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text,kind,start,end", [
    ("any day that could happen", "vague", "2016-05-19", "2016-06-02"),
    ("any day now", "vague", "2016-05-19", "2016-06-02"),
    ("imminently", "vague", "2016-05-19", "2016-06-02"),
    ("in the coming days", "vague", "2016-05-19", "2016-05-29"),
    ("in the coming weeks", "vague", "2016-05-19", "2016-06-30"),
    ("in the coming months", "vague", "2016-05-19", "2016-11-15"),
    ("soon", "vague", "2016-05-19", "2016-08-17"),
    ("shortly", "vague", "2016-05-19", "2016-06-18"),
    ("in the near future", "vague", "2016-05-19", "2016-11-15"),
    ("eventually", "open", "2016-05-19", None),
    ("There will be a long-term mission in Libya", "open", "2016-05-19", None),
    ("in the long run", "open", "2016-05-19", None),
    ("by 2020", "explicit", "2016-05-19", "2020-12-31"),
    ("by March", "explicit", "2016-05-19", "2017-03-31"),
    ("by June", "explicit", "2016-05-19", "2016-06-30"),
    ("in two weeks", "explicit", "2016-05-19", "2016-06-02"),
    ("within five years", "explicit", "2016-05-19", "2021-05-19"),
    ("in 18 months", "explicit", "2016-05-19", "2017-11-19"),
    ("within a year", "explicit", "2016-05-19", "2017-05-19"),
    ("in a couple of weeks", "explicit", "2016-05-19", "2016-06-02"),
    ("by the end of the year", "explicit", "2016-05-19", "2016-12-31"),
    ("by the end of next year", "explicit", "2016-05-19", "2017-12-31"),
    ("by the end of the month", "explicit", "2016-05-19", "2016-05-31"),
    ("by year-end", "explicit", "2016-05-19", "2016-12-31"),
    ("this summer", "explicit", "2016-06-01", "2016-08-31"),
    ("next summer", "explicit", "2017-06-01", "2017-08-31"),
    ("next month", "explicit", "2016-06-01", "2016-06-30"),
    ("next year", "explicit", "2017-01-01", "2017-12-31"),
    ("next week", "explicit", "2016-05-23", "2016-05-29"),
    ("later this year", "explicit", "2016-05-19", "2016-12-31"),
    ("by June 30, 2017", "explicit", "2016-05-19", "2017-06-30"),
    ("on Tuesday", "explicit", "2016-05-24", "2016-05-24"),
    ("by Friday", "explicit", "2016-05-19", "2016-05-20"),
    ("tomorrow", "explicit", "2016-05-20", "2016-05-20"),
    ("in 2018", "explicit", "2018-01-01", "2018-12-31"),
    ("by mid-2017", "explicit", "2016-05-19", "2017-06-30"),
    ("by 2016-09-01", "explicit", "2016-05-19", "2016-09-01"),
])
def test_timeframe_table(text, kind, start, end):
    tf = timeframe.find_timeframe(text, SAID, LEX)
    assert tf is not None, text
    assert (tf.kind, str(tf.start), str(tf.end) if tf.end else None) == (kind, start, end)


def test_timeframe_explanation_and_review():
    tf = timeframe.find_timeframe("any day that could happen", SAID, LEX)
    assert tf.explanation == "any day: due by 2016-06-02, 14 days after it was said (vague, imminent)"
    tf = timeframe.find_timeframe("There will be a long-term mission", SAID, LEX)
    assert tf.review_on == SAID + timedelta(days=1825) and "open-ended" in tf.explanation


@pytest.mark.parametrize("text", ["The details of that aren't specific.", "It rained in 2014.", "may be",
                                  "He was born in 1950."])
def test_no_future_timeframe(text):
    """Past dates and non-dates give no time frame; at most the analysis gives an open-ended review
    date (a claim with no window), never a window ending in the past."""
    assert timeframe.find_timeframe(text, SAID, LEX) is None
    tf = analysis.analyze(text, said_on=SAID, lex=LEX)["timeframe"]
    assert tf is None or (tf["end"] is None and tf["review_on"] > SAID.isoformat())


# -- when it was said -------------------------------------------------------------------------------

@pytest.mark.parametrize("text,expected,precision", [
    ("Thursday", "2016-05-19", "day"),
    ("said Thursday", "2016-05-19", "day"),
    ("Tuesday", "2016-05-17", "day"),
    ("on Tuesday", "2016-05-17", "day"),
    ("Friday", "2016-05-13", "day"),
    ("Monday", "2016-05-16", "day"),
    ("last Thursday", "2016-05-12", "day"),
    ("Wednesday night", "2016-05-18", "day"),
    ("yesterday", "2016-05-18", "day"),
    ("today", "2016-05-19", "day"),
    ("last week", "2016-05-09", "week"),
    ("earlier this week", "2016-05-16", "week"),
    ("earlier this month", "2016-05-01", "month"),
    ("last month", "2016-04-01", "month"),
    ("in March", "2016-03-01", "month"),
    ("in June", "2015-06-01", "month"),
    ("in 2014", "2014-01-01", "year"),
    ("last year", "2015-01-01", "year"),
    ("March 5", "2016-03-05", "day"),
    ("December 25", "2015-12-25", "day"),
    ("May 19, 2016", "2016-05-19", "day"),
    ("2016-05-18", "2016-05-18", "day"),
    ("May 2015", "2015-05-01", "month"),
])
def test_said_table(text, expected, precision):
    assert resolve_said(text, SAID) == (date.fromisoformat(expected), precision)


@pytest.mark.parametrize("text", ["next week", "tomorrow", "2016-05-20", "in 2020", "banana", "", "1234567890"])
def test_said_refuses(text):
    with pytest.raises(UsageError):
        resolve_said(text, SAID)


# -- kind ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,kind", [
    (SEED_QUOTE, "prediction"),
    ("There will be a long-term mission in Libya.", "prediction"),
    ("The details of that aren't specific.", "statement"),
    ("We will support it in the fight against ISIL.", "promise"),
    ("I promise we will cut taxes.", "promise"),
    ("Our government will build the bridge by 2020.", "promise"),
    ("We are going to finish the wall.", "promise"),
    ("I'm committed to closing the base.", "promise"),
    ("We pledge to double the budget.", "promise"),
    ("We won't raise taxes.", "promise"),
    ("The economy will grow next year.", "prediction"),
    ("Inflation is likely to fall.", "prediction"),
    ("I expect the talks to collapse.", "prediction"),
    ("It could happen any day.", "prediction"),
    ("Prices might rise in the coming months.", "prediction"),
    ("NATO will want a request from the new government.", "prediction"),
    ("We'll just have to see how that develops over time.", "statement"),
    ("Who in Libya will the U.S. send weapons to?", "statement"),
    ("It would have worked.", "statement"),
    ("There's a lot of activity going on underneath the surface.", "statement"),
    ("The Italians have indicated to me that they are committed to the mission.", "statement"),
    ("Sales rose 5 percent last year.", "statement"),
])
def test_kind_table(text, kind):
    assert analysis.analyze(text, said_on=SAID)["kind"] == kind


def test_condition_is_kept():
    result = analysis.analyze("If the government asks, NATO will help.", said_on=SAID)
    assert result["condition"] == "If the government asks" and result["kind"] == "prediction"
    result = analysis.analyze("NATO will help if it is asked.", said_on=SAID)
    assert result["condition"] == "if it is asked"


def test_seed_sentences():
    r = analysis.analyze(SEED_QUOTE, said_on=SAID)
    assert r["kind"] == "prediction" and [h["phrase"] for h in r["hedges"]] == ["could"]
    assert r["probability"] == pytest.approx(0.4)
    assert r["timeframe"]["start"] == "2016-05-19" and r["timeframe"]["end"] <= "2016-06-30"
    r = analysis.analyze("There will be a long-term mission in Libya", said_on=SAID)
    assert r["kind"] == "prediction" and r["hedges"][0]["category"] == "booster"
    assert r["timeframe"]["kind"] == "open"
    assert analysis.analyze("The details of that aren't specific", said_on=SAID)["kind"] == "statement"


# -- properties ----------------------------------------------------------------------------------

_words = st.sampled_from(["any day", "soon", "by 2020", "by March", "in two weeks", "next month", "this summer",
                          "eventually", "by the end of the year", "within five years", "it", "will", "could",
                          "Tuesday", "the", "30", "June", "by", "in", "next", "weeks", "2015", "late"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_words, min_size=1, max_size=8), st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)))
def test_windows_never_start_after_they_end(words, said):
    tf = timeframe.find_timeframe(" ".join(words), said, LEX)
    if tf is not None:
        assert tf.start is None or tf.end is None or tf.start <= tf.end
        assert tf.end is None or tf.end >= said


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60), st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)))
def test_said_never_after_publication_and_never_crashes(text, published):
    try:
        said, precision = resolve_said(text, published)
    except UsageError:
        return
    assert said <= published and precision in ("day", "week", "month", "year")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_analysis_never_crashes(text):
    result = analysis.analyze(text, said_on=SAID)
    assert result["kind"] in ("prediction", "promise", "statement")
    for h in result["hedges"]:
        assert text[h["start"]:h["end"]] == h["phrase"]


# -- through the CLI ---------------------------------------------------------------------------------

def test_analyze_command_json(run_sqlite):
    out = json.loads(run_sqlite("analyze", SEED_QUOTE, "--said", "Thursday", "--published", "2016-05-19",
                                "--json").stdout)
    for key in ("kind", "hedges", "probability", "probability_range", "said_on", "said_precision", "timeframe",
                "condition"):
        assert key in out
    assert out["said_on"] == "2016-05-19" and out["said_precision"] == "day"
    assert set(out["hedges"][0]) >= {"phrase", "category", "start", "end", "probability"}
    assert set(out["timeframe"]) >= {"phrase", "kind", "start", "end", "explanation"}
    for said, expected in (("Tuesday", "2016-05-17"), ("Friday", "2016-05-13")):
        r = json.loads(run_sqlite("analyze", "x", "--said", said, "--published", "2016-05-19", "--json").stdout)
        assert r["said_on"] == expected
    people = run_sqlite("analyze", SEED_QUOTE, "--said", "Thursday", "--published", "2016-05-19").stdout
    assert "could" in people and "any day: due by 2016-06-02" in people


def test_analyze_stdin_is_json_lines(run_sqlite):
    out = run_sqlite("analyze", "-", input="It will rain soon.\n\nI doubt it.\n").stdout.splitlines()
    rows = [json.loads(line) for line in out]
    assert [r["text"] for r in rows] == ["It will rain soon.", "I doubt it."]
    assert rows[0]["kind"] == "prediction"


def test_add_fills_the_analysis_unless_given(run_sqlite):
    cid = int(run_sqlite("add", SEED_QUOTE, "--speaker", "Joseph F. Dunford", "--said", "Thursday",
                         "--published", "2016-05-19").stdout)
    claim = run_sqlite.json("show", str(cid))
    assert claim["kind"] == "prediction" and claim["probability"] == pytest.approx(0.4)
    assert claim["due"] == {"start": "2016-05-19", "end": "2016-06-02"}
    assert claim["hedges"][0]["phrase"] == "could" and claim["analysis_version"].startswith("lex-")
    assert claim["overdue"] is True
    cid2 = int(run_sqlite("add", "We will build it soon", "--speaker", "A B", "--kind", "prediction",
                          "--due", "2030", "--probability", "0.9", "--said", "2016-01-01").stdout)
    c2 = run_sqlite.json("show", str(cid2))
    assert (c2["kind"], c2["due"]["end"], c2["probability"]) == ("prediction", "2030-12-31", 0.9)


def test_lexicon_override_and_reanalyze(run_sqlite, tmp_path, monkeypatch):
    cid = int(run_sqlite("add", SEED_QUOTE, "--speaker", "Joseph F. Dunford", "--said", "2016-05-19").stdout)
    before = run_sqlite.json("show", str(cid))
    table = tmp_path / "mine.csv"
    table.write_text("term,probability,low,high,source\ncould happen,0.3,0.2,0.4,our newsroom's own survey\n")
    r = json.loads(run_sqlite("analyze", SEED_QUOTE, "--lexicon", f"probabilities={table}", "--json").stdout)
    assert r["probability"] == 0.3 and r["lexicon_version"] != before["analysis_version"]
    # Recorded claims keep their analysis until asked; re-running records what changed.
    assert run_sqlite.json("show", str(cid))["probability"] == pytest.approx(0.4)
    out = json.loads(run_sqlite("reanalyze", str(cid), "--lexicon", f"probabilities={table}", "--json").stdout)
    assert set(out["changes"]) >= {"probability", "analysis_version"}
    assert out["claim"]["probability"] == 0.3
    last = out["claim"]["events"][-1]
    assert last["type"] == "analysis" and "probability" in last["note"]
    again = json.loads(run_sqlite("reanalyze", str(cid), "--lexicon", f"probabilities={table}", "--json").stdout)
    assert again["changes"] == {}
    # The config file names overrides too.
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    (home / "config.json").write_text(json.dumps({"lexicons": {"probabilities": str(table)}}))
    monkeypatch.setenv("CLAIMS_HOME", str(home))
    assert json.loads(run_sqlite("analyze", SEED_QUOTE, "--json").stdout)["probability"] == 0.3


@pytest.mark.parametrize("content,message", [
    ("term,probability,low,high\ncould happen,2,0,1\n", "need 0 <= low"),
    ("nonsense\n", "needs the columns"),
])
def test_bad_lexicon_file(run_sqlite, tmp_path, content, message):
    table = tmp_path / "bad.csv"
    table.write_text(content)
    r = run_sqlite("analyze", "x", "--lexicon", f"probabilities={table}", ok=False)
    assert r.exit_code == 1 and message in r.stderr and "Traceback" not in r.stderr
    r = run_sqlite("analyze", "x", "--lexicon", "colours=x.csv", ok=False)
    assert r.exit_code == 1 and "unknown lexicon" in r.stderr
