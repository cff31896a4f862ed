"""The CSV rows of ``claims list --csv``, ``claims export --format csv`` and the site's download, and the
spreadsheet-formula guard they share (OWASP CSV injection), with its exact inverse for import.

Standard library only, so that a read command or a site build that writes CSV imports nothing heavy.
"""

from __future__ import annotations

import csv
import json
from typing import IO, Any

CSV_COLUMNS = (
    "id", "kind", "status", "overdue", "speaker", "speaker_title", "said_on", "said_precision", "text",
    "summary", "outlet", "title", "url", "published_on", "source_kind", "due_start", "due_end",
    "probability", "probability_low", "probability_high", "hedges", "tags", "condition",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_GUARDED_START = frozenset(_FORMULA_START) | {"'"}


def _looks_guarded(text: str) -> bool:
    """Apostrophes, at least one, then a formula character: what :func:`guard` writes (``'=1+1``, ``''=x``)."""
    rest = text.lstrip("'")
    return len(rest) < len(text) and rest[:1] in _FORMULA_START and rest != ""


def unguard(value: str) -> str:
    """Undo the spreadsheet-formula guard that ``export``/``--csv`` add: ``unguard(guard(t)) == t`` for
    every text ``t``, including one that really starts with ``'=``."""
    return value[1:] if _looks_guarded(value) else value


def guard(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (OWASP CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = value if type(value) is str else str(value)
    if text[:1] not in _GUARDED_START:
        return text  # (the checks below all need one of these first)
    # A formula character first gets an apostrophe (a spreadsheet shows the text, runs nothing); so does a
    # text that already looks guarded (``'=x``), so that import can tell the two apart and undo exactly one.
    if text.startswith(_FORMULA_START) or _looks_guarded(text):
        return "'" + text
    return text


def csv_row(claim: dict[str, Any], *, with_events: bool = False) -> list[str]:
    src = claim.get("source") or {}
    prange = claim.get("probability_range") or [None, None]
    values = {
        **claim,
        "outlet": src.get("outlet"), "title": src.get("title"), "url": src.get("url"),
        "published_on": src.get("published_on"), "source_kind": src.get("kind"),
        "due_start": claim["due"]["start"], "due_end": claim["due"]["end"],
        "probability_low": prange[0], "probability_high": prange[1],
        "hedges": "; ".join(h.get("phrase", "") for h in claim.get("hedges") or [] if isinstance(h, dict)),
        "tags": "; ".join(claim.get("tags") or []),
    }
    row = [guard(values.get(col)) for col in CSV_COLUMNS]
    if with_events:
        row.append(guard(json.dumps(claim.get("events") or [], ensure_ascii=False)))
    return row


def write_csv(claims: Any, out: IO[str], *, with_events: bool = False) -> int:
    writer = csv.writer(out)
    writer.writerow(list(CSV_COLUMNS) + (["events"] if with_events else []))
    n = 0
    for claim in claims:
        writer.writerow(csv_row(claim, with_events=with_events))
        n += 1
    return n
