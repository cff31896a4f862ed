"""Alembic migrations for the claims schema (run through ``claims.store.Store.upgrade``)."""

# Objects created by hand in migrations (FTS5 table and triggers, the PostgreSQL tsvector column and
# its index, the site's claim_stamp table and triggers) that autogenerate must leave alone.
UNMANAGED = ("claim_fts", "quote_fts", "search_tsv", "claim_lexeme_tf", "claim_stamp")


def include_name(name, type_, parent_names):  # noqa: ANN001 - Alembic's hook signature
    if name is None:
        return True
    return not any(name == u or name.startswith(u + "_") for u in UNMANAGED)
