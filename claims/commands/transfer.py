"""Import and export."""

from __future__ import annotations

import os
import sys

import typer

from claims.commands.app import app
from claims.commands.common import (
    _by,
    _param,
    _store,
    _today,
)
from claims.errors import ClaimsError


@app.command("import")
def import_(
    ctx: typer.Context,
    file: str = typer.Argument(..., help="JSON Lines or CSV file; - for stdin."),
    fmt: str | None = typer.Option(None, "--format", help="jsonl, csv or predictionbook (PredictionBook's JSON "
                                                          "export; default: from the file name)."),
    skip_invalid: bool = typer.Option(False, "--skip-invalid", help="Import the good records, report the rest."),
    map_: list[str] = typer.Option([], "--map", help="FIELD=COLUMN: read a claims field from another column, "
                                                       "e.g. --map text=promise (repeat for more)."),
    set_: list[str] = typer.Option([], "--set", help="FIELD=VALUE for every record, e.g. --set kind=promise."),
    no_analysis: bool = typer.Option(False, "--no-analysis", help="Do not analyse hedging and time frames."),
    by: str | None = typer.Option(None, "--by", help="Who is recording this (default: your user name)."),
    json_: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Import claims; records already present are not added again."""
    from claims.commands import render
    from claims.commands.progress import progress
    from claims.services import transfer

    mapping = _param(lambda: transfer.parse_mapping(map_, "--map"), "--map")
    constants = _param(lambda: transfer.parse_mapping(set_, "--set"), "--set")
    store = _store(ctx)
    if fmt and fmt.lower() == "predictionbook":
        from claims.services import predictionbook

        if map_ or set_ or skip_invalid:
            raise typer.BadParameter("--map, --set and --skip-invalid do not apply to PredictionBook files",
                                     param_hint="--format")
        report = predictionbook.import_file(store, file, by=_by(by), today=_today())
    else:
        with progress() as report_progress:
            report = transfer.import_file(store, file, fmt=fmt, skip_invalid=skip_invalid, by=_by(by),
                                          today=_today(), analyze=not no_analysis, mapping=mapping,
                                          constants=constants, progress=report_progress)
    if json_:
        render.print_json(report.as_dict())
    else:
        typer.echo(report.summary(), err=True)
    for line, error in report.skipped:
        typer.echo(f"skipped line {line}: {error}", err=True)
    if report.skipped:
        raise typer.Exit(1)


@app.command()
def export(
    ctx: typer.Context,
    fmt: str = typer.Option("jsonl", "--format", help="jsonl or csv (every claim with its history); "
                                                       "claimreview (JSON-LD of resolved claims) or ics (calendar)."),
    output: str | None = typer.Option(None, "--output", "-o", help="File to write (default stdout)."),
    base_url: str | None = typer.Option(None, "--base-url", help="claimreview, ics: where the site is published."),
    speaker: list[str] = typer.Option([], "--speaker", help="claimreview, ics: only this speaker (repeatable)."),
    tag: list[str] = typer.Option([], "--tag", help="claimreview, ics: only claims with this tag (repeatable)."),
) -> None:
    """Export every claim with its history (import reads it back), or publish: ClaimReview, a calendar."""
    from claims.commands.site import PUBLISH_FORMATS, export_publication

    if fmt in PUBLISH_FORMATS:
        export_publication(ctx, fmt, output, base_url=base_url, speakers=speaker, tags=tag)
        return
    from claims.services import transfer

    if fmt not in ("jsonl", "csv"):
        raise typer.BadParameter("use jsonl, csv, claimreview or ics", param_hint="--format")
    if base_url or speaker or tag:
        raise typer.BadParameter("--base-url, --speaker and --tag go with claimreview and ics")
    store = _store(ctx)
    if output and output != "-":
        tmp = output + ".part"
        try:
            with open(tmp, "w", encoding="utf-8", newline="") as out:
                n = transfer.export(store, out, fmt=fmt, as_of=_today())
            os.replace(tmp, output)
        except OSError as exc:
            raise ClaimsError(f"cannot write {output}: {exc.strerror or exc}") from None
        typer.echo(f"Exported {n} claims to {output}.", err=True)
    else:
        transfer.export(store, sys.stdout, fmt=fmt, as_of=_today())
