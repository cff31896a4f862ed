"""Commands that record: add, resolve, reopen, note, reschedule."""

from __future__ import annotations

import typer

from claims.commands.app import app
from claims.commands.common import (
    JSON_HELP,
    _by,
    _done,
    _on,
    _param,
    _store,
    _today,
)


@app.command()
def add(
    ctx: typer.Context,
    text: str = typer.Argument(..., help="The words, verbatim."),
    speaker: str = typer.Option(..., "--speaker", "-s", help="Who said it."),
    said: str | None = typer.Option(None, "--said", help="When: 'Thursday', 'May 19, 2016', '2016-05-19'."),
    published: str | None = typer.Option(None, "--published", help="Publication date of the source."),
    url: str | None = typer.Option(None, "--url", help="Source URL."),
    outlet: str | None = typer.Option(None, "--outlet", help="Outlet, e.g. 'The Washington Post'."),
    title: str | None = typer.Option(None, "--title", help="Headline or title of the source."),
    source_kind: str | None = typer.Option(None, "--source-kind",
                                              help="article, transcript, speech, interview, social post, other."),
    speaker_title: str | None = typer.Option(None, "--speaker-title", help="Rank, office or role."),
    kind: str | None = typer.Option(None, "--kind", help="prediction, promise or statement (default: analysed)."),
    summary: str | None = typer.Option(None, "--summary", help="What is tracked, if not the quote itself."),
    due: str | None = typer.Option(None, "--due", help="End of the due window: '2016-06-02', 'next month'."),
    probability: str | None = typer.Option(None, "--probability", help="0..1 or a percentage."),
    tag: list[str] = typer.Option([], "--tag", "-t", help="A tag (repeat for more)."),
    by: str | None = typer.Option(None, "--by", help="Who is recording this (default: your user name)."),
    json_: bool = typer.Option(False, "--json", help="Print the new claim as JSON."),
) -> None:
    """Record a quote and the claim it makes; prints the claim's id."""
    from claims.services import tracking

    fields = {"text": text, "speaker": speaker, "said_on": said, "published_on": published, "url": url,
              "outlet": outlet, "title": title, "source_kind": source_kind, "speaker_title": speaker_title,
              "kind": kind, "summary": summary, "due": due, "probability": probability, "tags": tag}
    claim, created = tracking.add(_store(ctx), fields, by=_by(by), today=_today())
    if not created:
        typer.echo(f"Already recorded as claim {claim['id']}.", err=True)
    if json_:
        from claims.commands.render import print_json

        print_json(claim)
    else:
        typer.echo(claim["id"])


@app.command()
def resolve(
    ctx: typer.Context,
    claim_id: int = typer.Argument(..., metavar="ID"),
    as_: str = typer.Option(..., "--as", help="fulfilled, partly-fulfilled, not-fulfilled, retracted, "
                                              "unresolvable, in-progress or stalled."),
    on: str | None = typer.Option(None, "--on", help="When it happened (default today)."),
    evidence: str | None = typer.Option(None, "--evidence", help="URL of the evidence."),
    note: str | None = typer.Option(None, "--note", help="Why."),
    by: str | None = typer.Option(None, "--by", help="Who decided (default: your user name)."),
    json_: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Record how a claim turned out (or that it is in progress or stalled)."""
    from claims import status
    from claims.services import tracking

    new_status = _param(lambda: status.parse_status(as_), "--as")
    claim = tracking.resolve(_store(ctx), claim_id, new_status, on=_on(on), by=_by(by), today=_today(),
                             evidence=evidence, note=note)
    _done(claim, json_, f"Claim {claim_id} is now {claim['status']}.")


@app.command()
def reopen(
    ctx: typer.Context,
    claim_id: int = typer.Argument(..., metavar="ID"),
    note: str = typer.Option(..., "--note", help="Why it is open again."),
    on: str | None = typer.Option(None, "--on", help="When (default today)."),
    by: str | None = typer.Option(None, "--by"),
    json_: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Set a resolved claim back to open (the earlier resolution stays in its history)."""
    from claims.services import tracking

    claim = tracking.reopen(_store(ctx), claim_id, note=note, on=_on(on), by=_by(by), today=_today())
    _done(claim, json_, f"Claim {claim_id} is open again.")


@app.command()
def note(
    ctx: typer.Context,
    claim_id: int = typer.Argument(..., metavar="ID"),
    text: str | None = typer.Argument(None, help="The note."),
    evidence: str | None = typer.Option(None, "--evidence", help="URL of the evidence."),
    on: str | None = typer.Option(None, "--on", help="When it happened (default today)."),
    by: str | None = typer.Option(None, "--by"),
    json_: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Add a note or evidence to a claim's history without changing its status."""
    from claims.services import tracking

    claim = tracking.annotate(_store(ctx), claim_id, note=text, evidence=evidence, on=_on(on), by=_by(by),
                              today=_today())
    _done(claim, json_, f"Noted on claim {claim_id}.")


@app.command()
def reschedule(
    ctx: typer.Context,
    claim_id: int = typer.Argument(..., metavar="ID"),
    due: str = typer.Option(..., "--due", help="New end of the due window."),
    start: str | None = typer.Option(None, "--start", help="New start of the due window."),
    note: str | None = typer.Option(None, "--note", help="Why it moved."),
    by: str | None = typer.Option(None, "--by"),
    json_: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Move a claim's due window (recorded in its history)."""
    from claims.language.dates import parse_date, parse_due
    from claims.services import tracking

    today = _today()
    end = _param(lambda: parse_due(due, today), "--due")
    begin = _param(lambda: parse_date(start, today)[0], "--start") if start else None
    claim = tracking.reschedule(_store(ctx), claim_id, due_start=begin, due_end=end, on=today, by=_by(by),
                                today=today, note=note)
    _done(claim, json_, f"Claim {claim_id} is now due by {claim['due']['end']}.")
