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


def print_json_rows(rows: list[Any], out: IO[str] | None = None) -> None:
    """A JSON array with one element per line, each written compactly: ``[``, then ``  {...},`` per row,
    then ``]``. The same keys and values as :func:`print_json` (the same encoder settings), only the
    whitespace differs: ``json`` indents in Python, one value at a time, while a row without indentation
    is encoded by its C encoder (20,000 track records, 41 MB: 0.8 s against 2.8 s indented)."""
    out = out or sys.stdout
    if not rows:
        out.write("[]\n")
        return
    encode = json.JSONEncoder(ensure_ascii=False, default=str).encode
    out.write("[\n" + ",\n".join("  " + encode(row) for row in rows) + "\n]\n")


def print_nl(rows: Iterable[Any], out: IO[str] | None = None) -> None:
    out = out or sys.stdout
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


def print_csv(claims: list[dict[str, Any]], out: IO[str] | None = None) -> None:
    from claims.services.csv_rows import write_csv

    write_csv(claims, out or sys.stdout)


def _console():  # noqa: ANN202
    import os

    from rich.console import Console

    width = None if sys.stdout.isatty() else int(os.environ.get("COLUMNS") or 160)
    return Console(highlight=False, soft_wrap=False, emoji=False, markup=False, width=width)


def _clip(text: str | None, n: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


# -- quotes cut to a width, keeping the words that matter ------------------------------------------

GAP = " … "
MIN_QUOTE_WIDTH = 30  # the quote column gets at least this much (the speaker column gives up room first)
MIN_FLEXIBLE_WIDTH = 10
SMALLEST_QUOTE_WIDTH = 12  # when nothing more can give way (a very narrow terminal)
COLUMN_GAP = 3  # rich's padding and the (blank) column rule between two columns
DROPPED_FIRST = ("p", "sources", "said", "claim", "kind")  # on a narrow terminal, in this order


def key_spans(claim: dict[str, Any], shown: str) -> list[tuple[int, int]]:
    """Where in ``shown`` the hedges and the time frame are: their offsets when ``shown`` is the quote
    itself, otherwise (a summary) the first place each phrase appears."""
    cues = [(h.get("start"), h.get("end"), h.get("phrase")) for h in claim.get("hedges") or [] if isinstance(h, dict)]
    tf = claim.get("timeframe") or {}
    if isinstance(tf, dict) and tf.get("phrase"):
        span = tf.get("span") or (None, None)
        cues.append((span[0], span[1], tf["phrase"]))
    found = []
    same = shown == claim.get("text")
    for start, end, phrase in cues:
        if same and isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(shown):
            found.append((start, end))
        elif phrase:
            at = shown.lower().find(str(phrase).lower())
            if at >= 0:
                found.append((at, at + len(phrase)))
    return _merge(found)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def excerpt(text: str, width: int, spans: list[tuple[int, int]] | None = None) -> str:
    """``text`` in at most ``width`` characters (whitespace collapsed), cut at word boundaries with "…",
    keeping every span in ``spans`` (offsets into ``text``) in view: "… any day that could happen."."""
    plain, where = _collapse(text)
    if len(plain) <= width:
        return plain
    spans = _merge([(where[a], where[b - 1] + 1) for a, b in spans or [] if 0 <= a < b <= len(text)])
    if not spans:
        return _head(plain, width)
    lo, hi = spans[0][0], spans[-1][1]
    if hi - lo + 4 <= width:
        return _window(plain, lo, hi, width)
    words = [_word_span(plain, a, b) for a, b in spans]  # one piece for each span, room shared out
    need = len(GAP) * (len(spans) - 1) + sum(b - a for a, b in words)
    marks = 4 if need + 4 <= width else 0  # tight: the cues matter more than the marks at the edges
    extra = max((width - need - marks) // len(spans), 0)
    pieces = [_window(plain, a, b, max(wb - wa + extra, 1), edges=False)
              for (a, b), (wa, wb) in zip(spans, words, strict=True)]
    first = "" if plain.startswith(pieces[0]) or not marks else "… "
    last = "" if plain.endswith(pieces[-1]) or not marks else " …"
    return (first + GAP.join(pieces) + last)[: max(width, 1)]


def _collapse(text: str) -> tuple[str, list[int]]:
    """Whitespace runs as one space, edges trimmed; ``where[i]`` is the new offset of ``text[i]``."""
    out: list[str] = []
    where = []
    for ch in text:
        if ch.isspace():
            if out and out[-1] != " ":
                out.append(" ")
            where.append(max(len(out) - 1, 0))
        else:
            where.append(len(out))
            out.append(ch)
    plain = "".join(out).rstrip()
    return plain, [min(w, max(len(plain) - 1, 0)) for w in where]


def _head(text: str, width: int) -> str:
    """The start of ``text`` cut at a space (or mid-word if the first word is that long), with "…"."""
    cut = text[: max(width - 1, 1)]
    space = cut.rfind(" ")
    return (cut[:space] if space > width // 2 else cut).rstrip() + "…"


def _word_span(text: str, lo: int, hi: int) -> tuple[int, int]:
    """[lo, hi) widened to whole words."""
    end = text.find(" ", hi)
    return text.rfind(" ", 0, lo) + 1, len(text) if end < 0 else end


def _window(text: str, lo: int, hi: int, width: int, *, edges: bool = True) -> str:
    """The words of ``text`` around [lo, hi) that fit ``width`` with their "…" marks: words after it to
    the end of its sentence first, then words before it, then more after."""
    n = len(text)

    def cost(a: int, b: int) -> int:
        return (b - a) + (2 if edges and a > 0 else 0) + (2 if edges and b < n else 0)

    def after(b: int) -> int:
        nxt = text.find(" ", b + 1)
        return n if nxt < 0 else nxt

    start, end = _word_span(text, lo, hi)
    if cost(start, end) > width:  # the words themselves are too long: cut hard
        body = text[lo:hi] if hi - lo <= width - 2 * edges else text[lo:lo + max(width - 1 - 2 * edges, 1)] + "…"
        return (("… " if edges and lo > 0 else "") + body + (" …" if edges and hi < n else ""))[:width]
    stop = text.find(". ", hi)
    for limit in (n if stop < 0 else stop + 1, None, n):
        if limit is None:  # words before
            while start > 0 and cost(text.rfind(" ", 0, start - 1) + 1, end) <= width:
                start = text.rfind(" ", 0, start - 1) + 1
            continue
        while end < limit and cost(start, after(end)) <= width:
            end = after(end)
    body = text[start:end].strip()
    if not edges:
        return body
    return ("… " if start > 0 else "") + body + (" …" if end < n else "")


def _due(claim: dict[str, Any]) -> str:
    start, end = claim["due"]["start"], claim["due"]["end"]
    if not start and not end:
        return ""
    return f"{start or '…'} → {end or 'open'}"


def _status(claim: dict[str, Any]) -> str:
    if claim["overdue"]:  # short: the table leaves the room to the quote ("overdue" alone means open)
        late = f"overdue {claim['days_overdue']}d"
        return late if claim["status"] == "open" else f"{claim['status']}, {late}"
    return claim["status"]


def _table(headers: tuple[str, ...], rows: list[list[str]], quotes: list[tuple[str, list[tuple[int, int]]]],
           *, full: bool, title: str | None = None, flexible: int = 1) -> None:
    """A table whose last column is a quote, cut to what the terminal leaves it (keeping ``spans`` in
    view), or with ``full`` whole and wrapped. Column ``flexible`` (the speaker) gives up room first."""
    from rich import box
    from rich.table import Table

    con = _console()
    keep = list(range(len(headers)))
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    widths[flexible] = min(widths[flexible], max(MIN_FLEXIBLE_WIDTH, len(headers[flexible])))\
        if _spare(widths, keep, con.width) < MIN_QUOTE_WIDTH else widths[flexible]
    for name in DROPPED_FIRST:  # a narrow terminal: the least needed columns go before the quote is squeezed
        if _spare(widths, keep, con.width) >= MIN_QUOTE_WIDTH:
            break
        if name in headers:
            keep.remove(headers.index(name))
    width = max(_spare(widths, keep, con.width), SMALLEST_QUOTE_WIDTH)
    table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for i in keep:
        table.add_column(headers[i], no_wrap=True, overflow="ellipsis", max_width=widths[i])
    table.add_column("quote", no_wrap=not full, overflow="fold" if full else "ellipsis", min_width=width)
    for row, (text, spans) in zip(rows, quotes, strict=True):
        cells = [_clip(row[i], widths[i]) for i in keep]
        table.add_row(*cells, " ".join(text.split()) if full else excerpt(text, width, spans))
    con.print(table)


def _spare(widths: list[int], keep: list[int], total: int) -> int:
    return total - sum(widths[i] for i in keep) - COLUMN_GAP * len(keep)


def claims_table(claims: list[dict[str, Any]], title: str | None = None, *, full: bool = False) -> None:
    rows, quotes = [], []
    for c in claims:
        p = "" if c["probability"] is None else f"{c['probability']:.0%}"
        rows.append([str(c["id"]), _clip(c["speaker"], 24), c["said_on"] or "", c["kind"], _status(c),
                     c["due"]["end"] or "", p])
        shown = c["summary"] or c["text"] or ""
        quotes.append((shown, key_spans(c, shown)))
    _table(("id", "speaker", "said", "kind", "status", "due end", "p"), rows, quotes, full=full, title=title)


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


def quotes_table(rows: list[dict[str, Any]], *, full: bool = False) -> None:
    cells = [[str(r["id"]), _clip(r["speaker"], 24), r["said_on"] or "", str(r["claim_id"] or ""),
              str(len(r["sources"]))] for r in rows]
    quotes: list[tuple[str, list[tuple[int, int]]]] = [
        (r["text"] + ("" if r["verbatim"] else " (reported)"), []) for r in rows]
    _table(("id", "speaker", "said", "claim", "sources"), cells, quotes, full=full)


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
