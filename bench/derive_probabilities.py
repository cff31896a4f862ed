"""Derive claims/language/data/probabilities.csv from published survey data (run when the sources change).

Sources, in order of preference for a phrase:
1. CAPphrase (Kucharski 2026, CC-BY 4.0; 5,174 people's 0-100 readings of 19 phrases): median and
   interquartile range.
2. Kent-style phrases surveyed by zonination/perceptions (46 people, MIT): median and IQR, for phrases
   CAPphrase lacks ("we believe", "we doubt", "probably", "probably not").
3. Official yardsticks: US ICD 203 (NIC) then IPCC: the band's midpoint, the band as the range.

    python bench/derive_probabilities.py ../shared/data/probability-phrases > claims/language/data/probabilities.csv
"""

from __future__ import annotations

import csv
import statistics
import sys
from collections import defaultdict
from pathlib import Path


def quartiles(values: list[float]) -> tuple[float, float, float]:
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, statistics.median(values), q3


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/probability-phrases")
    rows: dict[str, dict] = {}
    readings: dict[str, list[float]] = defaultdict(list)
    with (root / "capphrase" / "absolute_judgements.csv").open(encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            try:
                readings[rec["term"].strip().lower()].append(float(rec["probability"]))
            except ValueError:
                continue
    for term, values in readings.items():
        q1, med, q3 = quartiles(values)
        rows[term] = {"term": term, "probability": med / 100, "low": q1 / 100, "high": q3 / 100,
                      "n": len(values), "source": "CAPphrase (Kucharski 2026) median and IQR"}
    with (root / "perceptions" / "probly.csv").open(encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = [h.strip().lower() for h in next(reader)]
        columns: dict[str, list[float]] = defaultdict(list)
        for rec in reader:
            for term, value in zip(header, rec, strict=False):
                try:
                    columns[term].append(float(value))
                except ValueError:
                    continue
    for term, values in columns.items():
        if term in rows:
            continue
        q1, med, q3 = quartiles(values)
        rows[term] = {"term": term, "probability": med / 100, "low": q1 / 100, "high": q3 / 100,
                      "n": len(values), "source": "zonination/perceptions probly.csv median and IQR"}
    yardsticks = (("yardstick_us_nic.csv", "US ICD 203 (NIC) yardstick"), ("yardstick_ipcc.csv", "IPCC yardstick"))
    for name, label in yardsticks:
        with (root / "capphrase" / name).open(encoding="utf-8") as fh:
            for rec in csv.DictReader(fh):
                term = rec["term"].strip().lower()
                if term in rows:
                    continue
                low, high = float(rec["low"]) / 100, float(rec["high"]) / 100
                rows[term] = {"term": term, "probability": round((low + high) / 2, 3), "low": low, "high": high,
                              "n": "", "source": f"{label}, band midpoint"}
    out = csv.DictWriter(sys.stdout, ["term", "probability", "low", "high", "n", "source"], lineterminator="\n")
    out.writeheader()
    for term in sorted(rows, key=lambda t: -rows[t]["probability"]):
        r = rows[term]
        out.writerow({**r, "probability": round(r["probability"], 3), "low": round(r["low"], 3),
                      "high": round(r["high"], 3)})


if __name__ == "__main__":
    main()
