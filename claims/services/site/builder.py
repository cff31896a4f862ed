"""``claims site``: the tracker as static files a newsroom can publish or keep in git.

Layout of the output folder::

    index.html              the meter, what is overdue (oldest first), every claim with filters
    methodology.html        every definition the pages use
    claims.csv|json|ics     the same rows as downloads, and the calendar of what falls due
    claims/ID-SLUG.html     one page per claim (stable: the id never changes)
    speakers/ID-SLUG.html   one page per speaker, with .csv, .json and .ics of their claims

Pages are rendered by Jinja2 with autoescape on for every template, link only http(s) URLs, carry a
Content-Security-Policy that allows only the page's own inline style and script (by hash), and load
nothing from anywhere else, so they work offline and leak no reader to a third party.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from claims import status
from claims.services import publish
from claims.services.site import views
from claims.services.site.data import SiteData, load
from claims.services.site.output import Output, digest, fingerprint
from claims.store.db import Database

BUILDER_VERSION = "1"
CLAIMS_IN_INDEX_HTML = 100  # rows rendered in the index's HTML; the script shows the rest, filtered


@dataclass
class BuildReport:
    claims: int
    speakers: int
    written: int
    kept: int
    removed: int

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def _package_file(name: str) -> str:
    return resources.files("claims.services.site").joinpath(name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def script_json(value: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` survives raw."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class Site:
    """One build: the settings, the Jinja2 environment and the inline assets."""

    def __init__(self, *, title: str, base_url: str | None, as_of: date, author: dict[str, Any]):
        self.title = title
        self.base_url = base_url
        self.as_of = as_of
        self.author = author
        self.css = _package_file("static/site.css")
        self.js = _package_file("static/filter.js")
        self.settings = {"title": title, "base_url": base_url, "author": author}

    @cached_property
    def env(self) -> Any:
        from jinja2 import Environment, PackageLoader, StrictUndefined

        # autoescape=True, not select_autoescape(): that one does not cover *.html.j2 names.
        env = Environment(loader=PackageLoader("claims.services.site", "templates"), autoescape=True,
                          undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
        env.globals.update(site_title=self.title, css=self.css, statuses=status.ALL, labels=views.STATUS_LABELS)
        return env

    @cached_property
    def version(self) -> str:
        names = ["base.html.j2", "index.html.j2", "claim.html.j2", "speaker.html.j2", "methodology.html.j2",
                 "macros.html.j2"]
        parts = [_package_file("templates/" + n) for n in names]
        return digest(BUILDER_VERSION, self.css, self.js, *parts)

    def csp(self, script: bool) -> str:
        scripts = _csp_hash(self.js) if script else "'none'"
        return (f"default-src 'none'; style-src {_csp_hash(self.css)}; script-src {scripts}; img-src data:; "
                "base-uri 'none'; form-action 'none'")

    def render(self, template: str, root: str, *, script: bool = False, **context: Any) -> str:
        return self.env.get_template(template).render(root=root, csp=self.csp(script), js=self.js if script else "",
                                                      **context)


def _claimreview_json(site: Site, claim: dict[str, Any]) -> str | None:
    url = publish.claim_url(claim, site.base_url) if site.base_url else claim["slug"] + ".html"
    review = publish.claimreview(claim, url=url, author=site.author)
    return None if review is None else script_json(review)


def _public(claim: dict[str, Any], base_url: str | None) -> dict[str, Any]:
    """A claim as the JSON download has it: the ``--json`` keys, its history, outlets and page."""
    out = {k: v for k, v in claim.items() if k not in ("key", "speaker_id", "speaker_org", "changed_at", "slug")}
    out["url"] = publish.claim_url(claim, base_url)
    return out


def downloads(out: Output, stem: str, claims: list[dict[str, Any]], prints: list[str], *, base_url: str | None,
              name: str, as_of: date) -> None:
    """``stem``.csv, .json and .ics of ``claims``, each rewritten only when one of its claims changed."""
    from claims.services.transfer import write_csv

    key = digest(as_of.isoformat(), str(base_url), *prints)

    def as_csv() -> str:
        buf = io.StringIO(newline="")
        write_csv(claims, buf)
        return buf.getvalue()

    def as_json() -> str:
        lines = [json.dumps(_public(c, base_url), ensure_ascii=False, sort_keys=True) for c in claims]
        return "[\n" + ",\n".join(lines) + ("\n" if lines else "") + "]\n"

    out.file(stem + ".csv", key, as_csv)
    out.file(stem + ".json", key, as_json)
    out.file(stem + ".ics", key + name, lambda: publish.ics(claims, base_url=base_url, name=name))


def _index_data(claims: list[dict[str, Any]], speakers: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """The embedded index the filters run over: compact rows, newest first."""
    sids = sorted(speakers, key=lambda s: (speakers[s]["name"].casefold(), s))
    sidx = {sid: i for i, sid in enumerate(sids)}
    tags = sorted({t for c in claims for t in c["tags"]})
    tidx = {t: i for i, t in enumerate(tags)}
    rows = [[c["id"], c["slug"], sidx[c["speaker_id"]], status.ALL.index(c["status"]) if c["status"] in status.ALL
             else 0, c["due"]["end"], c["days_overdue"], [tidx[t] for t in c["tags"]],
             publish.shorten(c["summary"], 140), c["said_on"], c["kind"]] for c in reversed(claims)]
    return {"speakers": [speakers[s]["name"] for s in sids], "tags": tags, "statuses": list(status.ALL),
            "labels": [views.STATUS_LABELS[s] for s in status.ALL], "rows": rows}


def build(database: Database, out_dir: Path, *, title: str, base_url: str | None, as_of: date,
          author: dict[str, Any], speakers: list[str] | None = None, tags: list[str] | None = None) -> BuildReport:
    base_url = publish.check_base_url(base_url)
    with database.read() as reader:
        data = load(reader, as_of=as_of, speakers=speakers, tags=tags)
    site = Site(title=title, base_url=base_url, as_of=as_of, author=author)
    out = Output(out_dir, site.version)
    settings = fingerprint(site.settings)
    prints = {c["id"]: fingerprint(c) for c in data.claims}
    for claim in data.claims:
        out.file(publish.claim_path(claim), settings + prints[claim["id"]], lambda c=claim: site.render(
            "claim.html.j2", "../", claim=views.claim_view(c), claimreview=_claimreview_json(site, c),
            speaker_slug=data.speakers[c["speaker_id"]]["slug"]))
    for sp in data.speakers.values():
        _speaker_page(out, site, sp, prints, settings, as_of)
    all_prints = [prints[c["id"]] for c in data.claims]
    _index(out, site, data, all_prints, settings)
    out.file("methodology.html", digest(settings, as_of.isoformat()), lambda: site.render(
        "methodology.html.j2", "", as_of=as_of.isoformat(), ratings=_rating_rows(), meanings=views.STATUS_MEANINGS,
        kept_rate_text=None))
    downloads(out, "claims", data.claims, all_prints, base_url=base_url, name=f"{title}: what falls due",
              as_of=as_of)
    removed = out.finish()
    return BuildReport(claims=len(data.claims), speakers=len(data.speakers), written=out.written, kept=out.kept,
                       removed=removed)


def _rating_rows() -> list[dict[str, Any]]:
    return [{"status": s, "label": views.STATUS_LABELS[s], "value": r[0], "promise": r[1], "prediction": r[2],
             "statement": r[3]} for s, r in publish.RATINGS.items()]


def _speaker_page(out: Output, site: Site, sp: dict[str, Any], prints: dict[int, str], settings: str,
                  as_of: date) -> None:
    claims = sp["claims"]
    cprints = [prints[c["id"]] for c in claims]
    info = {k: sp[k] for k in ("id", "name", "title", "organization", "slug")}
    groups = [{"status": s, "label": views.STATUS_LABELS[s], "rows": [views.row(c) for c in claims
                                                                      if c["status"] == s][::-1]}
              for s in status.ALL]
    out.file(f"speakers/{sp['slug']}.html", digest(settings, fingerprint(info), as_of.isoformat(), *cprints),
             lambda: site.render("speaker.html.j2", "../", speaker=info, meter=views.meter(claims),
                                 groups=[g for g in groups if g["rows"]], overdue=views.overdue(claims),
                                 total=len(claims), record=None))
    downloads(out, f"speakers/{sp['slug']}", claims, cprints, base_url=site.base_url,
              name=f"{sp['name']}: what falls due", as_of=as_of)


def _index(out: Output, site: Site, data: SiteData, all_prints: list[str], settings: str) -> None:
    def render() -> str:
        speakers = sorted(data.speakers.values(), key=lambda s: (s["name"].casefold(), s["id"]))
        recent = [views.row(c) for c in data.claims[::-1][:CLAIMS_IN_INDEX_HTML]]
        listed = [{"name": s["name"], "slug": s["slug"], "count": len(s["claims"])} for s in speakers]
        return site.render("index.html.j2", "", script=True, meter=views.meter(data.claims),
                           overdue=views.overdue(data.claims), recent=recent, total=len(data.claims),
                           as_of=data.as_of.isoformat(), speakers=listed, record=None,
                           index_json=script_json(_index_data(data.claims, data.speakers)),
                           tags=sorted({t for c in data.claims for t in c["tags"]}))

    out.file("index.html", digest(settings, data.as_of.isoformat(), *all_prints), render)

