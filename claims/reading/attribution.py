"""Who said each quotation, and the predictions reported without quotation marks.

Pure: article text and its quotations in, :class:`Attributed` quotes out. Rules, in order:

1. The quotation's own attribution: after it ("..., said Marine Gen. Joseph F. Dunford, chairman of the
   Joint Chiefs of Staff." / "...," Flynn, a top Trump surrogate, said / "...," he said) or before it
   (Caddell said: "..." / According to X, "..."); for a fragment, the speech verb of its own sentence.
2. A quotation broken by its attribution ("X," he said, "Y.") and further quotations in the same paragraph
   share the speaker.
3. An unattributed quotation paragraph continues the previous speaker (or a "Caddell continued:" intro).

Names lose their titles ("Marine Gen." is kept as the title, "chairman of the Joint Chiefs of Staff" as
the role); a surname alone is the full name used earlier in the article; "he"/"she" is the most recent
speaker, or outside a quotation's own attribution the most recent person named outside quotation marks.
Names, titles and the article's index of people are in :mod:`claims.reading.names`; the word lists are data:
``claims/language/data/attribution.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.reading.names import (
    ADVERB,
    ORG,
    STOP,
    People,
    Words,
    clean_who,
    is_generic,
    sentence_start,
    split_name,
    valid_who,
    words,
)
from claims.reading.quotations import Paragraph, Quotation

_TRANSCRIPT = re.compile(r"([A-Z][A-Z'\u2019-]{2,}(?: [A-Z][A-Z'\u2019-]{1,}){0,2}):\s")
_TERMINAL_END = re.compile(r"[.?!:][\u201d\"']?\s*$")



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


@dataclass
class _Found:
    who: str
    role: str | None
    verb_pos: int
    rule: str


def _after(s: str, w: Words) -> _Found | None:
    """Attribution right after a quotation's closing mark (``s`` starts there)."""
    m = re.match(rf"\s*[\u2015\u2014\u2013]\s*(?P<who>{w.name})", s)
    if m and valid_who(m.group("who")):  # "..." ― Krystal Correa
        return _Found(m.group("who"), None, m.start("who"), "dash")
    m = re.match(rf"\s*,?\s*(?P<verb>{w.verbs.pattern})\s+(?P<who>{w.who})"
                 rf"(?P<role>,\s+[^,.;\u201c\"]{{2,150}}?(?:,|\.|$))?", s)
    if m and not _is_pronoun_object(m.group("who")) and valid_who(m.group("who")):
        return _Found(m.group("who"), _role(m.group("role")), m.start("verb"), "after-verb-first")
    m = re.match(rf"\s*,?\s*(?P<who>{w.who})(?P<role>(?:,\s+[^,;\u201c\"]{{2,150}}?){{1,3}},)?\s+(?:{ADVERB}\s+)?"
                 rf"(?:(?:has|had|have|would|will|later|then|also)\s+)?(?P<verb>{w.verbs.pattern})", s)
    if m and valid_who(m.group("who")):
        return _Found(m.group("who"), _role(m.group("role")), m.start("verb"), "after-who-first")
    m = re.match(rf"[^.?!\u201c\u201d\"]{{1,60}}?,\s*(?P<who>{w.who})\s+(?:{ADVERB}\s+)?(?P<verb>{w.verbs.pattern})"
                 r"[^\u201c\"]{0,40}?[.?!]?\s*$", s)
    if m and valid_who(m.group("who")):  # "..." for criminal behavior, she said.
        return _Found(m.group("who"), None, m.start("verb"), "after-tail")
    return None


def _before(s: str, w: Words, fragment: bool) -> _Found | None:
    """Attribution before a quotation's opening mark (``s`` ends there), within its sentence."""
    m = re.search(rf"\b[Aa]ccording\s+to\s+(?P<who>{w.who})(?P<role>,\s+[^,]{{2,150}}?,)?\s*,?\s*$", s)
    if m:
        return _Found(m.group("who"), _role(m.group("role")), m.start(), "according-to")
    pattern = re.compile(rf"(?P<who>{w.who})(?P<role>,\s+[^,;\u201c\u201d\"]{{2,150}}?,)?\s+(?:{ADVERB}\s+)?"
                         rf"(?:(?:has|had|have|would|will|later|then|also|again|once)\s+)?(?P<verb>{w.verbs.pattern})\b")
    best = None
    for m in pattern.finditer(s):
        if valid_who(m.group("who")):
            best = m
    if best is None:
        return None
    tail = s[best.end():]
    if not fragment and not re.fullmatch(r"[^.?!]{0,120}?[:,]?\s*(?:that\s*)?", tail):
        return None  # a full quotation takes the attribution that ends right before it
    return _Found(best.group("who"), _role(best.group("role")), best.start("verb"), "before")


def _role(role: str | None) -> str | None:
    if not role:
        return None
    role = role.strip(" ,.")
    return role or None


def _is_pronoun_object(who: str) -> bool:
    return who.lower() in ("him", "her", "them", "me", "us")


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


def attribute(text: str, paras: list[Paragraph], quotes: list[Quotation], people: People | None = None
              ) -> list[Attributed]:
    """A speaker (or None) for every quotation that is not a title in quotation marks."""
    w = words()
    people = people or People(text, quotes, paras)
    by_para: dict[int, list[int]] = {}
    out: list[Attributed] = []
    found: list[_Found | None] = []
    for q in quotes:
        if q.title_like:
            continue
        para = paras[q.paragraph]
        last_para = paras[q.last_paragraph] if q.last_paragraph >= 0 else para
        after_text = text[q.outer_end:last_para.end]
        nxt = [o.outer_start for o in quotes if last_para.start <= o.outer_start and o.outer_start >= q.outer_end]
        if nxt:
            after_text = text[q.outer_end:min(min(nxt), last_para.end)]
        prev_close = max([o.outer_end for o in quotes if o.paragraph == q.paragraph and o.outer_end <= q.outer_start],
                         default=para.start)
        before_text = text[prev_close:q.outer_start]
        hit = None if q.fragment and not q.text[:1].isupper() else _after(after_text, w)
        if hit is not None:
            hit.verb_pos += q.outer_end
        if q.fragment:
            prev_close = para.start  # a fragment's attribution is its sentence's, earlier quotes included
            before_text = text[prev_close:q.outer_start]
        if hit is None or q.fragment:
            cut = sentence_start(before_text)
            b = _before(before_text[cut:], w, q.fragment)
            if b is not None:
                b.verb_pos += prev_close + cut
                hit = b
        if hit is None and not q.fragment and text[prev_close:q.outer_start].rstrip().endswith(":"):
            # "President Obama is rolling out a new message: “It's about me.”": the sentence's subject
            lead = text[prev_close:q.outer_start]
            cut = sentence_start(lead)
            subject = re.match(rf"\s*(?:[^,\u201c\u201d\"]{{0,160}},\s+)?(?P<who>{w.name}|[Hh]e|[Ss]he)\b", lead[cut:])
            if subject and valid_who(subject.group("who")):
                hit = _Found(subject.group("who"), None, prev_close + cut + subject.end("who"), "colon-subject")
        if hit is None and not q.fragment:
            # "His former partner, Lawrence B. Cummings, called him a master. “He showed ...”"
            lead = text[para.start:q.outer_start]
            if lead.strip() and _TERMINAL_END.search(lead):
                cut = sentence_start(lead.rstrip())
                b = _before(lead.rstrip()[cut:].rstrip(".?! "), w, True)
                if b is not None and valid_who(b.who):
                    b.verb_pos += para.start + cut
                    b.rule = "previous-sentence"
                    hit = b
        if hit is None and q.fragment:
            a = _after(after_text, w)
            if a is not None:
                a.verb_pos += q.outer_end
                hit = a
        if hit is None and q.fragment:
            # "Dunford declined to comment ..., but said ... “a unique contribution”": the sentence's subject.
            start_at = sentence_start(before_text)
            sentence = before_text[start_at:]
            subject = re.match(rf"\s*(?:[^,\u201c\"]{{0,60}},\s+)?(?P<who>{w.name}|[Hh]e|[Ss]he)\b", sentence)
            # Only where the sentence reports speech: "Renzi has ruled out a large “invasion”" is a scare quote.
            # A single capitalised word must be someone the article names ("Pressure is building" is not).
            who = subject.group("who") if subject else ""
            known = len(who.split()) > 1 or who.lower() in ("he", "she") or who in people.full
            if subject and known and valid_who(who) and w.verbs.search(sentence, subject.end()):
                hit = _Found(subject.group("who"), None, prev_close + start_at + subject.end("who"),
                             "sentence-subject")
        label = _TRANSCRIPT.match(q.text)
        if label and not q.fragment:  # "WALLACE: But, Governor Pence, ...": a transcript names its speaker
            hit = _Found(label.group(1).title(), None, q.start, "transcript-label")
        item = Attributed(q.text, q.start, q.end, q.paragraph, True, q.fragment)
        out.append(item)
        found.append(hit)
        by_para.setdefault(q.paragraph, []).append(len(out) - 1)

    last_speaker: tuple[str, str | None, str | None, bool, int] | None = None
    last_speaker_para = -10
    colon_intro: dict[int, _Found] = {}
    for para in paras:  # "Caddell continued:" at the end of a paragraph introduces the next one
        if not para.text.endswith(":"):
            continue
        m = re.search(rf"(?P<who>{w.who})(?P<role>,\s+[^,]{{2,150}}?,)?\s+(?:{ADVERB}\s+)?(?P<verb>{w.verbs.pattern})"
                      rf"[^.:\u201c\"]{{0,60}}:\s*$", para.text)
        if m and not para.headline:
            colon_intro[para.index + 1] = _Found(m.group("who"), _role(m.group("role")), para.start + m.start("verb"),
                                                 "colon-intro")
        elif not para.headline:  # "On July 6, 2015, Sanders made the following comment:"
            lead = para.text[sentence_start(para.text[:-1]):]
            subject = re.match(rf"\s*(?:[^,\u201c\u201d\"]{{0,60}},\s+)?(?P<who>{w.name}|[Hh]e|[Ss]he)\b", lead)
            who = subject.group("who") if subject else ""
            # a lone capitalised word must be someone the article names ("Partial transcript as follows:")
            if subject and valid_who(who) and (len(who.split()) > 1 or who.lower() in ("he", "she")
                                               or who in people.full):
                colon_intro[para.index + 1] = _Found(subject.group("who"), None, para.start + subject.end("who"),
                                                     "colon-intro")
    for i, (item, hit) in enumerate(zip(out, found, strict=True)):
        if hit is None and item.paragraph in colon_intro:
            hit = colon_intro[item.paragraph]
        if hit is None and not item.fragment:
            siblings = [j for j in by_para.get(item.paragraph, []) if j != i and found[j] is not None]
            if siblings:
                j = min(siblings, key=lambda j: abs(j - i))
                _copy(out[j], item) if out[j].speaker else None
                hit = found[j] if not out[j].speaker else None
                if out[j].speaker:
                    item.rule = "same-paragraph"
                    last_speaker = (item.speaker, item.speaker_title, item.speaker_role, item.named, item.cue_pos)
                    last_speaker_para = item.paragraph
                    continue
        if hit is not None:
            _resolve(item, hit, people, last_speaker, text)
            if item.speaker:
                if item.named:
                    people.add(hit.verb_pos, item.speaker)
                if not item.fragment:
                    last_speaker = (item.speaker, item.speaker_title, item.speaker_role, item.named, item.cue_pos)
                    last_speaker_para = item.paragraph
            continue
        if not item.fragment and last_speaker is not None and item.paragraph - last_speaker_para <= 2:
            item.speaker, item.speaker_title, item.speaker_role, item.named, item.cue_pos = last_speaker
            item.rule = "continuing"
            last_speaker_para = item.paragraph
    return out


def _copy(src: Attributed, dst: Attributed) -> None:
    dst.speaker, dst.speaker_title, dst.speaker_role = src.speaker, src.speaker_title, src.speaker_role
    dst.named, dst.said_phrase, dst.cue_pos = src.named, src.said_phrase, src.cue_pos


def _resolve(item: Attributed, hit: _Found, people: People, last_speaker, text: str) -> None:  # noqa: ANN001
    w = words()
    who = clean_who(hit.who)
    item.rule = hit.rule
    item.cue_pos = hit.verb_pos
    item.said_phrase = _said_phrase(text, hit.verb_pos)
    low = who.lower()
    if low in w.pronouns:
        if low in ("i", "we", "they"):
            return
        gender = w.pronouns[low] if w.pronouns[low] in ("m", "f") else None
        # The person most recently reported speaking (quoted or not) is who "he said" means.
        talk_pos, name = people.talker_before(hit.verb_pos, gender)
        if last_speaker is not None and last_speaker[3] and last_speaker[4] > talk_pos and not (
                gender and people.gender(last_speaker[0]) not in (None, gender)):
            name = last_speaker[0]
        if name is None:
            name = people.before(hit.verb_pos, gender)
        item.speaker, item.named = name, name is not None
        if last_speaker is not None and name == last_speaker[0]:
            item.speaker_title, item.speaker_role = last_speaker[1], last_speaker[2]
        return
    if is_generic(who) and not re.match(rf"^{w.name}$", who):
        item.speaker, item.named = who[0].lower() + who[1:] if who.split()[0] in ("A", "An", "The") else who, False
        item.speaker_role = hit.role
        return
    name, title = split_name(who)
    if not name or name in STOP:
        return
    if name.split()[-1] in ORG and title and re.search(r"\b(?:of|the|at|for)\b", title):
        # "The governor of the Nordic Central Bank": a description, not a name
        item.speaker, item.named, item.speaker_role = who[0].lower() + who[1:], False, hit.role
        return
    item.speaker = people.canonical(name)
    item.speaker_title = title
    item.speaker_role = hit.role
    item.named = True
