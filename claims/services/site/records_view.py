"""The track records (kept rate with its exclusions, calibration) on the site's pages, from
:mod:`claims.services.records`: the figures are that service's; this module only picks what a page shows.
Computed lazily, once per build, and only when a page that shows them is rewritten."""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import Any

from claims.store.db import Database


def _pct(p: float | None) -> str | None:
    return None if p is None else f"{round(p * 100):d}%"


def summary(row: dict[str, Any] | None, root: str) -> dict[str, Any] | None:
    """What a page prints of a track record: the kept rate, its counts and exclusions, timeliness, Brier."""
    if row is None:
        return None
    from claims.services.records import RULES

    brier = row.get("brier")
    return {"kept_rate": _pct(row.get("kept_rate")), "kept_rate_n": row.get("kept_rate_n") or 0,
            "flag": (row.get("flags") or {}).get("kept_rate"), "kept": row.get("kept") or 0,
            "broken": row.get("broken") or 0, "in_progress": row.get("in_progress") or 0,
            "left_out": (row.get("promises") or 0) - (row.get("kept_rate_n") or 0),
            "on_time_rate": _pct(row.get("on_time_rate")), "brier": None if brier is None else f"{brier:.3f}",
            "scored": row.get("scored") or 0, "hide_below": RULES.hide_below, "root": root,
            "calibration": [b for b in row.get("calibration") or [] if b.get("n")]}


ONE_BY_ONE = 20  # speakers' figures read one by one before reading every speaker's


class TrackRecords:
    """The figures for the whole site and per speaker (None where the records service is missing)."""

    def __init__(self, database: Database, *, speakers: list[str] | None, tags: list[str] | None,
                 today: date | None = None):
        self.database = database
        self.today = today  # the site's as-of day: what is overdue in the figures, as on the pages
        self.speakers = speakers
        self.tags = tags
        self._alone = 0  # speakers whose figures were read one by one

    @cached_property
    def available(self) -> bool:
        try:
            import claims.services.records  # noqa: F401
        except ImportError:
            return False
        return True

    @cached_property
    def by_speaker(self) -> dict[str, dict[str, Any]]:
        if not self.available:
            return {}
        from claims.services import records

        tag = self.tags[0] if self.tags and len(self.tags) == 1 else None
        if self.tags and tag is None:
            return {}
        return {r["group"]: r for r in records.records(self.database, by="speaker", tag=tag, today=self.today)}

    def speaker(self, name: str, root: str, speaker_id: int | None = None) -> dict[str, Any] | None:
        """One speaker's figures: read for that speaker alone for the first few pages (a rebuild rewrites
        one or two), then every speaker's at once."""
        if not self.available:
            return None
        if speaker_id is not None and "by_speaker" not in self.__dict__ and self._alone < ONE_BY_ONE:
            tag = self.tags[0] if self.tags and len(self.tags) == 1 else None
            if self.tags and tag is None:
                return None
            from claims.services import records

            self._alone += 1
            return summary(records.speaker_figures(self.database, speaker_id, tag=tag, today=self.today), root)
        return summary(self.by_speaker.get(name), root)

    def site(self, root: str) -> dict[str, Any] | None:
        """The whole site's figures: the promises' row when the site is not cut down to some speakers."""
        if not self.available or self.speakers or (self.tags and len(self.tags) > 1):
            return None
        from claims.errors import ClaimsError
        from claims.services import records

        try:  # the promises alone: the same row as by="kind" over every claim gives for them
            rows = records.records(self.database, by="kind", kind="promise",
                                   tag=self.tags[0] if self.tags else None, today=self.today)
        except ClaimsError:
            return None
        found = {r["group"]: r for r in rows}
        return summary(found.get("promise"), root) if "promise" in found else None
