"""The read path on the driver: ids out of range, statements never due, one search syntax on both backends,
options coerced without pydantic, and the light layer agreeing with the full store."""

from __future__ import annotations

import pytest
from conftest import add_seed

# -- ids beyond what an integer column holds (issue 9, #7) ---------------------------------------------


@pytest.mark.parametrize("cid", ["99999999999999999999999", str(2**31), str(2**63)])
def test_an_id_too_big_for_the_database_is_not_found(run, cid):
    add_seed(run)
    for cmd in ("show", "history"):
        r = run(cmd, cid, ok=False)
        assert r.exit_code == 1 and r.stderr == f"Error: no claim with id {cid}\n", r.stderr


# -- statements are not tracked (issue 9, #10, read side) ----------------------------------------------


def _claims(run):
    seed = add_seed(run)  # a prediction due 2016-06-02
    out = run("add", "The bridge was finished in 2015.", "--speaker", "Ana Ruiz", "--kind", "statement",
              "--said", "2016-05-01", "--due", "2016-05-20")
    return seed, int(out.stdout)


def test_statements_are_never_due_or_overdue(run):
    seed, stmt = _claims(run)
    due = [c["id"] for c in run.json("due", "--as-of", "2016-07-01", "--limit", "0")]
    assert due == [seed]
    assert [c["id"] for c in run.json("list", "--overdue", "--as-of", "2016-07-01")] == [seed]
    shown = run.json("show", str(stmt), "--as-of", "2016-07-01")
    assert shown["kind"] == "statement" and shown["overdue"] is False and shown["days_overdue"] is None
    assert run.json("show", str(seed), "--as-of", "2016-07-01")["overdue"] is True
    assert run.json("speaker", "Ana Ruiz", "--as-of", "2016-07-01")["overdue"] == 0
    # Still listed and searchable as what it is.
    assert stmt in [c["id"] for c in run.json("list", "--kind", "statement")]


# -- --raw: one documented syntax, the same results on SQLite and PostgreSQL (issue 9, #11) -------------

TEXTS = {
    "bridge": "The new bridge will open in June.",
    "tunnel": "The tunnel will close for repairs.",
    "both": "Neither the bridge nor the tunnel will open.",
    "ceasefire": "A ceasefire agreement is close.",
}


@pytest.fixture
def corpus(run):
    ids = {}
    for name, text in TEXTS.items():
        ids[name] = int(run("add", text, "--speaker", "Ana Ruiz", "--kind", "prediction").stdout)
    return run, ids


RAW = [
    ("bridge OR tunnel", {"bridge", "tunnel", "both"}),
    ("bridge tunnel", {"both"}),
    ("bridge AND tunnel", {"both"}),
    ("bridge -tunnel", {"bridge"}),
    ("bridge NOT tunnel", {"bridge"}),
    ('"new bridge"', {"bridge"}),
    ('"bridge new"', set()),
    ("ceasef*", {"ceasefire"}),
    ("(bridge OR tunnel) close", {"tunnel"}),
    ("repairs OR agreement OR june", {"tunnel", "ceasefire", "bridge"}),
    ("tunnel OR bridge -open", {"tunnel", "both"}),  # tunnel OR (bridge NOT open)
]


@pytest.mark.parametrize(("query", "expected"), RAW, ids=[q for q, _ in RAW])
def test_raw_search_means_the_same_on_both_backends(corpus, query, expected):
    run, ids = corpus
    found = {c["id"] for c in run.json("search", "--raw", "--", query)}
    assert found == {ids[name] for name in expected}


BAD_RAW = ["bridge OR", "OR bridge", "(bridge", "bridge)", '"bridge', "NOT bridge", "-bridge", "bridge AND",
           "NEAR(bridge tunnel)", "summary:bridge", "^bridge", "br-*", '""', "*"]


@pytest.mark.parametrize("query", BAD_RAW)
def test_raw_search_outside_the_syntax_is_one_line(corpus, query):
    run, _ = corpus
    before = run.json("db", "info")["counts"]
    r = run("search", "--raw", "--", query, ok=False)
    assert r.exit_code == 2, (r.exit_code, r.stderr)
    assert r.stderr.startswith("Error: bad search syntax") and r.stderr.count("\n") == 1, r.stderr
    assert run.json("db", "info")["counts"] == before


@pytest.mark.parametrize("query", ["bridge OR tunnel", "-tunnel bridge", "bridge*", "(bridge)", "NOT tunnel"])
def test_plain_search_takes_every_word_literally(corpus, query):
    """Without --raw the operators are words: "-tunnel" is the word tunnel, OR is no alternative (it is a word
    to find on SQLite, a stop word PostgreSQL drops), NOT excludes nothing."""
    run, ids = corpus
    found = {c["id"] for c in run.json("search", "--", query)}
    literal = {"bridge OR tunnel": {ids["both"]}, "-tunnel bridge": {ids["both"]},
               "bridge*": {ids["bridge"], ids["both"]}, "(bridge)": {ids["bridge"], ids["both"]},
               "NOT tunnel": {ids["tunnel"], ids["both"]}}
    if query in ("bridge OR tunnel", "NOT tunnel"):  # "or", "not": words on SQLite, stop words on PostgreSQL
        assert found in (set(), literal[query])
    else:
        assert found == literal[query]


def test_ranked_search_puts_the_best_match_first(corpus):
    run, ids = corpus
    run("add", "Bridge, bridge, bridge: the bridge is all they talk about.", "--speaker", "Bo Li")
    ranked = [c["id"] for c in run.json("search", "bridge", "--limit", "2")]
    assert len(ranked) == 2 and ranked[0] not in (ids["bridge"], ids["both"])
    newest = [c["id"] for c in run.json("search", "bridge", "--sort", "newest")]
    assert newest == sorted(newest, reverse=True) and len(newest) == 3


# -- options without pydantic ---------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "message"), [
    (["show", "abc"], "Input should be a valid integer"), (["list", "--limit", "ten"], "Input should be a valid"),
    (["due", "--within", "1.5"], "valid integer"), (["show", "١٢"], "valid integer"),
])
def test_bad_numbers_are_usage_errors(sqlite_db, args, message):
    from conftest import Cli

    r = Cli(sqlite_db)(*args, ok=False)
    assert r.exit_code == 2 and message in r.stderr and "Traceback" not in r.stderr


def test_numbers_as_pydantic_reads_them(run_sqlite):
    cid = add_seed(run_sqlite)
    assert run_sqlite.json("show", f" {cid} ")["id"] == cid
    assert len(run_sqlite.json("list", "--limit", "1_0")) == 1
    assert run_sqlite.json("add", "Another one.", "--speaker", "X Y", "--tag", "a", "--tag", "b")["tags"] == ["a", "b"]


# -- the light layer agrees with the full store ---------------------------------------------------------


@pytest.mark.parametrize("url", ["/tmp/x.db", "~/a b.db", "sqlite:///rel.db", "postgres://u@h/d",
                                 "postgresql://u:pw@h:5432/d?options=-csearch_path%3Dt_1"])
def test_location_is_shown_as_the_store_shows_it(url):
    from claims.store import engine
    from claims.store.db import Database

    assert Database(url).url == engine.hide_password(engine.database_url(url))


def test_the_partial_index_predicate_is_the_models_own():
    from claims.store import models, queries

    assert queries.ACTIVE_SQL == models.ACTIVE_SQL


def test_driver_rows_read_like_the_models(run):
    """Dates, instants, JSON and booleans from the driver come out as the SQLModel models give them."""
    from sqlmodel import select

    from claims.store import models, queries
    from claims.store.db import open_database
    from claims.store.engine import open_store
    from claims.store.serialize import iso

    cid = add_seed(run, "--probability", "0.7")
    run("note", str(cid), "Talks resumed.")
    with open_database(run.db).read() as r:
        light = queries.get_claim(r, cid, queries.date(2016, 7, 1))
        quote = queries.quote_rows(r, [1])[0]
    with open_store(run.db).read() as session:
        claim = session.exec(select(models.Claim).where(models.Claim.id == cid)).one()
        events = session.exec(select(models.Event).where(models.Event.claim_id == cid)
                              .order_by(models.Event.id)).all()
        q = session.exec(select(models.Quote).where(models.Quote.id == 1)).one()
        assert light["created_at"] == iso(claim.created_at)
        assert light["due"] == {"start": iso(claim.due_start), "end": iso(claim.due_end)}
        assert light["hedges"] == claim.hedges and light["timeframe"] == claim.timeframe
        assert [e["recorded_at"] for e in light["events"]] == [iso(e.recorded_at) for e in events]
        assert quote["verbatim"] is q.verbatim and quote["said_on"] == iso(q.said_on)


def test_the_worklist_and_ranked_search_plans_use_their_indexes(sqlite_db):
    """SQLite: `due` walks the partial index in due order (no sort); ranked search is ordered and limited
    inside FTS5 (the ORDER BY rank is consumed by the virtual table: no temporary B-tree)."""
    import sqlite3

    from conftest import Cli

    from claims.store import queries, search

    Cli(sqlite_db)("due")
    con = sqlite3.connect(sqlite_db)
    plan = " ".join(r[-1] for r in con.execute("EXPLAIN QUERY PLAN " + queries.due_sql("sqlite"),
                                               {"horizon": "2020-01-01", "limit": 100}))
    assert "ix_claim_active_due" in plan and "TEMP B-TREE" not in plan
    plan = " ".join(r[-1] for r in con.execute("EXPLAIN QUERY PLAN SELECT rowid FROM claim_fts WHERE claim_fts "
                                               "MATCH ? ORDER BY rank LIMIT 20", (search.fts5_query("bridge"),)))
    assert "VIRTUAL TABLE" in plan and "TEMP B-TREE" not in plan
    con.close()


@pytest.mark.postgres
def test_both_postgresql_drivers_read_the_same(pg_url, monkeypatch):
    """The light path reads PostgreSQL with psycopg2 when installed, else psycopg 3: the same output."""
    from conftest import Cli

    from claims.store import db as light
    from claims.store import engine

    run = Cli(pg_url)
    cid = add_seed(run, "--tag", "libya")
    run("note", str(cid), "Talks resumed.")
    outputs = []
    for driver in ("psycopg", "psycopg2"):
        monkeypatch.setenv("CLAIMS_PG_DRIVER", driver)
        engine.close_all()
        assert light.pg_driver() == driver
        outputs.append([run("show", str(cid), "--json").stdout, run("search", "agreement", "--json").stdout,
                        run("speakers", "--json").stdout, run("history", str(cid)).stdout])
    assert outputs[0] == outputs[1]


# -- one-word ranked search on PostgreSQL reads the top n from claim_lexeme_tf (issue 14) ---------------

BRIDGES = ["The bridge will open.", "Bridge, bridge: the bridges will open.", "A bridge too far.",
           "Bridges and more bridges, bridge after bridge.", "No tunnel here.", "The bridge.",
           "bridge bridge", "The tunnel and the bridge will close.", "The cease-fire will hold."]


def _ts_rank_ids(url: str, word: str, limit: int) -> list[int]:
    from claims.store.db import open_database

    with open_database(url).read() as r:
        return [row["id"] for row in r.rows(
            "SELECT id FROM claim WHERE search_tsv @@ plainto_tsquery('english', :w) "
            "ORDER BY ts_rank(search_tsv, plainto_tsquery('english', :w)) DESC, id LIMIT :n", {"w": word, "n": limit})]


@pytest.mark.postgres
@pytest.mark.parametrize("few", [1000, 2], ids=["gin", "walk"])
def test_one_word_ranked_search_is_ts_rank_order(pg_url, few, monkeypatch):
    """The same ids in the same order as ranking every match with ts_rank, for every limit, after notes
    change a claim's words (the trigger keeps claim_lexeme_tf in step), and for queries that are not one
    lexeme (which take the general query)."""
    from conftest import Cli

    from claims.store import search
    from claims.store.db import open_database

    monkeypatch.setattr(search, "FEW_MATCHES", few)  # 2: every word with matches walks the primary key
    run = Cli(pg_url)
    ids = [int(run("add", text, "--speaker", "Ana Ruiz", "--kind", "prediction").stdout) for text in BRIDGES]
    run("note", str(ids[0]), "Bridge inspectors say the bridge is sound.")  # 1 -> 3 occurrences
    run("note", str(ids[4]), "A bridge, maybe.")  # 0 -> 1
    for word in ("bridge", "Bridges", "tunnel", "cease-fire", "the", "open", "nothing"):
        for limit in (1, 2, 3, 5, 8, 20):
            found = [c["id"] for c in run.json("search", word, "--limit", str(limit))]
            assert found == _ts_rank_ids(pg_url, word, limit), (word, limit)
            newest = [c["id"] for c in run.json("search", word, "--limit", str(limit), "--sort", "newest")]
            assert newest == sorted(_ts_rank_ids(pg_url, word, 100), reverse=True)[:limit], (word, limit)
    assert [c["id"] for c in run.json("search", "bridge", "--limit", "3")][0] in (ids[0], ids[3])
    with open_database(pg_url).read() as r:
        kept = r.rows("SELECT lexeme, tf, claim_id FROM claim_lexeme_tf ORDER BY 1, 3")
        fresh = r.rows("SELECT u.lexeme, cardinality(u.positions) AS tf, c.id AS claim_id FROM claim c, "
                       "unnest(c.search_tsv) u WHERE cardinality(u.positions) >= 2 ORDER BY 1, 3")
    assert kept == fresh and any(row["lexeme"] == "bridg" and row["claim_id"] == ids[0] for row in kept)


@pytest.mark.parametrize(("few_quotes", "few_matches"), [(500, 1000), (0, 2)], ids=["probe-few", "walk"])
def test_quote_search_by_speaker_is_newest_first_whichever_way_it_reads(run, few_quotes, few_matches,
                                                                       monkeypatch):
    """`quotes WORD --speaker S` (and without): the speaker's matching quotes, newest first, up to the limit,
    whether the speaker's quotes are tested one by one, the matches walked newest first, or (PostgreSQL)
    the matches put in order from the index or the key walked."""
    from claims.store import search

    monkeypatch.setattr(search, "FEW_QUOTES", few_quotes)
    monkeypatch.setattr(search, "FEW_MATCHES", few_matches)
    said = {}
    for i in range(9):
        speaker = "Ana Ruiz" if i % 3 else "Bo Li"
        text = f"The bridge number {i} will open." if i != 4 else "The tunnel will open."
        said.setdefault(speaker, []).append((int(run("add", text, "--speaker", speaker).stdout), "bridge" in text))
    quote_of = {q["claim_id"]: q["id"] for q in run.json("quotes", "--limit", "0")}  # the plain list, no search
    for speaker, rows in said.items():
        expected = [quote_of[cid] for cid, has in reversed(rows) if has]
        for limit in ("1", "2", "100"):
            got = [q["id"] for q in run.json("quotes", "bridge", "--speaker", speaker, "--limit", limit)]
            assert got == expected[:int(limit)], (speaker, limit)
    every = sorted((quote_of[cid] for rows in said.values() for cid, has in rows if has), reverse=True)
    assert [q["id"] for q in run.json("quotes", "bridge", "--limit", "3")] == every[:3]
    assert run.json("quotes", "bridge", "--speaker", "Bo Li", "--limit", "0") != []
