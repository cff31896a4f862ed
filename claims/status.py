"""Claim statuses and the rules of the lifecycle.

A claim starts ``open``. ``in-progress`` and ``stalled`` are intermediate; the last five are final
(``resolve`` moves a claim there, ``reopen`` brings it back). "Overdue" is never stored: it is derived
from an active status and a due end before the as-of date.
"""

from __future__ import annotations

from claims.errors import UsageError

OPEN = "open"
IN_PROGRESS = "in-progress"
STALLED = "stalled"
FULFILLED = "fulfilled"
PARTLY_FULFILLED = "partly-fulfilled"
NOT_FULFILLED = "not-fulfilled"
RETRACTED = "retracted"
UNRESOLVABLE = "unresolvable"

ACTIVE = (OPEN, IN_PROGRESS, STALLED)
FINAL = (FULFILLED, PARTLY_FULFILLED, NOT_FULFILLED, RETRACTED, UNRESOLVABLE)
ALL = ACTIVE + FINAL

KINDS = ("prediction", "promise", "statement")
SOURCE_KINDS = ("article", "transcript", "speech", "interview", "social post", "other")

# Accepted spellings a user may type, mapped to the canonical status.
_ALIASES = {
    "in progress": IN_PROGRESS,
    "in_progress": IN_PROGRESS,
    "partly": PARTLY_FULFILLED,
    "partly fulfilled": PARTLY_FULFILLED,
    "partly_fulfilled": PARTLY_FULFILLED,
    "partial": PARTLY_FULFILLED,
    "not": NOT_FULFILLED,
    "not fulfilled": NOT_FULFILLED,
    "not_fulfilled": NOT_FULFILLED,
    "kept": FULFILLED,
    "broken": NOT_FULFILLED,
    # Promise trackers' vocabularies (PolitiFact's meter; the NZ promises tracker; forecast outcomes).
    "promise kept": FULFILLED,
    "compromise": PARTLY_FULFILLED,
    "promise broken": NOT_FULFILLED,
    "in the works": IN_PROGRESS,
    "not yet rated": OPEN,
    "delivered": FULFILLED,
    # The NZ tracker counts "largely" (done, but scaled back or late) as kept (METHODOLOGY.md section 4).
    "largely": FULFILLED,
    "largely delivered": FULFILLED,
    "not-delivered": NOT_FULFILLED,
    "not delivered": NOT_FULFILLED,
    "abandoned": NOT_FULFILLED,
    "superseded": UNRESOLVABLE,
    "right": FULFILLED,
    "wrong": NOT_FULFILLED,
    "void": UNRESOLVABLE,
    "withdrawn": RETRACTED,
}

def parse_status(value: str) -> str:
    """The canonical status for what a user typed, or a UsageError listing the choices."""
    key = " ".join(value.strip().lower().split())
    if key in ALL:
        return key
    if key in _ALIASES:
        return _ALIASES[key]
    dashed = key.replace(" ", "-").replace("_", "-")
    if dashed in ALL:
        return dashed
    raise UsageError(f"unknown status {value!r}; choose one of: {', '.join(ALL)}")


def parse_kind(value: str) -> str:
    key = value.strip().lower()
    if key not in KINDS:
        raise UsageError(f"unknown kind {value!r}; choose one of: {', '.join(KINDS)}")
    return key


def parse_source_kind(value: str) -> str:
    key = " ".join(value.strip().lower().replace("-", " ").replace("_", " ").split())
    if key == "social":
        key = "social post"
    if key not in SOURCE_KINDS:
        raise UsageError(f"unknown source kind {value!r}; choose one of: {', '.join(SOURCE_KINDS)}")
    return key


def is_overdue(status: str, due_end, as_of) -> bool:
    """Derived, never stored: active and the due window closed before ``as_of``."""
    return status in ACTIVE and due_end is not None and due_end < as_of
