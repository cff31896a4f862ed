"""Analysis speed: sentences per second through `claims.analysis.analyze`, on news sentences without
date words (the fast path), on sentences with time frames, and on the Szeged news corpus as it comes.
CPU time of this process (``time.process_time``), so that a busy machine slows the figures less.

    python bench/bench_analysis.py
"""

from __future__ import annotations

import random
import time
from datetime import date
from pathlib import Path

from claims.language import analysis, lexicon

HERE = Path(__file__).resolve().parent


PLAIN = ["There's a lot of activity going on underneath the surface.",
         "We're just not ready to deploy capabilities because there hasn't been an agreement.",
         "I think the Italians have indicated to me that they are committed to the mission.",
         "The operation will likely focus on training and equipping militias.",
         "The details of that aren't specific.", "It could be complicated by political concerns.",
         "We will support the government in the fight against the Islamic State.",
         "The coalition leadership structure also isn't clear."]
DATED = ["And frankly, any day that could happen.", "There will be a long-term mission in Libya.",
         "We expect an agreement within two weeks.", "The bridge will open by the end of next year.",
         "Inflation will probably be back under three percent by March.",
         "I promise the tax cut will pass this summer."]


def rate(sentences: list[str], rounds: int = 3) -> float:
    lex = lexicon.load()
    said = date(2016, 5, 19)
    best = 0.0
    for _ in range(rounds):
        start = time.process_time()
        for s in sentences:
            analysis.analyze(s, said_on=said, lex=lex)
        best = max(best, len(sentences) / (time.process_time() - start))
    return best


def main() -> None:
    rng = random.Random(1)
    plain = [rng.choice(PLAIN) for _ in range(20_000)]
    dated = [f"{rng.choice(DATED)} ({i})" for i in range(5_000)]
    print("| sentences | per second | target |")
    print("|---|---|---|")
    print(f"| without date words (20,000) | {rate(plain):,.0f} | >= 5,000 |")
    print(f"| with time frames (5,000, each distinct) | {rate(dated):,.0f} | |")
    try:
        from eval_hedging import DEFAULT, sentences

        news = [t for t, _ in sentences(DEFAULT)]
        print(f"| Szeged news sentences ({len(news):,}) | {rate(news):,.0f} | |")
    except (ImportError, FileNotFoundError):
        pass


if __name__ == "__main__":
    main()
