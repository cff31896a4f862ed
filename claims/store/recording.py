"""Writing quotes and claims: the one write path that ``add``, ``import`` and ``ingest`` share.

Records are written in batches with set-based SQL (a handful of statements per batch, not per record):
speakers, sources, quotes, appearances, claims, tags, events. Every insert is ``ON CONFLICT DO NOTHING``
on a natural key, so the same quote from another outlet becomes a new appearance, the same record
imported twice adds nothing, and two writers racing on PostgreSQL cannot create duplicates.

It runs on the driver's connection: inside a SQLAlchemy session's transaction (import, ingest) or a light
:class:`~claims.store.db.Writer` (``add``, which so imports no SQLAlchemy); the statements are the same.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from claims import status
from claims.language.normalize import fingerprint, match_key, name_key, quote_text
from claims.store.db import JSON_COLUMNS, Writer, as_writer, chunks, column, sqlite_stamp

_CHUNK = 500
WRITE_LOCK = 7405562  # PostgreSQL advisory lock id that serialises bulk writers


@dataclass
class SourceInfo:
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    published_on: date | None = None
    kind: str = "article"
    content: str | None = None  # the article's own text, for one with neither URL nor headline (ingest)

    def is_empty(self) -> bool:
        return not (self.outlet or self.title or self.url or self.published_on or self.content)

    def key(self) -> str:
        if self.url:
            return fingerprint("url", self.url.strip())
        if not self.title and self.content:  # two different stories of one day are two sources
            return fingerprint("text", (self.outlet or "").casefold(), self.published_on, self.content)
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
    attributed_as: str | None = None  # the speaker's name as the source printed it
    explicit: set[str] = field(default_factory=set)  # fields the user gave, which analysis must not override


@dataclass
class Recorded:
    quote_id: int
    claim_id: int | None
    created: bool  # a new claim (or, untracked, a new quote); only the first record of it in a batch
    appearance_added: bool = False  # this record put its quote in a source it was not yet in


def speaker_key(name: str) -> str:
    return name_key(name)


def quote_key(speaker_id: int, text: str) -> str:
    return fingerprint("quote", speaker_id, match_key(text))


def claim_key(quote_id: int, kind: str, summary: str) -> str:
    return fingerprint("claim", quote_id, kind, match_key(summary))


def record(session: Any, items: Sequence[NewClaim], *, by: str, now: datetime) -> list[Recorded]:
    """Write ``items`` in the transaction of ``session`` (a SQLAlchemy session or a light
    :class:`~claims.store.db.Writer`); returns one Recorded per item, in order."""
    if not items:
        return []
    bulk = Bulk(session)
    speaker_ids = _speakers(bulk, items, now)
    source_ids = _sources(bulk, items, now)

    quote_rows: dict[str, dict] = {}
    item_qkeys = []
    texts = [quote_text(item.text) for item in items]
    for item, text_ in zip(items, texts, strict=True):
        sid = speaker_ids[speaker_key(item.speaker)]
        qk = quote_key(sid, text_)
        item_qkeys.append(qk)
        if qk not in quote_rows:
            quote_rows[qk] = {
                "key": qk, "speaker_id": sid, "text": text_, "said_on": item.said_on,
                "said_precision": item.said_precision if item.said_on else None, "context": item.context,
                "verbatim": item.verbatim, "attributed_as": item.attributed_as, "created_at": now,
            }
    quote_ids, new_quotes = bulk.get_or_create("quote", quote_rows)

    pairs: dict[tuple[int, int], dict] = {}
    for item, qk in zip(items, item_qkeys, strict=True):
        if item.source is not None and not item.source.is_empty():
            pair = (quote_ids[qk], source_ids[item.source.key()])
            pairs[pair] = {"quote_id": pair[0], "source_id": pair[1], "created_at": now}
    new_pairs: set[tuple[int, int]] = set()
    if pairs:
        existing = bulk.existing_pairs(set(pairs))
        new_pairs = {pair for pair in pairs if pair not in existing}
        bulk.insert("appearance", [row for pair, row in pairs.items() if pair in new_pairs], with_ids=True)

    claim_rows: dict[str, dict] = {}
    item_ckeys: list[str | None] = []
    for item, qk, text_ in zip(items, item_qkeys, texts, strict=True):
        if not item.track:
            item_ckeys.append(None)
            continue
        qid = quote_ids[qk]
        summary = quote_text(item.summary) if item.summary else text_
        ck = claim_key(qid, item.kind, summary)
        item_ckeys.append(ck)
        if ck in claim_rows:
            continue
        events = item.events or []
        current = events[-1].status if events else status.OPEN
        if item.kind == status.STATEMENT:  # statements are not tracked: no due window, whatever analysis read
            item.due_start = item.due_end = None
        source_id = source_ids[item.source.key()] if item.source is not None and not item.source.is_empty() else None
        claim_rows[ck] = {
            "key": ck, "quote_id": qid, "speaker_id": quote_rows[qk]["speaker_id"],
            "source_id": source_id,
            "kind": item.kind, "summary": summary, "status": current,
            "due_start": item.due_start, "due_end": item.due_end, "probability": item.probability,
            "probability_low": item.probability_low, "probability_high": item.probability_high,
            "hedges": item.hedges or [], "timeframe": item.timeframe, "condition": item.condition,
            "analysis_version": item.analysis_version,
            "search_text": search_text(text_, summary, [e.note for e in events if e.note]), "created_at": now,
            "resolved_on": resolved_on(events, now), "_item": item,
        }
    claim_ids, new_claims = bulk.get_or_create("claim", claim_rows)

    tag_rows: list[dict[str, Any]] = []
    new_events: list[tuple[int, EventInfo]] = []
    for ck in new_claims:
        row = claim_rows[ck]
        item = row["_item"]
        cid = claim_ids[ck]
        for tag in dict.fromkeys(item.tags):
            tag_rows.append({"claim_id": cid, "tag": tag})
        if item.events:
            for ev in item.events:
                if ev.type == "created" and ev.data is None:
                    ev.data = created_data(item)
                new_events.append((cid, ev))
        else:
            new_events.append((cid, EventInfo(
                type="created", status=status.OPEN, on=item.said_on,
                evidence=item.source.url if item.source else None,
                due_start=item.due_start, due_end=item.due_end, data=created_data(item),
            )))
    bulk.insert("claim_tag", tag_rows)
    append_events(bulk, new_events, by=by, now=now)

    keys = [(qk, ck, (quote_ids[qk], source_ids[it.source.key()]) if it.source and not it.source.is_empty() else None)
            for it, qk, ck in zip(items, item_qkeys, item_ckeys, strict=True)]
    return _results(keys, quote_ids, claim_ids, new_quotes | new_claims, new_pairs)


def _results(keys: list[tuple[str, str | None, tuple[int, int] | None]], quote_ids: dict[str, int],
             claim_ids: dict[str, int], created: set[str], new_pairs: set[tuple[int, int]]) -> list[Recorded]:
    """One Recorded per (quote key, claim key, appearance) of the batch: a claim (or quote) repeated in the
    batch is created once, by its first record, and so is an appearance."""
    out, seen = [], set()
    for qk, ck, pair in keys:
        key = ck or qk
        out.append(Recorded(quote_ids[qk], claim_ids[ck] if ck else None, key in created and key not in seen,
                            pair in new_pairs))
        seen.add(key)
        new_pairs.discard(pair)
    return out


def resolved_on(events: Sequence[EventInfo], now: datetime) -> date | None:
    """``claim.resolved_on``: the day of the latest status event, latest by when it was recorded (an
    imported event's own ``recorded_at``, else ``now``), then by order, as migration 0010 and the
    ``--as-of`` figures take it; None without one. Kept here and by the lifecycle's appends."""
    latest = None
    for i, ev in enumerate(events):
        if ev.type == "status":
            key = (_utc(ev.recorded_at or now), i)
            if latest is None or key >= latest[0]:
                latest = (key, ev.on)
    return latest[1] if latest else None


def _utc(t: datetime) -> datetime:
    return t.replace(tzinfo=timezone.utc) if t.tzinfo is None else t.astimezone(timezone.utc)


def created_data(item: NewClaim) -> dict[str, Any] | None:
    """What the ``created`` event keeps about the fields a person gave (``--kind``, ``--due``,
    ``--probability``, an import's columns): re-analysis never replaces those."""
    if not item.analysis_version and not item.explicit:
        return None
    return {"analysis_version": item.analysis_version, "explicit": sorted(item.explicit)}


def append_events(target: Any, events: Sequence[tuple[int, EventInfo]], *, by: str,
                  now: datetime) -> list[int]:
    """Append ``(claim_id, event)`` pairs to the history, in order; returns their ids.

    The one place events are written: recording, the lifecycle (resolve, reopen, note, reschedule),
    re-analysis and speaker merges all come here, in the caller's transaction. Nothing updates or deletes
    an event. ``target`` is the session or light Writer (or a :class:`Bulk` on it, which ``record`` holds).
    """
    if not events:
        return []
    bulk = target if isinstance(target, Bulk) else Bulk(target, lock=False)
    return bulk.insert("event", [_event_row(cid, ev, by, now) for cid, ev in events], with_ids=True)


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


def _speakers(bulk: Bulk, items: Sequence[NewClaim], now: datetime) -> dict[str, int]:
    wanted: dict[str, NewClaim] = {}
    for item in items:
        wanted.setdefault(speaker_key(item.speaker), item)
    found = bulk.existing("speaker_alias", list(wanted), value="speaker_id")
    rows = {
        k: {"key": k, "name": " ".join(it.speaker.split()), "title": it.speaker_title,
            "organization": it.speaker_org, "created_at": now}
        for k, it in wanted.items() if k not in found
    }
    ids, _ = bulk.get_or_create("speaker", rows)
    found.update(ids)
    return found


def _sources(bulk: Bulk, items: Sequence[NewClaim], now: datetime) -> dict[str, int]:
    rows: dict[str, dict] = {}
    for item in items:
        src = item.source
        if src is None or src.is_empty():
            continue
        key = src.key()
        if key not in rows:
            rows[key] = {"key": key, "outlet": src.outlet, "title": src.title, "url": src.url,
                         "published_on": src.published_on, "kind": src.kind, "created_at": now}
    ids, _ = bulk.get_or_create("source", rows)
    return ids


class Bulk:
    """Set-based writes on the driver's own ``executemany``, for both SQLite and PostgreSQL.

    Writers are serialised for the length of the transaction (SQLite: ``BEGIN IMMEDIATE``, taken by the
    store; PostgreSQL: a transaction-level advisory lock taken here), so looking up which keys exist and
    then inserting the rest cannot race, and ids can be allocated before the rows are written.
    """

    def __init__(self, target: Any, *, lock: bool = True):
        self.writer: Writer = as_writer(target)
        self.pg = self.writer.dialect == "postgresql"
        self.mark = "%s" if self.pg else "?"
        self._stamps: dict[datetime, str] = {}
        self._top: dict[str, int] | None = None
        # The driver's own cursor on the connection, inside its transaction: the statements here are
        # already in the driver's SQL (and SQLAlchemy's per-statement overhead would be half their cost).
        self.cur = self.writer.conn.cursor()
        if self.pg and lock:
            self.cur.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))

    def _adapt(self, value: Any) -> Any:
        """A value as SQLAlchemy would store it on SQLite (psycopg adapts values itself)."""
        if isinstance(value, datetime):  # SQLAlchemy's SQLite storage format, in UTC
            stamp = self._stamps.get(value)
            if stamp is None:
                stamp = self._stamps[value] = sqlite_stamp(value)
            return stamp
        if isinstance(value, date):
            return value.isoformat()
        return value

    def existing(self, table: str, keys: list[str], value: str = "id") -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk in chunks(keys, _CHUNK):
            marks = ", ".join([self.mark] * len(chunk))
            sql = f"SELECT key, {value} FROM {table} WHERE key IN ({marks})"
            self.cur.execute(sql, tuple(chunk))
            found.update(self.cur.fetchall())
        return found

    def existing_pairs(self, wanted: set[tuple[int, int]]) -> set[tuple[int, int]]:
        """Which of the (quote, source) pairs ``wanted`` are stored. Looked up by both ids (the unique
        index's two columns), not by quote alone: a stock phrase quoted in thousands of articles would
        otherwise read all its appearances for every new article."""
        pairs: set[tuple[int, int]] = set()
        source_ids = sorted({s for _q, s in wanted})
        for quotes in chunks(sorted({q for q, _s in wanted}), _CHUNK):
            for sources in chunks(source_ids, _CHUNK):
                sql = (f"SELECT quote_id, source_id FROM appearance WHERE quote_id IN "
                       f"({', '.join([self.mark] * len(quotes))}) AND source_id IN "
                       f"({', '.join([self.mark] * len(sources))})")
                self.cur.execute(sql, (*quotes, *sources))
                pairs.update(pair for pair in self.cur.fetchall() if pair in wanted)
        return pairs

    def allocate(self, table: str, n: int) -> list[int]:
        if self.pg:
            sql = f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, %s)"
            self.cur.execute(sql, (n,))
            return [r[0] for r in self.cur.fetchall()]
        if self._top is None:  # every table's highest id in one query; we hold the write lock
            tables = ("speaker", "source", "quote", "appearance", "claim", "event")
            self.cur.execute("SELECT " + ", ".join(f"(SELECT coalesce(max(id), 0) FROM {t})" for t in tables))
            row = self.cur.fetchone()
            self._top = dict(zip(tables, row, strict=True))
        top = self._top[table]
        self._top[table] = top + n
        return list(range(top + 1, top + 1 + n))

    def insert(self, table: str, rows: list[dict], *, with_ids: bool = False) -> list[int]:
        if not rows:
            return []
        ids = self.allocate(table, len(rows)) if with_ids else []
        cols = [c for c in rows[0] if not c.startswith("_")]
        json_cols = JSON_COLUMNS.get(table, frozenset())
        marks = [f"CAST({self.mark} AS json)" if (self.pg and c in json_cols) else self.mark for c in cols]
        names = (["id"] if with_ids else []) + cols
        sql = (f"INSERT INTO {table} ({', '.join(column(n) for n in names)}) "
               f"VALUES ({', '.join((['?' if not self.pg else '%s'] if with_ids else []) + marks)})")
        # Per column: how to turn a Python value into what the driver takes.
        plain = (str, int, float, type(None))
        convert: list[Callable[[Any], Any] | None] = []
        for c in cols:
            if c in json_cols:
                convert.append(_dump_json)
            elif self.pg or isinstance(rows[0][c], plain) and c not in _TEMPORAL:
                convert.append(None)
            else:
                convert.append(self._adapt)
        params = []
        for i, row in enumerate(rows):
            values: list[Any] = [row[c] if f is None else f(row[c]) for c, f in zip(cols, convert, strict=True)]
            if with_ids:
                values.insert(0, ids[i])
            params.append(tuple(values))
        self.cur.executemany(sql, params)
        return ids

    def get_or_create(self, table: str, rows: dict[str, dict]) -> tuple[dict[str, int], set[str]]:
        """Ids for every key in ``rows``, inserting the missing ones; also the keys created here."""
        if not rows:
            return {}, set()
        ids = self.existing(table, list(rows))
        missing = [k for k in rows if k not in ids]
        new_ids = self.insert(table, [rows[k] for k in missing], with_ids=True)
        ids.update(zip(missing, new_ids, strict=True))
        return ids, set(missing)


_TEMPORAL = {"said_on", "published_on", "due_start", "due_end", "happened_on", "created_at", "recorded_at",
             "resolved_on"}


def _dump_json(value: Any) -> str | None:
    return None if value is None else json.dumps(value)
