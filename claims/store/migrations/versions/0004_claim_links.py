"""Restatements and reversals: claim links (and suggestions), and the speaker/term index that finds them.

Revision ID: 0004
Revises: 0002

Existing claims are indexed on upgrade, so a claim added afterwards finds its earlier sayings.
"""

import sqlalchemy as sa
from alembic import op

from claims.store.models import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claim_term",
        sa.Column("speaker_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("term", sa.String(length=40), nullable=False),
        sa.Column("claim_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claim.id"], name="fk_claim_term_claim_id_claim"),
        sa.PrimaryKeyConstraint("speaker_id", "term", "claim_id", name="pk_claim_term"),
    )
    op.create_index("ix_claim_term_claim_id", "claim_term", ["claim_id"])
    op.create_table(
        "claim_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("new_claim_id", sa.Integer(), nullable=False),
        sa.Column("old_claim_id", sa.Integer(), nullable=False),
        sa.Column("relation", sa.String(length=12), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("shared", sa.JSON(), nullable=False),
        sa.Column("due_before", sa.Date(), nullable=True),
        sa.Column("due_after", sa.Date(), nullable=True),
        sa.Column("slip_days", sa.Integer(), nullable=True),
        sa.Column("probability_before", sa.Float(), nullable=True),
        sa.Column("probability_after", sa.Float(), nullable=True),
        sa.Column("status_before", sa.String(length=20), nullable=True),
        sa.Column("by", sa.String(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["new_claim_id"], ["claim.id"], name="fk_claim_link_new_claim_id_claim"),
        sa.ForeignKeyConstraint(["old_claim_id"], ["claim.id"], name="fk_claim_link_old_claim_id_claim"),
        sa.PrimaryKeyConstraint("id", name="pk_claim_link"),
    )
    op.create_index("ix_claim_link_new_claim_id", "claim_link", ["new_claim_id"])
    op.create_index("ix_claim_link_old_claim_id", "claim_link", ["old_claim_id"])
    op.create_index("ix_claim_link_state_id", "claim_link", ["state", "id"])
    from claims.store.terms import index_existing

    index_existing(op.get_bind())


def downgrade() -> None:
    op.drop_table("claim_link")
    op.drop_table("claim_term")
