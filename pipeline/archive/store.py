"""Writes to the archive: capture runs, sources, people, post versions, quarantine.

Post versions are append-only. A post gains a version only when its content is a state the
archive has not seen for it: capturing the same data again changes nothing, and neither does
replaying an older export after a newer one (a backfill). The price: a post edited back to an
exact earlier state is not recorded a second time; the capture run that saw it still is.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from pipeline.archive.models import (
    CaptureRun,
    EnrichmentRow,
    PersonRow,
    QuarantineRow,
    RawCapture,
    SourceRow,
    post_versions,
)
from pipeline.connectors.base import Quarantined
from schemas import Enrichment, Person, Post, Source, post_content_sha256


@dataclass
class VersionCounts:
    new: int = 0
    changed: int = 0
    unchanged: int = 0


def record_raw_capture(session: Session, sha256: str, size: int, media_type: str) -> None:
    session.execute(
        insert(RawCapture)
        .values(sha256=sha256, size=size, media_type=media_type, first_fetched_at=datetime.now(UTC))
        .on_conflict_do_nothing()
    )


def start_capture_run(session: Session, **fields) -> int:
    run = CaptureRun(status="captured", counts={}, **fields)
    session.add(run)
    session.flush()
    return run.id


def get_capture_run(session: Session, run_id: int) -> CaptureRun | None:
    return session.get(CaptureRun, run_id)


def update_capture_run(session: Session, run_id: int, status: str, counts: dict, **fields) -> None:
    run = session.get(CaptureRun, run_id)
    run.status = status
    run.counts = {**run.counts, **counts}
    for name, value in fields.items():
        setattr(run, name, value)


def upsert_source(session: Session, source: Source) -> None:
    session.execute(
        insert(SourceRow)
        .values(key=source.key, platform=source.platform, account=source.account, name=source.name)
        .on_conflict_do_update(index_elements=["key"], set_={"name": source.name})
    )


def upsert_people(session: Session, people: Sequence[Person]) -> None:
    if not people:
        return
    rows = {
        p.id: {
            "id": p.id,
            "source": p.source,
            "name": p.name,
            "email": p.email,
            "document": p.model_dump(mode="json"),
            "updated_at": datetime.now(UTC),
        }
        for p in people
    }
    statement = insert(PersonRow).values(list(rows.values()))
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["id"],
            set_={c: statement.excluded[c] for c in ("name", "email", "document", "updated_at")},
            where=PersonRow.document != statement.excluded.document,
        )
    )


def lock_source(session: Session, source_key: str) -> None:
    """Serialise version writes per source for the rest of the transaction, so two runs
    capturing the same source cannot both append version N."""
    session.execute(sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtext(source_key))))


def _known_states(session: Session, post_ids: Iterable[str]) -> dict[str, tuple[int, set[str]]]:
    """For each post: its latest version number and every content hash it has had."""
    query = (
        sa.select(
            post_versions.c.post_id,
            sa.func.max(post_versions.c.version),
            sa.func.array_agg(post_versions.c.content_sha256),
        )
        .where(post_versions.c.post_id.in_(list(post_ids)))
        .group_by(post_versions.c.post_id)
    )
    return {post_id: (version, set(hashes)) for post_id, version, hashes in session.execute(query)}


def archive_posts(session: Session, run_id: int, posts: Sequence[Post]) -> VersionCounts:
    """Append a version for every post whose content changed; count what happened."""
    counts = VersionCounts()
    unique = {post.post_id: post for post in posts}  # the last row wins within one batch
    known = _known_states(session, unique)
    rows = []
    for post in unique.values():
        content_sha256 = post_content_sha256(post)
        version, seen = known.get(post.post_id, (0, set()))
        if content_sha256 in seen:
            counts.unchanged += 1
            continue
        if version:
            counts.changed += 1
        else:
            counts.new += 1
        rows.append(_version_row(post, run_id, version + 1, content_sha256))
    if rows:
        session.execute(sa.insert(post_versions), rows)
    return counts


def _version_row(post: Post, run_id: int, version: int, content_sha256: str) -> dict:
    columns = {c.name for c in post_versions.columns} & set(Post.model_fields)
    return {
        **{name: getattr(post, name) for name in columns},
        "visibility": post.visibility.value,
        "version": version,
        "content_sha256": content_sha256,
        "capture_run": run_id,
        "document": post.model_dump(mode="json"),
    }


def quarantine(session: Session, run_id: int, stage: str, items: Sequence[Quarantined]) -> None:
    if items:
        session.execute(
            sa.insert(QuarantineRow),
            [
                {
                    "capture_run": run_id,
                    "stage": stage,
                    "locator": q.locator,
                    "reason": q.reason,
                    "excerpt": q.excerpt,
                }
                for q in items
            ],
        )


def save_enrichments(session: Session, results: Sequence[tuple[int, Enrichment]]) -> None:
    if results:
        session.execute(
            insert(EnrichmentRow)
            .values(
                [
                    {
                        "version_id": vid,
                        "enricher": e.enricher,
                        "language": e.language,
                        "document": e.model_dump(mode="json"),
                    }
                    for vid, e in results
                ]
            )
            .on_conflict_do_nothing()
        )
