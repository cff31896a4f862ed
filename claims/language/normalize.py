"""Normalising text for matching and fingerprints (quotes, names), and checking user text."""

from __future__ import annotations

import re
import unicodedata
from typing import Literal, overload

from claims.errors import UsageError

MAX_TEXT = 100_000  # characters in one quote, summary or note; longer is surely a paste accident

_QUOTE_MARKS = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"', "\u2013": "-", "\u2014": "-", "\u00a0": " ",
})
_WS = re.compile(r"\s+")
_EDGE = re.compile(r"^[\s\"'.,;:!?\-]+|[\s\"'.,;:!?\-]+$")


@overload
def clean_text(value: str | None, field: str = ..., *, required: Literal[True], limit: int = ...) -> str: ...
@overload
def clean_text(value: str | None, field: str = ..., *, required: bool = ..., limit: int = ...) -> str | None: ...
def clean_text(value: str | None, field: str = "text", *, required: bool = False,
               limit: int = MAX_TEXT) -> str | None:
    """Check user text: valid Unicode, no NUL bytes, not too long; whitespace trimmed.

    Returns None for empty optional text; raises UsageError with one clear line otherwise.
    """
    if value is None:
        if required:
            raise UsageError(f"{field} is required")
        return None
    if not isinstance(value, str):
        raise UsageError(f"{field} must be text, not {type(value).__name__}")
    if "\x00" in value:
        raise UsageError(f"{field} contains a NUL byte")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(f"{field} is not valid UTF-8") from None
    value = value.strip()
    if not value:
        if required:
            raise UsageError(f"{field} is empty")
        return None
    if len(value) > limit:
        raise UsageError(f"{field} is {len(value):,} characters long; the limit is {limit:,}")
    return value


def quote_text(text: str) -> str:
    """Quote marks, dashes and whitespace made plain: the form two printings are compared in."""
    return _WS.sub(" ", unicodedata.normalize("NFKC", text).translate(_QUOTE_MARKS)).strip()


def match_key(text: str) -> str:
    """Case-, quote-mark- and whitespace-insensitive form of a quotation, for finding repeats."""
    return _EDGE.sub("", quote_text(text).casefold())


def name_key(name: str) -> str:
    """'Joseph F. Dunford' -> 'joseph f dunford'."""
    plain = quote_text(name).casefold().replace(".", " ").replace(",", " ")
    return _WS.sub(" ", plain).strip()


def fingerprint(*parts: object) -> str:
    import hashlib  # here: loading OpenSSL costs a read command that never hashes about 3 ms

    h = hashlib.sha256()
    for part in parts:
        h.update(b"\x1f" + ("" if part is None else str(part)).encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:40]
