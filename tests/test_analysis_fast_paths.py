"""The analysis' fast paths (issue 11, analysis speed) give what the plain scans give: hedge cues from a
lower-cased word list, future-marker triggers found with ``str.find``, time-frame rules and vague horizons
tried only where their number or word stands."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.language import classify, hedging, lexicon, timeframe

LEX = lexicon.load()
SAID = date(2026, 12, 7)

# Words that make cues, triggers and time frames, in several casings, and characters that trip a fast path:
# the four that match a Latin letter only under IGNORECASE, one whose lower case is longer ("İ" -> "i̇"),
# curly apostrophes, and an upper-case "N'T".
_PIECES = ["will", "WILL", "Will", "won't", "WON'T", "wouldn't", "COULDN'T", "don't", "DON'T", "DON't",
           "may", "May", "might", "could", "should", "would", "'ll", "'d", "we'll", "he'd", "likely",
           "unlikely", "expected", "expects", "doubted", "doubts", "going", "about", "due", "I", "think",
           "not", "probably", "if", "by", "in", "2017", "2017-03-01", "(12)", "soon", "long-term",
           "the", "next", "few", "weeks", "coming", "March", "\u0130", "\u0131", "\u017f", "\u212a",
           "w\u0130ll", "\u017fhould", "it", "\u2019ll", "n\u2019t", ",", ".", "?", "-", "\u201c"]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=14).map(" ".join) | st.text(max_size=80)


def _cues_one_token_at_a_time(text: str) -> list[hedging.Cue]:
    """The cue scan as it was first written: every token lower-cased on its own, every token tried."""
    plain = text.translate(hedging._APOSTROPHES)
    tokens = hedging._tokens(plain)
    index = hedging._index(LEX)
    out: list[hedging.Cue] = []
    last, i, n = 0, 0, len(tokens)
    while i < n:
        match = next(((toks, key, neg) for toks, key, neg in index.get(tokens[i][2], ())
                      if tuple(t[2] for t in tokens[i:i + len(toks)]) == toks), None)
        if match is None:
            i += 1
            continue
        toks, key, negated = match
        j = i + len(toks)
        if not negated:
            before = [t[2] for t in tokens[max(last, i - 3):i]]
            negated = any(t in hedging._NEGATORS or t.endswith("n't") for t in before) or (
                j < n and tokens[j][2] in hedging._AFTER_NEG)
        cue = hedging._cue(text, plain, LEX.hedges[key], tokens[i][0], tokens[j - 1][1], negated, LEX)
        if cue is not None:
            out.append(cue)
        last = i = j
    return out


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_cues_are_those_of_the_token_by_token_scan(text):
    assert hedging.find_cues(text, LEX) == _cues_one_token_at_a_time(text)


@pytest.mark.parametrize("text,phrases", [
    ("\u0130stanbul may win, I think.", ["may", "I think"]),  # lower case is longer: tokens one by one
    ("WE DON'T THINK IT WILL PASS.", ["THINK", "WILL"]),  # a capital in "N'T": tokens one by one
    ("We don't think it will pass.", ["think", "will"]),
])
def test_cue_spans_on_the_slow_paths(text, phrases):
    cues = hedging.find_cues(text, LEX)
    assert [c.phrase for c in cues] == phrases
    assert all(text[c.start:c.end] == c.phrase for c in cues)


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_triggers_are_those_of_the_full_scan(text):
    plain = text.replace("\u2019", "'")
    toks = set(classify._LETTERS.findall(plain.lower()))
    assert [m.span() for m in classify._triggers(plain, toks)] == [m.span() for m in classify._TRIGGER.finditer(plain)]


@pytest.mark.parametrize("text", ["It w\u0130ll rain.", "They \u017fhould go.", "WON'T", "we'll go, he'd say"])
def test_triggers_with_case_folding_characters(text):
    toks = set(classify._LETTERS.findall(text.lower()))
    assert [m.group() for m in classify._triggers(text, toks)] == [m.group() for m in
                                                                     classify._TRIGGER.finditer(text)] != []


def _timeframe_every_rule(text: str) -> timeframe.Timeframe | None:
    """The time frame with every rule and the vague horizons tried on every sentence (no gates)."""
    low = text.lower().replace("\u2019", "'")
    for _name, pattern, handler, _needs in timeframe.rules(LEX):
        for m in pattern.finditer(low):
            try:
                got = handler(m.groupdict(), SAID, LEX.calendar)
            except (ValueError, OverflowError, KeyError):
                got = None
            if got is None or got[1] < SAID:
                continue
            return timeframe.Timeframe(text[m.start():m.end()], "explicit", None, None, "", "", (m.start(), m.end()))
    vague, _keys = timeframe._vague(LEX)
    hit = vague.search(low)
    return timeframe.Timeframe(text[hit.start():hit.end()], "vague", None, None, "", "",
                               (hit.start(), hit.end())) if hit else None


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_gated_time_frame_rules_find_what_every_rule_finds(text):
    got, want = timeframe.find_timeframe(text, SAID, LEX), _timeframe_every_rule(text)
    if want is None or not timeframe.has_date_word(text):
        assert got is None
    else:
        assert got is not None and (got.phrase, got.span) == (want.phrase, want.span)


@pytest.mark.parametrize("text,phrase", [
    ("The plant will open in 2027.", "in 2027"),
    ("The plant will open by 2027-03-01 (12).", "by 2027-03-01"),
    ("Item (12): it will close in the coming weeks.", "in the coming weeks"),
    ("It is a long-term plan.", "long-term"),
])
def test_gated_rules_still_fire(text, phrase):
    tf = timeframe.find_timeframe(text, SAID, LEX)
    assert tf is not None and tf.phrase == phrase
    assert re.search(re.escape(phrase), text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([*_PIECES, "was", "WAS", "wasn't", "said", "\u017faid", "raised", "RAISED", "needed",
                                 "red", "ago", "Ago"]), max_size=14).map(" ".join) | st.text(max_size=80))
def test_past_gate_agrees_with_the_past_pattern(text):
    p = classify._words(LEX)
    assert classify._past(text, p) == bool(p["past"].search(text))
