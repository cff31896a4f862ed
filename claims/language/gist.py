"""What a quote is about, for telling whether two quotes say the same thing (restatements, reversals).

:func:`gist` reads a quote's content words (stop words, hedges and the time frame removed; plurals and
-ing/-ed forms folded; a few synonyms merged), the named things (capitalised words inside a sentence), the
numbers (digits and number words) and its polarity (an odd number of negation cues: "won't", "no longer").
:func:`compare` scores two gists from 0 to 1 with rapidfuzz's token-set similarity and the share of
content words in common, and says what keeps them apart (other numbers, other named things, the opposite
polarity). The word lists are data (``data/gist.json``, each with its source), overridable in
``config.json`` under ``"gist"``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from claims.language.anchors import Anchors, anchors, date_spans
from claims.language.normalize import quote_text

DATA = Path(__file__).parent / "data" / "gist.json"
MAX_TERMS = 16  # index terms per claim (the longest content words and every named thing, up to this many)
_TOKEN = re.compile(r"[A-Za-z\u00c0-\u024f][\w'\-]*|\d{4}-\d{2}-\d{2}|\d+(?:[.,]\d+)*%?")
# A number of minutes, hours ... years, or a calendar date, is a time frame: a new one is a slip, not
# another prediction, so it is not among the numbers that must agree.
_TIME_UNIT = re.compile(r"\s*(?:more\s+|further\s+|extra\s+)?(?:minute|hour|day|week|fortnight|month|quarter|"
                        r"year|decade)s?\b", re.I)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}$")
_BREAK = re.compile(r"[.!?:;\"(\[\]]")


@dataclass(frozen=True, eq=False)  # hashed by identity: one per set of lists (cached by _load)
class Words:
    stopwords: frozenset[str]
    negation: tuple[str, ...]
    synonyms: dict[str, str]
    numbers: dict[str, int]
    deadline_cues: tuple[str, ...] = ()
    occasion_cues: tuple[str, ...] = ()


@lru_cache(maxsize=8)
def _load(overrides: str = "") -> Words:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    if overrides:
        data.update(json.loads(overrides))
    synonyms = {}
    for group in data["synonyms"]:
        for word in group:
            synonyms[word.casefold()] = group[0].casefold()
    return Words(frozenset(w.casefold() for w in data["stopwords"]),
                 tuple(sorted((w.casefold() for w in data["negation"]), key=len, reverse=True)),
                 synonyms, {k.casefold(): int(v) for k, v in data["numbers"].items()},
                 tuple(c.casefold() for c in data.get("deadline_cues", ())),
                 tuple(c.casefold() for c in data.get("occasion_cues", ())))


def words(overrides: dict[str, Any] | None = None) -> Words:
    """The word lists, with ``overrides`` (same keys as ``data/gist.json``) replacing whole lists."""
    return _load(json.dumps(overrides, sort_keys=True) if overrides else "")


@dataclass(frozen=True)
class Gist:
    terms: tuple[str, ...]  # content words in order (folded), named things included
    names: frozenset[str] = frozenset()
    numbers: tuple[str, ...] = ()  # in the order written: "worker 0, event 3" is not "worker 3, event 0"
    negated: bool = False
    anchors: Anchors = Anchors()  # dates it is about, its deadline, whether tied to the occasion
    slots: tuple[str, ...] = ()  # the terms with the short names ("P of A&P") in order, for :func:`one_slot`

    @property
    def content(self) -> str:
        return " ".join(self.terms)

    def index_terms(self) -> list[str]:
        """The terms stored in the index: every named thing, then the longest content words."""
        names = [t for t in dict.fromkeys(self.terms) if t in self.names]
        rest = sorted((t for t in dict.fromkeys(self.terms) if t not in self.names), key=lambda t: (-len(t), t))
        return [t[:40] for t in (names + rest)[:MAX_TERMS]]


def fold(word: str, w: Words) -> str:
    """A word's comparable form: lower case, plural and -ing/-ed endings off, synonyms merged."""
    word = word.casefold().replace("\u2019", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if word in w.synonyms:
        return w.synonyms[word]
    for suffix, repl, keep in (("ies", "y", 4), ("sses", "ss", 4), ("ing", "", 5), ("ed", "", 5), ("s", "", 4)):
        if word.endswith(suffix) and len(word) - len(suffix) + len(repl) >= keep - 1 and not word.endswith("ss"):
            word = word[: len(word) - len(suffix)] + repl
            break
    return w.synonyms.get(word, word)


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(max(0, start), min(len(chars), end)):
            chars[i] = " "
    return "".join(chars)


def spans_of(hedges: list | None, timeframe: dict | None) -> list[tuple[int, int]]:
    """The character spans of a claim's hedges and time frame (as the analysis stored them)."""
    spans = []
    for h in hedges or []:
        if isinstance(h, dict) and isinstance(h.get("start"), int) and isinstance(h.get("end"), int):
            spans.append((h["start"], h["end"]))
    if isinstance(timeframe, dict) and isinstance(timeframe.get("span"), list) and len(timeframe["span"]) == 2:
        spans.append((int(timeframe["span"][0]), int(timeframe["span"][1])))
    return spans


_AUX = frozenset("will would shall should can could may might must do does did is are was were am be been have has "
                 "had".split())
_RELATIVE = frozenset(("who", "which", "that", "whose"))
_WORD = re.compile(r"[\w']+")


def is_negated(text: str, w: Words) -> bool:
    """True when the forecast itself is negated ("won't", "will not", "no longer expect", "never"), counting
    each cue once; a "not" must follow an auxiliary, and one inside a relative clause ("buyers who are not
    residents") is about a noun, not the forecast."""
    toks = _WORD.findall(quote_text(text).casefold().replace("n't", " n't"))
    count = 0
    i = 0
    while i < len(toks):
        tok = toks[i]
        two = " ".join(toks[i:i + 2])
        prev = toks[i - 1] if i else ""
        before = toks[i - 2] if i > 1 else ""
        if two in w.negation:  # "no longer"
            count += 1
            i += 2
            continue
        if tok in ("n't", "not"):
            if (tok == "n't" or prev in _AUX) and before not in _RELATIVE:
                count += 1
        elif tok in w.negation and tok not in ("no", "none", "nor", "neither", "nothing", "nobody"):
            count += 1  # never, cannot
        i += 1
    return count % 2 == 1


def gist(text: str, hedges: list | None = None, timeframe: dict | None = None, *, w: Words | None = None) -> Gist:
    """The gist of ``text`` (hedge and time-frame spans, from the analysis, left out of the content).
    Cached: finding restatements reads the same earlier claims again and again."""
    tf = timeframe if isinstance(timeframe, dict) else {}
    span = tuple(tf["span"]) if isinstance(tf.get("span"), list) and len(tf["span"]) == 2 else None
    return _gist(text, tuple(spans_of(hedges, timeframe)), w or words(), span, str(tf.get("phrase") or ""))


@lru_cache(maxsize=50_000)
def _gist(text: str, spans: tuple[tuple[int, int], ...], w: Words, tf_span: tuple[int, int] | None = None,
          tf_phrase: str = "") -> Gist:
    negated = is_negated(text, w)
    anchored = anchors(text, tf_span, tf_phrase, w.deadline_cues, w.occasion_cues)
    body = _blank(text, list(spans) + date_spans(text))
    terms: list[str] = []
    slots: list[str] = []
    names: set[str] = set()
    numbers: list[str] = []
    last = None  # where the previous token ended: a name is a capital inside a sentence
    for m in _TOKEN.finditer(body):
        tok = m.group(0)
        low = tok.casefold()
        inside = last is not None and not _BREAK.search(body, last, m.start())
        last = m.end()
        if tok[0].isdigit() or low in w.numbers:
            if not (_ISO_DATE.match(tok) or _TIME_UNIT.match(body, m.end())):
                numbers.append(str(w.numbers[low]) if low in w.numbers else tok.rstrip("%").replace(",", ""))
            continue
        acronym = len(tok) >= 2 and tok.isupper() and tok.isalpha()
        if (acronym or (len(tok) <= 2 and tok[0].isupper() and inside)) and tok != "I" and low not in w.stopwords:
            names.add(low)  # "UK" against "EU"; "P of A&P" against "A of A&P"
            slots.append(low)
            if acronym:
                terms.append(low)
            continue
        if low in w.stopwords or len(low) < 3:
            continue
        term = fold(tok, w)
        if len(term) < 3 or term in w.stopwords:
            continue
        if tok[0].isupper() and inside:
            names.add(term)
        terms.append(term)
        slots.append(term)
    return Gist(tuple(terms), frozenset(names), tuple(numbers), negated, anchored, tuple(slots))


def numbers_disagree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Numbers must agree. Two short lists (two numbers or fewer each) must match in order, the shorter
    opening the longer ("chapter 4" is not "chapter 8"; "worker 0, event 3" is not "worker 3, event 0").
    A longer list (a detailed promise) agrees when more than half of the shorter side's numbers are found in
    the other's (the supporting figures of a restated promise vary)."""
    if not a or not b:
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(long_) <= 2:
        return tuple(long_[: len(short)]) != tuple(short)
    pool = list(long_)
    found = 0
    for n in short:
        if n in pool:
            pool.remove(n)
            found += 1
    return found * 2 <= len(short)


@dataclass(frozen=True)
class Comparison:
    score: float  # 0..1: how nearly the two say the same thing (polarity aside); 0 when they conflict
    shared: tuple[str, ...]
    conflict: str | None  # "numbers", "names", "dates", "occasion": about different things, whatever the score
    reversed: bool  # one says the opposite of the other
    review: str | None = None  # "slot" or "ladder": perhaps the same, never linked without a person


def one_slot(a: tuple[str, ...], b: tuple[str, ...], most: int = 3) -> bool:
    """The two say the same words but for one word or phrase: put in the same place, each its own (a
    template filled in differently: "Kendrick's favourite rapper is Drake" / "... is Kanye", "a copy of Nylea,
    God of the Hunt" / "of Anger of the Gods"), or added by one of them ("Google+ will survive" / "Google
    Analytics will survive", "Pinterest IPO in 2019" / "in 2019 H1"), which is usually another prediction
    rather than the same one in other words. The slot is what is left between the common beginning and the
    common end: one replaced run of any length, or at most ``most`` words on each side; the same words in
    another order ("the stadium in Ravelo" / "the Ravelo stadium") are no slot."""
    import difflib

    ops = [op for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op[0] != "equal"]
    if not ops:
        return False
    if len(ops) == 1 and ops[0][0] == "replace":
        return True
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    left, right = a[start:len(a) - end], b[start:len(b) - end]
    return (max(len(left), len(right)) <= most and sorted(left) != sorted(right)
            and start + end >= 2)


def apart(a: Gist, b: Gist, said: tuple[Any, Any] = (None, None)) -> str | None:
    """What makes ``a`` and ``b`` two forecasts whatever their words: other numbers, other named things,
    other dates that no deadline governs (another month, another week), or an occasion-bound forecast
    ("today", "this week", "daily") said on another day (the same event recurring in another period)."""
    if numbers_disagree(a.numbers, b.numbers):
        return "numbers"
    if a.names and b.names and not (a.names & b.names):
        return "names"  # each names something, and nothing in common: about different things
    if a.anchors.dates and b.anchors.dates and set(a.anchors.dates) != set(b.anchors.dates):
        return "dates"
    if a.anchors.occasion and b.anchors.occasion and None not in said and said[0] != said[1]:
        return "occasion"
    return None


def same_occasion_ladder(a: Gist, b: Gist, said: tuple[Any, Any]) -> bool:
    """Said on the same day but with another deadline, date or number: a ladder of forecasts made together
    ("released before 2001" and "before 2002"), not one said again; a person decides."""
    if None in said or said[0] != said[1]:
        return False
    return (a.anchors.when, a.anchors.dates, a.numbers) != (b.anchors.when, b.anchors.dates, b.numbers)


def compare(a: Gist, b: Gist, *, fuzzy_weight: float = 0.5, name_penalty: float = 0.0,
            slot_penalty: float = 0.0, slot_words: int = 3, said: tuple[Any, Any] = (None, None)) -> Comparison:
    """How nearly ``a`` and ``b`` say the same thing: rapidfuzz token-set similarity of the content
    (weight ``fuzzy_weight``) and the Dice share of content words in common (the rest), reduced by
    ``name_penalty`` times the share of named things only one of them names, and by ``slot_penalty`` when
    they differ in one slot only (:func:`one_slot`), which also marks the pair for review, as does a ladder
    (:func:`same_occasion_ladder`). ``said`` are the two said dates, where known. A conflict
    (:func:`apart`) scores 0."""
    from rapidfuzz import fuzz

    sa, sb = set(a.terms), set(b.terms)
    shared = tuple(sorted(sa & sb))
    reversed_ = a.negated != b.negated
    conflict = apart(a, b, said)
    if conflict or not sa or not sb:
        return Comparison(0.0, shared, conflict, reversed_)  # about different things: not scored
    dice = 2 * len(shared) / (len(sa) + len(sb))
    fuzzy = fuzz.token_set_ratio(a.content, b.content) / 100
    names = a.names | b.names
    mismatch = len(a.names ^ b.names) / len(names) if names else 0.0
    score = (fuzzy_weight * fuzzy + (1 - fuzzy_weight) * dice) * (1 - name_penalty * mismatch)
    review = None
    if one_slot(a.slots or a.terms, b.slots or b.terms, slot_words):
        review = "slot"
        score *= 1 - slot_penalty
    elif same_occasion_ladder(a, b, said):
        review = "ladder"
    return Comparison(round(score, 4), shared, None, reversed_, review)
