"""Ranked one-word search on PostgreSQL without ranking every match: ``claim_lexeme_tf``.

``claims search WORD`` orders by ``ts_rank(search_tsv, query) DESC, id``. For a query of one lexeme over
``to_tsvector('english', ...)`` (no weights, normalization 0) ``ts_rank`` depends only on how many times the
lexeme occurs in the claim: every claim with it once ranks the same, and more occurrences rank strictly
higher. Ranking with ``ts_rank`` reads every matching row's ``tsvector`` from the heap (63,000 rows, about
35,000 pages, for "ceasefire" on the 1,000,000-claim benchmark database) to keep twenty.

This table holds only the (lexeme, claim) pairs that occur at least twice, with their count, in the order
ranking wants (lexeme, count descending, claim id). The search reads the best of those from the index,
then, if it needs more, the claims with the lexeme once in id order (``claims.store.search``): the same
rows in the same order as ``ts_rank``, with no sort over all matches.

A trigger keeps it in step with ``claim.search_tsv`` on every insert, delete and change of ``search_text``
(notes and summaries change it), in the writer's own transaction. SQLite needs none of this: FTS5 keeps
its own top-n (``bm25``), so the revision is a no-op there.

Revision ID: 0011
Revises: 0010
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

SYNC_FUNCTION = """CREATE FUNCTION claim_lexeme_tf_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM claim_lexeme_tf WHERE claim_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO claim_lexeme_tf (lexeme, tf, claim_id)
        SELECT u.lexeme, cardinality(u.positions), NEW.id FROM unnest(NEW.search_tsv) AS u
        WHERE cardinality(u.positions) >= 2;
    END IF;
    RETURN NULL;
END $$"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE TABLE claim_lexeme_tf (lexeme text NOT NULL, tf smallint NOT NULL, "
               "claim_id integer NOT NULL)")
    op.execute("INSERT INTO claim_lexeme_tf (lexeme, tf, claim_id) "
               "SELECT u.lexeme, cardinality(u.positions), c.id FROM claim AS c, unnest(c.search_tsv) AS u "
               "WHERE cardinality(u.positions) >= 2")
    op.execute("CREATE INDEX claim_lexeme_tf_rank ON claim_lexeme_tf (lexeme, tf DESC, claim_id)")
    op.execute("CREATE INDEX claim_lexeme_tf_claim ON claim_lexeme_tf (claim_id)")
    op.execute(SYNC_FUNCTION)
    op.execute("CREATE TRIGGER claim_lexeme_tf_sync AFTER INSERT OR DELETE OR UPDATE OF search_text ON claim "
               "FOR EACH ROW EXECUTE FUNCTION claim_lexeme_tf_sync()")
    op.execute("ANALYZE claim_lexeme_tf")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS claim_lexeme_tf_sync ON claim")
    op.execute("DROP FUNCTION IF EXISTS claim_lexeme_tf_sync()")
    op.execute("DROP TABLE IF EXISTS claim_lexeme_tf")
