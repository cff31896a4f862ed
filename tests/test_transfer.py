"""Import and export: round trips, idempotence, bad records, encodings, a real tracker's export."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

import pytest
from conftest import SEED_QUOTE, SHARED, Cli, add_seed

from claims import status as status_mod

VOLATILE = {"id", "created_at"}


def _comparable(claims):
    out = []
    for c in claims:
        c = {k: v for k, v in c.items() if k not in VOLATILE}
        c["events"] = [{k: v for k, v in e.items() if k != "id"} for e in c.get("events", [])]
        out.append(c)
    return sorted(out, key=lambda c: (c["speaker"], c["text"]))


def _populate(run):
    a = add_seed(run, "--tag", "libya", "--tag", "=cmd|' /C calc'!A0")
    run("resolve", str(a), "--as", "not-fulfilled", "--on", "2016-07-01", "--evidence", "https://example.org/x",
        "--note", "no deal, \"quoted\", comma")
    b = int(run("add", "--speaker", "Jane Q. Public", "--kind", "promise", "--due", "2020", "--",
                "-We will cut taxes").stdout)
    run("reschedule", str(b), "--due", "2021-06-30", "--note", "new deadline")
    run("add", "Multi\nline <b>html</b> quote", "--speaker", "Dr. Who", "--probability", "35%")


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_import_round_trip(run, tmp_path, fmt):
    _populate(run)
    original = _comparable(json.loads(line) for line in run("export").stdout.splitlines())
    out = tmp_path / f"all.{fmt}"
    run("export", "--format", fmt, "-o", str(out))
    fresh = Cli(str(tmp_path / "fresh.db"))
    report = json.loads(fresh("import", str(out), "--json").stdout)
    assert report == {"read": 3, "added": 3, "existing": 0, "skipped": [], "claims_created": 3,
                      "appearances_added": 1, "duplicates": 0}
    copied = _comparable(json.loads(line) for line in fresh("export").stdout.splitlines())
    assert copied == original
    # Importing the same file again adds nothing.
    again = json.loads(fresh("import", str(out), "--json").stdout)
    assert again == {"read": 3, "added": 0, "existing": 3, "skipped": [], "claims_created": 0,
                     "appearances_added": 0, "duplicates": 3}
    assert fresh.json("db", "info")["counts"]["event"] == run.json("db", "info")["counts"]["event"]


def test_csv_cells_are_guarded_against_formulas(run):
    _populate(run)
    text = run("list", "--csv").stdout
    rows = list(csv.reader(io.StringIO(text)))
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell
    assert any(cell == "'-We will cut taxes" for row in rows for cell in row)


def test_bad_record_names_its_line_and_writes_nothing(run, tmp_path):
    add_seed(run)
    before = run("export").stdout
    f = tmp_path / "in.jsonl"
    f.write_text('{"text": "Fine words", "speaker": "A B"}\n\n{"text": "No speaker"}\n{"text": "x", "speaker": "C"}\n')
    r = run("import", str(f), ok=False)
    assert r.exit_code == 1 and "line 3" in r.stderr and "speaker" in r.stderr and "Traceback" not in r.stderr
    assert run("export").stdout == before
    r = run("import", str(f), "--skip-invalid", "--json", ok=False)
    assert r.exit_code == 1
    report = json.loads(r.stdout)
    assert report["added"] == 2 and report["skipped"] == [{"line": 3, "error": "speaker is required"}]


@pytest.mark.parametrize("content,message", [
    (b"", "no records"),
    (b"\n\n  \n", "no records"),
    (b'{"text": "a", "speaker": "b"\n', "line 1: not valid JSON"),
    (b'{"text": "ok", "speaker": "b"}\n[1, 2]\n', "line 2: a record must be a JSON object"),
    (b'{"text": "caf\xe9", "speaker": "b"}\n', "line 1 is not valid UTF-8"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b'{"text": "a", "speaker": "b", "said_on": "not a date at all"}\n', "line 1: cannot read"),
    (b'{"text": "a", "speaker": "b", "due": {"start": "2016-06-01", "end": "2016-05-01"}}\n', "starts"),
    (b'{"text": "a", "speaker": "b", "status": "sort of"}\n', "unknown status"),
    (b'{"text": "a", "speaker": "b", "url": "javascript:alert(1)"}\n', "http"),
    (b'{"text": "a", "speaker": "b", "events": [{"type": "hack", "status": "open"}]}\n', "unknown type"),
    (b'text,speaker\n"unbalanced,b\n', "line"),
])
def test_malformed_files(run, tmp_path, content, message):
    add_seed(run)
    before = run("export").stdout
    suffix = ".csv" if content.startswith(b"text,") else ".jsonl"
    f = tmp_path / f"bad{suffix}"
    f.write_bytes(content)
    r = run("import", str(f), ok=False)
    assert r.exit_code != 0 and "Traceback" not in r.stderr
    assert message in r.stderr, r.stderr
    assert run("export").stdout == before


def test_csv_hint_for_jsonl_of_csv(run, tmp_path):
    f = tmp_path / "promises.txt"
    f.write_text("text,speaker\nWe will win,A B\n")
    r = run("import", str(f), ok=False)
    assert "--format csv" in r.stderr
    assert json.loads(run("import", str(f), "--format", "csv", "--json").stdout)["added"] == 1


def test_missing_file_and_folder(run, tmp_path):
    r = run("import", str(tmp_path / "nope.jsonl"), ok=False)
    assert r.exit_code == 1 and "no such file" in r.stderr
    r = run("import", str(tmp_path), ok=False)
    assert r.exit_code == 1 and "folder" in r.stderr


def test_import_free_text_dates_bom_stdin_and_array(run):
    lines = [
        {"text": SEED_QUOTE, "speaker": "Joseph F. Dunford", "said_on": "Thursday", "published_on": "May 19, 2016",
         "due": "2016-06-02", "outlet": "The Washington Post"},
        {"text": "We will finish the road by 2020", "speaker": "A Mayor", "kind": "promise", "said_on": "2014",
         "due": "2020", "tags": "roads; budget"},
    ]
    data = "\ufeff" + "\n".join(json.dumps(x) for x in lines) + "\n"
    report = json.loads(run("import", "-", "--json", input=data.encode("utf-8")).stdout)
    assert report["added"] == 2
    claims = {c["speaker"]: c for c in run.json("list")}
    assert claims["Joseph F. Dunford"]["said_on"] == "2016-05-19"
    assert claims["A Mayor"]["said_on"] == "2014-01-01" and claims["A Mayor"]["said_precision"] == "year"
    assert claims["A Mayor"]["due"]["end"] == "2020-12-31"
    assert claims["A Mayor"]["tags"] == ["budget", "roads"]
    arr = json.dumps([{"text": "Array record", "speaker": "A B"}])
    assert json.loads(run("import", "-", "--json", input=arr).stdout)["added"] == 1


def test_utf16_file(run, tmp_path):
    f = tmp_path / "excel.csv"
    f.write_bytes("text,speaker\nÇa va arriver,Zoë Ä\n".encode("utf-16"))
    assert json.loads(run("import", str(f), "--json").stdout)["added"] == 1
    assert run.json("list")[0]["speaker"] == "Zoë Ä"


NZ = SHARED / "data" / "nz-promises" / "promises.csv"


@pytest.mark.skipif(not NZ.exists(), reason="../shared/data/nz-promises is not present")
def test_real_promise_tracker_export(run):
    r = run("import", str(NZ), "--json", "--map", "text=promise", "--map", "speaker=party",
            "--map", "url=sourceUrl", "--map", "evidence=evidenceUrls", "--map", "status_note=statusReason",
            "--map", "tags=area", "--set", "kind=promise", "--set", "source_kind=other")
    report = json.loads(r.stdout)
    with NZ.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert report["read"] == len(rows) == 347 and report["skipped"] == []
    # Rows that repeat the same promise by the same party are one claim.
    distinct = {(r["party"].casefold(), " ".join(r["promise"].split()).casefold()) for r in rows}
    assert report["added"] == len(distinct)
    claims = run.json("list", "--limit", "0")
    assert len(claims) == len(distinct)
    expected = Counter(status_mod.parse_status(r["status"]) for r in
                       {(r["party"].casefold(), " ".join(r["promise"].split()).casefold()): r for r in rows}.values())
    assert Counter(c["status"] for c in claims) == expected
    assert {c["speaker"] for c in claims} == {r["party"] for r in rows}
    again = json.loads(run("import", str(NZ), "--json", "--map", "text=promise", "--map", "speaker=party",
                           "--map", "url=sourceUrl", "--set", "kind=promise").stdout)
    assert again["added"] == 0
