"""Views for browsing the raw database: claims_view (one row a claim, the columns a reporter reads) and
events_view (one row an event, with the claim's speaker and words).

Revision ID: 0009
Revises: 0002

A later migration that rebuilds or alters a table these views read wraps itself in
``claims.store.migrations.views.views_set_aside(op)`` (see that module).
"""

from alembic import op

from claims.store.migrations.views import drop_views

revision = "0009"
down_revision = "0005"
branch_labels = None
depends_on = None

# Frozen at this revision: the same SQL on SQLite and PostgreSQL.
CLAIMS_VIEW = """CREATE VIEW claims_view AS
SELECT claim.id AS id, speaker.name AS speaker, quote.text AS quote, claim.kind AS kind,
       claim.status AS status, quote.said_on AS said, claim.due_end AS due, claim.probability AS probability,
       source.outlet AS outlet, source.url AS url, claim.summary AS summary, claim.due_start AS due_start,
       source.title AS title, source.published_on AS published, speaker.title AS speaker_title
FROM claim
JOIN quote ON quote.id = claim.quote_id
JOIN speaker ON speaker.id = claim.speaker_id
LEFT JOIN source ON source.id = claim.source_id"""

EVENTS_VIEW = """CREATE VIEW events_view AS
SELECT event.id AS id, event.claim_id AS claim_id, speaker.name AS speaker, claim.summary AS claim,
       event.type AS type, event.from_status AS from_status, event.status AS status,
       event.happened_on AS happened_on, event."by" AS "by", event.evidence AS evidence, event.note AS note,
       event.due_start AS due_start, event.due_end AS due_end, event.recorded_at AS recorded_at
FROM event
JOIN claim ON claim.id = event.claim_id
JOIN speaker ON speaker.id = claim.speaker_id"""


def upgrade() -> None:
    op.execute(CLAIMS_VIEW)
    op.execute(EVENTS_VIEW)


def downgrade() -> None:
    drop_views(op)
