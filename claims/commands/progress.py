"""Progress for long work (import, ingest of many files, reanalyze, site builds): a rich progress bar on
stderr when stderr is a terminal, and nothing at all otherwise (a pipe, a log file, a test runner).
Never on stdout, which carries data (``--json``).

Services take an optional callback ``progress(stage, done, total)`` and print nothing; a command passes
the one :func:`progress` yields::

    with progress() as report:
        result = transfer.import_file(..., progress=report)

and a loop in a command can use :func:`track`. Rich is imported only when a bar is actually shown.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterable, Iterator, Sized
from typing import IO, TypeVar

T = TypeVar("T")
Report = Callable[[str, int, "int | None"], None]


def _nothing(stage: str, done: int, total: int | None = None) -> None:
    return None


def wanted(stream: IO[str] | None = None) -> bool:
    """A bar is shown only on a terminal."""
    stream = stream if stream is not None else sys.stderr
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # closed or odd streams
        return False


@contextlib.contextmanager
def progress(stream: IO[str] | None = None) -> Iterator[Report]:
    """A callback ``report(stage, done, total)``: one bar per stage, shown while the block runs and
    cleared at its end. On anything but a terminal the callback does nothing."""
    stream = stream if stream is not None else sys.stderr
    if not wanted(stream):
        yield _nothing
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

    console = Console(file=stream, force_terminal=True, highlight=False, markup=False, emoji=False)
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   console=console, transient=True, redirect_stdout=False, redirect_stderr=False)
    tasks: dict[str, TaskID] = {}

    def report(stage: str, done: int, total: int | None = None) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total)
        bar.update(tasks[stage], completed=done, total=total)

    with bar:
        yield report


def track(items: Iterable[T], stage: str, total: int | None = None, *, report: Report | None = None) -> Iterator[T]:
    """``items``, reporting each one done to ``report`` (from :func:`progress`)."""
    report = report or _nothing
    if total is None and isinstance(items, Sized):
        total = len(items)
    report(stage, 0, total)
    done = 0
    for item in items:
        yield item
        done += 1
        report(stage, done, total)
