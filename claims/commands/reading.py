"""Commands that read claims: list, due, show, history, search, speakers, speaker.

They read through :mod:`claims.store.db` (the driver alone): no SQLAlchemy, SQLModel, pydantic or Alembic
is imported, and dateparser only for a date that is not ISO (tests/test_startup.py checks this).
"""

from __future__ import annotations

from typing import Annotated

import typer

from claims.commands.app import app, speakers_app
from claims.commands.common import (
    FULL_HELP,
    AsOfOpt,
    ClaimId,
    CsvOpt,
    JsonOpt,
    LimitOpt,
    NlOpt,
    SpeakerOpt,
    _as_of,
    _database,
    _limit,
    _one_format,
    _param,
    _print_claims,
)


@app.command("list")
def list_(
    ctx: typer.Context,
    speaker: SpeakerOpt = None,
    status_: Annotated[str | None, typer.Option("--status", help="Only claims with this status.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="prediction, promise or statement.")] = None,
    tag: Annotated[str | None, typer.Option("--tag", "-t", help="Only claims with this tag.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only claims past their due window.")] = False,
    due_before: Annotated[str | None, typer.Option("--due-before", help="Due window ends before this date.")] = None,
    as_of: AsOfOpt = None,
    limit: LimitOpt = 100,
    json_: JsonOpt = False,
    nl: NlOpt = False,
    csv_: CsvOpt = False,
    full: Annotated[bool, typer.Option("--full", help=FULL_HELP)] = False,
) -> None:
    """List claims, newest first."""
    from claims import status
    from claims.store import queries

    _one_format(json=json_, nl=nl, csv=csv_)
    st = _param(lambda: status.parse_status(status_), "--status") if status_ else None
    kd = _param(lambda: status.parse_kind(kind), "--kind") if kind else None
    day = _as_of(as_of)
    before = _param(lambda: __import__("claims.language.dates", fromlist=["x"]).parse_date(due_before, day)[0],
                    "--due-before") if due_before else None
    n = _limit(limit)
    with _database(ctx).read() as r:
        claims = queries.list_claims(r, as_of=day, speaker=speaker, status_=st, kind=kd, tag=tag,
                                     overdue=overdue, due_before=before, limit=n)
    _print_claims(claims, json_, csv_, nl, limit=n, full=full)


@app.command()
def due(
    ctx: typer.Context,
    as_of: AsOfOpt = None,
    within: Annotated[int, typer.Option("--within", help="Also list claims falling due within DAYS.")] = 30,
    reviewed_only: Annotated[bool, typer.Option("--reviewed-only",
                                                help="Leave out claims whose attribution waits for review.")] = False,
    limit: LimitOpt = 100,
    json_: JsonOpt = False,
    nl: NlOpt = False,
    csv_: CsvOpt = False,
    full: Annotated[bool, typer.Option("--full", help=FULL_HELP)] = False,
) -> None:
    """The worklist: overdue claims first (oldest due first), then those falling due soon. Statements are
    not tracked, so never listed here."""
    from claims.store import queries

    _one_format(json=json_, nl=nl, csv=csv_)
    if within < 0:
        raise typer.BadParameter("must be 0 or more", param_hint="--within")
    day = _as_of(as_of)
    n = _limit(limit)
    with _database(ctx).read() as r:
        claims = queries.due_claims(r, as_of=day, within=within, limit=n, reviewed_only=reviewed_only)
    _print_claims(claims, json_, csv_, nl, title=f"Due as of {day.isoformat()} (+{within} days)", limit=n,
                  full=full)


@app.command()
def show(ctx: typer.Context, claim_id: ClaimId, as_of: AsOfOpt = None, json_: JsonOpt = False) -> None:
    """One claim with its source, analysis and history."""
    from claims.commands import render
    from claims.store import queries

    day = _as_of(as_of)
    with _database(ctx).read() as r:
        claim = queries.get_claim(r, claim_id, day)
    if json_:
        render.print_json(claim)
    else:
        render.claim_text(claim)


@app.command()
def history(ctx: typer.Context, claim_id: ClaimId, json_: JsonOpt = False) -> None:
    """A claim's history, oldest first."""
    from claims.commands import render
    from claims.store import queries

    with _database(ctx).read() as r:
        events = queries.history(r, claim_id)
    if json_:
        render.print_json(events)
    else:
        render.history_table(events)


@app.command()
def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="Words to find (all of them), in quotes, summaries and notes.")],
    raw: Annotated[bool, typer.Option("--raw", help='Search syntax, the same on every backend: "phrases", OR, '
                                                    "AND, NOT or -word, prefix*, ( ).")] = False,
    sort: Annotated[str, typer.Option("--sort", help="rank (best matches first) or newest.")] = "rank",
    as_of: AsOfOpt = None,
    limit: LimitOpt = 100,
    json_: JsonOpt = False,
    nl: NlOpt = False,
    csv_: CsvOpt = False,
    full: Annotated[bool, typer.Option("--full", help=FULL_HELP)] = False,
) -> None:
    """Full-text search over quotes, summaries and notes."""
    from claims.store import search as search_mod

    _one_format(json=json_, nl=nl, csv=csv_)
    n = _limit(limit)
    day = _as_of(as_of)
    with _database(ctx).read() as r:
        claims = search_mod.search(r, query, as_of=day, limit=n, raw=raw, sort=sort)
    _print_claims(claims, json_, csv_, nl, limit=n, full=full)


@speakers_app.callback()
def speakers(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Everyone quoted, most claims first."""
    if ctx.invoked_subcommand is not None:
        return
    from claims.commands import render
    from claims.store import queries

    with _database(ctx).read() as r:
        rows = queries.speakers(r)
    if json_:
        render.print_json(rows)
    elif rows:
        render.speakers_table(rows)
    else:
        typer.echo("No speakers.", err=True)


@app.command()
def speaker(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Name or alias.")],
    as_of: AsOfOpt = None,
    json_: JsonOpt = False,
) -> None:
    """One speaker's claims, grouped by status."""
    from claims.commands import render
    from claims.store import queries

    day = _as_of(as_of)
    with _database(ctx).read() as r:
        detail = queries.speaker_detail(r, name, day)
    if json_:
        render.print_json(detail)
    else:
        render.speaker_text(detail)
