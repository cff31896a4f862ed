"""A realistic synthetic corpus of claims, as JSON Lines records that `claims import` reads.

Speakers follow a long-tail (Zipf) distribution, outlets a smaller one; said dates spread over years;
about 5% of records repeat an earlier quote in another outlet (an appearance, not a new claim); a share
are already resolved. Deterministic for a given seed.

    python bench/corpus.py 100000 > /tmp/corpus.jsonl
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Iterator
from datetime import date, timedelta

FIRST = ["James", "Maria", "Wei", "Fatima", "John", "Olga", "Ahmed", "Sofia", "David", "Aiko", "Carlos", "Amara",
         "Peter", "Ingrid", "Raj", "Chloe", "Samuel", "Elena", "Kwame", "Hannah"]
LAST = ["Smith", "Garcia", "Chen", "Khan", "Novak", "Okafor", "Rossi", "Tanaka", "Dubois", "Nguyen", "Silva",
        "Kowalski", "Haddad", "Larsen", "Mensah", "Ivanova", "Murphy", "Patel", "Schmidt", "Costa"]
OUTLETS = ["The Washington Post", "Reuters", "Associated Press", "The New York Times", "BBC News", "Politico",
           "The Guardian", "Financial Times", "Al Jazeera", "Le Monde", "Der Spiegel", "NHK", "CBC", "ABC News"]
SUBJECTS = ["the agreement", "the new bridge", "inflation", "the ceasefire", "the tax cut", "the vaccine rollout",
            "the trade deal", "the budget", "unemployment", "the election", "the pipeline", "the stadium",
            "the merger", "the reform bill", "the mission"]
PREDICTIONS = ["{s} could happen any day", "I think {s} will be done by the end of the year",
               "{s} will probably fall below three percent next year", "We expect {s} within two weeks",
               "There will be {s} in the long run", "{s} is likely to pass this summer",
               "{s} might be delayed until 2030", "I'm confident {s} will succeed soon"]
PROMISES = ["We will deliver {s} by 2025", "I promise {s} will be finished next month",
            "Our government will fund {s} this year", "We are going to complete {s} in the coming months"]
STATEMENTS = ["{s} was discussed at length", "The details of {s} aren't specific", "{s} cost more than planned"]
SYLLABLES = ["ka", "lo", "mi", "ra", "ven", "tor", "sa", "bel", "du", "ny", "gor", "ith", "pa", "zel", "ou", "rim"]
FINAL = ["fulfilled", "partly-fulfilled", "not-fulfilled", "retracted", "unresolvable"]


def places(n: int, rng: random.Random) -> list[str]:
    """Made-up place names: a long vocabulary, so that search terms are as selective as real ones."""
    names = set()
    while len(names) < n:
        names.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 4))).capitalize())
    return sorted(names)


def speakers(n: int, rng: random.Random) -> list[str]:
    names = set()
    while len(names) < n:
        names.add(f"{rng.choice(FIRST)} {chr(65 + rng.randrange(26))}. {rng.choice(LAST)}-{len(names)}")
    return sorted(names)


def records(n: int, seed: int = 2016, n_speakers: int | None = None) -> Iterator[dict]:
    rng = random.Random(seed)
    people = speakers(n_speakers or max(50, n // 50), rng)
    towns = places(20_000, rng)
    weights = [1 / (i + 1) for i in range(len(people))]  # Zipf: a few speakers, many quotes
    start = date(2010, 1, 1)
    emitted: list[dict] = []
    for i in range(n):
        if emitted and rng.random() < 0.05:
            rec = dict(rng.choice(emitted))
            rec["outlet"] = rng.choice(OUTLETS)
            rec["url"] = f"https://news.example/{i}"
            yield rec
            continue
        speaker = rng.choices(people, weights)[0]
        said = start + timedelta(days=rng.randrange(15 * 365))
        roll = rng.random()
        kind, templates = ("prediction", PREDICTIONS) if roll < 0.6 else (
            ("promise", PROMISES) if roll < 0.9 else ("statement", STATEMENTS))
        subject = rng.choice(SUBJECTS)
        text = rng.choice(templates).format(s=subject).capitalize() + f" in {rng.choice(towns)} (#{i})"
        rec = {
            "text": text, "speaker": speaker, "said_on": said.isoformat(), "published_on": said.isoformat(),
            "outlet": rng.choice(OUTLETS), "url": f"https://news.example/{i}", "kind": kind,
            "due": (said + timedelta(days=rng.choice([14, 30, 90, 365, 730]))).isoformat(),
            "tags": [subject.replace("the ", "")],
        }
        if rng.random() < 0.4:
            rec["status"] = rng.choice(FINAL)
        emitted.append(rec)
        yield rec


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    out = sys.stdout
    for rec in records(n):
        out.write(json.dumps(rec) + "\n")


if __name__ == "__main__":
    main()
