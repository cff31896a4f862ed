"""Kind (prediction or promise against statement) on TimeBank and AQUAINT sentences.

Gold, from the annotation as it is: a sentence is forward-looking when it holds an event instance
(``MAKEINSTANCE``) with ``tense="FUTURE"`` or a ``modality`` (would, could, may, ...) that does not lie
before the document date: not perfective ("would have gone"), and not TLINKed to the document creation
time as BEFORE, IBEFORE, ENDS, ENDED_BY, IS_INCLUDED, INCLUDES, DURING, SIMULTANEOUS or IDENTITY.
Predicted: ``claims.language.analysis.analyze`` gives the sentence (with the document date as its date)
the kind ``prediction`` or ``promise``.

The documents are split once, by a hash of their names: ``train`` (two thirds of TimeBank, the part the
rules were developed on; its disagreements are printed with ``--show``) and ``held`` (the other third of
TimeBank and all of AQUAINT, never inspected while developing: only its figures are printed).

Beside the figures: the train part in five folds of documents (the rules are hand-written on the whole
train part and fixed, so the folds show how much the figure moves from one set of documents to another,
not a re-tuned estimate: the held part is the out-of-sample figure), a 95% interval for each part from
resampling its documents, and the disagreements counted by cause, the causes judged to be the
annotation's or the definition's listed apart (counted, never dropped from the figures).

    python bench/eval_kind.py [--split train|held|all] [--show N] [--conventions] [path/to/timebank-aquaint]
"""

from __future__ import annotations

import argparse
import html
import random
import re
import statistics
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from claims.language import analysis, classify, lexicon

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "time-expressions" / "timebank-aquaint"
NOT_AFTER = {"BEFORE", "IBEFORE", "ENDS", "ENDED_BY", "IS_INCLUDED", "INCLUDES", "DURING", "SIMULTANEOUS",
             "IDENTITY"}
NO_MODALITY = {"", "none", "delete", "to", "until", "close"}
_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
# A sentence ends at . ? or ! before a capital, except after an initial or a usual abbreviation.
_ABBREV = ("Mr", "Mrs", "Ms", "Dr", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Sgt", "Capt", "Adm", "St", "Jr", "Sr",
           "Inc", "Corp", "Co", "Ltd", "Bros", "No", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept",
           "Oct", "Nov", "Dec", "Ft", "Mt", "U.S", "U.N", "U.K", "vs", "Calif", "Ill", "Tenn", "Ga", "Ky", "Fla",
           "Mass",
           "Conn", "Pa", "Va", "Wash", "Mich", "Tex", "Ariz", "Colo", "La", "Md", "Minn", "Mo", "Neb", "Nev", "Okla",
           "Ore", "Wis")
_SENTENCE_END = re.compile(r"(?<=[.?!])(?:''|\")?\s+(?=(?:``|\")?[A-Z0-9])|\n\s*\n")
_NOT_END = re.compile(r"(?:\b[A-Z]|\b(?:" + "|".join(re.escape(a) for a in _ABBREV) + r"))\.$")


@dataclass
class Sentence:
    doc: str
    dct: date
    text: str
    gold: bool
    events: int = 0  # annotated events in the sentence (0: a sentence the annotators left out)
    placed: int = 0  # future or modal events the annotation places at or before the document date


def split_of(path: Path) -> str:
    if path.parent.name == "aquaint":
        return "held"
    return "held" if zlib.crc32(path.name.encode()) % 3 == 0 else "train"


def fold_of(doc: str, folds: int = 5) -> int:
    """The fold of a train document (the split took the hash modulo 3; the folds take the rest)."""
    return zlib.crc32(doc.encode()) // 3 % folds


def _forward_events(doc: str) -> tuple[set[str], set[str]]:
    """Event ids whose instance is future or modal and not placed before the document date, and those of
    future or modal instances that are (perfective, or TLINKed to the document time as not after it)."""
    links: dict[str, str] = {}
    for attrs in re.findall(r"<TLINK([^>]*)/?>", doc):
        a = dict(_ATTR.findall(attrs))
        if a.get("relatedToTime") == "t0" and "eventInstanceID" in a:
            links[a["eventInstanceID"]] = a.get("relType", "")
    out, placed = set(), set()
    for attrs in re.findall(r"<MAKEINSTANCE([^>]*)/?>", doc):
        a = dict(_ATTR.findall(attrs))
        modal = a.get("modality", "").strip().lower() not in NO_MODALITY
        if not (a.get("tense") == "FUTURE" or modal):
            continue
        perfect = a.get("aspect", "NONE") in ("PERFECTIVE", "PERFECTIVE_PROGRESSIVE") and a.get("tense") != "FUTURE"
        (placed if perfect or links.get(a["eiid"]) in NOT_AFTER else out).add(a["eventID"])
    return out, placed - out


def sentences(path: Path) -> Iterator[Sentence]:
    doc = path.read_text(encoding="utf-8")
    value = re.search(r'<TIMEX3[^>]*value="(\d{4}-\d{2}-\d{2})[^"]*"[^>]*functionInDocument="CREATION_TIME"', doc)
    if not value:
        return
    dct = date.fromisoformat(value.group(1))
    body = re.search(r"<TEXT>(.*?)</TEXT>", doc, re.S)
    if body is None:
        return
    forward, placed = _forward_events(doc)
    text_parts: list[str] = []
    marks: list[int] = []  # character positions of forward-looking events in the plain text
    every: list[int] = []  # character positions of all events
    before: list[int] = []  # character positions of future or modal events placed at or before the document date
    pos = 0
    raw = body.group(1)
    for m in _TAG.finditer(raw):
        chunk = html.unescape(raw[pos:m.start()])
        text_parts.append(chunk)
        pos = m.end()
        if m.group(1) == "" and m.group(2) == "EVENT":
            eid = dict(_ATTR.findall(m.group(3))).get("eid")
            at = sum(len(p) for p in text_parts)
            every.append(at)
            if eid in forward:
                marks.append(at)
            elif eid in placed:
                before.append(at)
    text_parts.append(html.unescape(raw[pos:]))
    plain = "".join(text_parts)
    start = 0
    bounds = [(mm.start(), mm.end()) for mm in _SENTENCE_END.finditer(plain)
              if not _NOT_END.search(plain[max(0, mm.start() - 6):mm.start()])] + [(len(plain), len(plain))]
    for end, nxt in bounds:
        s = plain[start:end]
        if s.strip() and len(s.split()) >= 3:
            gold = any(start <= p < end for p in marks)
            events = sum(1 for p in every if start <= p < end)
            earlier = sum(1 for p in before if start <= p < end)
            yield Sentence(path.name, dct, " ".join(s.replace("``", "\u201c").replace("''", "\u201d").split()), gold,
                           events, earlier)
        start = nxt


def score(items: list[tuple[Sentence, bool]]) -> tuple[float, float, float, int, int, int]:
    tp = sum(1 for s, p in items if p and s.gold)
    fp = sum(1 for s, p in items if p and not s.gold)
    fn = sum(1 for s, p in items if not p and s.gold)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1, tp, fp, fn


_DEONTIC = re.compile(r"(?<![\w'])(?:can|cannot|can't|must|mustn't|have\s+to|has\s+to|had\s+to)(?![\w'])", re.I)
CAUSES = (
    ("FP", "no annotated event in the sentence (left out by the annotators)", True),
    ("FP", "expectation or likelihood with an infinitive only ('expects to report', 'is likely to'): TimeML gives "
           "the infinitive no tense; claims calls it a prediction (issue 11)", True),
    ("FP", "a future or modal event the annotation places at or before the document date (perfective, or "
           "TLINKed to it as BEFORE, INCLUDES, ...): the protocol's exclusion", False),
    ("FP", "other", False),
    ("FN", "reported refusal ('wouldn't comment'): modal in TimeML, a statement in claims by design", True),
    ("FN", "question: modal in TimeML, a statement in claims by design", True),
    ("FN", "can / must / have to with no time frame (ability, permission, obligation)", True),
    ("FN", "other", False),
)


def cause(s: Sentence, predicted: bool, lex: lexicon.Lexicons) -> int:
    """The index in CAUSES of a disagreement."""
    families = set(classify.marker_families(s.text, lex))
    if predicted:
        if s.events == 0:
            return 0
        if families and families <= {"expect", "likely"}:
            return 1
        return 2 if s.placed else 3
    if "refusal" in families:
        return 4
    if s.text.rstrip(" \u201d\"'").endswith("?"):
        return 5
    return 6 if not families and _DEONTIC.search(s.text) else 7


def interval(items: list[tuple[Sentence, bool]], rounds: int = 1000, seed: int = 11) -> tuple[float, float]:
    """95% interval of F1, resampling documents with replacement."""
    docs: dict[str, list[tuple[Sentence, bool]]] = {}
    for it in items:
        docs.setdefault(it[0].doc, []).append(it)
    names = sorted(docs)
    rng = random.Random(seed)
    got = sorted(score([it for _ in names for it in docs[rng.choice(names)]])[2] for _ in range(rounds))
    return got[int(0.025 * rounds)], got[int(0.975 * rounds) - 1]


def report(by_split: dict[str, list[tuple[Sentence, bool]]], lex: lexicon.Lexicons) -> None:
    print("| split | sentences | forward (gold) | precision | recall | F1 | 95% interval (documents resampled) |")
    print("|---|---|---|---|---|---|---|")
    for name in ("train", "held"):
        items = by_split[name]
        if items:
            p, r, f, tp, fp, fn = score(items)
            lo, hi = interval(items)
            print(f"| {name} | {len(items)} | {tp + fn} | {p:.3f} | {r:.3f} | {f:.3f} | {lo:.3f}-{hi:.3f} |")
    allitems = by_split["train"] + by_split["held"]
    p, r, f, tp, fp, fn = score(allitems)
    print(f"| all | {len(allitems)} | {tp + fn} | {p:.3f} | {r:.3f} | {f:.3f} | |")
    if by_split["train"]:
        folds = [score([it for it in by_split["train"] if fold_of(it[0].doc) == k]) for k in range(5)]
        f1s = [f[2] for f in folds]
        print(f"\ntrain in 5 folds of documents (fixed rules): F1 {' '.join(f'{x:.3f}' for x in f1s)}; "
              f"mean {statistics.mean(f1s):.3f}, sd {statistics.stdev(f1s):.3f}")
    print("\n| disagreement | cause | judged the annotation's or the definition's | " +
          " | ".join(n for n in ("train", "held") if by_split[n]) + " |")
    print("|---|---|---|" + "---|" * sum(1 for n in ("train", "held") if by_split[n]))
    counts = {n: [0] * len(CAUSES) for n in by_split}
    for name, items in by_split.items():
        for s, pred in items:
            if pred != s.gold:
                counts[name][cause(s, pred, lex)] += 1
    for k, (side, why, judged) in enumerate(CAUSES):
        cells = " | ".join(str(counts[n][k]) for n in ("train", "held") if by_split[n])
        print(f"| {side} | {why} | {'yes' if judged else 'no'} | {cells} |")


def conventions(items: list[tuple[Sentence, bool]], lex: lexicon.Lexicons, split: str = "train") -> None:
    """What the definitional disagreements cost on one part: F1 if they went the annotation's way (not what
    claims does: issue 11 wants "is expected to announce" a prediction, and "can" alone is no forecast). On the
    held part, figures only."""
    variants: dict[str, list[tuple[Sentence, bool]]] = {"as shipped": [], "expectations only: statements": [],
                                                        "can / must / have to: forward": [], "both": []}
    for s, pred in items:
        families = set(classify.marker_families(s.text, lex))
        expect_only = pred and bool(families) and families <= {"expect", "likely"}
        deontic = not pred and not families and bool(_DEONTIC.search(s.text))
        for name, value in zip(variants, (pred, pred and not expect_only, pred or deontic,
                                          (pred and not expect_only) or deontic), strict=True):
            variants[name].append((s, value))
    print(f"\n| {split}, if the definitional disagreements went the annotation's way | precision | recall | F1 |")
    print("|---|---|---|---|")
    for name, got in variants.items():
        p, r, f, *_ = score(got)
        print(f"| {name} | {p:.3f} | {r:.3f} | {f:.3f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("root", nargs="?", default=str(DEFAULT))
    ap.add_argument("--split", choices=("train", "dev", "held", "all"), default="all",
                    help="dev is the former name of train")
    ap.add_argument("--show", type=int, default=0, help="print this many disagreements (train split only)")
    ap.add_argument("--conventions", action="store_true",
                    help="also print what the definitional disagreements cost on each split (held: figures only)")
    args = ap.parse_args()
    wanted = "train" if args.split == "dev" else args.split
    root = Path(args.root)
    if not root.exists():
        raise SystemExit(f"not found: {root} (the shared data is read in place)")
    lex = lexicon.load()
    by_split: dict[str, list[tuple[Sentence, bool]]] = {"train": [], "held": []}
    for path in sorted(root.glob("*/*.tml")):
        split = split_of(path)
        if wanted not in ("all", split):
            continue
        for s in sentences(path):
            kind = analysis.analyze(s.text, published_on=s.dct, lex=lex)["kind"]
            by_split[split].append((s, kind in ("prediction", "promise")))
    report(by_split, lex)
    if args.conventions:
        for name in ("train", "held"):
            if by_split[name]:
                conventions(by_split[name], lex, name)
    if args.show:
        wrong = [(s, pred) for s, pred in by_split["train"] if pred != s.gold]
        for s, pred in wrong[:args.show]:
            print(f"{'FP' if pred else 'FN'} {s.doc}: {s.text[:220]}")


if __name__ == "__main__":
    main()
