"""Who said each quotation, and the predictions reported without quotation marks.

Pure: article text and its quotations in, :class:`Attributed` quotes out. Each rule is one function that
returns a finding or None; a quotation's own rules are tried in order:

- a full quotation: a transcript label ("WALLACE: ..."), the attribution after it ("..., said Marine Gen.
  Joseph F. Dunford, chairman of the Joint Chiefs of Staff." / "...," Flynn, a top Trump surrogate, said /
  "...," he said / "...," a spokesman for Disney said), the attribution before it in its sentence
  (Caddell said: "..." / According to X, "..."), the subject of a colon intro, the speech verb of the
  sentence before it;
- a fragment: the speech verb of its own sentence, before or after it, or the sentence's subject.

Then, across the article: a "Caddell continued:" paragraph introduces the next one; quotations in a
paragraph share a speaker; an unattributed quotation paragraph continues the previous speaker, unless the
prose since reports someone else speaking.

A description with a name in apposition is the name ("said Clinton's communications director, Jennifer
Palmieri"); an unnamed source ("a spokesman for Disney", "one", "officials") is kept as said, with the
organisation it speaks for, never replaced by the nearest name; a transcript's role label ("PARTICIPANT:")
is an unnamed speaker, and no transcript label carries over into later prose. Names lose their titles; a
surname alone is the full name used earlier; "he"/"she" is the most recent speaker or sentence subject that
fits, and a description that names one person ("the Vermont senator") stays as it was written; "it" is
the thing last reported speaking ("the company wrote"), never a person. A full quotation nobody is said to
speak takes the speaker that the prose just before it reports. Every quotation
carries a ``confidence`` (its rule's measured precision on PolNeAR's training split,
:mod:`claims.reading.confidence`) and the ``candidates`` weighed. The rules of a quotation's own attribution
are in :mod:`claims.reading.rules`; names and the article's index of people in :mod:`claims.reading.names`;
the word lists are lexicon data (``attribution.json``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from claims.reading.confidence import score
from claims.reading.names import (
    _SENTENCE_END,
    ADVERB,
    CACHES,
    People,
    Words,
    clean_who,
    is_generic,
    is_org,
    organisation_of,
    person_name,
    sentence_start,
    valid_who,
    words,
)
from claims.reading.quotations import Paragraph, Quotation, looks_like_title
from claims.reading.rules import FRAGMENT_RULES, FULL_RULES, _Found, _known, _role, _Spot, _subject_of

_IMPERSONAL = re.compile(r"^the\s|[\u2019']s$")


@dataclass
class Attributed:
    text: str
    start: int
    end: int
    paragraph: int
    verbatim: bool
    fragment: bool
    speaker: str | None = None
    speaker_title: str | None = None
    speaker_role: str | None = None
    named: bool = False  # a person's name, not "officials" or "a source"
    said_phrase: str | None = None
    rule: str | None = None
    cue_pos: int = -1  # where the attribution verb is, for the said date
    speaker_org: str | None = None  # "Harbor Transit" for "a spokesman for Harbor Transit"
    confidence: float = 0.0  # how often this attribution is right (0..1, calibrated on PolNeAR train)
    candidates: list[str] = field(default_factory=list)  # the other speakers it weighed
    basis: str = ""  # what the confidence was read from (the rule and the kind of speaker phrase)


@dataclass
class LastSpeaker:
    """Who spoke last in the article, for continuing paragraphs and "he said"."""

    name: str
    title: str | None
    role: str | None
    named: bool
    cue_pos: int
    paragraph: int
    transcript: bool = False  # named by a transcript label


def _spots(text: str, paras: list[Paragraph], quotes: list[Quotation]) -> list[_Spot]:
    out = []
    for q in quotes:
        if q.title_like:
            continue
        para = paras[q.paragraph]
        last_para = paras[q.last_paragraph] if q.last_paragraph >= 0 else para
        nxt = [o.outer_start for o in quotes if o.outer_start >= q.outer_end and o.outer_start >= last_para.start]
        after = text[q.outer_end:min(nxt + [last_para.end])]
        prev_close = para.start if q.fragment else max(
            [o.outer_end for o in quotes if o.paragraph == q.paragraph and o.outer_end <= q.outer_start],
            default=para.start)  # a fragment's attribution is its sentence's, earlier quotes included
        rest = text[q.outer_end:last_para.end]
        for o in quotes:  # the rest of the paragraph with the later quotations blanked out
            if o.outer_start >= q.outer_end and o.outer_end <= last_para.end:
                a, b = o.outer_start - q.outer_end, o.outer_end - q.outer_end
                comma = "," if o.text.rstrip().endswith(",") else "_"  # “... information,” he remarked
                rest = rest[:a] + "_" * (b - a - 1) + comma + rest[b:]
        out.append(_Spot(q, text[prev_close:q.outer_start], prev_close, text[para.start:q.outer_start], after, para,
                         rest))
    return out


def _own(spot: _Spot, w: Words, people: People) -> _Found | None:
    for rule in FRAGMENT_RULES if spot.q.fragment else FULL_RULES:
        hit = rule(spot, w, people)
        if hit is not None:
            return hit
    return None


def _colon_intros(paras: list[Paragraph], w: Words, people: People) -> dict[int, _Found]:
    """"Caddell continued:" (or "On July 6, 2015, Sanders made the following comment:") at the end of a
    paragraph introduces the next one."""
    out: dict[int, _Found] = {}
    for para in paras:
        if not para.text.endswith(":") or para.headline:
            continue
        m = re.search(rf"(?P<who>{w.who})(?P<role>,\s+[^,]{{2,150}}?,)?\s+(?:{ADVERB}\s+)?(?P<verb>{w.verbs.pattern})"
                      rf"[^.:\u201c\"]{{0,60}}:\s*$", para.text)
        if m:
            out[para.index + 1] = _Found(m.group("who"), _role(m.group("role")), para.start + m.start("verb"),
                                         "colon-intro")
            continue
        lead = para.text[sentence_start(para.text[:-1]):]
        subject = _subject_of(lead, w)
        who = subject.group("who") if subject else ""
        if subject and valid_who(who) and _known(who, people):
            out[para.index + 1] = _Found(who, None, para.start + subject.end("who"), "colon-intro")
    return out


def attribute(text: str, paras: list[Paragraph], quotes: list[Quotation], people: People | None = None
              ) -> list[Attributed]:
    """A speaker (or None) for every quotation that is not a title in quotation marks, with how sure."""
    w = words()
    people = people or People(text, quotes, paras)
    spots = _spots(text, paras, quotes)
    found = [_own(spot, w, people) for spot in spots]
    out = [Attributed(s.q.text, s.q.start, s.q.end, s.q.paragraph, True, s.q.fragment) for s in spots]
    by_para: dict[int, list[int]] = {}
    for i, item in enumerate(out):
        by_para.setdefault(item.paragraph, []).append(i)
    colon_intro = _colon_intros(paras, w, people)
    last: LastSpeaker | None = None
    for i, item in enumerate(out):
        hit = found[i] or colon_intro.get(item.paragraph)
        if hit is None and not item.fragment:
            hit = _same_paragraph(i, item, out, found, by_para)
            if item.rule == "same-paragraph":
                last = _remember(item)
                continue
        if hit is not None:
            _resolve(item, hit, people, last, text)
            if item.speaker and item.named and item.rule != "transcript-label":
                people.add(hit.verb_pos, item.speaker)
            if item.speaker and not item.fragment:
                last = _remember(item)
            continue
        # a transcript's speaker goes on only into the very next paragraph, never into the prose after it
        if not item.fragment and last is not None and item.paragraph - last.paragraph <= (1 if last.transcript else 2):
            inside = spots[i].q.outer_start > spots[i].para.start
            if _reported_before(item, spots[i], paras, people, own_paragraph=inside, after=last.cue_pos):
                continue  # "Ryan's campaign shrugged off ..., telling reporters, “...”": who the prose reports
            _continue(item, last)
            if inside:  # prose before it: a guess, kept apart to be reviewed
                item.rule = "continuing-inside"
            last.paragraph = item.paragraph
        elif not item.fragment:
            _reported_before(item, spots[i], paras, people)
    # "''Tales From the Crypt,'' an HBO series": a short full quotation in title case that nobody said is a title
    out = [item for item in out if item.speaker or item.fragment or not looks_like_title(item.text)]
    for item in out:
        score(item)
    return out


def _same_paragraph(i: int, item: Attributed, out: list[Attributed], found: list[_Found | None],
                    by_para: dict[int, list[int]]) -> _Found | None:
    """A quotation broken by its attribution ("X," he said, "Y.") and further quotations in the same
    paragraph share the speaker of the nearest attributed one: copied when that one is resolved already
    (``item.rule`` is then "same-paragraph"), else its finding is returned to resolve here."""
    siblings = [j for j in by_para.get(item.paragraph, []) if j != i and found[j] is not None]
    if not siblings:
        return None
    j = min(siblings, key=lambda j: abs(j - i))
    if not out[j].speaker:
        return found[j]
    _copy(out[j], item)
    item.rule = "same-paragraph"
    return None


def _reported_before(item: Attributed, spot: _Spot, paras: list[Paragraph], people: People,
                     own_paragraph: bool = False, after: int = -1) -> bool:
    """"Valastro praised Christie's leadership ... ¶ “We need someone ...”": a full quotation nobody is
    said to speak, after prose that reports someone speaking in its own or the previous paragraph, is theirs."""
    if looks_like_title(item.text):
        return False  # "''Tales From the Crypt,''" after "Smith said": still a title
    talk_pos, name = people.talker_before(spot.q.outer_start, None)
    if name is None or talk_pos <= after or talk_pos < (
            spot.para.start if own_paragraph else paras[max(0, spot.para.index - 1)].start):
        return False
    item.speaker, item.named, item.cue_pos, item.rule = name, not name.startswith("the "), talk_pos, "reported-before"
    item.basis = "name" if item.named else "unnamed"
    return True


def _remember(item: Attributed) -> LastSpeaker:
    return LastSpeaker(item.speaker or "", item.speaker_title, item.speaker_role, item.named, item.cue_pos,
                       item.paragraph, item.rule == "transcript-label")


def _continue(item: Attributed, last: LastSpeaker) -> None:
    item.speaker, item.speaker_title, item.speaker_role = last.name, last.title, last.role
    item.named, item.cue_pos, item.rule = last.named, last.cue_pos, "continuing"
    if not last.named:
        item.speaker_org = organisation_of(last.name)


def _copy(src: Attributed, dst: Attributed) -> None:
    dst.speaker, dst.speaker_title, dst.speaker_role = src.speaker, src.speaker_title, src.speaker_role
    dst.named, dst.said_phrase, dst.cue_pos = src.named, src.said_phrase, src.cue_pos
    dst.speaker_org, dst.candidates, dst.basis = src.speaker_org, list(src.candidates), src.basis


_DATE = re.compile(
    r"\b(?:(?:last|this\s+past|on|early|late|earlier)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"(?:\s+(?:morning|afternoon|evening|night))?\b|\byesterday\b|\blast\s+(?:week|month|year|night)\b|"
    r"\b(?:earlier|early|late|later)\s+this\s+(?:week|month|year)\b|\bthis\s+(?:week|month|morning)\b|"
    r"\b(?:in|on)\s+(?:january|february|march|april|june|july|august|september|october|november|december)"
    r"(?:\s+\d{1,2})?(?:,?\s+\d{4})?\b", re.I)


def _said_phrase(text: str, pos: int) -> str | None:
    """A date phrase near an attribution verb at ``pos`` ("said Thursday", "said early this month")."""
    if pos < 0:
        return None
    window = text[max(0, pos - 15):pos + 70]
    m = _DATE.search(window)
    return m.group(0) if m else None


def _resolve(item: Attributed, hit: _Found, people: People, last: LastSpeaker | None, text: str) -> None:
    w = words()
    who = clean_who(hit.who)
    item.rule = hit.rule
    item.cue_pos = hit.verb_pos
    item.said_phrase = _said_phrase(text, hit.verb_pos)
    low = who.lower()
    if low in w.pronouns:
        item.basis = "pronoun"
        thing = _thing_before(text, hit.verb_pos, people) if low == "it" else None
        if thing is not None:  # "..., the company wrote in its statement. ¶ It added, “...”"
            _unnamed(item, thing, None)
            item.basis = "pronoun"
        elif low not in ("i", "we", "they"):
            _resolve_pronoun(item, w.pronouns[low], hit, people, last)
        return
    if hit.rule == "transcript-label":
        _resolve_label(item, who, people)
        return
    if is_generic(who) and not re.fullmatch(w.name, who) or hit.rule == "after-any-verb-np":
        _unnamed(item, who, hit.role)
        return
    found = person_name(who)
    if found is None:
        return
    name, title = found
    if name.split()[-1] in w.org and title and re.search(r"\b(?:of|the|at|for)\b", title):
        _unnamed(item, who, hit.role)  # "The governor of the Nordic Central Bank": a description, not a name
        return
    item.speaker = people.canonical(name)
    item.speaker_title = title
    item.speaker_role = hit.role
    item.named = True
    item.basis = "name"


@lru_cache(maxsize=1)
def _thing_pattern() -> re.Pattern:
    w = words()
    return re.compile(rf"(?<![\w\u2019'])(?P<who>[Tt]he\s+(?:[\w.\u2019'-]+\s+){{0,3}}?[\w\u2019'.-]+|{w.name})"
                      rf"\s+(?:{ADVERB}\s+)?(?:{w.verbs.pattern})\b")


CACHES.append(_thing_pattern)


def _thing_before(text: str, pos: int, people: People) -> str | None:
    """Who "it" is ("the company wrote ... It added", "The Post reported that Klein said ... It added"): the
    last thing, never a person, reported speaking in the two sentences before ``pos``."""
    lo = max(0, pos - 400)
    window = text[lo:pos]
    starts = [m.end() for m in _SENTENCE_END.finditer(window)]
    lo += starts[-2] if len(starts) >= 2 else 0
    found = None
    for m in _thing_pattern().finditer(text, lo, pos):
        who = m.group("who")
        if people.quoted(m.start()) or who.split()[0].lower() in words().pronouns:
            continue
        if who[:4].lower() == "the " or is_org(who):
            found = who  # "the company", "the email", "The Post"; never a person's name ("Klein")
    return found



def _unnamed(item: Attributed, who: str, role: str | None) -> None:
    item.speaker = who[0].lower() + who[1:] if who.split()[0] in ("A", "An", "The", "One", "Another") else who
    item.named, item.speaker_role, item.basis = False, role, "unnamed"
    item.speaker_org = organisation_of(who)


def _resolve_label(item: Attributed, label: str, people: People) -> None:
    if label.upper() in words().transcript_roles:
        item.speaker, item.named, item.basis = label.lower(), False, "unnamed"
        return
    name = people.canonical(label.title())
    item.speaker, item.named, item.basis = name, True, "name"


def _resolve_pronoun(item: Attributed, gender: str | None, hit: _Found, people: People,
                     last: LastSpeaker | None) -> None:
    """"he said": the person most recently reported speaking (quoted or not) who fits, else the most recent
    person named who fits; the other recent people who fit are its candidates."""
    gender = gender if gender in ("m", "f") else None
    talk_pos, name = people.talker_before(hit.verb_pos, gender)
    if last is not None and last.named and not last.transcript and last.cue_pos > talk_pos and people.fits(
            last.name, gender):
        name = last.name
    if name is None:
        name = people.before(hit.verb_pos, gender)
    elif gender and people.gender(name) is None and " " not in name:
        # "Florida is a swing state, and Clinton aimed her speech at ... “...,” she told": a later person known
        # to be a "she" before the pronoun wins over a single word of unknown gender
        known = [n for p, n in people.mentions if talk_pos < p < hit.verb_pos and people.gender(n) == gender
                 and not _IMPERSONAL.search(n)]
        name = known[-1] if known else name
    item.speaker, item.named = name, name is not None
    if name is not None and name.startswith("the "):  # "the Vermont senator said ...": the description stays
        item.named, item.speaker_org = False, organisation_of(name)
    item.candidates = [n for n in people.recent(hit.verb_pos, gender) if n != name
                       and not (gender and _IMPERSONAL.search(n))][:3]  # "he" is not "the Marston", "Trump's"
    if last is not None and name == last.name:
        item.speaker_title, item.speaker_role = last.title, last.role
