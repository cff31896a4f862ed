"""The claim-term index (``claim_term``): each claim's gist terms under its speaker, so that finding the
earlier claims a new one may restate reads a few index ranges, never every claim.

Writes go on the driver's cursor (``?`` for SQLite, ``%s`` for psycopg), inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from claims.language.gist import Words, gist, words

_CHUNK = 2000


def terms_for(text: str, hedges: Any, timeframe: Any, w: Words | None = None) -> list[str]:
    return gist(text, _json(hedges), _json(timeframe), w=w).index_terms()


def _json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


def insert_terms(cur: Any, mark: str, rows: Iterable[tuple[int, str, int]]) -> None:
    """``rows`` of (speaker_id, term, claim_id); a row already there is left alone."""
    rows = list(dict.fromkeys(rows))
    if not rows:
        return
    tail = " ON CONFLICT DO NOTHING"
    cur.executemany(f"INSERT INTO claim_term (speaker_id, term, claim_id) VALUES ({mark}, {mark}, {mark}){tail}",
                    rows)


def index_existing(conn: Any) -> int:
    """Index every claim already in the database (the 0004 upgrade); returns how many were indexed."""
    dbapi = conn.connection.dbapi_connection if hasattr(conn.connection, "dbapi_connection") else conn.connection
    mark = "%s" if conn.dialect.name == "postgresql" else "?"
    read = dbapi.cursor()
    write = dbapi.cursor()
    w = words()
    last, done = 0, 0
    while True:
        read.execute("SELECT c.id, c.speaker_id, q.text, c.hedges, c.timeframe FROM claim c "
                     f"JOIN quote q ON q.id = c.quote_id WHERE c.id > {mark} ORDER BY c.id LIMIT {_CHUNK}", (last,))
        batch = read.fetchall()
        if not batch:
            return done
        rows: list[tuple[int, str, int]] = []
        for cid, sid, text, hedges, timeframe in batch:
            rows.extend((sid, t, cid) for t in terms_for(text, hedges, timeframe, w))
        insert_terms(write, mark, rows)
        done += len(batch)
        last = batch[-1][0]

