"""Commands that read claims: list, due, show, history, search, speakers, speaker."""

from __future__ import annotations

import typer

from claims.commands.app import app, speakers_app
from claims.commands.common import (
    CSV_HELP,
    FULL_HELP,
    JSON_HELP,
    LIMIT_HELP,
    _as_of,
    _limit,
    _one_format,
    _param,
    _print_claims,
    _store,
)


@app.command("list")
def list_(
    ctx: typer.Context,
    speaker: str | None = typer.Option(None, "--speaker", "-s"),
    status_: str | None = typer.Option(None, "--status"),
    kind: str | None = typer.Option(None, "--kind"),
    tag: str | None = typer.Option(None, "--tag", "-t"),
    overdue: bool = typer.Option(False, "--overdue", help="Only claims past their due window."),
    due_before: str | None = typer.Option(None, "--due-before", help="Due window ends before this date."),
    as_of: str | None = typer.Option(None, "--as-of", help="Judge 'overdue' as of this date (default today)."),
    limit: int = typer.Option(100, "--limit", "-n", help=LIMIT_HELP),
    json_: bool = typer.Option(False, "--json", help=JSON_HELP),
    nl: bool = typer.Option(False, "--nl", help="Print JSON lines."),
    csv_: bool = typer.Option(False, "--csv", help=CSV_HELP),
    full: bool = typer.Option(False, "--full", help=FULL_HELP),
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
    store = _store(ctx)
    with store.read() as session:
        claims = queries.list_claims(session, as_of=day, speaker=speaker, status_=st, kind=kd, tag=tag,
                                     overdue=overdue, due_before=before, limit=n)
    _print_claims(claims, json_, csv_, nl, limit=n, full=full)


@app.command()
def due(
    ctx: typer.Context,
    as_of: str | None = typer.Option(None, "--as-of", help="The day to judge from (default today)."),
    within: int = typer.Option(30, "--within", help="Also list claims falling due within DAYS."),
    limit: int = typer.Option(100, "--limit", "-n", help=LIMIT_HELP),
    json_: bool = typer.Option(False, "--json", help=JSON_HELP),
    nl: bool = typer.Option(False, "--nl", help="Print JSON lines."),
    csv_: bool = typer.Option(False, "--csv", help=CSV_HELP),
    full: bool = typer.Option(False, "--full", help=FULL_HELP),
) -> None:
    """The worklist: overdue claims first (oldest due first), then those falling due soon."""
    from claims.store import queries

    _one_format(json=json_, nl=nl, csv=csv_)
    if within < 0:
        raise typer.BadParameter("must be 0 or more", param_hint="--within")
    day = _as_of(as_of)
    n = _limit(limit)
    with _store(ctx).read() as session:
        claims = queries.due_claims(session, as_of=day, within=within, limit=n)
    _print_claims(claims, json_, csv_, nl, title=f"Due as of {day.isoformat()} (+{within} days)", limit=n,
                  full=full)


@app.command()
def show(
    ctx: typer.Context,
    claim_id: int = typer.Argument(..., metavar="ID"),
    as_of: str | None = typer.Option(None, "--as-of"),
    json_: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """One claim with its source, analysis and history."""
    from claims.commands import render
    from claims.store import queries

    with _store(ctx).read() as session:
        claim = queries.get_claim(session, claim_id, _as_of(as_of))
    if json_:
        render.print_json(claim)
    else:
        render.claim_text(claim)


@app.command()
def history(
    ctx: typer.Context,
    claim_id: int = typer.Argument(..., metavar="ID"),
    json_: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """A claim's history, oldest first."""
    from claims.commands import render
    from claims.store import queries

    with _store(ctx).read() as session:
        events = queries.history(session, claim_id)
    if json_:
        render.print_json(events)
    else:
        render.history_table(events)


@app.command()
def search(
    ctx: typer.Context,
    query: str = typer.Argument(..., help="Words to find (all of them), in quotes, summaries and notes."),
    raw: bool = typer.Option(False, "--raw", help="Use the database's own full-text syntax."),
    sort: str = typer.Option("rank", "--sort", help="rank (best matches first) or newest."),
    as_of: str | None = typer.Option(None, "--as-of"),
    limit: int = typer.Option(100, "--limit", "-n", help=LIMIT_HELP),
    json_: bool = typer.Option(False, "--json", help=JSON_HELP),
    nl: bool = typer.Option(False, "--nl", help="Print JSON lines."),
    csv_: bool = typer.Option(False, "--csv", help=CSV_HELP),
    full: bool = typer.Option(False, "--full", help=FULL_HELP),
) -> None:
    """Full-text search over quotes, summaries and notes."""
    from claims.store import search as search_mod

    _one_format(json=json_, nl=nl, csv=csv_)
    n = _limit(limit)
    with _store(ctx).read() as session:
        claims = search_mod.search(session, query, as_of=_as_of(as_of), limit=n, raw=raw, sort=sort)
    _print_claims(claims, json_, csv_, nl, limit=n, full=full)


@speakers_app.callback()
def speakers(
    ctx: typer.Context,
    json_: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Everyone quoted, most claims first."""
    if ctx.invoked_subcommand is not None:
        return
    from claims.commands import render
    from claims.store import queries

    with _store(ctx).read() as session:
        rows = queries.speakers(session)
    if json_:
        render.print_json(rows)
    elif rows:
        render.speakers_table(rows)
    else:
        typer.echo("No speakers.", err=True)


@app.command()
def speaker(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Name or alias."),
    as_of: str | None = typer.Option(None, "--as-of"),
    json_: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """One speaker's claims, grouped by status."""
    from claims.commands import render
    from claims.store import queries

    with _store(ctx).read() as session:
        detail = queries.speaker_detail(session, name, _as_of(as_of))
    if json_:
        render.print_json(detail)
    else:
        render.speaker_text(detail)
