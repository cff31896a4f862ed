"""The hostile-input corpus: values, files and hypothesis strategies, and the harness that runs every
command that reads user input over them (tests/test_hostile.py runs a fast part of it; bench/bench_hostile.py
runs all of it and prints the figures).

Each input is one `claims` invocation, in-process (typer's CliRunner). It must end with exit 0, or with a
non-zero exit and an `Error:` line on stderr; never a traceback or an "unexpected" error; and after an
error (and after any read command) every table of the database is exactly as it was before (a full
table dump is compared). Big files (1 MB fields, 20 MB files) are generated in a temporary folder at run
time, never committed.
"""

from __future__ import annotations

import codecs
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# -- values (used by tests/test_bad_input.py too) --------------------------------------------------

HOSTILE = [
    "Robert'); DROP TABLE claim;--",
    "' OR '1'='1",
    '"unbalanced quote',
    "NEAR(a b) AND OR NOT *",
    "multi-agent don't C++ a^b col:val",
    "=HYPERLINK(\"http://evil.example\",\"click\")",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "<script>alert(1)</script><b>bold</b>",
    "emoji 🙂 and RTL \u202e text",
    "tab\tand\nnewline",
    "x" * 50_000,
]

REFUSED = [
    ("nul\x00byte", "NUL"),
    ("bad \udcff surrogate", "UTF-8"),
    ("y" * 1_000_001, "limit"),
    ("   ", "empty"),
]

MB = 1_000_000

# Text a user may type or paste into any option: every family the issue names, once or twice each.
TEXT = [
    *HOSTILE[:12],
    "'=1+1", "\t=cmd|' /C calc'!A0", "1; DELETE FROM event; --", "'; SELECT pg_sleep(5); --",
    "a OR b", '"', "*", "()", "AND", "-", "--x", "^", "col:val", "don't", "C++", "%s %d {0} {} %(x)s", ":name",
    "<img src=x onerror=alert(1)>", "javascript:alert(1)", "]]></x><!--", "&amp;&lt;&#0;",
    "nul\x00byte", "\x00", "\x1b[31mred\x1b[0m", "\x07\x08\x7f",
    "\u202eevil\u202c and \u2066isolate\u2069 \u200f", "\u200b\u200d\ufeff", "e\u0301 \U0001d54f\U0001f600",
    "bad \udcff surrogate", "\ud800", "", "   ", "\t\n\r",
    "z" * 100_001, "y" * (MB + 1),
    "../../../etc/passwd", "file:///etc/passwd", "C:\\con\\nul", "~root",
    "[" * 5000, "{\"a\":" * 2000,
]

# Values for options that want a date, a number, a status, a kind or an id.
DATES = ["0001-01-01", "9999-12-31", "2016-02-30", "31/12/2016", "02/03/2016", "1234567890", "-1",
         "the 90s", "next 3000 years", "yesterday tomorrow", "2016-05-19T25:61", "1e308", "NaN", "\x00",
         "\u0661\u0669\u0669\u0660-01-01", "y" * 10_000, "=TODAY()", "<b>2016</b>", "", " "]
NUMBERS = ["99999999999999999999999", "9223372036854775808", "-9223372036854775809", "-1", "0", "1.5",
           "1e3", "0x10", "NaN", "inf", "-inf", "1_000", "\u0661", "", " 1 ", "1\x00", "=1+1", "1; DROP TABLE claim"]
PROBABILITIES = ["1.5", "-0.1", "NaN", "inf", "101%", "50%%", "0.5.5", "1e-400", "1e400", "", "=0.5", "\x00"]
WORDS = ["fulfilled", "kept-ish", "FULFILLED", "open", "", "statement", "prediction'; --", "\x00", "=1",
         "<b>promise</b>", "in progress", "z" * 10_000]
PATHS = ["", "-", ".", "/", "/nonexistent/dir/x.out", "/dev/full", "/proc/version", "a\x00b",
         "x" * 5000, "../out.jsonl", "=1+1.csv", "<script>.jsonl", "\u202etxt.exe", "bad\udcffname.jsonl"]
DB_VALUES = ["mysql://x@y/z", "postgresql://nobody@127.0.0.1:1/none", "sqlite:///", "sqlite:////nonexistent/x.db",
             "/", ".", "", "a\x00b.db", "x" * 5000, "file:x.db?mode=ro", ":memory:", "http://example.com/db",
             "postgresql://u:p@[::1:5432/db", "\udcff.db"]


def hypothesis_text():
    """Any text a terminal can hand over: every Unicode category, lone surrogates (bytes that are not
    UTF-8 arrive in argv as surrogate escapes), controls and NUL; short or long."""
    from hypothesis import strategies as st

    chars = st.characters(exclude_categories=())
    return st.one_of(st.text(chars, max_size=40), st.text(chars, min_size=200, max_size=3000),
                     st.sampled_from(TEXT))


# -- the database and its dump ---------------------------------------------------------------------

def dump(db: str) -> dict[str, list[str]]:
    """Every row of every table (sorted), for before/after comparisons."""
    from claims.store.db import Database

    with Database(db).read() as r:
        if r.dialect == "sqlite":
            tables = [t["name"] for t in r.rows("SELECT name FROM sqlite_master WHERE type = 'table' "
                                                  "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        else:
            tables = [t["table_name"] for t in r.rows(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                "AND table_type = 'BASE TABLE' ORDER BY table_name")]
        return {t: sorted(repr(sorted(row.items())) for row in r.rows(f'SELECT * FROM "{t}"')) for t in tables}


SEED = ("We're just not ready to deploy capabilities yet because there hasn't been an agreement. "
        "And frankly, any day that could happen.")


def seed(run: Callable[..., Any]) -> None:
    """Two speakers (one with an alias), three claims in three states, a note and tags."""
    run("add", SEED, "--speaker", "Joseph F. Dunford", "--said", "2016-05-19", "--due", "2016-06-02",
        "--outlet", "The Washington Post", "--url", "https://www.washingtonpost.com/x", "--tag", "libya")
    run("add", "We will build the bridge by 2020.", "--speaker", "Jane Roe", "--said", "2017-03-01")
    run("add", "The council has approved the budget.", "--speaker", "Dunford", "--said", "2017-03-02")
    run("speakers", "merge", "Joseph F. Dunford", "Dunford")
    run("resolve", "2", "--as", "not-fulfilled", "--on", "2021-01-05", "--note", "no bridge")
    run("note", "1", "talks continue")


# -- the commands and where each reads user input --------------------------------------------------

V = "{}"  # where the hostile value goes


@dataclass(frozen=True)
class Case:
    command: str  # the figure's row: "add --speaker", "import (file)", ...
    args: tuple[str, ...]
    stdin: bytes | None = None
    reads_only: bool = False  # a read command: the database must not change even when it succeeds


def _fill(args: tuple[str, ...], value: str) -> tuple[str, ...]:
    return tuple(a.replace(V, value) if V in a else a for a in args)


# (name, args with {} for the value, values, read-only)
TEMPLATES: list[tuple[str, tuple[str, ...], list[str], bool]] = [
    ("add TEXT", ("add", "--speaker", "Jane Roe", "--", V), TEXT, False),
    *[(f"add {opt}", ("add", "We will open the clinic next year.", "--speaker", "Jane Roe", f"{opt}={V}"), values,
       False) for opt, values in (
        ("--speaker", TEXT), ("--said", DATES + TEXT[:12]), ("--published", DATES), ("--url", TEXT + PATHS),
        ("--outlet", TEXT), ("--title", TEXT), ("--source-kind", WORDS + TEXT[:8]), ("--speaker-title", TEXT),
        ("--kind", WORDS), ("--summary", TEXT), ("--due", DATES + TEXT[:12]), ("--probability", PROBABILITIES),
        ("--tag", TEXT), ("--by", TEXT))],
    ("resolve ID", ("resolve", "--as", "fulfilled", "--", V), NUMBERS + TEXT[:10], False),
    *[(f"resolve {opt}", ("resolve", "1", "--as=stalled", f"{opt}={V}"), values, False) for opt, values in (
        ("--on", DATES), ("--evidence", TEXT[:20] + PATHS), ("--note", TEXT), ("--by", TEXT))],
    ("resolve --as", ("resolve", "1", f"--as={V}"), WORDS + TEXT[:12], False),
    ("reopen --note", ("reopen", "2", f"--note={V}"), TEXT, False),
    ("reopen --on", ("reopen", "2", "--note", "again", f"--on={V}"), DATES, False),
    ("note TEXT", ("note", "1", "--", V), TEXT, False),
    ("note --evidence", ("note", "1", f"--evidence={V}"), TEXT[:20] + PATHS, False),
    ("note ID", ("note", "--", V, "a note"), NUMBERS, False),
    ("reschedule --due", ("reschedule", "1", f"--due={V}"), DATES + TEXT[:12], False),
    ("reschedule --start", ("reschedule", "1", "--due", "2030-01-01", f"--start={V}"), DATES, False),
    ("reschedule --note", ("reschedule", "1", "--due", "2031-01-01", f"--note={V}"), TEXT, False),
    *[(f"list {opt}", ("list", "--json", f"{opt}={V}"), values, True) for opt, values in (
        ("--speaker", TEXT), ("--status", WORDS), ("--kind", WORDS), ("--tag", TEXT), ("--due-before", DATES),
        ("--as-of", DATES), ("--limit", NUMBERS))],
    ("due --as-of", ("due", "--json", f"--as-of={V}"), DATES, True),
    ("due --within", ("due", "--json", f"--within={V}"), NUMBERS, True),
    ("search QUERY", ("search", "--json", "--", V), TEXT, True),
    ("search --raw", ("search", "--json", "--raw", "--", V), TEXT, True),
    ("search --sort", ("search", "agreement", "--json", f"--sort={V}"), WORDS, True),
    ("search (table)", ("search", "--", V), TEXT[:24], True),
    ("quotes QUERY", ("quotes", "--json", "--", V), TEXT, True),
    ("quotes --speaker", ("quotes", "--json", f"--speaker={V}"), TEXT, True),
    ("list (table) --speaker", ("list", "--full", f"--speaker={V}"), TEXT[:24], True),
    ("show ID", ("show", "--json", "--", V), NUMBERS + TEXT[:10], True),
    ("show --as-of", ("show", "1", f"--as-of={V}"), DATES, True),
    ("history ID", ("history", "--json", "--", V), NUMBERS + TEXT[:10], True),
    ("speaker NAME", ("speaker", "--json", "--", V), TEXT, True),
    ("speakers merge KEEP", ("speakers", "merge", "--", V, "Jane Roe"), TEXT, False),
    ("speakers merge OTHER", ("speakers", "merge", "--", "Jane Roe", V), TEXT, False),
    ("speakers merge --note", ("speakers", "merge", "Jane Roe", "Nobody Known", f"--note={V}"), TEXT[:16], False),
    ("speakers split NAME", ("speakers", "split", "--", V, "Dunford"), TEXT, False),
    ("speakers split ALIAS", ("speakers", "split", "--", "Joseph F. Dunford", V), TEXT, False),
    ("reanalyze ID", ("reanalyze", "--", V), NUMBERS + TEXT[:6], False),
    ("reanalyze --by", ("reanalyze", "1", f"--by={V}"), TEXT[:16], False),
    ("analyze TEXT", ("analyze", "--json", "--", V), TEXT, True),
    ("analyze --said", ("analyze", "It could happen any day.", f"--said={V}"), DATES + TEXT[:12], True),
    ("analyze --published", ("analyze", "It could happen.", "--said", "Thursday", f"--published={V}"), DATES, True),
    ("import --map", ("import", "{records}", f"--map={V}"), TEXT[:30] + ["text=", "=text", "text=text=text"],
     False),
    ("import --set", ("import", "{records}", f"--set={V}"), TEXT[:30] + [
        "kind=" + w for w in WORDS] + ["status=" + w for w in WORDS] + ["said_on=" + d for d in DATES[:10]] + [
        "speaker=\x00", "text=" + "z" * 100_001, "due=" + "9999-12-31", "probability=NaN", "tags=" + "t" * 200],
     False),
    ("import --format", ("import", "{records}", f"--format={V}"), WORDS[:6] + ["JSONL", "csv", "xml"], False),
    ("import FILE", ("import", "--", V), PATHS, False),
    ("export -o", ("export", f"--output={V}"), PATHS + TEXT[:8], True),
    ("export --format", ("export", f"--format={V}"), WORDS[:6] + ["CSV", "tsv"], True),
    ("ingest --published", ("ingest", "{article}", f"--published={V}"), DATES, False),
    *[(f"ingest {opt}", ("ingest", "{article}", "--published", "2017-01-10", f"{opt}={V}"), TEXT, False)
      for opt in ("--outlet", "--title", "--url", "--by")],
    ("ingest FILE", ("ingest", "--", V), PATHS, False),
    ("db backup PATH", ("db", "backup", "--", V), PATHS + TEXT[:8], True),
    ("--db", ("--db", V, "list", "--json"), DB_VALUES, True),
    ("--db db info", ("--db", V, "db", "info", "--json"), DB_VALUES[:6], True),
]


# -- files --------------------------------------------------------------------------------------

def _jsonl(*records: Any) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8", "surrogatepass")


def _record(**extra: Any) -> dict[str, Any]:
    return {"text": "We will open the clinic next year.", "speaker": "Jane Roe", **extra}


def _csv(rows: list[list[str]]) -> bytes:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


ARTICLE = ("The Harbour Courier\nMarch 1, 2017\n\nCouncil to vote on bridge\n\n"
           "\"We will build the bridge by 2020,\" said Jane Roe, the mayor. \"It could happen any day.\"\n")


def files(folder: Path, *, big: bool = True) -> dict[str, list[tuple[str, Path]]]:
    """Hostile files, written into ``folder``: {"import": [(label, path)], "ingest": [...], "lexicon": [...]}.
    ``big`` adds the 20 MB files."""
    folder.mkdir(parents=True, exist_ok=True)
    hostile_fields = {f"f{i}": v for i, v in enumerate(TEXT[:30])}
    imports: dict[str, bytes] = {
        "formulas.csv": _csv([["text", "speaker", "outlet", "tags"],
                              ["=1+1 will happen", "@SUM(A1)", "+cmd", "-2;=3"],
                              ["'=already guarded", "=HYPERLINK(\"x\")", "\t=x", "\r=y"]]),
        "formula-header.csv": _csv([["=text", "+speaker"], ["It will rain.", "Jane Roe"]]),
        "every-field-hostile.jsonl": _jsonl(*[_record(text=v, speaker=v[:200], outlet=v, title=v, summary=v,
                                                      tags=[v[:100]]) for v in HOSTILE]),
        "sql-fts-html.jsonl": _jsonl(_record(text="Robert'); DROP TABLE claim;-- will happen"),
                                     _record(text="NEAR(a b) AND OR NOT * \"", url="javascript:alert(1)"),
                                     _record(text="<script>alert(1)</script> soon", title="<b>x</b>")),
        "nul.jsonl": _jsonl(_record(text="nul\x00inside")),
        "nul-raw.jsonl": b'{"text": "a", "speaker": "b"}\n\x00\x00\x00\n',
        "bidi.jsonl": _jsonl(_record(text="\u202eevil\u202c text", speaker="\u2066Jane\u2069 Roe")),
        "invalid-utf8.jsonl": b'{"text": "caf\xe9 will open", "speaker": "Jane Roe"}\n',
        "invalid-utf8.csv": b"text,speaker\ncaf\xe9 will open,Jane Roe\n",
        "utf16-no-bom.jsonl": json.dumps(_record()).encode("utf-16-le") + "\n".encode("utf-16-le"),
        "utf16-no-bom.csv": "text,speaker\nIt will rain.,Jane Roe\n".encode("utf-16-le"),
        "utf16-be-no-bom.csv": "text,speaker\nIt will rain.,Jane Roe\n".encode("utf-16-be"),
        "utf16-bom.csv": codecs.BOM_UTF16_LE + "text,speaker\nIt will rain.,Jane Roe\n".encode("utf-16-le"),
        "1mb-field.jsonl": _jsonl(_record(text="w " * (MB // 2 + 1))),
        "1mb-field.csv": _csv([["text", "speaker"], ["w " * (MB // 2 + 1), "Jane Roe"]]),
        "1mb-speaker.jsonl": _jsonl(_record(speaker="J" * MB)),
        "nested.jsonl": b"[" * 100_000 + b"]" * 100_000 + b"\n",
        "nested-object.jsonl": (b'{"text": "x", "speaker": "y", "events": ' + b"[" * 50_000 + b"]" * 50_000
                                + b"}\n"),
        "nested-events.csv": b"text,speaker,events\nIt will rain.,Jane Roe," + b"[" * 50_000 + b"]" * 50_000 + b"\n",
        "nested-array.jsonl": b"[" + b"[" * 100_000 + b"]" * 100_000 + b"]",
        "types.jsonl": _jsonl(_record(text=1), _record(speaker=None), _record(tags={"a": 1}), _record(due=[1]),
                              _record(probability="NaN"), _record(events="x"), _record(events=[{"type": 1}]),
                              [1, 2], "text", None, 1e400),
        "big-numbers.jsonl": b'{"text": "It will rain.", "speaker": "Jane Roe", "probability": 1e999, "id": '
                             + b"9" * 5000 + b"}\n",
        "events-hostile.jsonl": _jsonl(_record(events=[{"type": "status", "status": "=1+1", "on": "9999-12-31"},
                                                       {"type": "\x00", "note": "<script>"}])),
        "bad-csv.csv": b'text,speaker\n"unclosed,Jane\nmore,cells,than,header\n',
        "header-only.csv": b"text,speaker\n",
        "empty.jsonl": b"",
        "whitespace.jsonl": b"  \n\t\n",
        "bom-only.jsonl": codecs.BOM_UTF8,
        "binary.jsonl": bytes(range(256)) * 64,
        "fields.jsonl": _jsonl(_record(**hostile_fields)),
        "cr-lines.csv": b"text,speaker\rIt will rain.,Jane Roe\r",
        "array.jsonl": json.dumps([_record(), _record(text="=x")]).encode(),
    }
    articles: dict[str, bytes] = {
        "script.html": ("<html><head><title><script>alert(1)</script>Bridge</title><script>alert(2)</script>"
                        "</head><body><p onclick='x()'>" + ARTICLE.replace("\n", "</p><p>") + "</p>"
                        "<iframe src='javascript:alert(1)'></iframe></body></html>").encode(),
        "nul.txt": ARTICLE.encode() + b"\x00\x00",
        "bidi.txt": ARTICLE.replace("Jane Roe", "\u202eJane Roe\u202c").encode(),
        "invalid-utf8.txt": ARTICLE.encode().replace(b"Roe", b"Ro\xe9"),
        "utf16-no-bom.txt": ARTICLE.encode("utf-16-le"),
        "utf16-bom.txt": codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"),
        "empty.txt": b"",
        "nested.html": b"<div>" * 100_000 + b"\"It could happen,\" she said." + b"</div>" * 100_000,
        "1mb-paragraph.txt": ARTICLE.encode() + b'"' + b"word " * (MB // 5) + b'," said Jane Roe.\n',
        "1mb-no-spaces.txt": ARTICLE.encode() + b"x" * MB,
        "quotes-only.txt": b'"' * 200_000,
        "formulas.txt": ARTICLE.replace("We will", "=HYPERLINK(\"x\") We will").encode(),
        "binary.txt": bytes(range(256)) * 64,
    }
    lexicons: dict[str, bytes] = {
        "binary.csv": bytes(range(256)) * 4,
        "invalid-utf8.csv": b"phrase,category\ncaf\xe9,modal\n",
        "nested.json": b"[" * 100_000 + b"]" * 100_000,
        "not-json.json": b"{ nope",
        "empty.csv": b"",
        "formula.csv": b"=1+1,@SUM(A1)\n",
    }
    out = _write(folder, {"import": imports, "ingest": articles, "lexicon": lexicons})
    if big:
        for group, items in big_files(folder / "big").items():
            out[group].extend(items)
    return out


def big_files(folder: Path, *, slow: bool = True) -> dict[str, list[tuple[str, Path]]]:
    """20 MB files: one-line records and cells, refused at once; with ``slow``, 20 MB articles (text and
    HTML: ingest reads them, in seconds) and 20 MB of good records (import stores them, in a minute)."""
    imports = {"20mb-one-line.jsonl": b'{"text": "' + b"a" * (20 * MB) + b'", "speaker": "Jane Roe"}\n',
               "20mb-one-cell.csv": b"text,speaker\n" + b"a" * (20 * MB) + b",Jane Roe\n"}
    if slow:
        line = json.dumps(_record(text="=HYPERLINK(\"x\") <script>alert(1)</script> " + "v " * 100))
        imports["20mb.jsonl"] = ((line + "\n") * (20 * MB // (len(line) + 1))).encode()
    articles = {"20mb.txt": ARTICLE.encode() * (20 * MB // len(ARTICLE)),
                "20mb.html": b"<html><body>" + (b"<p>" + ARTICLE.encode() + b"</p>") * (20 * MB // 200) + b"</body>"
                } if slow else {}
    return _write(folder, {"import": imports, "ingest": articles, "lexicon": {}})


def _write(folder: Path, groups: dict[str, dict[str, bytes]]) -> dict[str, list[tuple[str, Path]]]:
    out: dict[str, list[tuple[str, Path]]] = {}
    for group, items in groups.items():
        sub = folder / group
        sub.mkdir(parents=True, exist_ok=True)
        out[group] = []
        for name, data in items.items():
            path = sub / name
            path.write_bytes(data)
            out[group].append((name, path))
    return out


def st_indexes(n: int):
    from hypothesis import strategies as st

    return st.integers(min_value=0, max_value=n - 1)


def file_cases(made: dict[str, list[tuple[str, Path]]]) -> Iterator[Case]:
    """Every file through every command that reads it: import (with and without --skip-invalid, and from
    stdin), ingest (file, stdin, dry run), analyze from stdin, --lexicon on analyze and reanalyze."""
    for name, path in made["import"]:
        fmt = "csv" if name.endswith(".csv") else "jsonl"
        yield Case("import (file)", ("import", str(path)))
        yield Case("import --skip-invalid (file)", ("import", "--skip-invalid", "--json", str(path)))
        if path.stat().st_size <= 2 * MB:
            yield Case("import - (stdin)", ("import", "--format", fmt, "-"), stdin=path.read_bytes())
            yield Case("import --map/--set (file)", ("import", str(path), "--map", "text=f3", "--set", "kind=promise"))
    for _name, path in made["ingest"]:
        yield Case("ingest (file)", ("ingest", "--published", "2017-03-01", str(path)))
        yield Case("ingest --dry-run --json (file)", ("ingest", "--dry-run", "--json", "--published", "2017-03-01",
                                                      str(path)), reads_only=True)
        if path.stat().st_size <= 2 * MB:
            yield Case("ingest - (stdin)", ("ingest", "--published", "2017-03-01", "-"), stdin=path.read_bytes())
            yield Case("analyze - (stdin)", ("analyze", "-"), stdin=path.read_bytes(), reads_only=True)
    for name, path in made["lexicon"]:
        kind = "timeframes" if name.endswith(".json") else "hedges"
        for k in (kind, "probabilities", "nonsense"):
            yield Case("analyze --lexicon (file)", ("analyze", "It could happen.", "--lexicon", f"{k}={path}"),
                       reads_only=True)
        yield Case("reanalyze --lexicon (file)", ("reanalyze", "1", "--lexicon", f"{kind}={path}"))


def value_cases(records: Path, article: Path, per_template: int | None = None) -> Iterator[Case]:
    """Every template with its values (the first ``per_template`` of them, or all)."""
    for name, args, values, reads_only in TEMPLATES:
        for value in values[:per_template]:
            filled = tuple(a.replace("{records}", str(records)).replace("{article}", str(article)) for a in args)
            yield Case(name, _fill(filled, value), reads_only=reads_only)


# -- running ---------------------------------------------------------------------------------------

@dataclass
class Figures:
    tried: int = 0
    by_command: Counter = field(default_factory=Counter)
    errors: int = 0  # clean refusals
    failures: list[str] = field(default_factory=list)
    slowest: list[tuple[float, str]] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.tried} hostile inputs over {len(self.by_command)} command inputs: "
                f"{self.tried - self.errors} accepted, {self.errors} refused cleanly, "
                f"{len(self.failures)} failures")


def _shown(args: Iterable[str]) -> str:
    return " ".join(repr(a) if len(a) < 60 else repr(a[:40]) + f"...({len(a)} chars)" for a in args)


def check(db: str, case: Case, figures: Figures, *, cwd: Path) -> None:
    """Run one input; record a failure for a traceback, an unexpected error, an error without a message,
    a change to the database after an error or by a read, or --json output that is not JSON."""
    from typer.testing import CliRunner

    import cli

    figures.tried += 1
    figures.by_command[case.command] += 1
    if os.environ.get("HOSTILE_TRACE"):
        print(f"[{figures.tried}] {case.command}: {_shown(case.args)[:200]}", file=sys.stderr, flush=True)
    before = dump(db)
    args = list(case.args) if case.args[:1] == ("--db",) else ["--db", db, *case.args]
    old = os.getcwd()
    os.chdir(cwd)
    start = time.perf_counter()
    try:
        result = CliRunner().invoke(cli.app, args, input=case.stdin)
    finally:
        os.chdir(old)
    figures.slowest.append((time.perf_counter() - start, f"{case.command} {Path(case.args[-1]).name[:40]!r}"))
    figures.slowest = sorted(figures.slowest, reverse=True)[:5]
    problem = None
    err = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        problem = f"traceback: {type(result.exception).__name__}: {str(result.exception)[:200]}"
    elif "Traceback" in err or "Traceback" in result.stdout:
        problem = "traceback printed"
    elif "unexpected" in err:
        problem = "unexpected error: " + err.strip()[:300]
    elif result.exit_code != 0 and "Error" not in err and "skipped line" not in err:
        problem = f"exit {result.exit_code} without an error message: {err[:200]!r}"
    elif result.exit_code == 0 and "--json" in args and "-o" not in args:
        try:
            json.loads(result.stdout) if "analyze" not in args or "-" not in args else None
        except ValueError:
            problem = "--json output is not JSON: " + result.stdout[:200]
    skipped = "--skip-invalid" in args and "skipped line" in err  # the good records are imported, by design
    if problem is None and (result.exit_code != 0 and not skipped or case.reads_only):
        after = dump(db)
        if after != before:
            changed = sorted(t for t in set(before) | set(after) if before.get(t) != after.get(t))
            problem = f"database changed (tables {', '.join(changed)}) after exit {result.exit_code}"
    if result.exit_code != 0:
        figures.errors += 1
    if problem:
        figures.failures.append(f"{case.command}: claims {_shown(case.args)}: {problem}")
