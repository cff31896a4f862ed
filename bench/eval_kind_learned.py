"""Could a small learned component lift the kind F1 on TimeBank (issue 11)? A cross-validated experiment.

A logistic regression over features the analysis already computes (the rules' own kind, the families of the
future markers that fired, a reported refusal, the time frame's kind, can / must / have to, a condition, a
past-tense verb, a reporting verb, negation, first person, a state after the modal, a modal in a relative
clause, a question, a hedge cue, a long sentence), trained on the train part of ``eval_kind.py`` only and
scored in five folds of its documents (``eval_kind.fold_of``: fit on four, score the fifth, pooled).

Three ways to use it, from least to most bound by claims' own definitions:

- ``free``: the model decides every sentence (it may learn TimeML's conventions: an expectation with an
  infinitive is not forward, "can" and "must" are);
- ``bounded``: the rules decide wherever an expectation or likelihood, a "will" or "going to", "about / due
  to", "doubted ... would", a promise, a reported refusal, can / must / have to or a question stands (what
  classify.py defines); the model decides the rest (the modals could / may / might / would / should, and a
  time frame alone);
- ``veto``: as ``bounded``, and the model may only turn a prediction the rules made into a statement.

Each is also run over the project's own examples of issue 11 (those of ``tests/test_kinds.py``), fitted on
the whole train part: how many of them it would get wrong. ``--held`` prints the held part's figures once,
fitted on the whole train part (figures only; never its sentences).

    python bench/eval_kind_learned.py [--l2 1.0] [--held]

Needs numpy (installed with the ``charts`` and ``test`` extras); nothing here is used at run time.
"""

from __future__ import annotations

import argparse
import re
from datetime import date
from pathlib import Path

import numpy as np
from eval_kind import _DEONTIC, DEFAULT, Sentence, fold_of, sentences, split_of

from claims.language import analysis, classify, lexicon

# The definitional families: classify.py decides these by its own definitions of prediction and promise.
BOUND = ("fam:expect", "fam:likely", "fam:will", "fam:going", "fam:about", "fam:doubt", "promise", "fam:refusal",
         "deontic", "question")
# The issue's own examples and the tests' (tests/test_kinds.py), with the kinds the project expects.
EXAMPLES = (
    ("the council would review the timetable in June", True),
    ("Maria Lopez doubted the trains would run before 2026", True),
    ("The transport authority is expected to announce a new operator within two weeks", True),
    ("the government would open four new surgical hubs before Christmas", True),
    ("a strike was possible in January", True),
    ("It is probably achievable, but only if the money arrives.", True),
    ("Maybe even the autumn, if the contractors deliver.", True),
    ("His members had raised the issue with managers in November.", False),
    ("She told us the backlog would be gone by the summer.", False),
    ("I'll believe it when I see it.", False),
    ("Officials are now waiting to see who will receive weapons.", False),
    ("We did not anticipate that would be the case.", False),
    ("He wouldn't elaborate.", False),
    ("In January, American Medical brought in a new chief executive.", False),
    ("The company could not be reached for comment.", False),
    ("An agreement could be reached in the coming weeks.", True),
    ("It's going to get bloody.", True),
    ("They'll see images of the Pope with Fidel Castro.", True),
    ("William Goldberg joined the board.", False),
    ("The minister might, however, change her mind.", True),
    ("Prices would, in the view of most analysts, keep rising.", True),
    ("The governor had argued the bridge should stay closed.", False),
    ("Analysts had suggested the deal was likely to collapse.", False),
    ("She told us the plant could close.", False),
    ("I believe we can finish the tunnel.", True),
    ("The mayor is confident that the city can balance its budget.", True),
    ("The council can set its own tax rate.", False),
)
_STATE = re.compile(r"\b(?:will|would|could|may|might|should|'ll)\s+(?:not\s+)?(?:be|remain|become|have)\b", re.I)
_RELATIVE = re.compile(r"\b(?:that|which|who)\s+(?:will|would|could|may|might|should)\b", re.I)


def features(text: str, result: dict, lex: lexicon.Lexicons) -> dict[str, float]:
    """What the analysis read in one sentence, as named 0/1 features."""
    low = text.lower()
    f = {"rule": float(result["kind"] != "statement"), "promise": float(result["kind"] == "promise")}
    families = classify.marker_families(text, lex)
    for fam in families:
        f["fam:" + fam] = 1.0
    f["markers"] = min(len(families), 3) / 3
    tf = result["timeframe"]
    f["tf:" + (tf["kind"] if tf else "none")] = 1.0
    f["deontic"] = float(bool(_DEONTIC.search(text)))
    f["if"] = float(bool(re.search(r"\b(?:if|unless)\b", low)))
    f["past"] = float(classify._past(text, classify._words(lex)))
    f["reported"] = float(bool(re.search(r"\b(?:said|says|say|told|according\s+to)\b", low)))
    f["negation"] = float(bool(re.search(r"\b(?:not|never|no)\b|n't", low)))
    f["first_person"] = float(bool(re.search(r"\b(?:i|we|our|my)\b", low)))
    f["state"] = float(bool(_STATE.search(text)))
    f["relative"] = float(bool(_RELATIVE.search(text)))
    f["question"] = float(text.rstrip(" \u201d\"'").endswith("?"))
    f["hedge"] = float(bool(result["hedges"]))
    f["long"] = float(len(text.split()) > 30)
    return f


def fit(x: np.ndarray, y: np.ndarray, l2: float, rounds: int = 3000, step: float = 0.5) -> np.ndarray:
    """Weights (the bias last) of an L2-penalised logistic regression, by gradient descent."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    for _ in range(rounds):
        p = 1 / (1 + np.exp(-xb @ w))
        w -= step * (xb.T @ (p - y) + l2 * np.r_[w[:-1], 0.0]) / len(y)
    return w


def predict(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return (np.hstack([x, np.ones((len(x), 1))]) @ w) >= 0


def scores(pred: np.ndarray, gold: np.ndarray) -> tuple[float, float, float, int, int, int]:
    tp, fp, fn = int(np.sum(pred & gold)), int(np.sum(pred & ~gold)), int(np.sum(~pred & gold))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0, tp, fp, fn


class Data:
    def __init__(self, rows: list[dict[str, float]], gold: list[bool], docs: list[str], names: list[str]):
        self.x = np.array([[r.get(n, 0.0) for n in names] for r in rows])
        self.gold = np.array(gold, dtype=bool)
        self.docs = docs
        self.names = names

    def subset(self, mask: np.ndarray) -> Data:
        out = Data([], [], [], self.names)
        out.x, out.gold = self.x[mask], self.gold[mask]
        out.docs = [d for d, m in zip(self.docs, mask, strict=True) if m]
        return out

    def col(self, name: str) -> np.ndarray:
        return self.x[:, self.names.index(name)] > 0 if name in self.names else np.zeros(len(self.x), bool)


def decided_by_model(d: Data, mode: str) -> np.ndarray:
    """Where the model decides (elsewhere the rules do)."""
    if mode == "free":
        return np.ones(len(d.x), bool)
    bound = np.any([d.col(n) for n in BOUND], axis=0)
    return ~bound if mode == "bounded" else ~bound & d.col("rule")


def combined(w: np.ndarray, d: Data, mode: str) -> np.ndarray:
    out = d.col("rule").copy()
    where = decided_by_model(d, mode)
    out[where] = predict(w, d.x[where])
    return out


def load(split: str, lex: lexicon.Lexicons) -> tuple[list[dict[str, float]], list[bool], list[str]]:
    rows, gold, docs = [], [], []
    for path in sorted(Path(DEFAULT).glob("*/*.tml")):
        if split_of(path) != split:
            continue
        s: Sentence
        for s in sentences(path):
            result = analysis.analyze(s.text, published_on=s.dct, lex=lex)
            rows.append(features(s.text, result, lex))
            gold.append(s.gold)
            docs.append(s.doc)
    return rows, gold, docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--held", action="store_true", help="also print the held part's figures (fitted on train)")
    args = ap.parse_args()
    lex = lexicon.load()
    rows, gold, docs = load("train", lex)
    names = sorted({k for r in rows for k in r})
    train = Data(rows, gold, docs, names)
    ex_rows = [features(t, analysis.analyze(t, said_on=date(2026, 12, 7), lex=lex), lex) for t, _ in EXAMPLES]
    examples = Data(ex_rows, [g for _, g in EXAMPLES], ["examples"] * len(EXAMPLES), names)
    fold = np.array([fold_of(doc) for doc in train.docs])
    rule = train.col("rule")
    p, r, f, tp, fp, fn = scores(rule, train.gold)
    per = [scores(rule[fold == k], train.gold[fold == k])[2] for k in range(5)]
    print(f"L2 {args.l2}; train {len(rule)} sentences, {int(train.gold.sum())} forward (gold)\n")
    print("| train, 5 folds of documents | per fold F1 | pooled P / R / F1 (TP / FP / FN) | "
          "issue examples wrong (of 27) | held P / R / F1 |")
    print("|---|---|---|---|---|")
    rule_ex = int(np.sum(examples.col("rule") != examples.gold))
    held = None
    if args.held:
        hrows, hgold, hdocs = load("held", lex)
        held = Data(hrows, hgold, hdocs, names)
    hcell = ""
    if held is not None:
        hp, hr, hf, *_ = scores(held.col("rule"), held.gold)
        hcell = f"{hp:.3f} / {hr:.3f} / {hf:.3f}"
    print(f"| rules (as shipped) | {' '.join(f'{x:.3f}' for x in per)} | {p:.3f} / {r:.3f} / {f:.3f} "
          f"({tp} / {fp} / {fn}) | {rule_ex} | {hcell} |")
    for mode in ("free", "bounded", "veto"):
        out = rule.copy()
        per = []
        for k in range(5):
            where = decided_by_model(train, mode) & (fold != k)
            w = fit(train.x[where], train.gold[where].astype(float), args.l2)
            test = fold == k
            out[test] = combined(w, train.subset(test), mode)
            per.append(scores(out[test], train.gold[test])[2])
        p, r, f, tp, fp, fn = scores(out, train.gold)
        where = decided_by_model(train, mode)
        w = fit(train.x[where], train.gold[where].astype(float), args.l2)
        got = combined(w, examples, mode)
        wrong = int(np.sum(got != examples.gold))
        missed = [t for (t, g), k in zip(EXAMPLES, got, strict=True) if bool(k) != g]
        if held is not None:
            hp, hr, hf, *_ = scores(combined(w, held, mode), held.gold)
            hcell = f"{hp:.3f} / {hr:.3f} / {hf:.3f}"
        print(f"| {mode} | {' '.join(f'{x:.3f}' for x in per)} | {p:.3f} / {r:.3f} / {f:.3f} ({tp} / {fp} / {fn}) "
              f"| {wrong} | {hcell} |")
        top = sorted(zip([*names, "bias"], w, strict=True), key=lambda z: -abs(z[1]))[:8]
        print("|  | largest weights: " + ", ".join(f"{n} {v:+.2f}" for n, v in top) + " | | "
              + "; ".join(f'"{t}"' for t in missed) + " | |")


if __name__ == "__main__":
    main()
