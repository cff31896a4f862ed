"""The SQL behind track records (``claims.services.records``): plain DB-API SQL on ``claims.store.db``.

Every figure is an aggregate computed by the database; Python only sees rows per group and status, per
group, status and bin (:func:`aggregate`), per group and timeliness part (:func:`timeliness`, medians
included) or per slipped claim (:func:`slipped`), as tuples.

A claim's *state* is the relation the aggregates read: its status, due end, the day it was fulfilled,
its deadline slips and its first due end. There are two ways to get it, giving the same figures:

- today (no ``--as-of``): the claim row itself (its status, due window and ``resolved_on`` are updated
  in the same transaction as every event, so they agree with the history), plus look-ups in ``event``
  for the first due end, made only for claims that need them. Grouped by speaker, kind or nothing, the
  counts, scores and timeliness come from the narrow indexes alone (:mod:`claims.store.records_today`,
  keyed by speaker id: :func:`labels` names them);
- as of a day: from ``event`` alone, keeping the events recorded (``recorded_at``) before the end of
  that day (UTC): the status is the last status event, the due end the last event that set one.

Medians are the mean of the middle two values, which :func:`middles` picks without window functions.
The dialects differ in a handful of spellings (date arithmetic, JSON, a typed parameter); each is in
:class:`Dialect`, side by side.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from claims.status import ACTIVE, FINAL

LOG2E = 1.4426950408889634
GROUPINGS = ("speaker", "tag", "outlet", "kind", "hedge", "timeframe")
NONE_LABEL = "(none)"
STATE_EVENTS = ("created", "status")  # events whose status is the claim's status from then on
DUE_EVENTS = ("created", "due", "analysis")  # events that set the due window


# SQLite 3.44 and later take ORDER BY inside an aggregate (ordered_array).
AGGREGATE_ORDER_BY = sqlite3.sqlite_version_info >= (3, 44, 0)


class Dialect:
    """The spellings that differ between SQLite and PostgreSQL."""

    def __init__(self, name: str):
        self.name = name
        self.pg = name == "postgresql"

    def days(self, a: str, b: str) -> str:
        """Whole days from date ``b`` to date ``a``."""
        return f"({a} - {b})" if self.pg else f"CAST(julianday({a}) - julianday({b}) AS INTEGER)"

    def narrow(self) -> str:
        """After ``FROM claim c``: read the narrow covering index ``ix_claim_record`` for a scan of every
        claim (SQLite's planner otherwise takes the status index and reads each wide row; PostgreSQL
        chooses an index-only scan itself)."""
        return "" if self.pg else " INDEXED BY ix_claim_record"

    def date_param(self, name: str) -> str:
        return f"CAST(:{name} AS DATE)" if self.pg else f":{name}"

    def date_value(self, d: date) -> Any:
        return d if self.pg else d.isoformat()

    def instant_value(self, t: datetime) -> Any:
        """A UTC instant as the ``recorded_at`` column stores it."""
        return t if self.pg else t.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")

    def json_text(self, column: str, key: str) -> str:
        return f"({column} ->> '{key}')" if self.pg else f"json_extract({column}, '$.{key}')"

    def hedge_join(self, column: str) -> str:
        if self.pg:
            return f"LEFT JOIN LATERAL json_array_elements({column}) AS h(value) ON true"
        return f"LEFT JOIN json_each({column}) AS h"

    def hedge_label(self) -> str:
        phrase = f"lower({self.json_text('h.value', 'phrase')})"
        negated = "(h.value ->> 'negated') = 'true'" if self.pg else "json_extract(h.value, '$.negated') = 1"
        return f"CASE WHEN {negated} THEN {phrase} || ' (negated)' ELSE {phrase} END"

    def hedge_p(self) -> str:
        return f"CAST({self.json_text('h.value', 'probability')} AS DOUBLE PRECISION)"


@dataclass
class Filters:
    """What selects the claims; ``as_of`` is the day (``cut`` the first instant after it, UTC)."""

    as_of: date
    history: bool = False  # compute the state from the events recorded by the end of as_of
    speaker_id: int | None = None
    kind: str | None = None
    tag: str | None = None
    since: date | None = None
    partly_as: float | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def cut(self) -> datetime:
        return datetime(self.as_of.year, self.as_of.month, self.as_of.day, tzinfo=timezone.utc) + timedelta(days=1)


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def _claim_conditions(f: Filters, d: Dialect, alias: str = "c") -> tuple[list[str], dict[str, Any]]:
    conds: list[str] = []
    params: dict[str, Any] = {}
    if f.speaker_id is not None:
        conds.append(f"{alias}.speaker_id = :speaker_id")
        params["speaker_id"] = f.speaker_id
    if f.kind:
        conds.append(f"{alias}.kind = :kind")
        params["kind"] = f.kind
    if f.tag:
        conds.append(f"EXISTS (SELECT 1 FROM claim_tag t0 WHERE t0.claim_id = {alias}.id AND t0.tag = :tag)")
        params["tag"] = f.tag
    if f.since:
        conds.append(f"(SELECT coalesce(q0.said_on, so0.published_on) FROM quote q0 LEFT JOIN source so0 "
                     f"ON so0.id = {alias}.source_id WHERE q0.id = {alias}.quote_id) >= {d.date_param('since')}")
        params["since"] = d.date_value(f.since)
    return conds, params


def _latest(kinds: tuple[str, ...], cols: str, newest: bool = True) -> str:
    order = "DESC" if newest else "ASC"
    return (f"SELECT claim_id, {cols} FROM (SELECT claim_id, {cols}, row_number() OVER (PARTITION BY claim_id "
            f"ORDER BY recorded_at {order}, id {order}) AS rn FROM ev WHERE type IN {_in(kinds)}) x WHERE rn = 1")


BASE_COLS = "c.id, c.speaker_id, c.source_id, c.kind, c.probability, c.quote_id"
# The day a claim's latest status event gave (kept on the claim row by the one event writer; migration 0010).
FULFILLED_ON = "c.resolved_on"


def state_sql(f: Filters, d: Dialect, *, extra_cols: str = "", need: tuple[str, ...] = (),
              where: str = "") -> tuple[str, str, dict[str, Any]]:
    """(WITH-prefix, FROM-source, params) for the per-claim state relation ``s``.

    ``s`` always has id, speaker_id, source_id, kind, probability, status, due_end (and ``extra_cols``);
    ``need`` adds ``resolved_on`` (the day a fulfilled claim was fulfilled) and/or ``slips`` (then only
    claims with a deadline slip, with ``slips``, ``first_due_end`` and ``said_on``). ``where`` is a condition
    on the state, written on ``s0`` (its status and due_end)."""
    conds, params = _claim_conditions(f, d)
    slipped = "slips" in need
    if not f.history:
        cols = BASE_COLS + ", c.status, c.due_end" + extra_cols
        if "resolved_on" in need:
            cols += f", CASE WHEN c.status = 'fulfilled' THEN {FULFILLED_ON} END AS resolved_on"
        joins = ""
        if slipped:
            cols += (", sl.n AS slips, (SELECT e.due_end FROM event e WHERE e.claim_id = c.id AND e.type = 'created' "
                     "ORDER BY e.recorded_at, e.id LIMIT 1) AS first_due_end, "
                     "(SELECT q.said_on FROM quote q WHERE q.id = c.quote_id) AS said_on")
            # One speaker's claims: count each one's due events (an index range each); every claim: count
            # the due events once, grouped.
            mine = (" AND e.claim_id IN (SELECT c1.id FROM claim c1 WHERE c1.speaker_id = :speaker_id)"
                    if f.speaker_id is not None else "")
            joins = (f" JOIN (SELECT e.claim_id, count(*) AS n FROM event e WHERE e.type = 'due'{mine} "
                     "GROUP BY e.claim_id) sl ON sl.claim_id = c.id")
        all_conds = conds + ([where.replace("s0.", "c.")] if where else [])
        scan = d.narrow() if not slipped and not extra_cols and f.speaker_id is None else ""
        body = f"SELECT {cols} FROM claim c{scan}{joins}" + (" WHERE " + " AND ".join(all_conds) if all_conds else "")
        return "", f"({body})", params
    params["cut"] = d.instant_value(f.cut())
    claim_where = (" WHERE " + " AND ".join(conds)) if conds else ""
    scope = f" AND e.claim_id IN (SELECT c.id FROM claim c{claim_where})" if conds else ""
    ctes = [
        "ev AS (SELECT e.id, e.claim_id, e.type, e.status, e.happened_on, e.due_end, e.recorded_at "
        f"FROM event e WHERE e.recorded_at < :cut{scope})",
        f"st AS ({_latest(STATE_EVENTS, 'status, happened_on')})",
        f"du AS ({_latest(DUE_EVENTS, 'due_end')})",
    ]
    cols = BASE_COLS + ", st.status, du.due_end" + extra_cols
    joins = " JOIN st ON st.claim_id = c.id LEFT JOIN du ON du.claim_id = c.id"
    if "resolved_on" in need:
        cols += ", CASE WHEN st.status = 'fulfilled' THEN st.happened_on END AS resolved_on"
    if slipped:
        ctes += [f"fi AS ({_latest(('created',), 'due_end', newest=False)})",
                 "sl AS (SELECT claim_id, count(*) AS n FROM ev WHERE type = 'due' GROUP BY claim_id)"]
        cols += (", sl.n AS slips, fi.due_end AS first_due_end, "
                 "(SELECT q.said_on FROM quote q WHERE q.id = c.quote_id) AS said_on")
        joins += " JOIN sl ON sl.claim_id = c.id LEFT JOIN fi ON fi.claim_id = c.id"
    all_conds = conds + ([where.replace("s0.status", "st.status").replace("s0.due_end", "du.due_end")]
                         if where else [])
    body = f"SELECT {cols} FROM claim c{joins}" + (" WHERE " + " AND ".join(all_conds) if all_conds else "")
    return "WITH " + ", ".join(ctes) + " ", f"({body})", params


def group_sql(by: str | None, d: Dialect) -> tuple[str, str, str]:
    """(extra state columns, join clause, group label expression) for a grouping (None: one group)."""
    if by is None:
        return "", "", "'all'"
    if by == "speaker":
        return "", "JOIN speaker sp ON sp.id = s.speaker_id", "sp.name"
    if by == "kind":
        return "", "", "s.kind"
    if by == "outlet":
        return "", "LEFT JOIN source so ON so.id = s.source_id", f"coalesce(so.outlet, '{NONE_LABEL}')"
    if by == "tag":
        return "", "LEFT JOIN claim_tag tg ON tg.claim_id = s.id", f"coalesce(tg.tag, '{NONE_LABEL}')"
    if by == "timeframe":
        return (", c.timeframe", "", f"coalesce(lower({d.json_text('s.timeframe', 'phrase')}), '{NONE_LABEL}')")
    if by == "hedge":
        return ", c.hedges", d.hedge_join("s.hedges"), f"coalesce({d.hedge_label()}, '{NONE_LABEL}')"
    raise ValueError(by)


def bin_sql(p: str, edges: tuple[float, ...]) -> str:
    """The calibration bin of ``p``: i for edges[i] <= p < edges[i+1]; the last bin includes 1."""
    cases = " ".join(f"WHEN {p} < {edge!r} THEN {i}" for i, edge in enumerate(edges[1:-1]))
    return f"CASE {cases} ELSE {len(edges) - 2} END"


def _clip(p: str, low: float, high: float) -> str:
    return f"CASE WHEN {p} < {low!r} THEN {low!r} WHEN {p} > {high!r} THEN {high!r} ELSE {p} END"


SCORED = ("fulfilled", "not-fulfilled")


def scored_statuses(f: Filters) -> tuple[str, ...]:
    return SCORED + (("partly-fulfilled",) if f.partly_as is not None else ())


def fast(f: Filters, by: str | None) -> bool:
    """Whether today's figures for this grouping come from the claim rows through ``ix_claim_record``
    (:mod:`claims.store.records_today`) rather than the general state relation: the same figures."""
    return not f.history and by in (None, "speaker", "kind")


def labels(reader: Any, f: Filters, by: str | None) -> dict[Any, str] | None:
    """What the group keys of the fast path stand for (speaker id: name), None when the keys are labels."""
    if not (fast(f, by) and by == "speaker"):
        return None
    return dict(reader.values("SELECT id, name FROM speaker"))


Counts = list[tuple[Any, ...]]  # (group, status, claims, promises)
Scores = list[tuple[Any, ...]]  # (group, status, bin, n, sum_p, sum_p2, sum_lnp, sum_ln1p)


def aggregate(reader: Any, f: Filters, by: str | None, *, edges: tuple[float, ...], clip: tuple[float, float],
              hedge_p: bool = False, final_only: bool = False) -> tuple[Counts, Scores]:
    """Claims per (group, status), with how many are promises; and per (group, scored status, bin) of the
    scored claims, n and the sums of p, p^2, ln(p) and ln(1 - p) (p clipped for the logs). Within a row
    the outcome is fixed by the status, so every score is a sum of these (see ``claims.services.records``).

    ``hedge_p``: bin by the hedge's own reading instead of the claim's probability (calibration by hedge);
    ``final_only``: resolved claims only (all that scores and exclusions need; promises may go uncounted)."""
    d = Dialect(reader.dialect)
    if fast(f, by) and not hedge_p:
        from claims.store import records_today

        return records_today.aggregate(reader, f, by, d, edges=edges, clip=clip, final_only=final_only)
    extra, join, label = group_sql(by, d)
    where = f"s0.status IN {_in(FINAL)}" if final_only else ""
    with_, source, params = state_sql(f, d, extra_cols=extra, where=where)
    p = d.hedge_p() if hedge_p else "s.probability"
    is_scored = f"{p} IS NOT NULL AND s.status IN {_in(scored_statuses(f))}"
    pc = _clip(p, *clip)
    sql = (
        f"{with_}SELECT {label} AS grp, s.status AS status, s.kind AS kind, "
        f"CASE WHEN {is_scored} THEN {bin_sql(p, edges)} ELSE -1 END AS bin, count(*) AS n, "
        f"sum(CASE WHEN {is_scored} THEN {p} END) AS sum_p, sum(CASE WHEN {is_scored} THEN {p} * {p} END) AS sum_p2, "
        f"sum(CASE WHEN {is_scored} THEN ln({pc}) END) AS sum_lnp, "
        f"sum(CASE WHEN {is_scored} THEN ln(1 - {pc}) END) AS sum_ln1p "
        f"FROM {source} s {join} GROUP BY 1, 2, 3, 4"
    )
    rows = reader.values(sql, params)
    counts = [(g, st, n, n if kind == "promise" else 0) for g, st, kind, _, n, *_ in rows]
    scores = [(g, st, b, n, *sums) for g, st, _, b, n, *sums in rows if b is not None and b >= 0]
    return counts, scores


def middles(d: Dialect, inner: str, keys: str, value: str, extra: dict[str, str] | None = None) -> str:
    """Per ``keys`` of ``inner`` (a SELECT giving the columns ``keys`` and ``value``): ``n``, the ``extra``
    aggregates (alias: expression), and ``lo`` and ``hi``, the middle two values in order (the same one
    when n is odd), whose mean is the median. One sort and no window function: on SQLite the values are
    collected in order into a JSON array (an aggregate sees the rows of an ordered subquery in its order:
    SQLite keeps a subquery's ORDER BY when the outer aggregate is not count, min or max, and its GROUP BY
    sorter is stable; the tests check every median against one computed in Python); on PostgreSQL
    ``array_agg(... ORDER BY ...)``."""
    extra = extra or {}
    aggs = "".join(f", {expr} AS {name}" for name, expr in extra.items())
    names = "".join(f", {name}" for name in extra)
    if d.pg:
        return (f"SELECT {keys}, n{names}, a[CAST((n - 1) / 2 + 1 AS INTEGER)] AS lo, "
                f"a[CAST(n / 2 + 1 AS INTEGER)] AS hi FROM (SELECT {keys}, count(*) AS n{aggs}, "
                f"array_agg({value} ORDER BY {value}) AS a FROM ({inner}) x0 GROUP BY {keys}) y0")
    return (f"SELECT {keys}, n{names}, json_extract(a, '$[' || ((n - 1) / 2) || ']') AS lo, "
            f"json_extract(a, '$[' || (n / 2) || ']') AS hi FROM (SELECT {keys}, count(*) AS n{aggs}, "
            f"{ordered_array(value)} AS a FROM ({inner} ORDER BY {keys}, {value}) GROUP BY {keys})")


def ordered_array(value: str) -> str:
    """SQLite: the values as a JSON array in ascending order. From SQLite 3.44 the aggregate says so itself
    (``ORDER BY`` inside it); before, it has no such clause and the callers feed it rows in order (an
    ordered subquery, or an index scanned in order), which SQLite keeps but does not promise."""
    return f"json_group_array({value} ORDER BY {value})" if AGGREGATE_ORDER_BY else f"json_group_array({value})"


def timeliness(reader: Any, f: Filters, by: str | None) -> list[tuple[Any, ...]]:
    """(group, part, n, max_days, median) in one pass: fulfilled claims with a due end on time (part 0) or
    late (1), with days after the due end; pending claims past their due end (2), with days overdue."""
    d = Dialect(reader.dialect)
    if fast(f, by):
        from claims.store import records_today

        return records_today.timeliness(reader, f, by, d)
    extra, join, label = group_sql(by, d)
    today = d.date_param("today")
    pending = f"s0.status IN {_in(ACTIVE)} AND s0.due_end < {today}"
    with_, source, params = state_sql(f, d, extra_cols=extra, need=("resolved_on",),
                                      where=f"((s0.status = 'fulfilled' AND s0.due_end IS NOT NULL) OR ({pending}))")
    params["today"] = d.date_value(f.as_of)
    days = (f"CASE WHEN s.status = 'fulfilled' THEN {d.days('s.resolved_on', 's.due_end')} "
            f"ELSE {d.days(today, 's.due_end')} END")
    x = f"SELECT {label} AS grp, s.status = 'fulfilled' AS done, {days} AS days FROM {source} s {join}"
    part = "CASE WHEN NOT done THEN 2 WHEN days > 0 THEN 1 ELSE 0 END"
    inner = f"SELECT grp, {part} AS part, days FROM x WHERE days IS NOT NULL"
    mid = middles(d, inner, "grp, part", "days", {"max_days": "max(days)"})
    sql = (f"{with_}{',' if with_ else 'WITH'} x AS MATERIALIZED ({x}) "
           f"SELECT grp, part, n, max_days, CAST(lo + hi AS DOUBLE PRECISION) / 2 AS median FROM ({mid}) m")
    return reader.values(sql, params)


def slip_days(d: Dialect) -> tuple[str, str]:
    moved = d.days("s.due_end", "s.first_due_end")
    ratio = (f"CASE WHEN s.first_due_end > s.said_on THEN CAST({moved} AS DOUBLE PRECISION) / "
             f"{d.days('s.first_due_end', 's.said_on')} END")
    return moved, ratio


def slips(reader: Any, f: Filters, by: str | None) -> list[tuple[Any, ...]]:
    """(group, slips, slipped claims, days moved, sum and count of per-claim slip ratios)."""
    d = Dialect(reader.dialect)
    extra, join, label = group_sql(by, d)
    if fast(f, by) and by == "speaker":
        join, label = "", "s.speaker_id"  # the fast path's keys (see labels)
    with_, source, params = state_sql(f, d, extra_cols=extra, need=("slips",))
    moved, ratio = slip_days(d)
    # MATERIALIZED: each claim's look-ups once (flattened, SQLite would run them once per reference)
    sql = (f"{with_}{',' if with_ else 'WITH'} s AS MATERIALIZED (SELECT * FROM {source} s1) "
           f"SELECT {label} AS grp, sum(s.slips) AS slips, count(*) AS slipped, sum({moved}) AS days_moved, "
           f"sum({ratio}) AS ratio_sum, count({ratio}) AS ratio_n FROM s {join} GROUP BY 1")
    return reader.values(sql, params)


def slipped(reader: Any, f: Filters, limit: int = 100) -> list[dict[str, Any]]:
    """The claims whose deadline moved: id, summary, slips, first and current due end, said day."""
    d = Dialect(reader.dialect)
    with_, source, params = state_sql(f, d, need=("slips",))
    params["limit"] = limit
    sql = (f"{with_}SELECT s.id, c.summary, s.slips, s.first_due_end, s.due_end, s.said_on FROM {source} s "
           "JOIN claim c ON c.id = s.id ORDER BY s.slips DESC, s.id LIMIT :limit")
    return reader.rows(sql, params)


def first_recorded(reader: Any) -> Any:
    """When the first event was recorded (None for an empty database)."""
    return reader.scalar("SELECT min(recorded_at) FROM event")


def find_speaker(reader: Any, key: str, bare_key: str | None = None) -> dict[str, Any] | None:
    """The speaker whose key (or an alias's key) is ``key``, else ``bare_key``, else a unique surname."""
    for k in dict.fromkeys(x for x in (key, bare_key) if x):
        row = reader.one("SELECT id, name FROM speaker WHERE key = :k", {"k": k})
        if row is None:
            row = reader.one("SELECT sp.id, sp.name FROM speaker_alias a JOIN speaker sp ON sp.id = a.speaker_id "
                             "WHERE a.key = :k", {"k": k})
        if row is not None:
            return row
    if key and " " not in key:
        rows = reader.rows("SELECT id, name FROM speaker WHERE key LIKE :pat ESCAPE '\\' LIMIT 2",
                           {"pat": "% " + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")})
        if len(rows) == 1:
            return rows[0]
    return None


def speaker_names(reader: Any, limit: int = 5000) -> list[str]:
    return [r["name"] for r in reader.rows("SELECT name FROM speaker ORDER BY id LIMIT :n", {"n": limit})]


def tag_exists(reader: Any, tag: str) -> bool:
    return reader.scalar("SELECT count(*) FROM claim_tag WHERE tag = :tag", {"tag": tag}) > 0


def prepare(reader: Any) -> None:
    """Ready a connection for the aggregates. PostgreSQL: JIT off (compiling these wide CASE expressions
    took 9 s against milliseconds of execution). SQLite builds without the math functions get ``ln``."""
    if reader.dialect != "sqlite":
        cur = reader.conn.cursor()  # psycopg 3 and psycopg2 alike
        cur.execute("SET jit = off")
        cur.close()
        return
    try:
        reader.scalar("SELECT ln(2.0)")
    except Exception:  # sqlite3.OperationalError: no such function
        import math

        reader.conn.create_function("ln", 1, lambda x: None if x is None or x <= 0 else math.log(x),
                                    deterministic=True)
