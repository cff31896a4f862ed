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


def _reported_in(sentence: str, w: Words) -> tuple[str, tuple[int, int], int, tuple[int, int]] | None:
    """(rule, speaker span, verb position, content span) of speech reported in one sentence, or None:
    "Carter said early this month that he anticipated ..." or "There is interest ..., Dunford said, but"."""
    if any(c in sentence for c in "\u201c\u201d\""):
        return None
    for v_start, v_end in verb_spans(sentence, 0, len(sentence)):
        m = _THAT.match(sentence, v_end)
        if m:
            who = find_talker(sentence, max(0, v_start - 160), v_start)
            if who and who.start() <= 80 and valid_who(who.group("who")):
                return "said-that", who.span("who"), v_start, m.span("content")
        comma = sentence.rfind(",", 0, v_start)
        if comma >= 20 and _TAIL_END.match(sentence, v_end):
            who = sentence[comma + 1:v_start].strip()
            if who and len(who.split()) <= 6 and valid_who(who) and re.fullmatch(rf"{w.who}", who):
                lead = len(sentence[comma + 1:v_start]) - len(sentence[comma + 1:v_start].lstrip())
                start = comma + 1 + lead
                return "content-then-said", (start, start + len(who)), v_start, (0, comma)
    return None


def reported(text: str, paras: list[Paragraph], quotes: list[Quotation], attributed: list[Attributed],
             people: People | None = None) -> list[Attributed]:
    """Speech reported without quotation marks ("Carter said early this month that he anticipated ..."),
    in the reporter's words (``verbatim`` false)."""
    w = words()
    people = people or People(text, quotes, paras)
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
