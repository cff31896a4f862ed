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

import functools
import itertools
import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from claims import status
from claims.errors import ClaimsError, NotFound, UsageError
from claims.services import collector
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
             partly_as: float | None, speaker_id: int | None = None, today: date | None = None) -> rsql.Filters:
    if partly_as is not None and not (isinstance(partly_as, (int, float)) and 0 <= partly_as <= 1):
        raise UsageError(f"--partly-as must be a number from 0 to 1, not {partly_as!r}")
    if kind is not None:
        kind = status.parse_kind(kind)
    if tag is not None and not rsql.tag_exists(reader, tag):
        raise NotFound(f"no claims tagged {tag!r}")
    f = rsql.Filters(as_of=as_of or today or date.today(), history=as_of is not None, speaker_id=speaker_id, kind=kind,
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


STATUS_INDEX = {s: i for i, s in enumerate(status.ALL)}
_F, _PF, _NF, _RT, _UR, _OP, _IP, _SL = (STATUS_INDEX[s] for s in (
    status.FULFILLED, status.PARTLY_FULFILLED, status.NOT_FULFILLED, status.RETRACTED, status.UNRESOLVABLE,
    status.OPEN, status.IN_PROGRESS, status.STALLED))


def _outcome(st: str, partly_as: float | None) -> float | None:
    if st == status.FULFILLED:
        return 1.0
    if st == status.NOT_FULFILLED:
        return 0.0
    return partly_as if st == status.PARTLY_FULFILLED else None


class _Group:
    """One group's running sums: claims and promises per status, the score sums, and per bin n, the sum
    of p and the sum of outcomes. Within an aggregate row the outcome o is fixed, so
    sum (p - o)^2 = sum p^2 - 2 o sum p + n o^2, and the log score's sum is o sum ln p + (1 - o) sum ln(1 - p)."""

    __slots__ = ("st", "ps", "scored", "sum_p", "sum_o", "sum_o2", "sum_sq", "sum_log2", "p_true", "p_false",
                 "bins", "extra")

    def __init__(self, n_bins: int):
        self.st = [0] * len(status.ALL)
        self.ps = [0] * len(status.ALL)
        self.scored = 0
        self.sum_p = self.sum_o = self.sum_o2 = self.sum_sq = self.sum_log2 = self.p_true = self.p_false = 0.0
        self.bins = [0, 0.0, 0.0] * n_bins  # per bin: n, sum of p, sum of outcomes (flat: fewer objects)
        self.extra: dict[Any, tuple[Any, ...]] = {}

    def score(self, o: float, n: int, sp: float, sp2: float, lnp: float, ln1p: float, b: int) -> None:
        self.scored += n
        self.sum_p += sp
        self.sum_o += n * o
        self.sum_o2 += n * o * o
        self.sum_sq += sp2 - 2 * o * sp + n * o * o
        self.sum_log2 += ((o * lnp if o else 0.0) + ((1 - o) * ln1p if o < 1 else 0.0)) * LOG2E
        self.p_true += o * sp
        self.p_false += (1 - o) * sp
        bins, i = self.bins, 3 * b
        bins[i] += n
        bins[i + 1] += sp
        bins[i + 2] += n * o


def _accumulate(counts: rsql.Counts, scores: rsql.Scores, labels: dict[Any, str] | None, partly_as: float | None,
                n_bins: int) -> dict[str, _Group]:
    """The groups' running sums from the aggregate rows (group keys named by ``labels``: speakers that
    share a name are one group, as they are in the general queries)."""
    groups: dict[str, _Group] = {}
    name = labels.__getitem__ if labels is not None else None
    last, g = object(), _Group(0)
    for key, st, n, promises in counts:  # (the fast path's rows come a group at a time)
        if key != last:
            label = name(key) if name else key
            g = groups.get(label) or groups.setdefault(label, _Group(n_bins))
            last = key
        i = STATUS_INDEX[st]
        g.st[i] += n
        g.ps[i] += promises or 0
    outcomes = {st: _outcome(st, partly_as) for st in status.ALL}
    for key, st, b, n, sp, sp2, lnp, ln1p in scores:  # (numbers as the drivers give them: int and float)
        o = outcomes[st]
        if o is not None:
            groups[name(key) if name else key].score(o, n, sp, sp2, lnp, ln1p, b)
    return groups


@functools.lru_cache(maxsize=8)
def _bin_names(edges: tuple[float, ...]) -> tuple[tuple[str, float, float], ...]:
    return tuple((f"{a:.1f}-{b:.1f}", a, b) for a, b in itertools.pairwise(edges))


def _bins(g: _Group, rules: Rules) -> list[dict[str, Any]]:
    out = []
    z, bins = rules.interval_z, g.bins
    for i, (name, a, b) in enumerate(_bin_names(rules.bin_edges)):
        n = int(bins[3 * i])
        if n:
            sum_o = bins[3 * i + 2]
            low, high = wilson(sum_o, n, z)
            out.append({"bin": name, "from": a, "to": b, "n": n, "mean_p": bins[3 * i + 1] / n,
                        "observed": sum_o / n, "low": low, "high": high})
        else:
            out.append({"bin": name, "from": a, "to": b, "n": 0, "mean_p": None, "observed": None,
                        "low": None, "high": None})
    return out


_NO_SCORES = (0, None, None, None, None, None, None, None)


def _score_values(g: _Group) -> tuple[Any, ...]:
    n = g.scored
    if not n:
        return _NO_SCORES
    brier = max(g.sum_sq, 0.0) / n
    base = g.sum_o / n
    reference = g.sum_o2 / n - base * base  # Brier of always saying the base rate
    true_n, false_n = g.sum_o, n - g.sum_o
    came_true = g.p_true / true_n if true_n > 0 else None
    did_not = g.p_false / false_n if false_n > 0 else None
    gap = came_true - did_not if came_true is not None and did_not is not None else None
    return (n, base, g.sum_p / n, brier, 2 * brier, 100 * (g.sum_log2 / n + 1),
            1 - brier / reference if reference > 1e-12 else None,
            {"came_true": came_true, "did_not": did_not, "gap": gap})


_NO_PART = (None, None, None)  # n, max_days, median
_NO_SLIPS = (None, None, None, None, None)  # slips, slipped claims, days moved, ratio sum, ratio n


def figures(group: str, g: _Group, *, partly_as: float | None, rules: Rules = RULES) -> dict[str, Any]:
    """One group's figures from its sums and its ``extra`` rows (timeliness parts 0-2 and slips, as
    ``records_sql`` gives them, less the group key and part)."""
    flags: dict[str, str] = {}
    st, ps, extra = g.st, g.ps, g.extra
    on_n = extra.get(0, _NO_PART)[0]
    late_n, late_max, late_median = extra.get(1, _NO_PART)
    od_n, _, od_median = extra.get(2, _NO_PART)
    n_slips, slipped, days_moved, ratio_sum, ratio_n = extra.get("slips", _NO_SLIPS)
    kept = ps[_F]
    broken = ps[_PF] + ps[_NF] + ps[_RT]
    in_progress = ps[_IP] + ps[_SL]
    promises = sum(ps)
    on_time, late = int(on_n or 0), int(late_n or 0)
    excluded = {status.RETRACTED: st[_RT], status.UNRESOLVABLE: st[_UR]}
    if partly_as is None:
        excluded[status.PARTLY_FULFILLED] = st[_PF]
    ratio_n = int(ratio_n or 0)
    scored, base_rate, mean_p, brier, brier2, log_score, skill, discrimination = _score_values(g)
    return {
        "group": group, "claims": sum(st),
        # status.FINAL and status.ACTIVE, spelled out
        "resolved": st[_F] + st[_PF] + st[_NF] + st[_RT] + st[_UR], "pending": st[_OP] + st[_IP] + st[_SL],
        "overdue": int(od_n or 0), "median_days_overdue": _float(od_median),
        "statuses": dict(zip(status.ALL, st, strict=True)),
        "promises": promises, "kept": kept, "broken": broken, "in_progress": in_progress,
        "kept_rate": _rate(kept, kept + broken + in_progress, rules, flags, "kept_rate"),
        "kept_rate_n": kept + broken + in_progress,
        "politifact_share": _rate(kept + ps[_PF], promises, rules, flags, "politifact_share"),
        "politifact_n": promises,
        "on_time": on_time, "late": late,
        "on_time_rate": _rate(on_time, on_time + late, rules, flags, "on_time_rate"),
        "median_days_late": _float(late_median),
        "max_days_late": None if late_max is None else int(late_max),
        "slips": int(n_slips or 0), "slipped_claims": int(slipped or 0), "days_moved": int(days_moved or 0),
        "slip_ratio": float(ratio_sum) / ratio_n if ratio_n else None,
        "scored": scored, "base_rate": base_rate, "mean_p": mean_p, "brier": brier, "brier_two_sided": brier2,
        "log_score": log_score, "skill": skill, "discrimination": discrimination,
        "calibration": _bins(g, rules), "excluded": excluded, "flags": flags,
    }


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _grouped(reader: Any, f: rsql.Filters, by: str | None, rules: Rules, *, hedge_p: bool = False,
             full: bool = True) -> list[dict[str, Any]]:
    """Figures per group; ``full`` False: the scores and exclusions only, from resolved claims (calibration)."""
    with collector.paused():
        counts, scores = rsql.aggregate(reader, f, by, edges=rules.bin_edges, clip=rules.log_clip,
                                        hedge_p=hedge_p, final_only=not full)
        labels = rsql.labels(reader, f, by) if not hedge_p else None
        groups = _accumulate(counts, scores, labels, f.partly_as, len(rules.bin_edges) - 1)
        name = labels.__getitem__ if labels is not None else None
        if full:
            for row in rsql.timeliness(reader, f, by):  # (group, part, n, max_days, median): one per group, part
                g = groups.get(name(row[0]) if name else row[0])
                if g is not None:
                    g.extra[row[1]] = tuple(row[2:])
            for row in rsql.slips(reader, f, by):  # (group, slips, slipped, days moved, ratio sum, ratio n)
                g = groups.get(name(row[0]) if name else row[0])
                if g is not None:  # speakers that share a name: summed
                    had = g.extra.get("slips")
                    g.extra["slips"] = tuple(row[1:]) if had is None else tuple(map(_add, had, row[1:]))
        return [figures(label, g, partly_as=f.partly_as, rules=rules) for label, g in groups.items()]


def _add(a: Any, b: Any) -> Any:
    return b if a is None else a if b is None else a + b


def records(database: Any = None, *, by: str = "speaker", min_resolved: int = 1, kind: str | None = None,
            tag: str | None = None, since: date | None = None, as_of: date | None = None,
            partly_as: float | None = None, rules: Rules = RULES, today: date | None = None) -> list[dict[str, Any]]:
    """Figures per group, most resolved claims first (see the module docstring). ``today``: the day claims
    are overdue as of (default: today), the statuses staying as they are now; ``as_of`` replays the history
    to that day instead."""
    if by not in GROUPINGS:
        raise UsageError(f"unknown grouping {by!r}; choose one of: {', '.join(GROUPINGS)}")
    if min_resolved < 1:
        raise UsageError(f"--min must be 1 or more, not {min_resolved}")
    with _database(database).read() as reader, collector.paused():
        f = _filters(reader, as_of=as_of, kind=kind, tag=tag, since=since, partly_as=partly_as, today=today)
        rows = [r for r in _grouped(reader, f, by, rules) if r["resolved"] >= min_resolved]
        rows.sort(key=lambda r: (-r["resolved"], -r["claims"], r["group"]))  # (a collection here: 50 ms)
    return rows


def speaker_figures(database: Any, speaker_id: int, *, tag: str | None = None, min_resolved: int = 1,
                    rules: Rules = RULES, today: date | None = None) -> dict[str, Any] | None:
    """One speaker's row of ``records(by="speaker")`` (None where it would have none), read for that speaker
    alone: the site asks for the few speakers whose pages a rebuild rewrites."""
    with _database(database).read() as reader:
        f = _filters(reader, as_of=None, kind=None, tag=tag, since=None, partly_as=None, speaker_id=speaker_id,
                     today=today)
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
        out = figures("all", _Group(len(rules.bin_edges) - 1), partly_as=f.partly_as, rules=rules)
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
        total = rows[0] if rows else figures("all", _Group(len(rules.bin_edges) - 1), partly_as=f.partly_as,
                                             rules=rules)
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
