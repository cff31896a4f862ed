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

Anything else gives None, and every fingerprint is made anew as a first build makes them: another as-of day
(how overdue a claim is moves with it), an event or outlet the last build counted gone or different (rows
deleted by hand, a database restored from an older backup and then added to), a manifest from before this.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from claims.services.site.output import pack, unpack
from claims.store.db import Reader

STATE_VERSION = 1
# (table, the column naming whose page a row shows, the columns that tell the newest row from another)
_APPENDED = (("event", "claim_id", "claim_id, recorded_at"),
             ("appearance", "quote_id", "quote_id, source_id, created_at"))


@dataclass
class Since:
    """Since the last build: its claims' stamps, and what has new rows or other tags."""

    stamps: dict[int, int]  # claim id -> the stamp it had (claims without a stamp are not here)
    claims: set[int]  # claims with a new event or other tags than then
    quotes: set[int]  # quotes with a new outlet


def _tail(reader: Reader, table: str, mark_columns: str) -> list[Any]:
    """How many rows ``table`` has, the newest id, and that row's identifying columns as text."""
    count, newest = reader.tuples(f"SELECT count(*), max(id) FROM {table}")[1][0]
    if newest is None:
        return [int(count), None, None]
    return [int(count), int(newest), _tail_mark(reader, table, mark_columns, int(newest))]


def state(reader: Reader, as_of: date, tag_rows: list[tuple[int, str]], stamps: dict[int, int]) -> dict[str, Any]:
    """What the next build compares with (kept in the manifest): the as-of day, the tails of the appended
    tables, the claims' stamps and every (claim, tag) pair."""
    ids = sorted(stamps)
    return {"v": STATE_VERSION, "as_of": as_of.isoformat(),
            "tails": [_tail(reader, table, mark) for table, _owner, mark in _APPENDED],
            "stamps": {"ids": pack(ids), "values": pack(stamps[i] for i in ids)},
            "tags": {"ids": pack(c for c, _t in tag_rows), "names": [t for _c, t in tag_rows]}}


def since(reader: Reader, last: Any, as_of: date, tag_rows: list[tuple[int, str]]) -> Since | None:
    """What changed since the build that recorded ``last`` (its :func:`state`), or None when that cannot be
    told from the appended rows and stamps alone."""
    if not isinstance(last, dict) or last.get("v") != STATE_VERSION or last.get("as_of") != as_of.isoformat():
        return None
    try:
        tails = last["tails"]
        old_stamps = dict(zip(unpack(last["stamps"]["ids"]), unpack(last["stamps"]["values"]), strict=True))
        names = last["tags"]["names"]
        if not isinstance(names, list) or len(tails) != len(_APPENDED):
            return None
        old_tag_ids = unpack(last["tags"]["ids"])
        news: list[set[int]] = []
        for (table, owner, mark), (count, newest, old_mark) in zip(_APPENDED, tails, strict=True):
            newest = -1 if newest is None else int(newest)
            held = reader.tuples(f"SELECT count(*) FROM {table} WHERE id <= {newest}")[1][0][0]
            if int(held) != int(count) or (newest >= 0 and _tail_mark(reader, table, mark, newest) != old_mark):
                return None  # a row the last build counted is gone or is another row
            news.append({int(r[0]) for r in reader.tuples(f"SELECT DISTINCT {owner} FROM {table} "
                                                          f"WHERE id > {newest}")[1]})
    except (KeyError, TypeError, ValueError):
        return None
    retagged: set[int] = set()
    if [c for c, _t in tag_rows] != old_tag_ids or [t for _c, t in tag_rows] != names:
        old_tags = set(zip(old_tag_ids, names, strict=True))
        retagged = {cid for cid, _tag in old_tags.symmetric_difference(tag_rows)}
    return Since(stamps=old_stamps, claims=news[0] | retagged, quotes=news[1])


def _tail_mark(reader: Reader, table: str, mark_columns: str, row_id: int) -> str | None:
    found = reader.tuples(f"SELECT {mark_columns} FROM {table} WHERE id = {row_id}")[1]
    return str([str(v) for v in found[0]]) if found else None
