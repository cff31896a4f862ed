"""Events by type: an index on (type, claim_id), so track records find deadline changes (``due`` events)
without reading the whole history.

Revision ID: 0005
Revises: 0002
"""

from alembic import op

revision = "0005"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_event_type_claim_id", "event", ["type", "claim_id"])


def downgrade() -> None:
    op.drop_index("ix_event_type_claim_id", table_name="event")
