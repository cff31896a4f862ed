"""The claim lifecycle: record a claim, change its status, add evidence and notes, move its due date.

Every change appends an :class:`~claims.store.models.Event` and updates the claim's current status in the same
transaction, so the status always agrees with the history. Nothing is overwritten or deleted: correcting
a resolution is one more event.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select, update

from claims import status
from claims.errors import NotFound, UsageError
from claims.language.normalize import clean_text
from claims.services import restatements
from claims.services.intake import claim_from_fields, clean_url
from claims.store import models
from claims.store.engine import Store
from claims.store.queries import get_claim
from claims.store.recording import record

C = models.Claim.__table__
E = models.Event.__table__


def add(store: Store, fields: dict[str, Any], *, by: str, today: date) -> tuple[dict[str, Any], bool]:
    """Record one claim; returns (claim, created). The same quote and summary again is not duplicated."""
    from claims.services.intake import apply_analysis

    new = apply_analysis(claim_from_fields(fields, today=today), today=today)
    with store.write() as session:
        (result,) = record(session, [new], by=by, now=models.utcnow())
        restatements.after_record(session, [new], [result], by=by)
    with store.read() as session:
        return get_claim(session, result.claim_id, today, events=False), result.created


def _append(store: Store, claim_id: int, *, event_type: str, new_status: str | None = None,
            on: date | None, by: str, evidence: str | None = None, note: str | None = None,
            due_start: date | None = None, due_end: date | None = None, data: dict | None = None,
            check: Any = None) -> None:
    with store.write() as session:
        row = session.execute(select(C.c.status, C.c.search_text, C.c.due_start, C.c.due_end)
                              .where(C.c.id == claim_id)).first()
        if row is None:
            raise NotFound(f"no claim with id {claim_id}")
        if check is not None:
            check(row)
        to_status = new_status or row.status
        values: dict[str, Any] = {}
        if new_status and new_status != row.status:
            values["status"] = new_status
        if note:
            values["search_text"] = row.search_text + "\n" + note
        if event_type == "due":
            start = due_start if due_start is not None else row.due_start
            if start and due_end and start > due_end:
                raise UsageError(f"due window would start ({start}) after it ends ({due_end})")
            values["due_start"], values["due_end"] = start, due_end
        session.execute(E.insert().values(
            claim_id=claim_id, type=event_type, from_status=row.status if new_status else None,
            status=to_status, happened_on=on, recorded_at=models.utcnow(), by=by, evidence=evidence,
            note=note, due_start=values.get("due_start", due_start), due_end=due_end, data=data,
        ))
        if values:
            session.execute(update(C).where(C.c.id == claim_id).values(**values))


def resolve(store: Store, claim_id: int, new_status: str, *, on: date, by: str, today: date,
            evidence: str | None = None, note: str | None = None) -> dict[str, Any]:
    """Move a claim to ``new_status`` (final, or in-progress / stalled), with evidence and a note."""
    new_status = status.parse_status(new_status)
    evidence = clean_url(evidence, "evidence")
    note = clean_text(note, "note")

    def check(row: Any) -> None:
        if row.status == new_status:
            raise UsageError(f"claim {claim_id} is already {new_status}; "
                             "add evidence with `claims note` or choose another status")

    _append(store, claim_id, event_type="status", new_status=new_status, on=on, by=by,
            evidence=evidence, note=note, check=check)
    return _show(store, claim_id, today)


def reopen(store: Store, claim_id: int, *, note: str, on: date, by: str, today: date) -> dict[str, Any]:
    """Back to open from any other status; the note saying why is required."""
    note = clean_text(note, "note", required=True)

    def check(row: Any) -> None:
        if row.status == status.OPEN:
            raise UsageError(f"claim {claim_id} is already open")

    _append(store, claim_id, event_type="status", new_status=status.OPEN, on=on, by=by, note=note, check=check)
    return _show(store, claim_id, today)


def annotate(store: Store, claim_id: int, *, note: str | None, evidence: str | None, on: date, by: str,
             today: date) -> dict[str, Any]:
    """Add evidence or a note without changing the status."""
    note = clean_text(note, "note")
    evidence = clean_url(evidence, "evidence")
    if not note and not evidence:
        raise UsageError("give a note, evidence, or both")
    _append(store, claim_id, event_type="evidence" if evidence else "note", on=on, by=by,
            evidence=evidence, note=note)
    return _show(store, claim_id, today)


def reschedule(store: Store, claim_id: int, *, due_start: date | None, due_end: date | None, on: date,
               by: str, today: date, note: str | None = None) -> dict[str, Any]:
    """Change the due window (a deadline moved, or was read wrongly at first)."""
    note = clean_text(note, "note")
    if due_start and due_end and due_start > due_end:
        raise UsageError(f"due window starts ({due_start}) after it ends ({due_end})")

    _append(store, claim_id, event_type="due", on=on, by=by, note=note, due_start=due_start, due_end=due_end)
    return _show(store, claim_id, today)


def _show(store: Store, claim_id: int, today: date) -> dict[str, Any]:
    with store.read() as session:
        return get_claim(session, claim_id, today)


ANALYSED = ("kind", "hedges", "probability", "probability_low", "probability_high", "timeframe", "due_start",
            "due_end", "condition", "analysis_version")


def reanalyze(store: Store, claim_id: int, *, by: str, today: date, lexicons: dict[str, str] | None = None
              ) -> tuple[dict[str, Any], dict[str, Any]]:
    """Run the analysis again (e.g. after a lexicon change); changes are recorded as an 'analysis' event.

    Fields the user gave when recording the claim (``--kind``, ``--due``, ``--probability``) are kept.
    Returns (claim, changes); no changes, no event.
    """
    from claims.language import lexicon
    from claims.services.intake import apply_analysis
    from claims.store.recording import NewClaim, SourceInfo

    lex = lexicon.load(lexicons)
    Q = models.Quote.__table__
    SRC = models.Source.__table__
    with store.write() as session:
        row = session.execute(
            select(C, Q.c.text.label("quote_text"), Q.c.said_on, Q.c.said_precision, SRC.c.published_on)
            .join(Q, Q.c.id == C.c.quote_id).outerjoin(SRC, SRC.c.id == C.c.source_id).where(C.c.id == claim_id)
        ).first()
        if row is None:
            raise NotFound(f"no claim with id {claim_id}")
        created = session.execute(select(E.c.data).where(E.c.claim_id == claim_id, E.c.type == "created")
                                  .order_by(E.c.id).limit(1)).scalar()
        explicit = set((created or {}).get("explicit", [])) if isinstance(created, dict) else set()
        item = NewClaim(text=row.quote_text, speaker="", said_on=row.said_on, said_precision=row.said_precision,
                        source=SourceInfo(published_on=row.published_on), explicit=explicit)
        for name in ("kind", "probability", "probability_low", "probability_high", "due_start", "due_end"):
            if name in explicit or (name.startswith("probability") and "probability" in explicit) or (
                    name.startswith("due") and "due" in explicit):
                setattr(item, name, getattr(row, name))
        apply_analysis(item, today=today, lex=lex)
        item.analysis_version = lex.version
        new = {name: getattr(item, name) for name in ANALYSED}
        changes = {name: {"from": _plain(getattr(row, name)), "to": _plain(value)}
                   for name, value in new.items() if _plain(getattr(row, name)) != _plain(value)}
        if changes:
            session.execute(update(C).where(C.c.id == claim_id).values(**new))
            session.execute(E.insert().values(
                claim_id=claim_id, type="analysis", status=row.status, happened_on=today,
                recorded_at=models.utcnow(), by=by, due_start=item.due_start, due_end=item.due_end,
                note=f"re-analysed with {lex.version}: {', '.join(sorted(changes))} changed",
                data={"changes": changes},
            ))
    return _show(store, claim_id, today), changes


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
