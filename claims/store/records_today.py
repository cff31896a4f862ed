"""Today's track-record figures by speaker, kind or nothing, from the claims' indexes alone.

Without ``--as-of`` a claim's state is its own row (status, due end and ``resolved_on`` are written in the
same transaction as every event), and everything :func:`aggregate` and :func:`timeliness` count is in the
narrow covering index ``ix_claim_record`` (speaker_id, status, kind, probability, due_end, resolved_on),
and, for the overdue medians by speaker, ``ix_claim_overdue`` (speaker_id, due_end over active claims,
migration 0012). Each query reads an index a speaker at a time in its own order (the scored and the
fulfilled claims sought per speaker and status), so grouping by speaker needs no sort of the claims and
no read of the wide claim rows. The figures are the same as the general queries of
:mod:`claims.store.records_sql` give from the same state (the tests compare the two for every grouping,
and every median with one computed in Python); the row shapes are those of ``records_sql.aggregate`` and
``records_sql.timeliness``, keyed by speaker id (``records_sql.labels`` names them), kind, or ``'all'``.
"""

from __future__ import annotations

from typing import Any

from claims.status import ACTIVE, FINAL, FULFILLED
from claims.store.records_sql import (
    Counts,
    Dialect,
    Filters,
    Scores,
    _claim_conditions,
    _clip,
    _in,
    bin_sql,
    middles,
    ordered_array,
    scored_statuses,
)


def _scan(f: Filters, d: Dialect) -> str:
    # one speaker: the planner takes the index's own range; --since looks up each claim's quote anyway
    return d.narrow() if f.speaker_id is None and not f.since else ""


# Every claim's speaker is in ``speaker`` (a foreign key), so this selects every claim; but it lets SQLite
# walk ix_claim_record a speaker at a time in id order, seeking each speaker's claims of a status
# (speaker_id = ? AND status IN ...) instead of reading every entry for the few statuses a query wants.
EACH_SPEAKER = "c.speaker_id IN (SELECT id FROM speaker)"


def _seek(f: Filters, d: Dialect) -> list[str]:
    return [EACH_SPEAKER] if f.speaker_id is None and not d.pg else []


def _where(conds: list[str]) -> str:
    return (" WHERE " + " AND ".join(conds)) if conds else ""


def _key(by: str | None) -> str:
    return {"speaker": "c.speaker_id", "kind": "c.kind"}.get(by or "", "'all'")


def aggregate(reader: Any, f: Filters, by: str | None, d: Dialect, *, edges: tuple[float, ...],
              clip: tuple[float, float], final_only: bool) -> tuple[Counts, Scores]:
    """``records_sql.aggregate`` from the index: claims per (speaker, status), with how many are promises,
    which streams through the index with no sort; and the scored claims counted per (speaker, status,
    kind, probability), again in index order, then summed per bin, each weighted by its n. With
    ``final_only`` and no grouping (calibration, which shows no promise figures) promises are not counted."""
    conds, params = _claim_conditions(f, d)
    if final_only:
        conds.append(f"c.status IN {_in(FINAL)}")
    scan = _scan(f, d)
    if by is None and final_only:  # calibration: statuses for the exclusions only (no promise counts), from
        # the status index when no filter needs the claim row
        counts_sql = f"SELECT 'all', c.status, count(*), 0 FROM claim c{_where(conds)} GROUP BY c.status"
    elif by == "speaker":
        promise = "CASE WHEN c.kind = 'promise' THEN 1 ELSE 0 END"
        counts_sql = (f"SELECT c.speaker_id, c.status, count(*), sum({promise}) FROM claim c{scan}"
                      f"{_where(_seek(f, d) + conds)} GROUP BY c.speaker_id, c.status")
    else:  # per (speaker, status, kind) in index order first, then per (kind or all, status)
        outer = "t.kind" if by == "kind" else "'all'"
        counts_sql = (f"SELECT {outer}, t.status, CAST(sum(t.n) AS BIGINT), "
                      "CAST(sum(CASE WHEN t.kind = 'promise' THEN t.n ELSE 0 END) AS BIGINT) FROM "
                      f"(SELECT c.speaker_id, c.status, c.kind, count(*) AS n FROM claim c{scan}{_where(conds)} "
                      "GROUP BY c.speaker_id, c.status, c.kind) t GROUP BY 1, 2")
    counts = reader.values(counts_sql, params)
    scored = _seek(f, d) + conds + [f"c.status IN {_in(scored_statuses(f))}", "c.probability IS NOT NULL"]
    inner = (f"SELECT c.speaker_id, c.status, c.kind, c.probability AS p, count(*) AS n FROM claim c{scan}"
             f"{_where(scored)} GROUP BY c.speaker_id, c.status, c.kind, c.probability")
    pc = _clip("s.p", *clip)
    outer_key = {"speaker": "s.speaker_id", "kind": "s.kind"}.get(by or "", "'all'")
    scores_sql = (f"SELECT {outer_key} AS k, s.status, {bin_sql('s.p', edges)} AS bin, CAST(sum(s.n) AS BIGINT), "
                  "sum(s.n * s.p), sum(s.n * s.p * s.p), "
                  f"sum(s.n * ln({pc})), sum(s.n * ln(1 - {pc})) FROM ({inner}) s GROUP BY 1, 2, 3")
    return counts, reader.values(scores_sql, params)


def timeliness(reader: Any, f: Filters, by: str | None, d: Dialect) -> list[tuple[Any, ...]]:
    """``records_sql.timeliness`` from the index in one read: fulfilled claims with a due end and a day
    (part 0 on time, 1 late, valued by days late) and active claims past their due end (part 2). On SQLite
    an overdue claim is valued by its due end (sorting by it sorts by days overdue, reversed: the same
    middle two), so days are counted for the middle ones only; PostgreSQL counts them per claim."""
    key = _canonical(reader, f, by)
    if by == "speaker" and key == "c.speaker_id" and not d.pg:
        return _by_speaker(reader, f, d)
    conds, params = _claim_conditions(f, d)
    today = d.date_param("today")
    params["today"] = d.date_value(f.as_of)
    late = d.days("c.resolved_on", "c.due_end")
    conds.append(f"((c.status = '{FULFILLED}' AND c.due_end IS NOT NULL AND c.resolved_on IS NOT NULL) "
                 f"OR (c.status IN {_in(ACTIVE)} AND c.due_end < {today}))")
    part = f"CASE WHEN c.status <> '{FULFILLED}' THEN 2 WHEN c.resolved_on > c.due_end THEN 1 ELSE 0 END"
    overdue = d.days(today, "c.due_end") if d.pg else "c.due_end"
    value = f"CASE WHEN c.status = '{FULFILLED}' THEN {late} ELSE {overdue} END"
    inner = f"SELECT {key} AS k, {part} AS part, {value} AS v FROM claim c{_scan(f, d)}{_where(conds)}"
    mid = middles(d, inner, "k, part", "v", {"v_min": "min(v)", "v_max": "max(v)"})
    if d.pg:
        days_lo, days_hi, max_days = "lo", "hi", "v_max"
    else:
        def days(v: str) -> str:
            return f"CASE WHEN part = 2 THEN {d.days(today, v)} ELSE {v} END"

        days_lo, days_hi = days("lo"), days("hi")
        max_days = f"CASE WHEN part = 2 THEN {d.days(today, 'v_min')} ELSE v_max END"
    sql = (f"SELECT k, part, n, {max_days} AS max_days, "
           f"CAST({days_lo} + {days_hi} AS DOUBLE PRECISION) / 2 AS median FROM ({mid}) m")
    return reader.values(sql, params)


def _by_speaker(reader: Any, f: Filters, d: Dialect) -> list[tuple[Any, ...]]:
    """:func:`timeliness` by speaker on SQLite, each speaker's names distinct: the overdue claims from
    ``ix_claim_overdue`` (migration 0012), which holds the active claims a speaker at a time in due-end
    order, so the grouping streams through it with no sort and collects each speaker's due ends in order
    (the aggregate reads the rows in the order of the index it scans); the fulfilled ones (a tenth as
    many) from ``ix_claim_record`` through :func:`records_sql.middles`."""
    conds, params = _claim_conditions(f, d)
    today = d.date_param("today")
    params["today"] = d.date_value(f.as_of)
    where = _where([f"c.status IN {_in(ACTIVE)}", f"c.due_end < {today}"] + conds)
    overdue = (f"SELECT c.speaker_id AS k, count(*) AS n, min(c.due_end) AS first, {ordered_array('c.due_end')} AS a "
               f"FROM claim c INDEXED BY ix_claim_overdue{where} GROUP BY c.speaker_id")
    mid = (f"SELECT k, n, first, json_extract(a, '$[' || ((n - 1) / 2) || ']') AS lo, "
           f"json_extract(a, '$[' || (n / 2) || ']') AS hi FROM ({overdue}) o")
    rows = reader.values(f"SELECT k, 2, n, {d.days(today, 'first')}, "
                         f"CAST({d.days(today, 'lo')} + {d.days(today, 'hi')} AS DOUBLE PRECISION) / 2 "
                         f"FROM ({mid}) m", params)
    conds += _seek(f, d) + [f"c.status = '{FULFILLED}' AND c.due_end IS NOT NULL AND c.resolved_on IS NOT NULL"]
    late = d.days("c.resolved_on", "c.due_end")
    inner = (f"SELECT c.speaker_id AS k, CASE WHEN c.resolved_on > c.due_end THEN 1 ELSE 0 END AS part, "
             f"{late} AS v FROM claim c{_scan(f, d)}{_where(conds)}")
    mid = middles(d, inner, "k, part", "v", {"max_days": "max(v)"})
    sql = f"SELECT k, part, n, max_days, CAST(lo + hi AS DOUBLE PRECISION) / 2 FROM ({mid}) m"
    return reader.values(sql, params) + rows


def _canonical(reader: Any, f: Filters, by: str | None) -> str:
    """The key expression; by speaker, speakers that share a name (shown as one group) take the lowest id
    of that name, so their medians are taken over all their claims together. Without such speakers
    (the usual case) the key is the speaker id and the index's order serves the sort."""
    if by != "speaker":
        return _key(by)
    dups = reader.values("SELECT s.id, m.id FROM speaker s JOIN (SELECT name, min(id) AS id FROM speaker "
                         "GROUP BY name HAVING count(*) > 1) m ON m.name = s.name AND s.id <> m.id")
    if not dups:
        return "c.speaker_id"
    cases = " ".join(f"WHEN {int(a)} THEN {int(b)}" for a, b in dups)
    return f"CASE c.speaker_id {cases} ELSE c.speaker_id END"
