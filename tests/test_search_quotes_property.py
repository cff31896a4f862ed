"""`quotes WORDS [--speaker S] [--limit N]` gives what it gave before the limit and the speaker went into the
SQL (every match newest first, filtered by speaker in Python, then cut at the limit), on both backends,
whichever way it reads: a speaker's quotes probed one by one or the matches walked (SQLite), the matches put
in order from the index or the key walked (PostgreSQL). Property test, issue 14 review."""

from __future__ import annotations

from conftest import Cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

TOKENS = ["bridge", "bridges", "Bridge's", "open", "the", "a", "tunnel", "cease-fire", "2024", "café", "don't"]
QUERIES = ["bridge", "bridges open", "the", "the bridge", "tunnel", "cease-fire", "café", "2024", "nothing"]
SPEAKERS = ["Ana Ruiz", "Bo Li", "Cy Ng"]

quotes = st.lists(st.tuples(st.sampled_from(SPEAKERS[:2]),
                            st.lists(st.sampled_from(TOKENS), min_size=1, max_size=6).map(" ".join)), max_size=14)


def _before(r, query: str, limit: int | None, speaker: str | None) -> list[int]:
    """search_quotes as it was before commit 2832849."""
    from claims.store import search
    from claims.store.queries import find_speaker

    tree = search._tree(query, False)
    params: dict = {}
    if r.dialect == "sqlite":
        params["q"] = search.to_fts5(tree)
        sql = "SELECT rowid AS id FROM quote_fts WHERE quote_fts MATCH :q ORDER BY rowid DESC"
    else:
        sql = f"SELECT id FROM quote WHERE search_tsv @@ {search.to_tsquery(tree, params)} ORDER BY id DESC"
    ids = [row["id"] for row in r.rows(sql, params)]
    if speaker:
        sid = find_speaker(r, speaker).id
        keep = {row["id"] for row in r.rows("SELECT id FROM quote WHERE speaker_id = :sid", {"sid": sid})}
        ids = [i for i in ids if i in keep]
    return ids[:limit] if limit else ids


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(added=quotes, few_quotes=st.sampled_from([500, 0, 2]), few_matches=st.sampled_from([1000, 2]),
       walk=st.sampled_from([20, 1, 0]))
def test_quote_search_is_what_it_was(db, added, few_quotes, few_matches, walk, monkeypatch):
    from claims.store import search
    from claims.store.db import open_database, utcnow

    monkeypatch.setattr(search, "FEW_QUOTES", few_quotes)
    monkeypatch.setattr(search, "FEW_MATCHES", few_matches)
    monkeypatch.setattr(search, "WALK", walk)
    database = open_database(db)
    with database.read() as r:
        sids = {row["name"]: row["id"] for row in r.rows("SELECT id, name FROM speaker")}
    if len(sids) < len(SPEAKERS):  # the first example: one quote each through the CLI (Cy Ng keeps one)
        run = Cli(db)
        for name in SPEAKERS:
            run("add", f"{name} says the bridge will open.", "--speaker", name)
        database.close()
        database = open_database(db)
        with database.read() as r:
            sids = {row["name"]: row["id"] for row in r.rows("SELECT id, name FROM speaker")}
    with database.write() as w:
        w.execute("DELETE FROM quote WHERE id NOT IN (SELECT quote_id FROM claim)")
        for i, (name, text) in enumerate(added):
            w.insert("quote", {"key": f"k{i}-{len(added)}-{text}"[:64], "speaker_id": sids[name], "text": text,
                               "verbatim": True, "created_at": utcnow()}, returning=None)
    with database.read() as r:
        for query in QUERIES:
            for speaker in (None, *SPEAKERS):
                for limit in (None, 1, 2, 5, 100):
                    got = [q["id"] for q in search.search_quotes(r, query, limit=limit, speaker=speaker)]
                    assert got == _before(r, query, limit, speaker), (query, speaker, limit)
    database.close()
