"""Re-run the analysis on every claim (after a lexicon change), one claim per transaction, so an
interrupted run keeps what it finished and a re-run carries on (an unchanged claim records nothing)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import select

from claims.services import tracking
from claims.store import models
from claims.store.engine import Store


def reanalyze_all(store: Store, *, by: str, today: date, lexicons: dict[str, str] | None = None,
                  progress: Callable[[str, int, int | None], None] | None = None) -> dict[str, Any]:
    """Every claim through :func:`claims.services.tracking.reanalyze`; returns what changed, by claim."""
    C = models.Claim.__table__
    with store.read() as session:
        ids = list(session.execute(select(C.c.id).order_by(C.c.id)).scalars())
    changed = []
    for n, claim_id in enumerate(ids, 1):
        _claim, changes = tracking.reanalyze(store, claim_id, by=by, today=today, lexicons=lexicons)
        if changes:
            changed.append({"id": claim_id, "changed": sorted(changes)})
        if progress and (n % 20 == 0 or n == len(ids)):
            progress("re-analysing", n, len(ids))
    return {"reanalysed": len(ids), "changed": len(changed), "claims": changed}
