"""Speech reported without quotation marks: "Carter said early this month that he anticipated ...".

Pure: the article's text, paragraphs, quotations and attributed quotes in, reported statements out (as
:class:`~claims.reading.attribution.Attributed` with ``verbatim`` false). The speaker of a reported statement is
resolved with the same rules as a quotation's (:func:`claims.reading.attribution._resolve`).
"""

from __future__ import annotations

import re

from claims.reading.attribution import Attributed, _Found, _resolve
from claims.reading.names import People, Words, find_talker, sentences, valid_who, verb_spans, words
from claims.reading.quotations import Paragraph, Quotation

_THAT = re.compile(r"(?:\s+[^,.\u201c\"]{0,30}?)?\s+that\s+(?P<content>[^\u201c\u201d\"]+?)[.]?\s*$")
_TAIL_END = re.compile(r"(?:\s+\w+)?\s*(?:[,.]|$)")
# "said Thursday", "on Monday": the said date right after the verb, not part of what was said.
_WHEN = (r"(?:\s+(?:on\s+|last\s+|early\s+|late\s+|earlier\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|"
         r"sunday|yesterday|today|last\s+week|this\s+week|earlier\s+this\s+(?:week|month))(?:\s+(?:morning|"
         r"afternoon|evening|night))?)?")
# "She said the council would review ...", "said she doubted the trains would run ...": reported speech
# without "that", kept only when its clause looks ahead (what follows is analysed again as the claim).
_CLAUSE = re.compile(r"(?i:" + _WHEN + r")(?:\s+(?:reporters|journalists|us|me|councillors))?\s+(?P<content>(?!that\b|"
                     r"to\b|it\s+was\b)[^\u201c\u201d\",;]{0,40}?\b(?:would|will|could|might|may|should|doubted|"
                     r"doubts|expects?|expected|was\s+going\s+to|were\s+going\s+to)\b[^\u201c\u201d\"]+?)[.]?\s*$")
_CLAUSE_VERBS = {"said", "says", "told", "added", "warned", "predicted", "insisted", "stressed", "suggested",
                 "conceded", "acknowledged", "maintained", "argued", "believes", "believed", "thinks", "thought"}
# "promised on Monday to clear the backlog by the end of March": a promise in the reporter's words.
_TO = re.compile(r"(?i:" + _WHEN + r")\s+(?P<content>to\s+[a-z][^\u201c\u201d\"]+?)[.]?\s*$")
_PROMISE_VERBS = {"promised", "promises", "pledged", "pledges", "vowed", "vows"}
PROMISE_RULES = ("promised-to",)
_DATELINE = re.compile(r"^(?:[A-Z][A-Z.'\- ]{2,40}(?:,\s*[A-Z][\w. ]{1,30})?\s*(?:\([A-Z]+\)\s*)?[\u2014\u2013_-]+\s*)")
_APPOSITIVE = re.compile(r",\s+(?P<name>[A-Z][a-z'\-]+(?:\s+[A-Z][a-z'\-]+){1,2}),\s")
_PRONOUN = re.compile(r"^(?:he|she|they)\b", re.I)


def tidy(text: str) -> str:
    """A claim's text without a dateline ("RIVERSIDE — ") or a trailing comma, on one line."""
    text = " ".join(text.split())
    text = _DATELINE.sub("", text, count=1)
    return text.rstrip(" ,;:\u2014\u2013-")


def tidy_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of a quotation without its dateline or a trailing comma (so that the text is still the slice)."""
    m = _DATELINE.match(text, start, end)
    if m and m.end() < end:
        start = m.end()
    while end > start and text[end - 1] in " ,;:\u2014\u2013-\n":
        end -= 1
    return start, end


def _talker(sentence: str, v_start: int) -> re.Match | None:
    who = find_talker(sentence, max(0, v_start - 160), v_start)
    return who if who and who.start() <= 80 and valid_who(who.group("who")) else None


def _reported_in(sentence: str, w: Words) -> tuple[str, tuple[int, int], int, tuple[int, int]] | None:
    """(rule, speaker span, verb position, content span) of speech reported in one sentence, or None:
    "Carter said early this month that he anticipated ...", "She said the council would review ...",
    "promised on Monday to clear the backlog ..." or "There is interest ..., Dunford said, but"."""
    if any(c in sentence for c in "\u201c\u201d\""):
        return None
    for v_start, v_end in verb_spans(sentence, 0, len(sentence)):
        verb = sentence[v_start:v_end].lower()
        for rule, pattern, allowed in (("said-that", _THAT, None), ("said-clause", _CLAUSE, _CLAUSE_VERBS),
                                       ("promised-to", _TO, _PROMISE_VERBS)):
            if allowed is not None and verb not in allowed:
                continue
            m = pattern.match(sentence, v_end)
            who = _talker(sentence, v_start) if m else None
            if m and who:
                return rule, who.span("who"), v_start, m.span("content")
        comma = sentence.rfind(",", 0, v_start)
        if comma >= 20 and _TAIL_END.match(sentence, v_end):
            name = sentence[comma + 1:v_start].strip()
            if name and len(name.split()) <= 6 and valid_who(name) and re.fullmatch(rf"{w.who}", name):
                lead = len(sentence[comma + 1:v_start]) - len(sentence[comma + 1:v_start].lstrip())
                start = comma + 1 + lead
                return "content-then-said", (start, start + len(name)), v_start, (0, comma)
    return None


def _adding(text: str, s: int, e: int, para: Paragraph, attributed: list[Attributed]) -> Attributed | None:
    """"..., adding that ...": reported speech inside a sentence with a quotation, by the quote's speaker."""
    m = re.search(r"\badding\s+that\s+(?P<content>[^\u201c\"]+?)[.]?\s*$", text[s:e])
    owner = next((a for a in attributed if s <= a.start < e and a.speaker), None) if m else None
    if m is None or owner is None:
        return None
    return Attributed(tidy(m.group("content")), s + m.start("content"), s + m.end("content"), para.index, False,
                      False, owner.speaker, owner.speaker_title, owner.speaker_role, owner.named, owner.said_phrase,
                      "adding-that", owner.cue_pos)


def _content(sentence: str, rule: str, span: tuple[int, int], verb_at: int) -> str:
    if rule == "promised-to":  # "promised to clear the backlog by the end of March"
        return tidy("promised " + sentence[span[0]:span[1]])
    return tidy(sentence[span[0]:span[1]])


def reported(text: str, paras: list[Paragraph], quotes: list[Quotation], attributed: list[Attributed],
             people: People | None = None) -> list[Attributed]:
    """Speech reported without quotation marks ("Carter said early this month that he anticipated ..."),
    in the reporter's words (``verbatim`` false); a leading "she"/"he" is the speaker's name."""
    w = words()
    people = people or People(text, quotes, paras)
    quoted = [(q.outer_start, q.outer_end) for q in quotes]
    out = []
    for para in paras:
        if para.headline or "?" in para.text and len(para.text.split()) <= 30:
            continue
        for s, e in sentences(text, para.start, para.end):
            if any(a < e and s < b for a, b in quoted):
                added = _adding(text, s, e, para, attributed)
                if added is not None:
                    out.append(added)
                continue
            sentence = text[s:e]
            found = _reported_in(sentence, w)
            if found is None:
                continue
            rule, who_span, verb_at, content_span = found
            hit = _Found(sentence[who_span[0]:who_span[1]], None, s + verb_at, rule)
            item = Attributed(_content(sentence, rule, content_span, verb_at), s + content_span[0],
                              s + content_span[1], para.index, False, False)
            _resolve(item, hit, people, None, text)
            named = _APPOSITIVE.match(sentence, who_span[1]) if not item.named else None
            if named:  # "The health secretary, Priya Shah, said ...": the name beside the description
                item.speaker_role, item.speaker, item.named = item.speaker, people.canonical(named.group("name")), True
            if not item.speaker:
                continue
            if item.said_phrase and item.said_phrase in sentence[content_span[0]:content_span[1]]:
                item.said_phrase = None  # "warned that a strike was possible in January": not said in January
            if item.named and _PRONOUN.match(item.text):
                item.text = _PRONOUN.sub(item.speaker, item.text, count=1)
            out.append(item)
    return out
