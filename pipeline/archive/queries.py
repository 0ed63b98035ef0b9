"""Reads from the archive."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pipeline.archive.erasure import restricted_post_ids
from pipeline.archive.models import (
    CaptureItem,
    CaptureRun,
    EnrichmentRow,
    PersonRow,
    QuarantineRow,
    Restriction,
    SourceRow,
    post_versions,
)
from schemas import Enrichment, IndexedPost, Post, Visibility
from schemas.post import IndexFingerprint

pv = post_versions.c


@dataclass(frozen=True)
class Version:
    version_id: int
    version: int
    archived_at: datetime
    content_sha256: str
    capture_run: int
    post: Post | None  # None: the content was disposed of
    disposition: int | None = None


class PendingVersion(NamedTuple):
    version_id: int
    text: str
    external: bool  # published outside the organisation: the one kind that gets a triage


def versions_to_enrich(
    session: Session,
    enricher: str,
    limit: int,
    *,
    run_id: int | None = None,
    archived: tuple[datetime, datetime] | None = None,
    after: int = 0,
) -> list[PendingVersion]:
    """The versions of one capture run, or archived in [start, end), that ``enricher`` has
    not seen yet, in order of ``version_id`` from ``after`` on. Disposed versions have no
    text and are left out."""
    done = sa.select(EnrichmentRow.version_id).where(
        EnrichmentRow.enricher == enricher, EnrichmentRow.version_id == pv.version_id
    )
    external = pv.visibility == Visibility.PUBLIC_EXTERNAL.value
    query = sa.select(pv.version_id, pv.document["text"].astext, external).where(
        ~sa.exists(done), pv.disposition.is_(None), pv.version_id > after
    )
    if run_id is not None:
        query = query.where(pv.capture_run == run_id)
    if archived is not None:
        query = query.where(pv.archived_at >= archived[0], pv.archived_at < archived[1])
    query = query.order_by(pv.version_id).limit(limit)
    return [PendingVersion(row[0], row[1] or "", row[2]) for row in session.execute(query)]


def first_archived_at(session: Session) -> datetime | None:
    return session.scalar(sa.select(sa.func.min(pv.archived_at)))


def post_ids_archived(session: Session, start: datetime, end: datetime) -> list[str]:
    query = (
        sa.select(pv.post_id)
        .where(pv.archived_at >= start, pv.archived_at < end)
        .distinct()
        .order_by(pv.post_id)
    )
    return list(session.scalars(query))


def post_ids_of_run(session: Session, run_id: int) -> list[str]:
    query = sa.select(pv.post_id).where(pv.capture_run == run_id).distinct().order_by(pv.post_id)
    return list(session.scalars(query))


def indexed_posts(session: Session, post_ids: list[str]) -> list[IndexedPost]:
    """The search documents of these posts: latest version, history summary, enrichment.
    Posts whose content was disposed of have none."""
    history = (
        sa.select(
            pv.post_id,
            sa.func.count().label("versions"),
            sa.func.count().filter(pv.deleted_at.is_(None)).label("live_versions"),
        )
        .where(pv.post_id.in_(post_ids))
        .group_by(pv.post_id)
        .subquery()
    )
    latest = (
        sa.select(
            pv.version_id,
            pv.version,
            pv.content_sha256,
            pv.archived_at,
            pv.document,
            history.c.versions,
            history.c.live_versions,
        )
        .join(history, history.c.post_id == pv.post_id)
        .distinct(pv.post_id)
        .order_by(pv.post_id, pv.version.desc())
    )
    rows = [row for row in session.execute(latest) if "disposed" not in row.document]
    enrichments = _latest_enrichments(session, [row.version_id for row in rows])
    restricted = restricted_post_ids(session, [row.document["post_id"] for row in rows])
    indexed_at = datetime.now(UTC)
    return [
        IndexedPost(
            **row.document,
            version=row.version,
            versions=row.versions,
            content_sha256=row.content_sha256,
            archived_at=row.archived_at,
            is_edited=row.live_versions > 1,
            is_deleted=row.document.get("deleted_at") is not None,
            restricted=row.document["post_id"] in restricted,
            enrichment=enrichments.get(row.version_id),
            indexed_at=indexed_at,
        )
        for row in rows
    ]


def index_fingerprints(session: Session, page: int = 1000) -> Iterator[IndexFingerprint]:
    """The fingerprint of every search document the archive implies (posts whose content was
    disposed of have none), streamed in post id order by code point (``COLLATE "C"``: the
    order of Python strings and of Elasticsearch keyword sorting), ``page`` rows at a time."""
    post_id = pv.post_id.collate("C")
    latest = (
        sa.select(
            pv.post_id,
            pv.version_id,
            pv.version,
            pv.content_sha256,
            pv.document.has_key("disposed").label("disposed"),
            sa.func.count().over(partition_by=pv.post_id).label("versions"),
        )
        .distinct(post_id)
        .order_by(post_id, pv.version.desc())
        .subquery()
    )
    enricher = (
        sa.select(EnrichmentRow.enricher)
        .where(EnrichmentRow.version_id == latest.c.version_id)
        .order_by(EnrichmentRow.created_at.desc())
        .limit(1)
        .scalar_subquery()
    )
    restricted = sa.exists().where(Restriction.post_id == latest.c.post_id)
    query = (
        sa.select(
            latest.c.post_id,
            latest.c.version,
            latest.c.versions,
            latest.c.content_sha256,
            restricted,
            enricher,
        )
        .where(~latest.c.disposed)
        .order_by(latest.c.post_id.collate("C"))
    )
    for row in session.execute(query.execution_options(yield_per=page)):
        yield IndexFingerprint(*row)


def _latest_enrichments(session: Session, version_ids: list[int]) -> dict[int, Enrichment]:
    query = (
        sa.select(EnrichmentRow.version_id, EnrichmentRow.document)
        .where(EnrichmentRow.version_id.in_(version_ids))
        .distinct(EnrichmentRow.version_id)
        .order_by(EnrichmentRow.version_id, EnrichmentRow.created_at.desc())
    )
    return {row.version_id: Enrichment(**row.document) for row in session.execute(query)}


def post_history(session: Session, post_id: str) -> list[Version]:
    query = (
        sa.select(
            pv.version_id,
            pv.version,
            pv.archived_at,
            pv.content_sha256,
            pv.capture_run,
            pv.document,
            pv.disposition,
        )
        .where(pv.post_id == post_id)
        .order_by(pv.version)
    )
    return [
        Version(
            row.version_id,
            row.version,
            row.archived_at,
            row.content_sha256,
            row.capture_run,
            None if row.disposition else Post(**row.document),
            row.disposition,
        )
        for row in session.execute(query)
    ]


def quarantined(session: Session, run_id: int) -> list[QuarantineRow]:
    query = (
        sa.select(QuarantineRow)
        .where(QuarantineRow.capture_run == run_id)
        .order_by(QuarantineRow.id)
    )
    return list(session.scalars(query))


def archive_totals(session: Session) -> dict[str, int]:
    posts, versions = session.execute(
        sa.select(sa.func.count(sa.distinct(pv.post_id)), sa.func.count())
    ).one()
    return {"posts": posts, "versions": versions}


def recent_capture_runs(session: Session, limit: int = 20) -> list[CaptureRun]:
    query = sa.select(CaptureRun).order_by(CaptureRun.id.desc()).limit(limit)
    return list(reversed(list(session.scalars(query))))


def capture_items(session: Session, run_id: int) -> list[CaptureItem]:
    query = (
        sa.select(CaptureItem).where(CaptureItem.capture_run == run_id).order_by(CaptureItem.seq)
    )
    return list(session.scalars(query))


def all_post_ids(session: Session) -> Iterator[str]:
    query = sa.select(pv.post_id).distinct().order_by(pv.post_id)
    yield from session.scalars(query.execution_options(yield_per=10_000))


@dataclass(frozen=True)
class DirectoryPerson:
    id: str
    name: str
    handle: str | None
    internal: bool  # a staff member on the organisation's own network


def directory_people(session: Session) -> list[DirectoryPerson]:
    """Everyone the archive knows, staff first: the entity ruler links names and handles to
    them, and a name two people share links to the staff member."""
    rows = session.execute(
        sa.select(
            PersonRow.id, PersonRow.name, PersonRow.document["handle"].astext, SourceRow.platform
        )
        .join(SourceRow, SourceRow.key == PersonRow.source)
        .order_by((SourceRow.platform != "yammer"), PersonRow.id)
    )
    return [
        DirectoryPerson(id=pid, name=name, handle=handle, internal=platform == "yammer")
        for pid, name, handle, platform in rows
    ]
