"""How sure an attribution is: the measured precision of the way it was made.

Pure. ``claims/language/data/attribution-confidence.json`` holds, for each kind of attribution (its rule,
full quotation or fragment, and whether the speaker phrase was a name, a pronoun or an unnamed source),
the share that was right on PolNeAR's training split, smoothed towards the rule's share, with the count it
rests on. ``bench/train_confidence.py`` rebuilds it (and prints its cross-validated calibration); a kind
never seen falls back to its rule, then to the overall share. A quotation with no speaker scores the share
of unattributed quotations that nobody said (0 when nobody is the wrong answer).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

DATA = Path(__file__).resolve().parent.parent / "language" / "data" / "attribution-confidence.json"


class _Item(Protocol):
    speaker: str | None
    fragment: bool
    rule: str | None
    basis: str
    candidates: list[str]
    confidence: float


def key(item: _Item) -> tuple[str, str]:
    """(rule key, full key) of an attribution: 'after-who-first', 'after-who-first|full|pronoun|contested'."""
    rule = item.rule or "none"
    basis = item.basis or ("name" if item.speaker else "none")
    contested = "contested" if item.candidates else "alone"
    return rule, f"{rule}|{'fragment' if item.fragment else 'full'}|{basis}|{contested}"


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    try:
        return json.loads(DATA.read_text(encoding="utf-8"))
    except FileNotFoundError:  # before the first training run
        return {"overall": 0.5, "rules": {}, "kinds": {}}


def score(item: _Item, model: dict[str, Any] | None = None) -> float:
    """Set and return ``item.confidence``."""
    t = model or table()
    if not item.speaker:
        item.confidence = 0.0
        return 0.0
    rule, full = key(item)
    kinds, rules = t.get("kinds", {}), t.get("rules", {})
    value = kinds[full]["p"] if full in kinds else rules[rule]["p"] if rule in rules else t.get("overall", 0.5)
    item.confidence = round(float(value), 3)
    return item.confidence


def fit(rows: list[tuple[tuple[str, str], bool]], prior: float = 4.0) -> dict[str, Any]:
    """A table from (key, right?) rows: each kind's share right, smoothed towards its rule's share with
    ``prior`` pseudo-counts (and each rule's towards the overall share)."""
    overall = sum(r for _k, r in rows) / len(rows) if rows else 0.5
    counts: dict[str, list[int]] = {}
    kinds: dict[str, list[int]] = {}
    for (rule, full), right in rows:
        counts.setdefault(rule, [0, 0])
        kinds.setdefault(full, [0, 0])
        counts[rule][0] += right
        counts[rule][1] += 1
        kinds[full][0] += right
        kinds[full][1] += 1
    rules = {r: {"p": round((k + prior * overall) / (n + prior), 4), "n": n} for r, (k, n) in sorted(counts.items())}
    out_kinds = {}
    for full, (k, n) in sorted(kinds.items()):
        base = rules[full.split("|")[0]]["p"]
        out_kinds[full] = {"p": round((k + prior * base) / (n + prior), 4), "n": n}
    return {"overall": round(overall, 4), "rules": rules, "kinds": out_kinds}
