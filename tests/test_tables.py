"""Tables for people: the quote is cut to the terminal's width but keeps the hedge and the time frame in
view; --full prints it whole. On list, due, search and quotes."""

from __future__ import annotations

import re

import pytest
from conftest import SEED_QUOTE, add_seed
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.commands.render import excerpt

BRIDGE = ("It is likely that within five years the council will, after long debate about budgets and priorities "
          "and the views of residents, build the new bridge across the harbour.")


def _table_lines(stdout: str) -> list[str]:
    return [ln for ln in stdout.splitlines() if ln.strip()]


@pytest.mark.parametrize("command", [["list"], ["due", "--as-of", "2016-05-25"], ["search", "agreement"]])
def test_cut_quote_keeps_hedge_and_time_frame(run, monkeypatch, command):
    add_seed(run)
    for columns in (80, 100, 120):
        monkeypatch.setenv("COLUMNS", str(columns))
        out = run(*command).stdout
        assert all(len(ln) <= columns for ln in out.splitlines()), out
        assert "any day that could happen" in out, out
        assert SEED_QUOTE not in " ".join(out.split())  # it was cut
        assert "…" in out


def test_a_narrow_terminal_still_shows_both_cues(run_sqlite, monkeypatch):
    add_seed(run_sqlite)
    for columns in (72, 70):
        monkeypatch.setenv("COLUMNS", str(columns))
        out = run_sqlite("list").stdout
        line = next(ln for ln in out.splitlines() if ln.startswith("1 "))
        assert len(line) <= columns and "any day" in line and "could" in line, out


def test_both_cues_of_a_long_quote_stay_in_view(run_sqlite, monkeypatch):
    run_sqlite("add", BRIDGE, "--speaker", "Jane Roe", "--said", "2017-01-01")
    monkeypatch.setenv("COLUMNS", "80")
    out = run_sqlite("list").stdout
    line = next(ln for ln in out.splitlines() if "Jane Roe" in ln)
    assert "likely" in line and "within five years" in line and len(line) <= 80


@pytest.mark.parametrize("command", [["list"], ["due", "--as-of", "2016-05-25"], ["search", "agreement"],
                                     ["quotes"], ["quotes", "agreement"]])
def test_full_prints_the_whole_quote(run_sqlite, monkeypatch, command):
    add_seed(run_sqlite)
    monkeypatch.setenv("COLUMNS", "80")
    cut = run_sqlite(*command).stdout
    full = run_sqlite(*command, "--full").stdout
    words = re.findall(r"\S+", SEED_QUOTE)
    shown = set(re.findall(r"\S+", full))
    assert all(w in shown for w in words), full  # wrapped, but every word there
    assert not all(w in set(re.findall(r"\S+", cut)) for w in words)
    assert all(len(ln) <= 80 for ln in full.splitlines())
    monkeypatch.setenv("COLUMNS", "400")
    assert SEED_QUOTE in run_sqlite(*command, "--full").stdout


def test_quotes_table_fits_the_terminal(run_sqlite, monkeypatch):
    add_seed(run_sqlite)
    monkeypatch.setenv("COLUMNS", "72")
    out = run_sqlite("quotes").stdout
    assert all(len(ln) <= 72 for ln in _table_lines(out)) and "We're just" in out


def test_excerpt_examples():
    spans = [(SEED_QUOTE.index("any day"), SEED_QUOTE.index("any day") + 7),
             (SEED_QUOTE.index("could"), SEED_QUOTE.index("could") + 5)]
    assert excerpt(SEED_QUOTE, 30, spans) == "… any day that could happen."
    assert excerpt(SEED_QUOTE, 200, spans) == SEED_QUOTE
    assert excerpt(SEED_QUOTE, 40, []) == "We're just not ready to deploy…"
    assert excerpt("x" * 50_000, 40, []) == "x" * 39 + "…"
    assert excerpt("a\n\n b\tc", 10, [(0, 1)]) == "a b c"


_words = st.lists(st.text(alphabet="abcdefghij'.,", min_size=1, max_size=12), min_size=1, max_size=60)


@settings(max_examples=300, deadline=None)
@given(words=_words, width=st.integers(min_value=12, max_value=200), data=st.data())
def test_excerpt_fits_and_keeps_what_fits(words, width, data):
    text = " ".join(words)
    picks = sorted(set(data.draw(st.lists(st.integers(0, len(words) - 1), max_size=3))))
    starts = [sum(len(w) + 1 for w in words[:i]) for i in range(len(words))]
    spans = [(starts[i], starts[i] + len(words[i])) for i in picks]
    out = excerpt(text, width, spans)
    assert len(out) <= width
    if len(text) <= width:
        assert out == text
    elif spans and spans[-1][1] - spans[0][0] + 4 <= width:
        assert text[spans[0][0]:spans[-1][1]] in out  # one window holds every cue
    elif spans and sum(len(words[i]) for i in picks) + 3 * (len(picks) - 1) + 4 <= width:
        assert all(words[i] in out for i in picks)  # one piece for each cue
