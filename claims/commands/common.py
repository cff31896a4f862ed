"""What the `claims` commands share: error handling, option parsing helpers, output choice.

Imports typer and the standard library only (start-up time); the library is imported inside functions.
"""

from __future__ import annotations

import os
from datetime import date
from typing import Any

import typer
from typer.core import TyperGroup

from claims.errors import ClaimsError

DB_HELP = "Database: a SQLite file path or a PostgreSQL URL (default: $CLAIMS_DB or the per-user file)."
JSON_HELP = "Print JSON."
CSV_HELP = "Print CSV (cells that a spreadsheet would run as formulas are quoted)."
LIMIT_HELP = "Show at most N rows (0 for all)."


class ClaimsGroup(TyperGroup):
    """Turns library errors into one line on stderr and an exit code: 2 for usage, 1 for the rest."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ClaimsError as exc:
            typer.echo(f"Error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            if isinstance(exc, typer.BadParameter) or type(exc).__module__.startswith("typer"):
                raise
            usage = _input_beyond_reach(exc)
            if usage:
                typer.echo(f"Error: {usage}", err=True)
                raise typer.Exit(2) from None
            if os.environ.get("CLAIMS_DEBUG"):
                raise
            typer.echo(f"Error: unexpected {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''} "
                       "(set CLAIMS_DEBUG=1 for details)", err=True)
            raise typer.Exit(1) from None





def _input_beyond_reach(exc: Exception) -> str | None:
    """Input that no command can take, whichever reads it (found by the hostile-input corpus): a number
    too large for a date or the database, an argument that is not UTF-8 (bytes that are not UTF-8 reach
    argv as lone surrogates), a path with a NUL byte in it."""
    if isinstance(exc, OverflowError):
        return "a number given is out of range (too large for a date or the database)"
    if isinstance(exc, UnicodeEncodeError):
        return "an argument is not valid UTF-8 text"
    if isinstance(exc, ValueError) and "embedded null byte" in str(exc):
        return "a file name or path contains a NUL byte"
    return None


# -- helpers -------------------------------------------------------------------------------------

def _store(ctx: typer.Context):  # noqa: ANN202
    from claims.store.engine import open_store

    root = ctx.find_root()
    return open_store((root.obj or {}).get("db"))


def _today() -> date:
    return date.today()


def _as_of(value: str | None) -> date:
    if value is None:
        return _today()
    from claims.language.dates import parse_date

    return _param(lambda: parse_date(value, _today())[0], "--as-of")


def _on(value: str | None) -> date:
    from claims.language.dates import parse_on

    return _param(lambda: parse_on(value, _today()), "--on")


def _param(fn: Any, name: str) -> Any:
    from claims.errors import UsageError

    try:
        return fn()
    except UsageError as exc:
        raise typer.BadParameter(str(exc), param_hint=name) from None


def _by(value: str | None) -> str:
    from claims.config import current_user
    from claims.language.normalize import clean_text

    return clean_text(value, "--by", limit=200) or current_user()


def _limit(n: int) -> int | None:
    if n < 0:
        raise typer.BadParameter("must be 0 or more", param_hint="--limit")
    return n or None


FULL_HELP = "Print each quote whole (wrapped); by default it is cut to the terminal's width, keeping the " \
            "hedges and the time frame in view."


def _print_claims(claims: list, json_: bool, csv_: bool, nl: bool, *, title: str | None = None,
                  limit: int | None = None, full: bool = False) -> None:
    from claims.commands import render

    if json_:
        render.print_json(claims)
    elif nl:
        render.print_nl(claims)
    elif csv_:
        render.print_csv(claims)
    else:
        if not claims:
            typer.echo("No claims.", err=True)
            return
        render.claims_table(claims, title=title, full=full)
        if limit and len(claims) == limit:
            typer.echo(f"(first {limit}; --limit 0 shows all)", err=True)


def _one_format(**flags: bool) -> None:
    given = [name for name, on in flags.items() if on]
    if len(given) > 1:
        raise typer.BadParameter(f"choose one of {', '.join('--' + g for g in given)}")


def _done(claim: dict, json_: bool, message: str) -> None:
    from claims.commands.render import print_json

    if json_:
        print_json(claim)
    else:
        typer.echo(message)


def _lexicons(pairs: list[str]) -> dict[str, str]:
    from claims.services.transfer import parse_mapping

    return _param(lambda: parse_mapping(pairs, "--lexicon"), "--lexicon")


LEXICON_HELP = "KIND=FILE: override a lexicon (probabilities, hedges or timeframes) for this run."


def _report(result: dict, json_: bool, message: str) -> None:
    from claims.commands.render import print_json

    if json_:
        print_json(result)
    else:
        typer.echo(message)
