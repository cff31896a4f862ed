"""Reading a whole article: every quotation, who said it, when, and the predictions and promises in it.

Pure (an :class:`~claims.reading.articles.Article` in, :class:`Found` items out): this is what the PolNeAR
benchmark scores and what ``claims ingest --dry-run`` shows; :mod:`claims.services.ingest` stores it.
Reported speech (no quotation marks) is kept only when it is a prediction or a promise, as ``verbatim`` false.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from claims.errors import UsageError
from claims.language.analysis import analyze, no_window
from claims.language.lexicon import Lexicons, load
from claims.language.said import resolve_said
from claims.reading.articles import Article
from claims.reading.attribution import Attributed, attribute
from claims.reading.confidence import score
from claims.reading.names import people_of, use, words
from claims.reading.quotations import find_quotations
from claims.reading.reported import PROMISE_RULES, reported, tidy, tidy_span

# (the lookahead: one character class tried at each place of the text before the alternation: twice as fast)
_WHEN = re.compile(r"(?=[eltyoMTWFS])(?P<when>(?:early\s+|late\s+|earlier\s+)?"
                   r"(?:this\s+(?:week|month)|last\s+week|yesterday|"
                   r"(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)))\b")


@dataclass
class Found:
    """One quotation (or reported statement) with its speaker, date and analysis."""

    item: Attributed
    said_on: date | None = None
    said_precision: str | None = None
    analysis: dict[str, Any] = field(default_factory=dict)
    claim_id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        a = self.item
        return {
            "text": a.text, "speaker": a.speaker, "speaker_title": a.speaker_title, "speaker_role": a.speaker_role,
            "named": a.named, "said_on": self.said_on.isoformat() if self.said_on else None,
            "said_precision": self.said_precision, "verbatim": a.verbatim, "fragment": a.fragment,
            "start": a.start, "end": a.end, "kind": self.analysis.get("kind"),
            "hedges": [h["phrase"] for h in self.analysis.get("hedges", [])],
            "probability": self.analysis.get("probability"), "timeframe": self.analysis.get("timeframe"),
            "attribution": a.rule, "confidence": a.confidence, "candidates": list(a.candidates),
            "speaker_org": a.speaker_org, "claim": None,
        }


def extract(article: Article, *, lex: Lexicons | None = None, analyse: bool = True) -> list[Found]:
    """Every quotation in the article, attributed and dated, plus reported predictions and promises."""
    lex = lex or load()
    use(lex)
    text = article.text
    paras, quotes = find_quotations(text, article.title, first_is_headline=not article.html)
    people = people_of(text, paras, quotes)
    attributed = attribute(text, paras, quotes, people)
    extra = reported(text, paras, quotes, attributed, people)
    for a in attributed + extra:
        if a.verbatim and text[a.start:a.end].strip():
            a.start, a.end = tidy_span(text, a.start, a.end)
            a.text = " ".join(text[a.start:a.end].split())
        else:
            a.text = tidy(a.text)
        a.said_phrase = _own_said_phrase(text, a)
    for a in extra:
        score(a)  # reported speech: its rule's confidence
    _share_titles(attributed + extra, people.titles)
    dates = _said_dates(text, paras, attributed + extra, article.published_on)
    out: list[Found] = []
    for a in attributed:
        said = dates.get(id(a))
        found = Found(a, *(said or (None, None)))
        if analyse:
            found.analysis = analyze(a.text, said_on=found.said_on, said_precision=found.said_precision,
                                     published_on=article.published_on, lex=lex)
        out.append(found)
    for a in extra:
        said = dates.get(id(a))
        found = Found(a, *(said or (None, None)))
        promised = a.rule in PROMISE_RULES  # "promised on Monday to clear the backlog": the speaker's promise
        found.analysis = analyze(a.text.split(" ", 1)[1] if promised else a.text, said_on=found.said_on,
                                 said_precision=found.said_precision, published_on=article.published_on, lex=lex)
        if promised:
            found.analysis["kind"] = "promise"
            if found.analysis["timeframe"] is None:
                base = found.said_on or article.published_on or date.today()  # analyze()'s fallback too
                found.analysis["timeframe"] = no_window(base, lex).as_dict()
        if found.analysis["kind"] in ("prediction", "promise"):
            out.append(found)
    out.sort(key=lambda f: f.item.start)
    return out


def _share_titles(items: list[Attributed], mentioned: dict[str, str]) -> None:
    """A speaker's title and role, given once in the article, belong to all their quotes."""
    titles: dict[str, str] = dict(mentioned)
    roles: dict[str, str] = {}
    for a in items:
        if a.speaker and a.named:
            if a.speaker_title:
                titles.setdefault(a.speaker, a.speaker_title)
            if a.speaker_role:
                roles.setdefault(a.speaker, a.speaker_role)
    for a in items:
        if a.speaker and a.named:
            a.speaker_title = a.speaker_title or titles.get(a.speaker)
            a.speaker_role = a.speaker_role or roles.get(a.speaker)


_BREAK = re.compile(r"\n|\bthat\b|[\u201c\u201d\"]|[.?!;](?:\s|$)")


def _own_said_phrase(text: str, a: Attributed) -> str | None:
    """The attribution's date phrase only where it belongs to the speech verb: before the verb's "that",
    outside what was said, and in the verb's own paragraph ("Last month," opening the next one is not it)."""
    phrase = a.said_phrase
    if not phrase or a.cue_pos < 0:
        return None
    lo = max(0, a.cue_pos - 20)
    before = text[lo:a.cue_pos]
    cut = max((m.end() for m in _BREAK.finditer(before)), default=0)
    after = text[a.cue_pos:a.cue_pos + 80]
    stop = _BREAK.search(after, 1)
    window = before[cut:] + (after[:stop.start()] if stop else after)
    spoken = (a.start, a.end)
    at = text.find(phrase, lo + cut, a.cue_pos + (stop.start() if stop else 80))
    if phrase not in window or spoken[0] <= at < spoken[1]:
        return None
    return phrase


_SURNAME = re.compile(r"\b([A-Z][a-z]+(?:[A-Z][a-z]+)?)\b")


def _said_dates(text: str, paras: list, items: list[Attributed], published: date | None) -> dict[int, tuple]:
    """When each item was said: its own attribution's date, else the speaker's latest dated attribution
    before it, else the article's first dated attribution ("said Thursday" in the lede)."""
    if published is None:
        return {}
    w = words()
    dated: list[tuple[int, str | None, str]] = []  # (position, speaker, phrase)
    for a in items:
        if a.said_phrase:
            dated.append((a.cue_pos, a.speaker, a.said_phrase))
    # "Dunford said Thursday ...", "The city's mayor said Thursday" anywhere in the text: a date phrase right
    # after a speech verb, and the nearest speaker named before it (by surname: the first item's speaker
    # with that last word).
    by_surname: dict[str, str] = {}
    for a in items:
        if a.speaker:
            by_surname.setdefault(a.speaker.split()[-1], a.speaker)
    for m in _WHEN.finditer(text):
        window = text[max(0, m.start() - 30):m.start()]
        verbs = list(w.verbs.finditer(window))
        verb = verbs[-1] if verbs else None
        if verb is None or window[verb.end():].strip():
            continue
        pos = m.start() - len(window) + verb.start()
        before = text[max(0, pos - 200):pos]
        surnames = _SURNAME.findall(before)
        speaker = next((by_surname[n] for n in reversed(surnames) if n in by_surname), None)
        dated.append((pos, speaker, m.group("when")))
    dated.sort(key=lambda d: d[0])
    # The story's date line: a day named in its first paragraph ("traded warnings on Wednesday"), whatever
    # the verb. A quote with no date of its own and none for its speaker takes it; never another speaker's.
    lede = next((p for p in paras if not p.headline), None)
    story = _WHEN.search(text, lede.start, lede.end) if lede is not None else None
    out: dict[int, tuple] = {}
    for a in items:
        if not a.speaker:
            continue  # a scare quote was not said by anyone
        phrase = a.said_phrase
        if phrase is None and a.speaker:
            own = [d for d in dated if d[1] == a.speaker]
            earlier = [d for d in own if d[0] <= max(a.cue_pos, a.start)]
            phrase = (earlier[-1] if earlier else own[0])[2] if own else None
        if phrase is None and story is not None:
            phrase = story.group("when")
        if phrase is None:
            continue
        try:
            out[id(a)] = resolve_said(phrase, published)
        except UsageError:
            continue
    return out
