"""`claims` commands for reading text: analyze, reanalyze, ingest, quotes, speakers merge and split."""

from __future__ import annotations

import sys

import typer

from claims.commands.common import (
    FULL_HELP,
    JSON_HELP,
    LEXICON_HELP,
    LIMIT_HELP,
    _by,
    _database,
    _lexicons,
    _limit,
    _param,
    _report,
    _store,
    _today,
)
from claims.errors import ClaimsError
from claims.language.dates import DATE_ORDER_HELP


def register(app: typer.Typer, speakers_app: typer.Typer) -> None:
    """Add these commands to the `claims` app."""

    @app.command()
    def analyze(
        text: str = typer.Argument(..., help="What was said; - reads stdin, one sentence or passage per line."),
        said: str | None = typer.Option(None, "--said", help="When it was said ('Thursday', '2016-05-19'). "
                                                             + DATE_ORDER_HELP),
        published: str | None = typer.Option(None, "--published", help="Publication date (for --said)."),
        lexicon: list[str] = typer.Option([], "--lexicon", help=LEXICON_HELP),
        json_: bool = typer.Option(False, "--json", help="Print JSON (JSON lines for stdin)."),
    ) -> None:
        """Show the hedges, implied probability, time frame and kind the analysis reads in TEXT."""
        from claims.commands import render
        from claims.language import analysis
        from claims.language import lexicon as lexicon_mod
        from claims.language.dates import not_in_future, parse_date
        from claims.language.normalize import clean_text
        from claims.language.said import resolve_said

        today = _today()
        pub = _param(lambda: parse_date(published, today)[0], "--published") if published else None
        if pub:
            _param(lambda: not_in_future(pub, today, "--published"), "--published")
        said_on = precision = None
        if said:
            said_on, precision = _param(lambda: resolve_said(said, pub or today), "--said")
        lex = lexicon_mod.load(_lexicons(lexicon))

        def one(line: str) -> dict:
            body = _param(lambda: clean_text(line, "text", required=True), "TEXT")
            return analysis.analyze(body, said_on=said_on, said_precision=precision, published_on=pub, today=today,
                                    lex=lex)

        if text == "-":
            from claims.reading.files import decode

            content = decode(sys.stdin.buffer.read(), "stdin")
            lines = [ln for ln in content.splitlines() if ln.strip()]
            if not lines:
                raise ClaimsError("stdin holds no text")
            results = [one(ln) for ln in lines]  # JSON lines whatever the flag: one object per input line
            render.print_nl({"text": " ".join(ln.split()), **r} for ln, r in zip(lines, results, strict=True))
            return
        result = one(text)
        if json_:
            render.print_json(result)
        else:
            render.analysis_text(" ".join(text.split()), result)


    @app.command()
    def reanalyze(
        ctx: typer.Context,
        claim_id: int | None = typer.Argument(None, metavar="[ID]", help="The claim's id (or --all)."),
        all_: bool = typer.Option(False, "--all", help="Every claim (progress on stderr on a terminal)."),
        lexicon: list[str] = typer.Option([], "--lexicon", help=LEXICON_HELP),
        by: str | None = typer.Option(None, "--by", help="Who is recording this (default: your user name)."),
        json_: bool = typer.Option(False, "--json", help=JSON_HELP),
    ) -> None:
        """Run the analysis on a claim (or --all) again; what changed is recorded in its history."""
        from claims.services import tracking

        if (claim_id is None) == (not all_):
            raise typer.BadParameter("give a claim ID or --all (not both)")
        lexicons = _lexicons(lexicon)
        if all_:
            from claims.commands.progress import progress
            from claims.services.reanalysis import reanalyze_all

            with progress() as report:
                result = reanalyze_all(_store(ctx), by=_by(by), today=_today(), lexicons=lexicons, progress=report)
            _report(result, json_, f"Re-analysed {result['reanalysed']} claims: {result['changed']} changed.")
            return
        assert claim_id is not None  # one of the two, checked above
        claim, changes = tracking.reanalyze(_store(ctx), claim_id, by=_by(by), today=_today(), lexicons=lexicons)
        if json_:
            from claims.commands.render import print_json

            print_json({"claim": claim, "changes": changes})
        elif changes:
            typer.echo(f"Claim {claim_id} re-analysed: {', '.join(sorted(changes))} changed.")
        else:
            typer.echo(f"Claim {claim_id}: nothing changed.", err=True)


    # -- articles and quotes -------------------------------------------------------------------------

    @app.command()
    def ingest(
        ctx: typer.Context,
        files: list[str] = typer.Argument(..., help="Plain-text or HTML articles; - for stdin."),
        published: str | None = typer.Option(None, "--published", help="Publication date (wins over the file's). "
                                                                       + DATE_ORDER_HELP),
        outlet: str | None = typer.Option(None, "--outlet", help="Outlet (wins over the file's)."),
        url: str | None = typer.Option(None, "--url", help="URL of the article."),
        title: str | None = typer.Option(None, "--title", help="Headline (wins over the file's)."),
        dry_run: bool = typer.Option(False, "--dry-run", help="Show what would be stored; store nothing."),
        review_below: float | None = typer.Option(
            None, "--review-below", metavar="0..1",
            help="Put claims whose attribution confidence is below this on the review queue "
                 "(default 0.7, or review_below in config.json)."),
        by: str | None = typer.Option(None, "--by", help="Who is recording this (default: your user name)."),
        json_: bool = typer.Option(False, "--json", help="Print {source, quotes} per article as JSON."),
        jobs: int | None = typer.Option(
            None, "--jobs", "-j", metavar="N",
            help="Processes in all: one stores while the others read the articles (default: the cores, at "
                 "most 5; 1: this process alone). Used for 16 files or more."),
    ) -> None:
        """Find every quotation in articles, who said it and when; track the predictions and promises."""
        from claims.commands import render
        from claims.commands.progress import progress
        from claims.language.dates import not_in_future, parse_date
        from claims.language.normalize import clean_text
        from claims.services.ingest_files import ingest_files
        from claims.services.intake import clean_url

        today = _today()
        pub = _param(lambda: parse_date(published, today)[0], "--published") if published else None
        if pub:
            _param(lambda: not_in_future(pub, today, "--published"), "--published")
        outlet_ = _param(lambda: clean_text(outlet, "--outlet", limit=300), "--outlet")
        title_ = _param(lambda: clean_text(title, "--title", limit=2000), "--title")
        url_ = _param(lambda: clean_url(url), "--url")
        if jobs is not None and jobs < 1:
            raise typer.BadParameter(f"{jobs} is not a number of processes (1 or more)", param_hint="'--jobs'")
        if review_below is not None and not 0 <= review_below <= 1:  # checked here: Typer's min/max bring pydantic
            raise typer.BadParameter(f"{review_below:g} is not between 0 and 1", param_hint="'--review-below'")
        store = None if dry_run else _database(ctx)
        who = _by(by)
        options = {"published": pub, "outlet": outlet_, "url": url_, "title": title_}
        with progress() as report:
            results, failed = ingest_files(store, files, options=options, by=who, today=today, dry_run=dry_run,
                                           full_claims=json_, review_below=review_below, jobs=jobs,
                                           progress=report if len(files) > 1 else None)
        if json_:
            render.print_json(results if len(files) > 1 else (results[0] if results else []))
        else:
            for result in results:
                render.ingest_text(result, dry_run=dry_run)
        for path, error in failed:
            typer.echo(f"Error: {path}: {error}" if not error.startswith(path) else f"Error: {error}", err=True)
        if failed:
            typer.echo(f"{len(failed)} of {len(files)} files failed; the others were ingested.", err=True)
            raise typer.Exit(1)


    @app.command()
    def quotes(
        ctx: typer.Context,
        query: str | None = typer.Argument(None, help="Words to find (all of them); omit to list the newest."),
        speaker: str | None = typer.Option(None, "--speaker", "-s", help="Only quotes by this speaker (or an alias)."),
        limit: int = typer.Option(100, "--limit", "-n", help=LIMIT_HELP),
        json_: bool = typer.Option(False, "--json", help=JSON_HELP),
        full: bool = typer.Option(False, "--full", help=FULL_HELP),
    ) -> None:
        """Quotes, tracked or not (statements from ingested articles are stored as quotes)."""
        from claims.commands import render
        from claims.store import queries
        from claims.store import search as search_mod

        n = _limit(limit)
        with _database(ctx).read() as r:
            if query is not None:
                rows = search_mod.search_quotes(r, query, limit=n, speaker=speaker)
            else:
                rows = queries.list_quotes(r, speaker=speaker, limit=n)
        if json_:
            render.print_json(rows)
        elif rows:
            render.quotes_table(rows, full=full)
        else:
            typer.echo("No quotes.", err=True)


    @speakers_app.command("merge")
    def speakers_merge(
        ctx: typer.Context,
        keep: str = typer.Argument(..., help="The speaker to keep."),
        other: str = typer.Argument(..., help="The speaker to fold into it (its name becomes an alias)."),
        note: str | None = typer.Option(None, "--note", help="Why."),
        by: str | None = typer.Option(None, "--by", help="Who is recording this (default: your user name)."),
        json_: bool = typer.Option(False, "--json", help=JSON_HELP),
    ) -> None:
        """Two speakers are one person: move OTHER's quotes and claims to KEEP (recorded in their history)."""
        from claims.services import speakers as speakers_mod

        result = speakers_mod.merge(_store(ctx), keep, other, by=_by(by), today=_today(), note=note)
        _report(result, json_, f"Merged {result['merged']!r} into {result['speaker']!r}: "
                               f"{result['quotes_moved']} quotes, {result['claims_moved']} claims moved.")


    @speakers_app.command("split")
    def speakers_split(
        ctx: typer.Context,
        name: str = typer.Argument(..., help="The speaker the alias wrongly belongs to."),
        alias: str = typer.Argument(..., help="The alias to make a speaker of its own."),
        note: str | None = typer.Option(None, "--note", help="Why."),
        by: str | None = typer.Option(None, "--by", help="Who is recording this (default: your user name)."),
        json_: bool = typer.Option(False, "--json", help=JSON_HELP),
    ) -> None:
        """An alias is another person: make it a speaker again, with the quotes printed under that name."""
        from claims.services import speakers as speakers_mod

        result = speakers_mod.split(_store(ctx), name, alias, by=_by(by), today=_today(), note=note)
        _report(result, json_, f"Split {result['split']!r} from {result['speaker']!r}: "
                               f"{result['quotes_moved']} quotes, {result['claims_moved']} claims moved.")
