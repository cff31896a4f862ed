"""Track records on real data: PredictionBook's forecasts and the New Zealand promise tracker (issue 8).

The expected figures are computed here straight from the files, by the rules the sources state
(``../shared/data/predictionbook/README.md``, ``../shared/data/nz-promises/METHODOLOGY.md``).
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict

import pytest
from conftest import SHARED

PB = SHARED / "data" / "predictionbook" / "valid-predictions.json"
NZ = SHARED / "data" / "nz-promises" / "promises.csv"
NZ_MAP = ["--map", "text=promise", "--map", "speaker=party", "--map", "url=sourceUrl", "--map",
          "evidence=evidenceUrls", "--map", "status_note=statusReason", "--map", "tags=area", "--set", "kind=promise"]


def _first_credence(pred):
    for resp in sorted(pred["responses"], key=lambda r: r["time"]):
        if resp["user"] == pred["user"] and "credence" in resp["actions"]:
            return resp["actions"]["credence"]
    return None



@pytest.fixture(scope="module")
def predictions():
    return json.loads(PB.read_text(encoding="utf-8"))


def test_predictionbook_brier_and_calibration_from_the_json(run, predictions):
    report = run.json("import", "--format", "predictionbook", str(PB))
    assert report == {"read": len(predictions), "added": len(predictions), "existing": 0, "skipped": [],
                      "claims_created": len(predictions), "appearances_added": 0, "duplicates": 0}
    again = run.json("import", "--format", "predictionbook", str(PB))
    assert again["added"] == 0 and again["existing"] == len(predictions)

    by_user: dict[str, list[float]] = defaultdict(list)
    bins = [0] * 10
    for pred in predictions:
        c = _first_credence(pred)
        if c is None:
            continue
        o = 1.0 if pred["outcome"] == "right" else 0.0
        by_user[pred["user"]].append((c / 100 - o) ** 2)
        bins[min(c // 10, 9)] += 1
    rows = {r["group"]: r for r in run.json("records", "--by", "speaker")}
    assert len(rows) == len({p["user"] for p in predictions})
    for user, squares in by_user.items():
        assert rows[user]["scored"] == len(squares), user
        assert abs(rows[user]["brier"] - sum(squares) / len(squares)) <= 1e-9, user
        assert abs(rows[user]["brier_two_sided"] - 2 * sum(squares) / len(squares)) <= 1e-9, user
    unscored = {p["user"] for p in predictions} - set(by_user)
    assert all(rows[u]["brier"] is None and rows[u]["scored"] == 0 for u in unscored)

    cal = run.json("calibration")
    scored = sum(len(s) for s in by_user.values())
    assert cal["scored"] == scored
    assert [b["n"] for b in cal["calibration"]] == bins and sum(bins) == scored
    for b in cal["calibration"]:
        assert b["from"] <= b["mean_p"] <= b["to"] and b["low"] <= b["observed"] <= b["high"]

    top = max(by_user, key=lambda u: len(by_user[u]))
    record = run.json("record", top)
    assert record["brier"] == rows[top]["brier"] and record["resolved"] == rows[top]["resolved"]
    # history: a change-deadline is a slip, later credences are probability events, the judge is kept
    slipped = next(p for p in predictions if any("change-deadline" in r["actions"] for r in p["responses"]))
    history = _history(run, slipped)
    assert any(e["type"] == "due" for e in history)
    assert history[-1]["status"] == ("fulfilled" if slipped["outcome"] == "right" else "not-fulfilled")
    changed = next(p for p in predictions
                   if sum(1 for r in p["responses"] if r["user"] == p["user"] and "credence" in r["actions"]) > 1)
    assert any(e["type"] == "probability" for e in _history(run, changed))


def _history(run, pred):
    url = f"https://predictionbook.com/predictions/{pred['number']}"
    claim = next(c for c in run.json("list", "--speaker", pred["user"], "--limit", "0") if c["source"]["url"] == url)
    return run.json("history", str(claim["id"]))


@pytest.mark.parametrize("change, words", [
    (lambda p: p[0]["responses"].append({"user": p[0]["user"], "time": "2016-02-21 01:00:00+00:00",
                                         "actions": {"credence": 150}}), "outside 0-100"),
    (lambda p: p[1].pop("user"), "missing user"),
    (lambda p: p[2].pop("time_known"), "missing time_known"),
    (lambda p: p[3].update(outcome="maybe"), "outcome"),
    (lambda p: p[4].update(time_created="last Tuesday"), "time_created"),
    (lambda p: p.clear(), "no predictions"),
    (lambda p: p.append("not an object"), "JSON object"),
])
def test_predictionbook_bad_files_write_nothing(run_sqlite, tmp_path, predictions, change, words):
    run = run_sqlite
    sample = json.loads(json.dumps(predictions[:20]))
    change(sample)
    path = tmp_path / "pb.json"
    path.write_text(json.dumps(sample), encoding="utf-8")
    result = run("import", "--format", "predictionbook", str(path), ok=False)
    assert result.exit_code == 1 and words in result.stderr, result.stderr
    assert "nothing was imported" in result.stderr or "no predictions" in result.stderr
    assert run.json("list", "--limit", "0") == []


def test_predictionbook_not_json(run_sqlite, tmp_path):
    path = tmp_path / "pb.json"
    path.write_text('{"number": 1,', encoding="utf-8")
    result = run_sqlite("import", "--format", "predictionbook", str(path), ok=False)
    assert result.exit_code == 1 and "not PredictionBook JSON" in result.stderr
    result = run_sqlite("import", "--format", "predictionbook", str(path), "--map", "text=x", ok=False)
    assert result.exit_code == 2


def test_predictionbook_extreme_credences(run_sqlite, tmp_path, predictions):
    sample = json.loads(json.dumps(predictions[:2]))
    for pred, credence in zip(sample, (0, 100), strict=True):
        pred["responses"] = [{"user": pred["user"], "time": pred["time_created"], "actions": {"credence": credence}}]
    path = tmp_path / "pb.json"
    path.write_text(json.dumps(sample), encoding="utf-8")
    run_sqlite("import", "--format", "predictionbook", str(path))
    cal = run_sqlite.json("calibration")
    assert cal["scored"] == 2 and cal["calibration"][0]["n"] == 1 and cal["calibration"][9]["n"] == 1
    assert cal["log_score"] > -600  # p clipped to [0.01, 0.99]: finite


def test_nz_tracker_kept_rate_per_party(run):
    with NZ.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    run("import", str(NZ), *NZ_MAP)
    expected = {}
    for party in {r["party"] for r in rows}:
        n = defaultdict(int)
        for r in rows:
            if r["party"] == party:
                n[r["status"]] += 1
        kept = n["delivered"] + n["largely"]  # METHODOLOGY.md section 4
        broken = n["partly"] + n["not-delivered"] + n["abandoned"]
        expected[party] = (kept / (kept + broken + n["in-progress"]), kept + broken + n["in-progress"])
    got = {r["group"]: r for r in run.json("records", "--by", "speaker")}
    assert set(got) == set(expected)
    for party, (rate, n) in expected.items():
        assert got[party]["kept_rate"] == pytest.approx(rate, abs=1e-12), party
        assert got[party]["kept_rate_n"] == n
    assert got["Greens"]["excluded"]["unresolvable"] == sum(
        1 for r in rows if r["party"] == "Greens" and r["status"] == "superseded")
    by_tag = run.json("records", "--by", "tag", "--min", "1")
    assert sum(r["claims"] for r in by_tag) >= len(rows)
