"""SQL views for people browsing the raw database (Datasette, the ``sqlite3`` shell, ``psql``).

The views are created by migration 0009 and read the tables directly, so a later migration that changes
a table they read must keep them working:

- On SQLite a batch migration recreates the table (create a copy, copy rows, drop, rename), and SQLite
  refuses the rename while a view names the dropped table ("error in view claims_view: no such table").
- On PostgreSQL ``DROP COLUMN`` or ``ALTER COLUMN ... TYPE`` on a column a view reads fails ("cannot alter
  type of a column used by a view").

Wrap such a migration in :func:`views_set_aside`: it saves the views' definitions as the database has them,
drops them, runs the block and creates them again::

    from claims.store.migrations.views import views_set_aside

    def upgrade() -> None:
        with views_set_aside(op):
            with op.batch_alter_table("claim") as batch:
                batch.alter_column(...)

A migration that changes what a view shows drops it (:func:`drop_views`) and creates the new definition
itself; the definitions of a revision are kept in that revision's file, never imported from here, so that
an old revision always creates what it created when it was written.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from sqlalchemy import text

VIEWS = ("claims_view", "events_view")


def view_definitions(conn: Any, names: tuple[str, ...] = VIEWS) -> dict[str, str]:
    """The ``CREATE VIEW`` statements of the views the database has, by name."""
    found = {}
    for name in names:
        if conn.dialect.name == "sqlite":
            sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = :n"),
                               {"n": name}).scalar()
        else:
            body = conn.execute(text("SELECT pg_get_viewdef(to_regclass(:n), true) "
                                     "WHERE to_regclass(:n) IS NOT NULL"), {"n": name}).scalar()
            sql = f"CREATE VIEW {name} AS {body}" if body else None
        if sql:
            found[name] = sql
    return found


def drop_views(op: Any, names: tuple[str, ...] = VIEWS) -> None:
    """Drop the views (those that exist); later ones first, in case one reads another."""
    for name in reversed(names):
        op.execute(f"DROP VIEW IF EXISTS {name}")


def stamp_triggers(conn: Any) -> dict[str, str]:
    """SQLite: the ``CREATE TRIGGER`` statements of migration 0013's ``claim_stamp`` triggers, by name. They
    name ``claim`` (or are on it), so a batch migration that recreates ``claim`` is refused while they exist
    ("error in trigger claim_stamp_quote_update: no such table"), and drops those on ``claim`` itself.
    PostgreSQL: none to save (a trigger function's body is checked when it runs, and tables are altered in
    place)."""
    if conn.dialect.name != "sqlite":
        return {}
    rows = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                             "AND name LIKE 'claim\\_stamp\\_%' ESCAPE '\\' ORDER BY name")).all()
    return {name: sql for name, sql in rows}


@contextlib.contextmanager
def views_set_aside(op: Any, names: tuple[str, ...] = VIEWS) -> Iterator[dict[str, str]]:
    """Drop the views for the block (a table they read is rebuilt or altered), then create them again
    exactly as they were; the same for the ``claim_stamp`` triggers on SQLite (:func:`stamp_triggers`).
    Yields the saved view definitions."""
    saved = view_definitions(op.get_bind(), names)
    triggers = stamp_triggers(op.get_bind())
    drop_views(op, names)
    for name in triggers:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    yield saved
    for name in names:
        if name in saved:
            op.execute(saved[name])
    for sql in triggers.values():
        op.execute(sql)
