"""Names and people in an article: who a capitalised phrase names, titles and roles, pronouns.

Pure, and shared by :mod:`claims.reading.attribution` (who said each quotation) and
:mod:`claims.reading.extract`. The word lists (speech verbs, titles, unnamed-source nouns, pronouns, given
names by gender) are data:
``claims/language/data/attribution.json``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from claims.language.lexicon import Lexicons
from claims.language.lexicon import load as load_lexicons
from claims.language.titles import split_name as _split_title
from claims.reading.quotations import Paragraph, Quotation


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
    stop: frozenset[str]
    org: frozenset[str]
    determiners: frozenset[str]
    transcript_roles: frozenset[str]
    generic_speakers: frozenset[str]
    abbrev: re.Pattern
    prepositions: frozenset[str] = frozenset()
    pronoun_window: int = 160  # gender_from_pronouns: how far after a name its "he"/"she" is looked for
    pronoun_ratio: float = 2.0  # and how many times the other gender's votes a gender needs


ADVERB = r"(?:\w+ly|often|also|later|then|again|once|still|just|even|already|never|ever|soon|recently|now)"
# lowercase words that end a description ("Council member Ann Reyes") but never stand inside one
_FUNCTION = (r"(?!(?:in|at|on|of|for|and|or|but|the|to|with|from|by|after|before|during|as|that|who|which|when|"
             r"said|says|told|is|was|were|are|has|had|have|will|would|not|about|into|than|then|while)\b)")
_table: dict[str, Any] = {}
CACHES: list[Any] = []  # other modules' caches built from these words (cleared by :func:`use`)


def use(lex: Lexicons | None) -> None:
    """Read names with ``lex``'s attribution lists (the config's lexicons when None) from now on."""
    table = (lex or load_lexicons()).attribution
    if table is not _table.get("current"):
        _table["current"] = table
        for cached in (words, valid_who, clean_who, talker_pattern, split_name, _candidate, _subject, _inverted,
                       _according, _name_re, *CACHES):
            cached.cache_clear()


def _data() -> dict[str, Any]:
    if "current" not in _table:
        _table["current"] = load_lexicons().attribution
    return _table["current"]


@lru_cache(maxsize=1)
def words() -> Words:
    data = _data()
    verbs = sorted(data["speech_verbs"], key=len, reverse=True)
    verb_re = re.compile(r"\b(?:" + "|".join(r"\s+".join(map(re.escape, v.split())) for v in verbs) + r")\b")
    abbrev = r"(?:[A-Z]|" + "|".join(map(re.escape, data["name_abbreviations"])) + r")\."
    up, low = "A-Z\u00c0-\u00d6\u00d8-\u00de", "a-z\u00df-\u00f6\u00f8-\u00ff"  # accented Latin letters too
    # "Doctors\u2019 Union": a plural possessive inside a name, when another capitalised word follows
    plural_possessive = rf"(?:(?<=s)[\u2019'](?=\s+[{up}]))?"
    cap = (rf"(?:{abbrev}|[{up}][{low}]+(?:[{up}][{low}]+)*(?:[-\u2019'][{up}]?[{low}]+)*{plural_possessive}|"
           rf"[A-Z]{{2,4}}(?![a-zA-Z])|(?:Mc|Mac|O[\u2019'])[A-Z][a-z]+)")
    particle = r"(?:de|del|der|van|von|bin|al|la|le|da|di|du|dos|ibn|el)"
    name = rf"(?=[{up}]){cap}(?:\s+(?:{particle}\s+)?{cap}){{0,5}}"  # the lookahead fails fast elsewhere
    nouns = "|".join(sorted(map(re.escape, data["person_nouns"]), key=len, reverse=True))
    dets = "|".join(rf"[{d[0].upper()}{d[0]}]{re.escape(d[1:])}" for d in sorted(data["determiners"], key=len,
                                                                                  reverse=True))
    # "a spokesman for Harbor Transit": an unnamed source, with the organisation it speaks for
    org_tail = rf"(?:\s+(?:for|of|at|with|from)\s+(?:the\s+)?{name})?"
    bare = "|".join(rf"[{g[0].upper()}{g[0]}]{re.escape(g[1:])}" for g in data["generic_speakers"])
    # (never from inside a word: "Petr-a Sandoval issued a statement" is no unnamed source)
    generic = (rf"(?:(?<![\w\u2019'])(?:{dets}|[A-Z][\w.]*[\u2019']s)\s+(?:[\w\u2019'.-]+\s+){{0,5}}?(?:{nouns})"
               rf"(?![\w\u2019'-])"
               rf"{org_tail}|(?:{bare})\b)")
    pronoun = r"(?:[Hh]e|[Ss]he|[Tt]hey|I|[Ww]e)"
    # "IMF chief economist Maury Obstfeld", "9/11 widow Terry Strada", "Council member Bob Tables"
    described = rf"(?<![\w\u2019'])(?:(?:[A-Z][\w.\u2019'-]*|{_FUNCTION}[a-z][a-z-]+|\d[\w/.-]*)\s+){{1,5}}?{name}"
    party = r"(?:\s*\([A-Z][\w.,\s-]{0,25}\))?"  # "(D-Wis.)"
    who = rf"(?:(?:{described}|{name}){party}|{generic}|{pronoun})"
    gender = {n: g for g, names in data.get("given_names", {}).items() for n in names}
    sentence_abbrev = re.compile(r"\b(?:[A-Z]|" + "|".join(map(re.escape, data["sentence_abbreviations"])) + r")\.$")
    return Words(verb_re, set(data["titles"]), who, name, generic, data["pronouns"], gender,
                 {n.lower() for n in data["person_nouns"]}, {v.split()[0] for v in data["speech_verbs"]},
                 frozenset(data["stop_words"]), frozenset(data["org_words"]), frozenset(data["determiners"]),
                 frozenset(data["transcript_roles"]), frozenset(data["generic_speakers"]), sentence_abbrev,
                 frozenset(data.get("prepositions", ())),
                 int(data.get("gender_from_pronouns", {}).get("window", 160)),
                 float(data.get("gender_from_pronouns", {}).get("ratio", 2.0)))


@lru_cache(maxsize=4096)
def split_name(phrase: str) -> tuple[str, str | None]:
    """:func:`claims.language.titles.split_name`, except that an acronym opening an organisation's name
    ("XR Global") is part of the name, not a title."""
    name, title = _split_title(phrase)
    if title and " " not in name and all(t.isupper() and t not in words().titles for t in title.split()):
        return phrase.strip(), None
    return name, title


def is_org(name: str) -> bool:
    """An organisation or a place ("Junior Doctors\u2019 Union", "XR Global"), not a person he or she can be."""
    tokens = name.split()
    return bool(tokens) and (tokens[-1] in words().org or len(tokens) > 1 and tokens[0].isupper()
                             and tokens[0].rstrip(".") not in words().titles and len(tokens[0]) > 1
                             and not _INITIALS.fullmatch(tokens[0]))  # "J.M. Berger" is a person


_INITIALS = re.compile(r"(?:[A-Z]\.){2,}")


_WORD = re.compile(r"[a-z]+")


@lru_cache(maxsize=1)
def _candidate() -> re.Pattern:
    w = words()
    lead = "|".join(sorted(map(re.escape, w.determiners | w.generic_speakers), key=len, reverse=True))
    return re.compile(rf"(?<![\w'\u2019])(?:[A-Z\u00c0-\u00de]|(?:{lead})\b)")


def find_talker(text: str, lo: int, verb_at: int) -> re.Match | None:
    """The speaker phrase that ends right before a speech verb at ``verb_at`` (searching back to ``lo``):
    tried only where a name or a determiner can start, leftmost first (the longest phrase)."""
    pattern = talker_pattern()
    for c in _candidate().finditer(text, lo, verb_at):
        if _after_preposition(text, c.start()):
            continue  # "serving in Iran, Turkey and France, praised": a place, not the one who praised
        m = pattern.match(text, c.start(), verb_at)
        if m:
            return m
    return None


def _after_preposition(text: str, at: int) -> bool:
    m = _WORD_BEFORE.search(text, max(0, at - 16), at)
    return m is not None and m.group(1) in words().prepositions


_WORD_BEFORE = re.compile(r"\b([a-z]+)\s+$")


def verb_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where a speech verb's first word stands in text[start:end]: a whole run of lowercase letters that is
    one of the verbs' first words, not glued to a letter before it. One scan of a regular expression made
    of the words as a tree of their letters (a plain alternation of 300 words tries each at every place;
    the tree shares their prefixes)."""
    pattern = _verb_heads(words().verb_heads)
    return [m.span() for m in pattern.finditer(text, start, end)
            if m.start() == 0 or not text[m.start() - 1].isalpha()]


_HEADS: list[Any] = [None, None]  # (the verb-head set, its pattern)


def _verb_heads(heads: set[str]) -> re.Pattern:
    if _HEADS[0] is not heads:
        _HEADS[:] = [heads, re.compile(r"(?<![a-z])" + _letter_tree(sorted(heads)) + r"(?![a-z])")]
    return _HEADS[1]


def _letter_tree(found: list[str]) -> str:
    """A regular expression matching exactly the words ``found`` (lowercase letters), prefixes shared."""
    tree: dict[str, Any] = {}
    for word in found:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + emit(node[ch]) for ch in sorted(node) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here, and longer ones go on
            return f"(?:{body})?"
        return body

    return "(?:" + emit(tree) + ")" if tree else "(?!)"


def is_generic(who: str) -> bool:
    """'a senior official', 'the president's spokesman', 'a spokesman for Disney', 'one', 'officials': an
    unnamed source."""
    w = words()
    tokens = who.split()
    if len(tokens) == 1:
        return tokens[0].lower() in w.generic_speakers
    if not tokens:
        return False
    head = re.split(r"\s+(?:for|of|at|with|from)\s+", who, maxsplit=1)[0].split()
    if head[-1].lower() not in w.nouns and tokens[-1].lower() not in w.nouns:
        return False
    first = tokens[0]
    return first.lower() in w.determiners or bool(re.search(r"[\u2019']s$", first))


def is_description(who: str) -> bool:
    """"the Vermont senator", "the Republican nominee", "the leader of the Anti-Defamation League": a definite
    description of one person that identifies them by a proper name, which a later "he" or "she" can stand
    for. Not "the officials", not "a spokesman", and not a bare "the senator", which itself stands for the
    senator named before (a "he" after it is that name)."""
    tokens = who.split()
    if len(tokens) < 2 or tokens[0] not in ("the", "The") or "," in who or not any(t[0].isupper() for t in tokens[1:]):
        return False
    head = re.split(r"\s+(?:for|of|at|with|from)\s+", who, maxsplit=1)[0].split()[-1].lower()
    return head in words().nouns and not head.endswith("s") or head in ("boss", "actress", "hostess")


def organisation_of(who: str) -> str | None:
    """'a spokesman for Harbor Transit' -> 'Harbor Transit'; "Disney's spokesman" -> 'Disney'."""
    m = re.search(r"\s(?:for|of|at|with|from)\s+(?:the\s+)?(?P<org>[A-Z][\w.&\u2019'-]*(?:\s+[A-Z][\w.&\u2019'-]*)*)$",
                  who)
    if m:
        return m.group("org")
    m = re.match(r"(?P<org>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*)[\u2019']s\s", who)
    return m.group("org") if m and m.group("org") not in words().stop else None


@lru_cache(maxsize=4096)
def valid_who(who: str) -> bool:
    w = words()
    raw = who.strip()
    if re.match(r"(?:In|On|At|From|Between|After|Before|During|Since|Until|Across|Inside|Outside|Near|Under|Over|"
                r"Through|Throughout|Like|Unlike|Without|With|For|Of|To|By)\s", raw):
        return False  # "In Texas, the journalist ...": a prepositional phrase is not a speaker
    who = clean_who(who)
    if who.lower() in w.pronouns or is_generic(who):
        return True
    if who in w.stop or re.search(r"[\u2019']s$", who):
        return False  # "Frye's warning": a possessive is never the speaker
    return person_name(who) is not None


@lru_cache(maxsize=4096)
def clean_who(who: str) -> str:
    w = words()
    who = re.sub(r"\s*\([^)]*\)\s*$", "", who.strip().strip(","))
    who = re.sub(r"^([Hh]e|[Ss]he)[\u2019']s$", r"\1", who)  # "He’s claiming"
    who = re.sub(r"^(?:[Aa]nd|[Bb]ut|[Ss]o|[Yy]et|[Tt]hen|[Aa]lso)\s+", "", who)
    tokens = who.split()
    keep = {d.capitalize() for d in w.determiners}
    while len(tokens) > 1 and tokens[0] in w.stop and tokens[0] not in keep:
        tokens.pop(0)  # "What Mr. Obama" -> "Mr. Obama"
    return " ".join(tokens)


def person_name(who: str) -> tuple[str, str | None] | None:
    """(name, title) when ``who`` names a person or an organisation by name, else None."""
    name, title = split_name(clean_who(who))
    stop = words().stop
    if name.startswith("The ") and len(name.split()) > 1 and name.split()[1] not in stop:
        return "the " + name[4:], title  # "The White House", "The National Rifle Association"
    if not name or name.split()[0] in stop or name in stop or not name[0].isupper():
        return None
    if title is None and " " not in name and (name in words().titles or name + "." in words().titles):
        return None  # "said Gov." with the name cut off: a title alone names nobody
    return name, title


class People:
    """The people an article names, in order, for surnames and pronouns; and who is reported speaking."""

    def __init__(self, text: str, quotes: list[Quotation], paras: list[Paragraph]):
        spans = sorted((q.outer_start, q.outer_end) for q in quotes)
        self._starts = [a for a, _ in spans]
        self._spans = spans
        self.text = text
        self.mentions: list[tuple[int, str]] = []
        self.talkers: list[tuple[int, str]] = []  # subjects of speech verbs outside quotations
        self.full: dict[str, str] = {}
        self.genders: dict[str, str] = {}
        self.titles: dict[str, str] = {}  # "Council President" for Harold Whitcombe, wherever the article says it
        self._mid_sentence = set(re.findall(r"[a-z,;]\s+([A-Z][\w\u2019'-]+)", text))
        self._told: dict[str, str] | None = None  # genders the article's own "he"/"she" gives, read when needed
        for para in paras:
            self._names(para)
            if para.headline:
                continue  # a headline names people, but nobody speaks in it
            self._speech_verbs(para)
            self._according(para)
            self._subjects(para)
        self.talkers.sort()

    def quoted(self, pos: int) -> bool:
        i = bisect_right(self._starts, pos) - 1
        return i >= 0 and self._spans[i][0] <= pos < self._spans[i][1]

    def _names(self, para: Paragraph) -> None:
        stop = words().stop
        for m in _name_re().finditer(self.text, para.start, para.end):
            if self.quoted(m.start()):
                continue
            name, title = split_name(m.group(0))
            tokens = [t for t in name.split() if t not in stop]
            if len(tokens) >= 2 and tokens == name.split():
                self.add(m.start(), name, title)

    def _speech_verbs(self, para: Paragraph) -> None:
        for v_start, v_end in verb_spans(self.text, para.start, para.end):
            if self.quoted(v_start):
                continue
            m = find_talker(self.text, max(para.start, v_start - 140), v_start)
            if m is None and self._relative(para.start, v_start):
                continue
            if m is None or not valid_who(m.group("who")):
                # "..., noted NBC’s Dante Chinni.": inverted only after a comma or a quotation ("Mr. Manafort
                # said he agreed with Mr. Cruz." names no speaker after "agreed")
                inverted = _INVERTED_AFTER.search(self.text, max(0, v_start - 3), v_start)
                inv = _inverted().match(self.text, v_end, para.end) if inverted else None
                if inv and inv.group("who").split()[0] in words().prepositions:
                    inv = None  # "Patrick Howley, writing on Breitbart, shared": a place or an outlet
                found = person_name(inv.group("who")) if inv and valid_who(inv.group("who")) else None
                if found:
                    assert inv is not None  # found only when inv matched
                    self.talkers.append((inv.start("who"), self.canonical(found[0])))
                continue
            if _reported_clause(self.text, m.start()):
                continue  # "Murphy said Trump continued to hurt his cause": Trump is what Murphy said, not a talker
            who = clean_who(m.group("who"))
            if is_generic(who):
                if is_description(who):  # "the Vermont senator said": "he" may mean the senator later
                    self.talkers.append((m.start(), "the" + who[3:]))
                continue
            found = person_name(m.group("who"))
            if found:
                self.talkers.append((m.start(), self.canonical(found[0])))

    def _relative(self, lo: int, verb_at: int) -> bool:
        """"... by Sen. Dianne Feinstein of California, the ranking Democrat ..., who said": the name a
        relative "who" stands for is the talker."""
        m = _RELATIVE_WHO.search(self.text, max(lo, verb_at - 12), verb_at)
        if m is None:
            return False
        before = self.text[max(lo, m.start() - 200):m.start()]
        before = before[sentence_start(before):]
        names = [n for n in _name_re().finditer(before) if _APPOSED.fullmatch(before, n.end())
                 and valid_who(n.group()) and person_name(n.group())]
        if not names:
            return False
        found = person_name(names[0].group())
        assert found is not None
        self.talkers.append((m.start() - len(before) + names[0].start(), self.canonical(found[0])))
        return True

    def _according(self, para: Paragraph) -> None:
        """"According to Dr. Tobias Renner, president of ...": a source reported speaking."""
        for m in _according().finditer(self.text, para.start, para.end):
            found = person_name(m.group("who")) if not self.quoted(m.start()) else None
            if found:
                self.talkers.append((m.start("who"), self.canonical(found[0])))

    def _subjects(self, para: Paragraph) -> None:
        """Sentence subjects ("Ham made it clear he ...") are what a following "he" usually means."""
        for s, _e in sentences(self.text, para.start, para.end):
            d = _described_subject().match(self.text, s) if self._noun_before_name(s) else None
            if d and not self.quoted(d.start("who")) and _describes(d):
                # "Tennis great Billie Jean King remembered", "a worker named Antonio Arroyo has", "Clinton
                # campaign manager Robby Mook released": the name the description ends in
                found = person_name(d.group("who"))
                if found and len(found[0].split()) > 1 and not is_org(found[0]):
                    self.talkers.append((d.start("who"), self.canonical(found[0])))
                    continue
            m = _subject().match(self.text, s)
            if not m or self.quoted(m.start("who")):
                continue
            who, at = m.group("who"), m.start("who")
            lead = m.group("lead")
            if lead and valid_who(lead) and re.fullmatch(words().name, clean_who(lead)):
                who, at = lead, m.start("lead")  # "Councilwoman Ruth Okafor, Democrat of ..., spoke": the appositive
            found = person_name(who) if valid_who(who) else None
            if not found:
                continue
            name = self.canonical(found[0])
            # one capitalised word opening a sentence ("Among", "Chastened") is a name only if the article
            # also capitalises it mid-sentence
            if len(name.split()) > 1 or name in self._mid_sentence:
                self.talkers.append((at, name))

    def _noun_before_name(self, at: int) -> bool:
        """Whether a person noun right before a capitalised word opens the sentence at ``at`` (a cheap test
        before the described-subject pattern, which is slow to fail)."""
        nouns = words().nouns
        return any(m.group(1).lower() in nouns for m in _NOUN_CAPITAL.finditer(self.text, at, at + 120))

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
        found = self.genders.get(name) or gender_of(name, None)
        if found is None:
            if self._told is None:
                self._told = self._genders_told()
            found = self._told.get(name)
        return found

    def _genders_told(self) -> dict[str, str]:
        """"Humphrey, for example, said he's hopeful", "a terse Miller agreed that she ...": the gender of a
        person the given names and titles leave unknown, from the first "he" or "she" after their name in
        the same sentence, before any other capitalised word (someone else, a place); kept where the
        article's votes for it outnumber the other gender's by the lexicon's ratio (two to one)."""
        w = words()
        votes: dict[str, list[int]] = {}
        at = sorted(set(self.talkers + self.mentions))
        for i, (pos, name) in enumerate(at):
            if gender_of(name, None) or name in self.genders or is_org(name):
                continue
            m = _name_re().match(self.text, pos)
            start = m.end() if m else pos
            limit = min(at[i + 1][0] if i + 1 < len(at) else len(self.text), start + w.pronoun_window)
            end = _SENTENCE_END.search(self.text, start, limit)
            limit = end.start() if end else limit
            other = _CAPITAL.search(self.text, start, limit)
            for p in _PERSONAL.finditer(self.text, start, other.start() if other else limit):
                if not self.quoted(p.start()):
                    votes.setdefault(name, [0, 0])[p.group().lower() == "she"] += 1
                    break
        return {name: "m" if m > f else "f" for name, (m, f) in votes.items()
                if max(m, f) >= w.pronoun_ratio * min(m, f)}

    def fits(self, name: str, gender: str | None) -> bool:
        """Whether "he" (gender "m") or "she" ("f") can be ``name``."""
        return not (gender and (self.gender(name) not in (None, gender) or is_org(name)))

    def talker_before(self, pos: int, gender: str | None) -> tuple[int, str | None]:
        best: tuple[int, str | None] = (-1, None)
        for p, name in self.talkers:
            if p >= pos:
                break
            if self.fits(name, gender):
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
            if p < pos and self.fits(name, gender):
                best = name
        return best

    def recent(self, pos: int, gender: str | None, limit: int = 4) -> list[str]:
        """The people "he"/"she" at ``pos`` could be, most recent first (talkers and mentions)."""
        seen: list[str] = []
        for _p, name in sorted(self.talkers + self.mentions, reverse=True):
            if _p < pos and name not in seen and self.fits(name, gender):
                seen.append(name)
                if len(seen) == limit:
                    break
        return seen


@lru_cache(maxsize=1)
def _name_re() -> re.Pattern:
    return re.compile(words().name)


@lru_cache(maxsize=1)
def _subject() -> re.Pattern:
    w = words()
    return re.compile(rf"\s*(?:(?P<lead>[^,\u201c\u201d\"]{{0,60}}),\s+)?(?P<who>{w.name})(?:\s*\([^)]{{1,25}}\))?"
                      rf"(?:,[^,]{{2,120}},)?\s+(?:{ADVERB}\s+)?[a-z]")


@lru_cache(maxsize=1)
def _described_subject() -> re.Pattern:
    w = words()
    nouns = "|".join(sorted(map(re.escape, w.nouns), key=len, reverse=True))
    return re.compile(rf"\s*(?:(?P<lead>[^,\u201c\u201d\"]{{0,60}}),\s+)?"
                      rf"(?P<det>(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother)\s+)?"
                      rf"(?P<desc>(?:(?:[A-Z][\w.\u2019'-]*|{_FUNCTION}[a-z][a-z-]+)\s+){{0,4}}?(?i:{nouns})\s+)"
                      rf"(?P<who>{w.name})"
                      rf"(?:\s*\([^)]{{1,25}}\))?(?:,[^,]{{2,120}},)?\s+(?:{ADVERB}\s+)?[a-z]")


CACHES.append(_described_subject)


def _describes(d: re.Match) -> bool:
    """Whether a described subject's words are a description, not a clause: no preposition or participle
    ("Since announcing former governor William Weld as ..."), and after an opening phrase a capital or a
    determiner first ("Carson brought in a new manager, retired general Bob Dees, late ..." is no subject)."""
    desc = d.group("desc").split()
    if d.group("lead") is not None and not (desc[0][0].isupper() or d.group("det")):
        return False
    return not any(t.lower() in words().prepositions or t.endswith("ing") for t in desc)


# what may stand between a name and its ", who": "of California", "(R-Wis.)", one appositive without a verb
_APPOSED = re.compile(r"(?:\s+(?:of|from)\s+(?:the\s+)?[A-Z][^,\u201c\u201d\"]{1,60})?(?:\s*\([^)]{1,25}\))?"
                      r"(?:,\s+(?:(?!\b(?:is|was|are|were|has|had|have|wasn[\u2019']t|isn[\u2019']t|did|does|will|would)\b)"
                      r"[^,\u201c\u201d\"]){2,150})?")
_RELATIVE_WHO = re.compile(r",\s+who\s+(?:\w+ly\s+|also\s+|has\s+|had\s+|later\s+|then\s+){0,2}$")
_THAT_BEFORE = re.compile(r"\b([a-z]+)\s+(?:that\s+)?$")


def _reported_clause(text: str, at: int) -> bool:
    """Whether ``at`` opens a clause reported by a speech verb right before it ("said Trump continued")."""
    m = _THAT_BEFORE.search(text, max(0, at - 30), at)
    return m is not None and m.group(1) in words().verb_heads


_INVERTED_AFTER = re.compile(r"[,\u201d\"']\s*$")


@lru_cache(maxsize=1)
def _inverted() -> re.Pattern:
    return re.compile(rf"\s+(?P<who>(?:(?:[A-Z][\w.\u2019'-]*|[a-z][a-z-]+|\d[\w/.-]*)\s+){{0,5}}?{words().name})"
                      r"\s*(?:[,.]|$)")


@lru_cache(maxsize=1)
def _according() -> re.Pattern:
    return re.compile(rf"\b[Aa]ccording\s+to\s+(?P<who>(?:{_FUNCTION}[a-z][a-z-]+\s+){{0,3}}?{words().name})")


@lru_cache(maxsize=1)
def talker_pattern() -> re.Pattern:
    """A speaker just before a speech verb (the search window ends at the verb)."""
    w = words()
    return re.compile(rf"(?<![\w'\u2019])(?=[A-Za-z])(?P<who>{w.name}|{w.generic})"
                      rf"(?:,\s+[^,;\u201c\u201d\"]{{2,150}}?,|,\s+who\s+[^;\u201c\u201d\"]{{2,200}}?,)?\s+"
                      rf"(?:\w+ly\s+|also\s+|has\s+|had\s+|later\s+|then\s+){{0,2}}$")


def gender_of(name: str, title: str | None) -> str | None:
    t = (title or "").split()
    if t and t[-1].rstrip(".") in ("Mr", "Sir", "King", "Prince", "Lord"):
        return "m"
    if t and t[-1].rstrip(".") in ("Ms", "Mrs", "Miss", "Queen", "Princess", "Lady", "Dame"):
        return "f"
    given = words().gender
    tokens = name.split()
    # "Democrat Hillary Clinton", "Former Rep. Chris Shays": the first given name before the surname
    return next((given[t.lower()] for t in tokens[:-1] if t.lower() in given), given.get(tokens[0].lower()) if tokens
                else None)


_NOUN_CAPITAL = re.compile(r"\b([A-Za-z]+)\s+[A-Z]")
_PERSONAL = re.compile(r"\b(?:[Hh]e|[Ss]he)\b")
_CAPITAL = re.compile(r"(?<=\s)[A-Z][a-z]")  # a capitalised word: another name, a place
_SENTENCE_END = re.compile(r"[.?!][\u201d\"']*\s+(?=[A-Z\u201c\"'])")


def sentence_start(s: str) -> int:
    """Index in ``s`` where its last sentence begins."""
    start = 0
    abbrev = words().abbrev
    for m in _SENTENCE_END.finditer(s):
        if abbrev.search(s[:m.start() + 1]):
            continue
        start = m.end()
    return start


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans in text[start:end], abbreviation-aware."""
    spans = []
    cur = start
    abbrev = words().abbrev
    for m in _SENTENCE_END.finditer(text, start, end):
        if abbrev.search(text[cur:m.start() + 1]):
            continue
        spans.append((cur, m.end()))
        cur = m.end()
    if cur < end:
        spans.append((cur, end))
    return spans


def people_of(text: str, paras: list[Paragraph], quotes: list[Quotation]) -> People:
    """The people an article names and who speaks where (shared by ``attribute`` and ``reported``)."""
    return People(text, quotes, paras)
