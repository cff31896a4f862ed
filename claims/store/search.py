"""Full-text search over quotes, summaries and notes.

SQLite: FTS5 (``claim_fts``, external content over ``claim.search_text``, bm25 ranking). User text never
reaches ``MATCH`` raw: each word is quoted as a phrase, so ``don't``, ``C++``, ``AND`` or an unbalanced
``"`` are searched for, not parsed. ``raw=True`` passes FTS5 syntax through and turns its errors into one
line. PostgreSQL: the generated ``search_tsv`` column with ``websearch_to_tsquery``, which never raises.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from claims.errors import UsageError
from claims.language.normalize import clean_text
from claims.store.queries import hydrate

_WORDISH = re.compile(r"\w", re.UNICODE)


def words_of(query: str) -> list[str]:
    """The searchable tokens of a query; a query with none is refused the same way on every backend."""
    tokens = [t for t in query.split() if _WORDISH.search(t)]
    if not tokens:
        raise UsageError(f"nothing to search for in {query!r}: give at least one word")
    return tokens


def fts5_query(query: str) -> str:
    """Each whitespace-separated token as an FTS5 phrase (inner quotes doubled), all required."""
    return " ".join('"' + t.replace('"', '""') + '"' for t in words_of(query))


SORTS = ("rank", "newest")


def search(session: Session, query: str, *, as_of: date, limit: int | None = 100,
           raw: bool = False, sort: str = "rank") -> list[dict[str, Any]]:
    """Claims matching every word of ``query``; ``sort`` is ``rank`` (best first) or ``newest``.

    ``newest`` stays fast however many claims match (the index is walked in id order and stops at the
    limit); ``rank`` scores every match, which costs more for words found in a large share of claims.
    """
    query = clean_text(query, "search query", required=True, limit=1000)
    if sort not in SORTS:
        raise UsageError(f"unknown sort {sort!r}; use {' or '.join(SORTS)}")
    dialect = session.get_bind().dialect.name
    params: dict[str, Any] = {"limit": limit or -1}
    if dialect == "sqlite":
        params["q"] = query if raw else fts5_query(query)
        order = "rank" if sort == "rank" else "rowid DESC"
        sql = f"SELECT rowid FROM claim_fts WHERE claim_fts MATCH :q ORDER BY {order} LIMIT :limit"
    else:
        params["q"] = query if raw else " ".join(words_of(query))
        fn = "to_tsquery" if raw else "websearch_to_tsquery"
        order = f"ts_rank(search_tsv, {fn}('english', :q)) DESC, id" if sort == "rank" else "id DESC"
        sql = f"SELECT id FROM claim WHERE search_tsv @@ {fn}('english', :q) ORDER BY {order} LIMIT :limit"
        if not limit:
            sql = sql.replace(" LIMIT :limit", "")
    try:
        if raw:
            with session.begin_nested():
                ids = list(session.execute(text(sql), params).scalars())
        else:
            ids = list(session.execute(text(sql), params).scalars())
    except DBAPIError as exc:
        if raw:
            msg = str(exc.orig).strip().splitlines()[0]
            raise UsageError(f"bad search syntax ({msg}); drop --raw to search for the words as typed") from None
        raise
    return hydrate(session, ids, as_of)


def search_quotes(session: Session, query: str, *, limit: int | None = 100, speaker: str | None = None
                  ) -> list[dict[str, Any]]:
    """Quotes (tracked or not) whose words match every word of ``query``, newest first."""
    from sqlalchemy import select

    from claims.store import models
    from claims.store.queries import find_speaker, quote_rows

    query = clean_text(query, "search query", required=True, limit=1000)
    dialect = session.get_bind().dialect.name
    params: dict[str, Any] = {}
    if dialect == "sqlite":
        params["q"] = fts5_query(query)
        sql = "SELECT rowid FROM quote_fts WHERE quote_fts MATCH :q ORDER BY rowid DESC"
    else:
        params["q"] = " ".join(words_of(query))
        sql = "SELECT id FROM quote WHERE search_tsv @@ websearch_to_tsquery('english', :q) ORDER BY id DESC"
    ids = list(session.execute(text(sql), params).scalars())
    if speaker:
        sid = find_speaker(session, speaker).id
        Q = models.Quote.__table__
        keep = set(session.execute(select(Q.c.id).where(Q.c.speaker_id == sid)).scalars())
        ids = [i for i in ids if i in keep]
    return quote_rows(session, ids[:limit] if limit else ids)
