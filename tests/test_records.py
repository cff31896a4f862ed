"""Track records (issue 8): record, records, calibration, on both databases, through the CLI."""

from __future__ import annotations

import json
import math
import sqlite3
from datetime import date, timedelta

import pytest

from claims.services import records as rec

TODAY = date.today()


def _add(run, text, speaker, *, due, kind="promise", p=None, said="2025-01-10", tags=()):
    args = ["add", text, "--speaker", speaker, "--said", said, "--due", due, "--kind", kind]
    if p is not None:
        args += ["--probability", str(p)]
    for t in tags:
        args += ["--tag", t]
    return int(run(*args).stdout.strip())


# (status, probability, due end, resolved on) for one speaker's promises: a mix of every outcome
PLAN = [
    ("fulfilled", 0.9, "2025-03-01", "2025-02-20"),
    ("fulfilled", 0.8, "2025-03-01", "2025-03-11"),
    ("fulfilled", 0.35, "2025-03-01", "2025-04-30"),
    ("not-fulfilled", 0.7, "2025-03-01", "2025-03-02"),
    ("not-fulfilled", 0.15, "2025-03-01", "2025-03-05"),
    ("partly-fulfilled", 0.6, "2025-03-01", "2025-03-03"),
    ("retracted", 0.5, "2025-03-01", "2025-03-03"),
    ("unresolvable", 0.5, "2025-03-01", "2025-03-03"),
    ("in-progress", 0.5, "2025-03-01", "2025-03-03"),
    ("open", 0.95, "2025-03-01", None),
    ("open", None, (TODAY + timedelta(days=30)).isoformat(), None),
]


def import_plan(run, tmp_path, plan, speaker, *, kind="promise", text="We will build bridge number {i}",
                tags=("transport",), analyze=False):
    """Record ``plan`` [(status, p, due end, resolved on)] in one import (each claim with its history)."""
    lines = []
    for i, (st, p, due, on) in enumerate(plan):
        events = [{"type": "created", "status": "open", "on": "2025-01-10", "due": {"end": due}}]
        if on:
            events.append({"type": "status", "from": "open", "status": st, "on": on})
        lines.append(json.dumps({"text": text.format(i=i), "speaker": speaker, "said_on": "2025-01-10",
                                 "kind": kind, "due": due, "probability": p, "tags": list(tags),
                                 "events": events}))
    path = tmp_path / f"{speaker}.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run("import", str(path), *([] if analyze else ["--no-analysis"]))
    ids = [r["id"] for r in run.json("list", "--speaker", speaker, "--limit", "0")]
    return sorted(ids)


@pytest.fixture
def minister(run, tmp_path):
    return import_plan(run, tmp_path, PLAN, "Helen Park")


def same(a, b) -> bool:
    """Equal, floats to 1e-12 (sums may be added up in another order by another query plan)."""
    if isinstance(a, float) or isinstance(b, float):
        return a == pytest.approx(b, rel=1e-12, abs=1e-12)
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def _expected_scores(partly_as=None):
    pairs = []
    for st, p, _, _ in PLAN:
        o = {"fulfilled": 1.0, "not-fulfilled": 0.0, "partly-fulfilled": partly_as}.get(st)
        if p is not None and o is not None:
            pairs.append((p, o))
    n = len(pairs)
    brier = sum((p - o) ** 2 for p, o in pairs) / n
    clip = [(min(max(p, 0.01), 0.99), o) for p, o in pairs]
    log = 100 * (sum(o * math.log2(p) + (1 - o) * math.log2(1 - p) for p, o in clip) / n + 1)
    base = sum(o for _, o in pairs) / n
    ref = sum((base - o) ** 2 for _, o in pairs) / n
    return n, brier, log, 1 - brier / ref


def test_record_figures_follow_the_definitions(run, minister):
    r = run.json("record", "Helen Park")
    assert r["claims"] == len(PLAN) and r["speaker"]["name"] == "Helen Park"
    assert r["resolved"] == 8 and r["pending"] == 3
    assert r["overdue"] == 2  # the open and in-progress ones due 2025-03-01; the one due next month is not
    # NZ rule: kept / (kept + broken + in progress); broken = partly + not + retracted; unresolvable out
    assert (r["kept"], r["broken"], r["in_progress"]) == (3, 4, 1)
    assert r["kept_rate"] == pytest.approx(3 / 8) and r["flags"]["kept_rate"] == "small"
    assert r["politifact_share"] == pytest.approx(4 / 11)
    # timeliness: fulfilled on 02-20 (on time), 03-11 (10 days late), 04-30 (60 days late)
    assert (r["on_time"], r["late"]) == (1, 2)
    assert r["median_days_late"] == 35 and r["max_days_late"] == 60
    assert r["flags"]["on_time_rate"] == "hidden" and r["on_time_rate"] is None
    n, brier, log, skill = _expected_scores()
    assert r["scored"] == n == 5
    assert r["brier"] == pytest.approx(brier, abs=1e-12)
    assert r["brier_two_sided"] == pytest.approx(2 * brier, abs=1e-12)
    assert r["log_score"] == pytest.approx(log, abs=1e-9)
    assert r["skill"] == pytest.approx(skill, abs=1e-12)
    assert r["discrimination"]["came_true"] == pytest.approx((0.9 + 0.8 + 0.35) / 3)
    assert r["discrimination"]["did_not"] == pytest.approx((0.7 + 0.15) / 2)
    assert r["excluded"] == {"retracted": 1, "unresolvable": 1, "partly-fulfilled": 1}
    bins = {b["bin"]: b for b in r["calibration"]}
    assert len(r["calibration"]) == 10 and bins["0.0-0.1"]["n"] == 0 and bins["0.0-0.1"]["observed"] is None
    assert sum(b["n"] for b in r["calibration"]) == n
    assert bins["0.9-1.0"]["n"] == 1 and bins["0.9-1.0"]["observed"] == 1.0
    assert bins["0.8-0.9"]["n"] == 1 and bins["0.3-0.4"]["n"] == 1
    low, high = bins["0.9-1.0"]["low"], bins["0.9-1.0"]["high"]
    assert 0 < low < 1 and high == pytest.approx(1.0)


def test_partly_as_scores_compromises(run, minister):
    r = run.json("record", "Helen Park", "--partly-as", "0.5")
    n, brier, _, _ = _expected_scores(0.5)
    assert r["scored"] == n == 6 and r["brier"] == pytest.approx(brier, abs=1e-12)
    assert "partly-fulfilled" not in r["excluded"]
    bad = run("record", "Helen Park", "--partly-as", "1.5", ok=False)
    assert bad.exit_code == 2 and "--partly-as" in bad.stderr and bad.stdout == ""


def test_slips_as_of_and_corrections(run, minister):
    cid = minister[-1]
    run("reschedule", str(cid), "--due", (TODAY + timedelta(days=60)).isoformat())
    run("reschedule", str(cid), "--due", (TODAY + timedelta(days=90)).isoformat())
    now = run.json("record", "Helen Park")
    assert now["slips"] == 2 and now["slipped_claims"] == 1 and now["days_moved"] == 60
    said = date(2025, 1, 10)
    first = TODAY + timedelta(days=30)
    assert now["slip_ratio"] == pytest.approx(60 / (first - said).days)
    assert now["slipped"][0]["id"] == cid and now["slipped"][0]["slips"] == 2
    # the same figures from the history as of today, for every grouping
    for by in ("speaker", "tag", "kind", "outlet", "hedge", "timeframe"):
        assert same(run.json("records", "--by", by), run.json("records", "--by", by, "--as-of", TODAY.isoformat()))
    assert same(run.json("record", "Helen Park", "--as-of", TODAY.isoformat()), now)


def test_as_of_reproduces_a_published_figure(run, db, minister):
    before = run.json("records", "--as-of", TODAY.isoformat())
    # a correction recorded later (backdate the history so that "later" is tomorrow)
    _shift_history(db, days=-1)
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    published = run.json("records", "--as-of", yesterday)
    run("resolve", str(minister[9]), "--as", "fulfilled", "--on", "2025-02-01")
    run("reopen", str(minister[0]), "--note", "the bridge fell down")
    assert same(run.json("records", "--as-of", yesterday), published)
    after = run.json("records")[0]
    assert after["statuses"]["fulfilled"] == before[0]["statuses"]["fulfilled"]  # one more, one fewer
    assert after["statuses"]["open"] == before[0]["statuses"]["open"]
    assert after["brier"] != published[0]["brier"]
    early = run("records", "--as-of", "2001-01-01", ok=False)
    assert early.exit_code == 2 and "before the first claim" in early.stderr and early.stdout == ""


def _shift_history(db: str, days: int) -> None:
    """Move every recorded instant ``days`` days (tests only: stands in for waiting a day)."""
    from sqlalchemy import text

    from claims.store.engine import open_store

    store = open_store(db)
    with store.write() as session:
        if store.is_sqlite:
            session.execute(text(f"UPDATE event SET recorded_at = datetime(recorded_at, '{days} days')"))
        else:
            session.execute(text(f"UPDATE event SET recorded_at = recorded_at + interval '{days} days'"))


def test_records_groups_sort_and_min(run, minister):
    _add(run, "It could rain tomorrow", "Sam Ortiz", due="2025-02-01", kind="prediction", p=0.4)
    run("resolve", "12", "--as", "fulfilled", "--on", "2025-01-20")
    rows = run.json("records")
    assert [r["group"] for r in rows] == ["Helen Park", "Sam Ortiz"]
    assert [r["group"] for r in run.json("records", "--min", "2")] == ["Helen Park"]
    kinds = {r["group"]: r for r in run.json("records", "--by", "kind")}
    assert kinds["prediction"]["claims"] == 1 and kinds["promise"]["claims"] == len(PLAN)
    assert kinds["prediction"]["kept_rate"] is None and kinds["prediction"]["promises"] == 0
    tagged = run.json("records", "--by", "tag", "--tag", "transport")
    assert [r["group"] for r in tagged] == ["transport"] and tagged[0]["claims"] == len(PLAN)
    assert run.json("records", "--kind", "prediction")[0]["group"] == "Sam Ortiz"
    assert run.json("records", "--since", TODAY.isoformat()) == []
    table = run("records").stdout
    assert "Helen Park" in table and "-" in table and "Brier" in table
    csv_ = run("records", "--csv").stdout.splitlines()
    assert csv_[0].startswith("group,claims,resolved") and len(csv_) == 3
    nl = run("records", "--nl").stdout.splitlines()
    assert len(nl) == 2


def test_calibration_command(run, minister):
    cal = run.json("calibration")
    assert cal["scored"] == 5 and len(cal["calibration"]) == 10
    assert sum(b["n"] for b in cal["calibration"]) == cal["scored"]
    assert run.json("calibration", "--speaker", "Helen Park")["brier"] == pytest.approx(cal["brier"])
    text = run("calibration").stdout
    assert "0.9-1.0" in text and "Brier" in text and "one-sided" in text


def test_calibration_by_hedge(run, tmp_path):
    texts = ["It could happen soon in town 0", "It could rain in town 1", "It could snow in town 2",
             "It might fall in town 3"]
    plan = [(outcome, None, "2025-06-01", "2025-05-01")
            for outcome in ("fulfilled", "not-fulfilled", "not-fulfilled", "fulfilled")]
    for i, text in enumerate(texts):
        import_plan(run, tmp_path, plan[i:i + 1], "Lee Chan", kind="prediction", text=text, analyze=True)
    cal = run.json("calibration", "--by", "hedge")
    rows = {r["bin"]: r for r in cal["calibration"]}
    assert rows["could"]["n"] == 3 and rows["could"]["came_true"] == 1
    assert rows["could"]["observed"] == pytest.approx(1 / 3) and rows["could"]["mean_p"] == pytest.approx(0.4)
    assert rows["might"]["n"] == 1
    by_hedge = {r["group"]: r for r in run.json("records", "--by", "hedge")}
    assert by_hedge["could"]["resolved"] == 3


def test_bad_input(run, minister):
    for args, code, words in [
        (("record", "Nobody Atall"), 1, "no speaker"),
        (("records", "--tag", "no-such-tag"), 1, "no claims tagged"),
        (("records", "--min", "0"), 2, "--min"),
        (("records", "--by", "colour"), 2, "--by"),
        (("records", "--kind", "poem"), 2, "kind"),
        (("records", "--json", "--csv"), 2, "choose one"),
        (("calibration", "--by", "outlet"), 2, "--by"),
        (("calibration", "--speaker", "Nobody Atall"), 1, "no speaker"),
        (("record", "Helen Park", "--as-of", "not a date at all"), 2, "--as-of"),
        (("records", "--as-of", "2001-01-01"), 2, "before the first claim"),
    ]:
        result = run(*args, ok=False)
        assert result.exit_code == code, (args, result.stderr)
        assert words in result.stderr and result.stdout == ""
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
        assert len(errors) == 1 and "Traceback" not in result.stderr


def test_no_scored_claims_and_extreme_probabilities(run, tmp_path):
    import_plan(run, tmp_path, [("fulfilled", None, "2025-03-01", "2025-02-01")], "Ida Moss")
    r = run.json("record", "Ida Moss")
    assert r["scored"] == 0 and r["brier"] is None and r["log_score"] is None
    assert sum(b["n"] for b in r["calibration"]) == 0
    bad = run("calibration", "--speaker", "Ida Moss", ok=False)
    assert bad.exit_code == 1 and "no scored claims" in bad.stderr
    extremes = [(outcome, p, "2025-03-01", "2025-02-01") for p, outcome in
                ((0, "fulfilled"), (1, "not-fulfilled"), (1, "fulfilled"))]
    import_plan(run, tmp_path, extremes, "Max Ng", kind="prediction", text="It will surely happen {i}")
    r = run.json("record", "Max Ng")
    assert r["scored"] == 3 and r["brier"] == pytest.approx(2 / 3)
    expected = 100 * ((math.log2(0.01) + math.log2(0.01) + math.log2(0.99)) / 3 + 1)  # clipped to [0.01, 0.99]
    assert r["log_score"] == pytest.approx(expected)
    assert [b["n"] for b in r["calibration"]][0] == 1 and [b["n"] for b in r["calibration"]][9] == 2


def test_the_library_api_matches_the_cli(run, db, minister):
    assert rec.track_record(db, "Helen Park")["brier"] == run.json("record", "Helen Park")["brier"]
    assert same(rec.records(db, by="tag"), run.json("records", "--by", "tag"))
    assert rec.calibration(db, by="bin")["calibration"] == run.json("calibration")["calibration"]


def test_read_commands_do_not_import_sqlalchemy(tmp_path):
    import subprocess
    import sys

    db = tmp_path / "c.db"
    code = ("import sys, cli\nfrom typer.testing import CliRunner\n"
            f"r = CliRunner().invoke(cli.app, ['--db', {str(db)!r}, 'records', '--json'])\n"
            "assert r.exit_code == 0, r.output\n"
            "heavy = [m for m in ('sqlalchemy', 'sqlmodel', 'alembic', 'dateparser', 'matplotlib') "
            "if m in sys.modules]\nprint(heavy)")
    subprocess.run([sys.executable, "-c", "import cli; from typer.testing import CliRunner; "
                    f"CliRunner().invoke(cli.app, ['--db', {str(db)!r}, 'db', 'info'])"], check=True)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    assert sqlite3.connect(db).execute("SELECT count(*) FROM claim").fetchone()[0] == 0


def _colour_near(img, x, y, rgb, radius=3, tol=0.12):
    """Whether a pixel within ``radius`` of (x, y) (image coordinates) has colour ``rgb`` (0..1)."""
    h, w = img.shape[:2]
    for dy in range(-radius, radius + 1):
        for dx in range(-radius, radius + 1):
            px, py = int(round(x)) + dx, int(round(y)) + dy
            if 0 <= px < w and 0 <= py < h and all(abs(img[py, px, i] - rgb[i]) < tol for i in range(3)):
                return True
    return False


def test_calibration_chart_draws_points_diagonal_and_intervals(run_sqlite, tmp_path, sqlite_db):
    pytest.importorskip("matplotlib")
    from matplotlib import colors
    from matplotlib import image as mpimg

    from claims.services import charts

    plan = [("fulfilled" if i % 3 else "not-fulfilled", 0.85, "2025-03-01", "2025-02-01") for i in range(9)]
    plan += [("not-fulfilled" if i % 4 else "fulfilled", 0.25, "2025-03-01", "2025-02-01") for i in range(8)]
    import_plan(run_sqlite, tmp_path, plan, "Rosa Diaz", kind="prediction", text="It will happen, case {i}")
    png = tmp_path / "cal.png"
    out = run_sqlite("calibration", "--speaker", "Rosa Diaz", "--chart", str(png))
    assert f"Wrote {png}" in out.stderr and "0.8-0.9" in out.stdout
    img = mpimg.imread(png)
    assert img.shape[:2] == (600, 800)  # 8 x 6 inches at 100 dpi

    result = rec.calibration(sqlite_db, speaker="Rosa Diaz")
    fig, ax = charts.draw_calibration(result)
    fig.canvas.draw()
    height = fig.get_size_inches()[1] * fig.dpi
    accent, diagonal = colors.to_rgb(charts.ACCENT), colors.to_rgb(charts.DIAGONAL)

    def pixel(x, y):
        dx, dy = ax.transData.transform((x, y))
        return dx, height - dy

    points = [b for b in result["calibration"] if b["n"]]
    assert [b["n"] for b in points] == [8, 9]
    for b in points:  # a red dot where each bin's point is, the interval above and below it
        assert _colour_near(img, *pixel(b["mean_p"], b["observed"]), accent), b
        mid_bar = (b["observed"] + b["high"]) / 2
        pale = tuple(0.4 * c + 0.6 for c in accent)  # the interval: the accent at 40% over white
        assert _colour_near(img, *pixel(b["mean_p"], mid_bar), pale, tol=0.06), b
    assert not _colour_near(img, *pixel(0.6, 0.1), accent)  # nothing drawn where there is no bin
    diagonal_hits = sum(_colour_near(img, *pixel(t, t), diagonal, radius=2, tol=0.08)
                        for t in (0.45, 0.5, 0.55, 0.6, 0.65, 0.7))
    assert diagonal_hits >= 3  # a dashed line: most sampled points fall on a dash
    import matplotlib.pyplot as plt

    plt.close(fig)

    svg = tmp_path / "cal.svg"
    run_sqlite("calibration", "--speaker", "Rosa Diaz", "--chart", str(svg))
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text and "Rosa Diaz" in text
    none = run_sqlite("calibration", "--by", "hedge", "--chart", str(tmp_path / "h.png"), ok=False)
    assert none.exit_code == 1 and "hedge" in none.stderr and not (tmp_path / "h.png").exists()


def test_chart_bad_names_and_missing_matplotlib(run_sqlite, tmp_path, monkeypatch):
    import sys

    import_plan(run_sqlite, tmp_path, [("fulfilled", 0.7, "2025-03-01", "2025-02-01")], "Rosa Diaz")
    bad = run_sqlite("calibration", "--chart", str(tmp_path / "cal.gif"), ok=False)
    assert bad.exit_code == 2 and ".svg or .png" in bad.stderr and not (tmp_path / "cal.gif").exists()
    bad = run_sqlite("calibration", "--chart", str(tmp_path / "no" / "cal.png"), ok=False)
    assert bad.exit_code == 2 and "no folder" in bad.stderr
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if the extra were not installed
    missing = run_sqlite("calibration", "--chart", str(tmp_path / "cal.png"), ok=False)
    assert missing.exit_code == 1 and "pip install 'claims[charts]'" in missing.stderr
    assert len([ln for ln in missing.stderr.splitlines() if ln.strip()]) == 1
    assert not (tmp_path / "cal.png").exists()


def test_today_moves_what_is_overdue_and_keeps_the_statuses(run, db):
    """``today`` (the site's as-of day): overdue is judged as of it, the statuses staying as they are now
    (``as_of`` would replay the history to that day instead)."""
    run("add", "We will fix the road by 2016-09-30.", "--speaker", "Ann Smith", "--said", "2016-06-01",
        "--kind", "promise", "--due", "2016-09-30")
    run("add", "We will fix the bridge by 2016-07-30.", "--speaker", "Ann Smith", "--said", "2016-06-01",
        "--kind", "promise", "--due", "2016-07-30")
    run("resolve", "2", "--as", "fulfilled", "--on", "2016-07-15")
    early, late = (rec.records(db, by="speaker", today=day)[0] for day in (date(2016, 8, 1), date(2017, 6, 1)))
    assert (early["overdue"], late["overdue"]) == (0, 1)
    assert late["median_days_overdue"] == (date(2017, 6, 1) - date(2016, 9, 30)).days
    assert early["kept"] == late["kept"] == 1  # the statuses are as they are now on either day
    one = rec.speaker_figures(db, 1, today=date(2016, 8, 1))
    assert one is not None and one["overdue"] == 0
