"""One person, one speaker: matching names across articles, aliases with evidence, merge and split.

"Dunford", "Gen. Dunford", "Joseph Dunford" and "Joseph F. Dunford" are one speaker: a name with the
same first and last name as a known speaker (middle names and initials aside) is that speaker, and a
surname alone is the one known speaker with that surname. Each match is stored as an alias with the
evidence for it; ``merge`` and ``split`` correct mistakes by hand and record a ``speaker`` event on every
claim they touch.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select, update
from sqlmodel import Session

from claims.errors import NotFound, UsageError
from claims.language.normalize import name_key
from claims.services.aliases import add_alias, match  # noqa: F401  (matching lives on the light path)
from claims.store import models
from claims.store.engine import Store
from claims.store.recording import EventInfo, append_events, claim_key, quote_key

S = models.Speaker.__table__
A = models.SpeakerAlias.__table__
Q = models.Quote.__table__
C = models.Claim.__table__


def _speaker(session: Session, name: str) -> Any:
    from claims.store.queries import find_speaker

    return find_speaker(session, name)


def merge(store: Store, keep: str, other: str, *, by: str, today: date, note: str | None = None) -> dict[str, Any]:
    """Fold speaker ``other`` into ``keep``: quotes, claims and aliases move; ``other``'s name becomes an alias."""
    with store.write() as session:
        a, b = _speaker(session, keep), _speaker(session, other)
        if a.id == b.id:
            raise UsageError(f"{keep!r} and {other!r} are already the same speaker")
        moved = _move_quotes(session, b.id, a.id, [q.id for q in session.execute(select(Q.c.id).where(
            Q.c.speaker_id == b.id))], by=by, today=today,
            note=note or f"speaker {b.name!r} merged into {a.name!r}")
        session.execute(update(A).where(A.c.speaker_id == b.id).values(speaker_id=a.id))
        evidence = f"merged by {by} on {today.isoformat()}" + (f": {note}" if note else "")
        session.execute(A.insert().values(speaker_id=a.id, key=b.key, alias=b.name, evidence=evidence,
                                          created_at=models.utcnow()))
        session.execute(S.delete().where(S.c.id == b.id))
        return {"speaker": a.name, "merged": b.name, "quotes_moved": moved["quotes"], "claims_moved": moved["claims"]}


def split(store: Store, name: str, alias: str, *, by: str, today: date, note: str | None = None) -> dict[str, Any]:
    """Make ``alias`` a speaker of its own again, taking the quotes that were attributed under that name."""
    with store.write() as session:
        owner = _speaker(session, name)
        key = name_key(alias)
        row = session.execute(select(A).where(A.c.key == key, A.c.speaker_id == owner.id)).first()
        if row is None:
            raise NotFound(f"{alias!r} is not an alias of {owner.name!r}")
        session.execute(A.delete().where(A.c.id == row.id))
        new_id = session.execute(S.insert().values(key=key, name=row.alias, created_at=models.utcnow())
                                 .returning(S.c.id)).scalar_one()
        quotes = [q.id for q in session.execute(select(Q.c.id).where(
            Q.c.speaker_id == owner.id, func.lower(func.coalesce(Q.c.attributed_as, "")) == row.alias.lower()))]
        moved = _move_quotes(session, owner.id, new_id, quotes, by=by, today=today,
                             note=note or f"alias {row.alias!r} split from {owner.name!r}")
        return {"speaker": owner.name, "split": row.alias, "quotes_moved": moved["quotes"],
                "claims_moved": moved["claims"]}


def _move_quotes(session: Session, from_id: int, to_id: int, quote_ids: list[int], *, by: str, today: date,
                 note: str) -> dict[str, int]:
    claims = 0
    for qid in quote_ids:
        q = session.execute(select(Q).where(Q.c.id == qid)).first()
        assert q is not None  # quote_ids were read in this transaction
        new_key = quote_key(to_id, q.text)
        clash = session.execute(select(Q.c.id).where(Q.c.key == new_key)).scalar()
        target = qid
        if clash is not None and clash != qid:
            # The other speaker already has these words: one quote, its appearances and claims joined.
            ap = models.Appearance.__table__
            have = {s for (s,) in session.execute(select(ap.c.source_id).where(ap.c.quote_id == clash))}
            for aid, sid in session.execute(select(ap.c.id, ap.c.source_id).where(ap.c.quote_id == qid)).all():
                if sid in have:
                    session.execute(ap.delete().where(ap.c.id == aid))
                else:
                    session.execute(update(ap).where(ap.c.id == aid).values(quote_id=clash))
            target = clash
        else:
            session.execute(update(Q).where(Q.c.id == qid).values(speaker_id=to_id, key=new_key))
        rows = session.execute(select(C.c.id, C.c.kind, C.c.summary, C.c.status).where(C.c.quote_id == qid)
                               .with_for_update()).all()  # the status each event records is the current one
        for c in rows:
            ck = claim_key(target, c.kind, c.summary)
            if session.execute(select(C.c.id).where(C.c.key == ck, C.c.id != c.id)).first() is not None:
                ck = ck[:30] + f"-{c.id}"  # both claims kept; the history says why
            session.execute(update(C).where(C.c.id == c.id).values(quote_id=target, speaker_id=to_id, key=ck))
            session.execute(update(models.ClaimTerm.__table__).where(models.ClaimTerm.claim_id == c.id)
                            .values(speaker_id=to_id))  # restatement finding follows the claim
            append_events(session, [(c.id, EventInfo(type="speaker", status=c.status, on=today, note=note,
                                                      data={"from_speaker": from_id, "to_speaker": to_id}))],
                          by=by, now=models.utcnow())
            claims += 1
        if target != qid:
            session.execute(Q.delete().where(Q.c.id == qid))
    return {"quotes": len(quote_ids), "claims": claims}


def get_or_create(session: Session, name: str) -> int:
    """The id of the speaker called ``name`` (or by that alias), created if nobody is."""
    from claims.language.normalize import clean_text

    name = clean_text(name, "speaker", required=True, limit=300) or ""
    key = name_key(name)
    sid = session.execute(select(S.c.id).where(S.c.key == key)).scalar()
    if sid is None:
        sid = session.execute(select(A.c.speaker_id).where(A.c.key == key)).scalar()
    if sid is None:
        sid = session.execute(S.insert().values(key=key, name=" ".join(name.split()), created_at=models.utcnow())
                              .returning(S.c.id)).scalar_one()
    return int(sid)


def move_quote(session: Session, from_id: int, to_id: int, quote_id: int, *, by: str, today: date,
               note: str) -> dict[str, int]:
    """Give one quote (and its claims) to another speaker, recorded in each claim's history."""
    return _move_quotes(session, from_id, to_id, [quote_id], by=by, today=today, note=note)
