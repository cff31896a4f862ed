"""Bad and hostile input: one clear line, a non-zero exit, no traceback, the database as it was."""

from __future__ import annotations

import pytest
from conftest import SEED_QUOTE, add_seed
from hostile import HOSTILE, REFUSED


def _one_line_error(result, code):
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) >= 1 and "Traceback" not in result.stderr
    assert lines[-1].startswith("Error") or "Error" in result.stderr
    return result.stderr


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_is_stored_verbatim_and_searchable(run, value):
    # Options as --name=value and the text after "--", as a user would type a value starting with "-".
    out = run.json("add", f"--speaker={value[:200]}", f"--outlet={value[:300]}", f"--title={value[:2000]}",
                   f"--tag={value[:100]}", f"--summary={value}", "--", value)
    assert out["text"] == " ".join(value.split()) or out["text"] == value.strip()
    assert out["speaker"] == " ".join(value[:200].split())
    assert run.json("show", str(out["id"]))["tags"] == [value[:100].strip()]
    r = run("search", "--json", "--", value, ok=False)
    assert r.exit_code in (0, 2) and "Traceback" not in r.stderr
    if r.exit_code == 0:
        assert isinstance(__import__("json").loads(r.stdout), list)
    run("note", str(out["id"]), "--", value)
    run("resolve", str(out["id"]), "--as", "fulfilled", f"--note={value}")
    assert run.json("history", str(out["id"]))[-1]["note"] == value.strip()


@pytest.mark.parametrize("query", ['"', "AND", "NEAR(", "*", "don't", "C++", "col:val", "a OR", "'", "()"])
def test_search_never_parses_user_syntax(run, query):
    """FTS and SQL syntax in a search is words to find, never syntax: each query either finds the claim
    whose text holds its words or answers an empty list; only a query with no word in it is refused."""
    cid = add_seed(run)
    other = int(run("add", f"Officials {query} said the vote will pass", "--speaker", "Pat Example",
                    "--published", "2016-05-19").stdout)
    r = run("search", query, "--json", ok=False)
    assert "Traceback" not in r.stderr
    words = [w for w in __import__("re").findall(r"\w+", query)]
    if not words:
        assert r.exit_code == 2 and "nothing to search for" in r.stderr
        return
    assert r.exit_code == 0, r.stderr
    found = [c["id"] for c in __import__("json").loads(r.stdout)]
    # PostgreSQL's English configuration drops stop words ("and", "or", "a", "don", "t"): a query of
    # nothing else finds nothing there, which is still an answer, not an error.
    stop = {"and", "or", "a", "don", "t", "not"}
    if run.json("db", "info")["backend"] == "sqlite" or not {w.lower() for w in words} <= stop:
        assert other in found
    assert cid not in found or all(w.lower() in SEED_QUOTE.lower() for w in words)


def test_search_finds_quotes_summaries_and_notes(run):
    cid = add_seed(run)
    assert [c["id"] for c in run.json("search", "agreement")] == [cid]
    run("note", str(cid), "Pentagon spokesman confirmed the talks")
    assert [c["id"] for c in run.json("search", "spokesman")] == [cid]
    assert [c["id"] for c in run.json("search", "Pentagon talks")] == [cid]
    assert run.json("search", "zebra") == []


def test_search_raw_syntax_error_is_one_line(run_sqlite):
    add_seed(run_sqlite)
    r = run_sqlite("search", "agreement AND (", "--raw", ok=False)
    assert _one_line_error(r, 2) and "--raw" in r.stderr
    assert [c["id"] for c in run_sqlite.json("search", "agreement OR zebra", "--raw")] == [1]


@pytest.mark.parametrize("value,expect", REFUSED)
def test_refused_text(run, value, expect):
    add_seed(run)
    before = run("export").stdout
    for args in (["add", value, "--speaker", "A B"], ["add", "Real words", "--speaker", value],
                 ["note", "1", value], ["search", value]):
        r = run(*args, ok=False)
        err = _one_line_error(r, 2)
        assert any(m in err.lower() for m in (expect.lower(), "empty", "give at least one word", "give a note"))
    assert run("export").stdout == before


@pytest.mark.parametrize("args,code,message", [
    (["show", "999"], 1, "no claim with id 999"),
    (["history", "999"], 1, "no claim with id 999"),
    (["resolve", "999", "--as", "fulfilled"], 1, "no claim with id 999"),
    (["resolve", "1", "--as", "kept-ish"], 2, "unknown status"),
    (["resolve", "1", "--as", "fulfilled", "--on", "not a date"], 2, "cannot read"),
    (["resolve", "1", "--as", "fulfilled", "--on", "2999-01-01"], 2, "future"),
    (["resolve", "1", "--as", "fulfilled", "--evidence", "javascript:alert(1)"], 2, "http"),
    (["add", "Words", "--speaker", "A", "--said", "the day after never"], 2, "cannot read"),
    (["add", "Words", "--speaker", "A", "--published", "2016-05-19", "--said", "next week"], 2, "after publication"),
    (["add", "Words", "--speaker", "A", "--due", "1234567890"], 2, "cannot read"),
    (["add", "Words", "--speaker", "A", "--kind", "rumour"], 2, "unknown kind"),
    (["add", "Words", "--speaker", "A", "--probability", "1.5"], 2, "between 0 and 1"),
    (["add", "", "--speaker", "A"], 2, "empty"),
    (["list", "--status", "maybe"], 2, "unknown status"),
    (["list", "--as-of", "banana"], 2, "cannot read"),
    (["list", "--limit", "-1"], 2, "0 or more"),
    (["due", "--within", "-5"], 2, "0 or more"),
    (["show", "abc"], 2, ""),
    (["reopen", "1", "--note", ""], 2, "empty"),
    (["note", "1"], 2, "give a note"),
])
def test_user_errors(run, args, code, message):
    add_seed(run)
    before = run("export").stdout
    r = run(*args, ok=False)
    assert r.exit_code == code, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr
    assert message in r.stderr
    assert run("export").stdout == before


def test_unreachable_database_is_one_line(tmp_path):
    from conftest import Cli

    r = Cli("postgresql://nobody@127.0.0.1:1/none")("list", ok=False)
    assert r.exit_code == 1 and r.stderr.startswith("Error: ") and "Traceback" not in r.stderr
    r = Cli(str(tmp_path))("list", ok=False)  # a folder, not a file
    assert r.exit_code == 1 and "folder" in r.stderr
    r = Cli("mysql://x@y/z")("list", ok=False)
    assert r.exit_code == 1 and "unsupported" in r.stderr


def test_not_a_database_file(tmp_path):
    from conftest import Cli

    bogus = tmp_path / "notes.db"
    bogus.write_bytes(b"this is not sqlite" * 100)
    r = Cli(str(bogus))("list", ok=False)
    assert r.exit_code == 1 and r.stderr.startswith("Error: ") and "Traceback" not in r.stderr
    assert bogus.read_bytes() == b"this is not sqlite" * 100
