"""The hostile-input corpus (tests/hostile.py), fast part: every command that reads user input gets some
of it; no traceback, no "unexpected" error, a clear error line, and the database exactly as it was after
every error and every read. bench/bench_hostile.py runs all of it (and prints the figures)."""

from __future__ import annotations

import hostile as h
import pytest
from conftest import Cli
from hypothesis import HealthCheck, given, settings

# Where the backends differ (search syntax, integer range, NUL and dates in the driver), PostgreSQL too.
BOTH_BACKENDS = {"search QUERY", "search --raw", "quotes QUERY", "show ID", "history ID", "resolve ID", "note TEXT",
                 "add TEXT", "add --due", "list --speaker", "speaker NAME", "speakers merge OTHER", "reanalyze ID"}


def _seeded(db: str) -> Cli:
    run = Cli(db)
    h.seed(run)
    return run


def _report(capsys, label: str, figures: h.Figures) -> None:
    with capsys.disabled():
        print(f"\n{label}: {figures.summary()}; slowest: "
              + "; ".join(f"{t:.1f}s {what}" for t, what in figures.slowest[:3]))
    assert not figures.failures, "\n".join(figures.failures[:20])


def _spread(per_template: int, only: set[str] | None = None):
    """A few values of each template, a different few for each (so the whole list is covered)."""
    for i, (name, args, values, reads_only) in enumerate(h.TEMPLATES):
        if only is not None and name not in only:
            continue
        for k in range(per_template):
            yield name, args, values[(i * per_template + k) % len(values)], reads_only


def test_hostile_values_over_every_option(run, tmp_path, capsys):
    _seeded(run.db)
    made = h.files(tmp_path / "files", big=False)
    records = dict(made["import"])["formulas.csv"]
    article = dict(made["ingest"])["formulas.txt"]
    sqlite = not run.db.startswith("postgresql")
    figures = h.Figures()
    for name, args, value, reads_only in _spread(1 if sqlite else 2, None if sqlite else BOTH_BACKENDS):
        filled = tuple(a.replace("{records}", str(records)).replace("{article}", str(article)) for a in args)
        h.check(run.db, h.Case(name, h._fill(filled, value), reads_only=reads_only), figures, cwd=tmp_path)
    _report(capsys, f"hostile values ({'SQLite' if sqlite else 'PostgreSQL'})", figures)
    assert len(figures.by_command) == (len(h.TEMPLATES) if sqlite else len(BOTH_BACKENDS))


def test_hostile_files_over_every_reader(sqlite_db, tmp_path, capsys):
    """Import (file, stdin, --skip-invalid, --map/--set), ingest (file, stdin, dry run), analyze from stdin
    and --lexicon, over every file of the corpus, including 20 MB one-line records (the bench adds 20 MB
    articles and 20 MB of good records)."""
    _seeded(sqlite_db)
    made = h.files(tmp_path / "files", big=False)
    big = h.big_files(tmp_path / "big", slow=False)
    for group, items in big.items():
        made[group].extend(items)
    figures = h.Figures()
    seen: set[tuple[str, str]] = set()
    for case in h.file_cases(made):  # each file once through each reader (the bench runs every pairing)
        if case.stdin is not None or "--map" in case.args or "--dry-run" in case.args:
            continue
        if "--skip-invalid" in case.args and not case.args[-1].endswith(("types.jsonl", "bad-csv.csv", "nul.jsonl")):
            continue
        if (case.command, case.args[-1]) in seen or "1mb-paragraph" in case.args[-1]:
            continue  # a 1 MB paragraph takes seconds to read: in the bench
        seen.add((case.command, case.args[-1]))
        h.check(sqlite_db, case, figures, cwd=tmp_path)
    files = {**dict(made["import"]), **dict(made["ingest"])}
    for command, args, name in (("import - (stdin)", ("import", "-"), "invalid-utf8.jsonl"),
                                ("import - (stdin)", ("import", "--format", "csv", "-"), "utf16-no-bom.csv"),
                                ("import - (stdin)", ("import", "-"), "nested.jsonl"),
                                ("ingest - (stdin)", ("ingest", "--published", "2017-03-01", "-"), "nul.txt"),
                                ("analyze - (stdin)", ("analyze", "-"), "utf16-no-bom.txt")):
        h.check(sqlite_db, h.Case(command, args, stdin=files[name].read_bytes()), figures, cwd=tmp_path)
    _report(capsys, "hostile files (SQLite)", figures)


@pytest.mark.postgres
def test_hostile_files_on_postgresql(pg_url, tmp_path, capsys):
    """The files whose contents reach the database (NUL, bidi, formulas, huge fields) on PostgreSQL."""
    _seeded(pg_url)
    made = h.files(tmp_path / "files", big=False)
    keep = ("nul", "bidi", "formulas", "1mb-field", "1mb-speaker", "every-field", "sql-fts", "types", "big-numbers",
            "events")
    made = {g: [(n, p) for n, p in items if n.startswith(keep)] for g, items in made.items()}
    figures = h.Figures()
    for case in h.file_cases(made):
        if case.command in ("import (file)", "ingest (file)"):
            h.check(pg_url, case, figures, cwd=tmp_path)
    _report(capsys, "hostile files (PostgreSQL)", figures)


def test_hypothesis_text_over_the_text_options(sqlite_db, tmp_path, capsys):
    _seeded(sqlite_db)
    figures = h.Figures()
    names = {"add TEXT", "add --speaker", "search QUERY", "search --raw", "note TEXT", "list --speaker",
             "speaker NAME", "analyze TEXT", "add --due"}
    templates = [t for t in h.TEMPLATES if t[0] in names]

    @settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(value=h.hypothesis_text(), pick=h.st_indexes(len(templates)))
    def one(value: str, pick: int) -> None:
        name, args, _values, reads_only = templates[pick]
        h.check(sqlite_db, h.Case(name + " (hypothesis)", h._fill(args, value), reads_only=reads_only), figures,
                cwd=tmp_path)

    one()
    _report(capsys, "hypothesis text (SQLite)", figures)
