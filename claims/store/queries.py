"""The read side: claims by filter, the due worklist, one claim with its history, speakers, quotes.

Plain SQL on the driver (:mod:`claims.store.db`), so a read command imports neither SQLAlchemy nor the
models. Every function takes a :class:`~claims.store.db.Reader` or, for the write path, a SQLAlchemy
session (its connection and transaction are reused through :func:`~claims.store.db.as_reader`).

Filters select claim ids (each served by an index; see bench/README.md for the plans), and
:func:`hydrate` loads the rows for those ids in one join, so every command pays for what it prints.
The SQL is the same on SQLite and PostgreSQL; full-text search, where they differ, is in ``search.py``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone
from typing import Any

from claims import status
from claims.errors import NotFound
from claims.store.db import Reader, as_reader, chunks
from claims.store.serialize import claim_dict, event_dict, iso

# The partial index's own predicate (models.ACTIVE_SQL; a test checks they are equal): a planner uses a
# partial index only for a query that states its condition in the same words.
ACTIVE_SQL = "status IN ('open', 'in-progress', 'stalled')"
# Statements are recorded but never tracked: nothing due, nothing overdue.
TRACKED_SQL = "kind <> 'statement'"
# The largest id each backend's integer column can hold; a bigger one cannot name a row.
MAX_ID = {"sqlite": 2**63 - 1, "postgresql": 2**31 - 1}

_DATES = frozenset({"said_on", "published_on", "due_start", "due_end", "happened_on"})
_INSTANTS = frozenset({"created_at", "recorded_at"})
_JSON = frozenset({"hedges", "timeframe", "data"})
_BOOLS = frozenset({"verbatim"})

_CLAIM_COLUMNS = (
    "c.id, c.kind, c.summary, c.status, c.due_start, c.due_end, c.probability, c.probability_low, "
    "c.probability_high, c.hedges, c.timeframe, c.\"condition\", c.analysis_version, c.created_at, c.source_id, "
    "q.text AS quote_text, q.said_on, q.said_precision, s.name AS speaker_name, s.title AS speaker_title, "
    "src.outlet, src.url, src.title, src.published_on, src.kind AS source_kind"
)
_EVENT_COLUMNS = ("id, claim_id, \"type\", from_status, status, happened_on, recorded_at, \"by\", evidence, note, "
                  "due_start, due_end, data")


class Row(dict[str, Any]):
    """A row whose columns read as attributes (what :mod:`claims.store.serialize` expects)."""

    def __getattr__(self, name: str) -> Any:
        return self[name]  # a missing column is a KeyError, as with dict.__getitem__


def typed(row: dict[str, Any]) -> Row:
    """Driver values as the models give them: dates as ``date``, instants as aware UTC ``datetime``, JSON
    decoded, booleans as ``bool`` (SQLite returns text and integers for all of these)."""
    out = Row(row)
    for name, value in row.items():
        if value is None:
            continue
        if name in _DATES and isinstance(value, str):
            out[name] = date.fromisoformat(value[:10])
        elif name in _INSTANTS:
            if isinstance(value, str):
                value = datetime.fromisoformat(value)
            out[name] = (value.replace(tzinfo=timezone.utc) if value.tzinfo is None
                         else value.astimezone(timezone.utc))
        elif name in _JSON and isinstance(value, (str, bytes)):
            out[name] = json.loads(value)
        elif name in _BOOLS:
            out[name] = bool(value)
    return out


def valid_id(r: Reader, claim_id: int) -> bool:
    return 0 < claim_id <= MAX_ID[r.dialect]


def _in(ids: list[int]) -> str:
    return ", ".join(str(int(i)) for i in ids)


def hydrate(conn: Any, ids: list[int], as_of: date) -> list[dict[str, Any]]:
    """Full claim dicts for ``ids``, in that order."""
    if not ids:
        return []
    r = as_reader(conn)
    rows: dict[int, Row] = {}
    tags: dict[int, list[str]] = defaultdict(list)
    for chunk in chunks(ids):
        marks = _in(chunk)
        for row in r.rows(f"SELECT {_CLAIM_COLUMNS} FROM claim c JOIN quote q ON q.id = c.quote_id "
                          f"JOIN speaker s ON s.id = c.speaker_id LEFT OUTER JOIN source src ON src.id = c.source_id "
                          f"WHERE c.id IN ({marks})"):
            rows[row["id"]] = typed(row)
        for row in r.rows(f"SELECT claim_id, tag FROM claim_tag WHERE claim_id IN ({marks}) ORDER BY claim_id, tag"):
            tags[row["claim_id"]].append(row["tag"])
    return [claim_dict(rows[i], tags.get(i, []), as_of) for i in ids if i in rows]


def find_speaker(conn: Any, name: str) -> Row:
    """The speaker called ``name`` (or by one of their aliases, or by a surname only one speaker has)."""
    from claims.language.normalize import name_key  # here: hashlib and unicodedata, for this lookup only

    r = as_reader(conn)
    one = "SELECT id, \"key\", name, title, organization FROM speaker WHERE "
    key = name_key(name)
    row = r.one(one + "\"key\" = :key", {"key": key})
    if row is None:
        from claims.language.titles import split_name

        bare = split_name(name)[0]  # "Gen. Dunford" -> "Dunford"
        if bare and name_key(bare) != key:
            key = name_key(bare)
            row = r.one(one + "\"key\" = :key", {"key": key})
    if row is None:
        sid = r.scalar("SELECT speaker_id FROM speaker_alias WHERE \"key\" = :key", {"key": key})
        if sid is not None:
            row = r.one(one + "id = :id", {"id": sid})
    if row is None and key and " " not in key:
        matches = r.rows(one + "\"key\" LIKE :pattern ESCAPE '\\' LIMIT 2", {"pattern": f"% {_like_escape(key)}"})
        if len(matches) == 1:
            row = matches[0]
    if row is None:
        import difflib

        names = [x["name"] for x in r.rows("SELECT name FROM speaker LIMIT 5000")]
        by_part: dict[str, str] = {}
        for full in names:  # "Dunfrod" should suggest "Joseph F. Dunford"
            by_part.setdefault(full.casefold(), full)
            by_part.setdefault(full.split()[-1].casefold(), full)
        close = list(dict.fromkeys(by_part[m] for m in difflib.get_close_matches(
            name.casefold(), list(by_part), n=3, cutoff=0.7)))
        hint = f"; did you mean: {', '.join(close)}?" if close else ""
        raise NotFound(f"no speaker named {name!r}{hint}")
    return Row(row)


def list_claims(
    conn: Any, *, as_of: date, speaker: str | None = None, status_: str | None = None,
    kind: str | None = None, tag: str | None = None, overdue: bool = False, due_before: date | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    r = as_reader(conn)
    sql = "SELECT claim.id FROM claim"
    conds: list[str] = []
    params: dict[str, Any] = {}
    if tag:
        sql += " JOIN claim_tag ON claim_tag.claim_id = claim.id AND claim_tag.tag = :tag"
        params["tag"] = tag
    if speaker:
        conds.append("claim.speaker_id = :speaker_id")
        params["speaker_id"] = find_speaker(r, speaker).id
    if status_:
        conds.append("claim.status = :status")
        params["status"] = status_
    if kind:
        conds.append("claim.kind = :kind")
        params["kind"] = kind
    if overdue:
        conds += [ACTIVE_SQL, TRACKED_SQL, "claim.due_end < :as_of"]
        params["as_of"] = as_of
    if due_before:
        conds.append("claim.due_end < :due_before")
        params["due_before"] = due_before
    if conds:
        sql += " WHERE " + " AND ".join(conds)
    sql += " ORDER BY claim.id DESC"
    if limit:
        sql += " LIMIT :limit"
        params["limit"] = limit
    return hydrate(r, [row["id"] for row in r.rows(sql, params)], as_of)


def reviewed_sql(claim: str = "claim") -> str:
    """SQL for "not waiting for review, nor found not to be a quote" on the claim table or alias ``claim``
    (``--reviewed-only`` on ``due`` and the track records)."""
    return (f"NOT EXISTS (SELECT 1 FROM claim_review rq WHERE rq.claim_id = {claim}.id "
            "AND rq.state IN ('needs-review', 'not-a-quote'))")


def due_claims(conn: Any, *, as_of: date, within: int = 30, limit: int | None = None,
               reviewed_only: bool = False) -> list[dict]:
    """The worklist: overdue claims first, oldest due first, then those falling due within ``within`` days.
    Statements are not tracked, so never due; ``reviewed_only`` leaves out claims waiting for review."""
    r = as_reader(conn)
    params: dict[str, Any] = {"horizon": as_of + timedelta(days=within)}
    if limit:
        params["limit"] = limit
    sql = due_sql(r.dialect, bool(limit), reviewed_only=reviewed_only)
    return hydrate(r, [row["id"] for row in r.rows(sql, params)], as_of)


def due_sql(dialect: str, limited: bool = True, *, reviewed_only: bool = False) -> str:
    """The worklist's ids (``:horizon``, ``:limit``). The status test is the partial index's own literal
    text, so both planners can match the index; SQLite is also told to use it (without statistics it
    prefers the status index and sorts). The statement test (and the review test) filter the index's rows."""
    hint = " INDEXED BY ix_claim_active_due" if dialect == "sqlite" else ""
    reviewed = " AND " + reviewed_sql() if reviewed_only else ""
    sql = (f"SELECT id FROM claim{hint} WHERE {ACTIVE_SQL} AND due_end <= :horizon AND {TRACKED_SQL}{reviewed} "
           "ORDER BY due_end, id")
    return sql + (" LIMIT :limit" if limited else "")


def get_claim(conn: Any, claim_id: int, as_of: date, *, events: bool = True) -> dict[str, Any]:
    r = as_reader(conn)
    found = hydrate(r, [claim_id], as_of) if valid_id(r, claim_id) else []
    if not found:
        raise NotFound(f"no claim with id {claim_id}")
    claim = found[0]
    if events:
        claim["events"] = history(r, claim_id)
        claim["appearances"] = appearances(r, claim_id)
    return claim


def history(conn: Any, claim_id: int) -> list[dict[str, Any]]:
    r = as_reader(conn)
    if not valid_id(r, claim_id) or r.one("SELECT id FROM claim WHERE id = :id", {"id": claim_id}) is None:
        raise NotFound(f"no claim with id {claim_id}")
    rows = r.rows(f"SELECT {_EVENT_COLUMNS} FROM event WHERE claim_id = :id ORDER BY id", {"id": claim_id})
    return [event_dict(typed(row)) for row in rows]


def appearances(conn: Any, claim_id: int) -> list[dict[str, Any]]:
    r = as_reader(conn)
    rows = r.rows("SELECT src.outlet, src.title, src.url, src.published_on, src.kind FROM source src "
                  "JOIN appearance ap ON ap.source_id = src.id JOIN claim c ON c.quote_id = ap.quote_id "
                  "WHERE c.id = :id ORDER BY src.published_on, ap.id", {"id": claim_id})
    return [{"outlet": x.outlet, "title": x.title, "url": x.url, "published_on": iso(x.published_on),
             "kind": x.kind} for x in map(typed, rows)]


def speakers(conn: Any) -> list[dict[str, Any]]:
    """Every speaker with claim counts by status, most claims first."""
    r = as_reader(conn)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for x in r.rows("SELECT speaker_id, status, count(*) AS n FROM claim GROUP BY speaker_id, status"):
        counts[x["speaker_id"]][x["status"]] = x["n"]
    aliases: dict[int, list[str]] = defaultdict(list)
    for x in r.rows("SELECT speaker_id, alias FROM speaker_alias ORDER BY id"):
        aliases[x["speaker_id"]].append(x["alias"])
    quotes = {x["speaker_id"]: x["n"]
              for x in r.rows("SELECT speaker_id, count(*) AS n FROM quote GROUP BY speaker_id")}
    out = []
    for row in r.rows("SELECT id, name, title, organization FROM speaker ORDER BY name"):
        by_status = counts.get(row["id"], {})
        out.append({
            "id": row["id"], "name": row["name"], "title": row["title"], "organization": row["organization"],
            "aliases": aliases.get(row["id"], []), "quotes": quotes.get(row["id"], 0),
            "claims": sum(by_status.values()), "by_status": by_status,
        })
    out.sort(key=lambda s: (-s["claims"], s["name"].casefold()))
    return out


def speaker_detail(conn: Any, name: str, as_of: date) -> dict[str, Any]:
    """A speaker and their claims grouped by status (in lifecycle order), with a hedging summary."""
    r = as_reader(conn)
    row = find_speaker(r, name)
    ids = [x["id"] for x in r.rows("SELECT id FROM claim WHERE speaker_id = :sid ORDER BY id", {"sid": row.id})]
    claims = hydrate(r, ids, as_of)
    groups: dict[str, list] = {st: [] for st in status.ALL}
    for claim in claims:
        groups[claim["status"]].append(claim)
    aliases = [x["alias"] for x in r.rows("SELECT alias FROM speaker_alias WHERE speaker_id = :sid", {"sid": row.id})]
    return {
        "id": row.id, "name": row.name, "title": row.title, "organization": row.organization,
        "aliases": aliases, "claims": len(claims),
        "overdue": sum(1 for c in claims if c["overdue"]),
        "by_status": {st: group for st, group in groups.items() if group},
    }


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")



def quote_rows(conn: Any, ids: list[int]) -> list[dict[str, Any]]:
    """Quotes as dicts (with where they appeared and the claim tracked from them, if any), in ``ids`` order."""
    if not ids:
        return []
    r = as_reader(conn)
    rows: dict[int, Row] = {}
    sources: dict[int, list] = defaultdict(list)
    claims: dict[int, int] = {}
    for chunk in chunks(ids):
        marks = _in(chunk)
        for x in r.rows("SELECT q.id, q.text, q.said_on, q.said_precision, q.verbatim, q.attributed_as, "
                        "s.name AS speaker_name FROM quote q JOIN speaker s ON s.id = q.speaker_id "
                        f"WHERE q.id IN ({marks})"):
            rows[x["id"]] = typed(x)
        for x in map(typed, r.rows("SELECT ap.quote_id, src.outlet, src.url, src.published_on FROM appearance ap "
                                   f"JOIN source src ON src.id = ap.source_id WHERE ap.quote_id IN ({marks})")):
            sources[x.quote_id].append({"outlet": x.outlet, "url": x.url, "published_on": iso(x.published_on)})
        for x in r.rows(f"SELECT quote_id, id FROM claim WHERE quote_id IN ({marks})"):
            claims.setdefault(x["quote_id"], x["id"])
    return [{"id": i, "text": rows[i].text, "speaker": rows[i].speaker_name, "attributed_as": rows[i].attributed_as,
             "said_on": iso(rows[i].said_on), "said_precision": rows[i].said_precision,
             "verbatim": rows[i].verbatim, "sources": sources.get(i, []), "claim_id": claims.get(i)}
            for i in ids if i in rows]


def list_quotes(conn: Any, *, speaker: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    r = as_reader(conn)
    sql, params = "SELECT id FROM quote", {}
    if speaker:
        sql += " WHERE speaker_id = :sid"
        params["sid"] = find_speaker(r, speaker).id
    sql += " ORDER BY id DESC"
    if limit:
        sql += " LIMIT :limit"
        params["limit"] = limit
    return quote_rows(r, [x["id"] for x in r.rows(sql, params)])


COUNTED = ("speaker", "speaker_alias", "source", "quote", "appearance", "claim", "event")


def counts(conn: Any) -> dict[str, int]:
    """Rows per table, for ``claims db info``."""
    r = as_reader(conn)
    return {name: r.scalar(f"SELECT count(*) AS n FROM {name}") for name in COUNTED}
