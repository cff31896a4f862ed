"""The `claims` command line: the entry point (console script `claims`).

The commands live in `claims/commands/` (one module per group: recording, reading, articles, transfer,
database), each of which adds its commands to the app in `claims/commands/app.py` on import; they parse
arguments, call one library function and print. Start-up imports typer and the standard library only:
the library (SQLAlchemy, dateparser, rich) is imported inside the commands, so `claims --help` stays fast.
"""

from __future__ import annotations

from claims.commands import articles, database, links, reading, recording, records, review, site, transfer  # noqa: F401  (registers commands)
from claims.commands.app import app, db_app, speakers_app

articles.register(app, speakers_app)

__all__ = ["app", "db_app", "main", "speakers_app"]


def main() -> None:
    import sys

    _only(_command_named(sys.argv[1:]))
    app(prog_name="claims")


def _command_named(args: list[str]) -> str | None:
    """The subcommand ``args`` invoke (after the global ``--db``), or None (none, or an option first)."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--db":
            i += 2
        elif arg.startswith("--db="):
            i += 1
        else:
            return None if arg.startswith("-") else arg
    return None


def _only(name: str | None) -> None:
    """Let Typer build just the command that runs: it turns every registered command into a Click
    command (reading its signature and options) before dispatching, about a third of a command's
    start-up. A name that is no command (a typo, which gets suggestions), or none (``claims --help``),
    keeps them all. Only for a process's own run (``main``); ``app`` itself is untouched for callers."""
    if name is None:
        return
    import typer.main

    commands = [c for c in app.registered_commands
                if typer.main.get_command_name(c.name or c.callback.__name__) == name]  # type: ignore[union-attr]
    groups = [g for g in app.registered_groups if g.name == name]
    if commands or groups:
        app.registered_commands, app.registered_groups = commands, groups


if __name__ == "__main__":
    main()
