"""The review queue: doubtful attributions wait for a person, and each settlement is in the history."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES

STORY = str(FIXTURES / "harbour-bridge.html")


def _queue(run):
    return run.json("review")


@pytest.fixture
def queued(run):
    """The harbour-bridge story ingested with every claim below a threshold of 1 (all of them)."""
    out = run.json("ingest", STORY, "--review-below", "1")
    tracked = [q for q in out["quotes"] if q["claim"]]
    assert tracked, "the fixture story has predictions and promises"
    assert all(q["needs_review"] for q in tracked)
    assert all(0 <= q["confidence"] < 1 for q in out["quotes"] if q["speaker"])
    return tracked


def test_doubtful_claims_wait_with_their_context(run, queued):
    items = _queue(run)
    assert sorted(i["id"] for i in items) == sorted(q["claim"]["id"] for q in queued)
    confidences = [i["confidence"] for i in items]
    assert confidences == sorted(confidences), "least confident first"
    first = items[0]
    quote = next(q for q in queued if q["claim"]["id"] == first["id"])
    assert quote["text"][:40] in first["context"] or first["text"][:40] in first["context"]
    assert first["rule"] and first["speaker"] == quote["speaker"]
    assert isinstance(first["candidates"], list)
    assert "settle: claims review" in run("review").stdout


def test_threshold_zero_queues_nothing_and_dry_run_stores_nothing(run):
    out = run.json("ingest", STORY, "--review-below", "0")
    assert not any(q["needs_review"] for q in out["quotes"])
    assert _queue(run) == []
    assert "Nothing to review" in run("review").stdout


def test_accept(run, queued):
    cid = queued[0]["claim"]["id"]
    done = run.json("review", str(cid), "--accept", "--by", "A. Checker", "--on", "2016-03-12")
    assert done["review"] == "accepted"
    assert cid not in [i["id"] for i in _queue(run)]
    last = run.json("history", str(cid))[-1]
    assert (last["type"], last["by"], last["on"]) == ("review", "A. Checker", "2016-03-12")
    assert "accepted" in last["note"]


def test_reassign_moves_the_quote_to_the_right_speaker(run, queued):
    cid = queued[0]["claim"]["id"]

    done = run.json("review", str(cid), "--speaker", "Ada Quayside", "--note", "the caption names her")
    assert done["review"] == "reassigned"
    claim = run.json("show", str(cid))
    assert claim["speaker"] == "Ada Quayside"
    types = [e["type"] for e in claim["events"]]
    assert types[-2:] == ["speaker", "review"]
    assert claim["events"][-1]["note"] == "the caption names her"
    assert [c["id"] for c in run.json("list", "--speaker", "Ada Quayside")] == [cid]


def test_not_a_quote_stops_tracking(run, queued):
    cid = queued[0]["claim"]["id"]
    run("review", str(cid), "--not-a-quote")
    claim = run.json("show", str(cid))
    assert claim["kind"] == "statement"
    assert claim["events"][-1]["type"] == "review"
    assert cid not in [c["id"] for c in run.json("due", "--as-of", "2030-01-01")]


@pytest.mark.parametrize("args, message", [
    (["999", "--accept"], "no claim with id 999"),
    (["1"], "give one of --accept"),
    (["1", "--accept", "--not-a-quote"], "give one of --accept"),
    (["--accept"], "give the claim's ID"),
    (["1", "--speaker", ""], "speaker"),
])
def test_bad_settlements_change_nothing(run, queued, args, message):
    before = run("export").stdout
    result = run("review", *args, ok=False)
    assert result.exit_code in (1, 2)
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert run("export").stdout == before


def test_settled_twice_or_not_queued(run, queued):
    cid = queued[0]["claim"]["id"]
    run("review", str(cid), "--accept")
    again = run("review", str(cid), "--accept", ok=False)
    assert again.exit_code == 1 and "already reviewed (accepted)" in again.stderr
    other = int(run("add", "We will finish by 2020", "--speaker", "Someone Else", "--published", "2016-01-01").stdout)
    result = run("review", str(other), "--accept", ok=False)
    assert result.exit_code == 1 and "not on the review queue" in result.stderr


def test_review_json_is_a_list_of_stable_keys(run, queued):
    items = json.loads(run("review", "--json").stdout)
    assert set(items[0]) == {"id", "speaker", "attributed_as", "text", "said_on", "confidence", "rule",
                             "candidates", "context", "kind", "status", "source"}


def test_due_can_leave_out_claims_waiting_for_review(run, queued):
    waiting = {q["claim"]["id"] for q in queued}
    every = {c["id"] for c in run.json("due", "--as-of", "2030-01-01")}
    assert waiting <= every
    assert not waiting & {c["id"] for c in run.json("due", "--as-of", "2030-01-01", "--reviewed-only")}
    cid = sorted(waiting)[0]
    run("review", str(cid), "--accept")
    assert cid in {c["id"] for c in run.json("due", "--as-of", "2030-01-01", "--reviewed-only")}
