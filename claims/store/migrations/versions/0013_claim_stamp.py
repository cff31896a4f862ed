"""A stamp per claim that changes whenever what its published pages show changes in place: ``claim_stamp``.

``claims site`` rebuilds only the files of claims that changed. To see that a claim is unchanged it made,
in SQL, one text of every column its pages are made of (the claim's, its quote's, speaker's and source's:
31 values, the wide quote and analysis columns included) for every claim on every rebuild; that was most
of a rebuild's reading. With this table it reads one number per claim instead.

``claim_stamp (claim_id, stamp)`` holds a random 64-bit number, set anew by triggers, in the writer's own
transaction, whenever a row the claim's pages are made of is updated or deleted: the claim itself, its
quote, its speaker (name, title, organisation), its source or the source of any outlet that printed its
quote, and an outlet of its quote (an ``appearance``) moved or deleted. What is only ever appended (events,
appearances, tags) is not stamped: the site reads how many of each there are and the newest id, as
before. A claim never updated has no row (the site reads a missing stamp as 0), so imports, which only
insert, pay nothing. The stamp is random rather than a counter so that a database restored from a backup
and then changed cannot give a claim a stamp it had before with other content; a claim's row is kept when
the claim is deleted, so a new claim that takes its id does not start where the old one was either.

Revision ID: 0013
Revises: 0012
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# (table, when, the ids of the claims whose pages show the changed row); NEW and OLD as the trigger has them.
_SOURCE_CLAIMS = ("SELECT id FROM claim WHERE source_id = {r}.id UNION "
                  "SELECT c.id FROM claim c JOIN appearance a ON a.quote_id = c.quote_id WHERE a.source_id = {r}.id")
TRIGGERS = (
    ("claim", "UPDATE", "SELECT NEW.id AS id"),
    ("quote", "UPDATE", "SELECT id FROM claim WHERE quote_id IN (OLD.id, NEW.id)"),
    ("speaker", "UPDATE", "SELECT id FROM claim WHERE speaker_id IN (OLD.id, NEW.id)"),
    ("source", "UPDATE", _SOURCE_CLAIMS.format(r="NEW") + " UNION " + _SOURCE_CLAIMS.format(r="OLD")),
    ("appearance", "UPDATE", "SELECT id FROM claim WHERE quote_id IN (OLD.quote_id, NEW.quote_id)"),
    ("appearance", "DELETE", "SELECT id FROM claim WHERE quote_id = OLD.quote_id"),
)


def _sqlite_trigger(table: str, when: str, claims: str) -> str:
    claims = claims.replace("NEW.", "OLD.") if when == "DELETE" else claims
    # random(): a 64-bit integer, drawn anew for every row the SELECT gives
    return (f"CREATE TRIGGER claim_stamp_{table}_{when.lower()} AFTER {when} ON {table} BEGIN "
            f"INSERT OR REPLACE INTO claim_stamp (claim_id, stamp) SELECT id, random() FROM ({claims}); END")


def _pg_function(table: str, when: str, claims: str) -> str:
    return (f"CREATE FUNCTION claim_stamp_{table}_{when.lower()}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            "BEGIN\n"
            "    INSERT INTO claim_stamp (claim_id, stamp)\n"
            f"    SELECT id, floor((random() - 0.5) * 1.8e19)::bigint FROM ({claims}) AS changed\n"
            "    ON CONFLICT (claim_id) DO UPDATE SET stamp = EXCLUDED.stamp;\n"
            "    RETURN NULL;\n"
            "END $$")


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.execute("CREATE TABLE claim_stamp (claim_id integer NOT NULL PRIMARY KEY, stamp bigint NOT NULL)")
    for table, when, claims in TRIGGERS:
        name = f"claim_stamp_{table}_{when.lower()}"
        if not postgres:
            op.execute(_sqlite_trigger(table, when, claims))
            continue
        op.execute(_pg_function(table, when, claims))
        # pinned to this schema, as migration 0011's function (a session with another search_path)
        op.execute(f"DO $$ BEGIN EXECUTE format('ALTER FUNCTION {name}() SET search_path = %I', "
                   "current_schema()); END $$")
        op.execute(f"CREATE TRIGGER {name} AFTER {when} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()")


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table, when, _claims in TRIGGERS:
        name = f"claim_stamp_{table}_{when.lower()}"
        if postgres:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS claim_stamp")
