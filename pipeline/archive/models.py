"""SQLAlchemy models. The version table's content columns are derived from ``schemas.Post``
(fields marked with ``schemas.Column``); every version also keeps its full canonical JSON."""

import types
import typing
from datetime import datetime
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
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
    """One captured file or response, stored by content address in the raw store."""

    __tablename__ = "raw_captures"

    sha256: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    size: Mapped[int] = mapped_column(sa.BigInteger)
    media_type: Mapped[str] = mapped_column(sa.Text)
    first_fetched_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))


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
    raw_sha256: Mapped[str] = mapped_column(sa.ForeignKey("raw_captures.sha256"))
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
    sa.Column("capture_run", sa.ForeignKey("capture_runs.id"), nullable=False, index=True),
    sa.Column(
        "archived_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    ),
    sa.Column("document", JSONB, nullable=False),
    sa.UniqueConstraint("post_id", "version", name="uq_post_versions_post_id_version"),
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
