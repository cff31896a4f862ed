"""Titles in a person's name: "Marine Gen. Joseph F. Dunford" is the name "Joseph F. Dunford" with the title
"Marine Gen.". Pure; the titles are lexicon data (``attribution.json``, key ``titles``)."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "attribution.json"


@lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    """The ranks, offices and honorifics that may stand before a name."""
    return frozenset(json.loads(DATA.read_text(encoding="utf-8"))["titles"])


@lru_cache(maxsize=4096)
def split_name(phrase: str) -> tuple[str, str | None]:
    """'Marine Gen. Joseph F. Dunford' -> ('Joseph F. Dunford', 'Marine Gen.');
    'IMF chief economist Maury Obstfeld' -> ('Maury Obstfeld', 'IMF chief economist')."""
    w = titles()
    tokens = phrase.split()
    start = len(tokens)
    while start > 0 and tokens[start - 1][:1].isupper():
        start -= 1  # the trailing run of capitalised words
    for j in range(len(tokens) - 2, start - 1, -1):
        if re.search(r"[\u2019']s$", tokens[j]):
            start = j + 1  # "NBC’s Dante Chinni": the outlet is a description
            break
    i = start
    # The name starts after the last title in the run: "New Jersey Gov. Chris Christie" -> "Chris Christie".
    for j in range(len(tokens) - 2, start - 1, -1):
        if tokens[j] in w or tokens[j].rstrip(".") in w and tokens[j].endswith("."):
            i = j + 1
            break
    while i < len(tokens) - 1 and (tokens[i] in w or tokens[i].rstrip(".") in w
                                   or tokens[i].endswith("-") or (tokens[i].isupper() and len(tokens[i]) <= 4)):
        i += 1
    title = " ".join(tokens[:i]) or None
    return " ".join(tokens[i:]), title
