"""Ingest many article files: read and extract them in worker processes while this one stores them.

Reading an article (:mod:`claims.reading`) is pure and takes most of an ingest's time; storing it is one
transaction per article on the one connection. With more than one core, ``claims ingest`` of many files
reads and extracts them in ``jobs - 1`` worker processes, in order and at most 8 per worker ahead of
what is stored (so an archive of thousands does not pile up in memory), while this process stores each
as it comes back, so a folder of stories takes about the time their extraction alone would on one core.
What is stored is exactly what one process stores (same order, same transactions; tests compare the two).
A few files, standard input or ``jobs=1`` run in this process, as before.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from claims.errors import ClaimsError

# Below this many files the workers' start (a new interpreter importing the reading code, about 0.3 s)
# costs more than it saves.
MIN_FILES_FOR_WORKERS = 16
MAX_JOBS = 5  # storing is serial: beyond a few readers the writer is the bottleneck


def default_jobs() -> int:
    """Processes in all (this one storing, the others reading): the cores this process may use, at most 5."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_JOBS))


def _read(path: str, options: dict[str, Any]) -> tuple[Any, Any]:
    """(article, found) for one file, or (None, the error's one line): run in a worker."""
    from claims.reading import articles
    from claims.reading.extract import extract

    try:
        article = articles.read_article(path, **options)
        return article, extract(article)
    except ClaimsError as exc:
        return None, str(exc)


def _read_all(paths: list[str], options: dict[str, Any], jobs: int) -> Iterator[tuple[Any, Any]]:
    """(article, found or error) per path, in order: ``jobs - 1`` worker processes read them (none: this
    process does)."""
    if jobs <= 1 or len(paths) < MIN_FILES_FOR_WORKERS or "-" in paths:
        for path in paths:
            yield _read(path, options)
        return
    import multiprocessing
    from collections import deque

    # "spawn": workers start clean (no inherited database connection, progress thread or lock).
    context = multiprocessing.get_context("spawn")
    window = 8 * (jobs - 1)  # read at most this far ahead of what is stored: memory stays bounded
    with context.Pool(jobs - 1) as pool:
        pending: deque = deque()
        todo = iter(paths)
        for path in todo:
            pending.append(pool.apply_async(_read, (path, options)))
            if len(pending) >= window:
                break
        while pending:
            found = pending.popleft().get()
            for path in todo:  # one more in, for the one taken out
                pending.append(pool.apply_async(_read, (path, options)))
                break
            yield found


def ingest_files(store: Any, paths: list[str], *, options: dict[str, Any], by: str, today: date,
                 dry_run: bool = False, full_claims: bool = True, review_below: float | None = None,
                 jobs: int | None = None, progress: Callable[[str, int, int | None], None] | None = None,
                 ) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """Ingest ``paths`` (read with ``options``: published, outlet, url, title) in order, one transaction
    per article; returns (the results of those read, (path, error) for those that could not be)."""
    from claims.services.ingest import ingest

    results: list[dict[str, Any]] = []
    failed: list[tuple[str, str]] = []
    jobs = default_jobs() if jobs is None else jobs
    if progress:
        progress("ingesting", 0, len(paths))
    for done, (path, (article, found)) in enumerate(zip(paths, _read_all(paths, options, jobs),
                                                        strict=True), start=1):
        try:
            if article is None:
                raise ClaimsError(found)
            results.append(ingest(store, article, by=by, today=today, dry_run=dry_run, found=found,
                                  full_claims=full_claims, review_below=review_below))
        except ClaimsError as exc:
            failed.append((path, str(exc)))
        if progress:
            progress("ingesting", done, len(paths))
    return results, failed
