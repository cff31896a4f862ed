"""When a quote's forecast is anchored: the dates it is about, its deadline, and whether it is tied to the occasion.

Two quotes in the same words can still be two predictions: "56 hours of sleep this week (starting the night of
2019-02-08)" and the same words with 2019-04-13 are one habit measured in two weeks, "average price during May
2019" and "during August 2019" two months, "before 2002-01-01" and "before 2001-01-01", posted the same minute,
a ladder of two questions. A restatement with a later deadline, on the other hand, is the same prediction
slipping ("by the end of the summer" after "within weeks"). :func:`anchors` tells the parts apart:

- ``dates``: explicit calendar mentions (ISO dates, month names, quarters and halves, weekdays) that no
  deadline cue governs: what the forecast is *about*. They must agree, as numbers must.
- ``when``: the deadline material (a date after "by", "before", "until" ..., a number of hours or years, the
  analysed time-frame phrase). A new one is a slip, not another prediction, unless said on the same occasion.
- ``occasion``: a cue that ties the forecast to the day it was said ("today", "tonight", "this week") or
  makes it a recurring one ("daily", "every week"): TimeML's document-time-relative and SET expressions.
  Two such quotes said on different days are about different occasions.

The cue lists are data (``data/gist.json``: ``deadline_cues``, ``occasion_cues``, each with its source).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from claims.language.dates import CALENDAR

_MONTHS = sorted((m for m in CALENDAR["months"] if len(m) >= 3), key=len, reverse=True)
_WEEKDAYS = sorted((d for d in CALENDAR["weekdays"] if len(d) >= 3), key=len, reverse=True)
# A calendar mention: an ISO date, a month name (capitalised: "may" is a modal verb) with its day and year, a
# quarter or half ("Q1", "H2"), a weekday name (capitalised).
_DATE = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b"
    r"|\b(?:" + "|".join(m.capitalize() for m in _MONTHS) + r")\b\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?)?(?:,?\s+\d{4})?"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:" + "|".join(m.capitalize() for m in _MONTHS) + r")\b(?:,?\s+\d{4})?"
    r"|\b[QH][1-4]\b"
    r"|\b(?:" + "|".join(d.capitalize() for d in _WEEKDAYS) + r")\b")
# A number of minutes ... decades: a duration, which is a deadline ("within the next 10 hours", "5 more years").
_DURATION = re.compile(r"\b(\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+"
                       r"(?:more\s+|further\s+|extra\s+)?(minute|hour|day|week|fortnight|month|quarter|year|decade)s?\b",
                       re.I)
_WORDS = re.compile(r"[\w']+")


@dataclass(frozen=True)
class Anchors:
    dates: tuple[str, ...] = ()  # what the forecast is about: must agree
    when: tuple[str, ...] = ()  # its deadline: may move (a slip)
    occasion: bool = False  # tied to the day it was said, or recurring


def date_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` names a calendar date (kept out of the content words: :class:`Anchors` compares them)."""
    return [m.span() for m in _DATE.finditer(text)]


def _cue_before(text: str, start: int, cues: tuple[str, ...], reach: int = 3) -> bool:
    """True when one of ``cues`` ends within ``reach`` words before ``start`` ("strictly before 2002-01-01")."""
    before = _WORDS.findall(text[max(0, start - 60):start].casefold())[-(reach + 2):]
    joined = " " + " ".join(before) + " "
    for cue in cues:
        at = joined.rfind(" " + cue + " ")
        if at >= 0 and len(joined[at + len(cue) + 2:].split()) < reach:
            return True
    return False


@lru_cache(maxsize=50_000)
def anchors(text: str, timeframe: tuple[int, int] | None, phrase: str, deadline_cues: tuple[str, ...],
            occasion_cues: tuple[str, ...]) -> Anchors:
    """The anchors of ``text``; ``timeframe`` is the analysed time frame's span and ``phrase`` its words."""
    dates: list[str] = []
    when: list[str] = []
    inside = (lambda s, e: timeframe[0] <= s and e <= timeframe[1]) if timeframe and timeframe[1] > timeframe[0] \
        else (lambda s, e: False)
    for m in _DATE.finditer(text):
        if inside(m.start(), m.end()):
            continue
        norm = " ".join(m.group(0).casefold().replace(",", " ").replace(".", " ").split())
        (when if _cue_before(text, m.start(), deadline_cues) else dates).append(norm)
    for m in _DURATION.finditer(text):
        when.append(f"{m.group(1).casefold()} {m.group(2).casefold()}")
    low = " " + " ".join(_WORDS.findall(text.casefold())) + " "
    occasion = any(" " + cue + " " in low for cue in occasion_cues)
    said_as = " ".join(_WORDS.findall(phrase.casefold()))
    if said_as and said_as not in occasion_cues:  # "this week" is the occasion, not a deadline
        when.append(said_as)
    return Anchors(tuple(sorted(dates)), tuple(sorted(when)), occasion)
