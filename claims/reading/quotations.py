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
        # "He said:", or a quotation: no headline
        intro = stripped.endswith(":") or stripped[0] in '"\u201c\u201e' or stripped.startswith("''")
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


_MARKS = re.compile("''(?!')|[\"\u201c\u201d\u201e\u00ab\u00bb]")


def _opens(s: str, i: int, mark: str) -> bool:
    if mark in ("\u201c", "\u201e", "\u00ab"):
        return True
    if mark in ('"', "''"):
        return _is_open_straight(s, i) and not (mark == "''" and s[i + 2:i + 3].isspace())
    return mark == "\u201d" and i == 0 and len(s) > 1 and not s[1].isspace()


def _closes(s: str, j: int, mark: str, style: str) -> bool:
    nxt = s[j + len(mark)] if j + len(mark) < len(s) else " "
    if style == "straight":
        return mark == "\u201d" or mark == '"' and (
            (_is_close_straight(s, j) and not _is_open_straight(s, j)) or nxt in " ,.;:?!)\u2014")
    if style == "curly":  # a curly quotation closed with a straight mark happens in edited copy
        return mark == "\u201d" or mark == '"' and (j + 1 == len(s) or nxt in " ,.;:?!)")
    if style == "apostrophes":  # NYT archive style: ''Like many Americans,'' she said
        return mark == "''" and _is_close_straight(s, j)
    return mark == "\u00bb"


def _scan(para: Paragraph) -> list[tuple[int, int, int, int]]:
    """(open index, opening mark length, close index or -1 if unclosed, closing mark length) within the
    paragraph's text."""
    s = para.text
    marks = [(m.start(), m.group()) for m in _MARKS.finditer(s)]
    found = []
    k = 0
    while k < len(marks):
        i, ch = marks[k]
        k += 1
        if not _opens(s, i, ch):
            continue
        style = "apostrophes" if ch == "''" else OPENERS.get(ch, "curly")  # a closing mark opening a paragraph
        close, close_len = -1, 0                                             # is a typo for an opener
        while k < len(marks):
            j, c = marks[k]
            k += 1
            if _closes(s, j, c, style):
                close, close_len = j, len(c)
                break
        found.append((i, len(ch), close, close_len))
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
    title_like = fragment and not re.search(r"[.?!]$", body) and looks_like_title(body)
    return fragment, title_like


def looks_like_title(text: str) -> bool:
    """Two to six words, every one longer than three letters capitalised ("Fox and Friends", "Tales From
    the Crypt,"): the name of a show, a book or a slogan, not speech (a question or exclamation is speech)."""
    body = text.strip()
    words = _WORD.findall(body)
    if not 2 <= len(words) <= 6 or re.search(r"[?!]\W*$", body):
        return False
    significant = [words[0]] + [w for w in words[1:] if len(w) > 3 or w[0].isupper()]
    return all(w[0].isupper() or w[0].isdigit() for w in significant)


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
                o, olen, c, clen = spans.pop(0)
                inner_end = para.start + (c if c != -1 else len(para.text))
                carry.pieces.append((para.start + olen, inner_end))
                carry.end = inner_end
                carry.outer_end = para.start + (c + clen if c != -1 else len(para.text))
                carry.text = carry.text + " " + text[para.start + olen:inner_end].strip()
                carry.last_paragraph = para.index
                carry.unbalanced = c == -1
                if c == -1:
                    continue
            else:
                carry.unbalanced = True
            carry = None
        for o, olen, c, clen in spans:
            inner_start = para.start + o + olen
            inner_end = para.start + (c if c != -1 else len(para.text))
            words = text[inner_start:inner_end]
            if not words.strip():
                continue
            fragment, title_like = _classify(words, para.text[:o])
            outer_end = para.start + (c + clen if c != -1 else len(para.text))
            q = Quotation(inner_start, inner_end, para.start + o, outer_end, para.index, " ".join(words.split()),
                          fragment, title_like, c == -1, [(inner_start, inner_end)], para.index)
            quotes.append(q)
            if c == -1:
                carry = q
    return paras, quotes
