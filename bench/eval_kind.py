"""Kind (prediction or promise against statement) on TimeBank and AQUAINT sentences.

Gold, from the annotation as it is: a sentence is forward-looking when it holds an event instance
(``MAKEINSTANCE``) with ``tense="FUTURE"`` or a ``modality`` (would, could, may, ...) that does not lie
before the document date: not perfective ("would have gone"), and not TLINKed to the document creation
time as BEFORE, IBEFORE, ENDS, ENDED_BY, IS_INCLUDED, INCLUDES, DURING, SIMULTANEOUS or IDENTITY.
Predicted: ``claims.language.analysis.analyze`` gives the sentence (with the document date as its date)
the kind ``prediction`` or ``promise``.

The documents are split once, by a hash of their names: ``dev`` (two thirds of TimeBank, the part the
rules were developed on; its disagreements are printed) and ``held`` (the other third of TimeBank and all
of AQUAINT, never inspected while developing: only its figures are printed).

    python bench/eval_kind.py [--split dev|held|all] [--show N] [path/to/timebank-aquaint]
"""

from __future__ import annotations

import argparse
import html
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from claims.language import analysis, lexicon

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


def split_of(path: Path) -> str:
    if path.parent.name == "aquaint":
        return "held"
    return "held" if zlib.crc32(path.name.encode()) % 3 == 0 else "dev"


def _forward_events(doc: str) -> set[str]:
    """Event ids whose instance is future or modal and not placed before the document date."""
    links: dict[str, str] = {}
    for attrs in re.findall(r"<TLINK([^>]*)/?>", doc):
        a = dict(_ATTR.findall(attrs))
        if a.get("relatedToTime") == "t0" and "eventInstanceID" in a:
            links[a["eventInstanceID"]] = a.get("relType", "")
    out = set()
    for attrs in re.findall(r"<MAKEINSTANCE([^>]*)/?>", doc):
        a = dict(_ATTR.findall(attrs))
        modal = a.get("modality", "").strip().lower() not in NO_MODALITY
        if not (a.get("tense") == "FUTURE" or modal):
            continue
        perfect = a.get("aspect", "NONE") in ("PERFECTIVE", "PERFECTIVE_PROGRESSIVE") and a.get("tense") != "FUTURE"
        if perfect or links.get(a["eiid"]) in NOT_AFTER:
            continue
        out.add(a["eventID"])
    return out


def sentences(path: Path) -> Iterator[Sentence]:
    doc = path.read_text(encoding="utf-8")
    value = re.search(r'<TIMEX3[^>]*value="(\d{4}-\d{2}-\d{2})[^"]*"[^>]*functionInDocument="CREATION_TIME"', doc)
    if not value:
        return
    dct = date.fromisoformat(value.group(1))
    body = re.search(r"<TEXT>(.*?)</TEXT>", doc, re.S)
    if body is None:
        return
    forward = _forward_events(doc)
    text_parts: list[str] = []
    marks: list[int] = []  # character positions of forward-looking events in the plain text
    pos = 0
    raw = body.group(1)
    for m in _TAG.finditer(raw):
        chunk = html.unescape(raw[pos:m.start()])
        text_parts.append(chunk)
        pos = m.end()
        if m.group(1) == "" and m.group(2) == "EVENT":
            eid = dict(_ATTR.findall(m.group(3))).get("eid")
            if eid in forward:
                marks.append(sum(len(p) for p in text_parts))
    text_parts.append(html.unescape(raw[pos:]))
    plain = "".join(text_parts)
    start = 0
    bounds = [(mm.start(), mm.end()) for mm in _SENTENCE_END.finditer(plain)
              if not _NOT_END.search(plain[max(0, mm.start() - 6):mm.start()])] + [(len(plain), len(plain))]
    for end, nxt in bounds:
        s = plain[start:end]
        if s.strip() and len(s.split()) >= 3:
            gold = any(start <= p < end for p in marks)
            yield Sentence(path.name, dct, " ".join(s.replace("``", "\u201c").replace("''", "\u201d").split()), gold)
        start = nxt


def score(items: list[tuple[Sentence, bool]]) -> tuple[float, float, float, int, int, int]:
    tp = sum(1 for s, p in items if p and s.gold)
    fp = sum(1 for s, p in items if p and not s.gold)
    fn = sum(1 for s, p in items if not p and s.gold)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1, tp, fp, fn


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("root", nargs="?", default=str(DEFAULT))
    ap.add_argument("--split", choices=("dev", "held", "all"), default="all")
    ap.add_argument("--show", type=int, default=0, help="print this many disagreements (dev split only)")
    args = ap.parse_args()
    root = Path(args.root)
    if not root.exists():
        raise SystemExit(f"not found: {root} (the shared data is read in place)")
    lex = lexicon.load()
    by_split: dict[str, list[tuple[Sentence, bool]]] = {"dev": [], "held": []}
    for path in sorted(root.glob("*/*.tml")):
        split = split_of(path)
        if args.split not in ("all", split):
            continue
        for s in sentences(path):
            kind = analysis.analyze(s.text, published_on=s.dct, lex=lex)["kind"]
            by_split[split].append((s, kind in ("prediction", "promise")))
    print("| split | sentences | forward (gold) | precision | recall | F1 |")
    print("|---|---|---|---|---|---|")
    for name in ("dev", "held"):
        items = by_split[name]
        if not items:
            continue
        p, r, f, tp, fp, fn = score(items)
        print(f"| {name} | {len(items)} | {tp + fn} | {p:.3f} | {r:.3f} | {f:.3f} |")
    allitems = by_split["dev"] + by_split["held"]
    p, r, f, tp, fp, fn = score(allitems)
    print(f"| all | {len(allitems)} | {tp + fn} | {p:.3f} | {r:.3f} | {f:.3f} |")
    if args.show:
        wrong = [(s, pred) for s, pred in by_split["dev"] if pred != s.gold]
        for s, pred in wrong[:args.show]:
            print(f"{'FP' if pred else 'FN'} {s.doc}: {s.text[:220]}")


if __name__ == "__main__":
    main()
