"""PostgreSQL: `claims search WORD` (claim_lexeme_tf, then id order) and `--sort newest` (in_id_order) give
exactly what ranking every match with ``ts_rank`` and ordering by id give, over generated texts, inserts,
changes of search_text and deletes (property test, issue 14 review)."""

from __future__ import annotations

import os

import pytest
from conftest import Cli, add_seed
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.postgres
EXAMPLES = int(os.environ.get("CLAIMS_TEST_EXAMPLES", "60"))  # more to search harder

# Tokens where the parser, the stemmer and plainto_tsquery could disagree: stems, stop words, numbers,
# hyphens, apostrophes, URLs, e-mail addresses, non-ASCII letters, C++.
TOKENS = ["bridge", "bridges", "Bridge's", "bridging", "BRIDGE", "cease-fire", "ceasefire", "cease", "fire",
          "2024", "1,000", "3.5", "http://example.com/bridge", "example.com", "ana@example.com", "café", "Café",
          "naïve", "the", "a", "don't", "won't", "C++", "e-mail", "mail", "running", "run", "ran", "x", "ÉTÉ",
          "été", "self-driving", "driving", "bridge,bridge", "bridge.", "—", "über"]
WORDS = [t for t in TOKENS if t != "—"] + ["nothing", "bridg", "don", "selfdriving"]

_text = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=12).map(" ".join)
# Now and then a word repeated past tsvector's 255 positions, or standing after position 16,383 (where
# positions are all clamped to 16,383 and so counted once).
_long = st.tuples(st.sampled_from(["bridge", "café", "2024"]), st.integers(0, 300), st.booleans()).map(
    lambda t: ("filler " * 16_400 if t[2] else "") + (t[0] + " ") * t[1] + "end")
texts = st.one_of(_text, _text, _text, _long)

# One example: the texts of the pooled claims (updates), texts of claims inserted then (some) deleted.
ops = st.tuples(st.lists(texts, min_size=6, max_size=6), st.lists(texts, max_size=16),
                st.lists(st.booleans(), max_size=16))


def _expected(r, word: str, limit: int, sort: str) -> list[int]:
    order = "ts_rank(search_tsv, plainto_tsquery('english', :w)) DESC, id" if sort == "rank" else "id DESC"
    return [row["id"] for row in r.rows(f"SELECT id FROM claim WHERE search_tsv @@ plainto_tsquery('english', :w) "
                                        f"ORDER BY {order} LIMIT :n", {"w": word, "n": limit})]


@pytest.fixture
def pool(pg_url):
    """A PostgreSQL schema with six claims whose search_text the examples overwrite."""
    run = Cli(pg_url)
    return pg_url, [add_seed(run) if i == 0 else int(run("add", f"Claim {i} will happen.", "--speaker",
                                                         "Ana Ruiz", "--kind", "prediction").stdout)
                    for i in range(6)]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(example=ops, words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=4, unique=True),
       few=st.sampled_from([1000, 2, 3]), walk=st.sampled_from([20, 1, 0]))
def test_one_word_search_matches_ts_rank_and_id_order(pool, example, words, few, walk, monkeypatch):
    from claims.store import search
    from claims.store.db import open_database

    url, ids = pool
    monkeypatch.setattr(search, "FEW_MATCHES", few)  # 2, 3: the primary-key walk with a skip list
    monkeypatch.setattr(search, "WALK", walk)  # 1, 0: the walk stops short and the matches are sorted
    pooled, inserted, deleted = example
    db = open_database(url)
    with db.write() as w:
        w.execute("DELETE FROM claim WHERE id <> ALL(:keep)", {"keep": ids})
        for claim_id, text in zip(ids, pooled, strict=True):
            w.execute("UPDATE claim SET search_text = :t WHERE id = :id", {"t": text, "id": claim_id})
        new = [w.scalar("INSERT INTO claim (key, quote_id, speaker_id, kind, summary, status, hedges, "
                        "search_text, created_at) SELECT md5(random()::text), quote_id, speaker_id, kind, "
                        "summary, status, hedges, :t, created_at FROM claim WHERE id = :id RETURNING id",
                        {"t": text, "id": ids[0]}) for text in inserted]
        for claim_id, gone in zip(new, deleted, strict=False):
            if gone:
                w.execute("DELETE FROM claim WHERE id = :id", {"id": claim_id})
    with db.read() as r:
        kept = r.rows("SELECT lexeme, tf, claim_id FROM claim_lexeme_tf ORDER BY 1, 3")
        fresh = r.rows("SELECT u.lexeme, cardinality(u.positions) AS tf, c.id AS claim_id FROM claim c, "
                       "unnest(c.search_tsv) u WHERE cardinality(u.positions) >= 2 ORDER BY 1, 3")
        assert kept == fresh
        for word in words:
            for limit in (1, 2, 3, 5, 20):
                for sort in ("rank", "newest"):
                    got = search.claim_ids(r, word, limit=limit, sort=sort)
                    assert got == _expected(r, word, limit, sort), (word, limit, sort)
    db.close()


@pytest.mark.parametrize("driver", ["psycopg", "psycopg2"])
def test_ranked_search_past_65535_repeated_matches(pg_url, driver, monkeypatch):
    """A limit beyond the claims holding the word twice or more, when those are more than 65,535: the rest
    are read with them left out as one array parameter (one parameter each failed under psycopg 3:
    "number of parameters must be between 0 and 65535")."""
    from claims.store import search
    from claims.store.db import open_database

    pytest.importorskip(driver)
    monkeypatch.setenv("CLAIMS_PG_DRIVER", driver)
    first = add_seed(Cli(pg_url))
    db = open_database(pg_url)
    with db.write() as w:
        w.execute("INSERT INTO claim (key, quote_id, speaker_id, kind, summary, status, hedges, search_text, "
                  "created_at) SELECT 'many' || g, quote_id, speaker_id, kind, summary, status, hedges, "
                  "CASE WHEN g % 10000 = 0 THEN 'bridge' ELSE 'bridge bridge' END, created_at "
                  "FROM claim, generate_series(1, 65545) AS g WHERE claim.id = :id", {"id": first})
    with db.read() as r:
        twice = r.scalar("SELECT count(*) FROM claim_lexeme_tf WHERE lexeme = 'bridg'")
        assert twice > 65_535
        for limit in (twice + 3, twice + 10):
            assert search.claim_ids(r, "bridge", limit=limit) == _expected(r, "bridge", limit, "rank")
    db.close()


def test_words_whose_matches_stand_together_at_one_end(pg_url, monkeypatch):
    """Matches only among the newest claims (read oldest first) or only among the oldest (read newest
    first): the primary-key walk stops at WALK times cap rows and the matches are sorted instead; the same
    ids as ts_rank and id order either way, and for a word found everywhere."""
    from claims.store import search
    from claims.store.db import open_database

    first = add_seed(Cli(pg_url))
    db = open_database(pg_url)
    with db.write() as w:
        w.execute("INSERT INTO claim (key, quote_id, speaker_id, kind, summary, status, hedges, search_text, "
                  "created_at) SELECT 'g' || g, quote_id, speaker_id, kind, summary, status, hedges, 'filler ' || "
                  "CASE WHEN g > 280 THEN 'omicron ' ELSE '' END || CASE WHEN g <= 20 THEN 'brexit ' ELSE '' END "
                  "|| CASE WHEN g % 7 = 0 THEN 'ceasefire ceasefire' ELSE 'ceasefire' END, created_at "
                  "FROM claim, generate_series(1, 300) AS g WHERE claim.id = :id", {"id": first})
    monkeypatch.setattr(search, "FEW_MATCHES", 8)  # 20 matches are many
    for walk in (20, 2):  # 2: the walk reads 16 rows (limit 1) or more, then gives up
        monkeypatch.setattr(search, "WALK", walk)
        with db.read() as r:
            for word in ("omicron", "brexit", "ceasefire", "filler"):
                for limit in (1, 2, 5):
                    for sort in ("rank", "newest"):
                        assert search.claim_ids(r, word, limit=limit, sort=sort) == _expected(r, word, limit, sort), \
                            (walk, word, limit, sort)
    db.close()


def test_the_trigger_keeps_its_own_schema_in_step_whatever_the_writers_search_path(pg_url):
    """A write to this schema's claim from a session whose search_path is another (psql on "schema.claim"):
    the trigger function is pinned to the schema it was made in, so it neither fails nor writes another
    schema's claim_lexeme_tf."""
    import psycopg
    from conftest import PG_URL

    from claims.store.engine import database_url

    claim_id = add_seed(Cli(pg_url))
    schema = pg_url.rsplit("search_path%3D", 1)[1]
    with psycopg.connect(database_url(PG_URL).replace("postgresql+psycopg://", "postgresql://")) as pg:
        pg.execute("SET search_path = pg_catalog")
        pg.execute(f'UPDATE "{schema}".claim SET search_text = search_text || %s WHERE id = %s',
                   ("\nDeploy, deploy, deploy.", claim_id))
        kept = pg.execute(f'SELECT lexeme, tf FROM "{schema}".claim_lexeme_tf WHERE claim_id = %s ORDER BY 1',
                          (claim_id,)).fetchall()
        fresh = pg.execute(f'SELECT u.lexeme, cardinality(u.positions) FROM "{schema}".claim c, '
                           "unnest(c.search_tsv) u WHERE c.id = %s AND cardinality(u.positions) >= 2 ORDER BY 1",
                           (claim_id,)).fetchall()
    assert kept == fresh and ("deploy", 4) in kept


def _in_step(url: str) -> None:
    """claim_lexeme_tf holds exactly a fresh recount, and one-word searches are ts_rank's order."""
    from claims.store import search
    from claims.store.db import open_database

    db = open_database(url)
    with db.read() as r:
        kept = r.rows("SELECT lexeme, tf, claim_id FROM claim_lexeme_tf ORDER BY 1, 3")
        fresh = r.rows("SELECT u.lexeme, cardinality(u.positions) AS tf, c.id AS claim_id FROM claim c, "
                       "unnest(c.search_tsv) u WHERE cardinality(u.positions) >= 2 ORDER BY 1, 3")
        assert kept == fresh
        for word in ("bridge", "tunnel", "deploy", "agreement"):
            for limit in (1, 3, 10):
                assert search.claim_ids(r, word, limit=limit) == _expected(r, word, limit, "rank"), (word, limit)
    db.close()


def test_import_merge_split_and_reanalyze_keep_claim_lexeme_tf_in_step(pg_url, tmp_path):
    """The writes that are not `add` or `note`: an import (from a SQLite database's export), merging and
    splitting speakers, re-running the analysis."""
    source = Cli(str(tmp_path / "source.db"))
    add_seed(source)
    for text, speaker in [("The bridge, the bridge, the bridge will open.", "Ana Ruiz"),
                          ("A tunnel and a bridge.", "A. Ruiz"), ("Tunnel after tunnel will close.", "Bo Li")]:
        source("add", text, "--speaker", speaker, "--kind", "prediction")
    source("note", "2", "Deploy the bridge, deploy it.")
    exported = tmp_path / "claims.jsonl"
    source("export", "-o", str(exported))
    run = Cli(pg_url)
    run("add", "Bridge bridge.", "--speaker", "Cy Ng", "--kind", "prediction")
    run("import", str(exported))
    assert len(run.json("search", "bridge")) == 3  # two imported and the one added here
    _in_step(pg_url)
    run("speakers", "merge", "Ana Ruiz", "A. Ruiz")
    _in_step(pg_url)
    run("speakers", "split", "Ana Ruiz", "A. Ruiz")
    _in_step(pg_url)
    run("reanalyze", "--all")
    _in_step(pg_url)
