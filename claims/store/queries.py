"""The read side: claims by filter, the due worklist, one claim with its history, speakers.

Filters select claim ids (each served by an index; see bench/README.md for the plans), and
:func:`hydrate` loads the rows for those ids in one join, so every command pays for what it prints.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, func, select, text
from sqlmodel import Session

from claims import status
from claims.errors import NotFound
from claims.language.normalize import name_key
from claims.store import models
from claims.store.serialize import claim_dict, event_dict

C = models.Claim.__table__
Q = models.Quote.__table__
S = models.Speaker.__table__
SRC = models.Source.__table__
T = models.ClaimTag.__table__
E = models.Event.__table__
A = models.SpeakerAlias.__table__


def hydrate(session: Session, ids: list[int], as_of: date) -> list[dict[str, Any]]:
    """Full claim dicts for ``ids``, in that order."""
    if not ids:
        return []
    rows: dict[int, Any] = {}
    tags: dict[int, list[str]] = defaultdict(list)
    for chunk in _chunks(ids):
        stmt = (
            select(C, Q.c.text.label("quote_text"), Q.c.said_on, Q.c.said_precision,
                   S.c.name.label("speaker_name"), S.c.title.label("speaker_title"),
                   SRC.c.outlet, SRC.c.url, SRC.c.title, SRC.c.published_on, SRC.c.kind.label("source_kind"))
            .join(Q, Q.c.id == C.c.quote_id)
            .join(S, S.c.id == C.c.speaker_id)
            .outerjoin(SRC, SRC.c.id == C.c.source_id)
            .where(C.c.id.in_(chunk))
        )
        for row in session.execute(stmt):
            rows[row.id] = row
        for cid, tag in session.execute(select(T.c.claim_id, T.c.tag).where(T.c.claim_id.in_(chunk))
                                        .order_by(T.c.claim_id, T.c.tag)):
            tags[cid].append(tag)
    return [claim_dict(rows[i], tags.get(i, []), as_of) for i in ids if i in rows]


def find_speaker(session: Session, name: str) -> Any:
    """The speaker called ``name`` (or by one of their aliases, or by a surname only one speaker has)."""
    key = name_key(name)
    row = session.execute(select(S).where(S.c.key == key)).first()
    if row is None:
        from claims.language.titles import split_name

        bare = split_name(name)[0]  # "Gen. Dunford" -> "Dunford"
        if bare and name_key(bare) != key:
            key = name_key(bare)
            row = session.execute(select(S).where(S.c.key == key)).first()
    if row is None:
        sid = session.execute(select(A.c.speaker_id).where(A.c.key == key)).scalar()
        if sid is not None:
            row = session.execute(select(S).where(S.c.id == sid)).first()
    if row is None and key and " " not in key:
        matches = session.execute(select(S).where(S.c.key.like(f"% {_like_escape(key)}", escape="\\"))
                                  .limit(2)).all()
        if len(matches) == 1:
            row = matches[0]
    if row is None:
        names = session.execute(select(S.c.name).limit(5000)).scalars().all()
        by_part: dict[str, str] = {}
        for full in names:  # "Dunfrod" should suggest "Joseph F. Dunford"
            by_part.setdefault(full.casefold(), full)
            by_part.setdefault(full.split()[-1].casefold(), full)
        close = list(dict.fromkeys(by_part[m] for m in difflib.get_close_matches(
            name.casefold(), list(by_part), n=3, cutoff=0.7)))
        hint = f"; did you mean: {', '.join(close)}?" if close else ""
        raise NotFound(f"no speaker named {name!r}{hint}")
    return row


def list_claims(
    session: Session, *, as_of: date, speaker: str | None = None, status_: str | None = None,
    kind: str | None = None, tag: str | None = None, overdue: bool = False, due_before: date | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    stmt = select(C.c.id)
    conds = []
    if speaker:
        conds.append(C.c.speaker_id == find_speaker(session, speaker).id)
    if status_:
        conds.append(C.c.status == status_)
    if kind:
        conds.append(C.c.kind == kind)
    if tag:
        stmt = stmt.join(T, and_(T.c.claim_id == C.c.id, T.c.tag == tag))
    if overdue:
        conds.append(C.c.status.in_(status.ACTIVE))
        conds.append(C.c.due_end < as_of)
    if due_before:
        conds.append(C.c.due_end < due_before)
    stmt = stmt.where(*conds).order_by(C.c.id.desc())
    if limit:
        stmt = stmt.limit(limit)
    return hydrate(session, list(session.execute(stmt).scalars()), as_of)


def due_claims(session: Session, *, as_of: date, within: int = 30, limit: int | None = None) -> list[dict]:
    """The worklist: overdue claims first, oldest due first, then those falling due within ``within`` days."""
    horizon = as_of + timedelta(days=within)
    # The status test is the partial index's own literal text, so both planners can match the index;
    # SQLite is also told to use it (without statistics it prefers the status index and sorts).
    hint = " INDEXED BY ix_claim_active_due" if session.get_bind().dialect.name == "sqlite" else ""
    sql = f"SELECT id FROM claim{hint} WHERE {models.ACTIVE_SQL} AND due_end <= :horizon ORDER BY due_end, id"
    params: dict[str, Any] = {"horizon": horizon}
    if limit:
        sql += " LIMIT :limit"
        params["limit"] = limit
    return hydrate(session, list(session.execute(text(sql), params).scalars()), as_of)


def get_claim(session: Session, claim_id: int, as_of: date, *, events: bool = True) -> dict[str, Any]:
    found = hydrate(session, [claim_id], as_of)
    if not found:
        raise NotFound(f"no claim with id {claim_id}")
    claim = found[0]
    if events:
        claim["events"] = history(session, claim_id)
        claim["appearances"] = appearances(session, claim_id)
    return claim


def history(session: Session, claim_id: int) -> list[dict[str, Any]]:
    if session.execute(select(C.c.id).where(C.c.id == claim_id)).first() is None:
        raise NotFound(f"no claim with id {claim_id}")
    rows = session.execute(select(E).where(E.c.claim_id == claim_id).order_by(E.c.id)).all()
    return [event_dict(r) for r in rows]


def appearances(session: Session, claim_id: int) -> list[dict[str, Any]]:
    AP = models.Appearance.__table__
    stmt = (
        select(SRC.c.outlet, SRC.c.title, SRC.c.url, SRC.c.published_on, SRC.c.kind)
        .join(AP, AP.c.source_id == SRC.c.id)
        .join(C, C.c.quote_id == AP.c.quote_id)
        .where(C.c.id == claim_id)
        .order_by(SRC.c.published_on, AP.c.id)
    )
    return [{"outlet": r.outlet, "title": r.title, "url": r.url,
             "published_on": r.published_on.isoformat() if r.published_on else None, "kind": r.kind}
            for r in session.execute(stmt)]


def speakers(session: Session) -> list[dict[str, Any]]:
    """Every speaker with claim counts by status, most claims first."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for sid, st, n in session.execute(select(C.c.speaker_id, C.c.status, func.count())
                                      .group_by(C.c.speaker_id, C.c.status)):
        counts[sid][st] = n
    aliases: dict[int, list[str]] = defaultdict(list)
    for sid, alias in session.execute(select(A.c.speaker_id, A.c.alias).order_by(A.c.id)):
        aliases[sid].append(alias)
    quotes = dict(session.execute(select(Q.c.speaker_id, func.count()).group_by(Q.c.speaker_id)).all())
    out = []
    for row in session.execute(select(S).order_by(S.c.name)):
        by_status = counts.get(row.id, {})
        out.append({
            "id": row.id, "name": row.name, "title": row.title, "organization": row.organization,
            "aliases": aliases.get(row.id, []), "quotes": quotes.get(row.id, 0),
            "claims": sum(by_status.values()), "by_status": by_status,
        })
    out.sort(key=lambda s: (-s["claims"], s["name"].casefold()))
    return out


def speaker_detail(session: Session, name: str, as_of: date) -> dict[str, Any]:
    """A speaker and their claims grouped by status (in lifecycle order), with a hedging summary."""
    row = find_speaker(session, name)
    ids = list(session.execute(select(C.c.id).where(C.c.speaker_id == row.id).order_by(C.c.id)).scalars())
    claims = hydrate(session, ids, as_of)
    groups: dict[str, list] = {st: [] for st in status.ALL}
    for claim in claims:
        groups[claim["status"]].append(claim)
    aliases = list(session.execute(select(A.c.alias).where(A.c.speaker_id == row.id)).scalars())
    return {
        "id": row.id, "name": row.name, "title": row.title, "organization": row.organization,
        "aliases": aliases, "claims": len(claims),
        "overdue": sum(1 for c in claims if c["overdue"]),
        "by_status": {st: group for st, group in groups.items() if group},
    }


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _chunks(values: list, size: int = 500):
    for i in range(0, len(values), size):
        yield values[i:i + size]


def quote_rows(session: Session, ids: list[int]) -> list[dict[str, Any]]:
    """Quotes as dicts (with where they appeared and the claim tracked from them, if any), in ``ids`` order."""
    if not ids:
        return []
    AP = models.Appearance.__table__
    rows: dict[int, Any] = {}
    sources: dict[int, list] = defaultdict(list)
    claims: dict[int, int] = {}
    for chunk in _chunks(ids):
        for r in session.execute(select(Q, S.c.name.label("speaker_name")).join(S, S.c.id == Q.c.speaker_id)
                                 .where(Q.c.id.in_(chunk))):
            rows[r.id] = r
        for r in session.execute(select(AP.c.quote_id, SRC.c.outlet, SRC.c.url, SRC.c.published_on)
                                 .join(SRC, SRC.c.id == AP.c.source_id).where(AP.c.quote_id.in_(chunk))):
            sources[r.quote_id].append({"outlet": r.outlet, "url": r.url,
                                        "published_on": r.published_on.isoformat() if r.published_on else None})
        for qid, cid in session.execute(select(C.c.quote_id, C.c.id).where(C.c.quote_id.in_(chunk))):
            claims.setdefault(qid, cid)
    return [{"id": i, "text": rows[i].text, "speaker": rows[i].speaker_name, "attributed_as": rows[i].attributed_as,
             "said_on": rows[i].said_on.isoformat() if rows[i].said_on else None,
             "said_precision": rows[i].said_precision, "verbatim": rows[i].verbatim, "sources": sources.get(i, []),
             "claim_id": claims.get(i)} for i in ids if i in rows]


def list_quotes(session: Session, *, speaker: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    stmt = select(Q.c.id).order_by(Q.c.id.desc())
    if speaker:
        stmt = stmt.where(Q.c.speaker_id == find_speaker(session, speaker).id)
    if limit:
        stmt = stmt.limit(limit)
    return quote_rows(session, list(session.execute(stmt).scalars()))
