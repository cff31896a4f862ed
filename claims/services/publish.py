"""Publishing formats: ClaimReview (schema.org JSON-LD, Google's fact-check markup) and an iCalendar feed
of what falls due (RFC 5545, through the ``icalendar`` library).

Both take the claim dicts of :mod:`claims.services.site.data` and depend on nothing but the database's
contents: the same database gives the same bytes (no clock, no random UID).

The rating scale (there is no convention for rating predictions or promises; this is ours, also on the
site's methodology page): 5 fulfilled, 3 partly fulfilled, 1 not fulfilled or retracted (the speaker took
it back: PolitiFact rates that "Promise Broken"); 2 and 4 are unused; an ``unresolvable`` claim is not
rated and gets no ClaimReview.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import Any, cast
from urllib.parse import urlsplit

from claims import status
from claims.errors import UsageError

BEST, WORST = 5, 1
# status -> (ratingValue, words for a promise, for a prediction, for a statement)
RATINGS: dict[str, tuple[int, str, str, str]] = {
    status.FULFILLED: (5, "Promise kept", "Prediction came true", "Statement held up"),
    status.PARTLY_FULFILLED: (3, "Promise partly kept", "Prediction partly came true", "Statement partly held up"),
    status.NOT_FULFILLED: (1, "Promise broken", "Prediction did not come true", "Statement did not hold up"),
    status.RETRACTED: (1, "Promise withdrawn by the speaker", "Prediction withdrawn by the speaker",
                       "Statement withdrawn by the speaker"),
}
_KIND_COLUMN = {"promise": 1, "prediction": 2, "statement": 3}
CLAIM_REVIEWED_MAX = 75
DEFAULT_ORGANIZATION = "claims"


_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f]")


def is_web_url(url: Any) -> bool:
    """Only absolute http(s) URLs are ever linked (no ``javascript:``, ``data:``, relative paths)."""
    if not isinstance(url, str) or _SPACE_OR_CONTROL.search(url):
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def check_base_url(base_url: str | None) -> str | None:
    if not base_url:
        return None
    if not is_web_url(base_url):
        raise UsageError(f"--base-url must be an http(s) URL, not {base_url!r}")
    return base_url.rstrip("/") + "/"


def claim_path(claim: dict[str, Any]) -> str:
    """The claim page's path under the site's root: stable (the id) and readable (the slug)."""
    return f"claims/{claim['slug']}.html"


def claim_url(claim: dict[str, Any], base_url: str | None) -> str:
    return (base_url or "") + claim_path(claim)


def verdict(claim: dict[str, Any]) -> tuple[int, str] | None:
    """(ratingValue, words) for a resolved claim, None when it is not rated."""
    rating = RATINGS.get(claim["status"])
    if rating is None:
        return None
    return rating[0], cast(str, rating[_KIND_COLUMN.get(claim["kind"], 2)])  # columns 1-3 are the words


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(" ,;:.") + "…"


def resolution(claim: dict[str, Any]) -> dict[str, Any] | None:
    """The event that put the claim in its current final status (the latest status change)."""
    for ev in reversed(claim["events"]):
        if ev["type"] in ("status", "created") and ev["status"] == claim["status"]:
            return ev
    return None


def organization(config: dict[str, Any], fallback: str | None = None) -> dict[str, Any]:
    """The publishing organisation: ``config.json`` ``{"organization": {"name": ..., "url": ...}}``."""
    org = config.get("organization")
    if isinstance(org, str):
        org = {"name": org}
    if not isinstance(org, dict) or not isinstance(org.get("name"), str) or not org["name"].strip():
        org = {"name": fallback or DEFAULT_ORGANIZATION}
    out: dict[str, Any] = {"@type": "Organization", "name": org["name"].strip()}
    if is_web_url(org.get("url")):
        out["url"] = org["url"]
    return out


def _speaker(claim: dict[str, Any]) -> dict[str, Any]:
    is_org = claim.get("speaker_org") and claim["speaker_org"] == claim["speaker"]
    who: dict[str, Any] = {"@type": "Organization" if is_org else "Person", "name": claim["speaker"]}
    if claim.get("speaker_title") and not is_org:
        who["jobTitle"] = claim["speaker_title"]
    return who


def _appearance(src: dict[str, Any]) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "url": src["url"]}
    if src.get("title"):
        work["headline"] = src["title"]
    if src.get("published_on"):
        work["datePublished"] = src["published_on"]
    if src.get("outlet"):
        work["publisher"] = {"@type": "Organization", "name": src["outlet"]}
    return work


def claimreview(claim: dict[str, Any], *, url: str, author: dict[str, Any]) -> dict[str, Any] | None:
    """The ClaimReview object for a resolved claim (None when it is not rated)."""
    rated = verdict(claim)
    if rated is None:
        return None
    value, words = rated
    resolved = resolution(claim)
    item: dict[str, Any] = {"@type": "Claim", "author": _speaker(claim)}
    if claim.get("said_on"):
        item["datePublished"] = claim["said_on"]
    appearances = [_appearance(a) for a in claim["appearances"] if is_web_url(a.get("url"))]
    if appearances:
        item["appearance"] = appearances
        item["firstAppearance"] = appearances[0]
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": shorten(claim["summary"], CLAIM_REVIEWED_MAX),
        "itemReviewed": item,
        "author": author,
        "reviewRating": {"@type": "Rating", "ratingValue": value, "bestRating": BEST, "worstRating": WORST,
                         "alternateName": words},
    }
    if resolved and resolved.get("recorded_at"):
        review["datePublished"] = resolved["recorded_at"][:10]
    return review


def claimreviews(claims: list[dict[str, Any]], *, base_url: str, author: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for claim in claims:
        review = claimreview(claim, url=claim_url(claim, base_url), author=author)
        if review is not None:
            out.append(review)
    return out


# -- the calendar ----------------------------------------------------------------------------------

def calendar_date(claim: dict[str, Any]) -> tuple[date, str] | None:
    """(day, "Due" or "Review") for a pending claim: its due end, or an open-ended claim's review date."""
    if claim["status"] not in status.ACTIVE:
        return None
    if claim["due"]["end"]:
        return date.fromisoformat(claim["due"]["end"]), "Due"
    review = (claim.get("timeframe") or {}).get("review_on")
    if review:
        return date.fromisoformat(review), "Review"
    return None


def event_summary(claim: dict[str, Any], label: str) -> str:
    surname = (claim["speaker"].split() or ["?"])[-1]
    phrase = (claim.get("timeframe") or {}).get("phrase")
    what = shorten(claim["summary"], 70)
    return f"{label}: {surname} — {what}" + (f" ‘{phrase}’" if phrase else "")


def fold(line: bytes) -> bytes:
    """RFC 5545 folding: lines of at most 75 octets, continued with CRLF and a space, never inside a
    UTF-8 sequence."""
    if len(line) <= 75:
        return line + b"\r\n"
    out, start, limit = [], 0, 75
    while len(line) - start > limit:
        end = start + limit
        while end > start and (line[end] & 0xC0) == 0x80:  # a continuation byte: step back
            end -= 1
        out.append(line[start:end])
        start, limit = end, 74  # continuation lines begin with a space
    out.append(line[start:])
    return b"\r\n ".join(out) + b"\r\n"


def ical_text(text: str) -> bytes:
    """A TEXT value escaped as RFC 5545 section 3.3.11 wants, exactly as icalendar's ``vText.to_ical`` does it
    (the same replacements in the same order: ``\\N`` read as a line break, then backslash, semicolon and
    comma escaped, every line ending written ``\\n``); without building a vText and its parameters for each
    of 100,000 events."""
    return (text.replace("\\N", "\n").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")).encode("utf-8")


def _ical_date(day: date) -> bytes:
    return f"{day.year:04}{day.month:02}{day.day:02}".encode("ascii")


def vevent(claim: dict[str, Any], *, base_url: str | None, host: str) -> bytes:
    """One all-day VEVENT as bytes (empty for a claim with nothing falling due). UID and DTSTAMP are the
    claim's own. Values are formatted and escaped as icalendar's value types do (vText, vDate, vDatetime in
    UTC, vCategory, vUri: the tests parse the feed back with icalendar); the lines are folded here
    (icalendar's Event.to_ical does the same but was a third of the site's build time at 100,000 claims)."""
    when = calendar_date(claim)
    if when is None:
        return b""
    day, label = when
    stamp = datetime.fromisoformat(claim["changed_at"].replace("Z", "+00:00")).astimezone(timezone.utc)
    lines = [f"“{claim['text']}” — {claim['speaker']}"]
    if claim.get("said_on"):
        lines[0] += f", {claim['said_on']}"
    if claim["due"]["start"] or claim["due"]["end"]:
        lines.append(f"Due window: {claim['due']['start'] or '?'} to {claim['due']['end'] or 'open-ended'}")
    lines.append(f"Status: {claim['status']}")
    page = claim_url(claim, base_url)
    lines.append(f"Page: {page}")
    props = [
        b"SUMMARY:" + ical_text(event_summary(claim, label)),
        b"DTSTART;VALUE=DATE:" + _ical_date(day),
        b"DTEND;VALUE=DATE:" + _ical_date(day + timedelta(days=1)),
        b"DTSTAMP:" + _ical_date(stamp) + f"T{stamp.hour:02}{stamp.minute:02}{stamp.second:02}Z".encode("ascii"),
        b"UID:" + ical_text(f"claim-{claim['key']}@{host}"),
    ]
    if claim.get("tags"):
        props.append(b"CATEGORIES:" + b",".join(ical_text(t) for t in claim["tags"]))
    props.append(b"DESCRIPTION:" + ical_text("\n".join(lines)))
    if base_url:
        props.append(b"URL:" + page.encode("utf-8"))
    return b"BEGIN:VEVENT\r\n" + b"".join(fold(p) for p in props) + b"END:VEVENT\r\n"


def calendar_host(base_url: str | None) -> str:
    return (urlsplit(base_url).hostname if base_url else None) or "claims"


def calendar_frame(name: str) -> tuple[bytes, bytes]:
    """The VCALENDAR's opening (with its properties) and closing lines, by icalendar."""
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", "-//claims//claims site//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    head, tail = cal.to_ical().split(b"END:VCALENDAR")
    return head, b"END:VCALENDAR" + tail


def ics(claims: list[dict[str, Any]], *, base_url: str | None, name: str = "claims: what falls due") -> bytes:
    """The calendar as bytes (CRLF lines folded at 75 octets, as RFC 5545 wants)."""
    head, tail = calendar_frame(name)
    host = calendar_host(base_url)
    return head + b"".join(vevent(c, base_url=base_url, host=host) for c in claims) + tail
