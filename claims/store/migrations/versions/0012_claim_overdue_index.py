"""Overdue claims per speaker in due-end order: ``ix_claim_overdue`` (speaker_id, due_end) over the active
claims only (a partial index, like ``ix_claim_active_due``).

``claims records --by speaker`` gives each speaker the median days their pending claims are overdue. Read
from ``ix_claim_record`` the overdue claims come a speaker at a time but in (status, kind, probability)
order, so the median had to sort them all (half the claims of the 1,000,000-claim benchmark database, the
largest part of the command's time). This index holds them a speaker at a time in due-end order, which
is the order of days overdue: the medians are read off it with no sort
(``claims.store.records_today.timeliness``).

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

ACTIVE_SQL = "status IN ('open', 'in-progress', 'stalled')"


def upgrade() -> None:
    op.create_index("ix_claim_overdue", "claim", ["speaker_id", "due_end"],
                    sqlite_where=sa.text(ACTIVE_SQL), postgresql_where=sa.text(ACTIVE_SQL))


def downgrade() -> None:
    op.drop_index("ix_claim_overdue", table_name="claim")
