"""The analysis of what was said: hedges, implied probability, time frame and due window, kind, condition.

``analyze`` is pure (text and dates in, a dict out) and is what ``claims analyze`` prints;
``apply_analysis`` fills a :class:`~claims.recording.NewClaim` for ``add``, ``import`` and ``ingest``,
never overriding what the user gave (``--kind``, ``--due``, ``--probability``), and records the lexicon
version that produced it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from . import hedging, timeframe
from .classify import classify
from .lexicon import Lexicons, load
from .recording import NewClaim

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


def apply_analysis(item: NewClaim, *, today: date, lex: Lexicons | None = None,
                   result: dict[str, Any] | None = None) -> NewClaim:
    """Fill kind, hedges, probability and due window from the analysis (``result``, or run now), unless
    the user gave them."""
    if result is None:
        result = analyze(item.text, said_on=item.said_on, said_precision=item.said_precision,
                         published_on=item.source.published_on if item.source else None, today=today, lex=lex)
    if "kind" not in item.explicit:
        item.kind = result["kind"]
    if not item.hedges:
        item.hedges = result["hedges"]
    if "probability" not in item.explicit and item.probability is None and result["probability"] is not None:
        item.probability = result["probability"]
        item.probability_low, item.probability_high = result["probability_range"]
    tf = result["timeframe"]
    if item.timeframe is None:
        item.timeframe = tf
    if "due" not in item.explicit and tf and item.kind != "statement" and item.due_end is None:
        item.due_start = date.fromisoformat(tf["start"]) if tf["start"] else None
        item.due_end = date.fromisoformat(tf["end"]) if tf["end"] else None
    if item.condition is None:
        item.condition = result["condition"]
    item.analysis_version = item.analysis_version or result["lexicon_version"]
    return item
