"""When a prediction or promise is due: a time frame in the words, turned into a due window.

Pure: text and the day it was said in, a :class:`Timeframe` out. Explicit frames ("by 2020", "by March",
"in two weeks", "within five years", "by the end of the year", "this summer", "next month") are read
by rules over the calendar, with dateparser for the dates inside them ("by June 30, 2017"); vague
horizons ("any day", "soon", "in the coming weeks", "long-term") come from the time-frame lexicon
(``claims/language/data/timeframes.json``), each with its window and rationale. TimeML's vocabulary is kept:
every frame has a TIMEX3-style ``timeml`` value (``2016-06``, ``2020``, ``2016-SU``, ``FUTURE_REF``).

Seasons are meteorological and northern-hemisphere (summer is June to August).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from claims.language.dates import MONTHS, SEASONS, WEEKDAYS, end_of, iso, start_of
from claims.language.lexicon import Lexicons

_MONTH_NAMES = "|".join(sorted((m for m in MONTHS if len(m) > 2 and m != "may"), key=len, reverse=True)) + "|may"
_SEASON_NAMES = "|".join(SEASONS)
_WEEKDAY_NAMES = "|".join(w for w in WEEKDAYS if len(w) > 4)
_PERIOD = r"(?P<period>week|month|year|decade|quarter|" + _SEASON_NAMES + ")"
# A date-like word (or a digit) must be present before any of the rules run: a word scan and a set lookup,
# several times faster than one alternation over the whole sentence.
DATE_WORDS = frozenset({*MONTHS, *(w for w in WEEKDAYS if len(w) > 4), *SEASONS} | set(
    "today tonight tomorrow yesterday day days week weeks month months year years decade soon shortly eventually "
    "later imminent imminently quarter term future run moment time someday point course sooner weekend mid "
    "christmas new halloween thanksgiving night valentine patrick independence bonfire eve".split()))
_WORD = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")


def has_date_word(text: str) -> bool:
    """True when ``text`` holds a digit or a word a time frame could be made of."""
    return bool(_DIGIT.search(text)) or not DATE_WORDS.isdisjoint(_WORD.findall(text.lower()))


@dataclass
class Timeframe:
    phrase: str
    kind: str  # explicit | vague | open
    start: date | None
    end: date | None
    explanation: str
    timeml: str
    span: tuple[int, int] = (0, 0)
    review_on: date | None = None

    def as_dict(self) -> dict:
        return {"phrase": self.phrase, "kind": self.kind, "start": iso(self.start), "end": iso(self.end),
                "explanation": self.explanation, "timeml": self.timeml, "span": list(self.span),
                "review_on": iso(self.review_on)}




def add_months(d: date, months: int) -> date:
    month0 = d.month - 1 + months
    year, month = d.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def period_of(period: str, anchor: date) -> tuple[date, date, str]:
    """The calendar period named ``period`` that contains ``anchor``, and its TIMEX3 value."""
    if period in SEASONS:
        first, last, code = SEASONS[period]
        year = anchor.year
        if period == "winter":
            year = anchor.year if anchor.month == 12 else anchor.year - (1 if anchor.month <= 2 else 0)
            return date(year, 12, 1), end_of(date(year + 1, 2, 1), "month"), f"{year}-WI"
        return date(year, first, 1), end_of(date(year, last, 1), "month"), f"{year}-{code}"
    if period == "quarter":
        q = (anchor.month - 1) // 3
        start = date(anchor.year, 3 * q + 1, 1)
        return start, end_of(date(anchor.year, 3 * q + 3, 1), "month"), f"{anchor.year}-Q{q + 1}"
    if period == "decade":
        y = anchor.year // 10 * 10
        return date(y, 1, 1), date(y + 9, 12, 31), str(y // 10)
    prec = {"week": "week", "month": "month", "year": "year"}[period]
    value = {"week": f"{anchor.isocalendar()[0]}-W{anchor.isocalendar()[1]:02d}", "month": anchor.strftime("%Y-%m"),
             "year": str(anchor.year)}[period]
    return start_of(anchor, prec), end_of(anchor, prec), value


def _next_anchor(period: str, said: date) -> date:
    if period in SEASONS:
        first = SEASONS[period][0]
        candidate = date(said.year, first, 1)
        return candidate if candidate > said else date(said.year + 1, first, 1)
    step = {"week": timedelta(days=7), "decade": timedelta(days=3653)}.get(period)
    if step:
        return said + step
    if period == "month":
        return add_months(said.replace(day=1), 1)
    if period == "quarter":
        return add_months(said.replace(day=1), 3)
    return date(said.year + 1, 1, 1)


def _upcoming_month(month: int, said: date, year: int | None) -> int:
    if year:
        return year
    return said.year if month >= said.month else said.year + 1


def _current_or_next(period: str, said: date) -> date:
    """An anchor in this season if it is under way, else in the next one."""
    this_start, this_end, _ = period_of(period, said)
    return said if this_start <= said <= this_end else _next_anchor(period, said)


# -- one handler per rule: the match's groups and the said date in, (start, end, TIMEX3 value) or None out --

Window = tuple[date | None, date, str] | None


def _end_of_rel(g: dict, said: date, cal: dict) -> Window:
    period = g["period"]
    _, end, value = period_of(period, _next_anchor(period, said) if g["rel"] == "next" else said)
    return said, end, value


def _end_of_month(g: dict, said: date, cal: dict) -> Window:
    month = MONTHS[g["month"]]
    year = _upcoming_month(month, said, int(g["year"]) if g["year"] else None)
    return said, end_of(date(year, month, 1), "month"), f"{year}-{month:02d}"


def _end_of_year(g: dict, said: date, cal: dict) -> Window:
    return said, date(int(g["year"]), 12, 31), g["year"]


def _year_end(g: dict, said: date, cal: dict) -> Window:
    return said, date(said.year, 12, 31), str(said.year)


def _within(g: dict, said: date, cal: dict) -> Window:
    word = " ".join(g["n"].split())
    n, unit = (int(word) if word.isdigit() else cal["numbers"][word]), g["unit"]
    if unit == "month":
        end = add_months(said, n)
    elif unit in ("year", "decade"):
        years = n * (10 if unit == "decade" else 1)
        end = date(said.year + years, said.month, min(said.day, 28) if said.month == 2 else said.day)
    else:
        end = said + timedelta(days=n * int(cal["units"][unit]))
    return said, end, f"P{n}{unit[0].upper()}"


def _part_rel(g: dict, said: date, cal: dict) -> Window:
    period = g["period"]
    start, end, value = period_of(period, _next_anchor(period, said) if g["rel"] == "next" else said)
    span = (end - start).days
    part = g["part"]
    if part in ("early", "earlier"):
        end = start + timedelta(days=span // 3)
    elif part == "later":
        start = said  # "later this year": any time from now to the end of the year
    elif part == "late":
        start = max(start + timedelta(days=2 * span // 3), said)
    else:
        start, end = start + timedelta(days=span // 3), start + timedelta(days=2 * span // 3)
    return max(start, said), end, value


def _rel(g: dict, said: date, cal: dict) -> Window:
    period = g["period"]
    anchor = said if g["rel"] == "this" else _next_anchor(period, said)
    if period in SEASONS:  # "this summer" is the coming (or current) one; "next summer" the one a year after it
        upcoming = _current_or_next(period, said)
        anchor = upcoming if g["rel"] != "next" else date(upcoming.year + 1, upcoming.month, 1)
    start, end, value = period_of(period, anchor)
    return max(start, said), end, value


def _by_year(g: dict, said: date, cal: dict) -> Window:
    year = int(g["year"])
    if year < said.year:
        return None
    if g["part"] == "early":
        return said, date(year, 4, 30), str(year)
    if g["part"] == "mid":
        return said, date(year, 6, 30), str(year)
    start = date(year, 1, 1) if g["prep"] in ("in", "during") else said
    return max(start, said), date(year, 12, 31), str(year)


def _by_season(g: dict, said: date, cal: dict) -> Window:
    period = g["period"]
    anchor = date(int(g["year"]), SEASONS[period][0], 1) if g["year"] else _current_or_next(period, said)
    start, end, value = period_of(period, anchor)
    return (said if g["prep"] in ("by", "before", "until") else max(start, said)), end, value


def _by_date(g: dict, said: date, cal: dict) -> Window:
    month = MONTHS[g["month"]]
    if g["month"] == "may" and not (g["day"] or g["year"]) or g["prep"] == "from":
        return None  # "may" alone is the modal verb
    year = _upcoming_month(month, said, int(g["year"]) if g["year"] else None)
    if g["day"]:
        d = date(year, month, int(g["day"]))
        if d < said and not g["year"]:
            d = d.replace(year=d.year + 1)
        return (d if g["prep"] == "on" else said), d, d.isoformat()
    first = date(year, month, 1)
    end = {"early": first + timedelta(days=9), "mid": first + timedelta(days=19)}.get(g["part"] or "",
                                                                                      end_of(first, "month"))
    start = first if g["prep"] == "in" else said
    return max(start, said), end, f"{year}-{month:02d}"


def _by_weekday(g: dict, said: date, cal: dict) -> Window:
    d = said + timedelta(days=(WEEKDAYS[g["wd"]] - said.weekday()) % 7 or 7)
    return (d if g["prep"] == "on" else said), d, d.isoformat()


def _tomorrow(g: dict, said: date, cal: dict) -> Window:
    d = said + timedelta(days=1) if g["w"] == "tomorrow" else said
    return d, d, d.isoformat()


def _iso_date(g: dict, said: date, cal: dict) -> Window:
    d = date.fromisoformat(g["iso"])
    return (said if d >= said else d), d, d.isoformat()


def _by_holiday(g: dict, said: date, cal: dict) -> Window:
    month, day = cal["holidays"][" ".join(g["holiday"].split())]
    d = date(said.year, month, day)
    d = d if d >= said else d.replace(year=said.year + 1)
    return said, d, d.isoformat()


NO_WINDOW = "*"  # the horizon (timeframes.json "no_window") of a claim that names no time
_BY = r"\b(?:by|before|until|till|at)\s+the\s+end\s+of\s+"
Handler = Callable[[dict, date, dict], Window]


# A rule's needs: one of a set of words, or a pattern found somewhere (the rules with a number in them: a
# search for the number alone is several times faster than the rule's own pattern, which starts with a word).
_YEAR = re.compile(r"(?:19|20)\d\d")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_UNIT_WORDS = {"day", "days", "week", "weeks", "month", "months", "year", "years", "decade", "decades"}
Rule = tuple[str, re.Pattern, Handler, set[str] | frozenset[str] | re.Pattern]


def _rule_table(num: str, holidays: str, holiday_words: set[str]) -> list[Rule]:
    """(name, pattern, handler, needs), tried in order, each only on a sentence holding a word it needs;
    ``num`` and ``holidays`` are patterns of the lexicon's words."""
    unit = r"(?P<unit>day|week|month|year|decade)s?"
    return [
        ("iso", re.compile(r"\b(?:by|before|until|on)\s+(?P<iso>\d{4}-\d{2}-\d{2})\b"), _iso_date, _ISO),
        ("end_of_rel", re.compile(_BY + r"(?P<rel>this|the|next)\s+" + _PERIOD), _end_of_rel, {"end"}),
        ("end_of_month", re.compile(_BY + r"(?P<month>" + _MONTH_NAMES + r")(?:\s+(?P<year>\d{4}))?\b"), _end_of_month,
         {"end"}),
        ("end_of_year", re.compile(_BY + r"(?P<year>\d{4})\b"), _end_of_year, {"end"}),
        ("year_end", re.compile(r"\bby\s+(?:the\s+)?year[-\s]end\b"), _year_end, {"end"}),
        ("within", re.compile(r"\b(?:in|within|over|during)\s+(?:the\s+next\s+|the\s+coming\s+|less\s+than\s+|"
                              r"about\s+|roughly\s+|around\s+)?" + num + r"\s+" + unit + r"\b"), _within, _UNIT_WORDS),
        ("next_n", re.compile(r"\b(?:in|over|during|within)\s+the\s+(?:next|coming)\s+" + num + r"\s+" + unit + r"\b"),
         _within, _UNIT_WORDS),
        ("part_rel", re.compile(r"\b(?P<part>early|earlier|late|later|mid)[\s-]+(?:in\s+)?(?P<rel>this|next)\s+"
                                + _PERIOD), _part_rel, {"early", "earlier", "late", "later", "mid"}),
        ("rel", re.compile(r"\b(?P<rel>this|next|this\s+coming|the\s+coming)\s+" + _PERIOD + r"\b"), _rel,
         {"this", "next", "coming"}),
        ("by_year", re.compile(r"\b(?P<prep>by|before|until|till|in|into|during|through|no\s+later\s+than)\s+"
                               r"(?:(?P<part>early|late|mid)[\s-]+)?(?P<year>(?:19|20)\d\d)\b(?![-/]\d)"), _by_year,
         _YEAR),
        ("by_season", re.compile(r"\b(?P<prep>by|before|until|in|into|during)\s+(?:the\s+)?(?P<period>"
                                 + _SEASON_NAMES + r")(?:\s+of\s+(?P<year>\d{4}))?\b"), _by_season, set(SEASONS)),
        ("by_date", re.compile(r"\b(?P<prep>by|before|until|till|on|no\s+later\s+than|in|from)\s+(?:(?P<part>early|"
                               r"late|mid)[\s-]+)?(?P<month>" + _MONTH_NAMES + r")\.?(?:\s+(?P<day>\d{1,2})"
                               r"(?:st|nd|rd|th)?)?(?:,?\s+(?P<year>\d{4}))?\b"), _by_date, set(MONTHS)),
        ("by_weekday", re.compile(r"\b(?P<prep>by|on|before|until|next|this|coming)\s+(?P<wd>" + _WEEKDAY_NAMES
                                  + r")\b"), _by_weekday, set(WEEKDAYS)),
        ("by_holiday", re.compile(r"\b(?:by|before|until|till|for|at|on|in\s+time\s+for|ahead\s+of)\s+(?:the\s+)?"
                                  r"(?P<holiday>" + holidays + r")(?![\w'])"), _by_holiday, holiday_words),
        ("tomorrow", re.compile(r"\b(?:by\s+)?(?P<w>tomorrow|tonight|today)\b"), _tomorrow,
         {"tomorrow", "tonight", "today"}),
    ]


@lru_cache(maxsize=8)
def _rules(version: str, numbers: tuple[str, ...], holidays: tuple[str, ...]) -> list[Rule]:
    num = r"(?P<n>\d+|" + "|".join(r"\s+".join(re.escape(w) for w in k.split())
                                    for k in sorted(numbers, key=len, reverse=True)) + r")"
    return _rule_table(num, "|".join(r"\s+".join(re.escape(w) for w in k.split())
                                      for k in sorted(holidays, key=len, reverse=True)),
                       {w.split("'")[0] for k in holidays for w in k.split()[:1]})


def rules(lex: Lexicons) -> list[Rule]:
    """The explicit time-frame rules for the lexicon's calendar (number words may be extended)."""
    got = _RULES_BY_VERSION.get(lex.version)
    if got is None:
        got = _RULES_BY_VERSION[lex.version] = _rules(lex.version, tuple(lex.calendar["numbers"]),
                                                      tuple(lex.calendar.get("holidays", {})))
    return got


_RULES_BY_VERSION: dict[str, list[Rule]] = {}
_VAGUE_BY_VERSION: dict[str, tuple[re.Pattern, frozenset[str]]] = {}


@lru_cache(maxsize=16)
def _vague_pattern(phrases: tuple[str, ...]) -> re.Pattern:
    alts = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])")


def _vague(lex: Lexicons) -> tuple[re.Pattern, frozenset[str]]:
    """The pattern of the lexicon's vague horizons, and the longest run of letters of each ("in the coming
    weeks": "coming"): a sentence holding none of them holds no horizon, and the search is skipped."""
    got = _VAGUE_BY_VERSION.get(lex.version)
    if got is None:
        phrases = tuple(h for h in lex.horizons if h != NO_WINDOW)
        keys = frozenset(max(runs, key=len) for runs in (_WORD.findall(p.lower()) for p in phrases) if runs)
        got = _VAGUE_BY_VERSION[lex.version] = (_vague_pattern(phrases), keys)
    return got


def find_timeframe(text: str, said: date, lex: Lexicons) -> Timeframe | None:
    """The time frame of a prediction or promise said on ``said``, or None when it names none."""
    low = text.lower().replace("\u2019", "'")
    present = set(_WORD.findall(low))  # the same runs of letters as in has_date_word
    if not _DIGIT.search(text) and DATE_WORDS.isdisjoint(present):
        return None  # the fast path: most sentences name no time at all
    digit = bool(_DIGIT.search(low))
    for _name, pattern, handler, needs in rules(lex):
        if not (digit and needs.search(low) if isinstance(needs, re.Pattern) else not present.isdisjoint(needs)):
            continue
        for m in pattern.finditer(low):
            try:
                got = handler(m.groupdict(), said, lex.calendar)
            except (ValueError, OverflowError, KeyError):
                got = None
            if got is None:
                continue
            start, end, value = got
            if end < said:
                continue
            if start and start > end:
                start = end
            phrase = text[m.start():m.end()]
            days = (end - said).days
            return Timeframe(phrase, "explicit", start, end,
                             f"{phrase}: due by {end.isoformat()}, {days} days after it was said (explicit)",
                             value, (m.start(), m.end()))
    vague, keys = _vague(lex)
    hit = None if present.isdisjoint(keys) else vague.search(low)
    if hit:
        horizon = lex.horizons[" ".join(hit.group(0).split())]
        phrase = text[hit.start():hit.end()]
        if horizon.days is None:
            review = said + timedelta(days=horizon.review_days or 730)
            return Timeframe(phrase, "open", said, None,
                             f"{phrase}: open-ended (no deadline); review on {review.isoformat()} "
                             f"({horizon.rationale})", horizon.timeml, (hit.start(), hit.end()), review)
        end = said + timedelta(days=horizon.days)
        return Timeframe(phrase, "vague", said, end,
                         f"{phrase}: due by {end.isoformat()}, {horizon.days} days after it was said "
                         f"(vague, {horizon.imminence})", horizon.timeml, (hit.start(), hit.end()))
    return None

