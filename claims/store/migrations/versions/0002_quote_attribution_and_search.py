"""Quotes remember the name they were printed under (for speaker split) and are searchable.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("quote", sa.Column("attributed_as", sa.String(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE quote_fts USING fts5("
                   "text, content='quote', content_rowid='id', tokenize='porter unicode61')")
        op.execute("CREATE TRIGGER quote_fts_ai AFTER INSERT ON quote BEGIN "
                   "INSERT INTO quote_fts(rowid, text) VALUES (new.id, new.text); END")
        op.execute("CREATE TRIGGER quote_fts_ad AFTER DELETE ON quote BEGIN "
                   "INSERT INTO quote_fts(quote_fts, rowid, text) VALUES('delete', old.id, old.text); END")
        op.execute("CREATE TRIGGER quote_fts_au AFTER UPDATE OF text ON quote BEGIN "
                   "INSERT INTO quote_fts(quote_fts, rowid, text) VALUES('delete', old.id, old.text); "
                   "INSERT INTO quote_fts(rowid, text) VALUES (new.id, new.text); END")
        op.execute("INSERT INTO quote_fts(quote_fts) VALUES('rebuild')")
    else:
        op.execute("ALTER TABLE quote ADD COLUMN search_tsv tsvector "
                   "GENERATED ALWAYS AS (to_tsvector('english', text)) STORED")
        op.execute("CREATE INDEX search_tsv_quote_gin ON quote USING gin (search_tsv)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trig in ("quote_fts_ai", "quote_fts_ad", "quote_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trig}")
        op.execute("DROP TABLE IF EXISTS quote_fts")
    else:
        op.execute("DROP INDEX IF EXISTS search_tsv_quote_gin")
        op.execute("ALTER TABLE quote DROP COLUMN IF EXISTS search_tsv")
    op.drop_column("quote", "attributed_as")
