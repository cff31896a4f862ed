"""The review queue: claims whose attribution is doubtful wait for a person to settle them.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claim_review",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("rule", sa.String(), nullable=True),
        sa.Column("attributed_as", sa.String(), nullable=True),
        sa.Column("candidates", sa.JSON(), nullable=False),
        sa.Column("context", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claim.id"], name="fk_claim_review_claim_id_claim"),
        sa.PrimaryKeyConstraint("claim_id", name="pk_claim_review"),
    )
    op.create_index("ix_claim_review_state", "claim_review", ["state"])


def downgrade() -> None:
    op.drop_index("ix_claim_review_state", table_name="claim_review")
    op.drop_table("claim_review")
