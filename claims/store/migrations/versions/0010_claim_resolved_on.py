"""Track records without reading the history: ``claim.resolved_on`` (the day of the claim's latest status
event, as ``resolve --on`` gave it) and one narrow covering index, (speaker_id, status, kind, probability,
due_end, resolved_on), from which `claims records --by speaker`, `claims record NAME` and `claims
calibration` compute every figure for today without touching the wide claim rows.

The column is kept by the one event writer (``claims.store.recording``) in the same transaction as the
event, as ``status`` and ``due_end`` already are. Existing databases are filled here from their events.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

from claims.store.migrations.views import views_set_aside

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

LATEST_STATUS_DAY = ("SELECT e.happened_on FROM event e WHERE e.claim_id = claim.id AND e.type = 'status' "
                     "ORDER BY e.recorded_at DESC, e.id DESC LIMIT 1")


def upgrade() -> None:
    op.add_column("claim", sa.Column("resolved_on", sa.Date(), nullable=True))
    op.execute(f"UPDATE claim SET resolved_on = ({LATEST_STATUS_DAY}) "
               "WHERE id IN (SELECT claim_id FROM event WHERE type = 'status')")
    op.create_index("ix_claim_record", "claim",
                    ["speaker_id", "status", "kind", "probability", "due_end", "resolved_on"])


def downgrade() -> None:
    op.drop_index("ix_claim_record", table_name="claim")
    with views_set_aside(op), op.batch_alter_table("claim") as batch:  # SQLite rebuilds the table
        batch.drop_column("resolved_on")
