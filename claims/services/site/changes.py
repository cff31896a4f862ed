"""What changed in the database since the last build of a site, so that a rebuild after one change takes
every other claim's fingerprint from the last build's manifest instead of making 100,000 again.

A claim's fingerprint (:func:`claims.services.site.data.load`) covers its id, stamp, creation instant, the
count and newest id of its history and of its quote's outlets, its tags and how many days overdue it is.
Histories and outlets are only appended to (nothing in claims updates or deletes an event or an outlet row;
moving or deleting an outlet stamps the claims, migration 0013). So between two builds as of the same day,
when every event and outlet the last build counted is still there as it was, a claim's fingerprint can only
have changed if its stamp changed, it has an event newer than the last build's newest, its quote an outlet
newer than the last build's newest, or its tags changed; and a claim the last build did not have is new.
Those are read here in a few small queries instead of counting every claim's history and outlets.

"Still there as it was" is checked cheaply, not row by row: the table has as many rows up to the last
build's newest id as then, the same sum of their owners (an event moved to another claim by hand changes
it), and that newest row is the same (its owner and instant). The claims' ids and creation instants are
checked as one digest: a claim deleted and another given its id, or a database restored from an older
backup and the same records imported into it again (same ids, same recorded instants), differ there.

Anything else gives None, and every fingerprint is made anew as a first build makes them: another as-of day
(how overdue a claim is moves with it), an event or outlet the last build counted gone, moved or different,
a claim's id or creation instant different, a manifest from before this or damaged. Events edited in place
by hand (their note, say) are not seen, here or by a full fingerprint: the history is append-only.
"""

from __future__ import annotations

import hashlib
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from claims.services.site.output import pack, unpack
from claims.store.db import Reader

STATE_VERSION = 2
# (table, the column naming whose page a row shows, the columns that tell the newest row from another)
_APPENDED = (("event", "claim_id", "claim_id, recorded_at"),
             ("appearance", "quote_id", "quote_id, source_id, created_at"))


@dataclass
class Since:
    """Since the last build: its claims' stamps, and what has new rows or other tags."""

    stamps: dict[int, int]  # claim id -> the stamp it had (claims without a stamp are not here)
    claims: set[int]  # claims with a new event or other tags than then
    quotes: set[int]  # quotes with a new outlet
    tails: list[list[Any]]  # the appended tables' tails now (for this build's state)
    made: str | None = None  # made_digest of every claim now, when no claim is new


def _tail(reader: Reader, table: str, owner: str, mark_columns: str) -> list[Any]:
    """How many rows ``table`` has, the newest id, that row's identifying columns as text, and the sum of
    the rows' owners (an event moved to another claim changes it)."""
    count, newest, owners = reader.tuples(f"SELECT count(*), max(id), sum({owner}) FROM {table}")[1][0]
    if newest is None:
        return [int(count), None, None, 0]
    return [int(count), int(newest), _tail_mark(reader, table, mark_columns, int(newest)), int(owners)]


def made_digest(ids: list[int], made: list[Any]) -> str:
    """One digest of every claim's id and creation instant (a claim that takes a deleted one's id, or one
    imported again into a restored database, differs)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(array("q", ids).tobytes())
    h.update("\n".join(v if type(v) is str else repr(v.timestamp()) for v in made).encode("utf-8"))
    return h.hexdigest()


def state(reader: Reader, as_of: date, claims: tuple[list[int], list[Any]], tag_rows: list[tuple[int, str]],
          stamps: dict[int, int], known: Since | None = None) -> dict[str, Any]:
    """What the next build compares with (kept in the manifest): the as-of day, the claims' ids and creation
    instants (``claims``: both in id order; :func:`made_digest`) and the newest id, the tails of the appended
    tables, the claims' stamps and every (claim, tag) pair. ``known``: what :func:`since` read of them."""
    ids = sorted(stamps)
    claim_ids, made = claims
    digest = known.made if known and known.made else made_digest(claim_ids, made)
    tails = known.tails if known else [_tail(reader, table, owner, mark) for table, owner, mark in _APPENDED]
    return {"v": STATE_VERSION, "as_of": as_of.isoformat(), "made": digest,
            "newest_claim": claim_ids[-1] if claim_ids else -1, "tails": tails,
            "stamps": {"ids": pack(ids), "values": pack(stamps[i] for i in ids)},
            "tags": {"ids": pack(c for c, _t in tag_rows), "names": [t for _c, t in tag_rows]}}


def since(reader: Reader, last: Any, as_of: date, claims: tuple[list[int], list[Any]],
          tag_rows: list[tuple[int, str]]) -> Since | None:
    """What changed since the build that recorded ``last`` (its :func:`state`), or None when that cannot be
    told from the appended rows and stamps alone. ``claims``: every claim's id and creation instant, in id
    order (those up to the last build's newest must be what they were then)."""
    if not isinstance(last, dict) or last.get("v") != STATE_VERSION or last.get("as_of") != as_of.isoformat():
        return None
    try:
        claim_ids, made = claims
        known = bisect_right(claim_ids, int(last["newest_claim"]))
        digest = made_digest(claim_ids[:known], made[:known])
        if digest != last["made"]:
            return None  # a claim the last build had is gone, or another claim has its id
        found = _since(reader, last, tag_rows)
        if found is not None and known == len(claim_ids):
            found.made = digest
        return found
    except (KeyError, TypeError, ValueError, AttributeError):
        return None  # a record damaged or written by hand: vouch for nothing


def _since(reader: Reader, last: dict[str, Any], tag_rows: list[tuple[int, str]]) -> Since | None:
    tails = last["tails"]
    old_stamps = dict(zip(unpack(last["stamps"]["ids"]), unpack(last["stamps"]["values"]), strict=True))
    names = last["tags"]["names"]
    if not isinstance(names, list) or len(tails) != len(_APPENDED):
        return None
    old_tag_ids = unpack(last["tags"]["ids"])
    news: list[set[int]] = []
    now: list[list[Any]] = []
    for (table, owner, mark), (count, newest, old_mark, owners) in zip(_APPENDED, tails, strict=True):
        newest = -1 if newest is None else int(newest)
        tail = _tail(reader, table, owner, mark)
        added = [int(r[0]) for r in reader.tuples(f"SELECT {owner} FROM {table} WHERE id > {newest}")[1]]
        # the rows up to the last build's newest: all of them but those added since
        if (tail[0] - len(added), tail[3] - sum(added)) != (int(count), int(owners)) or (
                newest >= 0 and _tail_mark(reader, table, mark, newest) != old_mark):
            return None  # a row the last build counted is gone, moved or is another row
        news.append(set(added))
        now.append(tail)
    retagged: set[int] = set()
    if [c for c, _t in tag_rows] != old_tag_ids or [t for _c, t in tag_rows] != names:
        old_tags = set(zip(old_tag_ids, names, strict=True))
        retagged = {cid for cid, _tag in old_tags.symmetric_difference(tag_rows)}
    return Since(stamps=old_stamps, claims=news[0] | retagged, quotes=news[1], tails=now)


def _tail_mark(reader: Reader, table: str, mark_columns: str, row_id: int) -> str | None:
    """The row's identifying columns as text (instants as POSIX seconds, whatever the session's time zone)."""
    found = reader.tuples(f"SELECT {mark_columns} FROM {table} WHERE id = {row_id}")[1]
    if not found:
        return None
    return str([repr(v.timestamp()) if isinstance(v, datetime) else str(v) for v in found[0]])
