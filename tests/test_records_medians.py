"""Track records (issue 8): the timeliness figures (counts, medians, maxima) against the same figures
computed here in Python, for every grouping the fast path serves and the general one (``--as-of``), with
claims recorded in no particular order, odd and even counts, and two speakers who share a name."""

from __future__ import annotations

import json
import random
import statistics
from datetime import date, timedelta

import pytest
from test_records import import_plan, same

from claims.services import records as rec

TODAY = date.today()
PENDING = ("open", "in-progress", "stalled")


def _plan(rng: random.Random, n: int) -> list[tuple[str, float | None, str, str | None]]:
    """n claims: pending ones due in the past (overdue) or the future, fulfilled ones early or late, and
    a few other outcomes; due days and days late drawn at random, so the order recorded is not sorted."""
    plan = []
    for _ in range(n):
        due = date(2025, 3, 1) + timedelta(days=rng.randrange(500))  # said on 2025-01-10 (import_plan)
        kind = rng.random()
        if kind < 0.45:
            future = rng.random() < 0.15
            day = TODAY + timedelta(days=rng.randrange(1, 90)) if future else due
            st = rng.choice(PENDING)  # in progress or stalled since yesterday (a status event), or still open
            plan.append((st, None, day.isoformat(), None if st == "open" else (TODAY - timedelta(days=1)).isoformat()))
        elif kind < 0.85:
            on = due + timedelta(days=rng.randrange(-30, 45))
            plan.append(("fulfilled", None, due.isoformat(), on.isoformat()))
        else:
            plan.append(("not-fulfilled", None, due.isoformat(), (due + timedelta(days=3)).isoformat()))
    return plan


def _expected(plans: list[list[tuple]]) -> dict[str, object]:
    overdue, late, on_time = [], [], 0
    for plan in plans:
        for st, _, due, on in plan:
            due_day = date.fromisoformat(due)
            if st in PENDING and due_day < TODAY:
                overdue.append((TODAY - due_day).days)
            elif st == "fulfilled":
                days = (date.fromisoformat(on) - due_day).days
                if days > 0:
                    late.append(days)
                else:
                    on_time += 1
    return {"overdue": len(overdue), "median_days_overdue": statistics.median(overdue) if overdue else None,
            "on_time": on_time, "late": len(late), "median_days_late": statistics.median(late) if late else None,
            "max_days_late": max(late) if late else None}


def _check(row: dict, expected: dict[str, object]) -> None:
    for key, value in expected.items():
        assert row[key] == (None if value is None else pytest.approx(value)), (row["group"], key, row[key], value)


@pytest.fixture
def speakers(run, tmp_path):
    rng = random.Random(8)
    sizes = {"Ana Ruiz": 1, "Ben Okafor": 2, "Cleo Marsh": 7, "Dev Patel": 24, "Eva Lind": 31, "Eve Lind": 12}
    plans = {}
    for name, n in sizes.items():
        plans[name] = _plan(rng, n)
        import_plan(run, tmp_path, plans[name], name, text=name + " promises item {i}")
    return plans


def _check_all(run, speakers):
    today = {r["group"]: r for r in run.json("records")}
    as_of = {r["group"]: r for r in run.json("records", "--as-of", TODAY.isoformat())}
    resolved = {name for name, plan in speakers.items() if any(st not in PENDING for st, *_ in plan)}
    assert set(today) == set(as_of) == resolved and len(resolved) >= 4
    for name in resolved:
        _check(today[name], _expected([speakers[name]]))
        assert same(today[name], as_of[name])


def test_timeliness_medians_by_speaker_today_and_as_of(run, db, speakers):
    _check_all(run, speakers)
    # the biggest speaker's record, and every claim together (by kind: all are promises)
    _check(run.json("record", "Dev Patel"), _expected([speakers["Dev Patel"]]))
    kinds = run.json("records", "--by", "kind")
    assert [r["group"] for r in kinds] == ["promise"]
    _check(kinds[0], _expected(list(speakers.values())))
    assert same(kinds, run.json("records", "--by", "kind", "--as-of", TODAY.isoformat()))
    for flt in (("--kind", "promise"), ("--tag", "transport"), ("--since", "2025-01-01"), ("--partly-as", "0.5")):
        assert same(run.json("records", *flt), run.json("records", *flt, "--as-of", TODAY.isoformat())), flt
    # two speakers (two keys) shown under one name: one group, whose medians are over both speakers' claims
    from sqlalchemy import text

    from claims.store.engine import open_store

    with open_store(db).write() as session:
        session.execute(text("UPDATE speaker SET name = 'Eva Lind' WHERE name = 'Eve Lind'"))
    merged = dict(speakers)
    merged["Eva Lind"] = merged["Eva Lind"] + merged.pop("Eve Lind")
    _check_all(run, merged)


def test_records_json_is_one_row_a_line(run, db, speakers):
    result = run("records", "--json")
    lines, rows = result.stdout.splitlines(), rec.records(db)
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == len(rows) + 2 and len(rows) >= 4
    assert all(line.startswith("  {") for line in lines[1:-1])
    assert json.loads(result.stdout) == json.loads(json.dumps(rows, default=str))
    assert run("records", "--json", "--min", "1000").stdout == "[]\n"
