"""Restatements and reversals: links, link, unlink, slips, trend, follow-ups.

Reads go through the light driver path (:mod:`claims.store.db`); link and unlink write through the store.
"""

from __future__ import annotations

import sys
from typing import Any

import typer

from claims.commands.app import app
from claims.commands.common import CSV_HELP, JSON_HELP, _by, _one_format, _report, _store

BY_HELP = "Who settled it (default: your user name)."


def _database(ctx: typer.Context) -> Any:
    from claims.store.db import open_database

    return open_database((ctx.find_root().obj or {}).get("db"))


def _table(columns: list[str], rows: list[list[Any]]) -> None:
    from rich import box
    from rich.table import Table

    from claims.commands.render import _console

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    _console().print(table)


def _clip(text: str | None, n: int = 70) -> str:
    from claims.commands.render import _clip as clip

    return clip(text, n)


@app.command("links")
def links_(
    ctx: typer.Context,
    speaker: str | None = typer.Option(None, "--speaker", "-s", help="Only this speaker's claims."),
    pending: bool = typer.Option(False, "--pending", help="Only suggestions waiting for review."),
    json_: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """List restatement and reversal links and suggestions, with their scores, newest first."""
    from claims.commands.render import print_json
    from claims.services.restatement_reports import links

    with _database(ctx).read() as r:
        rows = links(r, speaker=speaker, pending=pending)
    if json_:
        print_json(rows)
    elif not rows:
        typer.echo("No suggestions waiting." if pending else "No links.", err=True)
    else:
        _table(["link", "new", "old", "relation", "state", "score", "speaker", "new quote", "earlier quote"],
               [[x["id"], x["new"], x["old"], x["relation"], x["state"],
                 "" if x["score"] is None else f"{x['score']:.2f}", x["speaker"], _clip(x["new_text"], 50),
                 _clip(x["old_text"], 50)] for x in rows])


@app.command("link")
def link_(
    ctx: typer.Context,
    new: int = typer.Argument(..., help="The later claim."),
    old: int = typer.Argument(..., help="The earlier claim it restates (or reverses)."),
    as_: str = typer.Option("restatement", "--as", help="restatement or reversal."),
    force: bool = typer.Option(False, "--force", help="Link claims by different speakers."),
    by: str | None = typer.Option(None, "--by", help=BY_HELP),
    json_: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Link claim NEW to the earlier claim OLD by hand (or take the suggestion to)."""
    from claims.services import restatements

    made = restatements.link(_store(ctx), new, old, relation=as_, force=force, by=_by(by))
    what = "a restatement of" if as_ == "restatement" else "a reversal of"
    slip = f"; deadline moved {made['slip_days']} days later" if made.get("slip_days") else ""
    _report(made, json_, f"Claim {new} is now {what} claim {old} (link {made['id']}){slip}.")


@app.command("unlink")
def unlink_(
    ctx: typer.Context,
    new: int = typer.Argument(..., help="The claim to unlink."),
    by: str | None = typer.Option(None, "--by", help=BY_HELP),
    json_: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Undo claim NEW's link (it is tracked on its own again), or dismiss the suggestions for it."""
    from datetime import date

    from claims.services import restatements

    result = restatements.unlink(_store(ctx), new, by=_by(by), on=date.today())
    if result["unlinked"]:
        msg = f"Claim {new} is no longer linked to claim {result['unlinked']['old']}."
    else:
        msg = f"Dismissed {result['dismissed']} suggestion(s) for claim {new}."
    _report(result, json_, msg)


@app.command("slips")
def slips_(
    ctx: typer.Context,
    speaker: str | None = typer.Option(None, "--speaker", "-s", help="Only this speaker's claims."),
    min_: int = typer.Option(1, "--min", help="Only claims whose deadline slipped at least N times."),
    json_: bool = typer.Option(False, "--json", help=JSON_HELP),
    csv_: bool = typer.Option(False, "--csv", help=CSV_HELP),
) -> None:
    """Claims whose deadlines moved later when restated: how often and how far, most first."""
    from claims.commands.render import print_json
    from claims.services.restatement_reports import slips

    _one_format(json=json_, csv=csv_)
    if min_ < 0:
        raise typer.BadParameter("must be 0 or more", param_hint="--min")
    with _database(ctx).read() as r:
        rows = slips(r, speaker=speaker, min_slips=min_)
    cols = ["id", "speaker", "times_said", "slips", "days_slipped", "first_due", "due", "status", "summary"]
    if json_:
        print_json(rows)
    elif csv_:
        import csv

        from claims.services.transfer import guard

        writer = csv.writer(sys.stdout)
        writer.writerow(cols)
        for x in rows:
            writer.writerow([guard(x[c]) for c in cols])
    elif not rows:
        typer.echo("No slipped deadlines.", err=True)
    else:
        _table(["id", "speaker", "said", "slips", "days", "first due", "due now", "status", "summary"],
               [[x[c] if c != "summary" else _clip(x[c], 60) for c in cols] for x in rows])


@app.command("trend")
def trend_(
    ctx: typer.Context,
    claim_id: int = typer.Argument(..., metavar="ID", help="The claim's id."),
    json_: bool = typer.Option(False, "--json", help=JSON_HELP),
    chart: str | None = typer.Option(None, "--chart", help="Also draw the trend to FILE (.png, .svg, .pdf; "
                                     "needs the charts extra)."),
) -> None:
    """The milestone trend of a claim: each time it was said, the due end it gave then, and where it stands."""
    from claims.commands.render import print_json
    from claims.services.restatement_reports import trend, trend_chart

    with _database(ctx).read() as r:
        data = trend(r, claim_id)
    if chart:
        trend_chart(data, chart)
        typer.echo(f"Chart written to {chart}", err=True)
    if json_:
        print_json(data)
        return
    if data["asked"] != data["id"]:
        typer.echo(f"Claim {data['asked']} restates claim {data['id']}, which is tracked:")
    typer.echo(f"Claim {data['id']} · {data['speaker']} · {data['status']} · due {data['due'] or 'open'} · said "
               f"{data['times_said']} times, {data['slips']} slips ({data['days_slipped']} days)")
    _table(["claim", "said", "outlet", "due given", "due after", "slip", "quote"],
           [[s["claim"], s["said_on"], s["outlet"], s["due_given"], s["due_after"],
             f"+{s['slip_days']}d" if s["slip_days"] else "", _clip(s["text"], 60)] for s in data["said"]])
    if data["reversed_by"]:
        typer.echo("Reversed by claim(s): " + ", ".join(str(i) for i in data["reversed_by"]))


@app.command("follow-ups")
def follow_ups_(
    ctx: typer.Context,
    claim_id: int = typer.Argument(..., metavar="ID", help="The claim's id."),
    limit: int = typer.Option(20, "--limit", "-n", help="Show at most N quotes."),
    json_: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Later quotes (any speaker) about the same subject as claim ID, newest first, with the words they share."""
    from claims.commands.render import print_json
    from claims.services.restatement_reports import follow_ups

    if limit < 1:
        raise typer.BadParameter("must be 1 or more", param_hint="--limit")
    with _database(ctx).read() as r:
        rows = follow_ups(r, claim_id, limit=limit)
    if json_:
        print_json(rows)
    elif not rows:
        typer.echo(f"No later quotes about the subject of claim {claim_id}.", err=True)
    else:
        _table(["quote", "claim", "speaker", "said", "shared", "text"],
               [[x["quote"], x["claim"], x["speaker"], x["said_on"], ", ".join(x["shared"]), _clip(x["text"], 60)]
                for x in rows])
