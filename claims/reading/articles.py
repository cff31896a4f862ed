"""Reading an article from a file: plain text or HTML (through trafilatura), with its metadata.

Flags given by the user win over what the file says; without a publication date from either, the
article cannot be read (relative dates like "said Thursday" need one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from claims.errors import ClaimsError, UsageError

MAX_BYTES = 2_000_000  # a long news story is 50 KB; anything near this is not one article
_HTML = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<article|<div|<p[\s>])", re.I)


@dataclass
class Article:
    name: str
    text: str
    title: str | None = None
    published_on: date | None = None
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    html: bool = False


def read_bytes(path: str) -> bytes:
    import sys

    try:
        if path == "-":
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            p = Path(path)
            if p.is_dir():
                raise ClaimsError(f"{path} is a folder, not a file")
            if p.stat().st_size > MAX_BYTES:
                raise ClaimsError(f"{path} is {p.stat().st_size / 1e6:.1f} MB; an article over "
                                  f"{MAX_BYTES / 1e6:.0f} MB is refused (is it really one story?)")
            data = p.read_bytes()
    except FileNotFoundError:
        raise ClaimsError(f"no such file: {path}") from None
    except OSError as exc:
        raise ClaimsError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise ClaimsError(f"{path}: more than {MAX_BYTES / 1e6:.0f} MB; an article that long is refused")
    return data


def read_article(path: str, *, published: date | None = None, outlet: str | None = None, url: str | None = None,
                 title: str | None = None) -> Article:
    from claims.reading.files import decode

    data = read_bytes(path)
    name = "stdin" if path == "-" else path
    if not data.strip():
        raise ClaimsError(f"{name} is empty")
    is_html = path.lower().endswith((".html", ".htm", ".xhtml")) or bool(_HTML.match(data[:2000]))
    if is_html:
        article = _from_html(data, name)
    else:
        article = Article(name, decode(data, name).replace("\r\n", "\n").replace("\r", "\n"))
        article.outlet, article.title = masthead(article.text)
    if not article.text.strip():
        raise ClaimsError(f"{name} holds no article text")
    article.published_on = published or article.published_on
    article.outlet = outlet or article.outlet
    article.url = url or article.url
    article.title = title or article.title
    if article.published_on is None:
        raise UsageError(f"{name}: no publication date in the file; give --published "
                         "(relative dates such as 'said Thursday' cannot be read without one)")
    return article


_TAGLINE = re.compile(r"^(?P<outlet>.*?[a-z0-9])(?P<tagline>[A-Z][a-z]+(?:\s+\S+){1,6})$")
_TERMINAL = re.compile(r"[.!?:;,\u201d\"]$")


def _heading(line: str, most: int) -> bool:
    """A line that reads as a masthead or a headline: short, and not a sentence or a quotation."""
    words = line.split()
    return 0 < len(words) <= most and not _TERMINAL.search(line) and line[:1] not in "\"\u201c\u2018'("


def masthead(text: str) -> tuple[str | None, str | None]:
    """(outlet, title) from a plain-text story's first lines: a masthead line (an outlet's name, with its
    tagline run in or after a dash: "The Washington PostDemocracy Dies in Darkness") above a headline, then
    the story. One short line alone is the headline; anything else gives (None, None)."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()][:3]
    if len(lines) < 2 or not _heading(lines[0], 25):
        return None, None
    if len(lines) >= 3 and _heading(lines[0], 9) and _heading(lines[1], 25) and len(lines[0]) < len(lines[1]) + 40:
        outlet = re.split(r"\s+[|\u2014\u2013-]\s+", lines[0])[0]
        m = _TAGLINE.match(outlet)
        if m and len(m.group("tagline").split()) >= 2:
            outlet = m.group("outlet")
        return outlet.strip(), lines[1]
    return None, lines[0]


def _from_html(data: bytes, name: str) -> Article:
    import trafilatura

    from claims.reading.files import decode

    try:
        html = decode(data, name)
    except ClaimsError:
        html = data.decode("utf-8", errors="replace")  # HTML often declares its own charset; keep going
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False,
                                      favor_precision=True)
    if doc is None:
        raise ClaimsError(f"{name}: no article text found in the HTML")
    get = (lambda k: getattr(doc, k, None)) if not isinstance(doc, dict) else doc.get
    published = None
    if get("date"):
        try:
            published = date.fromisoformat(str(get("date"))[:10])
        except ValueError:
            published = None
    text = get("text") or ""
    return Article(name, text.replace("\r\n", "\n"), title=get("title"), published_on=published,
                   outlet=get("sitename"), url=get("url"), author=get("author"), html=True)
