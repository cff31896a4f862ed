"""Commands that record: add, resolve, reopen, note, reschedule."""

from __future__ import annotations

from typing import Annotated

import typer

from claims.commands.app import app
from claims.commands.common import (
    ByOpt,
    ClaimId,
    JsonOpt,
    _by,
    _database,
    _on,
    _param,
    _today,
)
from claims.language.dates import DATE_ORDER_HELP


@app.command()
def add(
    ctx: typer.Context,
    text: str = typer.Argument(..., help="The words, verbatim."),
    speaker: str = typer.Option(..., "--speaker", "-s", help="Who said it."),
    said: str | None = typer.Option(None, "--said", help="When: 'Thursday', 'May 19, 2016', '2016-05-19'. "
                                                         + DATE_ORDER_HELP),
    published: str | None = typer.Option(None, "--published", help="Publication date of the source. "
                                                                   + DATE_ORDER_HELP),
    url: str | None = typer.Option(None, "--url", help="Source URL."),
    outlet: str | None = typer.Option(None, "--outlet", help="Outlet, e.g. 'The Washington Post'."),
    title: str | None = typer.Option(None, "--title", help="Headline or title of the source."),
    source_kind: str | None = typer.Option(None, "--source-kind",
                                              help="article, transcript, speech, interview, social post, other."),
    speaker_title: str | None = typer.Option(None, "--speaker-title", help="Rank, office or role."),
    kind: str | None = typer.Option(None, "--kind", help="prediction, promise or statement (default: analysed)."),
    summary: str | None = typer.Option(None, "--summary", help="What is tracked, if not the quote itself."),
    due: str | None = typer.Option(None, "--due", help="End of the due window: '2016-06-02', 'next month' "
                                                       "(statements have none). " + DATE_ORDER_HELP),
    probability: str | None = typer.Option(None, "--probability", help="0..1 or a percentage."),
    tag: list[str] = typer.Option([], "--tag", "-t", help="A tag (repeat for more)."),
    by: ByOpt = None,
    json_: bool = typer.Option(False, "--json", help="Print the new claim as JSON."),
) -> None:
    """Record a quote and the claim it makes; prints the claim's id."""
    from claims.services import tracking

    fields = {"text": text, "speaker": speaker, "said_on": said, "published_on": published, "url": url,
              "outlet": outlet, "title": title, "source_kind": source_kind, "speaker_title": speaker_title,
              "kind": kind, "summary": summary, "due": due, "probability": probability, "tags": tag}
    claim, created = tracking.add(_database(ctx), fields, by=_by(by), today=_today())
    if not created:
        typer.echo(f"Already recorded as claim {claim['id']}.", err=True)
    _say_date_order("--said", said, _day(claim["said_on"]))
    _say_date_order("--due", due, _day(claim["due"]["end"]))
    if due and claim["kind"] == "statement":
        typer.echo(f"Note: claim {claim['id']} is a statement, which is not tracked: --due was not kept "
                   "(use --kind prediction or promise to track it).", err=True)
    if json_:
        from claims.commands.render import print_json

        print_json(claim)
    else:
        typer.echo(claim["id"])


IF_STATUS_HELP = ("Record nothing (exit 1) unless the claim is in this status when the change is made "
                  "(someone else may have changed it since you looked).")
SEEN_HELP = ("The # of the last history entry you saw in `claims show ID`: the output warns about any "
             "entry recorded after it.")
IfStatusOpt = Annotated[str | None, typer.Option("--if-status", help=IF_STATUS_HELP)]
SeenEventOpt = Annotated[int | None, typer.Option("--seen-event", metavar="N", help=SEEN_HELP)]


def _guard(if_status: str | None, seen_event: int | None) -> str | None:
    """``--if-status`` parsed (once, here) and ``--seen-event`` checked."""
    from claims import status

    if seen_event is not None and seen_event < 0:
        raise typer.BadParameter("must be 0 or more", param_hint="--seen-event")
    return _param(lambda: status.parse_status(if_status), "--if-status") if if_status else None


def _changed(change, json_: bool, message: str) -> None:  # noqa: ANN001  (tracking.Change; lazy import)
    """Print what the command did; warn (stderr) about history entries the user had not seen."""
    claim_id = change.claim["id"]
    if change.unseen:
        first = change.unseen[0]["#"] - 1
        typer.echo(f"Warning: claim {claim_id} changed since you looked at entry #{first}:", err=True)
        for ev in change.unseen:
            what = f"{ev['from']} -> {ev['status']}" if ev["type"] == "status" else ev["type"]
            detail = f": {ev['note']}" if ev.get("note") else ""
            typer.echo(f"  #{ev['#']} {what} by {ev['by']} at {ev['recorded_at']}{detail}", err=True)
        typer.echo(f"  your change is #{change.event}, made on top of them.", err=True)
    if json_:
        from claims.commands.render import print_json

        print_json({**change.claim, "change": change.as_dict()})
    else:
        typer.echo(message)


@app.command()
def resolve(
    ctx: typer.Context,
    claim_id: ClaimId,
    as_: str = typer.Option(..., "--as", help="fulfilled, partly-fulfilled, not-fulfilled, retracted, "
                                              "unresolvable, in-progress or stalled."),
    on: str | None = typer.Option(None, "--on", help="When it happened (default today; not before the claim "
                                                     "was said, not in the future). " + DATE_ORDER_HELP),
    evidence: str | None = typer.Option(None, "--evidence", help="URL of the evidence."),
    note: str | None = typer.Option(None, "--note", help="Why."),
    if_status: IfStatusOpt = None,
    seen_event: SeenEventOpt = None,
    by: str | None = typer.Option(None, "--by", help="Who decided (default: your user name)."),
    json_: JsonOpt = False,
) -> None:
    """Record how a claim turned out (or that it is in progress or stalled); prints 'from -> to'."""
    from claims import status
    from claims.services import tracking

    new_status = _param(lambda: status.parse_status(as_), "--as")
    expected = _guard(if_status, seen_event)
    change = tracking.resolve(_database(ctx), claim_id, new_status, on=_on_date(on), by=_by(by), today=_today(),
                              evidence=evidence, note=note, if_status=expected, seen_event=seen_event)
    _changed(change, json_, f"Claim {claim_id}: {change.from_status} -> {change.to_status}.")


@app.command()
def reopen(
    ctx: typer.Context,
    claim_id: ClaimId,
    note: str = typer.Option(..., "--note", help="Why it is open again."),
    on: str | None = typer.Option(None, "--on", help="When (default today). " + DATE_ORDER_HELP),
    if_status: IfStatusOpt = None,
    seen_event: SeenEventOpt = None,
    by: ByOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Set a resolved claim back to open (the earlier resolution stays in its history)."""
    from claims.services import tracking

    expected = _guard(if_status, seen_event)
    change = tracking.reopen(_database(ctx), claim_id, note=note, on=_on_date(on), by=_by(by), today=_today(),
                             if_status=expected, seen_event=seen_event)
    _changed(change, json_, f"Claim {claim_id}: {change.from_status} -> {change.to_status} (open again).")


@app.command()
def note(
    ctx: typer.Context,
    claim_id: ClaimId,
    text: str | None = typer.Argument(None, help="The note."),
    evidence: str | None = typer.Option(None, "--evidence", help="URL of the evidence."),
    on: str | None = typer.Option(None, "--on", help="When it happened (default today). " + DATE_ORDER_HELP),
    if_status: IfStatusOpt = None,
    seen_event: SeenEventOpt = None,
    by: ByOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Add a note or evidence to a claim's history without changing its status."""
    from claims.services import tracking

    expected = _guard(if_status, seen_event)
    change = tracking.annotate(_database(ctx), claim_id, note=text, evidence=evidence, on=_on_date(on), by=_by(by),
                               today=_today(), if_status=expected, seen_event=seen_event)
    _changed(change, json_, f"Noted on claim {claim_id} (#{change.event}; status {change.to_status}).")


@app.command()
def reschedule(
    ctx: typer.Context,
    claim_id: ClaimId,
    due: str = typer.Option(..., "--due", help="New end of the due window. " + DATE_ORDER_HELP),
    start: str | None = typer.Option(None, "--start", help="New start of the due window. " + DATE_ORDER_HELP),
    note: str | None = typer.Option(None, "--note", help="Why it moved."),
    if_status: IfStatusOpt = None,
    seen_event: SeenEventOpt = None,
    by: ByOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Move a claim's due window (recorded in its history; re-analysis never moves it back)."""
    from claims.language.dates import parse_date, parse_due
    from claims.services import tracking

    today = _today()
    end = _param(lambda: parse_due(due, today), "--due")
    _say_date_order("--due", due, end)
    begin = _param(lambda: parse_date(start, today)[0], "--start") if start else None
    if start:
        _say_date_order("--start", start, begin)
    expected = _guard(if_status, seen_event)
    change = tracking.reschedule(_database(ctx), claim_id, due_start=begin, due_end=end, on=today, by=_by(by),
                                 today=today, note=note, if_status=expected, seen_event=seen_event)
    _changed(change, json_, f"Claim {claim_id} is now due by {change.claim['due']['end']} "
                            f"(status {change.to_status}).")


def _day(value: str | None):  # noqa: ANN202
    from datetime import date

    return date.fromisoformat(value) if value else None


def _on_date(value: str | None):  # noqa: ANN202
    day = _on(value)
    if value:
        _say_date_order("--on", value, day)
    return day


def _say_date_order(option: str, value: str | None, read_as) -> None:  # noqa: ANN001
    """Never silent: say how an ambiguous numeric date (02/03/2016) was read."""
    from claims.language.dates import ambiguous, date_order

    if value and read_as is not None and ambiguous(value):
        order = "month first" if date_order() == "MDY" else "day first"
        typer.echo(f"Note: {option} {value} read as {read_as.isoformat()} ({order}; date_order in config.json).",
                   err=True)
