"""What was claimed, and when: said dates, kinds and due windows on fixture stories, and said-date rules on
TimeBank.

1. ``fixtures/claims/*.txt`` are stories written for claims in several outlets' styles; each has a sidecar
   ``*.expected.json`` with the publication date, outlet, title, every claim that must be tracked (a piece of
   its text, speaker, said date, kind, due end or review date, optionally probability) and the statements that
   must not be. Every field of every expected claim is scored.
2. PolNeAR (development split, 84 stories, with their publication dates): how many attributed quotes get a
   said date, where from (the attribution's own phrase or the story's date line), and how far before
   publication; a said date after publication, or a weekday more than six days back, breaks a rule.
3. TimeBank and AQUAINT: every DATE expression right after a reporting event ("said Friday", "told reporters
   yesterday") is read by :func:`claims.language.said.resolve_said` against the document date and compared
   with the annotated value (day or month precision).

    python bench/eval_claims.py
"""

from __future__ import annotations

import html
import json
import re
from datetime import date
from pathlib import Path

from claims.errors import UsageError
from claims.language.said import resolve_said
from claims.reading.articles import read_article
from claims.reading.extract import extract

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "claims"
TIMEML = ROOT.parent / "shared" / "data" / "time-expressions" / "timebank-aquaint"
POLNEAR = ROOT.parent / "shared" / "data" / "quote-attribution" / "polnear-dev"
FIELDS = ("speaker", "said_on", "kind", "due", "probability")


def _due(d: dict) -> str | None:
    tf = d.get("timeframe") or {}
    return tf.get("end") or tf.get("review_on")


def score_fixtures() -> tuple[dict[str, list[int]], list[str]]:
    """{field: [right, total]} over every expected claim, and the disagreements."""
    tally = {f: [0, 0] for f in (*FIELDS, "found", "statements", "outlet", "title")}
    wrong = []
    for sidecar in sorted(FIXTURES.glob("*.expected.json")):
        exp = json.loads(sidecar.read_text(encoding="utf-8"))
        story = sidecar.with_name(sidecar.name.replace(".expected.json", ".txt"))
        article = read_article(str(story), published=date.fromisoformat(exp["published"]))
        found = [f.as_dict() for f in extract(article)]
        for key in ("outlet", "title"):
            tally[key][1] += 1
            if getattr(article, key) == exp[key]:
                tally[key][0] += 1
            else:
                wrong.append(f"{story.name}: {key} {getattr(article, key)!r}, expected {exp[key]!r}")
        for c in exp["claims"]:
            hit = next((d for d in found if c["text"].lower() in d["text"].lower()
                        and d["kind"] in ("prediction", "promise")), None)
            tally["found"][1] += 1
            if hit is None:
                wrong.append(f"{story.name}: not tracked: {c['text']!r}")
                continue
            tally["found"][0] += 1
            got = {"speaker": hit["speaker"], "said_on": hit["said_on"], "kind": hit["kind"], "due": _due(hit),
                   "probability": hit["probability"]}
            want = {**c, "due": c.get("due_end")}
            for f in FIELDS:
                if f == "probability" and "probability" not in c:
                    continue
                tally[f][1] += 1
                if got[f] == want[f]:
                    tally[f][0] += 1
                else:
                    wrong.append(f"{story.name}: {c['text'][:40]!r} {f} {got[f]!r}, expected {want[f]!r}")
        for s in exp["statements"]:
            tally["statements"][1] += 1
            tracked = [d for d in found if s.lower() in d["text"].lower() and d["kind"] in ("prediction", "promise")]
            if tracked:
                wrong.append(f"{story.name}: statement tracked as {tracked[0]['kind']}: {s!r}")
            else:
                tally["statements"][0] += 1
    return tally, wrong


_REPORT_DATE = re.compile(r'<EVENT[^>]*class="REPORTING"[^>]*>[^<]*</EVENT>\s*(?:\w+\s+){0,2}?'
                          r'<TIMEX3[^>]*type="DATE"[^>]*value="([^"]+)"[^>]*>([^<]+)</TIMEX3>')


def score_timebank() -> tuple[int, int, int, list[str]]:
    """(right, read, total, disagreements) of said dates after reporting events."""
    right = read = total = 0
    wrong = []
    for path in sorted(TIMEML.glob("*/*.tml")):
        doc = path.read_text(encoding="utf-8")
        dct = re.search(r'<TIMEX3[^>]*value="(\d{4}-\d{2}-\d{2})[^"]*"[^>]*functionInDocument="CREATION_TIME"', doc)
        if not dct:
            continue
        base = date.fromisoformat(dct.group(1))
        for gold, expr in _REPORT_DATE.findall(doc):
            expr = html.unescape(expr)
            total += 1
            try:
                said, precision = resolve_said(expr, base)
            except UsageError:
                continue
            read += 1
            value = {"day": said.isoformat(), "month": said.strftime("%Y-%m"), "year": str(said.year)}.get(
                precision, said.isoformat())
            if value == gold or precision == "week" and gold.startswith(said.strftime("%Y-W")):
                right += 1
            else:
                wrong.append(f"{path.name}: said {expr!r}: {value}, annotated {gold}")
    return right, read, total, wrong


def score_polnear() -> dict[str, int]:
    """Said-date counts on PolNeAR's development stories (there is no gold said date: the rules are checked)."""
    import csv

    meta = {}
    with (POLNEAR / "metadata.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            meta[row["filename"]] = row["publication_date"]
    out = {"stories": 0, "quotes with a speaker": 0, "dated": 0, "from own attribution": 0, "same day": 0,
           "within a week": 0, "more than 31 days back": 0, "after publication": 0, "weekday over 6 days back": 0}
    for path in sorted((POLNEAR / "text").glob("*.txt")):
        published = meta.get(path.stem)
        if not published:
            continue
        pub = date.fromisoformat(published)
        article = read_article(str(path), published=pub)
        out["stories"] += 1
        for f in extract(article, analyse=False):
            if not f.item.speaker:
                continue
            out["quotes with a speaker"] += 1
            if f.said_on is None:
                continue
            back = (pub - f.said_on).days
            out["dated"] += 1
            out["from own attribution"] += bool(f.item.said_phrase)
            out["same day"] += back == 0
            out["within a week"] += 0 <= back <= 7
            out["more than 31 days back"] += back > 31
            out["after publication"] += back < 0
            phrase = (f.item.said_phrase or "").lower()
            weekday = any(d in phrase for d in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                                "sunday"))
            out["weekday over 6 days back"] += weekday and "last" not in phrase and back > 6
    return out


def main() -> None:
    tally, wrong = score_fixtures()
    print("| fixture stories | right | of |")
    print("|---|---|---|")
    for key, (r, n) in tally.items():
        print(f"| {key} | {r} | {n} |")
    for w in wrong:
        print("  ", w)
    if POLNEAR.exists():
        print("\n| PolNeAR dev said dates | count |\n|---|---|")
        for key, n in score_polnear().items():
            print(f"| {key} | {n:,} |")
    if TIMEML.exists():
        right, read, total, bad = score_timebank()
        print(f"\nTimeBank + AQUAINT said dates after a reporting event: {total}; read {read}; "
              f"right {right} ({right / max(read, 1):.3f} of those read)")
        for w in bad[:10]:
            print("  ", w)


if __name__ == "__main__":
    main()
