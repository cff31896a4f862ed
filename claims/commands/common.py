"""What the `claims` commands share: error handling, option parsing helpers, output choice.

Imports typer and the standard library only (start-up time); the library is imported inside functions.
"""

from __future__ import annotations

import os
import re
import sys
from datetime import date
from types import GenericAlias
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from claims.errors import ClaimsError

DB_HELP = "Database: a SQLite file path or a PostgreSQL URL (default: $CLAIMS_DB or the per-user file)."
JSON_HELP = "Print JSON."
CSV_HELP = "Print CSV (cells that a spreadsheet would run as formulas are quoted)."
LIMIT_HELP = "Show at most N rows (0 for all)."


class ClaimsGroup(TyperGroup):
    """Turns library errors into one line on stderr and an exit code: 2 for usage, 1 for the rest; and
    gives its own and its commands' plain options (see :func:`plain_options`) a coercion without pydantic."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        plain_options(self, ctx)
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name, cmd, rest = super().resolve_command(ctx, args)
        if cmd is not None:
            plain_options(cmd, ctx)
        return name, cmd, rest

    def invoke(self, ctx: Any) -> Any:
        from claims import config

        config.forget()  # each command reads config.json afresh (it keeps it for the rest of its run)
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
        finally:
            _close_connections()


def _close_connections() -> None:
    """A command's database connections end with it (the light path keeps its write connection between
    the writes of one command; the next command, in this process or another, connects anew)."""
    db = sys.modules.get("claims.store.db")
    if db is not None:
        db.close_all()



# -- options without pydantic ----------------------------------------------------------------------
# Typer 0.29 coerces every non-flag option through a pydantic TypeAdapter, built on first use: the first
# str or int option a command processes imports pydantic (about 0.1 s, more than the query) and each one
# costs a schema build. Plain parameters (str, int, float, bool, or a list of str) get the same coercion
# written out here, with pydantic's messages; anything else (choices, paths, ranges, custom parsers) keeps
# Typer's adapter. bench/bench_startup.py measures the difference.

_INT_ERROR = "Input should be a valid integer, unable to parse string as an integer"
_FLOAT_ERROR = "Input should be a valid number, unable to parse string as a number"
_BOOL_ERROR = "Input should be a valid boolean, unable to interpret input"
_BOOLS = {"": False, "0": False, "off": False, "f": False, "false": False, "n": False, "no": False,
          "1": True, "on": True, "t": True, "true": True, "y": True, "yes": True}


_INT_TEXT = re.compile(r"[+-]?[0-9](?:_?[0-9])*(?:\.0*)?")


def _plain_value(kind: type, value: Any) -> Any:
    """``value`` as ``kind``, accepting what pydantic's lax mode accepts from a command line."""
    if kind is str:
        return value if isinstance(value, str) else str(value)
    if kind is bool:
        if isinstance(value, bool):
            return value
        if str(value).strip().lower() not in _BOOLS:
            raise ValueError(_BOOL_ERROR)
        return _BOOLS[str(value).strip().lower()]
    if isinstance(value, kind) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    if kind is int:
        if not _INT_TEXT.fullmatch(text):
            raise ValueError(_INT_ERROR)
        return int(text.split(".")[0])
    try:
        if not text.isascii():
            raise ValueError(text)
        return float(text)
    except ValueError:
        raise ValueError(_FLOAT_ERROR) from None


def plain_options(command: Any, ctx: Any) -> None:
    """Give ``command``'s plain parameters (and its --help) a coercion without pydantic, once; the others
    are left alone."""
    if getattr(command, "_claims_plain", False):
        return
    command._claims_plain = True
    try:
        from typer._coercion import RuntimeParam
    except ImportError:  # another Typer: its own coercion stays
        return
    helper = command.get_help_option(ctx) if hasattr(command, "get_help_option") else None
    for param in [*command.params, *([helper] if helper is not None else [])]:
        desc = getattr(param, "type_descriptor", None)
        if desc is None or getattr(param, "_runtime_param", "absent") is not None:
            continue
        info = desc.parameter_info
        annotation, many = desc.annotation, False
        if getattr(annotation, "__origin__", None) is list and getattr(annotation, "__args__", ()) == (str,):
            annotation, many = str, True
        if (annotation not in (str, int, float, bool) or desc.file_annotation is not None or info.parser is not None
                or info.min is not None or info.max is not None or getattr(info, "click_type", None) is not None):
            continue
        param._runtime_param = _plain_param(RuntimeParam, annotation, many, info)


def _plain_param(base: type, kind: type, many: bool, info: Any) -> Any:
    class Plain(base):
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                if many:
                    return [_plain_value(kind, v) for v in (value if isinstance(value, (list, tuple)) else [value])]
                return _plain_value(kind, value)
            except ValueError as exc:
                raise typer.BadParameter(str(exc), ctx=ctx, param=param) from None

    return Plain(parameter_info=info, annotation=GenericAlias(list, (kind,)) if many else kind)  # list[kind]


# -- the options every read command shares (one definition each, with help) ---------------------------

JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_HELP)]
NlOpt = Annotated[bool, typer.Option("--nl", help="Print JSON lines.")]
CsvOpt = Annotated[bool, typer.Option("--csv", help=CSV_HELP)]
LimitOpt = Annotated[int, typer.Option("--limit", "-n", help=LIMIT_HELP)]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="Judge 'overdue' as of this date (default today).")]
ClaimId = Annotated[int, typer.Argument(metavar="ID", help="The claim's id.")]
ByOpt = Annotated[str | None, typer.Option("--by", help="Who is recording this (default: your user name).")]
SpeakerOpt = Annotated[str | None, typer.Option("--speaker", "-s", help="Only this speaker (name or alias).")]


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
    """The full store (SQLAlchemy): for commands that write."""
    from claims.store.engine import open_store

    root = ctx.find_root()
    return open_store((root.obj or {}).get("db"))


def _database(ctx: typer.Context):  # noqa: ANN202
    """The light read path (the driver alone; see :mod:`claims.store.db`): for commands that only read."""
    from claims.store.db import open_database

    root = ctx.find_root()
    return open_database((root.obj or {}).get("db"))


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


LEXICON_HELP = "KIND=FILE: override a lexicon (probabilities, hedges, timeframes or attribution) for this run."


def _report(result: dict, json_: bool, message: str) -> None:
    from claims.commands.render import print_json

    if json_:
        print_json(result)
    else:
        typer.echo(message)
