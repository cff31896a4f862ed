"""The whole hostile-input corpus over every command that reads user input, on SQLite and (with
CLAIMS_TEST_POSTGRES_URL set) PostgreSQL; prints the figures (inputs tried, refused, failures) and the
time taken. tests/test_hostile.py runs a fast part of the same corpus in CI.

    python bench/bench_hostile.py [--examples N] [--no-postgres] [--quick]

Big files (1 MB fields, 20 MB files) are generated in a temporary folder and deleted afterwards.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

from common import ROOT


def _corpus():  # noqa: ANN202 - the corpus lives with the tests; loaded by path (no sys.path changes)
    spec = importlib.util.spec_from_file_location("hostile", ROOT / "tests" / "hostile.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["hostile"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _postgres_schema(base: str) -> tuple[str, str]:
    import psycopg

    schema = "bench_hostile_" + uuid.uuid4().hex[:8]
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}", schema


def _drop_schema(base: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def run_backend(h, db: str, folder: Path, made: dict, examples: int, label: str,  # noqa: ANN001
                per_option: int | None = None) -> None:
    from hypothesis import HealthCheck, given, settings
    from typer.testing import CliRunner

    import cli
    from claims.store import engine as store_mod

    def run(*args: str):  # noqa: ANN202
        result = CliRunner().invoke(cli.app, ["--db", db, *args])
        if result.exit_code != 0:
            raise SystemExit(f"seeding failed: {args}: {result.stderr}")
        return result

    h.seed(run)
    figures = h.Figures()
    cwd = folder / f"cwd-{label}"
    cwd.mkdir()
    records = made["import"][0][1]
    article = made["ingest"][0][1]
    start = time.perf_counter()
    for case in h.value_cases(records, article, per_option):
        h.check(db, case, figures, cwd=cwd)
    values_done = time.perf_counter()
    for case in h.file_cases(made):
        h.check(db, case, figures, cwd=cwd)
    files_done = time.perf_counter()
    generated = 0
    for name, args, _values, reads_only in h.TEMPLATES:
        if "{records}" in " ".join(args) or "{article}" in " ".join(args):
            continue

        def make(name: str = name, args: tuple = args, reads_only: bool = reads_only):  # noqa: ANN202
            @settings(max_examples=examples, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck))
            @given(value=h.hypothesis_text())
            def sample(value: str) -> None:
                nonlocal generated
                generated += 1
                h.check(db, h.Case(name + " (hypothesis)", h._fill(args, value), reads_only=reads_only), figures,
                        cwd=cwd)
            return sample

        make()()
    store_mod.close_all()
    end = time.perf_counter()
    print(f"\n### {label}\n")
    print("| part | inputs | seconds |")
    print("|---|---|---|")
    n_values = sum(1 for _ in h.value_cases(records, article, per_option))
    n_files = sum(1 for _ in h.file_cases(made))
    print(f"| listed values x every option | {n_values} | {values_done - start:.1f} |")
    print(f"| files (import, ingest, stdin, --lexicon) | {n_files} | {files_done - values_done:.1f} |")
    print(f"| hypothesis text, {examples} per option | {generated} | {end - files_done:.1f} |")
    print(f"\n{figures.summary()}; {len(figures.by_command)} distinct command inputs; "
          f"{len(figures.failures)} tracebacks, unexpected errors or changes after an error.")
    for failure in figures.failures[:50]:
        print("  FAIL", failure[:400])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=25, help="hypothesis examples per option")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--quick", action="store_true", help="no 20 MB files")
    parser.add_argument("--per-option", type=int, default=None, help="the first N listed values per option")
    opts = parser.parse_args()
    import resource

    limit = 4 * 1024 ** 3  # a runaway input fails with MemoryError here instead of exhausting a shared machine
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    h = _corpus()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["CLAIMS_HOME"] = str(folder / "home")
        t0 = time.perf_counter()
        made = h.files(folder / "files", big=not opts.quick)
        size = sum(p.stat().st_size for group in made.values() for _n, p in group)
        print(f"Generated {sum(len(g) for g in made.values())} hostile files ({size / 1e6:.0f} MB) "
              f"in {time.perf_counter() - t0:.1f} s")
        run_backend(h, str(folder / "claims.db"), folder, made, opts.examples, "SQLite", opts.per_option)
        pg = os.environ.get("CLAIMS_TEST_POSTGRES_URL")
        if pg and not opts.no_postgres:
            url, schema = _postgres_schema(pg)
            try:
                run_backend(h, url, folder, made, opts.examples, "PostgreSQL", opts.per_option)
            finally:
                _drop_schema(pg, schema)


if __name__ == "__main__":
    main()
