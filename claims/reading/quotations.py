"""Quotations in a news article: where each one is, whether it is a full quotation or a fragment.

Pure: article text in, :class:`Quotation` spans out (offsets into the text as given). Handles curly and
straight double quotes (a straight mark opens after a space or at a paragraph's start and closes
elsewhere), single quotes inside double ones (nested, part of the quotation), a quotation that runs over
several paragraphs (news style: no closing mark at the end of a paragraph, a new opening mark at the
start of the next), and unbalanced marks (the quotation ends with its paragraph). Headlines, titles in
quotes ("Fox and Friends") and everything after a "Related stories" footer are not quotations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

OPENERS = {"\u201c": "curly", '"': "straight", "\u00ab": "guillemet", "\u201e": "curly"}
_FOOTER = re.compile(r"^\s*(?:related\s+(?:stories|coverage|articles|content|links)|read\s+more|more\s+from|"
                     r"see\s+also|you\s+might\s+also\s+like)\b\s*:?", re.I)
_WORD = re.compile(r"[\w'\u2019-]+")
_TERMINAL = re.compile(r"[.?!\u2026][)\]\u201d\u2019\"']*\s*$")


@dataclass
class Paragraph:
    index: int
    start: int
    end: int
    text: str
    headline: bool = False


@dataclass
class Quotation:
    start: int  # first character inside the opening mark
    end: int  # last character inside the closing mark + 1 (paragraph end if unclosed)
    outer_start: int  # the opening mark
    outer_end: int  # after the closing mark
    paragraph: int
    text: str
    fragment: bool
    title_like: bool = False
    unbalanced: bool = False
    pieces: list[tuple[int, int]] = field(default_factory=list)  # inner spans, one per paragraph
    last_paragraph: int = -1

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))


def paragraphs(text: str, title: str | None = None, *, first_is_headline: bool = True) -> list[Paragraph]:
    """Non-empty lines as paragraphs; headlines and the footer flagged. In plain text a short first line
    is the headline; HTML extraction gives the title separately (``first_is_headline=False``)."""
    out: list[Paragraph] = []
    pos = 0
    footer = False
    title_key = " ".join((title or "").split()).casefold()
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped:
            continue
        if _FOOTER.match(stripped):
            footer = True
        lead = start + (len(line) - len(line.lstrip()))
        para = Paragraph(len(out), lead, lead + len(stripped), stripped)
        words = len(_WORD.findall(stripped))
        intro = stripped.endswith(":") or stripped[0] in '"\u201c\u201e'  # "He said:", or a quotation: no headline
        para.headline = footer or (title_key != "" and " ".join(stripped.split()).casefold() == title_key) or (
            not intro and (words <= 25 and not _TERMINAL.search(stripped)
                           or first_is_headline and len(out) == 0 and words <= 25))
        out.append(para)
    return out


def _is_open_straight(s: str, i: int) -> bool:
    before = s[i - 1] if i > 0 else " "
    after = s[i + 1] if i + 1 < len(s) else " "
    if before.isspace() or before in "([{\u2014\u2013-/:;,":
        return not after.isspace()
    return False


def _is_close_straight(s: str, i: int) -> bool:
    before = s[i - 1] if i > 0 else " "
    return not before.isspace()


_MARKS = re.compile('["\u201c\u201d\u201e\u00ab\u00bb]')


def _scan(para: Paragraph) -> list[tuple[int, int, bool]]:
    """(open index, close index or -1 if unclosed, curly?) within the paragraph's text."""
    s = para.text
    n = len(s)
    marks = [m.start() for m in _MARKS.finditer(s)]
    found = []
    k = 0
    while k < len(marks):
        i = marks[k]
        ch = s[i]
        k += 1
        if not (ch in ("\u201c", "\u201e", "\u00ab") or (ch == '"' and _is_open_straight(s, i)) or (
                ch == "\u201d" and i == 0 and n > 1 and not s[1].isspace())):
            continue
        style = OPENERS.get(ch, "curly")  # a closing mark opening a paragraph is a typo for an opener
        close = -1
        while k < len(marks):
            j = marks[k]
            c = s[j]
            k += 1
            nxt = s[j + 1] if j + 1 < n else " "
            if style == "straight" and c == '"' and (
                    (_is_close_straight(s, j) and not _is_open_straight(s, j)) or nxt in " ,.;:?!)\u2014"):
                close = j
                break
            if style == "straight" and c == "\u201d":
                close = j
                break
            if style == "curly" and (c == "\u201d" or c == '"' and (j + 1 == n or nxt in " ,.;:?!)")):
                close = j  # a curly quotation closed with a straight mark happens in edited copy
                break
            if style == "guillemet" and c == "\u00bb":
                close = j
                break
        found.append((i, close, style != "straight"))
        if close == -1:
            break
    return found


def _classify(text: str, prefix: str) -> tuple[bool, bool]:
    """(fragment, title_like) for a quotation's words and what precedes it in its paragraph."""
    body = text.strip()
    words = _WORD.findall(body)
    first = next((c for c in body if c.isalpha() or c.isdigit()), "")
    pre = prefix.rstrip()
    at_start = pre == "" or pre[-1] in ":,;\u2014\u2013-(" or bool(_TERMINAL.search(pre)) or bool(
        re.search(r"\b(?:said|says|say|added|asked|told\s+\w+|wrote|tweeted|declared|replied|responded)$", pre, re.I))
    capital = first.isupper() or first.isdigit()
    long_sentence = len(words) >= 8 and bool(re.search(r"[.?!,\u2026]$", body))
    full = capital and at_start or long_sentence and capital
    fragment = not full
    title_like = False
    if fragment and 1 <= len(words) <= 6 and not re.search(r"[.?!]$", body):
        significant = [w for w in words if len(w) > 3 or w[0].isupper()]
        title_like = len(words) >= 2 and all(w[0].isupper() for w in significant) and capital
    return fragment, title_like


def find_quotations(text: str, title: str | None = None, *, first_is_headline: bool = True
                    ) -> tuple[list[Paragraph], list[Quotation]]:
    """The paragraphs of ``text`` and every quotation in them (headlines and footer excluded)."""
    paras = paragraphs(text, title, first_is_headline=first_is_headline)
    quotes: list[Quotation] = []
    carry: Quotation | None = None  # a quotation still open at the end of the previous paragraph
    for para in paras:
        if para.headline:
            carry = None
            continue
        spans = _scan(para)
        if carry is not None:
            if spans and spans[0][0] == 0:
                # News style: the quotation goes on in this paragraph, reopened with a new mark.
                o, c, _curly = spans.pop(0)
                inner_end = para.start + (c if c != -1 else len(para.text))
                carry.pieces.append((para.start + 1, inner_end))
                carry.end = inner_end
                carry.outer_end = para.start + (c + 1 if c != -1 else len(para.text))
                carry.text = carry.text + " " + text[para.start + 1:inner_end].strip()
                carry.last_paragraph = para.index
                carry.unbalanced = c == -1
                if c == -1:
                    continue
            else:
                carry.unbalanced = True
            carry = None
        for o, c, _curly in spans:
            inner_start = para.start + o + 1
            inner_end = para.start + (c if c != -1 else len(para.text))
            words = text[inner_start:inner_end]
            if not words.strip():
                continue
            fragment, title_like = _classify(words, para.text[:o])
            q = Quotation(inner_start, inner_end, para.start + o, para.start + (c + 1 if c != -1 else len(para.text)),
                          para.index, " ".join(words.split()), fragment, title_like, c == -1,
                          [(inner_start, inner_end)], para.index)
            quotes.append(q)
            if c == -1:
                carry = q
    return paras, quotes
