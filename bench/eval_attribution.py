"""Quotations and speakers on PolNeAR's development split (84 US news articles, brat standoff).

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

    python bench/eval_attribution.py [path/to/polnear-dev]
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from claims.reading.articles import Article  # noqa: E402
from claims.reading.attribution import attribute  # noqa: E402
from claims.reading.quotations import find_quotations  # noqa: E402

DEFAULT = HERE.parent.parent / "shared" / "data" / "quote-attribution" / "polnear-dev"
PRONOUNS = {"he", "she", "they", "i", "we", "it", "him", "her", "them", "you"}
RELATIVE = {"who", "which", "that", "whom"}
PERSONAL = {"he", "she", "him", "her"}
NAMED = re.compile(r"(?<!^)\b[A-Z][a-z]+|^(?!(?:The|A|An|This|That|These|Those|His|Her|Their|One|Another|Some|Few|"
                   r"Many|Most|Several)\b)[A-Z][a-z]+")
ANTECEDENT = re.compile(r"((?:[A-Z][\w.\u2019'-]+\s+){0,4}[A-Z][\w\u2019'-]+)[^A-Z]{0,80}$")
QUOTE = re.compile("[\u201c\u201d\"]")
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


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not root.exists():
        raise SystemExit(f"not found: {root} (the shared data is read in place)")
    found = matched_pred = gold_total = gold_hit = speaker_right = speaker_total = strict_right = 0
    wrong: Counter = Counter()
    articles = list(load(root))
    start = time.perf_counter()
    for _base, text, gold in articles:
        article = Article("x", text, published_on=date(2016, 11, 1))
        paras, quotes = find_quotations(article.text)
        # Our quotations: every full quotation, and the fragments we attribute (an unattributed fragment is
        # a scare quote, which claims does not report as anyone's words). Titles in quotes are excluded.
        predicted = [a for a in attribute(article.text, paras, quotes) if a.speaker or not a.fragment]
        found += len(predicted)
        gold_total += len(gold)
        for a in predicted:
            if any(a.start < e and s < a.end for s, e, _, _ in gold):
                matched_pred += 1
        for s, e, source, strict in gold:
            hits = [a for a in predicted if a.start < e and s < a.end]
            if not hits:
                continue
            gold_hit += 1
            if source is None:
                continue
            speaker_total += 1
            if hits[0].speaker and tokens(hits[0].speaker) & tokens(strict):
                strict_right += 1
            if hits[0].speaker and tokens(hits[0].speaker) & tokens(source):
                speaker_right += 1
            else:
                wrong[(hits[0].speaker, source)] += 1
    elapsed = time.perf_counter() - start
    p, r = matched_pred / found, gold_hit / gold_total
    print(f"PolNeAR dev: {len(articles)} articles, {gold_total} quoted attributions (fully or partly quoted)")
    print(f"quotations: precision {p:.3f}  recall {r:.3f}  F1 {2 * p * r / (p + r):.3f}  (target F1 >= 0.90)")
    print(f"speaker accuracy on found quotations: {speaker_right / speaker_total:.3f} "
          f"({speaker_right}/{speaker_total}; target >= 0.88)")
    print(f"  (strict reading, a pronoun's referent being the nearest preceding source of any kind: "
          f"{strict_right / speaker_total:.3f})")
    print(f"extraction speed: {len(articles) / elapsed:,.0f} articles/s")
    print("commonest speaker disagreements (claims, gold):")
    for (ours, theirs), n in wrong.most_common(12):
        print(f"  {n} x {ours!r} vs {theirs!r}")


if __name__ == "__main__":
    main()
