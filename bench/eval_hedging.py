"""Hedging on the Szeged Uncertainty Corpus, news part (3,129 sentences with gold hedge cues).

Sentence level: a sentence is uncertain when it has a gold <ccue>; claims calls it uncertain when it finds
a hedge (any cue but an un-negated booster). Prints precision, recall and F1 of the uncertain class, and
cue precision / recall (a found hedge counts when its span overlaps a gold cue).

    python bench/eval_hedging.py [path/to/factbank.xml]
"""

from __future__ import annotations

import html
import re
import sys
import time
from collections import Counter
from pathlib import Path

from claims.language import hedging, lexicon

HERE = Path(__file__).resolve().parent


DEFAULT = HERE.parent.parent / "shared" / "data" / "hedging" / "szeged-factbank" / "factbank.xml"
SENTENCE = re.compile(r"<Sentence id=\"[^\"]*\">(.*?)</Sentence>", re.S)
TAG = re.compile(r"<ccue[^>]*>|</ccue>|<[^>]+>")


def sentences(path: Path):
    """(plain text, [(start, end) of gold cues]) per sentence."""
    for raw in SENTENCE.findall(path.read_text(encoding="utf-8")):
        text, spans, stack, pos = [], [], [], 0
        for piece in re.split(r"(<[^>]+>)", raw):
            if piece.startswith("<ccue"):
                stack.append(pos)
            elif piece == "</ccue>":
                spans.append((stack.pop(), pos))
            elif piece.startswith("<"):
                continue
            else:
                piece = html.unescape(piece)
                text.append(piece)
                pos += len(piece)
        yield "".join(text), spans


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.exists():
        raise SystemExit(f"not found: {path} (the shared data is read in place)")
    lex = lexicon.load()
    tp = fp = fn = tn = 0
    cue_found = cue_right = gold_total = gold_hit = 0
    misses, false_alarms = Counter(), Counter()
    data = list(sentences(path))
    start = time.perf_counter()
    for text, gold in data:
        cues = [c for c in hedging.find_cues(text, lex) if c.is_hedge]
        predicted, actual = bool(cues), bool(gold)
        tp += predicted and actual
        fp += predicted and not actual
        fn += actual and not predicted
        tn += not predicted and not actual
        cue_found += len(cues)
        for c in cues:
            if any(c.start < e and s < c.end for s, e in gold):
                cue_right += 1
            else:
                false_alarms[c.phrase.lower()] += 1
        gold_total += len(gold)
        for s, e in gold:
            if any(c.start < e and s < c.end for c in cues):
                gold_hit += 1
            else:
                misses[text[s:e].lower()] += 1
    elapsed = time.perf_counter() - start
    p, r = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * p * r / (p + r)
    cp, cr = cue_right / cue_found, gold_hit / gold_total
    print(f"Szeged news (FactBank part): {len(data)} sentences, {tp + fn} uncertain, {gold_total} gold cues")
    print(f"sentence level, uncertain class: precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}  (target F1 >= 0.80)")
    print(f"accuracy {(tp + tn) / len(data):.3f}")
    print(f"cue level: precision {cp:.3f}  recall {cr:.3f}  F1 {2 * cp * cr / (cp + cr):.3f}")
    print(f"speed: {len(data) / elapsed:,.0f} sentences/s (cues only)")
    print("most missed gold cues:", ", ".join(f"{k} ({v})" for k, v in misses.most_common(12)))
    print("most frequent false alarms:", ", ".join(f"{k} ({v})" for k, v in false_alarms.most_common(12)))


if __name__ == "__main__":
    main()
