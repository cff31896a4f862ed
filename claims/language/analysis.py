"""The analysis of what was said: hedges, implied probability, time frame and due window, kind, condition.

``analyze`` is pure (text and dates in, a dict out) and is what ``claims analyze`` prints;
:func:`claims.services.intake.apply_analysis` puts its result on a new claim.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from claims.language import hedging, timeframe
from claims.language.classify import classify, comment_spans
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


_SENTENCE = re.compile(r"(?<=[.?!])[\u201d\"')]*\s+(?=[\u201c\"'(]*[A-Z0-9])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text`` (one span for one sentence)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE.finditer(text):
        if len(text[start:m.start()].split()) >= 3 or not spans and text[start:m.start()].strip():
            spans.append((start, m.start()))
            start = m.end()
        elif spans:  # "(12)", "Yes.": too short to be a claim of its own; it stays with its neighbour
            spans[-1] = (spans[-1][0], m.start())
            start = m.end()
    if len(text[start:].split()) >= 3 or not spans:
        spans.append((start, len(text)))
    else:
        spans[-1] = (spans[-1][0], len(text))
    return spans


def _claim_sentence(text: str, spans: list[tuple[int, int]], cues: list[hedging.Cue], base: date,
                    lex: Lexicons) -> tuple[int, str, timeframe.Timeframe | None]:
    """(index, kind, time frame) of the sentence that makes the claim: the last prediction or promise."""
    if len(spans) == 1:
        tf = timeframe.find_timeframe(text, base, lex)
        return 0, classify(text, cues, tf, lex), tf
    found = []
    for i, (s, e) in enumerate(spans):
        part = text[s:e]
        tf = timeframe.find_timeframe(part, base, lex)
        kind = classify(part, [c for c in cues if s <= c.start < e], tf, lex)
        if tf is not None:  # the span in the whole text, once the sentence is classified
            tf.span = (tf.span[0] + s, tf.span[1] + s)
        found.append((i, kind, tf))
    claims = [f for f in found if f[1] != "statement"]
    if not claims:
        return len(spans) - 1, "statement", next((f[2] for f in found if f[2] is not None), None)
    i, kind, tf = claims[-1]
    return i, kind, tf or next((c[2] for c in reversed(claims) if c[2] is not None), None)


def _outside(cues: list[hedging.Cue], asides: list[tuple[int, int]], offset: int) -> list[hedging.Cue]:
    """The cues outside the comment clauses ("as you may know"; spans from ``offset``)."""
    return [c for c in cues if not any(a <= c.start - offset < b for a, b in asides)] if asides else cues


def no_window(base: date, lex: Lexicons) -> timeframe.Timeframe:
    """The open-ended review date of a prediction or promise that names no time at all."""
    horizon = lex.horizons.get(timeframe.NO_WINDOW)
    days = horizon.review_days if horizon and horizon.review_days else 365
    review = base + timedelta(days=days)
    why = horizon.rationale if horizon else "no time frame given"
    return timeframe.Timeframe("", "open", base, None, f"no time frame: open-ended; review on {review.isoformat()} "
                               f"({why})", "FUTURE_REF", (0, 0), review)


def analyze(text: str, *, said_on: date | None = None, said_precision: str | None = None,
            published_on: date | None = None, today: date | None = None,
            lex: Lexicons | None = None) -> dict[str, Any]:
    """Everything the analysis reads in ``text``; time frames are relative to the said date
    (else the publication date, else ``today``). With several sentences, the claim is the last one that
    predicts or promises: its kind, time frame and hedges give the probability; every hedge is listed with
    the index of its sentence."""
    lex = lex or load()
    base = said_on or published_on or today or date.today()
    cues = hedging.find_cues(text, lex)
    inner = text[:-2]
    several = len(text) > 40 and ("." in inner or "?" in inner or "!" in inner)
    spans = sentence_spans(text) if several else [(0, len(text))]
    index, kind, tf = _claim_sentence(text, spans, cues, base, lex)
    s, e = spans[index]
    question = text[s:e].strip().endswith("?") or text.strip().endswith("?") and kind == "statement"
    own = [c for c in cues if s <= c.start < e]
    probability, prange = (None, None) if question or kind == "statement" else \
        hedging.implied_probability(_outside(own, comment_spans(text[s:e], lex), s) if own else own)
    if tf is None and kind != "statement":
        tf = no_window(base, lex)
    hedges = []
    for c in cues:
        h = c.as_dict()
        h["sentence"] = 0 if len(spans) == 1 else next((i for i, (a, b) in enumerate(spans) if a <= c.start < b), 0)
        hedges.append(h)
    return {
        "kind": kind,
        "hedges": hedges,
        "uncertain": hedging.is_uncertain(own if kind != "statement" else cues),
        "probability": probability,
        "probability_range": prange,
        "said_on": said_on.isoformat() if said_on else None,
        "said_precision": said_precision if said_on else None,
        "timeframe": tf.as_dict() if tf else None,
        "condition": condition_of(text, own if kind != "statement" else cues),
        "question": question,
        "claim_sentence": index,
        "lexicon_version": lex.version,
    }
