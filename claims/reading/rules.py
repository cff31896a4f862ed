"""A quotation's own attribution: the rules that read the text around one quotation.

Pure. Each rule takes a :class:`_Spot` (the quotation and the text before and after it in its paragraph)
and returns a :class:`_Found` (the speaker phrase as written, its role, where the speech verb is, the
rule's name) or None; :data:`FULL_RULES` and :data:`FRAGMENT_RULES` are tried in order by
:func:`claims.reading.attribution.attribute`, which then resolves the phrase to a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from claims.reading.names import (
    ADVERB,
    CACHES,
    People,
    Words,
    clean_who,
    is_generic,
    person_name,
    sentence_start,
    valid_who,
    words,
)
from claims.reading.quotations import Paragraph, Quotation

_TRANSCRIPT = re.compile(r"([A-Z][A-Z'\u2019-]{2,}(?: [A-Z][A-Z'\u2019-]{1,}){0,2}|Q|A):\s")
_TERMINAL_END = re.compile(r"[.?!:][\u201d\"']?\s*$")


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
    rest: str = ""  # from the closing mark to the paragraph's end, later quotations blanked out ("____")


@lru_cache(maxsize=1)
def _after_patterns() -> tuple[re.Pattern, ...]:
    """:func:`_after`'s patterns, compiled once for the current words (they are long: built per call, each
    cost a hash of the whole pattern and often a fresh compile)."""
    w = words()
    role = r"(?P<role>,\s+[^,.;\u201c\"]{2,150}?(?:,|\.|$))?"
    return (
        re.compile(rf"\s*[\u2015\u2014\u2013]\s*(?P<who>{w.name})"),
        re.compile(rf"\s*,?\s*(?P<verb>[Aa]ccording\s+to)\s+(?:the\s+(?=[A-Z]))?(?P<who>{w.who}){role}"),
        re.compile(rf"\s*,?\s*(?P<verb>{w.verbs.pattern})\s+(?P<who>{w.who})"
                   rf"(?P<role>,\s+[^,.;\u201c\"]{{2,150}}?(?:,|\.|$))?"),
        re.compile(rf"\s*,?\s*(?P<who>{w.who})(?P<role>(?:,\s+[^,;\u201c\"]{{2,150}}?){{1,3}},)?\s+(?:{ADVERB}\s+)?"
                   rf"(?:(?:has|had|have|would|will|later|then|also)\s+)?(?P<verb>{w.verbs.pattern})"),
        re.compile(rf"[^.?!\u201c\u201d\"]{{1,60}}?,\s*(?P<who>{w.who})\s+(?:{ADVERB}\s+)?(?P<verb>{w.verbs.pattern})"
                   r"[^\u201c\"]{0,40}?[.?!]?\s*$"),
    )


# "Cory James, 22, of Flint, Mich., said": an age and a home town before the state that ends the appositive
_AGE_PLACE = r"(?:,\s+\d{1,3})?,\s+(?:of|from)\s+[A-Z][\w.\u2019' -]{1,40}?(?=,\s+[A-Z][\w.]{1,6},)"


@lru_cache(maxsize=1)
def _before_pattern() -> re.Pattern:
    """A speaker and speech verb before a quotation; "Mr. Trump was prompted to say", "a paper ... had this to
    say": up to three words and "to" may stand between them."""
    w = words()
    return re.compile(rf"(?P<who>{w.who})(?P<role>{_AGE_PLACE},\s+[^,;\u201c\u201d\"]{{2,150}}?,|"
                      rf",\s+[^,;\u201c\u201d\"]{{2,150}}?,)?\s+(?:{ADVERB}\s+)?"
                      rf"(?:(?:has|had|have|would|will|later|then|also|again|once)\s+|(?:[a-z]+\s+){{1,3}}?to\s+)?(?P<verb>{w.verbs.pattern})\b")


CACHES.extend((_after_patterns, _before_pattern))


def _after(s: str, w: Words) -> _Found | None:
    """Attribution right after a quotation's closing mark (``s`` starts there)."""
    dash, according, verb_first, who_first, tail = _after_patterns()
    m = dash.match(s)
    if m and valid_who(m.group("who")):  # "..." ― Krystal Correa
        return _Found(m.group("who"), None, m.start("who"), "dash")
    m = according.match(s)
    if m and valid_who(m.group("who")):  # "...," according to Dr. Harold Bornstein.
        return _appositive(_Found(m.group("who"), _role(m.group("role")), m.start("verb"), "according-to"), w)
    m = verb_first.match(s)
    if m and not _is_pronoun_object(m.group("who")) and valid_who(m.group("who")):
        return _appositive(_Found(m.group("who"), _role(m.group("role")), m.start("verb"), "after-verb-first"), w)
    m = who_first.match(s)
    if m and valid_who(m.group("who")):
        return _appositive(_Found(m.group("who"), _role(m.group("role")), m.start("verb"), "after-who-first"), w)
    m = tail.match(s)
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
    # "According to the Daily Caller, “...”": the outlet's name, without its article
    m = re.search(rf"\b[Aa]ccording\s+to\s+(?:the\s+(?=[A-Z]))?(?P<who>{w.who})(?P<role>,\s+[^,]{{2,150}}?,)?\s*,?\s*$",
                  s)
    if m:
        return _appositive(_Found(m.group("who"), _role(m.group("role")), m.start(), "according-to"), w)
    m = _SAID_FIRST.match(s)
    if m and w.verbs.fullmatch(m.group("verb").lower()) and valid_who(m.group("who")):  # "Said Comey, “...”"
        return _appositive(_Found(m.group("who"), _role(m.group("role")), m.start("verb"), "before"), w)
    pattern = _before_pattern()
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
    capitalised words before the comma; so is one after the main verb's object ("Trump issued a statement
    saying")."""
    # "Trump issued a statement saying", "Gowdy's office slammed a lawsuit ..., calling": an object before it
    as_object = bool(re.search(r"[a-z,]\s+$", s[:best.start("who")])) and best.group("who")[0].islower()
    if not best.group("verb").endswith("ing") or not (best.group("role") or as_object):
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
    # "... in San Bernardino, Calif., a familiar voice": an abbreviation with its full stop is a place, no subject
    return re.match(rf"\s*(?:[^,\u201c\u201d\"]{{0,{lead}}},\s+)?(?P<who>{w.name}|[Hh]e|[Ss]he)\b(?!\.)", sentence)


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


def rule_colon_before(spot: _Spot, w: Words, people: People) -> _Found | None:
    """"Clinton, exasperated, famously responded: “What difference ... does it make?” Her critics cited it as
    evidence ...": a speaker and speech verb ending in a colon right before a full quotation are its
    attribution, before any phrase after it."""
    return rule_before(spot, w, people) if spot.before.rstrip().endswith(":") else None


def rule_colon_subject(spot: _Spot, w: Words, people: People) -> _Found | None:
    """"President Obama is rolling out a new message: “It's about me.”": the sentence's subject."""
    if not spot.before.rstrip().endswith(":"):
        return None
    cut = sentence_start(spot.before)
    subject = _subject_of(spot.before[cut:], w, 160)
    if subject and valid_who(subject.group("who")):
        return _Found(subject.group("who"), None, spot.before_at + cut + subject.end("who"), "colon-subject")
    # "a spokesman for Bernie Sanders could only quip:", "the Illinois Board of Elections was conclusive ...:"
    subject = _unnamed_subject().match(spot.before, cut)
    if subject and valid_who(subject.group("who")):
        return _Found(subject.group("who"), None, spot.before_at + subject.end("who"), "colon-subject")
    return None


@lru_cache(maxsize=1)
def _unnamed_subject() -> re.Pattern:
    w = words()
    return re.compile(rf"\s*(?:[^,\u201c\u201d\"]{{0,160}},\s+)?(?P<who>{w.generic}|"
                      rf"[Tt]he\s+{w.name}(?:\s+of\s+{w.name})?)(?![\w\u2019'-])")


CACHES.append(_unnamed_subject)


def rule_dash_colon(spot: _Spot, w: Words, people: People) -> _Found | None:
    """"RED STATES OUTNUMBER BLUE STATES - Jeffrey M. Jones: “...”", "-More from Blumenthal and Cohen: “...”":
    a digest's dash, a name and a colon right before the quotation name its source."""
    m = _dash_colon().search(spot.before)
    if m and valid_who(m.group("who")):
        return _Found(m.group("who"), None, spot.before_at + m.start("who"), "dash-colon")
    return None


@lru_cache(maxsize=1)
def _dash_colon() -> re.Pattern:
    return re.compile(rf"(?:^|\s)[-\u2013\u2014]+\s*(?:More\s+from\s+|From\s+)?(?P<who>{words().who})"
                      rf"(?:\s+and\s+{words().name})?:\s*$")  # "- Frank Newport and Jim Harter:": the first


CACHES.append(_dash_colon)


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
    its sentence, after a comma (or "... , he said."), past later quotations in it ("a “good thing” that
    yielded “frankly good information,” he remarked") and abbreviations ("of Mr. Kerry's actions, said")."""
    tail = spot.rest[:_sentence_end(spot.rest)] if spot.rest else spot.after
    for m in _later().finditer(tail):
        who, verb, role = ("who", "verb", "role") if m.group("who") else ("who2", "verb2", "role2")
        if valid_who(m.group(who)) and not _is_pronoun_object(m.group(who)):
            found = _Found(m.group(who), _role(m.group(role)), spot.q.outer_end + m.start(verb), "later-in-sentence")
            return _appositive(found, w)
    return None


_END = re.compile(r"[.?!][\u201d\"']*(?:\s|$)")


def _sentence_end(s: str) -> int:
    """Where the sentence ``s`` starts in ends ("Mr." and "U.S." do not end it)."""
    abbrev = words().abbrev
    for m in _END.finditer(s):
        if not abbrev.search(s[:m.start() + 1]):
            return m.start()
    return len(s)


@lru_cache(maxsize=1)
def _later() -> re.Pattern:
    w = words()
    return re.compile(rf",\s+(?:(?P<who>{w.who})(?P<role>,\s+[^,;\u201c\u201d\"]{{2,150}}?,)?\s+(?:{ADVERB}\s+)?"
                      rf"(?P<verb>{w.verbs.pattern})\b|(?P<verb2>{w.verbs.pattern})\s+(?P<who2>{w.who})"
                      rf"(?P<role2>,\s+[^,.;\u201c\"]{{2,150}}?(?:,|\.|$))?)")


CACHES.append(_later)
def rule_after_verb_phrase(spot: _Spot, w: Words, people: People) -> _Found | None:
    """"“...,” said the 46-year-old", "“...?” asked the boy, who ...", "“...,” said former secretary of state
    Hillary Clinton, who ...": after a quotation that ends with a comma, a question or an exclamation mark, a
    speech verb and whatever phrase follows it, when the name and description patterns read none: the name
    in it (or in apposition to it), else the phrase as an unnamed source."""
    if not re.search(r"[,?!]\s*$", spot.q.text):
        return None
    after = _abbreviation().sub(lambda a: a.group()[:-1] + "\u2024", spot.after)  # "the younger Mr. Trump"
    # "“This is fantastic!” beamed Donald Hartley": after "!" or "?", a verb the lexicon lacks too
    m = _verb_phrase(bool(re.search(r"[?!]\s*$", spot.q.text))).match(after)
    first = m.group("np").split()[0].lower() if m else ""
    if m is None or first in w.prepositions or first in w.pronouns:
        return None  # "“Jaws,” directed by Steven Spielberg", "“...,” said it"
    phrase, role, at = m.group("np").strip(), _role(m.group("role")), spot.q.outer_end + m.start("verb")
    phrase, role = phrase.replace("\u2024", "."), role.replace("\u2024", ".") if role else None
    # "undecided Republican voter Stephanie Hooton of Derry": the person, not the town
    phrase = re.sub(r"(?<=[a-z])\s+(?:of|from)\s+[A-Z][^,]*$", "", phrase)
    if role and re.match(r"(?:who|which|whose)\b", role):
        role = None  # "the boy, who was wearing ...": a clause about the speaker, not a name in apposition
    name = None if is_generic(phrase) else _name_at_end(phrase, w)
    if name is not None:  # "former secretary of state Hillary Clinton"
        return _Found(name.group(), phrase[:name.start()].strip() or role, at, "after-verb-phrase")
    name = _name_at_end(role, w) if role else None
    if name is not None:  # "Clinton's introducer, actress Jamie Lee Curtis"
        return _Found(name.group(), phrase, at, "after-verb-phrase")
    if phrase.split()[0].lower() in w.determiners or re.search(r"[\u2019']s$", phrase.split()[0]):
        return _Found(phrase, role, at, "after-any-verb-np")  # "the 46-year-old": an unnamed source
    return None


def _name_at_end(part: str, w: Words) -> re.Match | None:
    m = re.search(rf"(?<![\w\u2019'-])(?:{w.name})$", part)
    return m if m and valid_who(m.group()) and person_name(m.group()) else None


@lru_cache(maxsize=1)
def _abbreviation() -> re.Pattern:
    return re.compile(words().abbrev.pattern.rstrip("$"))


@lru_cache(maxsize=2)
def _verb_phrase(any_verb: bool = False) -> re.Pattern:
    w = words()
    verb = rf"{w.verbs.pattern}|[a-z]{{2,}}ed" if any_verb else w.verbs.pattern
    return re.compile(rf"\s*,?\s*(?P<verb>{verb})\s+(?P<np>[^,.;:\u201c\u201d\"]{{2,80}}?)"
                      rf"(?P<role>,\s+[^,.;\u201c\u201d\"]{{2,150}}?)?(?=\s*[,.;:\u201c\u201d\"]|\s*$|\s+(?:who|as|in|at|on|during|after|before|from|to)\b)")


CACHES.extend((_verb_phrase, _abbreviation))
FULL_RULES = (rule_transcript, rule_colon_before, rule_after, rule_before, rule_dash_colon, rule_colon_subject,
              rule_previous_sentence, rule_after_any_verb, rule_lead_subject, rule_later_in_sentence,
              rule_after_verb_phrase)
FRAGMENT_RULES = (rule_before, rule_after, rule_according, rule_sentence_subject, rule_later_in_sentence)
