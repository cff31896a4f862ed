"""Ingest a whole article: every quotation, who said it, when, and the predictions and promises in it.

``extract`` is pure (article in, quotes out) and is what the PolNeAR benchmark scores; ``ingest`` stores
an article's quotes and claims in one transaction (or none, with ``dry_run``). Quotes by named speakers
are stored (statements as searchable quotes, predictions and promises as tracked claims); reported
speech (no quotation marks) is kept only when it is a prediction or a promise, as ``verbatim`` false.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .analysis import analyze, apply_analysis
from .articles import Article
from .attribution import Attributed, attribute, reported
from .errors import UsageError
from .lexicon import Lexicons, load
from .names import people_of, words
from .quotations import find_quotations
from .recording import NewClaim, SourceInfo, record
from .said import resolve_said

_WHEN = re.compile(r"(?P<when>(?:early\s+|late\s+|earlier\s+)?(?:this\s+(?:week|month)|last\s+week|yesterday|"
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
            "attribution": a.rule, "claim": None,
        }


def extract(article: Article, *, lex: Lexicons | None = None, analyse: bool = True) -> list[Found]:
    """Every quotation in the article, attributed and dated, plus reported predictions and promises."""
    lex = lex or load()
    text = article.text
    paras, quotes = find_quotations(text, article.title, first_is_headline=not article.html)
    people = people_of(text, paras, quotes)
    attributed = attribute(text, paras, quotes, people)
    extra = reported(text, paras, quotes, attributed, people)
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
        found.analysis = analyze(a.text, said_on=found.said_on, said_precision=found.said_precision,
                                 published_on=article.published_on, lex=lex)
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
    # after a speech verb, and the nearest speaker named before it.
    for m in _WHEN.finditer(text):
        window = text[max(0, m.start() - 30):m.start()]
        verbs = list(w.verbs.finditer(window))
        verb = verbs[-1] if verbs else None
        if verb is None or window[verb.end():].strip():
            continue
        pos = m.start() - len(window) + verb.start()
        before = text[max(0, pos - 200):pos]
        surname = re.findall(r"\b([A-Z][a-z]+(?:[A-Z][a-z]+)?)\b", before)
        speaker = None
        for name in reversed(surname):
            speaker = next((a.speaker for a in items if a.speaker and a.speaker.split()[-1] == name), None)
            if speaker:
                break
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
            before = [d for d in own if d[0] <= max(a.cue_pos, a.start)]
            phrase = (before[-1] if before else own[0])[2] if own else None
        if phrase is None and story is not None:
            phrase = story.group("when")
        if phrase is None:
            continue
        try:
            out[id(a)] = resolve_said(phrase, published)
        except UsageError:
            continue
    return out


def to_new_claims(article: Article, found: list[Found], *, today: date, lex: Lexicons) -> list[tuple[int, NewClaim]]:
    """The records to store: (index into ``found``, NewClaim) for quotes by named speakers."""
    source = SourceInfo(outlet=article.outlet, title=article.title, url=article.url,
                        published_on=article.published_on, kind="article")
    out = []
    for i, f in enumerate(found):
        a = f.item
        if not a.speaker or not a.named or not a.text.strip():
            continue
        kind = f.analysis.get("kind") or "statement"
        new = NewClaim(text=a.text, speaker=a.speaker, speaker_title=a.speaker_title, speaker_org=None,
                       said_on=f.said_on, said_precision=f.said_precision, context=a.speaker_role,
                       verbatim=a.verbatim, source=source, track=kind in ("prediction", "promise"),
                       attributed_as=a.speaker)
        out.append((i, apply_analysis(new, today=today, lex=lex, result=f.analysis or None)))
    return out


def ingest(store: Any, article: Article, *, by: str, today: date, dry_run: bool = False,
           lex: Lexicons | None = None, full_claims: bool = True) -> dict[str, Any]:
    """Extract and (unless ``dry_run``) store one article in one transaction; returns the summary.
    Each stored quote's ``claim`` is the full claim object, or with ``full_claims`` false a short one
    (id, kind, probability, hedges, due) made without reading the database back."""
    from . import speakers
    from .models import utcnow
    from .queries import hydrate

    lex = lex or load()
    found = extract(article, lex=lex)
    records = to_new_claims(article, found, today=today, lex=lex)
    result = {"source": {"outlet": article.outlet, "title": article.title, "url": article.url,
                         "published_on": article.published_on.isoformat() if article.published_on else None,
                         "file": article.name},
              "quotes": [f.as_dict() for f in found], "added": 0, "already_present": 0}
    if dry_run or store is None or not records:
        return result
    with store.write() as session:
        aliases = []
        matched: dict[str, tuple[str, str | None]] = {}
        for _i, new in records:
            if new.speaker not in matched:
                matched[new.speaker] = speakers.match(session, new.speaker)
            canonical, evidence = matched[new.speaker]
            if canonical != new.speaker:
                aliases.append((canonical, new.speaker, f"{evidence} (in {article.title or article.name})"))
                new.speaker = canonical
        aliases = list(dict.fromkeys(aliases))
        written = record(session, [new for _i, new in records], by=by, now=utcnow())
        for canonical, alias, evidence in aliases:
            speakers.add_alias(session, canonical, alias, evidence)
        short: dict[int, dict] = {}
        for (i, new), w in zip(records, written, strict=True):
            found[i].claim_id = w.claim_id
            if w.claim_id:
                short[w.claim_id] = {
                    "id": w.claim_id, "kind": new.kind, "probability": new.probability, "hedges": new.hedges,
                    "due": {"start": new.due_start.isoformat() if new.due_start else None,
                            "end": new.due_end.isoformat() if new.due_end else None}}
            if w.created:
                result["added"] += 1
            else:
                result["already_present"] += 1
    ids = [f.claim_id for f in found if f.claim_id]
    if ids:
        if full_claims:
            with store.read() as session:
                claims = {c["id"]: c for c in hydrate(session, ids, today)}
        else:
            claims = short
        for f, q in zip(found, result["quotes"], strict=True):
            if f.claim_id:
                q["claim"] = claims.get(f.claim_id)
    return result
