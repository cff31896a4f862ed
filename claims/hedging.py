"""Hedges and boosters in what was said: "could", "I think", "likely", "no doubt", "if ...".

Pure: text in, cues out. Each cue carries its category, its character span in the text, whether it is
negated ("not likely", "I don't think", "won't"), and the probability people read into it (from the
probability table, see :mod:`claims.lexicon`). :func:`implied_probability` turns the cues of one
statement into one probability with a range.

Categories: ``modal`` (could, may, might, would), ``epistemic`` (I think, we expect, I hope),
``adverb``/``adjective`` (probably, likely), ``estimative`` (a good chance, no chance), ``evidential``
(appears, reportedly), ``condition`` (if, unless), ``investigation`` (whether) and ``booster`` (will,
certainly, there is no doubt). Boosters make a statement more certain; everything else hedges it.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache

from .lexicon import Lexicons

HEDGE_CATEGORIES = ("modal", "epistemic", "adverb", "adjective", "estimative", "evidential", "condition",
                    "investigation")
_NEG_BEFORE = re.compile(r"(?:\bnot|n't|\bnever|\bno|\bhardly|\bcannot)\s+(?:\w+\s+){0,2}$", re.I)
_NEG_AFTER = re.compile(r"^\s*(?:not|never)\b", re.I)
_CONTRACTED_NEG = {"won't": "will", "wouldn't": "would", "couldn't": "could", "mightn't": "might",
                   "shouldn't": "should", "shan't": "shall"}
_REPORTING = re.compile(r"\b(?:said|says|told|announced|added|stated|predicted|warned|insisted|argued|"
                        r"acknowledged|noted|claimed|promised|pledged|vowed|estimated|expected)\b", re.I)
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
        return asdict(self)


@lru_cache(maxsize=8)
def _pattern(cues: tuple[str, ...]) -> re.Pattern:
    parts = []
    for cue in sorted(cues, key=len, reverse=True):
        body = r"\s+".join(re.escape(w) for w in cue.split())
        lead = r"(?<=\w)" if cue.startswith("'") else r"(?<![\w'])"
        parts.append(lead + body + r"(?![\w])")
    contracted = "|".join(re.escape(c) for c in _CONTRACTED_NEG)
    return re.compile(rf"(?P<neg>(?<![\w']){'(?:' + contracted + ')'}(?![\w]))|(?P<cue>{'|'.join(parts)})", re.I)


def find_cues(text: str, lex: Lexicons) -> list[Cue]:
    """Every hedge and booster cue in ``text``, in order, longest match first."""
    plain = text.translate(_APOSTROPHES)  # same length: spans stay valid for ``text``
    pattern = _pattern(tuple(lex.hedges))
    out: list[Cue] = []
    last_end = 0
    for m in pattern.finditer(plain):
        if m.group("neg"):
            entry = lex.hedges.get(_CONTRACTED_NEG[m.group("neg").lower()])
            negated = True
        else:
            entry = lex.hedges.get(" ".join(m.group("cue").lower().split()))
            negated = False
        if entry is None:
            continue
        start, end = m.span()
        if not negated:  # negation scope stops at the previous cue: "I don't think it will" negates think
            negated = bool(_NEG_BEFORE.search(plain[max(last_end, start - 40):start])) or bool(
                _NEG_AFTER.match(plain[end:end + 8]))
        last_end = end
        category, term = entry.category, entry.term
        if entry.cue == "would" and not negated and _REPORTING.search(plain[:start]) and not re.search(
                r"\b(?:if|unless)\b", plain, re.I):
            category, term = "booster", "will happen"  # "said NATO would want": the reported 'will'
        if entry.cue == "if" and re.match(r"\s*(?:not|so|any|anything|at all|only)\b", plain[end:end + 10], re.I):
            continue  # "if not", "if so", "if any": no condition
        if negated and entry.negated_term:
            prob = lex.probability(entry.negated_term)
            p = (prob.probability, prob.low, prob.high) if prob else (None, None, None)
        else:
            prob = lex.probability(term)
            p = (prob.probability, prob.low, prob.high) if prob else (None, None, None)
            if negated and prob is not None:
                p = (round(1 - prob.probability, 3), round(1 - prob.high, 3), round(1 - prob.low, 3))
        out.append(Cue(text[start:end], category, start, end, *p, negated=negated))
    return out


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
        pick = min(hedges, key=lambda c: c.probability)
    elif boosters:
        pick = max(boosters, key=lambda c: c.probability) if not any(b.negated for b in boosters) else \
            min(boosters, key=lambda c: c.probability)
    else:
        return None, None
    return pick.probability, [pick.low, pick.high]
