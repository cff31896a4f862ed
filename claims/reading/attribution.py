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
paragraph share a speaker; an unattributed quotation paragraph continues the previous speaker.

A description with a name in apposition is the name ("said Clinton's communications director, Jennifer
Palmieri"); an unnamed source ("a spokesman for Disney", "one", "officials") is kept as said, with the
organisation it speaks for, never replaced by the nearest name; a transcript's role label ("PARTICIPANT:")
is an unnamed speaker, and no transcript label carries over into later prose. Names lose their titles; a
surname alone is the full name used earlier; "he"/"she" is the most recent speaker or sentence subject that
fits. Every quotation carries a ``confidence`` (its rule's measured precision on PolNeAR's training split,
:mod:`claims.reading.confidence`) and the ``candidates`` weighed. Names and the article's index of people
are in :mod:`claims.reading.names`; the word lists are lexicon data (``attribution.json``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from claims.reading.confidence import score
from claims.reading.names import (
    ADVERB,
    CACHES,
    People,
    Words,
    clean_who,
    is_generic,
    organisation_of,
    person_name,
    sentence_start,
    valid_who,
    words,
)
from claims.reading.quotations import Paragraph, Quotation, looks_like_title

_TRANSCRIPT = re.compile(r"([A-Z][A-Z'\u2019-]{2,}(?: [A-Z][A-Z'\u2019-]{1,}){0,2}|Q|A):\s")
_IMPERSONAL = re.compile(r"^the\s|[\u2019']s$")
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


@dataclass
class _Found:
    who: str
    role: str | None
    verb_pos: int
    rule: str


@dataclass
class _Spot:
    """A quotation and the text around it that its rules read."""

    q: Quotation
    before: str  # from the previous quotation in the paragraph (or its start) to the opening mark
    before_at: int
    lead: str  # from the paragraph's start to the opening mark
    after: str  # from the closing mark to the next quotation or the paragraph's end
    para: Paragraph


def _after(s: str, w: Words) -> _Found | None:
    """Attribution right after a quotation's closing mark (``s`` starts there)."""
    m = re.match(rf"\s*[\u2015\u2014\u2013]\s*(?P<who>{w.name})", s)
    if m and valid_who(m.group("who")):  # "..." ― Krystal Correa
        return _Found(m.group("who"), None, m.start("who"), "dash")
    role = r"(?P<role>,\s+[^,.;\u201c\"]{2,150}?(?:,|\.|$))?"
    m = re.match(rf"\s*,?\s*(?P<verb>[Aa]ccording\s+to)\s+(?P<who>{w.who}){role}", s)
    if m and valid_who(m.group("who")):  # "...," according to Dr. Harold Bornstein.
        return _appositive(_Found(m.group("who"), _role(m.group("role")), m.start("verb"), "according-to"), w)
    m = re.match(rf"\s*,?\s*(?P<verb>{w.verbs.pattern})\s+(?P<who>{w.who})"
                 rf"(?P<role>,\s+[^,.;\u201c\"]{{2,150}}?(?:,|\.|$))?", s)
    if m and not _is_pronoun_object(m.group("who")) and valid_who(m.group("who")):
        return _appositive(_Found(m.group("who"), _role(m.group("role")), m.start("verb"), "after-verb-first"), w)
    m = re.match(rf"\s*,?\s*(?P<who>{w.who})(?P<role>(?:,\s+[^,;\u201c\"]{{2,150}}?){{1,3}},)?\s+(?:{ADVERB}\s+)?"
                 rf"(?:(?:has|had|have|would|will|later|then|also)\s+)?(?P<verb>{w.verbs.pattern})", s)
    if m and valid_who(m.group("who")):
        return _appositive(_Found(m.group("who"), _role(m.group("role")), m.start("verb"), "after-who-first"), w)
    m = re.match(rf"[^.?!\u201c\u201d\"]{{1,60}}?,\s*(?P<who>{w.who})\s+(?:{ADVERB}\s+)?(?P<verb>{w.verbs.pattern})"
                 r"[^\u201c\"]{0,40}?[.?!]?\s*$", s)
    if m and valid_who(m.group("who")):  # "..." for criminal behavior, she said.
        return _Found(m.group("who"), None, m.start("verb"), "after-tail")
    return None


def _appositive(found: _Found, w: Words) -> _Found:
    """"said Clinton's communications director, Jennifer Palmieri, adding": the name in apposition to a
    description is the speaker, the description its role."""
    if not found.role or not is_generic(clean_who(found.who)):
        return found
    name = found.role.strip()
    if re.fullmatch(rf"(?:[a-z][a-z-]+\s+){{0,3}}{w.name}", name) and valid_who(name) and person_name(name):
        return _Found(name, found.who, found.verb_pos, found.rule)
    return found


def _before(s: str, w: Words, fragment: bool) -> _Found | None:
    """Attribution before a quotation's opening mark (``s`` ends there), within its sentence."""
    m = re.search(rf"\b[Aa]ccording\s+to\s+(?P<who>{w.who})(?P<role>,\s+[^,]{{2,150}}?,)?\s*,?\s*$", s)
    if m:
        return _appositive(_Found(m.group("who"), _role(m.group("role")), m.start(), "according-to"), w)
    m = _SAID_FIRST.match(s)
    if m and w.verbs.fullmatch(m.group("verb").lower()) and valid_who(m.group("who")):  # "Said Comey, “...”"
        return _appositive(_Found(m.group("who"), _role(m.group("role")), m.start("verb"), "before"), w)
    pattern = re.compile(rf"(?P<who>{w.who})(?P<role>,\s+[^,;\u201c\u201d\"]{{2,150}}?,)?\s+(?:{ADVERB}\s+)?"
                         rf"(?:(?:has|had|have|would|will|later|then|also|again|once)\s+)?(?P<verb>{w.verbs.pattern})\b")
    best = None
    for m in pattern.finditer(s):
        if valid_who(m.group("who")) and not _CLAUSE_ROLE.match(m.group("role") or ""):
            best = m
    if best is None:
        return None
    tail = s[best.end():]
    if not fragment and not re.fullmatch(r"[^.?!]{0,120}?[:,]?\s*(?:that\s*)?", tail):
        return None  # a full quotation takes the attribution that ends right before it
    subject = _participle_subject(s, best, w)
    if subject is not None:
        return subject
    return _appositive(_Found(best.group("who"), _role(best.group("role")), best.start("verb"), "before"), w)


_SAID_FIRST = re.compile(r"\s*(?P<verb>[A-Z][a-z]+)\s+(?P<who>[A-Z][^,:;\u201c\u201d\"]{1,60}?)"
                         r"(?P<role>,\s+[^,;\u201c\u201d\"]{2,150}?)?\s*[,:]\s*$")


def _participle_subject(s: str, best: re.Match, w: Words) -> _Found | None:
    """"Speaking in Salem, New Hampshire, Trump went after Bush, calling him “a total stiff”": a participle
    after a comma ends the sentence's main clause, so its speaker is that clause's subject, not the nearest
    capitalised words before the comma."""
    if not best.group("verb").endswith("ing") or not best.group("role"):
        return None
    m = _lead_subject().match(s)
    if m is None or m.start("who") == best.start("who") or not valid_who(m.group("who")):
        return None
    return _appositive(_Found(m.group("who"), None, best.start("verb"), "before"), w)


# "Marco Rubio, whose hometown, Miami, is projected to be underwater, argues": a verb opening what stands
# between a name and the speech verb makes it a clause about the name, not an appositive of the speaker
_CLAUSE_ROLE = re.compile(r",\s+(?:is|was|are|were|has|had|have|will|would|can|could|did|does|may|might)\b")


def _role(role: str | None) -> str | None:
    if not role:
        return None
    role = role.strip(" ,.")
    return role or None


def _is_pronoun_object(who: str) -> bool:
    return who.lower() in ("him", "her", "them", "me", "us")


def _subject_of(sentence: str, w: Words, lead: int = 60) -> re.Match | None:
    return re.match(rf"\s*(?:[^,\u201c\u201d\"]{{0,{lead}}},\s+)?(?P<who>{w.name}|[Hh]e|[Ss]he)\b", sentence)


def _known(who: str, people: People) -> bool:
    """A single capitalised word must be someone the article names ("Pressure is building" is not)."""
    return len(who.split()) > 1 or who.lower() in ("he", "she") or who in people.full


# -- the rules of a quotation's own attribution: each returns a finding or None -------------------------

def rule_transcript(spot: _Spot, w: Words, people: People) -> _Found | None:
    """"WALLACE: But, Governor Pence, ...": a transcript names its speaker."""
    label = _TRANSCRIPT.match(spot.q.text)
    if label and not spot.q.fragment:
        return _Found(label.group(1), None, spot.q.start, "transcript-label")
    return None


def rule_after(spot: _Spot, w: Words, people: People) -> _Found | None:
    hit = _after(spot.after, w)
    if hit is not None:
        hit.verb_pos += spot.q.outer_end
    return hit


def rule_before(spot: _Spot, w: Words, people: People) -> _Found | None:
    cut = sentence_start(spot.before)
    hit = _before(spot.before[cut:], w, spot.q.fragment)
    if hit is not None:
        hit.verb_pos += spot.before_at + cut
    return hit


def rule_colon_subject(spot: _Spot, w: Words, people: People) -> _Found | None:
    """"President Obama is rolling out a new message: “It's about me.”": the sentence's subject."""
    if not spot.before.rstrip().endswith(":"):
        return None
    cut = sentence_start(spot.before)
    subject = _subject_of(spot.before[cut:], w, 160)
    if subject and valid_who(subject.group("who")):
        return _Found(subject.group("who"), None, spot.before_at + cut + subject.end("who"), "colon-subject")
    return None


def rule_previous_sentence(spot: _Spot, w: Words, people: People) -> _Found | None:
    """"His former partner, Lawrence B. Cummings, called him a master. “He showed ...”"."""
    lead = spot.lead.rstrip()
    if not lead or not _TERMINAL_END.search(lead):
        return None
    cut = sentence_start(lead)
    hit = _before(lead[cut:].rstrip(".?! "), w, True)
    if hit is None or not valid_who(hit.who):
        return None
    hit.verb_pos += spot.para.start + cut
    hit.rule = "previous-sentence"
    return hit


def rule_sentence_subject(spot: _Spot, w: Words, people: People) -> _Found | None:
    """"Dunford declined to comment ..., but said ... “a unique contribution”": the sentence's subject,
    where the sentence reports speech ("Renzi has ruled out a large “invasion”" is a scare quote); or
    "The ad urges voters to “send a message”", "Ted Cruz, who ..., named “Veep”": a subject (a name the
    article knows, or an unnamed source) with its verb right after it."""
    start_at = sentence_start(spot.lead)
    sentence = spot.lead[start_at:]
    subject = _subject_of(sentence, w)
    who = subject.group("who") if subject else ""
    if subject and _known(who, people) and valid_who(who) and w.verbs.search(sentence, subject.end()):
        return _Found(who, None, spot.para.start + start_at + subject.end("who"), "sentence-subject")
    m = _lead_subject().match(sentence)
    who = clean_who(m.group("who")) if m else ""
    # "has ruled out a large “invasion”": one quoted word after a perfect or a progressive is a scare quote
    verb = _VERB_NEXT if spot.q.words < 2 else _VERB_NEXT_AUX
    if m and valid_who(who) and (_known(who, people) or is_generic(who)) and verb.match(sentence, m.end() - 1):
        return _Found(m.group("who"), None, spot.para.start + start_at + m.end("who"), "subject-verb")
    return None


_VERB_NEXT = re.compile(r"(?:\w+ly\s+|also\s+)?(?!(?:is|was|has|does|says)\b)[a-z]+(?:ed|s)\b")
_VERB_NEXT_AUX = re.compile(r"(?:\w+ly\s+|also\s+|has\s+|had\s+|have\s+)?[a-z]+(?:ed|s)\b")


def rule_according(spot: _Spot, w: Words, people: People) -> _Found | None:
    """"According to his physician, the billionaire had “astonishingly excellent” results" (or the
    "according to" later in the sentence): the fragment's source."""
    start_at = sentence_start(spot.lead)
    end = re.search(r"[.?!](?:\s|$)", spot.after)
    sentence = spot.lead[start_at:] + " " + spot.after[:end.start() if end else len(spot.after)]
    m = _according().search(sentence)
    if m is None or not valid_who(m.group("who")):
        return None
    offset = spot.para.start + start_at if m.start() < len(spot.lead) - start_at else spot.q.outer_end - 1 - (
        len(spot.lead) - start_at)
    return _appositive(_Found(m.group("who"), _role(m.group("role")), offset + m.start(), "according-to"), w)


@lru_cache(maxsize=1)
def _according() -> re.Pattern:
    w = words()
    return re.compile(rf"\b[Aa]ccording\s+to\s+(?P<who>{w.who})(?P<role>,\s+[^,.;\u201c\"]{{2,150}}?(?:,|\.|$))?")


CACHES.append(_according)
def rule_after_any_verb(spot: _Spot, w: Words, people: People) -> _Found | None:
    """"“Go back to Univision,” Trump barked": after a quotation that ends with a comma, a question or an
    exclamation mark inside its marks, a name then a verb of any kind is the attribution, a verb not in the
    lexicon included; "the note says", "a voice over says": a thing or an unnamed source with a speech verb."""
    if not re.search(r"[,?!\u2014-]\s*$", spot.q.text if not spot.q.fragment else spot.after[:1] + spot.q.text):
        return None
    m = _any_verb().match(spot.after)
    if m is None:
        return None
    who, role, at = m.group("who"), _role(m.group("role")), spot.q.outer_end + m.start("verb")
    if m.group("np") is None:
        return _Found(who, role, at, "after-any-verb") if valid_who(who) else None
    named = re.search(rf"(?<=\s)(?:{w.name})$", who)
    if named and valid_who(named.group()) and person_name(named.group()):
        # "the economist Jared Bernstein, a former adviser ..., said": the name, the description its role
        return _Found(named.group(), role or who[:named.start()].strip(), at, "after-any-verb")
    if role or not (is_generic(who) or w.verbs.fullmatch(m.group("verb"))):
        return None  # "“Night Buses,” a documentary about the drivers, opens": a title, not a source
    return _Found(who, None, at, "after-any-verb-np")


@lru_cache(maxsize=1)
def _any_verb() -> re.Pattern:
    w = words()
    dets = "|".join(sorted((re.escape(d) for d in w.determiners), key=len, reverse=True))
    np = rf"(?P<np>(?i:{dets})\s+(?:[\w\u2019'-]+\s+){{0,3}}?[\w\u2019'-]+)"
    return re.compile(rf"\s*,?\s*(?P<who>{w.name}|{np})(?P<role>,\s+[^,;\u201c\u201d\"]{{2,150}}?,)?\s+(?:{ADVERB}\s+)?"
                      rf"(?P<verb>{w.verbs.pattern}|(?!(?:was|is|has|does|as|its|his|this|us)\b)[a-z]{{2,}}(?:ed|s))\b")


def rule_lead_subject(spot: _Spot, w: Words, people: People) -> _Found | None:
    """"Bush thought for a moment and said that in the current political climate, “...”": a full quotation
    with no attribution of its own, inside a sentence that began before it, is its subject's."""
    start_at = sentence_start(spot.lead)
    sentence = spot.lead[start_at:]
    if not sentence.strip():
        return None
    m = _lead_subject().match(sentence)
    if m is None or not valid_who(m.group("who")) or not _known(clean_who(m.group("who")), people) and not is_generic(
            clean_who(m.group("who"))):
        return None
    return _Found(m.group("who"), None, spot.para.start + start_at + m.end("who"), "lead-subject")


@lru_cache(maxsize=1)
def _lead_subject() -> re.Pattern:
    w = words()
    return re.compile(rf"\s*(?:[^,\u201c\u201d\"]{{0,60}},\s+)?(?P<who>{w.who})(?:,\s+[^,;\u201c\u201d\"]{{2,150}}?,)?"
                      rf"\s+(?:{ADVERB}\s+)?[a-z]")


CACHES.extend((_any_verb, _lead_subject))
def rule_later_in_sentence(spot: _Spot, w: Words, people: People) -> _Found | None:
    """"Trump’s “excesses” are sickening, Hollande said Tuesday in Paris": a fragment's attribution later in
    its sentence, after a comma (or "... , he said.")."""
    end = re.search(r"[.?!](?:\s|$)|[\u201c\"]", spot.after)
    tail = spot.after[:end.start() if end else len(spot.after)]
    for m in _later().finditer(tail):
        who, verb, role = ("who", "verb", "role") if m.group("who") else ("who2", "verb2", "role2")
        if valid_who(m.group(who)) and not _is_pronoun_object(m.group(who)):
            found = _Found(m.group(who), _role(m.group(role)), spot.q.outer_end + m.start(verb), "later-in-sentence")
            return _appositive(found, w)
    return None


@lru_cache(maxsize=1)
def _later() -> re.Pattern:
    w = words()
    return re.compile(rf",\s+(?:(?P<who>{w.who})(?P<role>,\s+[^,;\u201c\u201d\"]{{2,150}}?,)?\s+(?:{ADVERB}\s+)?"
                      rf"(?P<verb>{w.verbs.pattern})\b|(?P<verb2>{w.verbs.pattern})\s+(?P<who2>{w.who})"
                      rf"(?P<role2>,\s+[^,.;\u201c\"]{{2,150}}?(?:,|\.|$))?)")


CACHES.append(_later)
FULL_RULES = (rule_transcript, rule_after, rule_before, rule_colon_subject, rule_previous_sentence,
              rule_after_any_verb, rule_lead_subject, rule_later_in_sentence)
FRAGMENT_RULES = (rule_before, rule_after, rule_according, rule_sentence_subject, rule_later_in_sentence)


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
        out.append(_Spot(q, text[prev_close:q.outer_start], prev_close, text[para.start:q.outer_start], after, para))
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
        if low not in ("i", "we", "they"):
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
    item.speaker, item.named = name, name is not None
    if name is not None and name.startswith("the "):  # "the Vermont senator said ...": the description stays
        item.named, item.speaker_org = False, organisation_of(name)
    item.candidates = [n for n in people.recent(hit.verb_pos, gender) if n != name
                       and not (gender and _IMPERSONAL.search(n))][:3]  # "he" is not "the Marston", "Trump's"
    if last is not None and name == last.name:
        item.speaker_title, item.speaker_role = last.title, last.role
