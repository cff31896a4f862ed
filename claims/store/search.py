"""Full-text search over quotes, summaries and notes: one query language, two backends.

A query is parsed here into a small tree and written out for each backend, so a query means the same on
SQLite (FTS5, ``claim_fts`` and ``quote_fts``, bm25 ranking) and PostgreSQL (the generated ``search_tsv``
columns, ``ts_rank``). User text never reaches the database's own parser: on SQLite each word becomes a
quoted FTS5 phrase; on PostgreSQL each word goes through ``plainto_tsquery`` (phrases ``phraseto_tsquery``)
as a bound parameter and the pieces are joined with the ``&&``, ``||`` and ``!!`` tsquery operators.

Plain search: every word must occur (``don't``, ``C++``, ``AND`` or a stray ``"`` are words to look for).
``--raw`` search understands this much, the same on both backends (anything else is one clear error):

    bridge agreement        both words (AND may be written between them)
    "new bridge"            the words next to each other, in that order
    bridge OR tunnel        either (OR binds looser than AND: a b OR c is (a b) OR c)
    NOT tunnel, -tunnel     without the word (next to at least one word that must occur)
    bridg*                  a word starting with bridg
    ( ... )                 grouping
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from claims.errors import UsageError
from claims.language.normalize import clean_text
from claims.store.db import as_reader
from claims.store.queries import find_speaker, hydrate, quote_rows

_WORDISH = re.compile(r"\w", re.UNICODE)
_PREFIX = re.compile(r"^\w+$", re.UNICODE)
_TOKENS = re.compile(r'"[^"]*"?|\(|\)|[^\s()"]+')
RAW_SYNTAX = 'words, "phrases", OR, AND, NOT or -word, prefix*, ( )'
SORTS = ("rank", "newest")
# PostgreSQL: up to this many matches are read through the GIN index and put in id order here; a word with
# more walks the primary key (``in_id_order``).
FEW_MATCHES = 1000
# SQLite: `quotes WORDS --speaker S` tests each of a speaker's quotes when they are at most this many, else
# walks the matches newest first.
FEW_QUOTES = 500


def words_of(query: str) -> list[str]:
    """The searchable tokens of a query; a query with none is refused the same way on every backend."""
    tokens = [t for t in query.split() if _WORDISH.search(t)]
    if not tokens:
        raise UsageError(f"nothing to search for in {query!r}: give at least one word")
    return tokens


def fts5_query(query: str) -> str:
    """Each whitespace-separated token as an FTS5 phrase (inner quotes doubled), all required."""
    return " ".join(_fts_phrase(t) for t in words_of(query))


# -- the query tree: ("word", text, prefix) ("phrase", text) ("not", node) ("and", [..]) ("or", [..]) --

def plain_tree(query: str) -> tuple:
    return ("and", [("word", w, False) for w in words_of(query)])


def _bad(msg: str) -> UsageError:
    return UsageError(f"bad search syntax: {msg}; --raw understands {RAW_SYNTAX}")


def raw_tree(query: str) -> tuple:
    """Parse the ``--raw`` syntax (see the module docstring) into a tree."""
    tokens = _TOKENS.findall(query)
    pos = 0

    def peek() -> str | None:
        return tokens[pos] if pos < len(tokens) else None

    def take() -> str:
        nonlocal pos
        pos += 1
        return tokens[pos - 1]

    def either() -> tuple:
        parts = [every()]
        while peek() == "OR":
            take()
            parts.append(every())
        return parts[0] if len(parts) == 1 else ("or", parts)

    def every() -> tuple:
        parts: list[tuple] = []
        while peek() not in (None, ")", "OR"):
            if peek() == "AND":
                take()
                if not parts or peek() in (None, ")", "OR", "AND"):
                    raise _bad("AND needs a word on each side")
                continue
            parts.append(unary())
        if not parts:
            raise _bad("OR needs a word on each side" if peek() == "OR" or pos else "nothing to search for")
        if all(p[0] == "not" for p in parts):
            raise _bad("NOT needs a word that must occur next to it")
        return parts[0] if len(parts) == 1 else ("and", parts)

    def unary() -> tuple:
        tok = take()
        if tok == "NOT" or (tok.startswith("-") and len(tok) > 1):
            if tok != "NOT":
                tokens.insert(pos, tok[1:])
            if peek() in (None, ")", "OR", "AND"):
                raise _bad("NOT needs a word after it")
            return ("not", unary())
        if tok == "(":
            inner = either()
            if peek() != ")":
                raise _bad("a ( is not closed")
            take()
            return inner
        return atom(tok)

    tree = either()
    if peek() is not None:
        raise _bad("a ) without its (" if peek() == ")" else f"unexpected {peek()!r}")
    return tree


def atom(tok: str) -> tuple:
    if tok.startswith('"'):
        if len(tok) < 2 or not tok.endswith('"'):
            raise _bad("a quoted phrase is not closed")
        text = tok[1:-1]
        if not _WORDISH.search(text):
            raise _bad("an empty phrase")
        return ("phrase", text)
    if tok.startswith(("^", "+", "{", "}")) or tok == "NEAR" or ":" in tok:
        raise _bad(f"{tok!r} is not part of it")
    prefix = tok.endswith("*")
    word = tok.rstrip("*") if prefix else tok
    if prefix and not _PREFIX.match(word):
        raise _bad(f"a prefix must be letters or digits before the *, not {tok!r}")
    if not _WORDISH.search(word):
        raise _bad(f"{tok!r} has no letters or digits")
    return ("word", word, prefix)


def _fts_phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def to_fts5(node: tuple) -> str:
    """The tree as an FTS5 MATCH expression (NOT is binary there: "a NOT b")."""
    kind = node[0]
    if kind == "word":
        return _fts_phrase(node[1]) + ("*" if node[2] else "")
    if kind == "phrase":
        return _fts_phrase(node[1])
    if kind == "or":
        return "(" + " OR ".join(to_fts5(p) for p in node[1]) + ")"
    if kind == "not":  # only as a lone raw query part, which raw_tree refuses; kept total for safety
        raise _bad("NOT needs a word that must occur next to it")
    keep = [p for p in node[1] if p[0] != "not"]
    out = "(" + " AND ".join(to_fts5(p) for p in keep) + ")"
    for p in node[1]:
        if p[0] == "not":
            out = f"({out} NOT {to_fts5(p[1])})"
    return out


def to_tsquery(node: tuple, params: dict[str, Any]) -> str:
    """The tree as a PostgreSQL tsquery expression; the words are bound parameters."""
    kind = node[0]
    if kind in ("word", "phrase"):
        name = f"w{len(params)}"
        if kind == "word" and node[2]:
            params[name] = node[1] + ":*"
            return f"to_tsquery('english', :{name})"
        params[name] = node[1]
        fn = "phraseto_tsquery" if kind == "phrase" else "plainto_tsquery"
        return f"{fn}('english', :{name})"
    if kind == "not":
        return f"(!! {to_tsquery(node[1], params)})"
    op = " || " if kind == "or" else " && "
    return "(" + op.join(to_tsquery(p, params) for p in node[1]) + ")"


def _tree(query: str, raw: bool) -> tuple:
    query = clean_text(query, "search query", required=True, limit=1000)
    return raw_tree(query) if raw else plain_tree(query)


def claim_ids(conn: Any, query: str, *, limit: int | None = 100, raw: bool = False, sort: str = "rank") -> list[int]:
    """Ids of the claims matching ``query``, best first (``rank``) or newest first (``newest``).

    Both rank inside the index's own scan with the limit applied there. On SQLite the order is
    ``bm25(claim_fts), rowid`` (what ``rank`` means, ties by id): SQLite's sorter then keeps only the top
    n in a heap, where FTS5's own ``ORDER BY rank`` sorts every match first (50 ms against 70 ms for
    63,000 matches on the 1,000,000-claim benchmark database; the same rows in the same order).
    On PostgreSQL a query of one word reads its best claims from ``claim_lexeme_tf`` and the rest in id
    order (``_ranked_one_word``: the same order as ``ts_rank``); other queries keep ``ts_rank``'s top-N heap
    sort, which must rank every match. ``newest`` walks the index in id order and stops at the limit
    (on PostgreSQL, ``in_id_order``).
    """
    if sort not in SORTS:
        raise UsageError(f"unknown sort {sort!r}; use {' or '.join(SORTS)}")
    tree = _tree(query, raw)
    r = as_reader(conn)
    params: dict[str, Any] = {}
    if r.dialect == "sqlite":
        params["q"] = to_fts5(tree)
        order = "bm25(claim_fts), rowid" if sort == "rank" else "rowid DESC"
        sql = f"SELECT rowid AS id FROM claim_fts WHERE claim_fts MATCH :q ORDER BY {order}"
    else:
        word = _one_word(tree)
        if sort == "rank" and limit and word is not None:
            ids = _ranked_one_word(r, word, limit)
            if ids is not None:
                return ids
        tsq = to_tsquery(tree, params)
        if sort == "newest" and limit:
            return in_id_order(r, tsq, params, limit, descending=True)
        order = f"ts_rank(search_tsv, {tsq}) DESC, id" if sort == "rank" else "id DESC"
        sql = f"SELECT id FROM claim WHERE search_tsv @@ {tsq} ORDER BY {order}"
    if limit:
        sql += " LIMIT :limit"
        params["limit"] = limit
    return [row["id"] for row in r.rows(sql, params)]


def _one_word(tree: tuple) -> str | None:
    """The word of a query that is one plain word (not a prefix or a phrase), else None."""
    if tree[0] == "and" and len(tree[1]) == 1:
        tree = tree[1][0]
    return tree[1] if tree[0] == "word" and not tree[2] else None


def _ranked_one_word(r: Any, word: str, limit: int) -> list[int] | None:
    """``ts_rank`` order for a query of one lexeme, without ranking every match (PostgreSQL).

    With one lexeme and no weights, ``ts_rank`` grows with the lexeme's count in the claim and is the same
    for every claim holding it once (migration 0011). So the best claims are those of ``claim_lexeme_tf``
    (counts of two or more) by count and id, then the claims holding it once in id order, which the
    primary key gives with no sort. None when the word is not one lexeme (a stop word, or "cease-fire",
    three), for the general query.
    """
    params = {"w": word}
    shape = r.one("SELECT numnode(plainto_tsquery('english', :w)) AS nodes, "
                  "tsvector_to_array(to_tsvector('english', :w)) AS lexemes", params)
    if shape is None or shape["nodes"] != 1 or len(shape["lexemes"] or ()) != 1:
        return None
    params["lexeme"] = shape["lexemes"][0]
    params["limit"] = limit
    ids = [row["id"] for row in r.rows("SELECT claim_id AS id FROM claim_lexeme_tf WHERE lexeme = :lexeme "
                                       "ORDER BY tf DESC, claim_id LIMIT :limit", params)]
    if len(ids) < limit:  # every claim holding it more than once is in ids: the rest hold it once
        ids += in_id_order(r, "plainto_tsquery('english', :w)", params, limit - len(ids), skip=ids)
    return ids


def in_id_order(r: Any, tsq: str, params: dict[str, Any], limit: int, *, descending: bool = False,
                skip: list[int] | tuple[int, ...] = (), table: str = "claim", where: str = "") -> list[int]:
    """The first ``limit`` ids of the rows of ``table`` (``claim`` or ``quote``) matching ``tsq`` and the
    SQL condition ``where``, in id order, leaving out ``skip`` (PostgreSQL).

    Walking the primary key and testing each row stops early for a common word, but for a word the
    planner has no statistics for it walks the whole table (it guesses 0.5% of rows match: 600 ms for a
    place name found once in 1,000,000 claims). So up to ``cap`` matches are fetched through the GIN index
    first, and when that is all of them they are ordered here; only a word that matches more rows than that
    walks the key, where matches are dense enough to stop soon.
    """
    cap = max(FEW_MATCHES, 4 * limit)
    match = f"SELECT id FROM {table} WHERE search_tsv @@ {tsq}" + (f" AND {where}" if where else "")
    few = [row["id"] for row in r.rows(f"{match} LIMIT :cap", {**params, "cap": cap})]
    if len(few) < cap:
        return sorted(set(few).difference(skip), reverse=descending)[:limit]
    seen = {f"seen{i}": row_id for i, row_id in enumerate(skip)}
    not_seen = f" AND id NOT IN ({', '.join(':' + name for name in seen)})" if seen else ""
    return [row["id"] for row in r.rows(f"{match}{not_seen} ORDER BY id{' DESC' if descending else ''} LIMIT :limit",
                                        {**params, **seen, "limit": limit})]


def search(conn: Any, query: str, *, as_of: date, limit: int | None = 100,
           raw: bool = False, sort: str = "rank") -> list[dict[str, Any]]:
    """Claims matching ``query`` (every word of it, or the ``raw`` syntax), as claim dicts."""
    return hydrate(conn, claim_ids(conn, query, limit=limit, raw=raw, sort=sort), as_of)


def search_quotes(conn: Any, query: str, *, limit: int | None = 100, speaker: str | None = None
                  ) -> list[dict[str, Any]]:
    """Quotes (tracked or not) whose words match every word of ``query``, newest first."""
    tree = _tree(query, False)
    r = as_reader(conn)
    params: dict[str, Any] = {}
    if speaker:
        params["sid"] = find_speaker(r, speaker).id
    if r.dialect == "sqlite":
        params["q"] = to_fts5(tree)
        sql = "SELECT rowid AS id FROM quote_fts WHERE quote_fts MATCH :q ORDER BY rowid DESC"
        if speaker and r.scalar("SELECT count(*) FROM quote WHERE speaker_id = :sid", params) <= FEW_QUOTES:
            # A speaker of few quotes: each of them tested against the index (about 35 us a quote).
            sql = ("SELECT q.id FROM quote q WHERE q.speaker_id = :sid AND q.id IN (SELECT rowid FROM quote_fts "
                   "WHERE quote_fts MATCH :q AND rowid = q.id) ORDER BY q.id DESC")
        elif speaker:
            # Newest matches first from the index, each one's speaker looked up by key (CROSS JOIN keeps
            # that order), stopping at the limit.
            sql = ("SELECT f.rowid AS id FROM quote_fts f CROSS JOIN quote q ON q.id = f.rowid "
                   "WHERE quote_fts MATCH :q AND q.speaker_id = :sid ORDER BY f.rowid DESC")
    else:
        tsq = to_tsquery(tree, params)
        where = "speaker_id = :sid" if speaker else ""
        if limit:
            return quote_rows(r, in_id_order(r, tsq, params, limit, descending=True, table="quote", where=where))
        sql = f"SELECT id FROM quote WHERE search_tsv @@ {tsq}{' AND ' + where if where else ''} ORDER BY id DESC"
    if limit:
        sql += " LIMIT :limit"
        params["limit"] = limit
    return quote_rows(r, [row["id"] for row in r.rows(sql, params)])
