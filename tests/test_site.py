"""`claims site`: the pages, their safety, determinism and incremental rebuilds, on both databases."""

from __future__ import annotations

import csv
import html
import json
import re
import shutil

import pytest
from conftest import SEED_QUOTE, add_seed

HOSTILE = "<script>alert(1)</script>"


def seed_story(run) -> int:
    cid = add_seed(run, "--tag", "libya")
    run("resolve", str(cid), "--as", "not-fulfilled", "--on", "2016-07-01", "--evidence",
        "https://example.org/no-agreement-yet", "--note", "No agreement by July", "--by", "A. Checker")
    return cid


def tracker(run) -> None:
    """The seed story resolved, an overdue promise, an open-ended one, and hostile text."""
    seed_story(run)
    run("add", "We will open the new bridge by the end of 2017.", "--speaker", "Ann Smith", "--said", "2016-06-01",
        "--kind", "promise", "--due", "2017-12-31", "--tag", "infra")
    run("add", "Taxes could fall by 2016-09-30.", "--speaker", "Ann Smith", "--said", "2016-06-02",
        "--due", "2016-09-30", "--tag", "tax")
    run("add", HOSTILE, "--speaker", "Mallory <b>X</b>", "--said", "2016-06-03", "--due", "2016-12-31",
        "--kind", "prediction",
        "--tag", "<img src=x onerror=alert(3)>")


def build(run, out, *extra: str):
    return json.loads(run("site", "--out", str(out), "--as-of", "2017-06-01", "--json", *extra).stdout)


def page(out, rel: str) -> str:
    return (out / rel).read_text(encoding="utf-8")


def claim_page(out, cid: int) -> str:
    found = sorted((out / "claims").glob(f"{cid}-*.html"))
    assert len(found) == 1, found
    return found[0].read_text(encoding="utf-8")


def test_site_pages_and_downloads(run, tmp_path):
    tracker(run)
    out = tmp_path / "site"
    report = build(run, out, "--title", "Promise Watch")
    assert report["claims"] == 4 and report["speakers"] == 3 and report["written"] > 0
    index = page(out, "index.html")
    assert "Promise Watch" in index
    # the meter: one not fulfilled, three open; two overdue (the taxes and the hostile one), oldest first
    assert re.search(r'data-status="not-fulfilled"><dt>.*?</dt><dd>1</dd>', index)
    assert re.search(r'data-status="open"><dt>.*?</dt><dd>3</dd>', index)
    overdue = index.split('id="overdue"')[1].split('id="all"')[0]
    assert overdue.index("Taxes could fall") < overdue.index("&lt;script&gt;")
    assert "We will open the new bridge" not in overdue
    assert 'href="methodology.html"' in index and (out / "methodology.html").is_file()
    seed = claim_page(out, 1)
    assert html.escape(SEED_QUOTE[:40], quote=True) in seed.replace("&#39;", "&#x27;") or "not ready to deploy" in seed
    assert '<mark class="m-hedge" title="“could”: read as 40% (25%–50%)">could</mark>' in seed
    assert '<mark class="m-time"' in seed and "2016-06-02" in seed
    timeline = seed.split('id="timeline"')[1]
    assert timeline.index("Resolved: not fulfilled") < timeline.index("Logged")  # newest first
    assert "A. Checker" in timeline and 'href="https://example.org/no-agreement-yet"' in timeline
    assert "The Washington Post" in seed and "application/ld+json" in seed
    with open(out / "claims.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["id"] for r in rows] == ["1", "2", "3", "4"]
    data = json.loads(page(out, "claims.json"))
    assert [c["status"] for c in data] == ["not-fulfilled", "open", "open", "open"]
    assert data[0]["events"][-1]["by"] == "A. Checker" and data[0]["url"].startswith("claims/1-")
    speaker = sorted((out / "speakers").glob("*ann-smith.html"))[0].read_text(encoding="utf-8")
    assert "Taxes could fall" in speaker and "We will open" in speaker and "Dunford" not in speaker
    assert (out / "speakers" / speaker_stem(out, "ann-smith")).with_suffix(".ics").is_file()


def speaker_stem(out, name: str) -> str:
    return sorted((out / "speakers").glob(f"*{name}.html"))[0].name


def test_hostile_text_is_escaped_and_only_web_links_are_links(run_sqlite, tmp_path):
    tracker(run_sqlite)
    # the write path refuses such links; a database written by hand or by an older version may hold them
    import sqlite3

    with sqlite3.connect(run_sqlite.db) as conn:
        conn.execute("UPDATE event SET evidence = 'javascript:alert(2)' WHERE claim_id = 3")
        conn.execute("UPDATE source SET url = 'data:text/html,<script>alert(5)</script>'")
    out = tmp_path / "site"
    build(run_sqlite, out)
    for path in out.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text and "<b>X</b>" not in text, path
        assert 'href="javascript' not in text and 'href="data:' not in text, path
        assert 'http-equiv="Content-Security-Policy"' in text and "default-src 'none'" in html.unescape(text)
        assert not re.search(r'(src|href)="(https?:)?//(?!example\.org|www\.washingtonpost\.com)', text), path
        up = "../" if path.parent != out else ""
        assert re.findall(r"<link[^>]*>", text) == [f'<link rel="stylesheet" href="{up}site.css">']
        assert "@import" not in text and "<style" not in text  # no external styles or fonts
    hostile = claim_page(out, 4)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile
    taxes = claim_page(out, 3)
    assert "javascript:alert(2)" in taxes and 'href="javascript' not in taxes  # shown as text, not a link
    index = page(out, "index.html")
    embedded = index.split('id="claims-index">')[1].split("</script>")[0]
    assert "<" not in embedded and json.loads(embedded)["rows"]


def test_output_is_deterministic_and_rebuilds_only_what_changed(run_sqlite, tmp_path):
    run = run_sqlite
    tracker(run)
    a, b = tmp_path / "a", tmp_path / "b"
    build(run, a)
    build(run, b)
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)
    again = build(run, a)
    assert again["written"] == 0 and again["kept"] == len(files) - 1  # all but the manifest
    before = {f: (a / f).read_bytes() for f in files}
    run("note", "2", "Ground broken", "--evidence", "https://example.org/ground", "--on", "2016-08-01")
    changed = build(run, a)
    after = {f: (a / f).read_bytes() for f in files}
    differ = sorted(str(f) for f in files if before[f] != after[f])
    # rewritten: claim 2's page, Ann Smith's page and 3 downloads, the index and the site's 3 downloads
    assert changed["written"] == 9 and changed["kept"] == len(files) - 1 - 9
    assert any(d.startswith("claims/2-") for d in differ)
    assert not any(d.startswith(("claims/1-", "claims/3-", "claims/4-")) for d in differ)
    assert not any("dunford" in d for d in differ) and "methodology.html" not in differ
    fresh = tmp_path / "c"
    build(run, fresh)  # what was pieced together from the old files is what a full build writes
    assert all((fresh / f).read_bytes() == after[f] for f in files if f.name != ".claims-site.json")


def test_site_filters_by_speaker_and_tag_and_removes_what_it_wrote(run_sqlite, tmp_path):
    run = run_sqlite
    tracker(run)
    out = tmp_path / "site"
    build(run, out)
    assert len(list((out / "claims").glob("*.html"))) == 4
    report = build(run, out, "--speaker", "Smith", "--tag", "tax")
    assert report["claims"] == 1 and report["removed"] > 0
    assert [p.name.split("-")[0] for p in (out / "claims").glob("*.html")] == ["3"]
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    build(run, out, "--speaker", "Dunford")
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"  # never deletes what it did not write


@pytest.mark.parametrize(("args", "message"), [
    (["--base-url", "javascript:alert(1)"], "--base-url must be an http(s) URL"),
    (["--speaker", "Nobody Atall"], "no speaker named"),
    (["--title", "   "], "--title must not be empty"),
    (["--as-of", "not a date at all"], "--as-of"),
])
def test_site_bad_options(run_sqlite, tmp_path, args, message):
    seed_story(run_sqlite)
    result = run_sqlite("site", "--out", str(tmp_path / "site"), *args, ok=False)
    assert result.exit_code in (1, 2) and message in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_site_refuses_a_folder_it_did_not_write(run_sqlite, tmp_path):
    seed_story(run_sqlite)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "keep.txt").write_text("x", encoding="utf-8")
    result = run_sqlite("site", "--out", str(tmp_path / "docs"), ok=False)
    assert result.exit_code == 1 and "not empty" in result.stderr
    assert sorted(p.name for p in (tmp_path / "docs").iterdir()) == ["keep.txt"]


def test_empty_database_gives_an_empty_site(run_sqlite, tmp_path):
    report = build(run_sqlite, tmp_path / "site")
    assert report["claims"] == 0
    assert json.loads(page(tmp_path / "site", "claims.json")) == []
    assert "0 claims tracked" in page(tmp_path / "site", "index.html")


def test_csv_download_has_the_export_columns_and_guard(run_sqlite, tmp_path):
    from claims.services import transfer
    from claims.services.site import tabular

    tracker(run_sqlite)
    run_sqlite("add", "=HYPERLINK(\"http://evil.example\")", "--speaker", "-Eve", "--due", "2030-01-01")
    build(run_sqlite, tmp_path / "site")
    assert tabular.CSV_COLUMNS == transfer.CSV_COLUMNS
    listed = json.loads(run_sqlite("list", "--json").stdout)
    with open(tmp_path / "site" / "claims.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == list(transfer.CSV_COLUMNS)
    expected = {int(c["id"]): transfer.csv_row(c) for c in listed}
    for row in rows[1:]:
        cid = int(row[0])
        same = [i for i, col in enumerate(transfer.CSV_COLUMNS) if col not in ("overdue",)]  # as of differs
        assert [row[i] for i in same] == [expected[cid][i] for i in same]
    assert any(r[8].startswith("'=HYPERLINK") for r in rows) and any(r[4] == "'-Eve" for r in rows)


def test_track_records_on_the_index_and_speaker_pages(run_sqlite, tmp_path):
    from claims.services import records

    run = run_sqlite
    tracker(run)
    for i in range(7):
        run("add", f"We will fix road number {i}.", "--speaker", "Ann Smith", "--kind", "promise", "--said",
            "2016-01-01", "--due", "2016-12-31")
        run("resolve", str(5 + i), "--as", "fulfilled" if i < 5 else "not-fulfilled", "--on", "2016-06-01")
    out = tmp_path / "site"
    build(run, out)
    figures = {r["group"]: r for r in records.records(run.db, by="kind")}["promise"]
    assert figures["kept_rate_n"] == 7 and figures["flags"].get("kept_rate") == "small"
    index = page(out, "index.html")
    shown = f"{round(figures['kept_rate'] * 100)}%"
    assert f"Kept rate: <strong>{shown}</strong> of 7 promises judged" in index and "few promises" in index
    assert "1 left out (open or unresolvable)" in index  # the bridge promise is still open
    dunford = page(out, "speakers/" + speaker_stem(out, "dunford"))
    assert "Kept rate: no promise judged yet" in dunford
    assert '<figure class="calibration">' in dunford and "1 claims, 0% came true" in dunford
    assert 'id="kept-rate"' in page(out, "methodology.html") and "New Zealand" in page(out, "methodology.html")


def test_one_speakers_figures_are_that_speakers_row_of_all(run_sqlite):
    """The rebuild reads a rewritten speaker page's record for that speaker alone: the same figures."""
    from claims.services import records

    run = run_sqlite
    tracker(run)
    run("resolve", "2", "--as", "fulfilled", "--on", "2017-05-01")
    every = {r["group"]: r for r in records.records(run.db, by="speaker")}
    speakers = [("Joseph F. Dunford", 1), ("Ann Smith", 2), ("Mallory <b>X</b>", 3)]
    for name, sid in speakers:
        assert records.speaker_figures(run.db, sid) == every.get(name), name
    assert records.speaker_figures(run.db, 3) is None  # nothing resolved: no row, as in records()



def differing_from_a_fresh_build(run, out, fresh, *extra: str) -> tuple[list, list[str]]:
    """A full build in ``fresh`` with the same options beside the site rebuilt in ``out``: asserts they hold
    the same files; returns the files and those whose bytes differ (the build manifest aside)."""
    shutil.rmtree(fresh, ignore_errors=True)
    build(run, fresh, *extra)
    files = sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    return files, [str(f) for f in files
                   if str(f) != ".claims-site.json" and (out / f).read_bytes() != (fresh / f).read_bytes()]


def _same_as_a_fresh_build(run, out, fresh) -> list:
    """The site rebuilt in ``out`` is, file for file and byte for byte, what a full build in ``fresh`` writes
    (only the build manifest may differ); returns the files."""
    files, differ = differing_from_a_fresh_build(run, out, fresh)
    assert differ == []
    return files


def sql(run, *statements: str) -> None:
    """Plain SQL on the database, in one transaction (a change made behind the commands' back)."""
    from claims.store.db import open_database

    with open_database(run.db).write() as w:
        for statement in statements:
            w.execute(statement)


def test_a_rebuild_patches_the_downloads_and_the_index_in_place(run, tmp_path):
    """Many claims, one changed: the downloads and the index are pieced from the old files' byte ranges
    (the index's HTML too, when what it shows is unchanged); the result is what a full build writes, and
    after each further change (a note, a resolution that moves the meter, a new claim) it still is."""
    for i in range(30):
        run("add", f"We will fix road number {i} by 2017-0{1 + i % 9}-15.", "--speaker", "Ann Smith" if i % 2 else
            "Bo Lee", "--kind", "promise", "--said", "2016-01-01", "--due", f"2017-0{1 + i % 9}-15", "--tag", "roads")
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    build(run, out)
    changes = [("note", "17", "Half done, said the council; a;b,c", "--on", "2016-08-01"),
               ("note", "1", "First one <b>finished</b>", "--on", "2016-08-01"),
               ("resolve", "5", "--as", "fulfilled", "--on", "2017-03-01"),
               ("add", "We will fix the last road by 2017-09-30.", "--speaker", "Bo Lee", "--kind", "promise",
                "--said", "2016-02-01", "--due", "2017-09-30")]
    for change in changes:
        index_before = (out / "index.html").read_bytes()
        run(*change)
        report = build(run, out)
        if change[0] == "note":
            assert report["written"] == 9
        _same_as_a_fresh_build(run, out, fresh)
        assert ((out / "index.html").read_bytes() == index_before) == (change[0] == "note")


def test_compiled_templates_are_cached_and_a_damaged_cache_is_compiled_again(run_sqlite, tmp_path):
    run = run_sqlite
    tracker(run)
    first, second = tmp_path / "first", tmp_path / "second"
    build(run, first)
    cached = sorted((tmp_path / "home" / "cache" / "site-templates").glob("*.cache"))
    assert len(cached) >= 5  # base, macros, index, claim, speaker, methodology
    for path in cached:
        path.write_bytes(b"not a template")
    build(run, second)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


def test_a_rebuild_sees_rows_changed_behind_the_commands_back(run, tmp_path):
    """The site finds a changed claim by its stamp (migration 0013's triggers), not by reading every column:
    a speaker's title, a quote's text, the outlet of a source that printed the quote and a removed outlet,
    each changed by plain SQL on the database, rewrite the claim's page as a full build would write it."""
    from claims.store.db import open_database

    tracker(run)
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    build(run, out)
    changes = [("UPDATE speaker SET title = 'Chief of <Staff>' WHERE name = 'Ann Smith'", "Chief of &lt;Staff&gt;"),
               ("UPDATE quote SET text = 'We will open the NEW bridge by the end of 2017.' "
                "WHERE text LIKE '%new bridge%'", "NEW bridge"),
               ("UPDATE source SET outlet = 'The Renamed Post' WHERE outlet = 'The Washington Post'",
                "The Renamed Post"),
               ("DELETE FROM appearance WHERE source_id IN (SELECT id FROM source WHERE outlet = 'The Renamed Post')",
                None)]
    for sql, shown in changes:
        with open_database(run.db).write() as w:
            assert w.execute(sql) >= 1
        assert build(run, out)["written"] >= 1
        files = _same_as_a_fresh_build(run, out, fresh)
        if shown:
            assert any(shown in (out / f).read_text(encoding="utf-8") for f in files if f.parts[0] == "claims")


def test_the_build_gives_the_garbage_collector_back_as_it_found_it(run_sqlite, tmp_path):
    """The build runs with the cyclic collector off (claims.services.collector.paused); afterwards it is as it was."""
    import gc

    run = run_sqlite
    tracker(run)
    assert gc.isenabled()
    build(run, tmp_path / "a")
    assert gc.isenabled()
    gc.disable()
    try:
        build(run, tmp_path / "b")
        assert not gc.isenabled()
    finally:
        gc.enable()


def _fingerprints_made(run, out, as_of: str = "2017-06-01") -> int:
    """How many claims' fingerprints a build of ``out`` would make now (the rest it takes from the manifest)."""
    from datetime import date

    from claims.services.site.data import load
    from claims.services.site.output import MANIFEST, Output
    from claims.store.db import open_database

    o = Output(out, json.loads((out / MANIFEST).read_text(encoding="utf-8"))["version"])
    with open_database(run.db).read() as reader:
        data = load(reader, as_of=date.fromisoformat(as_of), histories=False, wide=False,
                    known_slugs=o.known_slug("claims"), last=o.old_state)
    return data.made


def test_a_rebuild_remakes_only_the_changed_claims_fingerprints(run, tmp_path):
    """After one change a rebuild makes the fingerprints of the claims it touched and takes the others from
    the last build (changes.since); whatever it cannot vouch for (an event gone, another as-of day) it makes
    all again. Every rebuild is still what a full build writes."""

    tracker(run)
    for i in range(8):
        run("add", f"We will fix road number {i} by 2017-03-15.", "--speaker", "Bo Lee", "--kind", "promise",
            "--said", "2016-01-01", "--due", "2017-03-15", "--tag", "roads")
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    build(run, out)
    assert _fingerprints_made(run, out) == 0

    changes = [(lambda: run("note", "6", "Work has started", "--on", "2017-02-01"), 1),
               (lambda: run("resolve", "7", "--as", "fulfilled", "--on", "2017-03-01"), 1),
               (lambda: sql(run, "INSERT INTO claim_tag (claim_id, tag) VALUES (8, 'late roads')"), 1),
               (lambda: sql(run, "DELETE FROM claim_tag WHERE claim_id = 9"), 1),
               (lambda: sql(run, "UPDATE claim SET summary = 'Road nine, again' WHERE id = 9"), 1),
               (lambda: run("add", "We will fix one more road by 2017-04-30.", "--speaker", "Bo Lee",
                            "--said", "2016-02-01", "--due", "2017-04-30"), 1),
               (lambda: sql(run, "DELETE FROM event WHERE claim_id = 6 AND type = 'note'"), None),
               (lambda: None, 0)]
    total = 13
    for change, made in changes:
        change()
        assert _fingerprints_made(run, out) == (total if made is None else made)
        build(run, out)
        _same_as_a_fresh_build(run, out, fresh)
    assert _fingerprints_made(run, out, "2017-06-02") == total  # another day: every claim's lateness may move
    # a speaker none of whose claims changed keeps its files, unless one is gone from the folder
    (calendar,) = (out / "speakers").glob("*-joseph-f-dunford.ics")
    calendar.unlink()
    assert build(run, out)["written"] == 1
    _same_as_a_fresh_build(run, out, fresh)


@pytest.mark.parametrize("state", [None, "garbage", {"v": 1, "as_of": "2017-06-01", "tails": "x"},
                                   {"v": 1, "as_of": "2017-06-01", "tails": [[1, 2]], "stamps": {}, "tags": {}},
                                   {"v": 1, "as_of": "2017-06-01", "tails": [["a", None, None], [0, None, None]],
                                    "stamps": {"ids": "I:", "values": "I:"}, "tags": {"ids": "I:", "names": ["x"]}}])
def test_a_damaged_record_of_the_last_build_makes_every_fingerprint_anew(run_sqlite, tmp_path, state):
    """The manifest's record of the database (changes.state) edited or damaged by hand: the build cannot
    vouch for any claim, makes every fingerprint again, and writes what a full build writes."""
    from claims.services.site.output import MANIFEST

    run = run_sqlite
    tracker(run)
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    build(run, out)
    run("note", "2", "Ground broken", "--on", "2016-08-01")
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    manifest["state"] = state
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert _fingerprints_made(run, out) == 4
    build(run, out)
    _same_as_a_fresh_build(run, out, fresh)
    assert _fingerprints_made(run, out) == 0


def test_a_claims_page_follows_the_names_of_the_pages_it_links_to(run, tmp_path):
    """A restatement's page links to the claim it restates by that page's name: when the earlier claim's
    summary changes (and so its page's name), or it leaves the site (--speaker), the linking page is
    rewritten as a full build writes it, never left pointing at a page that is gone."""
    from claims.store.db import open_database

    run("add", "We will open the bridge by 2017-12-31.", "--speaker", "Ann Smith", "--said", "2016-06-01",
        "--kind", "promise", "--due", "2017-12-31")
    run("add", "We will open the bridge by the end of 2017, I promise.", "--speaker", "Ann Smith",
        "--said", "2016-09-01", "--kind", "promise", "--due", "2017-12-31")  # linked to 1 as it is added
    run("add", "Ann Smith will not open any bridge.", "--speaker", "Bo Lee", "--said", "2016-10-01",
        "--kind", "prediction", "--due", "2017-12-31")
    run("link", "3", "1", "--as", "reversal", "--force")
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    build(run, out)
    assert 'href="1-smith-we-will-open-the-bridge' in claim_page(out, 2)
    with open_database(run.db).write() as w:
        w.execute("UPDATE claim SET summary = 'The bridge, in other words' WHERE id = 1")
    build(run, out)
    _same_as_a_fresh_build(run, out, fresh)
    for cid in (2, 3):
        assert 'href="1-smith-the-bridge-in-other-words.html"' in claim_page(out, cid)
    build(run, out, "--speaker", "Bo Lee")
    shutil.rmtree(fresh)
    build(run, fresh, "--speaker", "Bo Lee")
    assert claim_page(out, 3) == claim_page(fresh, 3)
    assert "1-smith" not in claim_page(out, 3)
