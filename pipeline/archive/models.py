"""SQLAlchemy models. The version table's content columns are derived from ``schemas.Post``
(fields marked with ``schemas.Column``); every version also keeps its full canonical JSON."""

import types
import typing
from datetime import date, datetime
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from schemas import Column, Post

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s",
    "pk": "pk_%(table_name)s",
}

SQL_TYPES: dict[type, Any] = {
    str: sa.Text(),
    int: sa.BigInteger(),
    bool: sa.Boolean(),
    datetime: sa.DateTime(timezone=True),
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING)


def _sql_type(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return sa.Text()
    return SQL_TYPES[annotation]


def make_schema_columns(model: type[Post]) -> list[sa.Column]:
    columns = []
    for name, field in model.model_fields.items():
        marker = next((m for m in field.metadata if isinstance(m, Column)), None)
        if marker is not None:
            columns.append(
                sa.Column(
                    name, _sql_type(field.annotation), nullable=marker.nullable, index=marker.index
                )
            )
    return columns


class SourceRow(Base):
    __tablename__ = "sources"

    key: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    platform: Mapped[str] = mapped_column(sa.Text)
    account: Mapped[str] = mapped_column(sa.Text)
    name: Mapped[str] = mapped_column(sa.Text, default="")
    first_seen_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now()
    )


class RawCapture(Base):
    """One captured file or response, stored by content address in the raw store. Only
    ``disposed_at`` may change, and only while nothing kept or held uses the payload
    (``archivist_raw_in_use``)."""

    __tablename__ = "raw_captures"

    sha256: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    size: Mapped[int] = mapped_column(sa.BigInteger)
    media_type: Mapped[str] = mapped_column(sa.Text)
    first_fetched_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    disposed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True), nullable=True)


class CaptureRun(Base):
    """One capture of one source: what was read, when, by which run, and what came of it."""

    __tablename__ = "capture_runs"

    id: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    source: Mapped[str | None] = mapped_column(sa.ForeignKey("sources.key"), nullable=True)
    connector: Mapped[str] = mapped_column(sa.Text)
    connector_version: Mapped[str] = mapped_column(sa.Text)
    target: Mapped[str] = mapped_column(sa.Text)
    account: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    fetched_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True), nullable=True)
    status: Mapped[str] = mapped_column(sa.Text)
    counts: Mapped[dict] = mapped_column(JSONB, default=dict)
    interval_start: Mapped[datetime | None] = mapped_column(
        sa.DateTime(timezone=True), nullable=True
    )
    interval_end: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True), nullable=True)
    dag_run: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    cursor_after: Mapped[dict | None] = mapped_column(JSONB, nullable=True)


class CaptureItem(Base):
    """One stored file or response of a capture run, in the order it was fetched."""

    __tablename__ = "capture_items"
    __table_args__ = (sa.UniqueConstraint("capture_run", "seq"),)

    id: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    capture_run: Mapped[int] = mapped_column(sa.ForeignKey("capture_runs.id"))
    seq: Mapped[int] = mapped_column(sa.Integer)
    raw_sha256: Mapped[str] = mapped_column(sa.ForeignKey("raw_captures.sha256"), index=True)
    locator: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[int] = mapped_column(sa.Integer)
    headers: Mapped[dict] = mapped_column(JSONB, default=dict)
    fetched_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))


class CursorRow(Base):
    """Where the next capture of one target starts (since_id, ETag, paging state ...)."""

    __tablename__ = "cursors"

    connector: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    target: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    state: Mapped[dict] = mapped_column(JSONB)
    capture_run: Mapped[int] = mapped_column(sa.ForeignKey("capture_runs.id"))
    updated_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now()
    )


class PersonRow(Base):
    """The latest known state of a person; the document is ``schemas.Person``."""

    __tablename__ = "people"

    id: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    source: Mapped[str] = mapped_column(sa.ForeignKey("sources.key"), index=True)
    name: Mapped[str] = mapped_column(sa.Text)
    email: Mapped[str | None] = mapped_column(sa.Text, nullable=True, index=True)
    document: Mapped[dict] = mapped_column(JSONB)
    updated_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now()
    )


post_versions = sa.Table(
    "post_versions",
    Base.metadata,
    sa.Column("version_id", sa.BigInteger, sa.Identity(), primary_key=True),
    *make_schema_columns(Post),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("content_sha256", sa.Text, nullable=False),
    sa.Column("raw_sha256", sa.Text, nullable=False, index=True),
    sa.Column("capture_run", sa.ForeignKey("capture_runs.id"), nullable=False, index=True),
    sa.Column(
        "archived_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    ),
    sa.Column("document", JSONB, nullable=False),
    sa.Column("chain_seq", sa.BigInteger, nullable=False),
    sa.Column("row_sha256", sa.Text, nullable=False),
    sa.Column("chain_prev", sa.Text, nullable=False),
    sa.Column("chain_sha256", sa.Text, nullable=False),
    sa.Column("disposition", sa.ForeignKey("dispositions.id"), nullable=True),
    sa.UniqueConstraint("post_id", "version", name="uq_post_versions_post_id_version"),
    sa.UniqueConstraint("source", "chain_seq", name="uq_post_versions_source_chain_seq"),
    comment="Append-only: every version of every post. Triggers refuse UPDATE, DELETE, TRUNCATE.",
)


class PostVersion(Base):
    __table__ = post_versions


class EnrichmentRow(Base):
    """What one enricher version produced for one post version; the document is
    ``schemas.Enrichment``."""

    __tablename__ = "enrichments"

    version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("post_versions.version_id"), primary_key=True
    )
    enricher: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    language: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    document: Mapped[dict] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now()
    )


class QuarantineRow(Base):
    """A record that could not be taken in, with the reason and a bounded excerpt."""

    __tablename__ = "quarantine"

    id: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    capture_run: Mapped[int] = mapped_column(sa.ForeignKey("capture_runs.id"), index=True)
    stage: Mapped[str] = mapped_column(sa.Text)
    locator: Mapped[str] = mapped_column(sa.Text)
    reason: Mapped[str] = mapped_column(sa.Text)
    excerpt: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now()
    )


class Disposition(Base):
    """One removal of content (retention or erasure), with its certificate."""

    __tablename__ = "dispositions"

    id: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.Text)
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(sa.Text)
    reason: Mapped[str] = mapped_column(sa.Text)
    certificate: Mapped[dict] = mapped_column(JSONB)
    certificate_sha256: Mapped[str] = mapped_column(sa.Text)


class AuditEvent(Base):
    """One audited action, sealed into the audit chain. Append-only."""

    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), index=True)
    actor: Mapped[str] = mapped_column(sa.Text)
    role: Mapped[str] = mapped_column(sa.Text)
    action: Mapped[str] = mapped_column(sa.Text)
    target: Mapped[dict] = mapped_column(JSONB)
    result_count: Mapped[int | None] = mapped_column(sa.BigInteger, nullable=True)
    row_sha256: Mapped[str] = mapped_column(sa.Text)
    chain_prev: Mapped[str] = mapped_column(sa.Text)
    chain_sha256: Mapped[str] = mapped_column(sa.Text)


class CheckpointRow(Base):
    """A signed manifest of the chain heads; the same file goes to write-once storage."""

    __tablename__ = "checkpoints"

    id: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    manifest: Mapped[dict] = mapped_column(JSONB)
    signature: Mapped[str] = mapped_column(sa.Text)


class HoldRow(Base):
    """A legal hold; matching is done in the database (``archivist_hold_matches``) so that
    every deletion path sees the same answer. Only its release may change it."""

    __tablename__ = "holds"
    __table_args__ = (
        sa.Index(
            "uq_holds_active_matter",
            "matter",
            unique=True,
            postgresql_where=sa.text("released_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    matter: Mapped[str] = mapped_column(sa.Text)
    custodians: Mapped[list[str]] = mapped_column(ARRAY(sa.Text))
    sources: Mapped[list[str]] = mapped_column(ARRAY(sa.Text))
    since: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True), nullable=True)
    until: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True), nullable=True)
    query: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(sa.Text)
    released_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True), nullable=True)
    released_by: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    release_reason: Mapped[str | None] = mapped_column(sa.Text, nullable=True)


class Restriction(Base):
    """A post whose processing is restricted (GDPR art. 18): kept for legal, hidden from the
    roles that use it for other purposes."""

    __tablename__ = "restrictions"

    id: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    post_id: Mapped[str] = mapped_column(sa.Text, index=True)
    person: Mapped[str] = mapped_column(sa.Text)
    reason: Mapped[str] = mapped_column(sa.Text)
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(sa.Text)


class IndexRemoval(Base):
    """A disposed post still to be removed from the search index: written with the
    disposition, deleted once the index no longer has it (so a failed removal is retried)."""

    __tablename__ = "index_removals"

    post_id: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    disposition: Mapped[int] = mapped_column(sa.BigInteger)


class SavedSearchRow(Base):
    """A user's saved search, run as its role on what is indexed; deleting one makes it
    inactive, as its alerts name it."""

    __tablename__ = "saved_searches"
    __table_args__ = (
        sa.Index(
            "uq_saved_searches_active_owner_name",
            "owner",
            "name",
            unique=True,
            postgresql_where=sa.text("active"),
        ),
    )

    id: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    owner: Mapped[str] = mapped_column(sa.Text)
    role: Mapped[str] = mapped_column(sa.Text)
    name: Mapped[str] = mapped_column(sa.Text)
    query: Mapped[str] = mapped_column(sa.Text)
    lexicon: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    notify_webhook: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    notify_email: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    active: Mapped[bool] = mapped_column(sa.Boolean, server_default=sa.true())


class AlertRow(Base):
    """One post version a saved search matched: a fact, recorded once. Only how its
    notification went may change afterwards."""

    __tablename__ = "alerts"
    __table_args__ = (
        sa.UniqueConstraint("saved_search_id", "post_id", "version"),
        sa.Index(
            "ix_alerts_undelivered",
            "saved_search_id",
            "id",
            postgresql_where=sa.text("notify_status IN ('pending', 'failed')"),
        ),
    )

    id: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    saved_search_id: Mapped[int] = mapped_column(sa.ForeignKey("saved_searches.id"))
    post_id: Mapped[str] = mapped_column(sa.Text)
    version: Mapped[int] = mapped_column(sa.Integer)
    content_sha256: Mapped[str] = mapped_column(sa.Text)
    matched_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), index=True)
    notified_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True), nullable=True)
    notify_status: Mapped[str] = mapped_column(sa.Text, server_default="pending")
    notify_error: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    notify_attempts: Mapped[int] = mapped_column(sa.Integer, server_default="0")
    notified_channels: Mapped[list[str]] = mapped_column(
        ARRAY(sa.Text), server_default=sa.text("'{}'::text[]")
    )


class ActivityScoreRow(Base):
    """One person's social activity index on one day: derived from the archive, replaced
    when the day is computed again, removed when the person objects."""

    __tablename__ = "activity_scores"
    __table_args__ = (sa.Index("ix_activity_scores_person_id_day", "person_id", "day"),)

    day: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    person_id: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    team: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    total: Mapped[float] = mapped_column(sa.Float)
    network_size: Mapped[int] = mapped_column(sa.Integer)
    advocacy_type: Mapped[str] = mapped_column(sa.Text)
    document: Mapped[dict] = mapped_column(JSONB)
    computed_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))


class StoryDecisionRow(Base):
    """PR's decision on a story finder candidate: used or rejected. Appended, never changed;
    the latest per post counts."""

    __tablename__ = "story_decisions"
    __table_args__ = (
        sa.CheckConstraint("decision IN ('used', 'rejected')", name="ck_story_decisions_decision"),
    )

    id: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    post_id: Mapped[str] = mapped_column(sa.Text, index=True)
    decision: Mapped[str] = mapped_column(sa.Text)
    note: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    decided_by: Mapped[str] = mapped_column(sa.Text)
    role: Mapped[str] = mapped_column(sa.Text)
    decided_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
