"""The lexicons that drive the analysis, loaded from data files with the user's overrides.

Built-in tables live in ``claims/language/data/`` (each row cites its source; see ``claims/language/data/README.md``):

- ``probabilities.csv``: phrase -> probability with a range (survey medians and IQRs, yardsticks);
- ``hedges.csv``: hedge and booster cues -> category and probability phrase;
- ``timeframes.json``: vague time horizons ("any day", "soon") -> due windows, with rationale;
- ``kinds.json``: the word lists that tell a prediction or promise from a statement (idioms, refusals,
  reporting verbs, past-tense verbs);
- ``calendar.json``: the calendar vocabulary (months, weekdays, seasons, number words, units).
- ``attribution.json``: the word lists of quotation attribution (speech verbs, titles, unnamed-source
  nouns, pronouns, given names by gender, stop words, organisation words, abbreviations, determiners,
  transcript role labels); a user's file of the same shape adds to each list (``"remove": {"list": [...]}``
  takes words out).

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
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from claims.errors import ClaimsError

DATA = Path(__file__).parent / "data"
KINDS = ("probabilities", "hedges", "timeframes", "kinds", "calendar", "attribution")


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
    kinds: dict[str, tuple[str, ...]] = field(default_factory=dict)
    calendar: dict[str, dict[str, Any]] = field(default_factory=dict)
    attribution: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

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
    if not isinstance(data, dict) or not isinstance(data.get("horizons", []), list):
        raise ClaimsError(f"lexicon {name}: needs a JSON object with a list of 'horizons'")
    out = {}
    if isinstance(data.get("no_window"), dict):  # the review date of a claim that names no time ("*")
        nw = data["no_window"]
        out["*"] = Horizon("*", None, nw.get("review_days"), "open", "FUTURE_REF", nw.get("rationale", ""))
    for entry in data.get("horizons", []):
        try:
            for phrase in entry["phrases"]:
                out[phrase.lower()] = Horizon(phrase.lower(), entry.get("days"), entry.get("review_days"),
                                              entry.get("imminence", ""), entry.get("timeml", "FUTURE_REF"),
                                              entry.get("rationale", ""))
        except (KeyError, TypeError):
            raise ClaimsError(f"lexicon {name}: each horizon needs 'phrases'") from None
    return out


def _json(text: str, name: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ClaimsError(f"lexicon {name}: not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ClaimsError(f"lexicon {name}: needs a JSON object")
    return data


def _kinds(text: str, name: str) -> dict[str, tuple[str, ...]]:
    """``{"lists": {"idioms": {"words": [...]}, ...}}``: a list given replaces the built-in one."""
    out = {}
    for key, entry in (_json(text, name).get("lists") or {}).items():
        words = entry.get("words") if isinstance(entry, dict) else entry
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            raise ClaimsError(f"lexicon {name}: list {key!r} needs 'words', a list of phrases")
        out[key] = tuple(" ".join(w.lower().replace("\u2019", "'").split()) for w in words)
    return out


def _calendar(text: str, name: str) -> dict[str, dict[str, Any]]:
    """``{"months": {"january": 1, ...}, "weekdays": ..., "seasons": ..., "numbers": ..., "units": ...}``."""
    out = {}
    for key, table in _json(text, name).items():
        if key in ("about", "source"):
            continue
        if not isinstance(table, dict):
            raise ClaimsError(f"lexicon {name}: {key!r} needs an object of word -> value")
        out[key] = {" ".join(str(k).lower().split()): v for k, v in table.items()}
    return out


def _attribution(text: str, name: str) -> dict[str, Any]:
    data = _json(text, name)
    if not all(isinstance(v, (list, dict, str)) for v in data.values()):
        raise ClaimsError(f"lexicon {name}: needs an object of word lists")
    return data


def _merge_attribution(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """A user's attribution lists add to the built-in ones; ``remove`` takes words out."""
    out: dict[str, Any] = {k: (dict(v) if isinstance(v, dict) else list(v) if isinstance(v, list) else v)
                           for k, v in base.items()}
    for key, value in extra.items():
        if key == "remove" or key == "about":
            continue
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            for sub, words in value.items():
                out[key][sub] = list(out[key].get(sub, [])) + list(words) if isinstance(words, list) else words
        elif isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = out[key] + [v for v in value if v not in out[key]]
        else:
            out[key] = value
    for key, words in (extra.get("remove") or {}).items():
        if isinstance(out.get(key), list):
            out[key] = [v for v in out[key] if v not in set(words)]
    return out


_PARSERS: dict[str, tuple[Callable[[str, str], dict[str, Any]], str]] = {
    "probabilities": (_probabilities, "probabilities.csv"), "hedges": (_hedges, "hedges.csv"),
            "timeframes": (_horizons, "timeframes.json"), "kinds": (_kinds, "kinds.json"),
            "calendar": (_calendar, "calendar.json"), "attribution": (_attribution, "attribution.json")}


def load(overrides: dict[str, str] | None = None) -> Lexicons:
    """The effective lexicons: built-in tables, then the config's overrides, then ``overrides``."""
    from claims.config import user_config

    merged = dict(user_config().get("lexicons") or {})
    merged.update(overrides or {})
    unknown = set(merged) - set(KINDS)
    if unknown:
        raise ClaimsError(f"unknown lexicon {sorted(unknown)[0]!r}; choose from {', '.join(KINDS)}")
    return _load(tuple(sorted((k, str(v)) for k, v in merged.items())))


def read_lexicon_file(path: Path) -> str:
    """A lexicon file's text, or one line naming the file and what is wrong with it."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ClaimsError(f"cannot read lexicon {path}: {exc.strerror or exc}") from None
    if not raw.strip():
        raise ClaimsError(f"lexicon {path} is empty")
    if b"\x00" in raw:
        raise ClaimsError(f"lexicon {path} is a binary file (it holds NUL bytes), not a CSV or JSON lexicon")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ClaimsError(f"lexicon {path} is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
                          "save it as UTF-8") from None


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
            extra = read_lexicon_file(path)
            try:
                table = _merge(kind, table, parse(extra, str(path)))
            except (AttributeError, TypeError, ValueError) as exc:  # a well-formed file of the wrong shape
                raise ClaimsError(f"lexicon {path}: not a {kind} lexicon like {filename} ({exc})") from None
            digest.update(extra.encode())
        tables[kind] = table
    version = "lex-" + digest.hexdigest()[:12]
    return Lexicons(tables["probabilities"], tables["hedges"], tables["timeframes"], version, tables["kinds"],
                    tables["calendar"], tables["attribution"])


def _merge(kind: str, table: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    if kind == "calendar":  # word by word within each vocabulary ("numbers": {"a score": 20})
        return {k: {**table.get(k, {}), **extra.get(k, {})} for k in {*table, *extra}}
    if kind == "attribution":
        return _merge_attribution(table, extra)
    return {**table, **extra}
