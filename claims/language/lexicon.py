"""The lexicons that drive the analysis, loaded from data files with the user's overrides.

Built-in tables live in ``claims/language/data/`` (each row cites its source; see ``claims/language/data/README.md``):

- ``probabilities.csv``: phrase -> probability with a range (survey medians and IQRs, yardsticks);
- ``hedges.csv``: hedge and booster cues -> category and probability phrase;
- ``timeframes.json``: vague time horizons ("any day", "soon") -> due windows, with rationale.

A user overrides any of them with a file of the same shape, named in ``config.json``
(``{"lexicons": {"probabilities": "my.csv"}}``) or passed to :func:`load`; rows with the same key
replace the built-in ones, new rows are added. Every claim stores the :attr:`Lexicons.version` that
analysed it, a hash of the effective tables, so a change never rewrites history silently.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from claims.errors import ClaimsError

DATA = Path(__file__).parent / "data"
KINDS = ("probabilities", "hedges", "timeframes")


@dataclass(frozen=True)
class Probability:
    term: str
    probability: float
    low: float
    high: float
    source: str


@dataclass(frozen=True)
class HedgeCue:
    cue: str
    category: str
    term: str | None
    negated_term: str | None
    source: str


@dataclass(frozen=True)
class Horizon:
    phrase: str
    days: int | None  # length of the due window; None: open-ended
    review_days: int | None  # for open-ended horizons: when to look again
    imminence: str
    timeml: str
    rationale: str


@dataclass(frozen=True)
class Lexicons:
    probabilities: dict[str, Probability]
    hedges: dict[str, HedgeCue]
    horizons: dict[str, Horizon]
    version: str

    def probability(self, term: str | None) -> Probability | None:
        return self.probabilities.get(term) if term else None


def _read_csv(text: str, name: str, required: tuple[str, ...]) -> list[dict[str, str]]:
    try:
        rows = csv.DictReader(io.StringIO(text))
        header = [h.strip() for h in rows.fieldnames or []]
        missing = [c for c in required if c not in header]
        if missing:
            raise ClaimsError(f"lexicon {name}: needs the columns {', '.join(required)} (missing {', '.join(missing)})")
        return [{k.strip(): (v or "").strip() for k, v in row.items() if k} for row in rows]
    except csv.Error as exc:
        raise ClaimsError(f"lexicon {name}: malformed CSV ({exc})") from None


def _probabilities(text: str, name: str) -> dict[str, Probability]:
    out = {}
    for i, row in enumerate(_read_csv(text, name, ("term", "probability", "low", "high")), 2):
        try:
            p, lo, hi = float(row["probability"]), float(row["low"]), float(row["high"])
        except (KeyError, ValueError):
            raise ClaimsError(f"lexicon {name} line {i}: needs term, probability, low, high (0..1)") from None
        if not (0 <= lo <= p <= hi <= 1):
            raise ClaimsError(f"lexicon {name} line {i}: need 0 <= low <= probability <= high <= 1")
        term = row["term"].lower()
        out[term] = Probability(term, p, lo, hi, row.get("source", ""))
    return out


def _hedges(text: str, name: str) -> dict[str, HedgeCue]:
    out = {}
    for i, row in enumerate(_read_csv(text, name, ("cue", "category")), 2):
        cue = row.get("cue", "").lower().replace("\u2019", "'")
        if not cue or not row.get("category"):
            raise ClaimsError(f"lexicon {name} line {i}: needs cue and category")
        out[cue] = HedgeCue(cue, row["category"], row.get("term") or None, row.get("negated_term") or None,
                            row.get("source", ""))
    return out


def _horizons(text: str, name: str) -> dict[str, Horizon]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:  # RecursionError: nested too deeply ([[[[...)
        raise ClaimsError(f"lexicon {name}: not valid JSON ({exc})") from None
    out = {}
    for entry in data.get("horizons", []):
        try:
            for phrase in entry["phrases"]:
                out[phrase.lower()] = Horizon(phrase.lower(), entry.get("days"), entry.get("review_days"),
                                              entry.get("imminence", ""), entry.get("timeml", "FUTURE_REF"),
                                              entry.get("rationale", ""))
        except (KeyError, TypeError):
            raise ClaimsError(f"lexicon {name}: each horizon needs 'phrases'") from None
    return out


_PARSERS = {"probabilities": (_probabilities, "probabilities.csv"), "hedges": (_hedges, "hedges.csv"),
            "timeframes": (_horizons, "timeframes.json")}


def load(overrides: dict[str, str] | None = None) -> Lexicons:
    """The effective lexicons: built-in tables, then the config's overrides, then ``overrides``."""
    from claims.config import user_config

    merged = dict(user_config().get("lexicons") or {})
    merged.update(overrides or {})
    unknown = set(merged) - set(KINDS)
    if unknown:
        raise ClaimsError(f"unknown lexicon {sorted(unknown)[0]!r}; choose from {', '.join(KINDS)}")
    return _load(tuple(sorted((k, str(v)) for k, v in merged.items())))


@lru_cache(maxsize=8)
def _load(overrides: tuple[tuple[str, str], ...]) -> Lexicons:
    tables: dict[str, Any] = {}
    digest = hashlib.sha256()
    paths = dict(overrides)
    for kind, (parse, filename) in _PARSERS.items():
        text = (DATA / filename).read_text(encoding="utf-8")
        table = parse(text, filename)
        digest.update(text.encode())
        if kind in paths:
            path = Path(paths[kind]).expanduser()
            try:
                extra = path.read_text(encoding="utf-8-sig")
            except OSError as exc:
                raise ClaimsError(f"cannot read lexicon {path}: {exc.strerror or exc}") from None
            except UnicodeDecodeError as exc:
                raise ClaimsError(f"lexicon {path}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at "
                                  f"offset {exc.start}); save it as UTF-8") from None
            table = {**table, **parse(extra, str(path))}
            digest.update(extra.encode())
        tables[kind] = table
    version = "lex-" + digest.hexdigest()[:12]
    return Lexicons(tables["probabilities"], tables["hedges"], tables["timeframes"], version)
