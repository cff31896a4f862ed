"""Initial schema: sources, speakers, quotes, claims, tags, events and full-text search.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from claims.store.models import ACTIVE_SQL, UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _created():
    return sa.Column("created_at", UTCDateTime(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("outlet", sa.String(), nullable=True),
        sa.Column("title", sa.String(), nullable=True),
        sa.Column("url", sa.String(), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        _created(),
        sa.PrimaryKeyConstraint("id", name="pk_source"),
        sa.UniqueConstraint("key", name="uq_source_key"),
    )
    op.create_table(
        "speaker",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=True),
        sa.Column("organization", sa.String(), nullable=True),
        _created(),
        sa.PrimaryKeyConstraint("id", name="pk_speaker"),
        sa.UniqueConstraint("key", name="uq_speaker_key"),
    )
    op.create_table(
        "speaker_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("alias", sa.String(), nullable=False),
        sa.Column("evidence", sa.String(), nullable=True),
        _created(),
        sa.ForeignKeyConstraint(["speaker_id"], ["speaker.id"], name="fk_speaker_alias_speaker_id_speaker"),
        sa.PrimaryKeyConstraint("id", name="pk_speaker_alias"),
        sa.UniqueConstraint("key", name="uq_speaker_alias_key"),
    )
    op.create_index("ix_speaker_alias_speaker_id", "speaker_alias", ["speaker_id"])
    op.create_table(
        "quote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("said_on", sa.Date(), nullable=True),
        sa.Column("said_precision", sa.String(length=5), nullable=True),
        sa.Column("context", sa.String(), nullable=True),
        sa.Column("verbatim", sa.Boolean(), nullable=False),
        _created(),
        sa.ForeignKeyConstraint(["speaker_id"], ["speaker.id"], name="fk_quote_speaker_id_speaker"),
        sa.PrimaryKeyConstraint("id", name="pk_quote"),
        sa.UniqueConstraint("key", name="uq_quote_key"),
    )
    op.create_index("ix_quote_speaker_id", "quote", ["speaker_id"])
    op.create_table(
        "appearance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quote_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        _created(),
        sa.ForeignKeyConstraint(["quote_id"], ["quote.id"], name="fk_appearance_quote_id_quote"),
        sa.ForeignKeyConstraint(["source_id"], ["source.id"], name="fk_appearance_source_id_source"),
        sa.PrimaryKeyConstraint("id", name="pk_appearance"),
        sa.UniqueConstraint("quote_id", "source_id", name="uq_appearance_quote_source"),
    )
    op.create_index("ix_appearance_source_id", "appearance", ["source_id"])
    op.create_table(
        "claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("quote_id", sa.Integer(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("summary", sa.String(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("due_start", sa.Date(), nullable=True),
        sa.Column("due_end", sa.Date(), nullable=True),
        sa.Column("probability", sa.Float(), nullable=True),
        sa.Column("probability_low", sa.Float(), nullable=True),
        sa.Column("probability_high", sa.Float(), nullable=True),
        sa.Column("hedges", sa.JSON(), nullable=False),
        sa.Column("timeframe", sa.JSON(), nullable=True),
        sa.Column("condition", sa.String(), nullable=True),
        sa.Column("analysis_version", sa.String(length=40), nullable=True),
        sa.Column("search_text", sa.String(), nullable=False),
        _created(),
        sa.ForeignKeyConstraint(["quote_id"], ["quote.id"], name="fk_claim_quote_id_quote"),
        sa.ForeignKeyConstraint(["speaker_id"], ["speaker.id"], name="fk_claim_speaker_id_speaker"),
        sa.ForeignKeyConstraint(["source_id"], ["source.id"], name="fk_claim_source_id_source"),
        sa.PrimaryKeyConstraint("id", name="pk_claim"),
        sa.UniqueConstraint("key", name="uq_claim_key"),
    )
    op.create_index("ix_claim_quote_id", "claim", ["quote_id"])
    op.create_index("ix_claim_speaker_id_id", "claim", ["speaker_id", "id"])
    op.create_index("ix_claim_status_id", "claim", ["status", "id"])
    op.create_index(
        "ix_claim_active_due", "claim", ["due_end"],
        sqlite_where=sa.text(ACTIVE_SQL), postgresql_where=sa.text(ACTIVE_SQL),
    )
    op.create_table(
        "claim_tag",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claim.id"], name="fk_claim_tag_claim_id_claim"),
        sa.PrimaryKeyConstraint("claim_id", "tag", name="pk_claim_tag"),
    )
    op.create_index("ix_claim_tag_tag", "claim_tag", ["tag"])
    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=True),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("by", sa.String(), nullable=True),
        sa.Column("evidence", sa.String(), nullable=True),
        sa.Column("note", sa.String(), nullable=True),
        sa.Column("due_start", sa.Date(), nullable=True),
        sa.Column("due_end", sa.Date(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["claim_id"], ["claim.id"], name="fk_event_claim_id_claim"),
        sa.PrimaryKeyConstraint("id", name="pk_event"),
    )
    op.create_index("ix_event_claim_id", "event", ["claim_id"])

    if op.get_bind().dialect.name == "sqlite":
        # FTS5 over claim.search_text (quote, summary and notes), kept in sync by triggers.
        op.execute(
            "CREATE VIRTUAL TABLE claim_fts USING fts5("
            "search_text, content='claim', content_rowid='id', tokenize='porter unicode61')"
        )
        op.execute(
            "CREATE TRIGGER claim_fts_ai AFTER INSERT ON claim BEGIN "
            "INSERT INTO claim_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
        )
        op.execute(
            "CREATE TRIGGER claim_fts_ad AFTER DELETE ON claim BEGIN "
            "INSERT INTO claim_fts(claim_fts, rowid, search_text) VALUES('delete', old.id, old.search_text); END"
        )
        op.execute(
            "CREATE TRIGGER claim_fts_au AFTER UPDATE OF search_text ON claim BEGIN "
            "INSERT INTO claim_fts(claim_fts, rowid, search_text) VALUES('delete', old.id, old.search_text); "
            "INSERT INTO claim_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
        )
    else:
        op.execute(
            "ALTER TABLE claim ADD COLUMN search_tsv tsvector "
            "GENERATED ALWAYS AS (to_tsvector('english', search_text)) STORED"
        )
        op.execute("CREATE INDEX search_tsv_gin ON claim USING gin (search_tsv)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trig in ("claim_fts_ai", "claim_fts_ad", "claim_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trig}")
        op.execute("DROP TABLE IF EXISTS claim_fts")
    for table in ("event", "claim_tag", "claim", "appearance", "quote", "speaker_alias", "speaker", "source"):
        op.drop_table(table)
