"""Reading dates people type ("May 19, 2016", "2016-05-19", "next month") into calendar dates.

dateparser is pinned (English only, an explicit relative base, never the wall clock) and only called
when the fast paths (ISO dates, bare years, "Month YYYY") do not apply. Results are cached.
"""

from __future__ import annotations

import calendar
import json
import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from claims.errors import UsageError

PRECISIONS = ("day", "week", "month", "year")
_YEAR = re.compile(r"^(1[5-9]\d\d|2\d\d\d)$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DIGITS_ONLY = re.compile(r"^\d+$")
# The one calendar vocabulary (months, weekdays, seasons, number words, units): ``data/calendar.json``, read
# once here; time frames read the same file through the ``calendar`` lexicon, where a user may extend it.
CALENDAR = json.loads((Path(__file__).parent / "data" / "calendar.json").read_text(encoding="utf-8"))
MONTHS: dict[str, int] = CALENDAR["months"]
WEEKDAYS: dict[str, int] = CALENDAR["weekdays"]
SEASONS: dict[str, tuple[int, int, str]] = {k: tuple(v) for k, v in CALENDAR["seasons"].items()}
NUMBERS: dict[str, int] = CALENDAR["numbers"]
_MONTH_YEAR = re.compile(r"^([a-z]+)\.?,?\s+(\d{4})$")
# Known wrong readings: "the 90s" is not 90 seconds ago, "a second" not one second ago.
_NOT_DATES = re.compile(r"^(the\s+)?'?\d0'?s$|^(a|one)\s+(second|minute|moment)$", re.I)
_CALENDAR_WEEK = re.compile(r"\b(next|this|last|that)\s+week\b", re.I)
# Numeric dates: 02/03/2016, 2/3/16, 02.03.2016, 02-03-2016, 2016/02/03.
_NUMERIC = re.compile(r"^(\d{1,4})([/.\-])(\d{1,2})\2(\d{1,4})$")
# How a numeric date whose day and month are both 12 or less is read: ``date_order`` in config.json.
# Month first is the default, as in US newsrooms (AP style writes dates out, but wires and spreadsheets
# use M/D/Y); DMY is the rest of the English-speaking world's order. 2016/02/03 is always year first.
DATE_ORDERS = ("MDY", "DMY")
DEFAULT_DATE_ORDER = "MDY"
DATE_ORDER_HELP = ("Numeric dates such as 02/03/2016 are read month first (3 February); "
                   'set "date_order": "DMY" in config.json for day first.')


def end_of(d: date, precision: str) -> date:
    """The last day of the period ``d`` stands for."""
    if precision == "year":
        return date(d.year, 12, 31)
    if precision == "month":
        return date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
    if precision == "week":
        return d + timedelta(days=6 - d.weekday())
    return d


def start_of(d: date, precision: str) -> date:
    if precision == "year":
        return date(d.year, 1, 1)
    if precision == "month":
        return date(d.year, d.month, 1)
    if precision == "week":
        return d - timedelta(days=d.weekday())
    return d


def parse_date(text: str, base: date, prefer: str = "past") -> tuple[date, str]:
    """(date, precision) for ``text`` relative to ``base``; UsageError when it is not a date."""
    value = " ".join(text.strip().split())
    if not value:
        raise UsageError("empty date")
    if "\x00" in value or len(value) > 200:
        raise UsageError(f"cannot read {value[:40]!r} as a date")
    try:
        return date.fromisoformat(value), "day"
    except ValueError:
        pass
    if _YEAR.match(value):
        return date(int(value), 1, 1), "year"
    m = _YEAR_MONTH.match(value)
    if m and 1 <= int(m.group(2)) <= 12:
        return date(int(m.group(1)), int(m.group(2)), 1), "month"
    if _DIGITS_ONLY.match(value) or _NOT_DATES.match(value):  # "1234567890" is not a Unix timestamp here
        raise UsageError(f"cannot read {value!r} as a date")
    m = _MONTH_YEAR.match(value.lower())
    if m and m.group(1) in MONTHS:
        return date(int(m.group(2)), MONTHS[m.group(1)], 1), "month"
    numeric = _numeric(value)
    if numeric is not None:
        return numeric, "day"
    result = _dateparser(value, base, prefer)
    if result is None:
        raise UsageError(f"cannot read {value!r} as a date (try YYYY-MM-DD)")
    return result


def date_order() -> str:
    """The configured order for ambiguous numeric dates: ``date_order`` in config.json (MDY or DMY)."""
    from claims.config import user_config

    raw = user_config().get("date_order", DEFAULT_DATE_ORDER)
    order = str(raw).upper().replace("-", "").replace("/", "")
    if order not in DATE_ORDERS:
        raise UsageError(f"config.json date_order must be one of {', '.join(DATE_ORDERS)}, not {raw!r}")
    return order


def ambiguous(text: str) -> bool:
    """True for a numeric date that reads as two different days (02/03/2016, not 13/03/2016 or 03/03/2016)."""
    m = _NUMERIC.match(" ".join(text.split()))
    if not m or len(m.group(1)) > 2:
        return False
    a, b = int(m.group(1)), int(m.group(3))
    return a != b and 1 <= a <= 12 and 1 <= b <= 12


def _numeric(value: str) -> date | None:
    m = _NUMERIC.match(value)
    if not m:
        return None
    first, _sep, second, last = m.groups()
    if len(first) > 2:  # 2016/02/03: year first
        return _make_date(int(first), int(second), int(last), value)
    if len(last) not in (2, 4):
        raise UsageError(f"cannot read {value!r} as a date (try YYYY-MM-DD)")
    year = int(last) if len(last) == 4 else (2000 + int(last) if int(last) < 69 else 1900 + int(last))
    a, b = int(first), int(second)
    if not ambiguous(value):  # only one reading is a real day (or both are the same): order does not matter
        month, day = (a, b) if a <= 12 else (b, a)
        return _make_date(year, month, day, value)
    month, day = (a, b) if date_order() == "MDY" else (b, a)
    return _make_date(year, month, day, value)


def _make_date(year: int, month: int, day: int, value: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise UsageError(f"cannot read {value!r} as a date (try YYYY-MM-DD)") from None


@lru_cache(maxsize=4096)
def _dateparser(value: str, base: date, prefer: str) -> tuple[date, str] | None:
    parser = _parser(prefer, base)  # dateparser is imported only here, when the fast paths fail
    try:
        data = parser.get_date_data(value)
    except (ValueError, OverflowError, TypeError):
        return None
    if data is None or data.date_obj is None:
        return None
    period = data.period if data.period in PRECISIONS else "day"
    if period == "week" and not _CALENDAR_WEEK.search(value):
        period = "day"  # "in two weeks" is a day, not a calendar week
    return data.date_obj.date(), period


@lru_cache(maxsize=64)
def _parser(prefer: str, base: date):  # noqa: ANN202 - dateparser's own type
    from dateparser.date import DateDataParser

    settings = {
        "RELATIVE_BASE": datetime(base.year, base.month, base.day, 12, 0),
        "PREFER_DATES_FROM": prefer,
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_TIME_AS_PERIOD": False,
        "TIMEZONE": "UTC",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PARSERS": ["timestamp", "relative-time", "custom-formats", "absolute-time"],
    }
    return DateDataParser(languages=["en"], settings=settings)


def parse_due(text: str, base: date) -> date:
    """The end of the period a due date names ("2020" is the end of 2020, "June 2016" its 30th)."""
    d, precision = parse_date(text, base, prefer="future")
    return end_of(d, precision)


def parse_on(text: str | None, today: date) -> date:
    """When something happened in the world (a resolution, a note): not in the future."""
    if text is None:
        return today
    d, _ = parse_date(text, today, prefer="past")
    return not_in_future(d, today, repr(text))


def not_in_future(d: date, today: date, what: str) -> date:
    """The one "is in the future" check (an event, a publication date): ``d`` itself, or a UsageError."""
    if d > today:
        raise UsageError(f"{what} is in the future ({d.isoformat()}; today is {today.isoformat()})")
    return d


def iso(value: date | datetime | None) -> str | None:
    """The one ISO serialiser: a calendar date as ``2016-05-19``, an instant as ``2016-05-19T14:03:00Z``."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds").replace("+00:00", "Z")
    return value.isoformat()
