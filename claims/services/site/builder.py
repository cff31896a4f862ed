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
import json
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property, partial
from importlib import resources
from operator import itemgetter
from pathlib import Path
from typing import Any

from claims import status
from claims.services import collector, publish
from claims.services.records import RULES
from claims.services.site import tabular, views
from claims.services.site.data import SiteData, load
from claims.services.site.output import Output, digest, fingerprint, pack, parts_print
from claims.services.site.records_view import TrackRecords
from claims.store.db import Database

BUILDER_VERSION = "5"  # bumped when the output, the manifest, the fingerprints or the slugs change form (the next
# build rewrites all; a rebuild takes an unchanged claim's slug from the last build's page name)
CLAIMS_IN_INDEX_HTML = 100  # rows rendered in the index's HTML; the script shows the rest, filtered
OVERDUE_IN_INDEX = 50  # overdue claims listed on the index (all of them are behind a filter link)


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


_SCRIPT_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def script_json(value: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` survives raw."""
    text = _SCRIPT_JSON.encode(value)
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
        self.records: TrackRecords | None = None

    @cached_property
    def env(self) -> Any:
        from claims.config import cache_dir
        from claims.services.site.templating import environment

        return environment(str(cache_dir() / "site-templates"), site_title=self.title, statuses=status.ALL,
                           labels=views.STATUS_LABELS)

    @cached_property
    def version(self) -> str:
        names = ["base.html.j2", "index.html.j2", "claim.html.j2", "speaker.html.j2", "methodology.html.j2",
                 "macros.html.j2"]
        parts = [_package_file("templates/" + n) for n in names]
        return digest(BUILDER_VERSION, self.css, self.js, *parts)

    def csp(self, script: bool) -> str:
        scripts = _csp_hash(self.js) if script else "'none'"
        # The stylesheet is the site's own file (one copy, not 10 KB in each of 100,000 pages); the one script
        # is inline in the index, allowed by its hash.
        return (f"default-src 'none'; style-src 'self'; script-src {scripts}; img-src 'self' data:; "
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


# a claim row's id, and (id, fingerprint) as the assembled files name their parts
_ID, _ID_PRINT = itemgetter("id"), itemgetter("id", "print")
_CLAIM_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)  # as json.dumps(..., the same options)


class Fragments:
    """Each claim's CSV row, JSON line and calendar event, made once per build (only for the claims whose
    files are rewritten) and shared by the site's downloads and its speaker's."""

    def __init__(self, data: SiteData, base_url: str | None):
        self.data = data
        self.base_url = base_url
        self.host = publish.calendar_host(base_url)
        self.cache: dict[tuple[str, int], bytes] = {}

    def get(self, kind: str, cid: int) -> bytes:
        key = (kind, cid)
        found = self.cache.get(key)
        if found is None:
            claim = self.data.claim(cid)
            if kind == "csv":
                found = tabular.line(tabular.cells(claim))
            elif kind == "json":
                found = _CLAIM_JSON.encode(_public(claim, self.base_url)).encode("utf-8")
            else:
                found = publish.vevent(claim, base_url=self.base_url, host=self.host)
            self.cache[key] = found
        return found


def downloads(out: Output, stem: str, rows: list[dict[str, Any]], frags: Fragments, *, name: str,
              as_of: date, whole_site: bool = False, parts: tuple[list[tuple[int, str]], str] | None = None) -> None:
    """``stem``.csv, .json and .ics of ``rows``' claims; a changed file is rebuilt from the unchanged claims'
    bytes already on disk and the changed claims' new ones. The manifest records each claim's fingerprint
    once, from the whole site's CSV (every other list is part of it). ``parts``: the rows' (id, fingerprint)
    pairs and their :func:`parts_print`, when the caller has them."""
    if parts is None:
        pairs = list(map(_ID_PRINT, rows))
        parts = (pairs, parts_print(pairs))
    parts_, made_of = parts  # (one digest of the rows for the three files)
    context = digest(as_of.isoformat(), str(frags.base_url), name)
    out.assembled(stem + ".csv", context, lambda: (tabular.line(list(tabular.CSV_COLUMNS)), b""), b"", parts_,
                  lambda i: frags.get("csv", i), made_of=made_of, record_prints=whole_site)
    out.assembled(stem + ".json", context, lambda: (b"[\n", b"\n]\n" if parts_ else b"]\n"), b",\n", parts_,
                  lambda i: frags.get("json", i), made_of=made_of, record_prints=False)
    # (the calendar's head and tail are made of the name alone, which ``context`` covers: a rebuild copies them
    # from the file on disk rather than make them again with icalendar, which it then never imports)
    out.assembled(stem + ".ics", context, lambda: publish.calendar_frame(name), b"", parts_,
                  lambda i: frags.get("ics", i), made_of=made_of, record_prints=False, frame_print=lambda: context)


_INDEX_ROWS = "<\x00claims-index-rows\x00>"  # where the rows go in the rendered index (no user text can hold "<")
_ROW_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


class IndexRows:
    """The embedded index the filters run over: compact rows, newest first, each row's JSON made on its own
    (a rebuild copies the unchanged rows' bytes from the page on disk), and the lists they point into."""

    def __init__(self, rows: list[dict[str, Any]], speakers: dict[int, dict[str, Any]]):
        sids = sorted(speakers, key=lambda s: (speakers[s]["name"].casefold(), s))
        self.sidx = {sid: i for i, sid in enumerate(sids)}
        self.tags = sorted({t for r in rows for t in r["tags"]})
        self.tidx = {t: i for i, t in enumerate(self.tags)}
        self.order = {s: i for i, s in enumerate(status.ALL)}
        # Everything but the rows, with the rows' place marked ("rows" sorts second of the keys).
        self.frame = script_json({"speakers": [speakers[s]["name"] for s in sids], "tags": self.tags,
                                  "statuses": list(status.ALL), "labels": [views.STATUS_LABELS[s] for s in status.ALL],
                                  "rows": []}).replace('"rows":[]', '"rows":[' + _INDEX_ROWS + "]", 1)

    def row(self, r: dict[str, Any]) -> bytes:
        compact = [r["id"], r["slug"], self.sidx[r["speaker_id"]], self.order.get(r["status"], 0), r["due_end_iso"],
                   r["days_overdue"], [self.tidx[t] for t in r["tags"]], publish.shorten(r["summary"], 140),
                   r["said_on_iso"], r["kind"]]
        text = _ROW_JSON.encode(compact)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode("utf-8")


def build(database: Database, out_dir: Path, *, title: str, base_url: str | None, as_of: date,
          author: dict[str, Any], speakers: list[str] | None = None, tags: list[str] | None = None) -> BuildReport:
    base_url = publish.check_base_url(base_url)
    site = Site(title=title, base_url=base_url, as_of=as_of, author=author)
    site.records = TrackRecords(database, speakers=speakers, tags=tags, today=as_of)
    out = Output(out_dir, site.version)
    # (what every page is made of besides its own rows: the filters too, which the track records follow)
    settings = fingerprint({**site.settings, "speakers": sorted(speakers or []), "tags": sorted(tags or [])})
    # One read (one snapshot) for the whole build: the claims' fingerprints first, then the histories of
    # those whose page (and so download rows) is to be rewritten, read in batches; any other asked for
    # later (a download file deleted by hand) is read then, in the same snapshot.
    with database.read() as reader, collector.paused():
        data = load(reader, as_of=as_of, speakers=speakers, tags=tags, histories=False, wide=not out.old,
                    known_slugs=out.known_slug("claims"), last=out.old_state)
        out.state = {**(data.state or {}), "settings": settings}
        stale = _claim_pages(out, data, settings)
        data.prefetch(reader, [cid for cid, _rel, _fp in stale])
        return _write(out, site, data, settings, stale, base_url=base_url, title=title, as_of=as_of)


def _claim_pages(out: Output, data: SiteData, settings: str) -> list[tuple[int, str, str]]:
    """Record every claim page as this build's; returns (id, path, fingerprint) of those to be written (new
    or changed fingerprint, or gone from the folder). A page that links to other claims (restatements,
    reversals) shows their pages' names, so its fingerprint covers them too: another claim's new slug, or
    its leaving the site, rewrites the page. (Comprehensions and set operations: every claim, on every
    rebuild.)"""
    rows = data.rows
    names = [r["slug"] + ".html" for r in rows]
    rels = ["claims/" + n for n in names]
    fps = [settings + r["print"] for r in rows]
    if data.links:
        by_id, links = data.by_id, data.links
        for n, r in enumerate(rows):
            others = links.get(r["id"])
            if others:
                fps[n] += digest(*(f"{o}:{by_id[o]['slug'] if o in by_id else ''}" for o in sorted(others)))
    out.new.update(zip(rels, fps, strict=True))
    gone = set(names).difference(out.listing("claims"))
    stale_at = [n for n, (was, fp) in enumerate(zip(map(out.old.get, rels), fps, strict=True)) if was != fp]
    if gone:
        stale_at = sorted(set(stale_at).union(n for n, name in enumerate(names) if name in gone))
    out.kept += len(rows) - len(stale_at)
    return [(rows[n]["id"], rels[n], fps[n]) for n in stale_at]


def _write(out: Output, site: Site, data: SiteData, settings: str, stale: list[tuple[int, str, str]], *,
           base_url: str | None, title: str, as_of: date) -> BuildReport:
    for cid, rel, fp in stale:
        out.file(rel, fp, partial(_claim_page, site, data, cid))
    frags = Fragments(data, base_url)
    last = out.old_state if isinstance(out.old_state, dict) else {}
    same = data.inherited and last.get("settings") == settings  # (changes.since vouched: the same as-of day)
    for sp in data.speakers.values():
        if not (same and _speaker_unchanged(out, sp, data.remade)):
            _speaker_page(out, site, sp, frags, settings, as_of)
    _index(out, site, data, settings)
    out.file("site.css", "", lambda: site.css)
    out.file("methodology.html", digest(settings, as_of.isoformat()), lambda: site.render(
        "methodology.html.j2", "", as_of=as_of.isoformat(), ratings=_rating_rows(), meanings=views.STATUS_MEANINGS,
        hide_below=RULES.hide_below, flag_below=RULES.flag_below))
    downloads(out, "claims", data.rows, frags, name=f"{title}: what falls due", as_of=as_of, whole_site=True)
    removed = out.finish()
    return BuildReport(claims=len(data.rows), speakers=len(data.speakers), written=out.written, kept=out.kept,
                       removed=removed)


def _claim_page(site: Site, data: SiteData, cid: int) -> str:
    claim = data.claim(cid)
    def slug_of(other: int) -> str | None:
        row = data.by_id.get(other)
        return row["slug"] if row else None

    return site.render("claim.html.j2", "../", claim=views.claim_view(claim, slug_of),
                       claimreview=_claimreview_json(site, claim),
                       speaker_slug=data.speakers[claim["speaker_id"]]["slug"])


def _rating_rows() -> list[dict[str, Any]]:
    return [{"status": s, "label": views.STATUS_LABELS[s], "value": r[0], "promise": r[1], "prediction": r[2],
             "statement": r[3]} for s, r in publish.RATINGS.items()]


def _speaker_unchanged(out: Output, sp: dict[str, Any], remade: set[int]) -> bool:
    """Keep a speaker's page and downloads as the last build wrote them, when none of the speaker's claims
    has a new fingerprint and they are the claims the last build listed, in the same order (the settings and
    the as-of day being the same: the caller knows). A changed name gives another slug, so other files."""
    rows = sp["rows"]
    stem = f"speakers/{sp['slug']}"
    old = out.old_parts.get(stem + ".csv")
    if not isinstance(old, dict) or not remade.isdisjoint(map(_ID, rows)) or old.get("ids") != pack(map(_ID, rows)):
        return False
    return out.keep([stem + ".html", stem + ".csv", stem + ".json", stem + ".ics"])


def _speaker_page(out: Output, site: Site, sp: dict[str, Any], frags: Fragments, settings: str,
                  as_of: date) -> None:
    rows = sp["rows"]
    info = {k: sp[k] for k in ("id", "name", "title", "organization", "slug")}
    parts = list(map(_ID_PRINT, rows))
    made_of = parts_print(parts)

    def render() -> str:
        assert site.records is not None  # build() sets it before any page is rendered
        groups = [{"status": s, "label": views.STATUS_LABELS[s],
                   "rows": [views.row(r) for r in rows if r["status"] == s][::-1]} for s in status.ALL]
        return site.render("speaker.html.j2", "../", speaker=info, meter=views.meter(rows),
                           groups=[g for g in groups if g["rows"]], overdue=views.overdue(rows),
                           total=len(rows), record=site.records.speaker(sp["name"], "../", sp["id"]))

    out.file(f"speakers/{sp['slug']}.html", digest(settings, repr(tuple(info.values())), as_of.isoformat(), made_of),
             render)
    downloads(out, f"speakers/{sp['slug']}", rows, frags, name=f"{sp['name']}: what falls due", as_of=as_of,
              parts=(parts, made_of))


def _index(out: Output, site: Site, data: SiteData, settings: str) -> None:
    rows = data.rows
    index = IndexRows(rows, data.speakers)

    @cache
    def context() -> dict[str, Any]:
        """What the page's HTML shows (the rows embedded for the filters are fragments of their own): when it
        is what the last build showed, the HTML is copied from the page on disk instead of rendered again."""
        assert site.records is not None  # build() sets it before any page is rendered
        speakers = sorted(data.speakers.values(), key=lambda s: (s["name"].casefold(), s["id"]))
        late = views.late(rows)
        return {"meter": views.meter(rows), "overdue": [views.row(r) for r in late[:OVERDUE_IN_INDEX]],
                "overdue_total": len(late), "recent": [views.row(r) for r in rows[::-1][:CLAIMS_IN_INDEX_HTML]],
                "total": len(rows), "as_of": data.as_of.isoformat(),
                "speakers": [{"name": s["name"], "slug": s["slug"], "count": len(s["rows"])} for s in speakers],
                "record": site.records.site(""), "index_json": index.frame, "tags": index.tags}

    def frame() -> tuple[bytes, bytes]:
        page = site.render("index.html.j2", "", script=True, **context())
        head, tail = page.split(_INDEX_ROWS)
        return head.encode("utf-8"), tail.encode("utf-8")

    out.assembled("index.html", digest(settings, data.as_of.isoformat(), index.frame), frame, b",",
                  list(map(_ID_PRINT, reversed(rows))), lambda cid: index.row(data.by_id[cid]),
                  record_prints=False, frame_print=lambda: fingerprint(context()))
