"""The data model (SQLModel tables). Schema changes go through ``claims/migrations``.

Calendar dates (when something was said, published, due) are ``date`` columns; instants (when an
event was recorded) are UTC datetimes through :class:`UTCDateTime`, because SQLite drops offsets.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Index, Integer, MetaData, UniqueConstraint, text
from sqlalchemy.types import TypeDecorator

if TYPE_CHECKING:
    from sqlalchemy import Table
from sqlmodel import Field, SQLModel

from claims.store.db import utcnow  # noqa: F401  (models.utcnow: the store's clock, defined on the light path)

# Stable constraint names, so that migrations can refer to them on every backend.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata: MetaData = SQLModel.metadata


class _Table(SQLModel):
    """The base of every table: tells the type checker that each has its SQLAlchemy ``__table__``."""

    if TYPE_CHECKING:
        __table__: ClassVar[Table]


class UTCDateTime(TypeDecorator):
    """Stores aware datetimes as UTC and always returns them aware (UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class Source(_Table, table=True):
    """Where a quote was printed or heard: an article, transcript, speech ..."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=64)
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    published_on: date | None = None
    kind: str = Field(default="article", max_length=20)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Speaker(_Table, table=True):
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=200)
    name: str
    title: str | None = None
    organization: str | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class SpeakerAlias(_Table, table=True):
    """Another name for the same person, with the evidence for the match."""

    __tablename__ = "speaker_alias"
    id: int | None = Field(default=None, primary_key=True)
    speaker_id: int = Field(sa_column=Column(Integer, ForeignKey("speaker.id"), nullable=False, index=True))
    key: str = Field(unique=True, max_length=200)
    alias: str
    evidence: str | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Quote(_Table, table=True):
    """Verbatim words; the same words printed by several outlets are one quote."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=64)
    speaker_id: int = Field(sa_column=Column(Integer, ForeignKey("speaker.id"), nullable=False, index=True))
    text: str
    said_on: date | None = None
    said_precision: str | None = Field(default=None, max_length=5)
    context: str | None = None
    verbatim: bool = True
    attributed_as: str | None = None  # the name as printed ("Dunford"), for splitting a speaker
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Appearance(_Table, table=True):
    """A quote printed in a source."""

    __table_args__ = (UniqueConstraint("quote_id", "source_id", name="uq_appearance_quote_source"),)
    id: int | None = Field(default=None, primary_key=True)
    quote_id: int = Field(sa_column=Column(Integer, ForeignKey("quote.id"), nullable=False))
    source_id: int = Field(sa_column=Column(Integer, ForeignKey("source.id"), nullable=False, index=True))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


ACTIVE_SQL = "status IN ('open', 'in-progress', 'stalled')"


class Claim(_Table, table=True):
    """What is tracked: a prediction, promise or statement derived from a quote."""

    __table_args__ = (
        Index("ix_claim_speaker_id_id", "speaker_id", "id"),
        Index("ix_claim_status_id", "status", "id"),
        # Track records for today read this narrow index alone (migration 0010).
        Index("ix_claim_record", "speaker_id", "status", "kind", "probability", "due_end", "resolved_on"),
        # The worklist: active claims by due end, and nothing else, so `due` stays fast at any size.
        Index(
            "ix_claim_active_due",
            "due_end",
            sqlite_where=text(ACTIVE_SQL),
            postgresql_where=text(ACTIVE_SQL),
        ),
        # Track records: active claims a speaker at a time in due-end order, for the overdue medians (0012).
        Index(
            "ix_claim_overdue",
            "speaker_id",
            "due_end",
            sqlite_where=text(ACTIVE_SQL),
            postgresql_where=text(ACTIVE_SQL),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=64)
    quote_id: int = Field(sa_column=Column(Integer, ForeignKey("quote.id"), nullable=False, index=True))
    speaker_id: int = Field(sa_column=Column(Integer, ForeignKey("speaker.id"), nullable=False))
    source_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("source.id")))
    kind: str = Field(default="prediction", max_length=12)
    summary: str
    status: str = Field(default="open", max_length=20)
    due_start: date | None = None
    due_end: date | None = None
    probability: float | None = None
    probability_low: float | None = None
    probability_high: float | None = None
    hedges: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    timeframe: dict | None = Field(default=None, sa_column=Column(JSON))
    condition: str | None = None
    analysis_version: str | None = Field(default=None, max_length=40)
    search_text: str = ""
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    resolved_on: date | None = None  # the day of the latest status event (kept by claims.store.recording)


class ClaimTag(_Table, table=True):
    __tablename__ = "claim_tag"
    claim_id: int = Field(sa_column=Column(Integer, ForeignKey("claim.id"), primary_key=True))
    tag: str = Field(primary_key=True, index=True, max_length=100)


class Event(_Table, table=True):
    """Append-only history of a claim. Nothing here is updated or deleted."""

    # Events of one type (deadline changes for track records) without reading every claim's history.
    __table_args__ = (Index("ix_event_type_claim_id", "type", "claim_id"),)
    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(sa_column=Column(Integer, ForeignKey("claim.id"), nullable=False, index=True))
    type: str = Field(max_length=20)
    from_status: str | None = Field(default=None, max_length=20)
    status: str = Field(max_length=20)
    happened_on: date | None = None
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    by: str | None = None
    evidence: str | None = None
    note: str | None = None
    due_start: date | None = None
    due_end: date | None = None
    data: dict | None = Field(default=None, sa_column=Column(JSON))


class ClaimReview(_Table, table=True):
    """A claim whose attribution is doubtful (below the review threshold), until a person settles it.

    ``state`` is ``needs-review`` until ``claims review ID`` makes it ``accepted``, ``reassigned`` or
    ``not-a-quote``; each settlement is also a ``review`` event in the claim's history.
    """

    __tablename__ = "claim_review"
    claim_id: int = Field(sa_column=Column(Integer, ForeignKey("claim.id"), primary_key=True))
    state: str = Field(max_length=20, index=True)
    confidence: float | None = None
    rule: str | None = None
    attributed_as: str | None = None
    candidates: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    context: str | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ClaimTerm(_Table, table=True):
    """The content words and named things of a claim, by speaker: the index that restatement finding reads
    (one speaker's claims sharing a word, newest first), so that it never scans every claim."""

    __tablename__ = "claim_term"
    speaker_id: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    term: str = Field(primary_key=True, max_length=40)
    claim_id: int = Field(sa_column=Column(Integer, ForeignKey("claim.id"), primary_key=True, autoincrement=False,
                                           index=True))


class ClaimLink(_Table, table=True):
    """A later claim that says an earlier one again (restatement) or the opposite (reversal): linked, or
    suggested for review. The history is in each claim's events; this row is the current state."""

    __tablename__ = "claim_link"
    __table_args__ = (Index("ix_claim_link_state_id", "state", "id"),)
    id: int | None = Field(default=None, primary_key=True)
    new_claim_id: int = Field(sa_column=Column(Integer, ForeignKey("claim.id"), nullable=False, index=True))
    old_claim_id: int = Field(sa_column=Column(Integer, ForeignKey("claim.id"), nullable=False, index=True))
    relation: str = Field(max_length=12)  # restatement | reversal
    state: str = Field(max_length=12)  # linked | suggested | unlinked | dismissed
    method: str = Field(max_length=8)  # auto | manual
    score: float | None = None
    shared: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    due_before: date | None = None  # the earlier claim's due end when the link was made
    due_after: date | None = None  # ... and after it (later: a slip)
    slip_days: int | None = None
    probability_before: float | None = None
    probability_after: float | None = None
    status_before: str | None = Field(default=None, max_length=20)  # the new claim's, restored by unlink
    by: str | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
