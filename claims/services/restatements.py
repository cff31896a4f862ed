"""Restatements and reversals: the same prediction said again, found as claims come in, and settled by hand.

:func:`after_record` is the hook that ``add``, ``import`` and ``ingest`` call inside their transaction, after
:func:`claims.store.recording.record`: each new claim is indexed (``claim_term``: its gist terms under its
speaker, aliases already resolved to one speaker), then compared with that speaker's earlier claims that
share its words (the newest ``per_term`` per word, so the cost does not grow with the database). The best
candidate scoring at least ``link`` is linked automatically; between ``suggest`` and ``link`` it is
suggested for review (``claims links --pending``). Other numbers or other named things never link; the
opposite polarity ("will" / "won't") is a reversal, never a restatement.

A restatement keeps the earlier claim as the tracked one: it gets a ``restatement`` event (said date,
source, hedges, probability, time frame), a ``due`` event with ``data.cause = "restatement"`` when the new
time frame ends later (a slip), a ``probability`` event when the stated probability changed; the new claim
becomes ``restated``. A reversal is a ``reversal`` event on both claims, each naming the other.
Other dates that no deadline governs, or an occasion-bound forecast ("today", "this week", "daily") said on
another day, never link either; a one-slot template ("... is Drake" / "... is Kanye") or a ladder said the
same day with another deadline is suggested, never linked automatically.
Thresholds are data (``claims/language/data/restatements.json``), overridable in ``config.json``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from claims import status
from claims.errors import NotFound, UsageError
from claims.language.gist import Gist, compare, gist, words
from claims.store import terms as term_index

THRESHOLDS = Path(__file__).parents[1] / "language" / "data" / "restatements.json"
RELATIONS = ("restatement", "reversal")


@lru_cache(maxsize=1)
def _builtin() -> dict[str, Any]:
    return json.loads(THRESHOLDS.read_text(encoding="utf-8"))


def settings(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """The thresholds: built-in, then ``config.json``'s ``"restatements"`` object, then ``overrides``."""
    from claims.config import user_config

    out = dict(_builtin())
    user = user_config().get("restatements")
    if isinstance(user, dict):
        out.update(user)
    out.update(overrides or {})
    if not 0 <= float(out["suggest"]) <= float(out["link"]) <= 1:
        raise UsageError("restatement thresholds must satisfy 0 <= suggest <= link <= 1")
    return out


class _Cursor:
    """The driver's cursor on the connection (a SQLAlchemy session's, or a light Writer's), with the
    driver's parameter mark."""

    def __init__(self, session: Any):
        from claims.store.db import as_writer

        w = as_writer(session)
        self.pg = w.dialect == "postgresql"
        self.mark = "%s" if self.pg else "?"
        self.cur = w.conn.cursor()

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        self.cur.execute(sql.replace("?", self.mark), tuple(params))
        return self.cur.fetchall()


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _loads(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


# -- finding -------------------------------------------------------------------------------------------

def candidates(db: _Cursor, speaker_id: int, claim_id: int, terms: list[str], cfg: dict[str, Any]) -> list[int]:
    """Earlier claims by this speaker sharing at least ``min_shared`` index terms, most shared first: one
    query, a bounded range of the (speaker, term, claim) index per term."""
    if not terms:
        return []
    per = int(cfg["per_term"])
    parts = [f"SELECT * FROM (SELECT claim_id FROM claim_term WHERE speaker_id = ? AND term = ? AND claim_id < ? "
             f"ORDER BY claim_id DESC LIMIT {per}) t{i}" for i in range(len(terms))]
    params: list[Any] = []
    for t in terms:
        params += [speaker_id, t, claim_id]
    counts = Counter(cid for (cid,) in db.rows(" UNION ALL ".join(parts), params))
    need = min(int(cfg["min_shared"]), len(terms))
    ranked = sorted((c for c, n in counts.items() if n >= need), key=lambda c: (-counts[c], -c))
    return ranked[: int(cfg["scored"])]


def _details(db: _Cursor, ids: list[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    rows = db.rows("SELECT c.id, c.speaker_id, c.status, c.kind, c.due_start, c.due_end, c.probability, c.hedges, "
                   "c.timeframe, q.text, q.said_on, c.quote_id FROM claim c JOIN quote q ON q.id = c.quote_id "
                   f"WHERE c.id IN ({marks})", ids)
    out = {}
    for r in rows:
        out[r[0]] = {"id": r[0], "speaker_id": r[1], "status": r[2], "kind": r[3], "due_start": _day(r[4]),
                     "due_end": _day(r[5]), "probability": r[6], "hedges": _loads(r[7]) or [],
                     "timeframe": _loads(r[8]), "text": r[9], "said_on": _day(r[10]), "quote_id": r[11]}
    roots = db.rows("SELECT new_claim_id, old_claim_id FROM claim_link WHERE state = 'linked' "
                    f"AND relation = 'restatement' AND new_claim_id IN ({marks})", ids)
    for new, old in roots:
        out[new]["root"] = old
    return out


def best_match(new: Gist, found: dict[int, dict[str, Any]], cfg: dict[str, Any],
               said_on: date | None = None) -> dict[str, Any] | None:
    """The candidate that scores highest (conflicts excluded), with its relation and any reason it must be
    reviewed rather than linked (``review``), or None. ``said_on`` is the new quote's said date."""
    w = words()
    best = None
    for cid, row in found.items():
        cmp = compare(new, gist(row["text"], row["hedges"], row["timeframe"], w=w),
                      fuzzy_weight=float(cfg["fuzzy_weight"]), name_penalty=float(cfg["name_penalty"]),
                      slot_penalty=float(cfg["slot_penalty"]), slot_words=int(cfg.get("slot_words", 3)),
                      said=(said_on, row["said_on"]))
        if cmp.conflict or cmp.score < float(cfg["suggest"]):
            continue
        if best is None or cmp.score > best["score"]:
            best = {"claim": cid, "target": row.get("root", cid), "score": cmp.score, "shared": list(cmp.shared),
                    "relation": "reversal" if cmp.reversed else "restatement", "review": cmp.review}
    return best


def after_record(session: Any, items: Sequence[Any], written: Sequence[Any], *, by: str,
                 cfg: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The hook: index the claims just created and link (or suggest) their restatements and reversals.
    Returns the links and suggestions made."""
    new = [(item, w.claim_id) for item, w in zip(items, written, strict=True) if w.created and w.claim_id]
    if not new:
        return []
    cfg = cfg or settings()
    db = _Cursor(session)
    speakers = _speaker_ids(db, [cid for _i, cid in new])
    w = words()
    gists = {cid: gist(item.text, item.hedges, item.timeframe, w=w) for item, cid in new}
    term_index.insert_terms(db.cur, db.mark, ((speakers[cid], t, cid) for _i, cid in new
                                              for t in gists[cid].index_terms()))
    if not cfg.get("enabled", True):
        return []
    made = []
    for item, cid in new:
        if item.kind == "statement":
            continue
        found = candidates(db, speakers[cid], cid, gists[cid].index_terms(), cfg)
        if not found:
            continue
        found_rows = _details(db, found + [cid])
        mine = found_rows.pop(cid)
        match = best_match(gists[cid], found_rows, cfg, mine["said_on"])
        if match is None or match["target"] == cid:
            continue
        # A claim that arrives already resolved (an imported tracker row) keeps its own outcome: suggested only;
        # so is a pair marked for review (a one-slot template, a ladder said the same day).
        auto = (match["score"] >= float(cfg["link"]) and mine["status"] in status.ACTIVE
                and not match["review"])
        state = "linked" if auto else "suggested"
        made.append(_make_link(session, db, cid, match["target"], match["relation"], state=state, method="auto",
                               score=match["score"], shared=match["shared"], by=by))
    return made


def _speaker_ids(db: _Cursor, ids: list[int]) -> dict[int, int]:
    out: dict[int, int] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        out.update(db.rows(f"SELECT id, speaker_id FROM claim WHERE id IN ({', '.join('?' * len(chunk))})", chunk))
    return out


# -- linking -------------------------------------------------------------------------------------------

def _source(db: _Cursor, claim_id: int) -> dict[str, Any] | None:
    rows = db.rows("SELECT s.outlet, s.title, s.url, s.published_on FROM claim c JOIN source s ON s.id = c.source_id "
                   "WHERE c.id = ?", [claim_id])
    if not rows:
        return None
    outlet, title, url, published = rows[0]
    return {"outlet": outlet, "title": title, "url": url, "published_on": _iso(_day(published))}


def _current_probability(db: _Cursor, claim: dict[str, Any]) -> float | None:
    rows = db.rows("SELECT data FROM event WHERE claim_id = ? AND type = 'probability' ORDER BY id DESC LIMIT 1",
                   [claim["id"]])
    data = _loads(rows[0][0]) if rows else None
    if isinstance(data, dict) and data.get("probability") is not None:
        return float(data["probability"])
    return claim["probability"]


def _insert_link(session: Any, **values: Any) -> int:
    from claims.store.db import as_writer, utcnow

    values.setdefault("created_at", utcnow())
    return as_writer(session).insert("claim_link", values)


def _event(session: Any, claim_id: int, etype: str, st: str, **values: Any) -> None:
    """One event through the store's one appender (``happened_on`` is the event's ``on``)."""
    from claims.store.db import utcnow
    from claims.store.recording import EventInfo, append_events

    by = values.pop("by", None)
    values["on"] = values.pop("happened_on", None)
    append_events(session, [(claim_id, EventInfo(type=etype, status=st, **values))], by=by, now=utcnow())


def _set_claim(session: Any, claim_id: int, **values: Any) -> None:
    from claims.store.db import as_writer

    as_writer(session).update("claim", claim_id, values)


def _make_link(session: Any, db: _Cursor, new_id: int, old_id: int, relation: str, *, state: str, method: str,
               score: float | None, shared: list[str], by: str, link_id: int | None = None) -> dict[str, Any]:
    """Write a link (events and all) or a suggestion (the row alone)."""
    if state == "linked" and db.pg:  # the old claim's status and due window as they are now, held until commit
        db.rows("SELECT id FROM claim WHERE id = ? FOR UPDATE", [old_id])  # (SQLite's BEGIN IMMEDIATE holds it)
    rows = _details(db, [new_id, old_id])
    new, old = rows[new_id], rows[old_id]
    values = {"new_claim_id": new_id, "old_claim_id": old_id, "relation": relation, "state": state,
              "method": method, "score": score, "shared": shared, "by": by}
    if state == "linked":
        values.update(_apply(session, db, new, old, relation, by=by, score=score))
    if link_id is None:
        link_id = _insert_link(session, **values)
    else:
        from claims.store.db import as_writer

        as_writer(session).update("claim_link", link_id, values)
    return {"id": link_id, **{k: _iso(v) for k, v in values.items()}}


def _apply(session: Any, db: _Cursor, new: dict, old: dict, relation: str, *, by: str,
           score: float | None) -> dict[str, Any]:
    """The events of a settled link; returns what the link row records about it."""
    said = new["said_on"]
    source = _source(db, new["id"])
    outlet = (source or {}).get("outlet") or "no source"
    when = said.isoformat() if said else "an unknown date"
    common = {"happened_on": said, "by": by, "evidence": (source or {}).get("url")}
    if relation == "reversal":
        _event(session, old["id"], "reversal", old["status"], note=f"reversed by claim #{new['id']} on {when} "
               f"({outlet}): \"{new['text']}\"", data={"claim": new["id"], "role": "reversed-by", "score": score},
               **common)
        _event(session, new["id"], "reversal", new["status"], note=f"reverses claim #{old['id']}: \"{old['text']}\"",
               data={"claim": old["id"], "role": "reverses", "score": score}, **common)
        return {}
    tf = new["timeframe"] if isinstance(new["timeframe"], dict) else None
    _event(session, old["id"], "restatement", old["status"], note=f"said again on {when} ({outlet}), claim "
           f"#{new['id']}: \"{new['text']}\"", data={
               "claim": new["id"], "quote": new["quote_id"], "text": new["text"], "said_on": _iso(said),
               "source": source, "hedges": [h.get("phrase") for h in new["hedges"] if isinstance(h, dict)],
               "probability": new["probability"], "timeframe": tf.get("phrase") if tf else None,
               "due": {"start": _iso(new["due_start"]), "end": _iso(new["due_end"])}, "score": score}, **common)
    out: dict[str, Any] = {"due_before": old["due_end"], "due_after": old["due_end"],
                           "status_before": new["status"]}
    active = old["status"] in status.ACTIVE
    if active and new["due_end"] and (old["due_end"] is None or new["due_end"] > old["due_end"]):
        slip = (new["due_end"] - old["due_end"]).days if old["due_end"] else None
        start = old["due_start"] if old["due_start"] and old["due_start"] <= new["due_end"] else new["due_start"]
        note = (f"deadline moved {slip} days later, to {new['due_end']}, when restated in claim #{new['id']}"
                if slip is not None else f"due by {new['due_end']}, as restated in claim #{new['id']}")
        _event(session, old["id"], "due", old["status"], due_start=start, due_end=new["due_end"], note=note,
               data={"cause": "restatement", "claim": new["id"], "from": _iso(old["due_end"]), "slip_days": slip},
               **common)
        _set_claim(session, old["id"], due_start=start, due_end=new["due_end"])
        out.update(due_after=new["due_end"], slip_days=slip)
    before = _current_probability(db, old)
    if active and new["probability"] is not None and before != new["probability"]:
        _event(session, old["id"], "probability", old["status"], note=f"probability {before} -> {new['probability']}"
               f" as restated in claim #{new['id']}", data={"probability": new["probability"], "from": before,
                                                             "cause": "restatement", "claim": new["id"]}, **common)
        out.update(probability_before=before, probability_after=new["probability"])
    _event(session, new["id"], "restatement", status.RESTATED, from_status=new["status"],
           note=f"restates claim #{old['id']}, which is tracked: \"{old['text']}\"",
           data={"of": old["id"], "score": score}, **common)
    _set_claim(session, new["id"], status=status.RESTATED)
    return out


# -- by hand -------------------------------------------------------------------------------------------

def _claim_or_fail(db: _Cursor, claim_id: int) -> dict[str, Any]:
    found = _details(db, [claim_id])
    if claim_id not in found:
        raise NotFound(f"no claim with id {claim_id}")
    return found[claim_id]


def _linked(db: _Cursor, column: str, claim_id: int) -> list[tuple]:
    return db.rows(f"SELECT id, new_claim_id, old_claim_id, relation FROM claim_link WHERE state = 'linked' "
                   f"AND {column} = ? ORDER BY id", [claim_id])


def link(store: Any, new_id: int, old_id: int, *, relation: str = "restatement", force: bool = False,
         by: str) -> dict[str, Any]:
    """Link ``new_id`` to ``old_id`` by hand (taking a suggestion, if there is one). Refuses, changing nothing:
    a claim with itself, an unknown id, another speaker's claim without ``force``, a claim already linked."""
    if relation not in RELATIONS:
        raise UsageError(f"unknown link {relation!r}; use restatement or reversal")
    if new_id == old_id:
        raise UsageError(f"cannot link claim {new_id} to itself")
    with store.write() as session:
        db = _Cursor(session)
        new, old = _claim_or_fail(db, new_id), _claim_or_fail(db, old_id)
        if new["speaker_id"] != old["speaker_id"] and not force:
            names = dict(db.rows("SELECT id, name FROM speaker WHERE id IN (?, ?)",
                                 [new["speaker_id"], old["speaker_id"]]))
            raise UsageError(f"claim {new_id} is by {names.get(new['speaker_id'])} and claim {old_id} by "
                             f"{names.get(old['speaker_id'])}; use --force to link them anyway")
        for lid, n, o, rel in _linked(db, "new_claim_id", new_id) + _linked(db, "old_claim_id", new_id):
            if {n, o} == {new_id, old_id}:
                raise UsageError(f"claims {new_id} and {old_id} are already linked ({rel}, link {lid})")
            if n == new_id and rel == "restatement":
                raise UsageError(f"claim {new_id} is already a restatement of claim {o} (link {lid}); "
                                 f"`claims unlink {new_id}` first")
            if relation == "restatement" and o == new_id and rel == "restatement":
                raise UsageError(f"claim {new_id} has restatements of its own (claim {n}); link those first")
        if relation == "restatement":
            root = _linked(db, "new_claim_id", old_id)
            root = [r for r in root if r[3] == "restatement"]
            if root:
                raise UsageError(f"claim {old_id} is itself a restatement of claim {root[0][2]}: link to "
                                 f"{root[0][2]}, the tracked one")
        pending = db.rows("SELECT id, score, shared FROM claim_link WHERE state = 'suggested' AND new_claim_id = ? "
                          "AND old_claim_id = ?", [new_id, old_id])
        score, shared = (pending[0][1], _loads(pending[0][2]) or []) if pending else (None, [])
        if not shared:
            shared = list(compare(gist(new["text"], new["hedges"], new["timeframe"]),
                                  gist(old["text"], old["hedges"], old["timeframe"])).shared)
        made = _make_link(session, db, new_id, old_id, relation, state="linked", method="manual", score=score,
                          shared=shared, by=by, link_id=pending[0][0] if pending else None)
        _settle_other_suggestions(session, new_id, keep=made["id"])
        return made


def _settle_other_suggestions(session: Any, new_id: int, keep: int | None) -> None:
    from sqlalchemy import update

    from claims.store import models

    L = models.ClaimLink.__table__
    stmt = update(L).where(L.c.new_claim_id == new_id, L.c.state == "suggested")
    if keep is not None:
        stmt = stmt.where(L.c.id != keep)
    session.execute(stmt.values(state="dismissed"))


def unlink(store: Any, new_id: int, *, by: str, on: date | None = None) -> dict[str, Any]:
    """Undo ``new_id``'s link (events say so; a slip it caused is moved back, the claim tracked again), or
    dismiss its pending suggestions."""
    from sqlalchemy import update

    from claims.store import models

    L = models.ClaimLink.__table__
    with store.write() as session:
        db = _Cursor(session)
        new = _claim_or_fail(db, new_id)
        links = _linked(db, "new_claim_id", new_id)
        if not links:
            pending = db.rows("SELECT count(*) FROM claim_link WHERE state = 'suggested' AND new_claim_id = ?",
                              [new_id])[0][0]
            if not pending:
                raise UsageError(f"claim {new_id} is not linked to any claim, and nothing is suggested for it")
            _settle_other_suggestions(session, new_id, keep=None)
            return {"claim": new_id, "dismissed": pending, "unlinked": None}
        lid = links[0][0]
        row = session.execute(L.select().where(L.c.id == lid)).first()
        old = _claim_or_fail(db, row.old_claim_id)
        common = {"happened_on": on, "by": by}
        _event(session, old["id"], "unlink", old["status"], note=f"claim #{new_id} is no longer linked "
               f"({row.relation})", data={"claim": new_id, "relation": row.relation}, **common)
        if row.relation == "restatement":
            if row.slip_days is not None or row.due_before != row.due_after:
                if old["due_end"] == row.due_after and old["status"] in status.ACTIVE:
                    _event(session, old["id"], "due", old["status"], due_start=old["due_start"],
                           due_end=row.due_before, note=f"deadline back to {row.due_before}: claim #{new_id} "
                           "unlinked", data={"cause": "unlink", "claim": new_id}, **common)
                    _set_claim(session, old["id"], due_end=row.due_before)
            if row.probability_after is not None and _current_probability(db, old) == row.probability_after:
                _event(session, old["id"], "probability", old["status"], note=f"probability back to "
                       f"{row.probability_before}: claim #{new_id} unlinked",
                       data={"probability": row.probability_before, "cause": "unlink", "claim": new_id}, **common)
            back = row.status_before or status.OPEN
            _event(session, new_id, "unlink", back, from_status=new["status"], note=f"no longer a restatement of "
                   f"claim #{old['id']}; tracked on its own again", data={"claim": old["id"]}, **common)
            _set_claim(session, new_id, status=back)
        else:
            _event(session, new_id, "unlink", new["status"], note=f"no longer a reversal of claim #{old['id']}",
                   data={"claim": old["id"], "relation": "reversal"}, **common)
        session.execute(update(L).where(L.c.id == lid).values(state="unlinked"))
        return {"claim": new_id, "unlinked": {"link": lid, "old": old["id"], "relation": row.relation},
                "dismissed": 0}
