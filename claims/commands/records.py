"""Track records: record, records, calibration (the figures are in ``claims.services.records``)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer

from claims.commands.app import app
from claims.commands.common import CsvOpt, JsonOpt, NlOpt, _one_format, _param, _today

AS_OF_HELP = "Compute every figure from the history recorded by the end of this day (default: now)."
SINCE_HELP = "Only claims said (or published) on or after this date."
PARTLY_HELP = "Score partly-fulfilled claims as this outcome (0..1); by default they are left out of scores."
BY_CHOICES = "speaker, tag, outlet, kind, hedge or timeframe"
# The filters the three commands share, declared once.
KindOpt = Annotated[str | None, typer.Option("--kind", help="Only prediction, promise or statement claims.")]
TagOpt = Annotated[str | None, typer.Option("--tag", "-t", help="Only claims with this tag.")]
SinceOpt = Annotated[str | None, typer.Option("--since", help=SINCE_HELP)]
RecordAsOfOpt = Annotated[str | None, typer.Option("--as-of", help=AS_OF_HELP)]
PartlyOpt = Annotated[float | None, typer.Option("--partly-as", help=PARTLY_HELP)]


def _db(ctx: typer.Context) -> Any:
    from claims.store.db import open_database

    return open_database((ctx.find_root().obj or {}).get("db"))


def _day(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    from claims.language.dates import parse_date

    day = _param(lambda: parse_date(value, _today())[0], name)
    if day > _today():
        raise typer.BadParameter(f"{day.isoformat()} is in the future", param_hint=name)
    return day


@app.command()
def record(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Speaker name or alias."),
    kind: KindOpt = None,
    tag: TagOpt = None,
    since: SinceOpt = None,
    as_of: RecordAsOfOpt = None,
    partly_as: PartlyOpt = None,
    json_: JsonOpt = False,
) -> None:
    """One speaker's track record: kept promises, timeliness, deadline slips, scores and calibration."""
    from claims.commands import records_render
    from claims.services import records as rec

    result = rec.track_record(_db(ctx), name, kind=kind, tag=tag, since=_day(since, "--since"),
                              as_of=_day(as_of, "--as-of"), partly_as=partly_as)
    if json_:
        from claims.commands.render import print_json

        print_json(result)
    else:
        records_render.record_text(result)


@app.command()
def records(
    ctx: typer.Context,
    by: str = typer.Option("speaker", "--by", help=f"Group by {BY_CHOICES}."),
    min_: int = typer.Option(1, "--min", help="Only groups with at least N resolved claims."),
    kind: KindOpt = None,
    tag: TagOpt = None,
    since: SinceOpt = None,
    as_of: RecordAsOfOpt = None,
    partly_as: PartlyOpt = None,
    json_: JsonOpt = False,
    nl: NlOpt = False,
    csv_: CsvOpt = False,
) -> None:
    """Track records, one row per group, most resolved claims first."""
    from claims.commands import records_render, render
    from claims.services import records as rec

    _one_format(json=json_, nl=nl, csv=csv_)
    if by not in rec.GROUPINGS:
        raise typer.BadParameter(f"choose {BY_CHOICES}", param_hint="--by")
    if min_ < 1:
        raise typer.BadParameter("must be 1 or more", param_hint="--min")
    rows = rec.records(_db(ctx), by=by, min_resolved=min_, kind=kind, tag=tag, since=_day(since, "--since"),
                       as_of=_day(as_of, "--as-of"), partly_as=partly_as)
    if json_:
        render.print_json_rows(rows)
    elif nl:
        render.print_nl(rows)
    elif csv_:
        records_render.records_csv(rows)
    elif not rows:
        typer.echo("No groups with resolved claims.", err=True)
    else:
        records_render.records_table(rows, by)


@app.command()
def calibration(
    ctx: typer.Context,
    speaker: str | None = typer.Option(None, "--speaker", "-s", help="Only this speaker's claims."),
    tag: TagOpt = None,
    by: str = typer.Option("bin", "--by", help="bin (ten bins of stated probability) or hedge (per phrase)."),
    as_of: RecordAsOfOpt = None,
    partly_as: PartlyOpt = None,
    json_: JsonOpt = False,
    chart: str | None = typer.Option(None, "--chart", help="Also draw the calibration chart: FILE.svg or FILE.png."),
) -> None:
    """How often what was said to be X% likely came true: ten bins with 90% intervals, and the scores."""
    from claims.commands import records_render
    from claims.services import records as rec

    if by not in ("bin", "hedge"):
        raise typer.BadParameter("choose bin or hedge", param_hint="--by")
    if chart is not None:
        from claims.services import charts

        _param(lambda: charts.check_output(chart), "--chart")
    result = rec.calibration(_db(ctx), speaker=speaker, tag=tag, by=by, as_of=_day(as_of, "--as-of"),
                             partly_as=partly_as)
    if chart is not None:
        from claims.services import charts

        charts.calibration_chart(result, chart)
        typer.echo(f"Wrote {chart}.", err=True)
    if json_:
        from claims.commands.render import print_json

        print_json(result)
    else:
        records_render.calibration_text(result)
