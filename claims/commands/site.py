"""`claims site`: publish the tracker as a static site."""

from __future__ import annotations

from pathlib import Path

import typer

from claims.commands.app import app
from claims.commands.common import _as_of, _report

DEFAULT_TITLE = "Claims tracker"


def _database(ctx: typer.Context):  # noqa: ANN202
    from claims.store.db import open_database

    return open_database((ctx.find_root().obj or {}).get("db"))


def author_organization(title: str = DEFAULT_TITLE) -> dict:
    """The publishing organisation from config.json ``organization`` (name and url); else the site's title."""
    from claims.config import user_config
    from claims.services.publish import organization

    return organization(user_config(), fallback=title)


@app.command()
def site(
    ctx: typer.Context,
    out: str = typer.Option(..., "--out", metavar="DIR",
                            help="Folder to write the site to (created; rebuilt in place)."),
    title: str = typer.Option(DEFAULT_TITLE, "--title", help="The site's name."),
    base_url: str | None = typer.Option(None, "--base-url", help="Where the site will be published (http(s) "
                                        "URL): makes links in ClaimReview and the calendar absolute."),
    speaker: list[str] = typer.Option([], "--speaker", help="Only this speaker's claims (repeat for more)."),
    tag: list[str] = typer.Option([], "--tag", help="Only claims with this tag (repeat for more)."),
    as_of: str | None = typer.Option(None, "--as-of", help="Judge overdue as of this date (default today)."),
    json_: bool = typer.Option(False, "--json", help="Print the build report as JSON."),
) -> None:
    """Write the tracker as a static site: the meter, filters, a page per claim and per speaker, downloads.

    Only the files whose content changed are rewritten, and the same database gives the same bytes."""
    from claims.errors import UsageError
    from claims.language.normalize import clean_text
    from claims.services.site import build

    name = clean_text(title, "--title", limit=200)
    if not name:
        raise UsageError("--title must not be empty")
    report = build(_database(ctx), Path(out), title=name, base_url=base_url, as_of=_as_of(as_of),
                   author=author_organization(name), speakers=speaker or None, tags=tag or None)
    _report(report.as_dict(), json_,
            f"Wrote {out}/index.html: {report.claims} claims, {report.speakers} speakers; "
            f"{report.written} files written, {report.kept} unchanged, {report.removed} removed.")


PUBLISH_FORMATS = ("claimreview", "ics")


def export_publication(ctx: typer.Context, fmt: str, output: str | None, *, base_url: str | None,
                       speakers: list[str], tags: list[str]) -> None:
    """``claims export --format claimreview|ics``: JSON-LD of the resolved claims, or the calendar."""
    import os

    from claims.config import user_config
    from claims.errors import ClaimsError, UsageError
    from claims.services import publish
    from claims.services.site.data import load

    base = publish.check_base_url(base_url or user_config().get("base_url"))
    if fmt == "claimreview" and not base:
        raise UsageError("ClaimReview needs the claim pages' address: give --base-url URL "
                         "(or \"base_url\" in config.json)")
    with _database(ctx).read() as reader:
        data = load(reader, as_of=_as_of(None), speakers=speakers or None, tags=tags or None)
    if fmt == "claimreview":
        import json

        assert base is not None  # checked above
        reviews = publish.claimreviews(data.claims, base_url=base, author=author_organization())
        body = (json.dumps(reviews, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
        count = len(reviews)
    else:
        body = publish.ics(data.claims, base_url=base)
        count = sum(1 for c in data.claims if publish.calendar_date(c))
    if output and output != "-":
        tmp = output + ".part"
        try:
            with open(tmp, "wb") as out:
                out.write(body)
            os.replace(tmp, output)
        except OSError as exc:
            raise ClaimsError(f"cannot write {output}: {exc.strerror or exc}") from None
        what = "ClaimReview objects" if fmt == "claimreview" else "calendar events"
        typer.echo(f"Exported {count} {what} to {output}.", err=True)
    else:
        typer.echo(body, nl=False)
