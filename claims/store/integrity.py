"""Is the database whole? The checks the reliability suites (tests/ and bench/) run after concurrent
writers and after ``kill -9``, on the light read path (plain SQL on the driver, both backends).

- ``integrity``: SQLite's ``PRAGMA integrity_check`` ("ok"), or "n/a" on PostgreSQL (the server keeps it);
- ``status_mismatches``: claims whose status is not the status of their last event;
- ``broken_chains``: status events whose ``from`` is not the status the claim had just before;
- ``without_events``: claims with no history at all;
- ``search_index_stale``: PostgreSQL: claims whose rows in ``claim_lexeme_tf`` (migration 0011) differ from
  a recount of their ``search_tsv`` (always empty on SQLite, whose FTS5 index ``integrity_check`` covers);
- :func:`fingerprint`: the content, without ids or timestamps, so two databases built the same way (one
  interrupted and re-run, one not) compare equal.
"""

from __future__ import annotations

import hashlib
from typing import Any

from claims.store.db import open_database

_LAST_STATUS = """
SELECT c.id FROM claim c JOIN event e ON e.id = (SELECT max(id) FROM event WHERE claim_id = c.id)
WHERE c.status <> e.status ORDER BY c.id
"""
_BROKEN = """
SELECT claim_id, id FROM (
  SELECT claim_id, id, type, from_status, LAG(status) OVER (PARTITION BY claim_id ORDER BY id) AS before
  FROM event
) h WHERE type = 'status' AND before IS NOT NULL AND from_status IS NOT NULL AND from_status <> before
ORDER BY claim_id, id
"""
_RECOUNT = ("SELECT u.lexeme, cardinality(u.positions), c.id FROM claim c, unnest(c.search_tsv) u "
            "WHERE cardinality(u.positions) >= 2")
_STALE = f"""
SELECT DISTINCT claim_id FROM (
  (SELECT lexeme, tf, claim_id FROM claim_lexeme_tf EXCEPT {_RECOUNT})
  UNION ALL
  ({_RECOUNT} EXCEPT SELECT lexeme, tf, claim_id FROM claim_lexeme_tf)
) AS d (lexeme, tf, claim_id) ORDER BY claim_id
"""
_NO_EVENTS = "SELECT c.id FROM claim c WHERE NOT EXISTS (SELECT 1 FROM event e WHERE e.claim_id = c.id)"
_TABLES = ("speaker", "speaker_alias", "source", "quote", "appearance", "claim", "claim_tag", "event")
_CONTENT = {  # what a row is, without ids or clock times
    "speaker": "SELECT key, name FROM speaker",
    "source": "SELECT key, outlet, title, url, published_on FROM source",
    "quote": "SELECT q.key, s.key, q.text, q.said_on FROM quote q JOIN speaker s ON s.id = q.speaker_id",
    "appearance": "SELECT q.key, s.key FROM appearance a JOIN quote q ON q.id = a.quote_id "
                  "JOIN source s ON s.id = a.source_id",
    "claim": "SELECT key, kind, status, summary, due_start, due_end, probability, search_text FROM claim",
    "event": "SELECT c.key, e.type, e.from_status, e.status, e.happened_on, e.note, e.due_end "
             "FROM event e JOIN claim c ON c.id = e.claim_id",
}


def check(db: str) -> dict[str, Any]:
    """The checks above, as a dict (lists hold claim ids, or [claim id, event id] pairs)."""
    database = open_database(db)
    with database.read() as r:
        integrity = "n/a"
        if r.dialect == "sqlite":
            integrity = "; ".join(str(row["integrity_check"]) for row in r.rows("PRAGMA integrity_check"))
        return {
            "integrity": integrity,
            "status_mismatches": [row["id"] for row in r.rows(_LAST_STATUS)],
            "broken_chains": [[row["claim_id"], row["id"]] for row in r.rows(_BROKEN)],
            "without_events": [row["id"] for row in r.rows(_NO_EVENTS)],
            "search_index_stale": [] if r.dialect == "sqlite" else [row["claim_id"] for row in r.rows(_STALE)],
            "counts": {t: r.scalar(f"SELECT count(*) FROM {t}") for t in _TABLES},
        }


def problems(report: dict[str, Any]) -> list[str]:
    """What is wrong in a :func:`check` report, one line each (empty when the database is whole)."""
    out = []
    if report["integrity"] not in ("ok", "n/a"):
        out.append(f"integrity check: {report['integrity']}")
    for key in ("status_mismatches", "broken_chains", "without_events", "search_index_stale"):
        if report[key]:
            out.append(f"{key.replace('_', ' ')}: {report[key][:10]}")
    return out


def fingerprint(db: str) -> str:
    """A hash of the database's content without ids or clock times."""
    digest = hashlib.sha256()
    with open_database(db).read() as r:
        for table, sql in _CONTENT.items():
            rows = sorted(repr(tuple(str(v) for v in row.values())) for row in r.rows(sql))
            digest.update(f"{table}:{len(rows)}\n".encode())
            for row in rows:
                digest.update(row.encode())
    return digest.hexdigest()[:16]
