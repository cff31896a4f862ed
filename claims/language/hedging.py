"""Hedges and boosters in what was said: "could", "I think", "likely", "no doubt", "if ...".

Pure: text in, cues out. Each cue carries its category, its character span in the text, whether it is
negated ("not likely", "I don't think", "won't"), and the probability people read into it (from the
probability table, see :mod:`claims.language.lexicon`). :func:`implied_probability` turns the cues of one
statement into one probability with a range.

Categories: ``modal`` (could, may, might, would), ``epistemic`` (I think, we expect, I hope),
``adverb``/``adjective`` (probably, likely), ``estimative`` (a good chance, no chance), ``evidential``
(appears, reportedly), ``condition`` (if, unless), ``investigation`` (whether) and ``booster`` (will,
certainly, there is no doubt). Boosters make a statement more certain; everything else hedges it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate

from claims.language.lexicon import Lexicons

HEDGE_CATEGORIES = ("modal", "epistemic", "adverb", "adjective", "estimative", "evidential", "condition",
                    "investigation")
# Ability, not likelihood: "could not be reached for comment", "couldn't estimate".
_ABILITY = re.compile(r"^\s*(?:not|n't|never)?\s*(?:be\s+reached|comment|estimate|say|confirm|recall|find)\b", re.I)
_CONTRACTED_NEG = {"won't": "will", "wouldn't": "would", "couldn't": "could", "mightn't": "might",
                   "shouldn't": "should", "shan't": "shall"}
_HYPOTHETICAL = re.compile(r"\b(?:if|unless|otherwise|in\s+such\s+an?\s+event|in\s+that\s+case|were\s+to)\b", re.I)
_WOULD_HEDGE = re.compile(r"\s*(?:seem|appear|probably|likely|perhaps|possibly|be\s+likely|have\s+\w+ed\b)", re.I)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


@dataclass
class Cue:
    phrase: str
    category: str
    start: int
    end: int
    probability: float | None
    low: float | None
    high: float | None
    negated: bool = False

    @property
    def is_hedge(self) -> bool:
        return self.category in HEDGE_CATEGORIES or (self.category == "booster" and self.negated
                                                     and self.probability is not None and self.probability < 0.5)

    def as_dict(self) -> dict:
        return {"phrase": self.phrase, "category": self.category, "start": self.start, "end": self.end,
                "probability": self.probability, "low": self.low, "high": self.high, "negated": self.negated}


_TOKEN = re.compile(r"\w+n't|\w+|'\w+|n't")
_SPLIT = re.compile(f"({_TOKEN.pattern})")  # split at the tokens, keeping them: the same matches as _TOKEN
_NEGATORS = {"not", "never", "no", "hardly", "cannot", "n't"}
_AFTER_NEG = {"not", "never", "n't"}


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0).lower()) for m in _TOKEN.finditer(text)]


_INDEXES: dict[str, dict] = {}


def _index(lex: Lexicons) -> dict[str, list[tuple[tuple[str, ...], str, bool]]]:
    """First token -> [(cue tokens, cue key, negated)], longest first: matching is one pass over tokens."""
    cached = _INDEXES.get(lex.version)
    if cached is not None:
        return cached
    index: dict[str, list] = {}
    for key in lex.hedges:
        toks = tuple(t for _, _, t in _tokens(key))
        if toks:
            index.setdefault(toks[0], []).append((toks, key, False))
    for contracted, base in _CONTRACTED_NEG.items():
        if base in lex.hedges:
            index.setdefault(contracted, []).append(((contracted,), base, True))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    _INDEXES[lex.version] = index
    return index


def _words(plain: str) -> tuple[list[str], list[str], list[int] | None]:
    """The lower-case tokens of ``plain`` and the pieces of the lower-cased text split at them (gaps and
    tokens in turn: their lengths added up give the offsets, for a sentence that holds a cue), or, where
    the text cannot be lower-cased first, no pieces and the offsets (start and end of each token in turn).
    Lower-casing the text first tokenises it the
    same when it keeps the length (every character then maps to one, and none changes whether it is a word
    character) and no capital stands in an "n't" (the pattern reads "n't" in lower case only); otherwise the
    tokens are lower-cased one by one."""
    low = "" if "N'" in plain or "'T" in plain else plain.lower()
    if len(low) != len(plain):
        tokens = _tokens(plain)
        return [t[2] for t in tokens], [], [x for t in tokens for x in t[:2]]
    pieces = _SPLIT.split(low)
    return pieces[1::2], pieces, None


def find_cues(text: str, lex: Lexicons) -> list[Cue]:
    """Every hedge and booster cue in ``text``, in order, longest match first."""
    plain = text.translate(_APOSTROPHES)  # same length: spans stay valid for ``text``
    words, pieces, offsets = _words(plain)
    index = _index(lex)
    if index.keys().isdisjoint(words):
        return []
    if offsets is None:  # offsets[2k] and offsets[2k + 1]: where token k starts and ends
        offsets = list(accumulate(map(len, pieces)))
    out: list[Cue] = []
    last = nxt = 0  # the first token after the previous cue: negation scope stops there, the next cue starts
    n = len(words)
    for i in [k for k, w in enumerate(words) if w in index]:
        if i < nxt:
            continue
        match = None
        for toks, key, neg in index[words[i]]:
            k = len(toks)
            if k == 1 or tuple(words[i:i + k]) == toks:
                match = (toks, key, neg)
                break
        if match is None:
            continue
        toks, key, negated = match
        j = i + len(toks)
        entry = lex.hedges[key]
        start, end = offsets[2 * i], offsets[2 * j - 1]
        if not negated:  # "not likely", "I don't think", "will not": the scope stops at the previous cue
            before = words[max(last, i - 3):i]
            negated = any(t in _NEGATORS or t.endswith("n't") for t in before) or (
                j < n and words[j] in _AFTER_NEG)
        cue = _cue(text, plain, entry, start, end, negated, lex)
        if cue is not None:
            out.append(cue)
        last = nxt = j
    return out


def _cue(text: str, plain: str, entry, start: int, end: int, negated: bool, lex: Lexicons) -> Cue | None:  # noqa: ANN001
    category, term = entry.category, entry.term
    if entry.cue == "may" and not is_modal_may(text, start):
        return None  # "On May 20", "Brian May", "Devil May Cry": the month or a name, not the modal
    if entry.cue in ("could", "can"):
        if _ABILITY.match(plain[end:end + 30]):
            return None  # ability, not likelihood ("could not be reached for comment")
        if negated:  # "it couldn't happen": near-certainty that it won't
            category, term, negated = "booster", "almost no chance", False
    if entry.cue == "would" and not negated and not _HYPOTHETICAL.search(plain) \
            and not _WOULD_HEDGE.match(plain[end:end + 30]):
        # Outside a conditional, 'would' is mostly the reported future of 'will' ("said NATO would
        # want a request"): a booster, as the Szeged news annotators marked it only a third of the time.
        category, term = "booster", "will happen"
    if entry.cue == "if" and re.match(r"\s*(?:not|so|any|anything|at all|only)\b", plain[end:end + 10], re.I):
        return None  # "if not", "if so", "if any": no condition
    p: tuple[float | None, float | None, float | None]
    if negated and entry.negated_term:
        prob = lex.probability(entry.negated_term)
        p = (prob.probability, prob.low, prob.high) if prob else (None, None, None)
    else:
        prob = lex.probability(term)
        p = (prob.probability, prob.low, prob.high) if prob else (None, None, None)
        if negated and prob is not None:
            p = (round(1 - prob.probability, 3), round(1 - prob.high, 3), round(1 - prob.low, 3))
    return Cue(text[start:end], category, start, end, p[0], p[1], p[2], negated=negated)


_NOT_MODAL_AFTER = re.compile(r"\s*(?:\d|[A-Z]|$)")


def is_modal_may(text: str, start: int) -> bool:
    """True when "may" at ``start`` is the modal: lower case, or capitalised only as a sentence's first word
    followed by a lower-case word ("May I ask?"), never before a number or a capital ("May 20", "May Cry")."""
    if text[start:start + 1] != "M":
        return True
    initial = start == 0 or bool(re.search(r"(?:^|[.?!:\u201c\"]\s*)$", text[max(0, start - 3):start]))
    return initial and not _NOT_MODAL_AFTER.match(text, start + 3)


def is_uncertain(cues: list[Cue]) -> bool:
    return any(c.is_hedge for c in cues)


def implied_probability(cues: list[Cue]) -> tuple[float | None, list[float] | None]:
    """One probability (and range) for a statement from its cues.

    Hedges outweigh boosters ("will likely" reads as "likely"); when several hedges stack ("could
    possibly", "I think it may"), the statement is as weak as its weakest hedge. With boosters only, the
    strongest booster counts; negated boosters ("won't") count as hedges. No cue with a probability: None.
    """
    hedges = [c for c in cues if c.probability is not None and c.is_hedge]
    boosters = [c for c in cues if c.probability is not None and not c.is_hedge]
    if hedges:
        pick = min(hedges, key=_probability)
    elif boosters:
        pick = max(boosters, key=_probability) if not any(b.negated for b in boosters) else \
            min(boosters, key=_probability)
    else:
        return None, None
    # A cue read from the probability table has all three numbers or none.
    assert pick.probability is not None and pick.low is not None and pick.high is not None
    return pick.probability, [pick.low, pick.high]


def _probability(cue: Cue) -> float:
    assert cue.probability is not None  # only cues with a probability are compared
    return cue.probability
