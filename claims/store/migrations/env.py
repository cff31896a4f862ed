"""Alembic environment: run by ``Store.upgrade`` (and ``claims db upgrade``) on a given connection."""

from alembic import context

from claims.store import models
from claims.store.migrations import include_name

config = context.config
target_metadata = models.metadata


def run_migrations_online() -> None:
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_name=include_name,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
