"""Article ingestion speed on synthetic 5 KB news stories (built from the seed story's shapes: a lede,
attributed quotations, continuing quotations, "he said", fragments, reported speech, a footer).

- extraction alone (`claims.ingest.extract`: quotations, speakers, dates, analysis): articles per second;
- `claims ingest` of N such stories into a new SQLite file (one transaction per article) against the
  extraction time of the same stories: target at most 2x. As a user runs it (worker processes read while
  one stores: `--jobs`, default the cores up to 5) and with `--jobs 1` (one process does everything).

    python bench/bench_ingest.py [N]        (default 1000)
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent

from common import header, row, run_cli  # noqa: E402
from corpus import FIRST, LAST, SUBJECTS, places  # noqa: E402

from claims.language.lexicon import load  # noqa: E402
from claims.reading.articles import Article  # noqa: E402
from claims.reading.extract import extract  # noqa: E402

TITLES = ["Gen.", "Sen.", "Gov.", "Mayor", "Defense Secretary", "Rep.", "Ambassador", "Dr."]
ROLES = ["chairman of the budget committee", "the city's chief engineer", "a spokeswoman for the ministry",
         "the head of the port authority", "a senior adviser to the governor"]
QUOTES = ["We will finish {s} by the end of next year.", "I think {s} could be delayed until 2019.",
          "There will be a long-term plan for {s} in {p}.", "Frankly, any day now {s} could be approved.",
          "We are not going to let {s} fail, and I promise the work will start this summer.",
          "The details of {s} aren't specific yet.", "It is unlikely that {s} will pass before the election."]
FILLER = ("The proposal, first floated in {p} two years ago, has divided the council and drawn protests from "
          "residents who say the costs were never explained. Officials in {p} said the schedule depends on "
          "federal money that has not yet been approved, and on a review of the environmental impact. ")


def story(i: int, rng: random.Random, towns: list[str]) -> str:
    a = f"{rng.choice(FIRST)} {chr(65 + rng.randrange(26))}. {rng.choice(LAST)}{i}"
    b = f"{rng.choice(FIRST)} {rng.choice(LAST)}{i}x"
    s, p = rng.choice(SUBJECTS), rng.choice(towns)
    q = [rng.choice(QUOTES).format(s=s, p=p) for _ in range(6)]
    surname_a, surname_b = a.split()[-1], b.split()[-1]
    paras = [
        f"Officials in {p} weigh {s} (#{i})",
        f"{p.upper()} \u2014 The region's top official said Thursday that {s} is in a \u201cperiod of intense "
        f"review\u201d that could soon lead to a decision. " + FILLER.format(p=p),
        f"\u201c{q[0]}\u201d said {rng.choice(TITLES)} {a}, {rng.choice(ROLES)}. \u201c{q[1]}\u201d",
        FILLER.format(p=p) + f"There is interest among residents in {p}, {surname_a} said, but the details remain "
        "unclear.",
        f"\u201c{q[2]}\u201d {surname_a} predicted, adding that the council will want a vote before spring.",
        FILLER.format(p=p) * 6,
        f"{rng.choice(TITLES)} {b}, {rng.choice(ROLES)}, said Tuesday that officials are waiting for the review.",
        f"\u201c{q[3]}\u201d {surname_b} said. \u201c{q[4]}\u201d",
        f"\u201c{q[5]}\u201d he said.",
        FILLER.format(p=p) * 6,
        "Related stories:",
        f"Will {s} survive the vote?",
    ]
    return "\n\n".join(paras) + "\n"


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rng = random.Random(7)
    towns = places(2000, rng)
    stories = [story(i, rng, towns) for i in range(n)]
    size = sum(len(s.encode()) for s in stories) / n
    lex = load()
    published = date(2016, 5, 19)
    runs = 3  # best of three for both sides: this machine's timings wander by 10-15% between runs
    extraction = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        found = 0
        for i, text in enumerate(stories):
            found += len(extract(Article(f"s{i}", text, published_on=published), lex=lex))
        extraction = min(extraction, time.perf_counter() - start)
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i, text in enumerate(stories):
            f = Path(tmp) / f"story{i:05d}.txt"
            f.write_text(text, encoding="utf-8")
            files.append(str(f))
        elapsed = {"default": float("inf"), "1": float("inf")}
        for r in range(runs):
            for jobs in elapsed:  # alternated, so both see the same machine
                db = str(Path(tmp) / f"ingest{r}-{jobs}.db")
                args = [] if jobs == "default" else ["--jobs", jobs]
                took, _proc = run_cli("ingest", *files, "--published", "2016-05-19", *args, db=db)
                elapsed[jobs] = min(elapsed[jobs], took)
        import sqlite3

        counts = set()
        for jobs in elapsed:
            con = sqlite3.connect(str(Path(tmp) / f"ingest0-{jobs}.db"))
            counts.add(con.execute("SELECT (SELECT count(*) FROM quote), (SELECT count(*) FROM claim)").fetchone())
            con.close()
        assert len(counts) == 1, counts  # both ways store the same
        quotes, claims = counts.pop()
    header(f"ingest of {n:,} synthetic stories ({size / 1000:.1f} KB each, {found / n:.1f} quotations each), "
           f"best of {runs}")
    rate = n / extraction
    row("extraction alone (in process)", f"{extraction:.2f} s = {rate:,.0f} articles/s", ">= 200/s",
        "ok" if rate >= 200 else "MISSED")
    from claims.services.ingest_files import default_jobs

    for jobs, label in (("default", f"claims ingest into SQLite (as run: --jobs {default_jobs()})"),
                        ("1", "claims ingest --jobs 1 (one process)")):
        ratio = elapsed[jobs] / extraction
        row(label, f"{elapsed[jobs]:.2f} s = {ratio:.2f}x extraction ({quotes:,} quotes, {claims:,} claims stored)",
            "<= 2x", "ok" if ratio <= 2 else "MISSED")


if __name__ == "__main__":
    main()
