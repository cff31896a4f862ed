"""What each page shows, as plain data for the templates: the quote cut into marked segments, the
timeline's labels, the meter's counts. No HTML here: the templates escape everything they print."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from operator import itemgetter
from typing import Any

from claims import status
from claims.services.publish import is_web_url, verdict

STATUS_LABELS: dict[str | None, str] = {
    status.OPEN: "Open", status.IN_PROGRESS: "In progress", status.STALLED: "Stalled",
    status.FULFILLED: "Fulfilled", status.PARTLY_FULFILLED: "Partly fulfilled",
    status.NOT_FULFILLED: "Not fulfilled", status.RETRACTED: "Retracted", status.UNRESOLVABLE: "Unresolvable",
    status.RESTATED: "Restated",
}
STATUS_MEANINGS = {
    status.OPEN: "nothing has happened yet",
    status.IN_PROGRESS: "under way",
    status.STALLED: "stuck",
    status.FULFILLED: "came true, or the promise was kept",
    status.PARTLY_FULFILLED: "came true in part",
    status.NOT_FULFILLED: "did not happen, or the promise was broken",
    status.RETRACTED: "the speaker took it back",
    status.UNRESOLVABLE: "cannot be judged",
    status.RESTATED: "said again later; followed through the earlier claim it restates",
}
_HEDGE_CATEGORIES: dict[str | None, str] = {"modal": "modal verb", "epistemic": "belief", "adverb": "adverb",
                                             "probability": "odds"}


def pct(p: float | None) -> str | None:
    return None if p is None else f"{round(p * 100):d}%"


def quote_segments(claim: dict[str, Any]) -> list[dict[str, Any]]:
    """The quote as ``[{"text", "mark": None|"hedge"|"time", "note"}]``, hedges and the time frame marked
    where their offsets really point at their phrase (imported data may not)."""
    text = claim["text"] or ""
    marks = []
    for h in claim.get("hedges") or []:
        if not isinstance(h, dict):
            continue
        start, end = h.get("start"), h.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
            marks.append((start, end, "hedge", hedge_reading(h)))
    tf = claim.get("timeframe") or {}
    span = tf.get("span")
    if isinstance(span, list) and len(span) == 2 and all(isinstance(i, int) for i in span):
        if 0 <= span[0] < span[1] <= len(text):
            marks.append((span[0], span[1], "time", tf.get("explanation") or "time frame"))
    marks.sort()
    out, at = [], 0
    for start, end, kind, note in marks:
        if start < at:
            continue  # overlapping marks: keep the first
        if start > at:
            out.append({"text": text[at:start], "mark": None, "note": None})
        out.append({"text": text[start:end], "mark": kind, "note": note})
        at = end
    if at < len(text):
        out.append({"text": text[at:], "mark": None, "note": None})
    return out


def hedge_reading(h: dict[str, Any]) -> str:
    phrase = h.get("phrase") or "?"
    if h.get("probability") is None:
        return f"“{phrase}”: a hedge with no probability of its own"
    band = ""
    if h.get("low") is not None and h.get("high") is not None:
        band = f" ({pct(h['low'])}–{pct(h['high'])})"
    neg = ", negated" if h.get("negated") else ""
    return f"“{phrase}”: read as {pct(h['probability'])}{band}{neg}"


def hedge_rows(claim: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for h in claim.get("hedges") or []:
        if isinstance(h, dict):
            rows.append({"phrase": h.get("phrase"), "kind": _HEDGE_CATEGORIES.get(h.get("category"), h.get("category")),
                         "reading": hedge_reading(h)})
    return rows


def event_label(ev: dict[str, Any]) -> str:
    etype = ev["type"]
    if etype == "created":
        return "Logged"
    if etype == "status":
        to = STATUS_LABELS.get(ev["status"], ev["status"])
        if ev["status"] in status.FINAL:
            return f"Resolved: {to.lower()}"
        if ev.get("from") in status.FINAL:
            return f"Reopened: {to.lower()}"
        return f"Status: {STATUS_LABELS.get(ev.get('from'), ev.get('from') or '?').lower()} → {to.lower()}"
    if etype == "due":
        due = ev.get("due") or {}
        cause = (ev.get("data") or {}).get("cause") if isinstance(ev.get("data"), dict) else None
        return f"Due date moved to {due.get('end') or 'open-ended'}" + (f" ({cause})" if cause else "")
    if etype == "probability":
        p = (ev.get("data") or {}).get("probability") if isinstance(ev.get("data"), dict) else None
        return f"Probability restated: {pct(p)}" if isinstance(p, (int, float)) else "Probability restated"
    return {"evidence": "Evidence added", "note": "Note", "analysis": "Re-analysed",
            "speaker": "Speaker corrected"}.get(etype, etype.capitalize())


def timeline(claim: dict[str, Any]) -> list[dict[str, Any]]:
    """The history newest first (append order reversed), each with a label and a safe evidence link."""
    out = []
    for ev in reversed(claim["events"]):
        evidence = ev.get("evidence")
        out.append({"on": ev.get("on"), "recorded": (ev.get("recorded_at") or "")[:10], "label": event_label(ev),
                    "type": ev["type"], "status": ev["status"], "by": ev.get("by"), "note": ev.get("note"),
                    "evidence": evidence, "evidence_url": evidence if is_web_url(evidence) else None})
    return out


def outlets(claim: dict[str, Any]) -> list[dict[str, Any]]:
    return [{**a, "link": a["url"] if is_web_url(a.get("url")) else None} for a in claim["appearances"]]


def _data(ev: dict[str, Any]) -> dict[str, Any]:
    data = ev.get("data")
    return data if isinstance(data, dict) else {}


def _other(cid: Any, slug_of: Callable[[int], str | None]) -> dict[str, Any] | None:
    if not isinstance(cid, int):
        return None
    slug = slug_of(cid)
    return {"id": cid, "href": f"{slug}.html" if slug else None}


def restatements(claim: dict[str, Any], slug_of: Callable[[int], str | None]) -> dict[str, Any]:
    """What the links say about a claim: each time it was said again (with the due end it gave then), how
    its deadline moved, the claims it reverses or is reversed by, and, for a restatement, the claim it
    restates. ``slug_of`` names the page of another claim on the site (None: not published here)."""
    said_again, slips, reversals, restates = [], [], [], None
    for ev in claim["events"]:
        data = _data(ev)
        if ev["type"] == "restatement" and "of" in data:
            restates = _other(data["of"], slug_of)
        elif ev["type"] == "restatement":
            src: dict[str, Any] = data["source"] if isinstance(data.get("source"), dict) else {}
            due: dict[str, Any] = data["due"] if isinstance(data.get("due"), dict) else {}
            url = src.get("url")
            said_again.append({"on": data.get("said_on") or ev.get("on"), "text": data.get("text"),
                               "outlet": src.get("outlet"), "link": url if is_web_url(url) else None,
                               "due_end": due.get("end"), "probability": pct(data.get("probability")),
                               "claim": _other(data.get("claim"), slug_of)})
        elif ev["type"] == "due" and data.get("cause") == "restatement":
            slips.append({"on": ev.get("on"), "from": data.get("from"), "to": (ev.get("due") or {}).get("end"),
                          "days": data.get("slip_days"), "claim": _other(data.get("claim"), slug_of)})
        elif ev["type"] == "reversal":
            other = _other(data.get("claim"), slug_of)
            if other:
                reversals.append({**other, "role": data.get("role"), "on": ev.get("on")})
    return {"said_again": said_again, "slips": slips, "reversals": reversals, "restates": restates}


def claim_view(claim: dict[str, Any], slug_of: Callable[[int], str | None] = lambda _cid: None) -> dict[str, Any]:
    rated = verdict(claim)
    tf = claim.get("timeframe") or {}
    return {
        "id": claim["id"], "slug": claim["slug"], "kind": claim["kind"], "text": claim["text"],
        "summary": claim["summary"], "speaker": claim["speaker"], "speaker_title": claim["speaker_title"],
        "said_on": claim["said_on"], "status": claim["status"], "status_label": STATUS_LABELS.get(claim["status"]),
        "verdict": rated[1] if rated else None, "overdue": claim["overdue"], "days_overdue": claim["days_overdue"],
        "due": claim["due"], "probability": pct(claim["probability"]),
        "probability_range": [pct(p) for p in claim["probability_range"]] if claim["probability_range"] else None,
        "segments": quote_segments(claim), "hedges": hedge_rows(claim), "condition": claim["condition"],
        "timeframe": {"phrase": tf.get("phrase"), "explanation": tf.get("explanation"),
                      "review_on": tf.get("review_on")} if tf else None,
        "tags": claim["tags"], "timeline": timeline(claim), "outlets": outlets(claim),
        "links": restatements(claim, slug_of),
    }


def row(r: dict[str, Any]) -> dict[str, Any]:
    """A claim in a list (what the index and speaker pages print for it), from its raw row."""
    return {"id": r["id"], "slug": r["slug"], "speaker": r["speaker_name"], "speaker_id": r["speaker_id"],
            "summary": r["summary"], "kind": r["kind"], "status": r["status"],
            "status_label": STATUS_LABELS.get(r["status"]), "said_on": r["said_on_iso"], "due_end": r["due_end_iso"],
            "overdue": r["days_overdue"] is not None, "days_overdue": r["days_overdue"], "tags": r["tags"]}


def meter(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Claims per status (every status, zeros included, in lifecycle order), with overdue as a note."""
    counts = Counter(map(itemgetter("status"), rows))
    total = len(rows) or 1
    return [{"status": s, "label": STATUS_LABELS[s], "count": counts.get(s, 0),
             "share": round(100 * counts.get(s, 0) / total, 1)} for s in status.ALL]


def late(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The overdue claims' raw rows, the oldest due first (then by id)."""
    found = [r for r in rows if r["days_overdue"] is not None]
    found.sort(key=itemgetter("id"))  # (two sorts with keys read in C: the second is stable; rows come in id
    found.sort(key=itemgetter("due_end_iso"))  # order, so the first has nothing to do)
    return found


def overdue(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Overdue claims, the oldest due first (then by id)."""
    return [row(r) for r in late(rows)]
