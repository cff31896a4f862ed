"""Fit the attribution confidence table on PolNeAR's training split, and check its calibration.

For every quotation the scorer counts (a found quotation with a gold source), the kind of attribution that
gave its speaker (rule, full quotation or fragment, name/pronoun/unnamed source, contested or not) and
whether the speaker was right. The table is each kind's share right, smoothed towards its rule's
(:func:`claims.reading.confidence.fit`). First k-fold cross-validation over articles (fit on k-1 folds,
score the held-out fold; the bands printed are the held-out ones), then the table fitted on all of train is
written to ``claims/language/data/attribution-confidence.json``. Deterministic: folds by article order.

    python bench/train_confidence.py [path/to/polnear-train] [--folds 5] [--check]

``--check`` prints the cross-validated figures without writing the table.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from eval_attribution import HERE, evaluate, load, print_bands, report

from claims.reading.confidence import DATA, fit

TRAIN = HERE.parent.parent / "shared" / "data" / "quote-attribution" / "polnear-train"


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    folds = int(sys.argv[sys.argv.index("--folds") + 1]) if "--folds" in sys.argv else 5
    if "--folds" in sys.argv:
        args.remove(str(folds))
    root = Path(args[0]) if args else TRAIN
    articles = list(load(root))
    rows = evaluate(articles)["rows"]
    per_article = []
    for art in articles:
        per_article.append(evaluate([art])["rows"])
    held_out = []
    for k in range(folds):
        train_rows = [(key, right) for i, rs in enumerate(per_article) if i % folds != k for key, right, _p in rs]
        model = fit(train_rows)
        test = [a for i, a in enumerate(articles) if i % folds == k]
        held_out += evaluate(test, model)["rows"]
    whole = evaluate(articles)
    report(f"PolNeAR {root.name}: {len(articles)} articles", whole)
    print_bands(held_out, f"{folds}-fold cross-validated over articles")
    if "--check" in sys.argv:
        return
    table = fit([(key, right) for key, right, _p in rows])
    table["about"] = ("Share of attributions right per kind (rule|full or fragment|name, pronoun or unnamed|"
                      "contested or alone) on PolNeAR train, smoothed towards the rule's share. Written by "
                      "bench/train_confidence.py; do not edit by hand.")
    DATA.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {DATA} ({len(table['kinds'])} kinds, {len(rows)} quotations)")


if __name__ == "__main__":
    main()
