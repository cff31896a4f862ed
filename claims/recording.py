"""Writing quotes and claims: the one write path that ``add``, ``import`` and ``ingest`` share.

Records are written in batches with set-based SQL (a handful of statements per batch, not per record):
speakers, sources, quotes, appearances, claims, tags, events. Every insert is ``ON CONFLICT DO NOTHING``
on a natural key, so the same quote from another outlet becomes a new appearance, the same record
imported twice adds nothing, and two writers racing on PostgreSQL cannot create duplicates.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, select
from sqlmodel import Session

from . import models, status
from .normalize import fingerprint, match_key, name_key, quote_text

_CHUNK = 500


@dataclass
class SourceInfo:
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    published_on: date | None = None
    kind: str = "article"

    def is_empty(self) -> bool:
        return not (self.outlet or self.title or self.url or self.published_on)

    def key(self) -> str:
        if self.url:
            return fingerprint("url", self.url.strip())
        return fingerprint("src", (self.outlet or "").casefold(), (self.title or "").casefold(),
                           self.published_on)


@dataclass
class EventInfo:
    type: str
    status: str
    from_status: str | None = None
    on: date | None = None
    recorded_at: datetime | None = None
    by: str | None = None
    evidence: str | None = None
    note: str | None = None
    due_start: date | None = None
    due_end: date | None = None
    data: dict | None = None


@dataclass
class NewClaim:
    """One quote and, when ``track`` is true, the claim derived from it."""

    text: str
    speaker: str
    speaker_title: str | None = None
    speaker_org: str | None = None
    said_on: date | None = None
    said_precision: str | None = None
    context: str | None = None
    verbatim: bool = True
    source: SourceInfo | None = None
    kind: str = "prediction"
    summary: str | None = None
    due_start: date | None = None
    due_end: date | None = None
    probability: float | None = None
    probability_low: float | None = None
    probability_high: float | None = None
    hedges: list = field(default_factory=list)
    timeframe: dict | None = None
    condition: str | None = None
    analysis_version: str | None = None
    tags: list[str] = field(default_factory=list)
    events: list[EventInfo] | None = None
    track: bool = True
    explicit: set[str] = field(default_factory=set)  # fields the user gave, which analysis must not override


@dataclass
class Recorded:
    quote_id: int
    claim_id: int | None
    created: bool  # a new claim (or, untracked, a new quote)


def speaker_key(name: str) -> str:
    return name_key(name)


def quote_key(speaker_id: int, text: str) -> str:
    return fingerprint("quote", speaker_id, match_key(text))


def claim_key(quote_id: int, kind: str, summary: str) -> str:
    return fingerprint("claim", quote_id, kind, match_key(summary))


def record(session: Session, items: Sequence[NewClaim], *, by: str, now: datetime) -> list[Recorded]:
    """Write ``items`` in the session's transaction; returns one Recorded per item, in order."""
    if not items:
        return []
    conn = session.connection()
    speaker_ids = _speakers(conn, items)
    source_ids = _sources(conn, items)

    quote_rows: dict[str, dict] = {}
    item_qkeys = []
    for item in items:
        sid = speaker_ids[speaker_key(item.speaker)]
        qk = quote_key(sid, item.text)
        item_qkeys.append(qk)
        quote_rows.setdefault(qk, {
            "key": qk, "speaker_id": sid, "text": quote_text(item.text), "said_on": item.said_on,
            "said_precision": item.said_precision if item.said_on else None, "context": item.context,
            "verbatim": item.verbatim, "created_at": now,
        })
    quote_ids, new_quotes = _get_or_create(conn, models.Quote.__table__, quote_rows)

    pairs = {}
    for item, qk in zip(items, item_qkeys, strict=True):
        if item.source is not None and not item.source.is_empty():
            pair = (quote_ids[qk], source_ids[item.source.key()])
            pairs[pair] = {"quote_id": pair[0], "source_id": pair[1], "created_at": now}
    _insert_missing_pairs(conn, pairs)

    claim_rows: dict[str, dict] = {}
    item_ckeys: list[str | None] = []
    for item, qk in zip(items, item_qkeys, strict=True):
        if not item.track:
            item_ckeys.append(None)
            continue
        qid = quote_ids[qk]
        summary = quote_text(item.summary) if item.summary else quote_text(item.text)
        ck = claim_key(qid, item.kind, summary)
        item_ckeys.append(ck)
        if ck in claim_rows:
            continue
        events = item.events or []
        current = events[-1].status if events else status.OPEN
        notes = [e.note for e in events if e.note]
        claim_rows[ck] = {
            "key": ck, "quote_id": qid, "speaker_id": quote_rows[qk]["speaker_id"],
            "source_id": source_ids.get(item.source.key()) if item.source and not item.source.is_empty() else None,
            "kind": item.kind, "summary": summary, "status": current,
            "due_start": item.due_start, "due_end": item.due_end, "probability": item.probability,
            "probability_low": item.probability_low, "probability_high": item.probability_high,
            "hedges": item.hedges or [], "timeframe": item.timeframe, "condition": item.condition,
            "analysis_version": item.analysis_version,
            "search_text": search_text(quote_text(item.text), summary, notes), "created_at": now,
            "_item": item,
        }
    claim_ids, new_claims = _get_or_create(conn, models.Claim.__table__, claim_rows)

    tag_rows, event_rows = [], []
    for ck in new_claims:
        row = claim_rows[ck]
        item: NewClaim = row["_item"]
        cid = claim_ids[ck]
        for tag in dict.fromkeys(item.tags):
            tag_rows.append({"claim_id": cid, "tag": tag})
        if item.events:
            for ev in item.events:
                event_rows.append(_event_row(cid, ev, by, now))
        else:
            event_rows.append(_event_row(cid, EventInfo(
                type="created", status=status.OPEN, on=item.said_on,
                evidence=item.source.url if item.source else None,
                due_start=item.due_start, due_end=item.due_end,
                data={"analysis_version": item.analysis_version} if item.analysis_version else None,
            ), by, now))
    if tag_rows:
        conn.execute(models.ClaimTag.__table__.insert(), tag_rows)
    if event_rows:
        conn.execute(models.Event.__table__.insert(), event_rows)

    out = []
    for qk, ck in zip(item_qkeys, item_ckeys, strict=True):
        if ck is None:
            out.append(Recorded(quote_ids[qk], None, qk in new_quotes))
        else:
            out.append(Recorded(quote_ids[qk], claim_ids[ck], ck in new_claims))
    return out


def search_text(text: str, summary: str | None, notes: Iterable[str] = ()) -> str:
    parts = [text]
    if summary and summary != text:
        parts.append(summary)
    parts.extend(notes)
    return "\n".join(parts)


def _event_row(claim_id: int, ev: EventInfo, by: str, now: datetime) -> dict[str, Any]:
    return {
        "claim_id": claim_id, "type": ev.type, "from_status": ev.from_status, "status": ev.status,
        "happened_on": ev.on, "recorded_at": ev.recorded_at or now, "by": ev.by or by,
        "evidence": ev.evidence, "note": ev.note, "due_start": ev.due_start, "due_end": ev.due_end,
        "data": ev.data,
    }


def _speakers(conn: Any, items: Sequence[NewClaim]) -> dict[str, int]:
    wanted: dict[str, NewClaim] = {}
    for item in items:
        wanted.setdefault(speaker_key(item.speaker), item)
    found: dict[str, int] = {}
    alias = models.SpeakerAlias.__table__
    for chunk in _chunks(list(wanted)):
        for key, sid in conn.execute(select(alias.c.key, alias.c.speaker_id).where(alias.c.key.in_(chunk))):
            found[key] = sid
    rows = {
        k: {"key": k, "name": " ".join(it.speaker.split()), "title": it.speaker_title,
            "organization": it.speaker_org, "created_at": models.utcnow()}
        for k, it in wanted.items() if k not in found
    }
    ids, _ = _get_or_create(conn, models.Speaker.__table__, rows)
    found.update(ids)
    return found


def _sources(conn: Any, items: Sequence[NewClaim]) -> dict[str, int]:
    rows: dict[str, dict] = {}
    for item in items:
        src = item.source
        if src is None or src.is_empty():
            continue
        rows.setdefault(src.key(), {
            "key": src.key(), "outlet": src.outlet, "title": src.title, "url": src.url,
            "published_on": src.published_on, "kind": src.kind, "created_at": models.utcnow(),
        })
    ids, _ = _get_or_create(conn, models.Source.__table__, rows)
    return ids


def _dialect_insert(conn: Any, table: Table) -> Any:
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


def _get_or_create(conn: Any, table: Table, rows: dict[str, dict]) -> tuple[dict[str, int], set[str]]:
    """Ids for every key in ``rows``, inserting the missing ones; also the set of keys created here."""
    ids: dict[str, int] = {}
    if not rows:
        return ids, set()
    keys = list(rows)
    for chunk in _chunks(keys):
        for key, rid in conn.execute(select(table.c.key, table.c.id).where(table.c.key.in_(chunk))):
            ids[key] = rid
    missing = [{k: v for k, v in rows[k].items() if not k.startswith("_")} for k in keys if k not in ids]
    created: set[str] = set()
    if missing:
        stmt = _dialect_insert(conn, table).on_conflict_do_nothing().returning(table.c.key, table.c.id)
        for key, rid in conn.execute(stmt, missing):
            ids[key] = rid
            created.add(key)
        left = [k for k in keys if k not in ids]  # lost a race to another writer
        for chunk in _chunks(left):
            for key, rid in conn.execute(select(table.c.key, table.c.id).where(table.c.key.in_(chunk))):
                ids[key] = rid
    return ids, created


def _insert_missing_pairs(conn: Any, pairs: dict[tuple[int, int], dict]) -> None:
    if not pairs:
        return
    table = models.Appearance.__table__
    stmt = _dialect_insert(conn, table).on_conflict_do_nothing()
    conn.execute(stmt, list(pairs.values()))


def _chunks(values: list, size: int = _CHUNK) -> Iterable[list]:
    for i in range(0, len(values), size):
        yield values[i:i + size]
