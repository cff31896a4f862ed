"""The review queue: `claims review` lists doubtful attributions; `claims review ID ...` settles one."""

from __future__ import annotations

import typer

from claims.commands.app import app
from claims.commands.common import JSON_HELP, LIMIT_HELP, _by, _database, _limit, _on, _store


@app.command()
def review(
    ctx: typer.Context,
    claim_id: int | None = typer.Argument(None, metavar="ID", help="The claim to settle; omit to list the queue."),
    accept: bool = typer.Option(False, "--accept", help="The attribution is right."),
    speaker: str | None = typer.Option(None, "--speaker", "-s", help="It was said by NAME instead."),
    not_a_quote: bool = typer.Option(False, "--not-a-quote", help="Nobody said it: stop tracking it."),
    note: str | None = typer.Option(None, "--note", help="Why (kept in the claim's history)."),
    on: str | None = typer.Option(None, "--on", help="When it was checked (default today)."),
    by: str | None = typer.Option(None, "--by", help="Who reviewed it (default: your user name)."),
    limit: int = typer.Option(100, "--limit", "-n", help=LIMIT_HELP),
    json_: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Claims whose attribution is doubtful, with the sentence around each and the candidates weighed."""
    from claims.commands import render
    from claims.services import review as review_mod

    if claim_id is None:
        if accept or speaker is not None or not_a_quote or note:
            raise typer.BadParameter("give the claim's ID to settle it", param_hint="ID")
        items = review_mod.pending(_database(ctx), limit=_limit(limit) or 0)
        if json_:
            render.print_json(items)
        else:
            render.review_text(items)
        return
    from claims.language.normalize import clean_text

    note_ = clean_text(note, "--note")
    done = review_mod.settle(_store(ctx), claim_id, accept=accept, speaker=speaker, not_a_quote=not_a_quote,
                             on=_on(on), by=_by(by), note=note_)
    if json_:
        render.print_json(done)
    else:
        typer.echo(f"claim {claim_id}: {review_mod.describe(done)}")
