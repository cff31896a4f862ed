"""Track records for people: rich tables and terminal bars on stdout; CSV for spreadsheets."""

from __future__ import annotations

import csv
import sys
from typing import Any

from claims.commands.render import _console

LEGEND = ("Kept rate: kept / (kept + broken + in progress), the NZ tracker's rule, with how many it counts; "
          "PolitiFact: (kept + compromise) / all promises. '-' = not shown (fewer than 6), '*' = fewer than 10. "
          "Brier 0-1: one-sided (PredictionBook), Brier 0-2: two-sided (Fatebook, Good Judgment); lower is better. "
          "Log score: 100 (log2 p + 1), higher is better; skill: against always saying the base rate.")


def _pct(row: dict[str, Any], key: str, n_key: str | None = None) -> str:
    flag = row["flags"].get(key)
    n = f" ({row[n_key]})" if n_key else ""
    if flag == "hidden":
        return f"-{n}"
    value = row[key]
    if value is None:
        return ""
    return f"{value:.0%}{'*' if flag == 'small' else ''}{n}"


def _num(value: Any, fmt: str = ".3f") -> str:
    return "" if value is None else format(value, fmt)


def records_table(rows: list[dict[str, Any]], by: str) -> None:
    from rich.table import Table

    table = Table(title=f"Track records by {by}", title_justify="left")
    table.add_column(by, justify="left", no_wrap=True, min_width=10, max_width=32, overflow="ellipsis")
    for col in ("claims", "resolved", "overdue", "kept (n)", "PolitiFact", "on time", "late, median", "slips",
                "scored", "Brier 0-1", "Brier 0-2", "log", "skill"):
        table.add_column(col, justify="right", no_wrap=True)
    for r in rows:
        median = "" if r["median_days_late"] is None else f"{r['median_days_late']:g}d"
        table.add_row(r["group"], str(r["claims"]), str(r["resolved"]), str(r["overdue"]),
                      _pct(r, "kept_rate", "kept_rate_n"), _pct(r, "politifact_share"), _pct(r, "on_time_rate"),
                      median, str(r["slips"]), str(r["scored"]), _num(r["brier"]), _num(r["brier_two_sided"]),
                      _num(r["log_score"], ".1f"), _num(r["skill"], ".2f"))
    console = _console()
    console.print(table)
    console.print(LEGEND)


CSV_COLUMNS = ("group", "claims", "resolved", "pending", "overdue", "median_days_overdue", "promises", "kept",
               "broken", "in_progress", "kept_rate", "kept_rate_n", "politifact_share", "on_time", "late",
               "on_time_rate", "median_days_late", "max_days_late", "slips", "slipped_claims", "days_moved",
               "slip_ratio", "scored", "base_rate", "brier", "brier_two_sided", "log_score", "skill")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")  # OWASP CSV injection


def _guard(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def records_csv(rows: list[dict[str, Any]]) -> None:
    """The figures as CSV; the group name (user text) is guarded against spreadsheet formulas."""
    out = csv.writer(sys.stdout)
    out.writerow(CSV_COLUMNS)
    for r in rows:
        out.writerow([_guard(r["group"])] + ["" if r[c] is None else r[c] for c in CSV_COLUMNS[1:]])


def _bar(value: float | None, width: int = 20) -> str:
    if value is None:
        return ""
    full = round(value * width)
    return "█" * full + "·" * (width - full)


def calibration_text(result: dict[str, Any]) -> None:
    from rich.table import Table

    by_hedge = result["by"] == "hedge"
    table = Table(title=f"Calibration: {result['group']} (as of {result['as_of']})", title_justify="left")
    for col in ("hedge" if by_hedge else "stated p", "n", "read as" if by_hedge else "mean p", "came true",
                "90% interval", "how often it happened"):
        table.add_column(col, justify="left" if col in ("hedge", "how often it happened") else "right")
    for b in result["calibration"]:
        interval = "" if b["low"] is None else f"{b['low']:.0%}-{b['high']:.0%}"
        table.add_row(b["bin"], str(b["n"]), _num(b["mean_p"], ".0%"), _num(b["observed"], ".0%"), interval,
                      _bar(b["observed"]))
    console = _console()
    console.print(table)
    d = result["discrimination"] or {}
    console.print(
        f"{result['scored']} scored claims; Brier {result['brier']:.3f} (one-sided, 0..1), "
        f"{result['brier_two_sided']:.3f} (two-sided, 0..2); log score {result['log_score']:.1f}; skill "
        f"{_num(result['skill'], '.2f') or 'n/a'} against the base rate {result['base_rate']:.0%}; mean p "
        f"{_num(d.get('came_true'), '.0%') or 'n/a'} on claims that came true, "
        f"{_num(d.get('did_not'), '.0%') or 'n/a'} on those that did not.")


def record_text(r: dict[str, Any]) -> None:
    console = _console()
    console.print(f"{r['group']}: track record as of {r['as_of']}")
    console.print(f"  {r['claims']} claims: {r['resolved']} resolved, {r['pending']} pending "
                  f"({r['overdue']} overdue" + (f", median {r['median_days_overdue']:g} days" if
                                                 r["median_days_overdue"] is not None else "") + ")")
    st = ", ".join(f"{k} {v}" for k, v in r["statuses"].items() if v)
    console.print(f"  statuses: {st or 'none'}")
    if r["promises"]:
        console.print(f"  promises: {r['promises']}; kept {r['kept']}, broken {r['broken']}, in progress "
                      f"{r['in_progress']}; kept rate {_pct(r, 'kept_rate', 'kept_rate_n')}, PolitiFact share "
                      f"{_pct(r, 'politifact_share', 'politifact_n')}")
    if r["on_time"] or r["late"]:
        late = f", median {r['median_days_late']:g} days late, at most {r['max_days_late']}" if r["late"] else ""
        console.print(f"  fulfilled with a due date: {r['on_time']} on time, {r['late']} late "
                      f"(on-time rate {_pct(r, 'on_time_rate')}){late}")
    if r["slips"]:
        ratio = f", slip ratio {r['slip_ratio']:.2f}" if r["slip_ratio"] is not None else ""
        console.print(f"  deadline slips: {r['slips']} on {r['slipped_claims']} claims, {r['days_moved']} days "
                      f"moved{ratio}")
        for s in r["slipped"][:10]:
            console.print(f"    #{s['id']} {s['first_due_end']} -> {s['due_end']} ({s['slips']}x): "
                          f"{s['summary'][:70]}")
    if r["scored"]:
        console.print(f"  scores on {r['scored']} claims: Brier {r['brier']:.3f} (one-sided, 0..1), "
                      f"{r['brier_two_sided']:.3f} (two-sided, 0..2), log score {r['log_score']:.1f}, skill "
                      f"{_num(r['skill'], '.2f') or 'n/a'}")
    else:
        console.print("  no scored claims (none with a probability and a fulfilled/not-fulfilled outcome)")
    excluded = ", ".join(f"{k} {v}" for k, v in r["excluded"].items() if v)
    if excluded:
        console.print(f"  left out of scores: {excluded}")
    if any(r["flags"].get(k) for k in r["flags"]):
        console.print("  - = not shown (fewer than 6 scored), * = fewer than 10 (the NZ tracker's rule)")
