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


def author_organization(title: str | None = None) -> dict:
    """The publishing organisation from config.json ``organization`` (name and url)."""
    from claims.config import user_config
    from claims.services.publish import organization

    return organization(user_config(), fallback=title)


@app.command()
def site(
    ctx: typer.Context,
    out: Path = typer.Option(..., "--out", help="Folder to write the site to (created; rebuilt in place)."),
    title: str = typer.Option(DEFAULT_TITLE, "--title", help="The site's name."),
    base_url: str | None = typer.Option(None, "--base-url", help="Where the site will be published (http(s) URL): "
                                                                 "makes links in ClaimReview and the calendar absolute."),
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
    report = build(_database(ctx), out, title=name, base_url=base_url, as_of=_as_of(as_of),
                   author=author_organization(name), speakers=speaker or None, tags=tag or None)
    _report(report.as_dict(), json_, f"Wrote {out}/index.html: {report.claims} claims, {report.speakers} speakers; "
                                     f"{report.written} files written, {report.kept} unchanged, {report.removed} removed.")
