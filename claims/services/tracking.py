"""The claim lifecycle: record a claim, change its status, add evidence and notes, move its due date.

Every change appends an :class:`~claims.store.models.Event` and updates the claim's current status in the same
transaction, so the status always agrees with the history. Nothing is overwritten or deleted: correcting
a resolution is one more event.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from claims import status
from claims.errors import ClaimsError, NotFound, UsageError
from claims.language.normalize import clean_text
from claims.services import restatements
from claims.services.intake import check_event_date, claim_from_fields, clean_url
from claims.store.db import as_writer, utcnow
from claims.store.queries import get_claim, history, typed, valid_id
from claims.store.recording import EventInfo, append_events, record

# ``store`` below is either the light :class:`claims.store.db.Database` (what the everyday commands open:
# no SQLAlchemy) or the full :class:`claims.store.engine.Store`: both give ``read()`` and ``write()`` blocks,
# and the statements here run on either's driver connection.


def add(store: Any, fields: dict[str, Any], *, by: str, today: date) -> tuple[dict[str, Any], bool]:
    """Record one claim; returns (claim, created). The same quote and summary again is not duplicated."""
    from claims.services.intake import apply_analysis

    new = apply_analysis(claim_from_fields(fields, today=today), today=today)
    with store.write() as session:
        (result,) = record(session, [new], by=by, now=utcnow())
        restatements.after_record(session, [new], [result], by=by)
    assert result.claim_id is not None  # a claim from fields is tracked (only ingest records untracked quotes)
    with store.read() as session:
        return get_claim(session, result.claim_id, today, events=False), result.created


@dataclass
class Change:
    """What a lifecycle command actually did, as the database saw it when it did it."""

    claim: dict[str, Any]
    from_status: str
    to_status: str
    event: int  # the new event's place in the claim's history (the # in `claims show`)
    unseen: list[dict[str, Any]] = field(default_factory=list)  # events recorded after the one the user saw

    def as_dict(self) -> dict[str, Any]:
        return {"from": self.from_status, "to": self.to_status, "event": self.event, "unseen": self.unseen}


def _append(store: Any, claim_id: int, ev: EventInfo, *, by: str, today: date, if_status: str | None = None,
            seen_event: int | None = None, check: Any = None) -> Change:
    """Append one event to a claim and bring the claim's row in line with it, in one transaction.

    The claim's row is locked first (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite write transactions
    begin with ``BEGIN IMMEDIATE`` and so hold the write lock already), so the status an event changes
    *from*, the search text a note is added to and the due window are what they are at that moment, and
    two people changing one claim at once are applied one after the other, never over each other.
    """
    with store.write() as session:
        w = as_writer(session)
        lock = " FOR UPDATE OF c" if w.dialect == "postgresql" else ""
        found = w.one("SELECT c.status, c.kind, c.search_text, c.due_start, c.due_end, q.said_on FROM claim c "
                      f"JOIN quote q ON q.id = c.quote_id WHERE c.id = :id{lock}",
                      {"id": claim_id}) if valid_id(w, claim_id) else None
        if found is None:
            raise NotFound(f"no claim with id {claim_id}")
        row = typed(found)
        if if_status is not None and row.status != if_status:
            raise ClaimsError(f"claim {claim_id} is {row.status}, not {if_status} (--if-status): nothing recorded; "
                              f"see `claims show {claim_id}` for what changed")
        check_event_date(ev.on, said_on=row.said_on, today=today)
        if ev.type == "due" and row.kind == status.STATEMENT:
            raise UsageError(f"claim {claim_id} is a statement: statements are not tracked and have no due window")
        if check is not None:
            check(row)
        n = int(w.scalar("SELECT count(*) FROM event WHERE claim_id = :id", {"id": claim_id}))
        unseen = _events_after(w, claim_id, seen_event) if seen_event is not None and n > seen_event else []
        ev.from_status = row.status if ev.status else None
        ev.status = ev.status or row.status
        values: dict[str, Any] = {}
        if ev.status != row.status:
            values["status"] = ev.status
        if ev.type == "status":
            values["resolved_on"] = ev.on  # claim.resolved_on: the day of the latest status event
        if ev.note:
            values["search_text"] = row.search_text + "\n" + ev.note
        if ev.type == "due":
            start = ev.due_start if ev.due_start is not None else row.due_start
            if start and ev.due_end and start > ev.due_end:
                raise UsageError(f"due window would start ({start}) after it ends ({ev.due_end})")
            values["due_start"] = ev.due_start = start
            values["due_end"] = ev.due_end
        append_events(w, [(claim_id, ev)], by=by, now=utcnow())
        w.update("claim", claim_id, values)
    return Change(_show(store, claim_id, today), row.status, ev.status, n + 1, unseen)


def _events_after(session: Any, claim_id: int, seen: int) -> list[dict[str, Any]]:
    return [{"#": i, **ev} for i, ev in enumerate(history(session, claim_id), 1)][max(seen, 0):]


def resolve(store: Any, claim_id: int, new_status: str, *, on: date, by: str, today: date,
            evidence: str | None = None, note: str | None = None, if_status: str | None = None,
            seen_event: int | None = None) -> Change:
    """Move a claim to ``new_status`` (final, or in-progress / stalled), with evidence and a note.

    ``new_status`` and ``if_status`` are canonical statuses (the command parses what the user typed, once);
    with ``if_status`` nothing is written unless the claim is in that status when the change is made."""
    _canonical(new_status, if_status)
    evidence = clean_url(evidence, "evidence")
    note = clean_text(note, "note")

    def check(row: Any) -> None:
        if row.status == new_status:
            raise UsageError(f"claim {claim_id} is already {new_status}; "
                             "add evidence with `claims note` or choose another status")

    return _append(store, claim_id, EventInfo(type="status", status=new_status, on=on, evidence=evidence, note=note),
                   by=by, today=today, if_status=if_status, seen_event=seen_event, check=check)


def reopen(store: Any, claim_id: int, *, note: str, on: date, by: str, today: date, if_status: str | None = None,
           seen_event: int | None = None) -> Change:
    """Back to open from any other status; the note saying why is required."""
    _canonical(if_status)
    note = clean_text(note, "note", required=True)

    def check(row: Any) -> None:
        if row.status == status.OPEN:
            raise UsageError(f"claim {claim_id} is already open")

    return _append(store, claim_id, EventInfo(type="status", status=status.OPEN, on=on, note=note), by=by,
                   today=today, if_status=if_status, seen_event=seen_event, check=check)


def annotate(store: Any, claim_id: int, *, note: str | None, evidence: str | None, on: date, by: str,
             today: date, if_status: str | None = None, seen_event: int | None = None) -> Change:
    """Add evidence or a note without changing the status."""
    _canonical(if_status)
    note = clean_text(note, "note")
    evidence = clean_url(evidence, "evidence")
    if not note and not evidence:
        raise UsageError("give a note, evidence, or both")
    ev = EventInfo(type="evidence" if evidence else "note", status="", on=on, evidence=evidence, note=note)
    return _append(store, claim_id, ev, by=by, today=today, if_status=if_status, seen_event=seen_event)


def reschedule(store: Any, claim_id: int, *, due_start: date | None, due_end: date | None, on: date,
               by: str, today: date, note: str | None = None, if_status: str | None = None,
               seen_event: int | None = None) -> Change:
    """Change the due window (a deadline moved, or was read wrongly at first). A window set here is a
    person's: re-analysis never replaces it."""
    _canonical(if_status)
    note = clean_text(note, "note")
    if due_start and due_end and due_start > due_end:
        raise UsageError(f"due window starts ({due_start}) after it ends ({due_end})")
    ev = EventInfo(type="due", status="", on=on, note=note, due_start=due_start, due_end=due_end)
    return _append(store, claim_id, ev, by=by, today=today, if_status=if_status, seen_event=seen_event)


def _canonical(*statuses: str | None) -> None:
    for s in statuses:
        if s is not None and s not in status.ALL:
            raise UsageError(f"unknown status {s!r}; choose one of: {', '.join(status.ALL)}")


def _show(store: Any, claim_id: int, today: date) -> dict[str, Any]:
    with store.read() as session:
        return get_claim(session, claim_id, today)


ANALYSED = ("kind", "hedges", "probability", "probability_low", "probability_high", "timeframe", "due_start",
            "due_end", "condition", "analysis_version")


def reanalyze(store: Any, claim_id: int, *, by: str, today: date, lexicons: dict[str, str] | None = None
              ) -> tuple[dict[str, Any], dict[str, Any]]:
    """Run the analysis again (e.g. after a lexicon change); changes are recorded as an 'analysis' event.

    What a person set is kept: the fields given when the claim was recorded (``--kind``, ``--due``,
    ``--probability``, an import's columns) and a due window moved by ``reschedule`` (any ``due`` event).
    Returns (claim, changes); no changes, no event.
    """
    from claims.language import lexicon
    from claims.services.intake import apply_analysis
    from claims.store.recording import NewClaim, SourceInfo

    lex = lexicon.load(lexicons)
    with store.write() as session:
        w = as_writer(session)
        lock = " FOR UPDATE OF c" if w.dialect == "postgresql" else ""
        found = w.one("SELECT c.*, q.text AS quote_text, q.said_on, q.said_precision, src.published_on FROM claim c "
                      "JOIN quote q ON q.id = c.quote_id LEFT JOIN source src ON src.id = c.source_id "
                      f"WHERE c.id = :id{lock}", {"id": claim_id}) if valid_id(w, claim_id) else None
        if found is None:
            raise NotFound(f"no claim with id {claim_id}")
        row = typed(found)
        explicit = person_set(w, claim_id)
        item = NewClaim(text=row.quote_text, speaker="", said_on=row.said_on, said_precision=row.said_precision,
                        source=SourceInfo(published_on=row.published_on), explicit=explicit)
        for name in ("kind", "probability", "probability_low", "probability_high", "due_start", "due_end"):
            if name.split("_")[0] in explicit:
                setattr(item, name, getattr(row, name))
        apply_analysis(item, today=today, lex=lex)
        item.analysis_version = lex.version
        if item.kind == status.STATEMENT:
            if "due" in explicit and row.kind != status.STATEMENT:
                item.kind = row.kind  # a window a person set means it is tracked
            else:
                item.due_start = item.due_end = None  # statements are not tracked
        new = {name: getattr(item, name) for name in ANALYSED}
        changes = {name: {"from": _plain(getattr(row, name)), "to": _plain(value)}
                   for name, value in new.items() if _plain(getattr(row, name)) != _plain(value)}
        if changes:
            w.update("claim", claim_id, new)
            append_events(w, [(claim_id, EventInfo(
                type="analysis", status=row.status, on=today, due_start=item.due_start, due_end=item.due_end,
                note=f"re-analysed with {lex.version}: {', '.join(sorted(changes))} changed",
                data={"changes": changes}))], by=by, now=utcnow())
    return _show(store, claim_id, today), changes


def person_set(session: Any, claim_id: int) -> set[str]:
    """The fields of a claim that a person set ("kind", "due", "probability"): what the claim was recorded
    with (kept in its ``created`` event), and "due" once anyone has moved the window (a ``due`` event)."""
    r = as_writer(session)
    created = r.scalar("SELECT data FROM event WHERE claim_id = :id AND \"type\" = 'created' ORDER BY id LIMIT 1",
                       {"id": claim_id})
    if isinstance(created, str):
        created = json.loads(created)
    explicit = set(created.get("explicit") or []) if isinstance(created, dict) else set()
    if r.one("SELECT id FROM event WHERE claim_id = :id AND \"type\" = 'due' LIMIT 1", {"id": claim_id}):
        explicit.add("due")
    return explicit


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
