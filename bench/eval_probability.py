"""The probability table next to the survey data it came from, recomputed here from the raw responses,
and the probability each hedge cue maps to.

    python bench/eval_probability.py [path/to/probability-phrases]
"""

from __future__ import annotations

import csv
import statistics
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent

from claims.language import lexicon  # noqa: E402

DEFAULT = HERE.parent.parent / "shared" / "data" / "probability-phrases"


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    lex = lexicon.load()
    survey: dict[str, list[float]] = defaultdict(list)
    path = root / "capphrase" / "absolute_judgements.csv"
    if path.exists():
        with path.open(encoding="utf-8") as fh:
            for rec in csv.DictReader(fh):
                try:
                    survey[rec["term"].strip().lower()].append(float(rec["probability"]))
                except ValueError:
                    pass
    print("| phrase | table p | table range | survey median | survey IQR | n | source |")
    print("|---|---|---|---|---|---|---|")
    for term, row in sorted(lex.probabilities.items(), key=lambda kv: -kv[1].probability):
        values = survey.get(term)
        if values:
            q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
            med = statistics.median(values)
            s = f"{med / 100:.2f} | {q1 / 100:.2f}-{q3 / 100:.2f} | {len(values)}"
        else:
            s = "— | — | —"
        print(f"| {term} | {row.probability:.2f} | {row.low:.2f}-{row.high:.2f} | {s} | {row.source} |")
    print("\nHedge cues and the probability they carry:\n")
    print("| cue | category | phrase | p | negated phrase |")
    print("|---|---|---|---|---|")
    for cue, entry in sorted(lex.hedges.items()):
        p = lex.probability(entry.term)
        print(f"| {cue} | {entry.category} | {entry.term or '—'} | {f'{p.probability:.2f}' if p else '—'} "
              f"| {entry.negated_term or ''} |")


if __name__ == "__main__":
    main()
