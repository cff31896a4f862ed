"""Ingest a whole article: store its quotes and claims in one transaction (or none, with ``dry_run``).

What is found is :func:`claims.reading.extract.extract` (pure); here quotes by named speakers are stored
(statements as searchable quotes, predictions and promises as tracked claims), with speakers matched to
those already known.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from claims.language.lexicon import Lexicons, load
from claims.reading.articles import Article
from claims.reading.extract import Found, extract
from claims.services import restatements
from claims.services.intake import apply_analysis
from claims.store.recording import NewClaim, SourceInfo, record

__all__ = ["Found", "extract", "ingest", "to_new_claims"]


def to_new_claims(article: Article, found: list[Found], *, today: date, lex: Lexicons) -> list[tuple[int, NewClaim]]:
    """The records to store: (index into ``found``, NewClaim) for every quote with a speaker. An unnamed
    source ("a spokesman for Harbor Transit", "one resident") is stored as described, with the organisation
    it speaks for as the speaker's organisation, never as the nearest name."""
    source = SourceInfo(outlet=article.outlet, title=article.title, url=article.url,
                        published_on=article.published_on, kind="article", content=article.text)
    out = []
    for i, f in enumerate(found):
        a = f.item
        if not a.speaker or not a.text.strip():
            continue
        kind = f.analysis.get("kind") or "statement"
        new = NewClaim(text=a.text, speaker=a.speaker, speaker_title=a.speaker_title, speaker_org=a.speaker_org,
                       said_on=f.said_on, said_precision=f.said_precision, context=a.speaker_role,
                       verbatim=a.verbatim, source=source, track=kind in ("prediction", "promise"),
                       attributed_as=a.speaker)
        out.append((i, apply_analysis(new, today=today, lex=lex, result=f.analysis or None)))
    return out


def ingest(store: Any, article: Article, *, by: str, today: date, dry_run: bool = False,
           lex: Lexicons | None = None, full_claims: bool = True, review_below: float | None = None,
           found: list[Found] | None = None) -> dict[str, Any]:
    """Extract and (unless ``dry_run``) store one article in one transaction; returns the summary.
    Each stored quote's ``claim`` is the full claim object, or with ``full_claims`` false a short one
    (id, kind, probability, hedges, due) made without reading the database back. A new claim whose
    attribution ``confidence`` is below ``review_below`` (default: the configured threshold) is put on
    the review queue (:mod:`claims.services.review`); its quote says ``needs_review``. ``found`` is the
    article's extraction when it was already made (:mod:`claims.services.ingest_files` makes it in a
    worker process)."""
    from claims.services import aliases as speakers
    from claims.services import review
    from claims.store.db import utcnow
    from claims.store.queries import hydrate

    lex = lex or load()
    if found is None:
        found = extract(article, lex=lex)
    records = to_new_claims(article, found, today=today, lex=lex)
    result: dict[str, Any] = {
        "source": {"outlet": article.outlet, "title": article.title, "url": article.url,
                   "published_on": article.published_on.isoformat() if article.published_on else None,
                   "file": article.name},
        "quotes": [f.as_dict() for f in found], "added": 0, "already_present": 0}
    below = review.threshold(review_below)
    for f, q in zip(found, result["quotes"], strict=True):
        q["needs_review"] = bool(f.item.speaker and f.item.named and _doubtful(f, below)
                                 and f.analysis.get("kind") in ("prediction", "promise"))
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
        result["links"] = restatements.after_record(session, [new for _i, new in records], written, by=by)
        for canonical, alias, evidence in aliases:
            speakers.add_alias(session, canonical, alias, evidence)
        now = utcnow()
        for (i, new), w in zip(records, written, strict=True):
            a = found[i].item
            if w.claim_id and w.created and new.track and _doubtful(found[i], below):
                review.mark(session, w.claim_id, confidence=getattr(a, "confidence", None), rule=a.rule,
                            attributed_as=a.speaker, candidates=list(getattr(a, "candidates", None) or []),
                            context=review.context_of(article.text, a.start, a.end), now=now)
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


def _doubtful(found: Found, below: float) -> bool:
    """The attribution is less sure than the review threshold (no confidence given: not doubtful)."""
    confidence = getattr(found.item, "confidence", None)
    return confidence is not None and confidence < below
