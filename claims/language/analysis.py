"""The analysis of what was said: hedges, implied probability, time frame and due window, kind, condition.

``analyze`` is pure (text and dates in, a dict out) and is what ``claims analyze`` prints;
:func:`claims.services.intake.apply_analysis` puts its result on a new claim.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from claims.language import hedging, timeframe
from claims.language.classify import classify
from claims.language.lexicon import Lexicons, load

_CONDITION = re.compile(r"(?<![\w'])(?:if|unless|provided\s+that|as\s+long\s+as|once)\b[^,;:.?!]*", re.I)


def condition_of(text: str, cues: list[hedging.Cue]) -> str | None:
    """The "if ..." part of a conditional statement, as written."""
    for cue in cues:
        if cue.category == "condition":
            m = _CONDITION.match(text, cue.start)
            if m:
                return " ".join(m.group(0).split()).rstrip(" ,")
    return None


def analyze(text: str, *, said_on: date | None = None, said_precision: str | None = None,
            published_on: date | None = None, today: date | None = None,
            lex: Lexicons | None = None) -> dict[str, Any]:
    """Everything the analysis reads in ``text``; time frames are relative to the said date
    (else the publication date, else ``today``)."""
    lex = lex or load()
    base = said_on or published_on or today or date.today()
    cues = hedging.find_cues(text, lex)
    tf = timeframe.find_timeframe(text, base, lex)
    kind = classify(text, cues, tf)
    question = text.strip().endswith("?")
    probability, prange = (None, None) if question or kind == "statement" else hedging.implied_probability(cues)
    return {
        "kind": kind,
        "hedges": [c.as_dict() for c in cues],
        "uncertain": hedging.is_uncertain(cues),
        "probability": probability,
        "probability_range": prange,
        "said_on": said_on.isoformat() if said_on else None,
        "said_precision": said_precision if said_on else None,
        "timeframe": tf.as_dict() if tf else None,
        "condition": condition_of(text, cues),
        "question": question,
        "lexicon_version": lex.version,
    }
