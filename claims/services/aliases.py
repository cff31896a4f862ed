"""Matching a speaker's name to one already known, and recording the alias with its evidence.

"Dunford", "Gen. Dunford", "Joseph Dunford" and "Joseph F. Dunford" are one speaker: a name with the
same first and last name as a known speaker (middle names and initials aside) is that speaker, and a
surname alone is the one known speaker with that surname. ``ingest`` calls these in its write
transaction, a SQLAlchemy session's or a light Writer's (:func:`claims.store.db.as_writer`), so they
import no SQLAlchemy; merging and splitting speakers by hand is :mod:`claims.services.speakers`.
"""

from __future__ import annotations

from typing import Any

from claims.language.normalize import name_key
from claims.store.db import as_writer, utcnow


def _parts(key: str) -> tuple[str, str, str]:
    tokens = key.split()
    return (tokens[0] if len(tokens) > 1 else "", tokens[-1] if tokens else "", key)


def match(session: Any, name: str) -> tuple[str, str | None]:
    """(canonical name, evidence) for ``name``: itself when new or exact, else the known speaker it names."""
    key = name_key(name)
    w = as_writer(session)
    mark = "%s" if w.dialect == "postgresql" else "?"
    cur = w.conn.cursor()  # the driver's cursor in the caller's transaction: two cheap lookups
    cur.execute(f"SELECT name FROM speaker WHERE key = {mark} UNION ALL "
                f"SELECT s.name FROM speaker s JOIN speaker_alias a ON a.speaker_id = s.id WHERE a.key = {mark}",
                (key, key))
    row = cur.fetchone()
    if row is not None:
        return (name, None) if name_key(row[0]) == key else (row[0], None)
    first, last, _ = _parts(key)
    if not last:
        return name, None
    cur.execute(f"SELECT name, key FROM speaker WHERE key = {mark} OR key LIKE {mark}", (last, f"% {last}"))
    candidates = cur.fetchall()
    if first:
        same = [c for c in candidates
                if _parts(c[1])[0] == first or (len(first) == 1 and _parts(c[1])[0][:1] == first)]
        if len(same) == 1:
            return same[0][0], f"same first and last name as {same[0][0]!r}"
        return name, None
    full = [c for c in candidates if c[1] != last]
    if len(full) == 1:
        return full[0][0], f"the only known speaker named {last.title()!r}"
    return name, None


def add_alias(session: Any, canonical: str, alias: str, evidence: str) -> None:
    """Record ``alias`` as another name of the speaker ``canonical`` (once; an alias already known is kept)."""
    key = name_key(alias)
    w = as_writer(session)
    sid = w.scalar("SELECT id FROM speaker WHERE \"key\" = :key", {"key": name_key(canonical)})
    if sid is None or key == name_key(canonical):
        return
    if w.one("SELECT id FROM speaker_alias WHERE \"key\" = :key", {"key": key}) is None:
        w.insert("speaker_alias", {"speaker_id": sid, "key": key, "alias": " ".join(alias.split()),
                                   "evidence": evidence, "created_at": utcnow()})
