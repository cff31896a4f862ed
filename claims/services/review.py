"""The review queue: claims whose attribution is doubtful wait for a person before anyone relies on them.

Every quotation ``ingest`` finds carries a ``confidence`` (how often attributions like it are right, from
the reading code's calibration). A tracked claim whose confidence is below the review threshold is stored
with a ``needs-review`` mark (a row in ``claim_review``) holding what the reviewer needs: the sentence
around the quotation, the rule that attributed it, the name as printed and the other candidates weighed.
``claims review ID`` settles it, as a ``review`` event in the claim's history:

- ``--accept``: the attribution is right;
- ``--speaker NAME``: it was someone else; the quote and its claims move to NAME (a ``speaker`` event too);
- ``--not-a-quote``: nothing was said (a headline, a scare quote): the claim becomes a statement, which
  is not tracked, and the event keeps the kind it had.

The threshold is ``review_below`` in ``config.json`` or ``ingest --review-below`` (default
:data:`DEFAULT_REVIEW_BELOW`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from claims.errors import ClaimsError, NotFound, UsageError
from claims.store.queries import reviewed_sql  # noqa: F401  (the queue's filter, for the track records)

# A claim whose attribution is right less than 70% of the time (by the calibration of ``confidence`` on
# PolNeAR's training split) goes to a person: at that rate nearly one in three such claims would carry a
# wrong name into a published fact-check. Override with ``review_below`` in config.json.
DEFAULT_REVIEW_BELOW = 0.7
NEEDS_REVIEW = "needs-review"
STATES = (NEEDS_REVIEW, "accepted", "reassigned", "not-a-quote")

_CONTEXT_CHARS = 600


def threshold(value: float | None = None) -> float:
    """The review threshold: ``value`` if given, else the config's ``review_below``, else the default."""
    if value is None:
        from claims.config import user_config

        value = user_config().get("review_below", DEFAULT_REVIEW_BELOW)
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise UsageError(f"review threshold must be a number from 0 to 1, not {value!r}") from None
    if not 0 <= value <= 1:
        raise UsageError(f"review threshold must be from 0 to 1, not {value}")
    return value


def context_of(text: str, start: int, end: int) -> str:
    """The sentence(s) around a quotation: its paragraph, cut to about 600 characters around it."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi
    if hi - lo > _CONTEXT_CHARS:
        spare = max(0, _CONTEXT_CHARS - (end - start)) // 2
        lo, hi = max(lo, start - spare), min(hi, end + spare)
    return " ".join(text[lo:hi].split())


def mark(session: Any, claim_id: int, *, confidence: float | None, rule: str | None, attributed_as: str | None,
         candidates: list[str], context: str | None, now: Any) -> None:
    """Put a newly recorded claim on the review queue (in the caller's transaction: a SQLAlchemy session
    or a light Writer)."""
    from claims.store.db import as_writer

    as_writer(session).insert("claim_review", {
        "claim_id": claim_id, "state": NEEDS_REVIEW, "confidence": confidence, "rule": rule,
        "attributed_as": attributed_as, "candidates": list(candidates), "context": context, "created_at": now},
        returning=None)


def pending(database: Any, *, limit: int = 100) -> list[dict[str, Any]]:
    """The claims waiting for review, least confident first (read on the driver, no SQLAlchemy)."""
    sql = ("SELECT c.id, s.name AS speaker, q.text, q.said_on, r.confidence, r.rule, r.attributed_as, "
           "r.candidates, r.context, src.outlet, src.title, src.url, c.kind, c.status "
           "FROM claim_review r JOIN claim c ON c.id = r.claim_id JOIN quote q ON q.id = c.quote_id "
           "JOIN speaker s ON s.id = c.speaker_id LEFT JOIN source src ON src.id = c.source_id "
           "WHERE r.state = :state ORDER BY r.confidence IS NULL, r.confidence, c.id")
    if limit:
        sql += " LIMIT :limit"
    with database.read() as r:
        rows = r.rows(sql, {"state": NEEDS_REVIEW, "limit": limit})
    return [_item(row) for row in rows]


def _item(row: dict[str, Any]) -> dict[str, Any]:
    import json

    candidates = row["candidates"]
    if isinstance(candidates, str):
        candidates = json.loads(candidates)
    said = row["said_on"]
    return {"id": row["id"], "speaker": row["speaker"], "attributed_as": row["attributed_as"],
            "text": row["text"], "said_on": said.isoformat() if isinstance(said, date) else said,
            "confidence": row["confidence"], "rule": row["rule"], "candidates": candidates or [],
            "context": row["context"], "kind": row["kind"], "status": row["status"],
            "source": {"outlet": row["outlet"], "title": row["title"], "url": row["url"]}}


def settle(store: Any, claim_id: int, *, accept: bool = False, speaker: str | None = None,
           not_a_quote: bool = False, on: date, by: str, note: str | None = None) -> dict[str, Any]:
    """Settle one claim on the queue; returns what was done. Exactly one of the three actions."""
    from sqlalchemy import select, update

    from claims.services import speakers as speakers_mod
    from claims.store import models
    from claims.store.engine import Store
    from claims.store.recording import EventInfo, append_events

    if sum((bool(accept), speaker is not None, bool(not_a_quote))) != 1:
        raise UsageError("give one of --accept, --speaker NAME or --not-a-quote")
    assert isinstance(store, Store)
    R, C, S = models.ClaimReview.__table__, models.Claim.__table__, models.Speaker.__table__
    with store.write() as session:
        row = session.execute(select(R.c.state, C.c.status, C.c.kind, C.c.quote_id, C.c.speaker_id,
                                     S.c.name).join(C, C.c.id == R.c.claim_id).join(S, S.c.id == C.c.speaker_id)
                              .where(R.c.claim_id == claim_id)).first()
        if row is None:
            if session.execute(select(C.c.id).where(C.c.id == claim_id)).first() is None:
                raise NotFound(f"no claim with id {claim_id}")
            raise ClaimsError(f"claim {claim_id} is not on the review queue")
        if row.state != NEEDS_REVIEW:
            raise ClaimsError(f"claim {claim_id} was already reviewed ({row.state})")
        data: dict[str, Any] = {"review": None, "speaker": row.name}
        if accept:
            data["review"] = "accepted"
        elif not_a_quote:
            data.update(review="not-a-quote", kind=row.kind)
            session.execute(update(C).where(C.c.id == claim_id).values(kind="statement"))
        else:
            target = speakers_mod.get_or_create(session, speaker or "")
            if target == row.speaker_id:
                raise UsageError(f"claim {claim_id} is already attributed to {row.name!r}; use --accept")
            speakers_mod.move_quote(session, row.speaker_id, target, row.quote_id, by=by, today=on,
                                    note=f"review: said by {speaker!r}, not {row.name!r}")
            data.update(review="reassigned", to_speaker=" ".join((speaker or "").split()))
        session.execute(update(R).where(R.c.claim_id == claim_id).values(state=data["review"]))
        append_events(session, [(claim_id, EventInfo(type="review", status=row.status, on=on,
                                                      note=note or describe(data), data=data))],
                      by=by, now=models.utcnow())
    return {"id": claim_id, **data}


def describe(data: dict[str, Any]) -> str:
    if data["review"] == "accepted":
        return f"attribution to {data['speaker']} checked and accepted"
    if data["review"] == "not-a-quote":
        return f"not a quotation; no longer tracked (was a {data['kind']})"
    return f"said by {data['to_speaker']}, not {data['speaker']}"
