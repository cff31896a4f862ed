"""An experiment, not shipped: a learned ranker over the candidate speakers of "he"/"she" (issue 10).

The rules (:func:`claims.reading.attribution._resolve_pronoun`) propose a person; this script lists the
people the article reports speaking or names before the pronoun who fit its gender (up to six, most
recent first, and the rules' choice), describes each by a few numbers (:data:`FEATURES`: the rules' choice
or not, the last quoted speaker or not, rank and distance as a talker and as a mention, paragraphs away,
same or previous sentence, gender known, one word or a description, how often named and reported
speaking, first named, a clause subject) and labels each right when it shares a word with the gold
source as ``bench/eval_attribution.py`` scores it. The model is a conditional logit (softmax over each
pronoun's candidates, L2-penalised, Adam on the mean log-likelihood, numpy); pronouns with no right
candidate are left out of the fit.

Cross-validation: 5 folds over ARTICLES (article i in fold i % 5). For each fold the model fitted on the
other folds replaces the rules' pick (this script wraps ``_resolve_pronoun``; claims itself is unchanged)
and the held-out articles are attributed and scored by the scorer, so what a changed speaker does to
later quotations ("continuing") counts. Printed: pronoun picks right (rules, ranker, some candidate
right), speaker accuracy rules-only and cross-validated, the in-sample figure of the model fitted on all
of train, and its weights. The ranker did not beat the rules (bench/README.md, issue 10, fourth round), so
nothing is written.

    python bench/train_speaker_ranker.py [path/to/polnear-train] [--folds 5] [--l2 1.0]
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from eval_attribution import HERE, evaluate, load, tokens

from claims.reading import attribution
from claims.reading.attribution import attribute
from claims.reading.names import People, _name_re, organisation_of
from claims.reading.quotations import find_quotations

TRAIN = HERE.parent.parent / "shared" / "data" / "quote-attribution" / "polnear-train"

FEATURES = (
    "rule", "last", "talk0", "talk1", "talk2", "no_talk", "recent0", "recent1", "recent2",
    "log_talk_chars", "log_chars", "same_para", "para1", "para2", "same_sentence", "gender_known",
    "one_word", "description", "log_count", "log_talks", "first_named", "nearest_talker",
    "subject", "latest_subject", "prev_sentence",
)
_IMPERSONAL = re.compile(r"^the\s|[\u2019']s$")
# a name followed by its verb ("Ruth Marcus has been", "Joe Arpaio, one of ..., vouched", "West landed")
_VERB_AFTER = re.compile(r"(?:\s*\([^)]{1,25}\))?(?:,\s+[^,\u201c\u201d\"]{2,120},)?\s+(?:\w+ly\s+|also\s+|then\s+)?"
                         r"(?:has|had|is|was|have|are|were|did|does|will|would|can|could|[a-z]{2,}(?:ed|s))\b")
_SENTENCE = re.compile(r"[.?!][\u201d\"']*\s+(?=[A-Z\u201c\"'])")
def candidates(pos: int, gender: str | None, people: People, chosen: str | None, last_name: str | None,
               limit: int = 6) -> list[tuple[str, list[float]]]:
    """The people a pronoun at ``pos`` could be (the rules' ``chosen`` first if any), with their features."""
    text = people.text
    events = sorted([(p, n, True) for p, n in people.talkers if p < pos]
                    + [(p, n, False) for p, n in people.mentions if p < pos])
    stats: dict[str, list[float]] = {}  # name: [last pos, last talk pos, count, talks, first pos]
    for p, n, talk in events:
        s = stats.setdefault(n, [p, -1.0, 0.0, 0.0, p])
        s[0], s[2] = p, s[2] + 1
        if talk:
            s[1], s[3] = p, s[3] + 1
    fits = {n: s for n, s in stats.items() if people.fits(n, gender) and not (gender and _IMPERSONAL.search(n))}
    by_recent = sorted(fits, key=lambda n: -fits[n][0])
    pool = by_recent[:limit]
    if chosen is not None and chosen not in pool and chosen in stats:
        pool.append(chosen)
    if not pool:
        return []
    by_talk = [n for n in sorted(fits, key=lambda n: -fits[n][1]) if fits[n][1] >= 0]
    first = min(stats, key=lambda n: stats[n][4])
    para_start = text.rfind("\n", 0, pos) + 1
    head = text[para_start:pos]
    cut = 0
    for m in _SENTENCE.finditer(head):
        cut = m.end()
    sentence_at = para_start + cut
    prev_at = para_start
    for m in _SENTENCE.finditer(text, max(0, para_start - 400), sentence_at - 1):
        prev_at = m.end()
    prev_at = min(prev_at, sentence_at)
    subjects = {}
    for n in pool:
        at = int(stats[n][0])
        m = _name_re().match(text, at)
        subjects[n] = at if m is not None and _VERB_AFTER.match(text, m.end()) else -1
    latest_subject = max(subjects.values(), default=-1)
    out = []
    for n in pool:
        s = stats[n]
        at, talk_at = int(s[0]), int(s[1])
        t_rank = by_talk.index(n) if n in by_talk else -1
        r_rank = by_recent.index(n) if n in by_recent else 9
        breaks = text.count("\n\n", at, pos)
        f = [
            float(n == chosen), float(n == last_name),
            float(t_rank == 0), float(t_rank == 1), float(t_rank >= 2), float(t_rank < 0),
            float(r_rank == 0), float(r_rank == 1), float(r_rank == 2),
            math.log1p(pos - talk_at) / 10 if talk_at >= 0 else 1.0, math.log1p(pos - at) / 10,
            float(breaks == 0), float(breaks == 1), float(breaks >= 2), float(at >= sentence_at),
            float(bool(gender) and people.gender(n) == gender), float(" " not in n), float(n.startswith("the ")),
            math.log1p(s[2]), math.log1p(s[3]), float(n == first), float(t_rank == 0 and talk_at == max(
                (p for p, _n in people.talkers if p < pos and people.fits(_n, gender)), default=-2)),
            float(subjects[n] >= 0), float(subjects[n] >= 0 and subjects[n] == latest_subject), float(at >= prev_at),
        ]
        out.append((n, f))
    return out



_STATE: dict = {"weights": None, "record": None}
_RULES = attribution._resolve_pronoun


def _ranked_pronoun(item, gender, hit, people, last) -> None:  # type: ignore[no-untyped-def]
    """The rules' "he"/"she", then (weights set) the ranker's pick among the candidates in its place."""
    _RULES(item, gender, hit, people, last)
    gender = gender if gender in ("m", "f") else None
    chosen = item.speaker
    last_name = last.name if last is not None and last.named and not last.transcript else None
    cands = candidates(hit.verb_pos, gender, people, chosen, last_name)
    if _STATE["record"] is not None:
        _STATE["record"].append((item.start, chosen, cands))
    w = _STATE["weights"]
    if w is None or not cands:
        return
    best = max(cands, key=lambda c: float(np.dot(w, c[1])))[0]
    if best != chosen:
        item.speaker, item.named = best, not best.startswith("the ")
        item.speaker_org = None if item.named else organisation_of(best)
        same = last is not None and last.name == best
        item.speaker_title, item.speaker_role = (last.title, last.role) if same and last else (None, None)


attribution._resolve_pronoun = _ranked_pronoun  # the scorer's attribute() now goes through the ranker


def groups(article) -> list[tuple[np.ndarray, np.ndarray, int]]:
    """(features, right?, index of the rules' choice) per resolved pronoun in one article, rules only."""
    _base, text, gold = article
    record: list = []
    _STATE["weights"], _STATE["record"] = None, record
    try:
        paras, quotes = find_quotations(text)
        predicted = attribute(text, paras, quotes)
    finally:
        _STATE["record"] = None
    out = []
    for start, chosen, cands in record:
        item = next((a for a in predicted if a.start == start), None)
        if item is None or not cands:
            continue
        source = next((src for s, e, src, _st in gold if item.start < e and s < item.end), None)
        if source is None:
            continue
        right = np.array([bool(tokens(n) & tokens(source)) for n, _f in cands], dtype=float)
        rule = next((i for i, (n, _f) in enumerate(cands) if n == chosen), -1)
        out.append((np.array([f for _n, f in cands], dtype=float), right, rule))
    return out


def fit(data: list[tuple[np.ndarray, np.ndarray, int]], l2: float, steps: int = 1500) -> np.ndarray:
    data = [(x, y / y.sum()) for x, y, _r in data if y.sum() > 0]
    dim = len(FEATURES)
    w = np.zeros(dim)
    m, v = np.zeros(dim), np.zeros(dim)
    for t in range(1, steps + 1):  # Adam on the mean negative log-likelihood plus l2/n * |w|^2
        grad = 2 * l2 / len(data) * w
        for x, y in data:
            s = x @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            grad += x.T @ (p - y) / len(data)
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad ** 2
        w -= 0.05 * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return w


def picks(data: list, w: np.ndarray | None) -> tuple[int, int, int]:
    """(right by the rules' choice, right by the ranker's, some candidate right) over pronoun groups."""
    rules = ours = oracle = 0
    for x, y, r in data:
        rules += r >= 0 and bool(y[r])
        if w is not None:
            ours += bool(y[int(np.argmax(x @ w))])
        oracle += bool(y.sum())
    return rules, ours, oracle


def main() -> None:
    argv = sys.argv[1:]
    opt = {k: argv[argv.index(k) + 1] for k in ("--folds", "--l2") if k in argv}
    args = [a for a in argv if not a.startswith("--") and a not in opt.values()]
    folds, l2 = int(opt.get("--folds", 5)), float(opt.get("--l2", 1.0))
    root = Path(args[0]) if args else TRAIN
    articles = list(load(root))
    per_article = [groups(a) for a in articles]
    print(f"{sum(map(len, per_article))} pronoun attributions with a gold source in {len(articles)} articles")
    cv: Counter = Counter()
    base: Counter = Counter()
    tally = [0, 0, 0]
    for k in range(folds):
        train = [g for i, gs in enumerate(per_article) if i % folds != k for g in gs]
        test = [g for i, gs in enumerate(per_article) if i % folds == k for g in gs]
        w = fit(train, l2)
        tally = [a + b for a, b in zip(tally, picks(test, w), strict=True)]
        held = [a for i, a in enumerate(articles) if i % folds == k]
        _STATE["weights"] = None
        base += evaluate(held)["counts"]
        _STATE["weights"] = w
        cv += evaluate(held)["counts"]
        _STATE["weights"] = None
    print(f"pronoun choices right, {folds}-fold over articles: rules {tally[0]}, ranker {tally[1]}, "
          f"some candidate right {tally[2]}")
    for name, c in (("rules only", base), (f"ranker, {folds}-fold cross-validated", cv)):
        p, r = c["matched"] / c["found"], c["hit"] / c["gold"]
        print(f"{name}: quotation F1 {2 * p * r / (p + r):.3f}, speaker accuracy {c['right'] / c['scored']:.4f} "
              f"({c['right']}/{c['scored']})")
    w = fit([g for gs in per_article for g in gs], l2)
    _STATE["weights"] = w
    whole = evaluate(articles)["counts"]
    _STATE["weights"] = None
    print(f"ranker fitted on all of train, in-sample: speaker accuracy {whole['right'] / whole['scored']:.4f} "
          f"({whole['right']}/{whole['scored']})")
    for f, x in zip(FEATURES, w, strict=True):
        print(f"  {f:16s} {x:+.3f}")


if __name__ == "__main__":
    main()
