"""Dates and time frames on TimeBank and AQUAINT (TempEval-3 TBAQ): every DATE TIMEX3 with its gold value,
resolved against the document creation time.

Prints coverage (the share of gold DATE expressions claims gives a value for) and value accuracy on
those; the target is accuracy >= 0.85 on what the module claims to handle, with coverage stated.

    python bench/eval_time.py [path/to/timebank-aquaint]
"""

from __future__ import annotations

import html
import re
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

from claims.language.timex import normalize

HERE = Path(__file__).resolve().parent


DEFAULT = HERE.parent.parent / "shared" / "data" / "time-expressions" / "timebank-aquaint"
TIMEX = re.compile(r"<TIMEX3([^>]*)>(.*?)</TIMEX3>", re.S)


def expressions(root: Path):
    for path in sorted(root.glob("*/*.tml")):
        text = path.read_text(encoding="utf-8")
        dct = None
        items = []
        for attrs, inner in TIMEX.findall(text):
            a = dict(re.findall(r'(\w+)="([^"]*)"', attrs))
            if a.get("functionInDocument") == "CREATION_TIME":
                dct = date.fromisoformat(a["value"][:10])
                continue
            if a.get("type") == "DATE":
                items.append((html.unescape(re.sub(r"<[^>]+>", "", inner)), a.get("value", "")))
        if dct:
            for expr, value in items:
                yield path.name, dct, expr, value


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not root.exists():
        raise SystemExit(f"not found: {root} (the shared data is read in place)")
    data = list(expressions(root))
    start = time.perf_counter()
    handled = right = 0
    wrong: Counter = Counter()
    for _name, dct, expr, gold in data:
        value = normalize(expr, dct)
        if value is None:
            continue
        handled += 1
        if value == gold:
            right += 1
        else:
            wrong[(expr.lower(), value, gold)] += 1
    elapsed = time.perf_counter() - start
    print(f"TimeBank + AQUAINT: {len(data)} DATE expressions in {len({d[0] for d in data})} documents")
    print(f"coverage: {handled / len(data):.3f} ({handled} handled)")
    print(f"value accuracy on handled: {right / handled:.3f}  (target >= 0.85)")
    print(f"value accuracy over all DATE expressions: {right / len(data):.3f}")
    print(f"speed: {len(data) / elapsed:,.0f} expressions/s")
    print("commonest disagreements (expression, claims, gold):")
    for (expr, value, gold), n in wrong.most_common(12):
        print(f"  {n} x {expr!r}: {value} vs {gold}")


if __name__ == "__main__":
    main()
