"""TIMEX3-style values (TimeML) for time expressions in news, relative to the document date.

Used to score the date and time-frame code on TimeBank/AQUAINT (``bench/eval_time.py``), and as a
reference for what the other modules mean: a weekday is read by the news convention of :mod:`claims.language.said`
(the most recent such day on or before the document date), a month or a month and day with no year is
in the occurrence nearest the document date, "next month" or "in the coming weeks" by
:mod:`claims.language.timeframe`, and vague references become PRESENT_REF, PAST_REF or FUTURE_REF.
:func:`normalize` returns None for what it does not handle (durations, sets, times of day, anchors in
the text such as "a year earlier"), so coverage is reported alongside accuracy.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from enum import Enum
from typing import Final, Literal

from claims.language.dates import MONTHS, NUMBERS, SEASONS, WEEKDAYS
from claims.language.said import most_recent_weekday
from claims.language.timeframe import add_months, period_of

PRESENT = {"now", "currently", "current", "present", "at present", "the present", "right now", "presently",
           "these days", "nowadays", "at the moment", "the moment", "today's", "this time", "at this time"}
PAST = {"recently", "recent", "the past", "past", "previously", "formerly", "once", "earlier", "before",
        "in the past", "lately", "former", "ago", "the old days", "then"}
FUTURE = {"soon", "the future", "future", "eventually", "in the future", "later", "shortly", "someday",
          "in the coming days", "in the coming weeks", "in the coming months", "in the coming years",
          "the coming years", "the coming months", "the coming weeks", "the coming days", "coming years",
          "in the near future", "the near future", "next", "upcoming", "the years ahead", "ahead"}
_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


def _week(d: date) -> str:
    return period_of("week", d)[2]


def _shift_month(d: date, months: int) -> date:
    return add_months(d.replace(day=1), months)


def _nearest_year(month: int, day: int, dct: date) -> int:
    """A month (and day) without a year is the occurrence nearest the document date."""
    def distance(year: int) -> int:
        return abs((date(year, month, min(day, 28)) - dct).days)
    return min((dct.year - 1, dct.year, dct.year + 1), key=distance)


class _No(Enum):
    NO = "no"


_NO: Final = _No.NO  # a rule that does not apply


def _named(e: str, dct: date) -> str | None | Literal[_No.NO]:
    """Fixed words: "today", "yesterday", PRESENT_REF, PAST_REF, FUTURE_REF."""
    if e in PRESENT:
        return "PRESENT_REF"
    if e in ("today", "tonight", "this morning", "this afternoon", "this evening", "the day"):
        return dct.isoformat()
    if e in ("yesterday", "last night", "yesterday's"):
        return (dct - timedelta(days=1)).isoformat()
    if e in ("tomorrow", "tomorrow's"):
        return (dct + timedelta(days=1)).isoformat()
    if e in PAST:
        return "PAST_REF"
    if e in FUTURE:
        return "FUTURE_REF"
    return _NO


def _relative(e: str, dct: date) -> str | None | Literal[_No.NO]:
    """"last week", "next month", "this summer": a period relative to the document date."""
    m = re.fullmatch(r"(?:(this|last|next|the previous|the next|the past|the coming|earlier this|later this|"
                     r"early this|late this)\s+)?(week|month|year|quarter|weekend|summer|spring|fall|autumn|winter)"
                     r"(?:'s)?", e)
    if m:
        rel, unit = m.group(1) or "this", m.group(2)
        if rel == "this" and m.group(1) is None and unit not in ("year",):
            return None  # a bare "week" or "quarter" is mostly a duration or anaphoric
        step = {"last": -1, "the previous": -1, "the past": -1, "next": 1, "the next": 1, "the coming": 1}.get(rel, 0)
        if unit == "year":
            return str(dct.year + step)
        if unit in ("week", "weekend"):
            return _week(dct + timedelta(weeks=step)) + ("-WE" if unit == "weekend" else "")
        if unit in ("month", "quarter"):
            return period_of(unit, add_months(dct.replace(day=1), step * (3 if unit == "quarter" else 1)))[2]
        return f"{dct.year + step}-{SEASONS[unit][2]}"
    return _NO


def _counted(e: str, dct: date) -> str | None | Literal[_No.NO]:
    """"the third quarter", "the first half", "two years ago"."""
    m = re.fullmatch(r"(?:the\s+)?(first|second|third|fourth|1st|2nd|3rd|4th)\s+(?:fiscal\s+)?quarter", e)
    if m:
        return f"{dct.year}-Q{_ORDINAL[m.group(1)]}"
    m = re.fullmatch(r"(?:the\s+)?(first|second)\s+half(?:\s+of\s+(?:the\s+year|(\d{4})))?", e)
    if m:
        return f"{m.group(2) or dct.year}-H{_ORDINAL[m.group(1)]}"
    m = re.fullmatch(r"(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(year|month|week|day)s?\s+ago", e)
    if m:
        n = int(m.group(1)) if m.group(1).isdigit() else NUMBERS[m.group(1)]
        unit = m.group(2)
        if unit == "year":
            return str(dct.year - n)
        if unit == "month":
            return _shift_month(dct, -n).strftime("%Y-%m")
        if unit == "week":
            return _week(dct - timedelta(weeks=n))
        return (dct - timedelta(days=n)).isoformat()
    return _NO


def _years(e: str, dct: date) -> str | None | Literal[_No.NO]:
    """"1998", "fiscal 1990", "the 1990s"."""
    if re.fullmatch(r"(?:fiscal\s+)?(?:19|20)\d\d", e.replace("the ", "")):
        return e.replace("the ", "").split()[-1]
    m = re.fullmatch(r"(?:the\s+)?(?:(19|20)?(\d)0'?s|'(\d)0s)", e)
    if m:
        century = m.group(1) or "19"
        digit = m.group(2) or m.group(3)
        return f"{century}{digit}"
    return _NO


def _days(e: str, dct: date) -> str | None | Literal[_No.NO]:
    """"Friday", "last Tuesday", "early March", "March 5, 1998", "5 March"."""
    m = re.fullmatch(r"(?:(last|this|next)\s+)?([a-z]+)", e)
    if m and m.group(2) in WEEKDAYS and len(m.group(2)) > 3:
        rel = m.group(1)
        wd = WEEKDAYS[m.group(2)]
        if rel == "next":
            ahead = (wd - dct.weekday()) % 7 or 7
            return (dct + timedelta(days=ahead)).isoformat()
        return most_recent_weekday(wd, dct, strictly_before=rel == "last").isoformat()
    m = re.fullmatch(r"(?:(early|late|mid|the end of|the beginning of|the middle of)\s+)?([a-z]+)\.?"
                     r"(?:\s+(\d{1,2})(?:st|nd|rd|th)?)?(?:\s*,?\s+((?:19|20)\d\d))?", e)
    if m and m.group(2) in MONTHS and m.group(2) != "may" or m and m.group(2) == "may" and (m.group(3) or m.group(4)):
        month = MONTHS[m.group(2)]
        year = int(m.group(4)) if m.group(4) else _nearest_year(month, int(m.group(3) or 15), dct)
        if m.group(3):
            try:
                return date(year, month, int(m.group(3))).isoformat()
            except ValueError:
                return None
        return f"{year}-{month:02d}"
    m = re.fullmatch(r"(\d{1,2})\s+([a-z]+)\.?(?:\s+((?:19|20)\d\d))?", e)
    if m and m.group(2) in MONTHS:
        month = MONTHS[m.group(2)]
        year = int(m.group(3)) if m.group(3) else _nearest_year(month, int(m.group(1)), dct)
        try:
            return date(year, month, int(m.group(1))).isoformat()
        except ValueError:
            return None
    return _NO


_RULES = (_named, _relative, _counted, _years, _days)


def normalize(expr: str, dct: date) -> str | None:
    """The TIMEX3 value of ``expr`` in a document dated ``dct``, or None when not handled."""
    e = " ".join(expr.lower().replace("\u2019", "'").replace("-", " ").split()).strip(" .,")
    e = re.sub(r"^(the|this past|on|in|by|since|until|of|at)\s+", lambda m: "" if m.group(1) != "the" else "the ", e)
    for rule in _RULES:
        value = rule(e, dct)
        if value is not _NO:
            return value
    try:
        return date.fromisoformat(e).isoformat()
    except ValueError:
        return None
