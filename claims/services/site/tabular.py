"""The CSV download's rows: the same columns and formula guard as ``claims list --csv`` and ``claims export
--format csv`` (:mod:`claims.services.csv_rows`, which imports nothing heavy), encoded for the site."""

from __future__ import annotations

import csv
import io
from typing import Any

from claims.services.csv_rows import CSV_COLUMNS, csv_row  # noqa: F401  (CSV_COLUMNS: the header)


def cells(claim: dict[str, Any]) -> list[str]:
    return csv_row(claim)


def line(row: list[str]) -> bytes:
    buf = io.StringIO(newline="")
    csv.writer(buf).writerow(row)
    return buf.getvalue().encode("utf-8")
