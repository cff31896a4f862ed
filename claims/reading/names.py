"""Names and people in an article: who a capitalised phrase names, titles and roles, pronouns.

Pure, and shared by :mod:`claims.reading.attribution` (who said each quotation) and
:mod:`claims.reading.extract`. The word lists (speech verbs, titles, unnamed-source nouns, pronouns, given
names by gender) are data:
``claims/language/data/attribution.json``.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from claims.language.titles import split_name  # noqa: F401  (part of this module's interface)
from claims.reading.quotations import Paragraph, Quotation

DATA = Path(__file__).resolve().parent.parent / "language" / "data" / "attribution.json"


@dataclass
class Words:
    verbs: re.Pattern
    titles: set[str]
    who: str
    name: str
    generic: str
    pronouns: dict[str, str]
    gender: dict[str, str]
    nouns: set[str]
    verb_heads: set[str]


STOP = {"The", "A", "An", "But", "And", "In", "On", "At", "It", "This", "That", "He", "She", "They", "We", "I",
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
ORG = {"Convention", "Committee", "Party", "Council", "House", "Senate", "Department", "University", "Center",
        "Centre", "News", "Times", "Post", "Street", "Avenue", "County", "City", "States", "State", "Republic",
        "Union", "Association", "Institute", "Foundation", "Agency", "Bank", "Court", "Congress", "Administration",
        "Campaign", "Network", "Show", "Tribune", "Journal", "Group", "Corp", "Inc", "Company", "Office", "Review",
        "Hospital", "School", "College", "Church", "Army", "Navy", "Force", "Guard", "Police", "Board", "Caucus",
        "America", "York", "Jersey", "Carolina", "Virginia", "Dakota", "Island", "Islands", "Hampshire", "Mexico",
        "Magazine", "Media", "Channel", "Radio", "Television", "TV", "Press", "Commission", "Ministry", "Coalition",
        "Forum", "Summit", "Hall", "Square", "Park", "Building", "Airport", "Station", "Nations", "Kingdom"}
ADVERB = r"(?:\w+ly|often|also|later|then|again|once|still|just|even|already|never|ever|soon|recently|now)"


@lru_cache(maxsize=1)
def words() -> Words:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    verbs = sorted(data["speech_verbs"], key=len, reverse=True)
    verb_re = re.compile(r"\b(?:" + "|".join(r"\s+".join(map(re.escape, v.split())) for v in verbs) + r")\b")
    abbrev = (r"(?:[A-Z]|Gen|Lt|Col|Maj|Adm|Sgt|Capt|Cmdr|Brig|Sen|Rep|Gov|Mr|Ms|Mrs|Dr|Prof|Rev|Jr|Sr|St|Gens|"
              r"Sens|Reps)\.")
    up, low = "A-Z\u00c0-\u00d6\u00d8-\u00de", "a-z\u00df-\u00f6\u00f8-\u00ff"  # accented Latin letters too
    cap = (rf"(?:{abbrev}|[{up}][{low}]+(?:[{up}][{low}]+)*(?:[-\u2019'][{up}]?[{low}]+)*|[A-Z]{{2,4}}(?![a-zA-Z])|"
           rf"(?:Mc|Mac|O[\u2019'])[A-Z][a-z]+)")
    particle = r"(?:de|del|der|van|von|bin|al|la|le|da|di|du|dos|ibn|el)"
    name = rf"(?=[{up}]){cap}(?:\s+(?:{particle}\s+)?{cap}){{0,5}}"  # the lookahead fails fast elsewhere
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
    return Words(verb_re, set(data["titles"]), who, name, generic, data["pronouns"], gender,
                  {n.lower() for n in data["person_nouns"]}, {v.split()[0] for v in data["speech_verbs"]})


_WORD = re.compile(r"[a-z]+")
_CANDIDATE = re.compile(r"(?<![\w'\u2019])(?:[A-Z\u00c0-\u00de]|(?:a|an|the|one|several|two|three|some|another|other|"
                        r"many|most|his|her|their|my|our|your)\b)")


def find_talker(text: str, lo: int, verb_at: int) -> re.Match | None:
    """The speaker phrase that ends right before a speech verb at ``verb_at`` (searching back to ``lo``):
    tried only where a name or a determiner can start, leftmost first (the longest phrase)."""
    pattern = talker_pattern()
    for c in _CANDIDATE.finditer(text, lo, verb_at):
        m = pattern.match(text, c.start(), verb_at)
        if m:
            return m
    return None


def verb_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where a speech verb's first word stands in text[start:end]: a word scan and a set lookup, much
    faster than the verb alternation when only the position is needed."""
    heads = words().verb_heads
    return [m.span() for m in _WORD.finditer(text, start, end) if m.group() in heads
            and (m.start() == 0 or not text[m.start() - 1].isalpha())]


DETERMINERS = {"a", "an", "the", "one", "several", "two", "three", "some", "another", "other", "many", "most",
                "his", "her", "their", "my", "our", "your"}


def is_generic(who: str) -> bool:
    """'a senior official', 'the president's spokesman', 'my mother': an unnamed source."""
    tokens = who.split()
    if len(tokens) < 2 or tokens[-1].lower() not in words().nouns:
        return False
    first = tokens[0]
    return first.lower() in DETERMINERS or bool(re.search(r"[\u2019']s$", first))


@lru_cache(maxsize=4096)
def valid_who(who: str) -> bool:
    w = words()
    who = clean_who(who)
    if who.lower() in w.pronouns or is_generic(who):
        return True
    if who in STOP or re.search(r"[\u2019']s$", who):
        return False  # "Frye's warning": a possessive is never the speaker
    name, _title = split_name(who)
    return bool(name) and name.split()[0] not in STOP and name not in STOP


@lru_cache(maxsize=4096)
def clean_who(who: str) -> str:
    who = re.sub(r"\s*\([^)]*\)\s*$", "", who.strip().strip(","))
    who = re.sub(r"^([Hh]e|[Ss]he)[\u2019']s$", r"\1", who)  # "He’s claiming"
    who = re.sub(r"^(?:[Aa]nd|[Bb]ut|[Ss]o|[Yy]et|[Tt]hen|[Aa]lso)\s+", "", who)
    tokens = who.split()
    while len(tokens) > 1 and tokens[0] in STOP and tokens[0] not in ("The", "A", "An", "His", "Her", "Their",
                                                                       "My", "Our", "Your"):
        tokens.pop(0)  # "What Mr. Obama" -> "Mr. Obama"
    return " ".join(tokens)


class People:
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
        self.titles: dict[str, str] = {}  # "Council President" for Harold Whitcombe, wherever the article says it
        name_re = re.compile(w.name)
        subject_re = re.compile(rf"\s*(?:[^,\u201c\u201d\"]{{0,40}},\s+)?(?P<who>{w.name})(?:\s*\([^)]{{1,25}}\))?"
                                rf"(?:,[^,]{{2,120}},)?\s+(?:{ADVERB}\s+)?[a-z]")
        inverted_re = re.compile(rf"\s+(?P<who>(?:(?:[A-Z][\w.\u2019'-]*|[a-z][a-z-]+|\d[\w/.-]*)\s+){{0,5}}?{w.name})"
                                 r"\s*(?:[,.]|$)")
        for para in paras:
            for m in name_re.finditer(text, para.start, para.end):
                if quoted(m.start()):
                    continue
                name, title = split_name(m.group(0))
                tokens = [t for t in name.split() if t not in STOP]
                if len(tokens) >= 2 and tokens == name.split():
                    self.add(m.start(), name, title)
            if para.headline:
                continue  # a headline names people, but nobody speaks in it
            for v_start, v_end in verb_spans(text, para.start, para.end):
                if quoted(v_start):
                    continue
                m = find_talker(text, max(para.start, v_start - 140), v_start)
                if m is None or not valid_who(m.group("who")):
                    inv = inverted_re.match(text, v_end, para.end)  # "..., noted NBC’s Dante Chinni."
                    if inv and valid_who(inv.group("who")):
                        name, _title = split_name(clean_who(inv.group("who")))
                        if name and name.split()[0] not in STOP:
                            self.talkers.append((inv.start("who"), self.canonical(name)))
                    continue
                name, title = split_name(clean_who(m.group("who")))
                if name and name.split()[0] not in STOP and name[0].isupper():
                    self.talkers.append((m.start(), self.canonical(name)))
            # Sentence subjects ("Ham made it clear he ...") are what a following "he" usually means.
            for s, _e in sentences(text, para.start, para.end):
                m = subject_re.match(text, s)
                if m and not quoted(m.start("who")) and valid_who(m.group("who")):
                    name, _title = split_name(clean_who(m.group("who")))
                    name = self.canonical(name) if name else name
                    # one capitalised word opening a sentence ("Among", "Chastened") is a name only if the
                    # article also capitalises it mid-sentence
                    if name and name[0].isupper() and name.split()[0] not in STOP and (
                            len(name.split()) > 1 or name in mid_sentence):
                        self.talkers.append((m.start("who"), name))
        self.talkers.sort()

    def add(self, pos: int, name: str, title: str | None = None) -> None:
        self.mentions.append((pos, name))
        last = name.split()[-1]
        if len(name.split()) >= 2 and (last not in self.full or len(name) > len(self.full[last])):
            self.full[last] = name
        g = gender_of(name, title)
        if g:
            self.genders.setdefault(name, g)
        if title:
            self.titles.setdefault(name, title)

    def gender(self, name: str) -> str | None:
        return self.genders.get(name) or gender_of(name, None)

    def talker_before(self, pos: int, gender: str | None) -> tuple[int, str | None]:
        best: tuple[int, str | None] = (-1, None)
        for p, name in self.talkers:
            if p >= pos:
                break
            if gender and (self.gender(name) not in (None, gender) or name.split()[-1] in ORG):
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
            if p < pos and not (gender and (self.gender(name) not in (None, gender) or name.split()[-1] in ORG)):
                best = name
        return best


@lru_cache(maxsize=1)
def talker_pattern() -> re.Pattern:
    """A speaker just before a speech verb (the search window ends at the verb)."""
    w = words()
    return re.compile(rf"(?<![\w'\u2019])(?=[A-Za-z])(?P<who>{w.name}|{w.generic})"
                      rf"(?:,\s+[^,;\u201c\u201d\"]{{2,150}}?,)?\s+"
                      rf"(?:\w+ly\s+|also\s+|has\s+|had\s+|later\s+|then\s+){{0,2}}$")


def gender_of(name: str, title: str | None) -> str | None:
    t = (title or "").split()
    if t and t[-1].rstrip(".") in ("Mr", "Sir", "King", "Prince", "Lord"):
        return "m"
    if t and t[-1].rstrip(".") in ("Ms", "Mrs", "Miss", "Queen", "Princess", "Lady", "Dame"):
        return "f"
    first = name.split()[0].lower() if name else ""
    return words().gender.get(first)


ABBREV = re.compile(r"\b(?:[A-Z]|Gen|Lt|Col|Maj|Adm|Sgt|Capt|Sen|Rep|Gov|Mr|Ms|Mrs|Dr|St|Jr|Sr|U\.S|Inc|Co|No|vs|"
                     r"Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|Rev|Prof)\.$")


def sentence_start(s: str) -> int:
    """Index in ``s`` where its last sentence begins."""
    start = 0
    for m in re.finditer(r"[.?!][\u201d\"']?\s+(?=[A-Z\u201c\"])", s):
        if ABBREV.search(s[:m.start() + 1]):
            continue
        start = m.end()
    return start


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans in text[start:end], abbreviation-aware."""
    spans = []
    cur = start
    for m in re.finditer(r"[.?!][\u201d\"']?\s+(?=[A-Z\u201c\"])", text[start:end]):
        cut = start + m.end()
        if ABBREV.search(text[cur:start + m.start() + 1]):
            continue
        spans.append((cur, cut))
        cur = cut
    if cur < end:
        spans.append((cur, end))
    return spans


def people_of(text: str, paras: list[Paragraph], quotes: list[Quotation]) -> People:
    """The people an article names and who speaks where (shared by :func:`attribute` and :func:`reported`)."""
    return People(text, quotes, paras)
