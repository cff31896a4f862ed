"""Track records: who kept their word, how late, and what their hedges are worth.

The public API (plain dicts with the JSON keys of ``claims record/records/calibration --json``):

- ``track_record(database, speaker, *, kind=None, tag=None, since=None, as_of=None, partly_as=None,
  rules=RULES) -> dict``: one speaker's figures (aliases resolve), plus ``speaker`` {id, name} and
  ``slipped`` (the claims whose deadline moved). NotFound for an unknown speaker or tag.
- ``records(database, *, by="speaker", min_resolved=1, kind=None, tag=None, since=None, as_of=None,
  partly_as=None, rules=RULES) -> list[dict]``: the same figures per group (``by``: speaker, tag, outlet,
  kind, hedge, timeframe), groups with at least ``min_resolved`` resolved claims, most resolved first.
- ``calibration(database, *, speaker=None, tag=None, kind=None, by="bin", as_of=None, partly_as=None,
  rules=RULES) -> dict``: the scores and ``calibration`` rows: ten bins (``by="bin"``) or one row per hedge
  phrase (``by="hedge"``, ``mean_p`` the phrase's own reading). ClaimsError when nothing is scored.

``database`` is a :class:`claims.store.db.Database`, a SQLite path or a PostgreSQL URL (None: the default
database). ``as_of`` (a date) computes everything from the history recorded by the end of that day (UTC);
None means today, from the claims' current state (the same figures, faster). ``partly_as`` scores
partly-fulfilled claims as that outcome (0..1); by default they are left out of probability scores.

Every row has: ``group``, ``claims``, ``resolved``, ``pending``, ``overdue``, ``median_days_overdue``,
``statuses`` {status: n}, ``promises``, ``kept``, ``broken``, ``in_progress``, ``kept_rate``,
``kept_rate_n``, ``politifact_share``, ``politifact_n``, ``on_time``, ``late``, ``on_time_rate``,
``median_days_late``, ``max_days_late``, ``slips``, ``slipped_claims``, ``days_moved``, ``slip_ratio``,
``scored``, ``base_rate``, ``mean_p``, ``brier``, ``brier_two_sided``, ``log_score``, ``skill``,
``discrimination`` {came_true, did_not, gap}, ``calibration`` [{bin, from, to, n, mean_p, observed, low,
high}], ``excluded`` {status: n}, ``flags`` {figure: "hidden" | "small"}. A figure that cannot be computed
(no claims to compute it from, or hidden by the small-sample rule) is null. The definitions are in the
README ("Track records").

All the counting is SQL in :mod:`claims.store.records_sql`; no claim is loaded into Python.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from claims import status
from claims.errors import ClaimsError, NotFound, UsageError
from claims.store import records_sql as rsql


@dataclass(frozen=True)
class Rules:
    """The thresholds, each with its source; pass another ``Rules`` to override them."""

    hide_below: int = 6  # NZ promise tracker, METHODOLOGY.md section 4: no percentage under 6 scored
    flag_below: int = 10  # ... and visibly marked under 10
    bin_edges: tuple[float, ...] = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)  # unfolded, width 0.1
    interval_z: float = 1.6448536269514722  # 90% two-sided normal quantile, for the Wilson score interval
    log_clip: tuple[float, float] = (0.01, 0.99)  # Metaculus clips p away from 0 and 1 before the log


RULES = Rules()
GROUPINGS = rsql.GROUPINGS


def _database(database: Any) -> Any:
    from claims.store.db import Database, open_database

    return database if isinstance(database, Database) else open_database(database)


def _filters(reader: Any, *, as_of: date | None, kind: str | None, tag: str | None, since: date | None,
             partly_as: float | None, speaker_id: int | None = None) -> rsql.Filters:
    if partly_as is not None and not (isinstance(partly_as, (int, float)) and 0 <= partly_as <= 1):
        raise UsageError(f"--partly-as must be a number from 0 to 1, not {partly_as!r}")
    if kind is not None:
        kind = status.parse_kind(kind)
    if tag is not None and not rsql.tag_exists(reader, tag):
        raise NotFound(f"no claims tagged {tag!r}")
    f = rsql.Filters(as_of=as_of or date.today(), history=as_of is not None, speaker_id=speaker_id, kind=kind,
                     tag=tag, since=since, partly_as=None if partly_as is None else float(partly_as))
    if as_of is not None:
        first = rsql.first_recorded(reader)
        d = rsql.Dialect(reader.dialect)
        if first is not None and first >= d.instant_value(f.cut()):
            day = str(first)[:10]
            raise UsageError(f"--as-of {as_of.isoformat()} is before the first claim was recorded ({day})")
    rsql.prepare(reader)
    return f


def find_speaker(reader: Any, name: str) -> dict[str, Any]:
    """The speaker ``name`` (or an alias, or a surname only one speaker has); NotFound with suggestions."""
    import difflib

    from claims.language.normalize import name_key
    from claims.language.titles import split_name

    key = name_key(name)
    bare = split_name(name)[0]
    row = rsql.find_speaker(reader, key, name_key(bare) if bare else None)
    if row is None:
        names = rsql.speaker_names(reader)
        close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
        raise NotFound(f"no speaker named {name!r}" + (f"; did you mean: {', '.join(close)}?" if close else ""))
    return row


def _rate(num: float, den: int, rules: Rules, flags: dict[str, str], name: str) -> float | None:
    if den == 0:
        return None
    if den < rules.hide_below:
        flags[name] = "hidden"
        return None
    if den < rules.flag_below:
        flags[name] = "small"
    return num / den


def wilson(k: float, n: int, z: float) -> tuple[float | None, float | None]:
    """The Wilson score interval for k successes in n trials."""
    if n == 0:
        return None, None
    phat = k / n
    denom = 1 + z * z / n
    centre = (phat + z * z / (2 * n)) / denom
    half = z * math.sqrt(max(phat * (1 - phat) / n + z * z / (4 * n * n), 0.0)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


LOG2E = 1.4426950408889634


def _outcome(st: str, partly_as: float | None) -> float | None:
    if st == status.FULFILLED:
        return 1.0
    if st == status.NOT_FULFILLED:
        return 0.0
    return partly_as if st == status.PARTLY_FULFILLED else None


def _totals(rows: list[dict[str, Any]], partly_as: float | None, n_bins: int) -> dict[str, Any]:
    """Counts by status (all claims and promises) and the score sums, from (status, kind, bin) rows.

    Within a row the outcome o is fixed, so sum (p - o)^2 = sum p^2 - 2 o sum p + n o^2, and the log score's
    sum is o sum ln p + (1 - o) sum ln(1 - p)."""
    t: dict[str, Any] = {"statuses": dict.fromkeys(status.ALL, 0), "promises": dict.fromkeys(status.ALL, 0),
                         "bins": [[0, 0.0, 0.0] for _ in range(n_bins)]}
    sums = dict.fromkeys(("scored", "sum_p", "sum_o", "sum_o2", "sum_sq", "sum_log2", "sum_p_true", "sum_p_false"),
                         0.0)
    for r in rows:
        n = int(r["n"])
        t["statuses"][r["status"]] += n
        if r["kind"] == "promise":
            t["promises"][r["status"]] += n
        o = _outcome(r["status"], partly_as)
        if r["bin"] is None or int(r["bin"]) < 0 or o is None:
            continue
        sp, sp2 = float(r["sum_p"]), float(r["sum_p2"])
        sums["scored"] += n
        sums["sum_p"] += sp
        sums["sum_o"] += n * o
        sums["sum_o2"] += n * o * o
        sums["sum_sq"] += sp2 - 2 * o * sp + n * o * o
        log = (o * float(r["sum_lnp"]) if o else 0.0) + ((1 - o) * float(r["sum_ln1p"]) if o < 1 else 0.0)
        sums["sum_log2"] += log * LOG2E
        sums["sum_p_true"] += o * sp
        sums["sum_p_false"] += (1 - o) * sp
        b = t["bins"][int(r["bin"])]
        b[0] += n
        b[1] += sp
        b[2] += n * o
    sums["scored"] = int(sums["scored"])
    t.update(sums)
    return t


def _bins(t: dict[str, Any], rules: Rules) -> list[dict[str, Any]]:
    out = []
    edges = rules.bin_edges
    for i, (n, sum_p, sum_o) in enumerate(t["bins"]):
        low, high = wilson(sum_o, n, rules.interval_z) if n else (None, None)
        out.append({"bin": f"{edges[i]:.1f}-{edges[i + 1]:.1f}", "from": edges[i], "to": edges[i + 1], "n": n,
                    "mean_p": sum_p / n if n else None, "observed": sum_o / n if n else None,
                    "low": low, "high": high})
    return out


def _scores(t: dict[str, Any]) -> dict[str, Any]:
    n = t["scored"]
    if not n:
        return {"scored": 0, "base_rate": None, "mean_p": None, "brier": None, "brier_two_sided": None,
                "log_score": None, "skill": None, "discrimination": None}
    brier = max(t["sum_sq"], 0.0) / n
    base = t["sum_o"] / n
    reference = t["sum_o2"] / n - base * base  # Brier of always saying the base rate
    true_n, false_n = t["sum_o"], n - t["sum_o"]
    came_true = t["sum_p_true"] / true_n if true_n > 0 else None
    did_not = t["sum_p_false"] / false_n if false_n > 0 else None
    return {
        "scored": n, "base_rate": base, "mean_p": t["sum_p"] / n, "brier": brier, "brier_two_sided": 2 * brier,
        "log_score": 100 * (t["sum_log2"] / n + 1),
        "skill": 1 - brier / reference if reference > 1e-12 else None,
        "discrimination": {"came_true": came_true, "did_not": did_not,
                           "gap": came_true - did_not if came_true is not None and did_not is not None else None},
    }


def figures(group: str, rows: list[dict[str, Any]], extra: dict[str, dict[str, Any]], *,
            partly_as: float | None, rules: Rules = RULES) -> dict[str, Any]:
    """One group's figures from its aggregate rows and its ``extra`` rows (timeliness, overdue, slips)."""
    t = _totals(rows, partly_as, len(rules.bin_edges) - 1)
    flags: dict[str, str] = {}
    st, ps = t["statuses"], t["promises"]
    on, lt = extra.get("timeliness:0", {}), extra.get("timeliness:1", {})
    od, sl = extra.get("timeliness:2", {}), extra.get("slips", {})
    kept = ps[status.FULFILLED]
    broken = ps[status.PARTLY_FULFILLED] + ps[status.NOT_FULFILLED] + ps[status.RETRACTED]
    in_progress = ps[status.IN_PROGRESS] + ps[status.STALLED]
    promises = sum(ps.values())
    on_time, late = int(on.get("n") or 0), int(lt.get("n") or 0)
    excluded = {status.RETRACTED: st[status.RETRACTED], status.UNRESOLVABLE: st[status.UNRESOLVABLE]}
    if partly_as is None:
        excluded[status.PARTLY_FULFILLED] = st[status.PARTLY_FULFILLED]
    ratio_n = int(sl.get("ratio_n") or 0)
    out = {
        "group": group, "claims": sum(st.values()),
        "resolved": sum(st[s] for s in status.FINAL), "pending": sum(st[s] for s in status.ACTIVE),
        "overdue": int(od.get("n") or 0), "median_days_overdue": _float(od.get("median")), "statuses": st,
        "promises": promises, "kept": kept, "broken": broken, "in_progress": in_progress,
        "kept_rate": _rate(kept, kept + broken + in_progress, rules, flags, "kept_rate"),
        "kept_rate_n": kept + broken + in_progress,
        "politifact_share": _rate(kept + ps[status.PARTLY_FULFILLED], promises, rules, flags, "politifact_share"),
        "politifact_n": promises,
        "on_time": on_time, "late": late,
        "on_time_rate": _rate(on_time, on_time + late, rules, flags, "on_time_rate"),
        "median_days_late": _float(lt.get("median")),
        "max_days_late": None if lt.get("max_days") is None else int(lt["max_days"]),
        "slips": int(sl.get("slips") or 0), "slipped_claims": int(sl.get("slipped") or 0),
        "days_moved": int(sl.get("days_moved") or 0),
        "slip_ratio": float(sl["ratio_sum"]) / ratio_n if ratio_n else None,
    }
    out.update(_scores(t))
    out["calibration"] = _bins(t, rules)
    out["excluded"] = excluded
    out["flags"] = flags
    return out


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _grouped(reader: Any, f: rsql.Filters, by: str | None, rules: Rules, *, hedge_p: bool = False,
             full: bool = True) -> list[dict[str, Any]]:
    """Figures per group; ``full`` False: the scores and exclusions only, from resolved claims (calibration)."""
    rows = rsql.aggregate(reader, f, by, edges=rules.bin_edges, clip=rules.log_clip, hedge_p=hedge_p,
                          final_only=not full)
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(r["grp"], []).append(r)
    extra: dict[str, dict[str, dict[str, Any]]] = {}
    if full:
        for name, fn in (("timeliness", rsql.timeliness), ("slips", rsql.slips)):
            for r in fn(reader, f, by):
                key = name if "part" not in r else f"{name}:{r['part']}"
                extra.setdefault(r["grp"], {})[key] = r
    return [figures(g, rs, extra.get(g, {}), partly_as=f.partly_as, rules=rules) for g, rs in groups.items()]


def records(database: Any = None, *, by: str = "speaker", min_resolved: int = 1, kind: str | None = None,
            tag: str | None = None, since: date | None = None, as_of: date | None = None,
            partly_as: float | None = None, rules: Rules = RULES) -> list[dict[str, Any]]:
    """Figures per group, most resolved claims first (see the module docstring)."""
    if by not in GROUPINGS:
        raise UsageError(f"unknown grouping {by!r}; choose one of: {', '.join(GROUPINGS)}")
    if min_resolved < 1:
        raise UsageError(f"--min must be 1 or more, not {min_resolved}")
    with _database(database).read() as reader:
        f = _filters(reader, as_of=as_of, kind=kind, tag=tag, since=since, partly_as=partly_as)
        rows = _grouped(reader, f, by, rules)
    rows = [r for r in rows if r["resolved"] >= min_resolved]
    rows.sort(key=lambda r: (-r["resolved"], -r["claims"], r["group"]))
    return rows


def speaker_figures(database: Any, speaker_id: int, *, tag: str | None = None, min_resolved: int = 1,
                    rules: Rules = RULES) -> dict[str, Any] | None:
    """One speaker's row of ``records(by="speaker")`` (None where it would have none), read for that speaker
    alone: the site asks for the few speakers whose pages a rebuild rewrites."""
    with _database(database).read() as reader:
        f = _filters(reader, as_of=None, kind=None, tag=tag, since=None, partly_as=None, speaker_id=speaker_id)
        rows = _grouped(reader, f, None, rules)
        name = reader.scalar("SELECT name FROM speaker WHERE id = :id", {"id": speaker_id})
    if not rows or rows[0]["resolved"] < min_resolved:
        return None
    return {**rows[0], "group": name}


def track_record(database: Any = None, speaker: str = "", *, kind: str | None = None, tag: str | None = None,
                 since: date | None = None, as_of: date | None = None, partly_as: float | None = None,
                 rules: Rules = RULES) -> dict[str, Any]:
    """One speaker's figures (see the module docstring), with the claims whose deadline slipped."""
    with _database(database).read() as reader:
        who = find_speaker(reader, speaker)
        f = _filters(reader, as_of=as_of, kind=kind, tag=tag, since=since, partly_as=partly_as,
                     speaker_id=who["id"])
        rows = _grouped(reader, f, None, rules)
        slips = rsql.slipped(reader, f) if rows and rows[0]["slips"] else []
    if rows:
        out = rows[0]
    else:
        out = figures("all", [], {}, partly_as=f.partly_as, rules=rules)
    out["group"] = who["name"]
    out["speaker"] = {"id": who["id"], "name": who["name"]}
    out["as_of"] = f.as_of.isoformat()
    out["slipped"] = [_slip(s) for s in slips]
    return out


def _days(a: Any, b: Any) -> int | None:
    if a is None or b is None:
        return None
    return (_date(a) - _date(b)).days


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _slip(row: dict[str, Any]) -> dict[str, Any]:
    moved = _days(row["due_end"], row["first_due_end"])
    promised = _days(row["first_due_end"], row["said_on"])
    return {
        "id": row["id"], "summary": row["summary"], "slips": int(row["slips"]),
        "first_due_end": None if row["first_due_end"] is None else _date(row["first_due_end"]).isoformat(),
        "due_end": None if row["due_end"] is None else _date(row["due_end"]).isoformat(),
        "days_moved": moved,
        "slip_ratio": moved / promised if moved is not None and promised and promised > 0 else None,
    }


def calibration(database: Any = None, *, speaker: str | None = None, tag: str | None = None,
                kind: str | None = None, by: str = "bin", as_of: date | None = None,
                partly_as: float | None = None, rules: Rules = RULES) -> dict[str, Any]:
    """The calibration table and the scores it rests on (see the module docstring)."""
    if by not in ("bin", "hedge"):
        raise UsageError(f"--by must be bin or hedge, not {by!r}")
    with _database(database).read() as reader:
        who = find_speaker(reader, speaker) if speaker else None
        f = _filters(reader, as_of=as_of, kind=kind, tag=tag, since=None, partly_as=partly_as,
                     speaker_id=who["id"] if who else None)
        rows = _grouped(reader, f, None, rules, full=False)
        total = rows[0] if rows else figures("all", [], {}, partly_as=f.partly_as, rules=rules)
        hedges = _grouped(reader, f, "hedge", rules, hedge_p=True, full=False) if by == "hedge" else []
    if not total["scored"]:
        whose = f" for {who['name']}" if who else ""
        raise ClaimsError(f"no scored claims{whose}: a claim needs a probability and a fulfilled or not-fulfilled "
                          "resolution (--partly-as counts partly-fulfilled ones)")
    out = {k: total[k] for k in ("scored", "base_rate", "mean_p", "brier", "brier_two_sided", "log_score", "skill",
                                 "discrimination", "excluded")}
    out.update({"group": who["name"] if who else "all", "by": by, "as_of": f.as_of.isoformat()})
    if by == "bin":
        out["calibration"] = total["calibration"]
    else:
        out["calibration"] = sorted((_hedge_row(h, rules) for h in hedges if h["scored"]),
                                    key=lambda r: (-r["n"], r["bin"]))
    return out


def _hedge_row(h: dict[str, Any], rules: Rules) -> dict[str, Any]:
    n = h["scored"]
    k = h["base_rate"] * n
    low, high = wilson(k, n, rules.interval_z)
    return {"bin": h["group"], "n": n, "mean_p": h["mean_p"], "observed": h["base_rate"], "came_true": k,
            "low": low, "high": high}
