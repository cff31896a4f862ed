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
The word lists are data: ``claims/data/attribution.json``.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .quotations import Paragraph, Quotation

DATA = Path(__file__).parent / "data" / "attribution.json"


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
class _Words:
    verbs: re.Pattern
    titles: set[str]
    who: str
    name: str
    generic: str
    pronouns: dict[str, str]
    gender: dict[str, str]
    nouns: set[str]


_STOP = {"The", "A", "An", "But", "And", "In", "On", "At", "It", "This", "That", "He", "She", "They", "We", "I",
         "If", "As", "For", "When", "While", "After", "Before", "Asked", "According", "Still", "Yet", "So", "Or",
         "Now", "Then", "There", "Here", "Even", "Also", "Meanwhile", "However", "Rather", "Since", "With",
         "Without", "Despite", "Although", "Though", "Because", "Until", "During", "From", "By", "To", "Of",
         "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
         "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
         "Democrats", "Republicans", "Americans", "Thank", "Yes", "No", "Mr", "Ms", "What", "Who", "Why", "How",
         "Where", "Which", "Whether", "Speaking", "Like", "Unlike", "Instead", "Only", "Just", "Both",
         "Each", "Every", "All", "Many", "Most", "Some", "Several", "Such", "These", "Those", "His", "Her", "Their",
         "Our", "My", "Your", "Its", "Democratic", "Republican", "American", "Today", "Tonight", "Yesterday",
         "Once", "One", "Two", "Three", "Four", "Five", "America", "It\u2019s", "It's", "That\u2019s", "That's",
         "There\u2019s", "There's", "Here\u2019s", "Here's", "What\u2019s", "What's", "Let", "Let's", "Please",
         "Oh", "Well", "Hey", "Dear", "Never", "Always", "Not", "Nor", "Neither", "Either"}
# A last word that makes a capitalised name an organisation or a place, not a person "he" or "she" can be.
_ORG = {"Convention", "Committee", "Party", "Council", "House", "Senate", "Department", "University", "Center",
        "Centre", "News", "Times", "Post", "Street", "Avenue", "County", "City", "States", "State", "Republic",
        "Union", "Association", "Institute", "Foundation", "Agency", "Bank", "Court", "Congress", "Administration",
        "Campaign", "Network", "Show", "Tribune", "Journal", "Group", "Corp", "Inc", "Company", "Office", "Review",
        "Hospital", "School", "College", "Church", "Army", "Navy", "Force", "Guard", "Police", "Board", "Caucus",
        "America", "York", "Jersey", "Carolina", "Virginia", "Dakota", "Island", "Islands", "Hampshire", "Mexico",
        "Magazine", "Media", "Channel", "Radio", "Television", "TV", "Press", "Commission", "Ministry", "Coalition",
        "Forum", "Summit", "Hall", "Square", "Park", "Building", "Airport", "Station", "Nations", "Kingdom"}
_TERMINAL_END = re.compile(r"[.?!:][\u201d\"']?\s*$")
_ADVERB = r"(?:\w+ly|often|also|later|then|again|once|still|just|even|already|never|ever|soon|recently|now)"


@lru_cache(maxsize=1)
def words() -> _Words:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    verbs = sorted(data["speech_verbs"], key=len, reverse=True)
    verb_re = re.compile(r"\b(?:" + "|".join(r"\s+".join(map(re.escape, v.split())) for v in verbs) + r")\b")
    abbrev = (r"(?:[A-Z]|Gen|Lt|Col|Maj|Adm|Sgt|Capt|Cmdr|Brig|Sen|Rep|Gov|Mr|Ms|Mrs|Dr|Prof|Rev|Jr|Sr|St|Gens|"
              r"Sens|Reps)\.")
    cap = (rf"(?:{abbrev}|[A-Z][a-z]+(?:[A-Z][a-z]+)*(?:[-\u2019'][A-Z]?[a-z]+)*|[A-Z]{2,4}(?![a-zA-Z])|"
           r"(?:Mc|Mac|O[\u2019'])[A-Z][a-z]+)")
    particle = r"(?:de|del|der|van|von|bin|al|la|le|da|di|du|dos|ibn|el)"
    name = rf"(?=[A-Z]){cap}(?:\s+(?:{particle}\s+)?{cap}){{0,5}}"  # the lookahead fails fast elsewhere
    nouns = "|".join(sorted(map(re.escape, data["person_nouns"]), key=len, reverse=True))
    generic = (r"(?:[Aa]n?|[Tt]he|[Oo]ne|[Ss]everal|[Tt]wo|[Tt]hree|[Ss]ome|[Aa]nother|[Oo]ther|[Mm]any|[Mm]ost|"
               r"[Hh]is|[Hh]er|[Tt]heir|[Mm]y|[Oo]ur|[Yy]our|[A-Z][\w.]*[\u2019']s)\s+(?:[\w\u2019'.-]+\s+){0,5}?"
               r"(?:" + nouns + r")\b")
    pronoun = r"(?:[Hh]e|[Ss]he|[Tt]hey|I|[Ww]e)"
    # "IMF chief economist Maury Obstfeld", "9/11 widow Terry Strada"
    described = rf"(?:(?:[A-Z][\w.\u2019'-]*|[a-z][a-z-]+|\d[\w/.-]*)\s+){{1,5}}?{name}"
    party = r"(?:\s*\([A-Z][\w.,\s-]{0,25}\))?"  # "(D-Wis.)"
    who = rf"(?:(?:{name}|{described}){party}|{generic}|{pronoun})"
    gender = {n: g for g, names in data.get("given_names", {}).items() for n in names}
    return _Words(verb_re, set(data["titles"]), who, name, generic, data["pronouns"], gender,
                  {n.lower() for n in data["person_nouns"]})


@lru_cache(maxsize=4096)
def split_name(phrase: str) -> tuple[str, str | None]:
    """'Marine Gen. Joseph F. Dunford' -> ('Joseph F. Dunford', 'Marine Gen.');
    'IMF chief economist Maury Obstfeld' -> ('Maury Obstfeld', 'IMF chief economist')."""
    w = words()
    tokens = phrase.split()
    start = len(tokens)
    while start > 0 and tokens[start - 1][:1].isupper():
        start -= 1  # the trailing run of capitalised words
    i = start
    # The name starts after the last title in the run: "New Jersey Gov. Chris Christie" -> "Chris Christie".
    for j in range(len(tokens) - 2, start - 1, -1):
        if tokens[j] in w.titles or tokens[j].rstrip(".") in w.titles and tokens[j].endswith("."):
            i = j + 1
            break
    while i < len(tokens) - 1 and (tokens[i] in w.titles or tokens[i].rstrip(".") in w.titles
                                   or tokens[i].endswith("-") or (tokens[i].isupper() and len(tokens[i]) <= 4)):
        i += 1
    title = " ".join(tokens[:i]) or None
    return " ".join(tokens[i:]), title


_DETERMINERS = {"a", "an", "the", "one", "several", "two", "three", "some", "another", "other", "many", "most",
                "his", "her", "their", "my", "our", "your"}


def _is_generic(who: str) -> bool:
    """'a senior official', 'the president's spokesman', 'my mother': an unnamed source."""
    tokens = who.split()
    if len(tokens) < 2 or tokens[-1].lower() not in words().nouns:
        return False
    first = tokens[0]
    return first.lower() in _DETERMINERS or bool(re.search(r"[\u2019']s$", first))


@lru_cache(maxsize=4096)
def _valid_who(who: str) -> bool:
    w = words()
    who = _clean_who(who)
    if who.lower() in w.pronouns or _is_generic(who):
        return True
    if who in _STOP or re.search(r"[\u2019']s$", who):
        return False  # "Frye's warning": a possessive is never the speaker
    name, _title = split_name(who)
    return bool(name) and name.split()[0] not in _STOP and name not in _STOP


@lru_cache(maxsize=4096)
def _clean_who(who: str) -> str:
    who = re.sub(r"\s*\([^)]*\)\s*$", "", who.strip().strip(","))
    who = re.sub(r"^([Hh]e|[Ss]he)[\u2019']s$", r"\1", who)  # "He’s claiming"
    who = re.sub(r"^(?:[Aa]nd|[Bb]ut|[Ss]o|[Yy]et|[Tt]hen|[Aa]lso)\s+", "", who)
    tokens = who.split()
    while len(tokens) > 1 and tokens[0] in _STOP and tokens[0] not in ("The", "A", "An", "His", "Her", "Their",
                                                                       "My", "Our", "Your"):
        tokens.pop(0)  # "What Mr. Obama" -> "Mr. Obama"
    return " ".join(tokens)


@dataclass
class _Found:
    who: str
    role: str | None
    verb_pos: int
    rule: str


def _after(s: str, w: _Words) -> _Found | None:
    """Attribution right after a quotation's closing mark (``s`` starts there)."""
    m = re.match(rf"\s*[\u2015\u2014\u2013]\s*(?P<who>{w.name})", s)
    if m and _valid_who(m.group("who")):  # "..." ― Krystal Correa
        return _Found(m.group("who"), None, m.start("who"), "dash")
    m = re.match(rf"\s*,?\s*(?P<verb>{w.verbs.pattern})\s+(?P<who>{w.who})"
                 rf"(?P<role>,\s+[^,.;\u201c\"]{{2,150}}?(?:,|\.|$))?", s)
    if m and not _is_pronoun_object(m.group("who")) and _valid_who(m.group("who")):
        return _Found(m.group("who"), _role(m.group("role")), m.start("verb"), "after-verb-first")
    m = re.match(rf"\s*,?\s*(?P<who>{w.who})(?P<role>,\s+[^,;\u201c\"]{{2,150}}?,)?\s+(?:{_ADVERB}\s+)?"
                 rf"(?:(?:has|had|have|would|will|later|then|also)\s+)?(?P<verb>{w.verbs.pattern})", s)
    if m and _valid_who(m.group("who")):
        return _Found(m.group("who"), _role(m.group("role")), m.start("verb"), "after-who-first")
    m = re.match(rf"[^.?!\u201c\u201d\"]{{1,60}}?,\s*(?P<who>{w.who})\s+(?:{_ADVERB}\s+)?(?P<verb>{w.verbs.pattern})"
                 r"[^\u201c\"]{0,40}?[.?!]?\s*$", s)
    if m and _valid_who(m.group("who")):  # "..." for criminal behavior, she said.
        return _Found(m.group("who"), None, m.start("verb"), "after-tail")
    return None


def _before(s: str, w: _Words, fragment: bool) -> _Found | None:
    """Attribution before a quotation's opening mark (``s`` ends there), within its sentence."""
    m = re.search(rf"\b[Aa]ccording\s+to\s+(?P<who>{w.who})(?P<role>,\s+[^,]{{2,150}}?,)?\s*,?\s*$", s)
    if m:
        return _Found(m.group("who"), _role(m.group("role")), m.start(), "according-to")
    pattern = re.compile(rf"(?P<who>{w.who})(?P<role>,\s+[^,;\u201c\u201d\"]{{2,150}}?,)?\s+(?:{_ADVERB}\s+)?"
                         rf"(?:(?:has|had|have|would|will|later|then|also|again|once)\s+)?(?P<verb>{w.verbs.pattern})\b")
    best = None
    for m in pattern.finditer(s):
        if _valid_who(m.group("who")):
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


class _People:
    """The people an article names, in order, for surnames and pronouns; and who is reported speaking."""

    def __init__(self, text: str, quotes: list[Quotation], paras: list[Paragraph]):
        w = words()
        spans = sorted((q.outer_start, q.outer_end) for q in quotes)
        starts = [a for a, _ in spans]

        def quoted(pos: int) -> bool:
            i = bisect_right(starts, pos) - 1
            return i >= 0 and spans[i][0] <= pos < spans[i][1]

        mid_sentence = set(re.findall(r"[a-z,;]\s+([A-Z][\w\u2019'-]+)", text))
        self.mentions: list[tuple[int, str]] = []
        self.talkers: list[tuple[int, str]] = []  # subjects of speech verbs outside quotations
        self.full: dict[str, str] = {}
        self.genders: dict[str, str] = {}
        name_re = re.compile(w.name)
        subject_re = re.compile(rf"\s*(?:[^,\u201c\u201d\"]{{0,40}},\s+)?(?P<who>{w.name})(?:,[^,]{{2,120}},)?\s+"
                                rf"(?:{_ADVERB}\s+)?[a-z]")
        talk_re = _talk_re()
        for para in paras:
            for m in name_re.finditer(text, para.start, para.end):
                if quoted(m.start()):
                    continue
                name, title = split_name(m.group(0))
                tokens = [t for t in name.split() if t not in _STOP]
                if len(tokens) >= 2 and tokens == name.split():
                    self.add(m.start(), name, title)
            if para.headline:
                continue  # a headline names people, but nobody speaks in it
            for v in w.verbs.finditer(text, para.start, para.end):
                if quoted(v.start()):
                    continue
                lo = max(para.start, v.start() - 140)
                m = talk_re.search(text, lo, v.start())
                if m is None or not _valid_who(m.group("who")):
                    continue
                name, title = split_name(_clean_who(m.group("who")))
                if name and name.split()[0] not in _STOP and name[0].isupper():
                    self.talkers.append((m.start(), self.canonical(name)))
            # Sentence subjects ("Ham made it clear he ...") are what a following "he" usually means.
            for s, _e in sentences(text, para.start, para.end):
                m = subject_re.match(text, s)
                if m and not quoted(m.start("who")) and _valid_who(m.group("who")):
                    name, _title = split_name(_clean_who(m.group("who")))
                    name = self.canonical(name) if name else name
                    # one capitalised word opening a sentence ("Among", "Chastened") is a name only if the
                    # article also capitalises it mid-sentence
                    if name and name[0].isupper() and name.split()[0] not in _STOP and (
                            len(name.split()) > 1 or name in mid_sentence):
                        self.talkers.append((m.start("who"), name))
        self.talkers.sort()

    def add(self, pos: int, name: str, title: str | None = None) -> None:
        self.mentions.append((pos, name))
        last = name.split()[-1]
        if len(name.split()) >= 2 and (last not in self.full or len(name) > len(self.full[last])):
            self.full[last] = name
        g = _gender(name, title)
        if g:
            self.genders.setdefault(name, g)

    def gender(self, name: str) -> str | None:
        return self.genders.get(name) or _gender(name, None)

    def talker_before(self, pos: int, gender: str | None) -> tuple[int, str | None]:
        best: tuple[int, str | None] = (-1, None)
        for p, name in self.talkers:
            if p >= pos:
                break
            if gender and (self.gender(name) not in (None, gender) or name.split()[-1] in _ORG):
                continue
            best = (p, name)
        return best

    def canonical(self, name: str) -> str:
        tokens = name.split()
        if len(tokens) == 1 and tokens[0] in self.full:
            return self.full[tokens[0]]
        return name

    def before(self, pos: int, gender: str | None = None) -> str | None:
        best = None
        for p, name in self.mentions:
            if p < pos and not (gender and (self.gender(name) not in (None, gender) or name.split()[-1] in _ORG)):
                best = name
        return best


@lru_cache(maxsize=1)
def _talk_re() -> re.Pattern:
    """A speaker just before a speech verb (the search window ends at the verb)."""
    w = words()
    return re.compile(rf"(?<![\w'\u2019])(?=[A-Za-z])(?P<who>{w.name}|{w.generic})"
                      rf"(?:,\s+[^,;\u201c\u201d\"]{{2,150}}?,)?\s+"
                      rf"(?:\w+ly\s+|also\s+|has\s+|had\s+|later\s+|then\s+){{0,2}}$")


def _gender(name: str, title: str | None) -> str | None:
    t = (title or "").split()
    if t and t[-1].rstrip(".") in ("Mr", "Sir", "King", "Prince", "Lord"):
        return "m"
    if t and t[-1].rstrip(".") in ("Ms", "Mrs", "Miss", "Queen", "Princess", "Lady", "Dame"):
        return "f"
    first = name.split()[0].lower() if name else ""
    return words().gender.get(first)


def attribute(text: str, paras: list[Paragraph], quotes: list[Quotation], people: _People | None = None
              ) -> list[Attributed]:
    """A speaker (or None) for every quotation that is not a title in quotation marks."""
    w = words()
    people = people or _People(text, quotes, paras)
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
            sentence_start = _sentence_start(before_text)
            b = _before(before_text[sentence_start:], w, q.fragment)
            if b is not None:
                b.verb_pos += prev_close + sentence_start
                hit = b
        if hit is None and not q.fragment and text[prev_close:q.outer_start].rstrip().endswith(":"):
            # "President Obama is rolling out a new message: “It's about me.”": the sentence's subject
            lead = text[prev_close:q.outer_start]
            cut = _sentence_start(lead)
            subject = re.match(rf"\s*(?:[^,\u201c\u201d\"]{{0,80}},\s+)?(?P<who>{w.name}|[Hh]e|[Ss]he)\b", lead[cut:])
            if subject and _valid_who(subject.group("who")):
                hit = _Found(subject.group("who"), None, prev_close + cut + subject.end("who"), "colon-subject")
        if hit is None and not q.fragment:
            # "His former partner, Lawrence B. Cummings, called him a master. “He showed ...”"
            lead = text[para.start:q.outer_start]
            if lead.strip() and _TERMINAL_END.search(lead):
                cut = _sentence_start(lead.rstrip())
                b = _before(lead.rstrip()[cut:].rstrip(".?! "), w, True)
                if b is not None and _valid_who(b.who):
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
            sentence_start = _sentence_start(before_text)
            sentence = before_text[sentence_start:]
            subject = re.match(rf"\s*(?:[^,\u201c\"]{{0,60}},\s+)?(?P<who>{w.name}|[Hh]e|[Ss]he)\b", sentence)
            # Only where the sentence reports speech: "Renzi has ruled out a large “invasion”" is a scare quote.
            if subject and _valid_who(subject.group("who")) and w.verbs.search(sentence, subject.end()):
                hit = _Found(subject.group("who"), None, prev_close + sentence_start + subject.end("who"),
                             "sentence-subject")
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
        m = re.search(rf"(?P<who>{w.who})(?P<role>,\s+[^,]{{2,150}}?,)?\s+(?:{_ADVERB}\s+)?(?P<verb>{w.verbs.pattern})"
                      rf"[^.:\u201c\"]{{0,60}}:\s*$", para.text)
        if m and not para.headline:
            colon_intro[para.index + 1] = _Found(m.group("who"), _role(m.group("role")), para.start + m.start("verb"),
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


def _resolve(item: Attributed, hit: _Found, people: _People, last_speaker, text: str) -> None:  # noqa: ANN001
    w = words()
    who = _clean_who(hit.who)
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
    if _is_generic(who) and not re.match(rf"^{w.name}$", who):
        item.speaker, item.named = who[0].lower() + who[1:] if who.split()[0] in ("A", "An", "The") else who, False
        item.speaker_role = hit.role
        return
    name, title = split_name(who)
    if not name or name in _STOP:
        return
    if name.split()[-1] in _ORG and title and re.search(r"\b(?:of|the|at|for)\b", title):
        # "The governor of the Nordic Central Bank": a description, not a name
        item.speaker, item.named, item.speaker_role = who[0].lower() + who[1:], False, hit.role
        return
    item.speaker = people.canonical(name)
    item.speaker_title = title
    item.speaker_role = hit.role
    item.named = True


_ABBREV = re.compile(r"\b(?:[A-Z]|Gen|Lt|Col|Maj|Adm|Sgt|Capt|Sen|Rep|Gov|Mr|Ms|Mrs|Dr|St|Jr|Sr|U\.S|Inc|Co|No|vs|"
                     r"Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|Rev|Prof)\.$")


def _sentence_start(s: str) -> int:
    """Index in ``s`` where its last sentence begins."""
    start = 0
    for m in re.finditer(r"[.?!][\u201d\"']?\s+(?=[A-Z\u201c\"])", s):
        if _ABBREV.search(s[:m.start() + 1]):
            continue
        start = m.end()
    return start


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans in text[start:end], abbreviation-aware."""
    spans = []
    cur = start
    for m in re.finditer(r"[.?!][\u201d\"']?\s+(?=[A-Z\u201c\"])", text[start:end]):
        cut = start + m.end()
        if _ABBREV.search(text[cur:start + m.start() + 1]):
            continue
        spans.append((cur, cut))
        cur = cut
    if cur < end:
        spans.append((cur, end))
    return spans


_THAT = re.compile(r"(?:\s+[^,.\u201c\"]{0,30}?)?\s+that\s+(?P<content>[^\u201c\u201d\"]+?)[.]?\s*$")
_TAIL_END = re.compile(r"(?:\s+\w+)?\s*(?:[,.]|$)")


def _reported_in(sentence: str, w: _Words) -> tuple[str, tuple[int, int], int, tuple[int, int]] | None:
    """(rule, speaker span, verb position, content span) of speech reported in one sentence, or None:
    "Carter said early this month that he anticipated ..." or "There is interest ..., Dunford said, but"."""
    if any(c in sentence for c in "\u201c\u201d\""):
        return None
    talk = _talk_re()
    for verb in w.verbs.finditer(sentence):
        m = _THAT.match(sentence, verb.end())
        if m:
            who = talk.search(sentence, max(0, verb.start() - 160), verb.start())
            if who and who.start() <= 80 and _valid_who(who.group("who")):
                return "said-that", who.span("who"), verb.start(), m.span("content")
        comma = sentence.rfind(",", 0, verb.start())
        if comma >= 20 and _TAIL_END.match(sentence, verb.end()):
            who = sentence[comma + 1:verb.start()].strip()
            if who and len(who.split()) <= 6 and _valid_who(who) and re.fullmatch(rf"{w.who}", who):
                lead = len(sentence[comma + 1:verb.start()]) - len(sentence[comma + 1:verb.start()].lstrip())
                start = comma + 1 + lead
                return "content-then-said", (start, start + len(who)), verb.start(), (0, comma)
    return None


def people_of(text: str, paras: list[Paragraph], quotes: list[Quotation]) -> _People:
    """The people an article names and who speaks where (shared by :func:`attribute` and :func:`reported`)."""
    return _People(text, quotes, paras)


def reported(text: str, paras: list[Paragraph], quotes: list[Quotation], attributed: list[Attributed],
             people: _People | None = None) -> list[Attributed]:
    """Speech reported without quotation marks ("Carter said early this month that he anticipated ..."),
    in the reporter's words (``verbatim`` false)."""
    w = words()
    people = people or _People(text, quotes, paras)
    quoted = [(q.outer_start, q.outer_end) for q in quotes]
    out = []
    adding_re = re.compile(r"\badding\s+that\s+(?P<content>[^\u201c\"]+?)[.]?\s*$")
    for para in paras:
        if para.headline or "?" in para.text and len(para.text.split()) <= 30:
            continue
        for s, e in sentences(text, para.start, para.end):
            if any(a < e and s < b for a, b in quoted):
                m = adding_re.search(text[s:e])
                if m:
                    owner = next((a for a in attributed if s <= a.start < e and a.speaker), None)
                    if owner is not None:
                        out.append(Attributed(" ".join(m.group("content").split()), s + m.start("content"),
                                              s + m.end("content"), para.index, False, False, owner.speaker,
                                              owner.speaker_title, owner.speaker_role, owner.named,
                                              owner.said_phrase, "adding-that", owner.cue_pos))
                continue
            sentence = text[s:e]
            found = _reported_in(sentence, w)
            if found is None:
                continue
            rule, who_span, verb_at, content_span = found
            m = None
            hit = _Found(sentence[who_span[0]:who_span[1]], None, s + verb_at, rule)
            item = Attributed(" ".join(sentence[content_span[0]:content_span[1]].split()), s + content_span[0],
                              s + content_span[1], para.index, False, False)
            _resolve(item, hit, people, None, text)
            if item.speaker:
                out.append(item)
    return out
