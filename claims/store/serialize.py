"""Claims and events as plain dicts: the stable JSON keys of ``--json``, ``export`` and ``import``."""

from __future__ import annotations

from datetime import date
from typing import Any

from claims.language.dates import iso  # noqa: F401  (the one ISO serialiser; importers use it from here too)
from claims.status import is_overdue


def claim_dict(row: Any, tags: list[str], as_of: date) -> dict[str, Any]:
    """``row`` has the claim's columns plus quote_text, said_on, said_precision, speaker_name,
    speaker_title and the source's outlet, url, title, published_on, source_kind."""
    overdue = is_overdue(row.status, row.due_end, as_of, row.kind)
    source = None
    if row.source_id is not None:
        source = {"outlet": row.outlet, "url": row.url, "title": row.title,
                  "published_on": iso(row.published_on), "kind": row.source_kind}
    prange = None
    if row.probability_low is not None and row.probability_high is not None:
        prange = [row.probability_low, row.probability_high]
    return {
        "id": row.id,
        "kind": row.kind,
        "text": row.quote_text,
        "summary": row.summary,
        "speaker": row.speaker_name,
        "speaker_title": row.speaker_title,
        "said_on": iso(row.said_on),
        "said_precision": row.said_precision,
        "source": source,
        "status": row.status,
        "overdue": overdue,
        "days_overdue": (as_of - row.due_end).days if overdue else None,
        "due": {"start": iso(row.due_start), "end": iso(row.due_end)},
        "probability": row.probability,
        "probability_range": prange,
        "hedges": row.hedges or [],
        "timeframe": row.timeframe,
        "condition": row.condition,
        "tags": tags,
        "analysis_version": row.analysis_version,
        "created_at": iso(row.created_at),
    }


def event_dict(ev: Any) -> dict[str, Any]:
    due = None
    if ev.due_start is not None or ev.due_end is not None:
        due = {"start": iso(ev.due_start), "end": iso(ev.due_end)}
    return {
        "id": ev.id,
        "type": ev.type,
        "status": ev.status,
        "from": ev.from_status,
        "on": iso(ev.happened_on),
        "recorded_at": iso(ev.recorded_at),
        "by": ev.by,
        "evidence": ev.evidence,
        "note": ev.note,
        "due": due,
    }
