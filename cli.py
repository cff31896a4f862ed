"""The `claims` command line: parse arguments, call the library in `claims/`, print.

The app and the commands for recording, reading, import/export and the database are here; the commands
that read text (analyze, ingest, quotes, speakers merge/split) are in `cli_articles.py`, and what they all
share (error handling, option helpers) in `cli_common.py`. Start-up imports typer and the standard
library only; the library (SQLAlchemy, dateparser, rich) is imported inside the commands, so
`claims --help` stays fast.
"""

from __future__ import annotations

import os
import sys

import typer

import cli_articles
from claims.errors import ClaimsError
from cli_common import (
    CSV_HELP,
    DB_HELP,
    JSON_HELP,
    LIMIT_HELP,
    ClaimsGroup,
    _as_of,
    _by,
    _done,
    _limit,
    _on,
    _one_format,
    _param,
    _print_claims,
    _store,
    _today,
)

app = typer.Typer(cls=ClaimsGroup, rich_markup_mode=None, no_args_is_help=True, add_completion=False,
                  help="Track what public figures predicted and promised, and whether it came true.")
db_app = typer.Typer(cls=ClaimsGroup, rich_markup_mode=None, no_args_is_help=True,
                     help="The database: where it is, its schema version, upgrades.")
speakers_app = typer.Typer(cls=ClaimsGroup, rich_markup_mode=None, invoke_without_command=True,
                           help="List speakers (with claim counts by status); merge or split them.")
app.add_typer(db_app, name="db")
app.add_typer(speakers_app, name="speakers")

@app.callback()
def main_callback(
    ctx: typer.Context,
    db: str | None = typer.Option(None, "--db", envvar="CLAIMS_DB", help=DB_HELP),
) -> None:
    ctx.obj = {"db": db}


# -- recording -----------------------------------------------------------------------------------

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
    from claims import tracking

    fields = {"text": text, "speaker": speaker, "said_on": said, "published_on": published, "url": url,
              "outlet": outlet, "title": title, "source_kind": source_kind, "speaker_title": speaker_title,
              "kind": kind, "summary": summary, "due": due, "probability": probability, "tags": tag}
    claim, created = tracking.add(_store(ctx), fields, by=_by(by), today=_today())
    if not created:
        typer.echo(f"Already recorded as claim {claim['id']}.", err=True)
    if json_:
        from claims.render import print_json

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
    from claims import status, tracking

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
    from claims import tracking

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
    from claims import tracking

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
    from claims import tracking
    from claims.dates import parse_date, parse_due

    today = _today()
    end = _param(lambda: parse_due(due, today), "--due")
    begin = _param(lambda: parse_date(start, today)[0], "--start") if start else None
    claim = tracking.reschedule(_store(ctx), claim_id, due_start=begin, due_end=end, on=today, by=_by(by),
                                today=today, note=note)
    _done(claim, json_, f"Claim {claim_id} is now due by {claim['due']['end']}.")


# -- reading -------------------------------------------------------------------------------------

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
) -> None:
    """List claims, newest first."""
    from claims import queries, status

    _one_format(json=json_, nl=nl, csv=csv_)
    st = _param(lambda: status.parse_status(status_), "--status") if status_ else None
    kd = _param(lambda: status.parse_kind(kind), "--kind") if kind else None
    day = _as_of(as_of)
    before = _param(lambda: __import__("claims.dates").dates.parse_date(due_before, day)[0],
                    "--due-before") if due_before else None
    n = _limit(limit)
    store = _store(ctx)
    with store.read() as session:
        claims = queries.list_claims(session, as_of=day, speaker=speaker, status_=st, kind=kd, tag=tag,
                                     overdue=overdue, due_before=before, limit=n)
    _print_claims(claims, json_, csv_, nl, limit=n)


@app.command()
def due(
    ctx: typer.Context,
    as_of: str | None = typer.Option(None, "--as-of", help="The day to judge from (default today)."),
    within: int = typer.Option(30, "--within", help="Also list claims falling due within DAYS."),
    limit: int = typer.Option(100, "--limit", "-n", help=LIMIT_HELP),
    json_: bool = typer.Option(False, "--json", help=JSON_HELP),
    nl: bool = typer.Option(False, "--nl", help="Print JSON lines."),
    csv_: bool = typer.Option(False, "--csv", help=CSV_HELP),
) -> None:
    """The worklist: overdue claims first (oldest due first), then those falling due soon."""
    from claims import queries

    _one_format(json=json_, nl=nl, csv=csv_)
    if within < 0:
        raise typer.BadParameter("must be 0 or more", param_hint="--within")
    day = _as_of(as_of)
    n = _limit(limit)
    with _store(ctx).read() as session:
        claims = queries.due_claims(session, as_of=day, within=within, limit=n)
    _print_claims(claims, json_, csv_, nl, title=f"Due as of {day.isoformat()} (+{within} days)", limit=n)


@app.command()
def show(
    ctx: typer.Context,
    claim_id: int = typer.Argument(..., metavar="ID"),
    as_of: str | None = typer.Option(None, "--as-of"),
    json_: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """One claim with its source, analysis and history."""
    from claims import queries, render

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
    from claims import queries, render

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
) -> None:
    """Full-text search over quotes, summaries and notes."""
    from claims import search as search_mod

    _one_format(json=json_, nl=nl, csv=csv_)
    n = _limit(limit)
    with _store(ctx).read() as session:
        claims = search_mod.search(session, query, as_of=_as_of(as_of), limit=n, raw=raw, sort=sort)
    _print_claims(claims, json_, csv_, nl, limit=n)


@speakers_app.callback()
def speakers(
    ctx: typer.Context,
    json_: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Everyone quoted, most claims first."""
    if ctx.invoked_subcommand is not None:
        return
    from claims import queries, render

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
    from claims import queries, render

    with _store(ctx).read() as session:
        detail = queries.speaker_detail(session, name, _as_of(as_of))
    if json_:
        render.print_json(detail)
    else:
        render.speaker_text(detail)


# -- analysis ------------------------------------------------------------------------------------

cli_articles.register(app, speakers_app)


# -- import and export ---------------------------------------------------------------------------

@app.command("import")
def import_(
    ctx: typer.Context,
    file: str = typer.Argument(..., help="JSON Lines or CSV file; - for stdin."),
    fmt: str | None = typer.Option(None, "--format", help="jsonl or csv (default: from the file name)."),
    skip_invalid: bool = typer.Option(False, "--skip-invalid", help="Import the good records, report the rest."),
    map_: list[str] = typer.Option([], "--map", help="FIELD=COLUMN: read a claims field from another column, "
                                                       "e.g. --map text=promise (repeat for more)."),
    set_: list[str] = typer.Option([], "--set", help="FIELD=VALUE for every record, e.g. --set kind=promise."),
    no_analysis: bool = typer.Option(False, "--no-analysis", help="Do not analyse hedging and time frames."),
    by: str | None = typer.Option(None, "--by"),
    json_: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Import claims; records already present are not added again."""
    from claims import render, transfer

    mapping = _param(lambda: transfer.parse_mapping(map_, "--map"), "--map")
    constants = _param(lambda: transfer.parse_mapping(set_, "--set"), "--set")
    report = transfer.import_file(_store(ctx), file, fmt=fmt, skip_invalid=skip_invalid, by=_by(by),
                                  today=_today(), analyze=not no_analysis, mapping=mapping,
                                  constants=constants)
    if json_:
        render.print_json(report.as_dict())
    else:
        typer.echo(f"Read {report.read} records: {report.added} added, {report.existing} already present, "
                   f"{len(report.skipped)} skipped.", err=True)
    for line, error in report.skipped:
        typer.echo(f"skipped line {line}: {error}", err=True)
    if report.skipped:
        raise typer.Exit(1)


@app.command()
def export(
    ctx: typer.Context,
    fmt: str = typer.Option("jsonl", "--format", help="jsonl or csv."),
    output: str | None = typer.Option(None, "--output", "-o", help="File to write (default stdout)."),
) -> None:
    """Export every claim with its history (import reads it back)."""
    from claims import transfer

    if fmt not in ("jsonl", "csv"):
        raise typer.BadParameter("use jsonl or csv", param_hint="--format")
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


# -- database ------------------------------------------------------------------------------------

@db_app.command("info")
def db_info(ctx: typer.Context, json_: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """Backend, location (password hidden), schema version and row counts."""
    from claims import render

    store = _store(ctx)
    info = {"backend": store.backend, "location": store.location, "schema_version": store.revision(),
            "counts": store.counts()}
    if json_:
        render.print_json(info)
    else:
        render.kv({"backend": info["backend"], "location": info["location"],
                   "schema version": info["schema_version"],
                   **{f"{k} rows": v for k, v in info["counts"].items()}})


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context) -> None:
    """Upgrade the schema to this version of claims (also done automatically on first use)."""
    from claims.store import SCHEMA_REVISION

    store = _store(ctx)
    typer.echo(f"Schema is at {store.revision()} (current: {SCHEMA_REVISION}).", err=True)


def main() -> None:
    app(prog_name="claims")


if __name__ == "__main__":
    main()
