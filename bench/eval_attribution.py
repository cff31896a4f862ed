"""Quotations and speakers on PolNeAR's development split (84 US news articles, brat standoff), or on any
split given (``polnear-train`` for the figures measured while tuning).

Gold: every attribution whose Content contains a quotation mark (fully or partly quoted). A quotation
claims finds counts when its span overlaps a gold content; precision is over claims' quotations: every
full quotation and every fragment it attributes (an unattributed fragment is a scare quote, and a title in
quotation marks is a title; claims reports neither as anyone's words). A found quotation with no speaker
counts as a wrong speaker. The speaker
is right when it shares a word with the gold Source, or, for a pronoun Source, with the nearest preceding
non-pronoun Source in the article's annotation (the person the pronoun refers to: for "he"/"she" the
nearest one with a name in it, not "the party's rules"; for a relative pronoun, "who", the name just
before it). One annotation file
per article (the first by name) where two annotators did the same article.

Quotations marked NYT-style, with two apostrophes (''like this''), count like any other. The confidence
table prints, per band of ``confidence``, how many scored quotations fell in it and what share had the
right speaker (the calibration check; ``bench/train_confidence.py`` fits the table on the training split
and prints the same table cross-validated over its articles).

    python bench/eval_attribution.py [path/to/polnear-dev]
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from pathlib import Path

from claims.reading.attribution import attribute
from claims.reading.confidence import key, score
from claims.reading.quotations import find_quotations

HERE = Path(__file__).resolve().parent

DEFAULT = HERE.parent.parent / "shared" / "data" / "quote-attribution" / "polnear-dev"
PRONOUNS = {"he", "she", "they", "i", "we", "it", "him", "her", "them", "you"}
RELATIVE = {"who", "which", "that", "whom"}
PERSONAL = {"he", "she", "him", "her"}
NAMED = re.compile(r"(?<!^)\b[A-Z][a-z]+|^(?!(?:The|A|An|This|That|These|Those|His|Her|Their|One|Another|Some|Few|"
                   r"Many|Most|Several)\b)[A-Z][a-z]+")
ANTECEDENT = re.compile(r"((?:[A-Z][\w.\u2019'-]+\s+){0,4}[A-Z][\w\u2019'-]+)[^A-Z]{0,80}$")
QUOTE = re.compile("[\u201c\u201d\"]|''")
STOP = {"the", "a", "an", "of", "and", "mr", "ms", "mrs", "dr", "s", "said", "his", "her", "their"}


def load(root: Path):
    seen = set()
    for ann in sorted((root / "attributions").glob("*.ann")):
        base = re.sub(r"_[0-9a-f]{4}$", "", ann.stem)
        if base in seen:
            continue
        seen.add(base)
        text = (root / "text" / f"{base}.txt").read_text(encoding="utf-8")
        spans, gold = {}, []
        lines = ann.read_text(encoding="utf-8").splitlines()
        for line in lines:
            parts = line.split("\t")
            if parts[0].startswith("T") and len(parts) >= 2:
                kind, _, offsets = parts[1].partition(" ")
                segs = [tuple(map(int, seg.split())) for seg in offsets.split(";")]
                spans[parts[0]] = (kind, segs)
        sources = sorted((segs[0][0], text[segs[0][0]:segs[-1][1]]) for kind, segs in spans.values()
                         if kind == "Source")
        for line in lines:
            parts = line.split("\t")
            if not parts[0].startswith("E"):
                continue
            roles = dict(x.split(":", 1) for x in parts[1].split())
            content = roles.get("Content")
            if not content or content not in spans:
                continue
            segs = spans[content][1]
            if not QUOTE.search("".join(text[a:b] for a, b in segs)):
                continue
            source = strict = None
            if roles.get("Source") in spans:
                s_segs = spans[roles["Source"]][1]
                source = text[s_segs[0][0]:s_segs[-1][1]]
                if source.lower() in RELATIVE:  # "McConnell, now the majority leader, who said": the antecedent
                    m = ANTECEDENT.search(text[max(0, s_segs[0][0] - 160):s_segs[0][0]])
                    source = m.group(1) if m else source
                elif source.lower() in PRONOUNS:
                    before = [s for pos, s in sources if pos < s_segs[0][0] and s.lower() not in PRONOUNS | RELATIVE]
                    strict = before[-1] if before else source
                    if source.lower() in PERSONAL:  # "he"/"she" refer to a person: a source with a name in it
                        before = [s for s in before if NAMED.search(s)]
                    source = before[-1] if before else source
            gold.append((segs[0][0], segs[-1][1], source, strict or source))
        yield base, text, gold


def tokens(name: str | None) -> set[str]:
    return {t for t in re.findall(r"[a-z]+", (name or "").lower()) if t not in STOP and len(t) > 1}


BANDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


def evaluate(articles: list, model: dict | None = None) -> dict:
    """Counts over ``articles`` and one row per scored quotation: (confidence key, right?, confidence)."""
    c = Counter()
    wrong: Counter = Counter()
    rows: list[tuple[tuple[str, str], bool, float]] = []
    for _base, text, gold in articles:
        paras, quotes = find_quotations(text)
        # Our quotations: every full quotation, and the fragments we attribute (an unattributed fragment is
        # a scare quote, which claims does not report as anyone's words). Titles in quotes are excluded.
        predicted = [a for a in attribute(text, paras, quotes) if a.speaker or not a.fragment]
        c["found"] += len(predicted)
        c["gold"] += len(gold)
        c["matched"] += sum(1 for a in predicted if any(a.start < e and s < a.end for s, e, _, _ in gold))
        for s, e, source, strict in gold:
            hits = [a for a in predicted if a.start < e and s < a.end]
            if not hits:
                continue
            c["hit"] += 1
            if source is None:
                continue
            a = hits[0]
            c["scored"] += 1
            c["strict"] += bool(a.speaker and tokens(a.speaker) & tokens(strict))
            right = bool(a.speaker and tokens(a.speaker) & tokens(source))
            c["right"] += right
            if not right:
                wrong[(a.speaker, source)] += 1
            conf = score(a, model) if model is not None else a.confidence
            rows.append((key(a), right, conf))
    return {"counts": c, "wrong": wrong, "rows": rows}


def bands(rows: list[tuple[tuple[str, str], bool, float]]) -> list[tuple[float, float, int, float | None, float]]:
    """(low, high, n, measured precision, mean confidence) per confidence band."""
    out = []
    for lo, hi in zip(BANDS, BANDS[1:], strict=False):
        inside = [(r, p) for _k, r, p in rows if lo <= p < hi]
        n = len(inside)
        out.append((lo, min(hi, 1.0), n, sum(r for r, _p in inside) / n if n else None,
                    sum(p for _r, p in inside) / n if n else 0.0))
    return out


def print_bands(rows: list, title: str) -> None:
    print(f"confidence bands ({title}): band, quotations, measured precision, mean confidence")
    for lo, hi, n, prec, mean in bands(rows):
        shown = f"{prec:.3f}" if prec is not None else "-"
        print(f"  {lo:.1f}-{hi:.1f}  {n:5d}  {shown:>6}  {mean:.3f}")
    ece = sum(n * abs(prec - mean) for _lo, _hi, n, prec, mean in bands(rows) if n) / max(1, len(rows))
    print(f"  expected calibration error {ece:.3f} over {len(rows)} quotations")


def report(name: str, result: dict, elapsed: float | None = None) -> None:
    c = result["counts"]
    p, r = c["matched"] / c["found"], c["hit"] / c["gold"]
    print(f"{name}: {c['gold']} quoted attributions (fully or partly quoted, NYT-style '' marks included)")
    print(f"quotations: precision {p:.3f}  recall {r:.3f}  F1 {2 * p * r / (p + r):.3f}  (target F1 >= 0.93)")
    print(f"speaker accuracy on found quotations: {c['right'] / c['scored']:.3f} "
          f"({c['right']}/{c['scored']}; target >= 0.92)")
    print(f"  (strict reading, a pronoun's referent being the nearest preceding source of any kind: "
          f"{c['strict'] / c['scored']:.3f})")
    if elapsed:
        print(f"extraction speed: {len(result.get('articles', [])) / elapsed:,.0f} articles/s")


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    root = Path(args[0]) if args else DEFAULT
    if not root.exists():
        raise SystemExit(f"not found: {root} (the shared data is read in place)")
    articles = list(load(root))
    start = time.perf_counter()
    result = evaluate(articles)
    result["articles"] = articles
    elapsed = time.perf_counter() - start
    report(f"PolNeAR {root.name}: {len(articles)} articles", result, elapsed)
    print_bands(result["rows"], "the shipped table, fitted on polnear-train")
    print("commonest speaker disagreements (claims, gold):")
    for (ours, theirs), n in result["wrong"].most_common(12):
        print(f"  {n} x {ours!r} vs {theirs!r}")


if __name__ == "__main__":
    main()
