"""The `claims` Typer app and its sub-apps; each command module adds its commands to them on import."""

from __future__ import annotations

import typer

from claims.commands.common import DB_HELP, ClaimsGroup

app = typer.Typer(cls=ClaimsGroup, rich_markup_mode=None, no_args_is_help=True, add_completion=False,
                  help="Track what public figures predicted and promised, and whether it came true.")
db_app = typer.Typer(cls=ClaimsGroup, rich_markup_mode=None, no_args_is_help=True,
                     help="The database: where it is, its schema version, upgrades, backups.")
speakers_app = typer.Typer(cls=ClaimsGroup, rich_markup_mode=None, invoke_without_command=True,
                           help="List speakers (with claim counts by status); merge or split them.")
app.add_typer(db_app, name="db")
app.add_typer(speakers_app, name="speakers")

@app.callback()
def main_callback(
    ctx: typer.Context,
    db: str | None = typer.Option(None, "--db", envvar="CLAIMS_DB", help=DB_HELP),
) -> None:
    ctx.obj = {"db": db}
    ctx.call_on_close(_notices)


def _notices() -> None:
    """Say on stderr what the store did unasked (e.g. created a new, empty database)."""
    import sys

    store = sys.modules.get("claims.store.db")  # loaded only if the command opened a database
    for line in store.take_notices() if store else []:
        typer.echo(line, err=True)
