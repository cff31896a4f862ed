"""The database: info and upgrade."""

from __future__ import annotations

import typer

from claims.commands.app import db_app
from claims.commands.common import (
    JsonOpt,
    _database,
    _store,
)


@db_app.command("info")
def db_info(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Backend, location (password hidden), schema version and row counts."""
    from claims.commands import render
    from claims.store import queries

    database = _database(ctx)
    with database.read() as r:
        counts = queries.counts(r)
    info = {"backend": database.backend, "location": database.url, "schema_version": database.revision(),
            "counts": counts}
    if json_:
        render.print_json(info)
    else:
        render.kv({"backend": info["backend"], "location": info["location"],
                   "schema version": info["schema_version"],
                   **{f"{k} rows": v for k, v in info["counts"].items()}})


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context) -> None:
    """Upgrade the schema to this version of claims (also done automatically on first use)."""
    from claims.store.engine import SCHEMA_REVISION

    store = _store(ctx)
    typer.echo(f"Schema is at {store.revision()} (current: {SCHEMA_REVISION}).", err=True)
