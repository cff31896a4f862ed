"""Turning what a user typed or a file holds into a validated :class:`NewClaim`.

``add``, ``import`` and ``ingest`` all come through :func:`claim_from_fields`, so a field means the same
thing everywhere: ``said_on``, ``published_on`` and ``due`` may be free text ("Thursday", "next month"),
read relative to the publication date (or today).
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from claims import status
from claims.errors import UsageError
from claims.language.dates import not_in_future, parse_date, parse_due
from claims.language.lexicon import Lexicons
from claims.language.normalize import clean_text
from claims.language.said import resolve_said
from claims.store.recording import EventInfo, NewClaim, SourceInfo

EVENT_TYPES = ("created", "status", "due", "evidence", "note", "analysis", "speaker", "review", "probability",
               "restatement", "reversal", "unlink")
_URL_SCHEMES = ("http://", "https://")


def clean_url(value: Any, field: str = "url") -> str | None:
    url = clean_text(value, field, limit=4000)
    if url is None:
        return None
    if any(c.isspace() for c in url):
        raise UsageError(f"{field} {url[:60]!r} contains spaces; is it a URL?")
    if "://" in url or ":" in url.split("/", 1)[0]:
        if not url.lower().startswith(_URL_SCHEMES):
            raise UsageError(f"{field} must be an http(s) URL, not {url[:60]!r}")
    else:
        raise UsageError(f"{field} must be an http(s) URL, not {url[:60]!r}")
    return url


def clean_tags(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        value = value.replace(";", ",").split(",")
    if not isinstance(value, list):
        raise UsageError("tags must be a list of strings")
    out = []
    for tag in value:
        if not isinstance(tag, str):
            raise UsageError("tags must be a list of strings")
        t = clean_text(tag, "tag", limit=100)
        if t:
            out.append(t)
    return list(dict.fromkeys(out))


def clean_probability(value: Any) -> float | None:
    if value is None or value == "":
        return None
    pct = isinstance(value, str) and value.strip().endswith("%")
    try:
        number = float(value.strip().rstrip("%")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise UsageError(f"probability must be a number from 0 to 1 (or a percentage), not {value!r}") from None
    if isinstance(value, bool) or math.isnan(number):
        raise UsageError(f"probability must be a number from 0 to 1, not {value!r}")
    if pct:
        number /= 100
    if not 0 <= number <= 1:
        raise UsageError(f"probability must be between 0 and 1 (or 0% and 100%), not {value!r}")
    return number


def _date_field(value: Any, field: str, base: date) -> tuple[date, str] | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value, "day"
    if not isinstance(value, str):
        raise UsageError(f"{field} must be a date, not {value!r}")
    try:
        return parse_date(clean_text(value, field, limit=200) or "", base)  # blank: "empty date"
    except UsageError as exc:
        raise UsageError(f"{field}: {exc}") from None


def _iso_date(value: Any, field: str) -> date | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise UsageError(f"{field} must be an ISO date (YYYY-MM-DD), not {value!r}") from None


def claim_from_fields(rec: dict[str, Any], *, today: date) -> NewClaim:
    """A NewClaim from a record (JSON object, CSV row or CLI options); UsageError names the bad field."""
    if not isinstance(rec, dict):
        raise UsageError("a record must be a JSON object")
    text = clean_text(rec.get("text"), "text", required=True)
    speaker_value = rec.get("speaker")
    if isinstance(speaker_value, dict):
        speaker_value = speaker_value.get("name")
    speaker = clean_text(speaker_value, "speaker", required=True, limit=300)

    src_raw = rec.get("source")
    src = src_raw if isinstance(src_raw, dict) else {}
    published_raw = rec.get("published_on", rec.get("published", src.get("published_on")))
    published = _date_field(published_raw, "published_on", today)
    published_on = published[0] if published else None
    if published_on:
        not_in_future(published_on, today, "published_on")
    base = published_on or today

    said_raw = rec.get("said_on", rec.get("said"))
    said_on = said_precision = None
    if said_raw not in (None, ""):
        if isinstance(said_raw, date):
            said_on, said_precision = said_raw, "day"
        elif not isinstance(said_raw, str):
            raise UsageError(f"said_on must be a date, not {said_raw!r}")
        else:
            said_on, said_precision = resolve_said(clean_text(said_raw, "said_on", limit=200) or "", base)
        if rec.get("said_precision") in ("day", "week", "month", "year"):
            said_precision = rec["said_precision"]
        not_in_future(said_on, today, "said_on")

    source = SourceInfo(
        outlet=clean_text(rec.get("outlet", src.get("outlet")), "outlet", limit=300),
        title=clean_text(rec.get("title", src.get("title")), "title", limit=2000),
        url=clean_url(rec.get("url", src.get("url"))),
        published_on=published_on,
        kind=status.parse_source_kind(rec.get("source_kind") or src.get("kind") or "article"),
    )

    kind_raw = rec.get("kind")
    kind = status.parse_kind(kind_raw) if kind_raw not in (None, "") else None
    due_start = due_end = None
    due = rec.get("due")
    if isinstance(due, dict):
        due_start = _iso_date(due.get("start"), "due.start")
        due_end = _iso_date(due.get("end"), "due.end")
    elif due not in (None, ""):
        if not isinstance(due, str):
            raise UsageError(f"due must be a date, not {due!r}")
        try:
            due_end = parse_due(clean_text(due, "due", limit=200) or "", said_on or base)
        except UsageError as exc:
            raise UsageError(f"due: {exc}") from None
        due_start = said_on or published_on
    due_start = _iso_date(rec.get("due_start"), "due_start") or due_start
    due_end = _iso_date(rec.get("due_end"), "due_end") or due_end
    if due_start and due_end and due_start > due_end:
        raise UsageError(f"due window starts ({due_start}) after it ends ({due_end})")

    prange = rec.get("probability_range")
    low = high = None
    if isinstance(prange, list) and len(prange) == 2:
        low, high = clean_probability(prange[0]), clean_probability(prange[1])

    hedges = rec.get("hedges") or []
    if not isinstance(hedges, list):
        raise UsageError("hedges must be a list")
    timeframe = rec.get("timeframe")
    if timeframe is not None and not isinstance(timeframe, dict):
        raise UsageError("timeframe must be an object")

    claim = NewClaim(
        text=text,
        speaker=speaker,
        speaker_title=clean_text(rec.get("speaker_title"), "speaker_title", limit=300),
        said_on=said_on,
        said_precision=said_precision,
        context=clean_text(rec.get("context"), "context"),
        source=source,
        kind=kind or "prediction",
        summary=clean_text(rec.get("summary"), "summary"),
        due_start=due_start,
        due_end=due_end,
        probability=clean_probability(rec.get("probability")),
        probability_low=low,
        probability_high=high,
        hedges=hedges,
        timeframe=timeframe,
        condition=clean_text(rec.get("condition"), "condition"),
        analysis_version=clean_text(rec.get("analysis_version"), "analysis_version", limit=40),
        tags=clean_tags(rec.get("tags")),
        events=_events(rec.get("events"), said_on=said_on, today=today),
        attributed_as=" ".join(speaker.split()),
    )
    if claim.events is None and rec.get("status") not in (None, "", status.OPEN):
        st = status.parse_status(str(rec["status"]))
        evidence = rec.get("evidence")
        if isinstance(evidence, str):  # trackers list several URLs separated by | or whitespace
            evidence = next((u for u in evidence.replace("|", " ").split() if u), None)
        claim.events = [
            EventInfo(type="created", status=status.OPEN, on=said_on, evidence=source.url,
                      due_start=due_start, due_end=due_end),
            EventInfo(type="status", status=st, from_status=status.OPEN, on=today,
                      evidence=clean_url(evidence, "evidence"),
                      note=clean_text(rec.get("status_note"), "status_note") or "status on import"),
        ]
    claim.explicit = {name for name, given in (("kind", kind is not None), ("due", due_end is not None),
                                               ("probability", claim.probability is not None)) if given}
    return claim


def check_event_date(on: date | None, *, said_on: date | None, today: date, what: str = "the event") -> None:
    """An event cannot happen before the claim was said, nor in the future (UsageError)."""
    if on is None:
        return
    not_in_future(on, today, f"{what} date {on.isoformat()}")
    if said_on is not None and on < said_on:
        raise UsageError(f"{what} date {on.isoformat()} is before the claim was said ({said_on.isoformat()})")


def _events(value: Any, *, said_on: date | None, today: date) -> list[EventInfo] | None:
    if value in (None, []):
        return None
    if not isinstance(value, list):
        raise UsageError("events must be a list")
    out = []
    for i, ev in enumerate(value, 1):
        if not isinstance(ev, dict):
            raise UsageError(f"event {i} must be an object")
        etype = ev.get("type")
        if etype not in EVENT_TYPES:
            raise UsageError(f"event {i}: unknown type {etype!r}; one of {', '.join(EVENT_TYPES)}")
        recorded = ev.get("recorded_at")
        recorded_at = None
        if recorded:
            try:
                recorded_at = datetime.fromisoformat(str(recorded).replace("Z", "+00:00"))
            except ValueError:
                raise UsageError(f"event {i}: recorded_at must be an ISO datetime, not {recorded!r}") from None
        due_raw = ev.get("due")
        due = due_raw if isinstance(due_raw, dict) else {}
        on = _iso_date(ev.get("on"), f"event {i}: on")
        if ev.get("type") != "created":  # a created event is dated when the quote was said
            check_event_date(on, said_on=said_on, today=today, what=f"event {i}")
        out.append(EventInfo(
            type=etype,
            status=status.parse_status(str(ev.get("status") or "")),
            from_status=status.parse_status(ev["from"]) if ev.get("from") else None,
            on=on,
            recorded_at=recorded_at,
            by=clean_text(ev.get("by"), "by", limit=200),
            evidence=clean_url(ev.get("evidence"), "evidence"),
            note=clean_text(ev.get("note"), "note"),
            due_start=_iso_date(due.get("start"), f"event {i}: due.start"),
            due_end=_iso_date(due.get("end"), f"event {i}: due.end"),
        ))
    return out


def apply_analysis(item: NewClaim, *, today: date, lex: Lexicons | None = None,
                   result: dict[str, Any] | None = None) -> NewClaim:
    """Fill kind, hedges, probability and due window from the analysis (``result``, or run now), unless
    the user gave them (``--kind``, ``--due``, ``--probability``), and record the lexicon version."""
    if result is None:
        from claims.language.analysis import analyze

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
        end = tf["end"] or tf.get("review_on")  # open-ended: due for review, so that `claims due` brings it back
        item.due_end = date.fromisoformat(end) if end else None
    if item.condition is None:
        item.condition = result["condition"]
    item.analysis_version = item.analysis_version or result["lexicon_version"]
    return item
