"""Reading a text file as a person saved it: UTF-8 (with or without BOM) or UTF-16 with a BOM, with one clear
error for a binary file or bytes that are not UTF-8. Used for articles and for import files alike."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from claims.errors import ClaimsError


def read_text(path: str) -> str:
    """The file (or stdin for ``-``) as text; a clear error for binary or non-UTF-8 content."""
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except FileNotFoundError:
        raise ClaimsError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise ClaimsError(f"{path} is a folder, not a file") from None
    except OSError as exc:
        raise ClaimsError(f"cannot read {path}: {exc.strerror or exc}") from None
    return decode(data, path)


def decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ClaimsError(f"{name} looks like a binary file, not text")
    for bom, enc in ((b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                raise ClaimsError(f"{name} starts like UTF-16 text but is not valid UTF-16; "
                                  "save the file as UTF-8") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ClaimsError(f"{name}: line {line} is not valid UTF-8 (byte 0x{data[exc.start]:02x}); "
                          "save the file as UTF-8") from None


def loads(text: str) -> Any:
    """``json.loads`` for user files: JSON nested too deeply for the parser (``[[[[...``) or holding an
    integer of thousands of digits is a ``json.JSONDecodeError`` like any other malformed JSON."""
    import json

    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", text[:100], 0) from None
    except ValueError as exc:  # an integer of thousands of digits (int_max_str_digits)
        raise json.JSONDecodeError(str(exc).split(";")[0], text[:100], 0) from None
