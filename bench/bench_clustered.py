"""PostgreSQL one-word search where a word's matches stand together at one end of the table (issue 14 review).

    createdb -h 127.0.0.1 -U postgres bench_clustered
    python bench/bench_clustered.py postgresql://postgres@127.0.0.1:5432/bench_clustered [OLD_SEARCH_PY]

Fills an empty database (schema by the project's migrations) with 400,000 claims of twelve random words
each from 2,000, plus "omicron" in the newest 3,000, "brexit" in the oldest 3,000 and "ceasefire" in one of
16 (twice in one of 50), then times ``search.claim_ids`` (limit 20, rank and newest; median of 15 reads),
checking it against ranking every match with ``ts_rank`` (or ordering by id). With OLD_SEARCH_PY (another
checkout's ``claims/store/search.py``) both are timed in the same run, interleaved, and must agree.
"""

from __future__ import annotations

import importlib.util
import statistics
import sys
import time

N = 400_000
WORDS = ("omicron", "brexit", "ceasefire", "w17", "bridge")
FILL = f"""INSERT INTO claim (key, quote_id, speaker_id, kind, summary, status, hedges, search_text, created_at)
SELECT 'g' || g, q.id, q.speaker_id, 'prediction', 's', 'open', '[]',
  (SELECT string_agg('w' || floor(random() * 2000)::int, ' ') FROM generate_series(1, 12) WHERE g > 0)
  || CASE WHEN g > {N - 3000} THEN ' omicron' ELSE '' END || CASE WHEN g <= 3000 THEN ' brexit' ELSE '' END
  || CASE WHEN g % 16 = 0 THEN ' ceasefire' ELSE '' END || CASE WHEN g % 50 = 0 THEN ' ceasefire' ELSE '' END,
  now() FROM generate_series(1, {N}) AS g, (SELECT id, speaker_id FROM quote LIMIT 1) AS q"""
PLAIN = {"rank": "ORDER BY ts_rank(search_tsv, plainto_tsquery('english', :w)) DESC, id", "newest": "ORDER BY id DESC"}


def fill(url: str) -> None:
    import psycopg
    from typer.testing import CliRunner

    import cli

    with psycopg.connect(url) as pg:
        if pg.execute("SELECT to_regclass('claim')").fetchone()[0] is not None and \
                pg.execute("SELECT count(*) FROM claim").fetchone()[0] > 1:
            return
    CliRunner().invoke(cli.app, ["--db", url, "add", "The bridge will open.", "--speaker", "Ana Ruiz"])
    with psycopg.connect(url) as pg:
        pg.execute(FILL)
    with psycopg.connect(url, autocommit=True) as pg:
        pg.execute("VACUUM ANALYZE")


def main() -> None:
    from claims.store import search
    from claims.store.db import open_database

    url = sys.argv[1]
    fill(url)
    versions = {"this branch": search}
    if len(sys.argv) > 2:
        spec = importlib.util.spec_from_file_location("search_before", sys.argv[2])
        assert spec and spec.loader
        versions = {"before": importlib.util.module_from_spec(spec), **versions}
        spec.loader.exec_module(versions["before"])
    db = open_database(url)
    print("| query | " + " | ".join(versions) + " |\n|---|" + "---|" * len(versions))
    for word in WORDS:
        for sort in ("rank", "newest"):
            times: dict[str, list[float]] = {name: [] for name in versions}
            with db.read() as r:
                expected = [row["id"] for row in r.rows("SELECT id FROM claim WHERE search_tsv @@ plainto_tsquery("
                                                        f"'english', :w) {PLAIN[sort]} LIMIT 20", {"w": word})]
            for _ in range(15):
                for name, module in versions.items():
                    with db.read() as r:
                        start = time.perf_counter()
                        got = module.claim_ids(r, word, limit=20, sort=sort)
                        times[name].append(time.perf_counter() - start)
                    assert got == expected, (name, word, sort)
            flag = " --sort newest" if sort == "newest" else ""
            print(f"| `search {word} --limit 20{flag}` | "
                  + " | ".join(f"{statistics.median(t) * 1000:.1f} ms" for t in times.values()) + " |")


if __name__ == "__main__":
    main()
