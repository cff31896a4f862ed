"""Output for people (rich tables and text) and for programs (JSON, JSON lines, CSV).

Data goes to stdout only; the CLI sends messages and warnings to stderr.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import IO, Any

from claims.status import FINAL


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, default=str)


def print_json(obj: Any, out: IO[str] | None = None) -> None:
    (out or sys.stdout).write(dumps(obj) + "\n")


def print_nl(rows: Iterable[Any], out: IO[str] | None = None) -> None:
    out = out or sys.stdout
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


def print_csv(claims: list[dict[str, Any]], out: IO[str] | None = None) -> None:
    from claims.services.transfer import write_csv

    write_csv(claims, out or sys.stdout)


def _console():  # noqa: ANN202
    import os

    from rich.console import Console

    width = None if sys.stdout.isatty() else int(os.environ.get("COLUMNS") or 160)
    return Console(highlight=False, soft_wrap=False, emoji=False, markup=False, width=width)


def _clip(text: str | None, n: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _due(claim: dict[str, Any]) -> str:
    start, end = claim["due"]["start"], claim["due"]["end"]
    if not start and not end:
        return ""
    return f"{start or '…'} → {end or 'open'}"


def _status(claim: dict[str, Any]) -> str:
    if claim["overdue"]:
        return f"{claim['status']} (overdue {claim['days_overdue']}d)"
    return claim["status"]


def claims_table(claims: list[dict[str, Any]], title: str | None = None) -> None:
    from rich import box
    from rich.table import Table

    table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False)
    for col in ("id", "speaker", "said", "kind", "status", "due end", "p"):
        table.add_column(col, no_wrap=True)
    table.add_column("quote", overflow="fold", min_width=20)
    for c in claims:
        p = "" if c["probability"] is None else f"{c['probability']:.0%}"
        table.add_row(str(c["id"]), _clip(c["speaker"], 24), c["said_on"] or "", c["kind"], _status(c),
                      c["due"]["end"] or "", p, _clip(c["summary"] or c["text"], 90))
    _console().print(table)


def claim_text(claim: dict[str, Any]) -> None:
    con = _console()
    con.print(f"Claim {claim['id']} · {claim['kind']} · {_status(claim)}")
    con.print(f"  “{claim['text']}”")
    who = claim["speaker"] + (f" ({claim['speaker_title']})" if claim.get("speaker_title") else "")
    said = claim["said_on"] or "date unknown"
    if claim.get("said_precision") and claim["said_precision"] != "day":
        said += f" ({claim['said_precision']})"
    con.print(f"  said by {who}, {said}")
    if claim["summary"] and claim["summary"] != claim["text"]:
        con.print(f"  summary: {claim['summary']}")
    src = claim.get("source")
    if src:
        parts = [p for p in (src.get("outlet"), src.get("title"), src.get("published_on"), src.get("url")) if p]
        con.print(f"  source: {' · '.join(parts)}")
    if claim["due"]["start"] or claim["due"]["end"]:
        con.print(f"  due: {_due(claim)}")
    if claim.get("timeframe") and claim["timeframe"].get("explanation"):
        con.print(f"  time frame: {claim['timeframe']['explanation']}")
    if claim["probability"] is not None:
        rng = claim.get("probability_range")
        extra = f" (range {rng[0]:.0%}–{rng[1]:.0%})" if rng else ""
        con.print(f"  probability: {claim['probability']:.0%}{extra}")
    if claim["hedges"]:
        cues = ", ".join(f"{h['phrase']} [{h['category']}]" for h in claim["hedges"] if isinstance(h, dict))
        con.print(f"  hedges: {cues}")
    if claim.get("condition"):
        con.print(f"  condition: {claim['condition']}")
    if claim["tags"]:
        con.print(f"  tags: {', '.join(claim['tags'])}")
    for app in claim.get("appearances") or []:
        if src and app.get("url") == src.get("url") and app.get("outlet") == src.get("outlet"):
            continue
        con.print(f"  also in: {' · '.join(p for p in (app['outlet'], app['title'], app['published_on']) if p)}")
    if "events" in claim:
        con.print("")
        history_table(claim["events"])


def history_table(events: list[dict[str, Any]]) -> None:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for col in ("#", "on", "event", "by", "recorded"):
        table.add_column(col, no_wrap=True)
    table.add_column("evidence / note", overflow="fold", min_width=20)
    for i, ev in enumerate(events, 1):
        change = ev["type"]
        if ev["type"] == "status":
            change = f"{ev['from']} → {ev['status']}"
        elif ev["type"] == "due" and ev.get("due"):
            change = f"due → {ev['due']['end'] or 'open'}"
        detail = " · ".join(p for p in (ev.get("evidence"), ev.get("note")) if p)
        table.add_row(str(i), ev["on"] or "", change, _clip(ev["by"], 16), (ev["recorded_at"] or "")[:16],
                      _clip(detail, 160))
    _console().print(table)


def speakers_table(rows: list[dict[str, Any]]) -> None:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for col in ("id", "speaker", "title", "quotes", "claims", "open", "kept", "broken", "aliases"):
        table.add_column(col, overflow="fold")
    for r in rows:
        by = r["by_status"]
        active = sum(by.get(s, 0) for s in ("open", "in-progress", "stalled"))
        table.add_row(str(r["id"]), r["name"], r["title"] or "", str(r["quotes"]), str(r["claims"]), str(active),
                      str(by.get("fulfilled", 0) + by.get("partly-fulfilled", 0)),
                      str(by.get("not-fulfilled", 0)), ", ".join(r["aliases"]))
    _console().print(table)


def speaker_text(detail: dict[str, Any]) -> None:
    con = _console()
    head = detail["name"] + (f" — {detail['title']}" if detail.get("title") else "")
    con.print(f"{head}: {detail['claims']} claims, {detail['overdue']} overdue")
    if detail["aliases"]:
        con.print(f"  also known as: {', '.join(detail['aliases'])}")
    for st, claims in detail["by_status"].items():
        final = " (final)" if st in FINAL else ""
        claims_table(claims, title=f"{st}{final}: {len(claims)}")


def kv(pairs: dict[str, Any]) -> None:
    con = _console()
    width = max(len(k) for k in pairs) if pairs else 0
    for k, v in pairs.items():
        con.print(f"{k.ljust(width)}  {v}")


_STYLE = {"booster": "bold green", "condition": "bold magenta", "investigation": "magenta"}


def analysis_text(text: str, result: dict[str, Any]) -> None:
    """The text with its cues highlighted, then what they mean."""
    from rich.text import Text

    con = _console()
    shown = Text(text)
    for cue in result["hedges"]:
        shown.stylize(_STYLE.get(cue["category"], "bold yellow"), cue["start"], cue["end"])
    tf = result.get("timeframe")
    if tf and tf.get("span"):
        shown.stylize("underline cyan", *tf["span"])
    con.print(shown)
    kind = result["kind"]
    p = result["probability"]
    line = f"  {kind}"
    if p is not None:
        lo, hi = result["probability_range"]
        line += f", implied probability {p:.0%} (people read it as {lo:.0%}–{hi:.0%})"
    con.print(line)
    for cue in result["hedges"]:
        neg = " (negated)" if cue["negated"] else ""
        prob = "" if cue["probability"] is None else f" → {cue['probability']:.0%}"
        con.print(f"  · {cue['phrase']!r}: {cue['category']}{neg}{prob}")
    if tf:
        con.print(f"  · time frame: {tf['explanation']}")
    if result.get("condition"):
        con.print(f"  · condition: {result['condition']}")
    if result.get("said_on"):
        con.print(f"  · said on {result['said_on']} ({result['said_precision']})")


def ingest_text(result: dict[str, Any], *, dry_run: bool = False, out: IO[str] | None = None) -> None:
    """A readable summary of one ingested article: quotes with speakers, claims with hedges and due windows.
    Plain lines (one write per article): this runs once per file in a batch of thousands."""
    src = result["source"]
    head = " · ".join(p for p in (src.get("outlet"), src.get("title"), src.get("published_on")) if p)
    lines = [head or src.get("file") or "article"]
    for q in result["quotes"]:
        who = q["speaker"] or "(unattributed)"
        if q.get("speaker_title"):
            who = f"{q['speaker_title']} {who}"
        kind = "fragment" if q["fragment"] else ("reported" if not q["verbatim"] else "quote")
        said = f", {q['said_on']}" if q["said_on"] else ""
        lines.append(f"  [{kind}] {who}{said}: “{_clip(q['text'], 110)}”")
        claim = q.get("claim")
        bits: list[str] = []
        if claim:
            bits = [f"claim {claim['id']}", claim["kind"]]
            probability, hedges = claim["probability"], [h["phrase"] for h in claim["hedges"]]
            due = claim["due"] if claim["due"]["start"] or claim["due"]["end"] else None
            explanation = None
        elif q.get("kind") in ("prediction", "promise"):
            bits = [q["kind"]]
            probability, hedges, due = q.get("probability"), q.get("hedges") or [], None
            explanation = (q.get("timeframe") or {}).get("explanation")
        if bits:
            if probability is not None:
                bits.append(f"p={probability:.0%}")
            if hedges:
                bits.append("hedges: " + ", ".join(hedges))
            if due:
                bits.append(f"due {due['start'] or '…'} → {due['end'] or 'open'}")
            if explanation:
                bits.append(explanation)
            if q.get("needs_review"):
                bits.append("needs review")
            if claim is None:
                bits.append("(not stored: " + ("dry run)" if dry_run else "no named speaker)"))
            lines.append("      " + " · ".join(bits))
    if not dry_run:
        lines.append(f"  {result['added']} new, {result['already_present']} already recorded")
    (out or sys.stdout).write("\n".join(lines) + "\n")


def quotes_table(rows: list[dict[str, Any]]) -> None:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for col in ("id", "speaker", "said", "claim", "sources"):
        table.add_column(col, no_wrap=True)
    table.add_column("quote", overflow="fold", min_width=20)
    for r in rows:
        table.add_row(str(r["id"]), _clip(r["speaker"], 24), r["said_on"] or "", str(r["claim_id"] or ""),
                      str(len(r["sources"])), _clip(r["text"], 100) + ("" if r["verbatim"] else " (reported)"))
    _console().print(table)


def review_text(items: list[dict[str, Any]], out: IO[str] | None = None) -> None:
    """The review queue for people: each claim with its sentence and the candidates weighed."""
    if not items:
        (out or sys.stdout).write("Nothing to review.\n")
        return
    lines = []
    for it in items:
        conf = f"{it['confidence']:.0%}" if it["confidence"] is not None else "?"
        src = " · ".join(p for p in (it["source"]["outlet"], it["said_on"]) if p)
        lines.append(f"claim {it['id']}  {it['speaker']}  (confidence {conf}, {it['rule'] or 'rule unknown'})"
                     + (f"  {src}" if src else ""))
        lines.append(f"  “{_clip(it['text'], 160)}”")
        if it["context"]:
            lines.append(f"  in: {_clip(it['context'], 300)}")
        if it["candidates"]:
            lines.append("  also weighed: " + ", ".join(it["candidates"]))
        lines.append(f"  settle: claims review {it['id']} --accept | --speaker NAME | --not-a-quote")
        lines.append("")
    (out or sys.stdout).write("\n".join(lines))
