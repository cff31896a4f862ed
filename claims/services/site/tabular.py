"""The CSV download's rows: the columns of ``claims list --csv`` and ``claims export --format csv`` with the
same spreadsheet-formula guard, without importing the import/export service (SQLAlchemy, dateparser:
seconds of start-up a site rebuild does not need). ``tests/test_site.py`` checks both agree."""

from __future__ import annotations

import csv
import io
from typing import Any

CSV_COLUMNS = (
    "id", "kind", "status", "overdue", "speaker", "speaker_title", "said_on", "said_precision", "text",
    "summary", "outlet", "title", "url", "published_on", "source_kind", "due_start", "due_end",
    "probability", "probability_low", "probability_high", "hedges", "tags", "condition",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def guard(value: Any) -> str:
    """A cell a spreadsheet will not run as a formula (OWASP CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def cells(claim: dict[str, Any]) -> list[str]:
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
    return [guard(values.get(col)) for col in CSV_COLUMNS]


def line(row: list[str]) -> bytes:
    buf = io.StringIO(newline="")
    csv.writer(buf).writerow(row)
    return buf.getvalue().encode("utf-8")
