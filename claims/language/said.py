"""When something was said, read the way news is written.

"said Thursday" in a story published on Thursday 2016-05-19 is that same day; "Tuesday" is the most
recent Tuesday on or before publication (2016-05-17). dateparser's PREFER_DATES_FROM='past' gets the
publication weekday a week early and 'future' gets every weekday wrong, so weekdays, "last week",
"earlier this month", "in March" and "in 2014" are read here; anything else goes to dateparser and must
not land after publication. Precision is kept: day, week, month or year.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from claims.errors import UsageError
from claims.language.dates import MONTHS, WEEKDAYS, parse_date

_LEAD = re.compile(r"^(?:(?:he|she|they|it|we|i)\s+)?(?:said|says|told|on|in|during|at|earlier|late|early)\s+", re.I)
_WEEKDAY = re.compile(r"^(last\s+|this\s+|this\s+past\s+|on\s+)?([a-z]+)\.?(\s+(morning|afternoon|evening|night))?$")
_MONTH = re.compile(
    r"^(?:(early|late|mid|earlier|later)[\s-]+)?(?:in\s+)?([a-z]+)\.?(?:\s+(\d{1,2})(?:st|nd|rd|th)?)?$"
)
_YEAR = re.compile(r"^(?:(?:early|late|mid|earlier|later)[\s-]+)?(?:in\s+)?(1[5-9]\d\d|2\d\d\d)$")


def most_recent_weekday(weekday: int, base: date, *, strictly_before: bool = False) -> date:
    """The most recent ``weekday`` on or before ``base`` (before it, with ``strictly_before``)."""
    back = (base.weekday() - weekday) % 7
    if back == 0 and strictly_before:
        back = 7
    return base - timedelta(days=back)


def resolve_said(text: str, published: date) -> tuple[date, str]:
    """(date, precision) of when something was said, relative to the publication date."""
    value = " ".join(text.strip().lower().replace(",", " ").split())
    if not value:
        raise UsageError("empty date")
    result = _news_reading(value, published)
    if result is None:
        result = parse_date(text, published, prefer="past")
    said, precision = result
    if said > published:
        raise UsageError(f"said date {said.isoformat()} ({text!r}) is after publication ({published.isoformat()})")
    return said, precision


def _news_reading(value: str, base: date) -> tuple[date, str] | None:
    value = _LEAD.sub("", value, count=1) if not value.startswith("earlier this") else value
    if value in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return base, "day"
    if value in ("yesterday", "last night"):
        return base - timedelta(days=1), "day"
    m = _WEEKDAY.match(value)
    if m and m.group(2) in WEEKDAYS:
        strictly = (m.group(1) or "").strip() == "last"
        return most_recent_weekday(WEEKDAYS[m.group(2)], base, strictly_before=strictly), "day"
    if value in ("this week", "earlier this week"):
        return base - timedelta(days=base.weekday()), "week"
    if value == "last week":
        return base - timedelta(days=base.weekday() + 7), "week"
    if value in ("this month", "earlier this month", "early this month"):
        return base.replace(day=1), "month"
    if value == "last month":
        prev = base.replace(day=1) - timedelta(days=1)
        return prev.replace(day=1), "month"
    if value in ("this year", "earlier this year"):
        return date(base.year, 1, 1), "year"
    if value == "last year":
        return date(base.year - 1, 1, 1), "year"
    m = _YEAR.match(value)
    if m:
        return date(int(m.group(1)), 1, 1), "year"
    m = _MONTH.match(value)
    if m and m.group(2) in MONTHS and m.group(2) not in ("may", "mar", "sun", "sat", "wed"):
        month = MONTHS[m.group(2)]
        year = base.year if month <= base.month else base.year - 1
        if m.group(3):
            day = int(m.group(3))
            try:
                d = date(year, month, day)
            except ValueError:
                return None
            if d > base:
                d = d.replace(year=d.year - 1)
            return d, "day"
        return date(year, month, 1), "month"
    if m and m.group(2) == "may":  # "May" the month, never the modal verb in a date field
        year = base.year if 5 <= base.month else base.year - 1
        if m.group(3):
            if not 1 <= int(m.group(3)) <= 31:
                return None
            d = date(year, 5, int(m.group(3)))
            return (d if d <= base else d.replace(year=d.year - 1)), "day"
        return date(year, 5, 1), "month"
    return None
