"""The `claims` command line: the entry point (console script `claims`).

The commands live in `claims/commands/` (one module per group: recording, reading, articles, transfer,
database), each of which adds its commands to the app in `claims/commands/app.py` on import; they parse
arguments, call one library function and print. Start-up imports typer and the standard library only:
the library (SQLAlchemy, dateparser, rich) is imported inside the commands, so `claims --help` stays fast.
"""

from __future__ import annotations

from claims.commands import (  # noqa: F401  (registers commands)
    articles,
    database,
    reading,
    recording,
    records,
    site,
    transfer,
)
from claims.commands.app import app, db_app, speakers_app

articles.register(app, speakers_app)

__all__ = ["app", "db_app", "main", "speakers_app"]


def main() -> None:
    app(prog_name="claims")


if __name__ == "__main__":
    main()
