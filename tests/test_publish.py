"""ClaimReview and the calendar: validated offline against schema.org, parsed back with icalendar."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta

import pytest
import schema_check
from test_site import build, claim_page, seed_story, tracker

BASE = "https://tracker.example.org/"


def reviews(run, *extra: str) -> list[dict]:
    return json.loads(run("export", "--format", "claimreview", "--base-url", BASE, *extra).stdout)


def test_claimreview_export_follows_googles_markup(run, tmp_path):
    seed_story(run)
    (tmp_path / "home").mkdir(exist_ok=True)
    (tmp_path / "home" / "config.json").write_text(json.dumps(
        {"organization": {"name": "The Checkers", "url": "https://checkers.example.org"}}), encoding="utf-8")
    run("add", "Open promise, not rated yet.", "--speaker", "Ann Smith", "--kind", "promise", "--due", "2030-01-01")
    [review] = reviews(run)
    assert review["@type"] == "ClaimReview"
    assert review["url"].startswith(BASE + "claims/1-dunford-")
    assert len(review["claimReviewed"]) <= 75 and review["claimReviewed"].startswith("We're just not ready")
    assert review["reviewRating"] == {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1,
                                      "alternateName": "Prediction did not come true"}
    assert review["author"] == {"@type": "Organization", "name": "The Checkers", "url": "https://checkers.example.org"}
    assert review["datePublished"] == date.today().isoformat()  # when the resolution was recorded
    item = review["itemReviewed"]
    assert item["@type"] == "Claim" and item["author"] == {"@type": "Person", "name": "Joseph F. Dunford"}
    assert item["datePublished"] == "2016-05-19"
    assert item["firstAppearance"]["url"] == "https://www.washingtonpost.com/news/checkpoint/2016/05/19/libya"
    assert [a["url"] for a in item["appearance"]] == [item["firstAppearance"]["url"]]
    assert schema_check.check(schema_check.expand(review)) == []


def test_claimreview_embedded_in_the_page_is_valid_schema_org(run_sqlite, tmp_path):
    tracker(run_sqlite)
    out = tmp_path / "site"
    build(run_sqlite, out, "--base-url", BASE)
    page = claim_page(out, 1)
    found = schema_check.jsonld_in(page, BASE + "claims/page.html")
    assert len(found) == 1 and found[0] == reviews(run_sqlite)[0]
    expanded = schema_check.expand(found[0])
    assert expanded[0]["@type"] == ["http://schema.org/ClaimReview"]
    assert schema_check.check(expanded) == []
    for cid in (2, 3, 4):  # pending claims carry no rating
        assert schema_check.jsonld_in(claim_page(out, cid), BASE) == []


def test_the_validation_catches_a_misspelt_property():
    good = {"@context": "https://schema.org", "@type": "ClaimReview", "claimReviewed": "x",
            "reviewRating": {"@type": "Rating", "ratingValue": 1, "alternateName": "Promise broken"}}
    assert schema_check.check(schema_check.expand(good)) == []
    for path, wrong in ((("claimReviewed",), "claimReveiwed"), (("reviewRating", "ratingValue"), "ratingvalue")):
        bad = copy.deepcopy(good)
        node = bad
        for key in path[:-1]:
            node = node[key]
        node[wrong] = node.pop(path[-1])
        assert any(f"unknown property {wrong}" in p for p in schema_check.check(schema_check.expand(bad)))
    misplaced = copy.deepcopy(good)
    misplaced["reviewRating"]["claimReviewed"] = "y"  # a real property on the wrong type
    assert any("claimReviewed is not a property of" in p for p in schema_check.check(schema_check.expand(misplaced)))


def test_claimreview_needs_a_base_url(run_sqlite):
    seed_story(run_sqlite)
    result = run_sqlite("export", "--format", "claimreview", ok=False)
    assert result.exit_code == 2 and "--base-url" in result.stderr and result.stdout == ""
    bad = run_sqlite("export", "--format", "claimreview", "--base-url", "ftp://x", ok=False)
    assert bad.exit_code == 2 and "http(s)" in bad.stderr


def parse_calendar(data: bytes):
    from icalendar import Calendar

    cal = Calendar.from_ical(data)
    assert cal.name == "VCALENDAR" and str(cal["VERSION"]) == "2.0" and cal["PRODID"]
    return cal, list(cal.walk("VEVENT"))


def test_ics_one_all_day_event_per_pending_claim(run, tmp_path):
    tracker(run)
    # no time frame: an open-ended claim, which comes back on its review date
    run("add", "We will review the rules.", "--speaker", "Ann Smith", "--kind", "promise")
    out = tmp_path / "due.ics"
    run("export", "--format", "ics", "-o", str(out), "--base-url", BASE)
    data = out.read_bytes()
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # folded at 75 octets
    cal, events = parse_calendar(data)
    assert len(events) == 4  # the pending claims: three due ends and one review date; resolved ones have none
    for ev in events:
        for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "URL"):
            assert prop in ev, prop
        start, end = ev.decoded("DTSTART"), ev.decoded("DTEND")
        assert type(start) is date and end == start + timedelta(days=1)  # all-day
        assert ev["DTSTART"].params.get("VALUE") == "DATE"
        assert ev.decoded("DTSTAMP").tzinfo is not None
        assert str(ev["URL"]).startswith(BASE + "claims/") and str(ev["URL"]) in str(ev["DESCRIPTION"])
    by_start = {ev.decoded("DTSTART"): ev for ev in events}
    taxes = by_start[date(2016, 9, 30)]
    assert str(taxes["SUMMARY"]) == "Due: Smith — Taxes could fall by 2016-09-30. ‘by 2016-09-30’"
    assert "“Taxes could fall by 2016-09-30.” — Ann Smith, 2016-06-02" in str(taxes["DESCRIPTION"])
    assert len({str(ev["UID"]) for ev in events}) == 4
    again = run("export", "--format", "ics", "--base-url", BASE).stdout_bytes
    assert again == data  # the same database gives the same file (UID and DTSTAMP are the claims' own)


def test_ics_filters_and_the_seed_summary(run_sqlite):
    add = run_sqlite
    from conftest import add_seed

    add_seed(add, "--tag", "libya")
    add("add", "Rates will fall next year.", "--speaker", "Ann Smith", "--said", "2016-01-01", "--tag", "economy")
    _, events = parse_calendar(add("export", "--format", "ics", "--tag", "libya").stdout_bytes)
    assert [str(e["SUMMARY"]) for e in events] == [
        "Due: Dunford — We're just not ready to deploy capabilities yet because there hasn't… ‘any day’"]
    assert "URL" not in events[0]  # no --base-url: no absolute page address to give
    _, events = parse_calendar(add("export", "--format", "ics", "--speaker", "Ann Smith").stdout_bytes)
    assert [e.decoded("DTSTART") for e in events] == [date(2017, 12, 31)]  # "next year" said in 2016


@pytest.mark.parametrize("args", [["--speaker", "x"], ["--tag", "x"], ["--base-url", BASE]])
def test_publish_options_belong_to_publish_formats(run_sqlite, args):
    result = run_sqlite("export", "--format", "jsonl", *args, ok=False)
    assert result.exit_code == 2 and "claimreview and ics" in result.stderr
