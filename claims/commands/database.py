"""The database: info, upgrade and backup."""

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


@db_app.command("backup")
def db_backup(
    ctx: typer.Context,
    path: str = typer.Argument(..., help="The new file to write (never overwritten)."),
    json_: JsonOpt = False,
) -> None:
    """Copy a SQLite database to PATH while it is in use (restore: use the copy with --db, or put it in
    place of the database while nobody writes). For PostgreSQL, prints how to use pg_dump."""
    from claims.commands import render
    from claims.config import default_database
    from claims.store.backup import backup

    root = ctx.find_root()
    result = backup((root.obj or {}).get("db") or default_database(), path)
    if json_:
        render.print_json(result)
    else:
        counts = result["counts"]
        typer.echo(f"Backed up {result['database']} to {result['backup']}: {counts.get('claim', 0)} claims, "
                   f"{counts.get('event', 0)} events, schema {result['schema_version']}.", err=True)
