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

from pipeline.archive.erasure import ERASED
from pipeline.archive.integrity import VERSION_FIELDS, seal
from pipeline.archive.models import (
    CaptureItem,
    CaptureRun,
    CursorRow,
    EnrichmentRow,
    PersonRow,
    QuarantineRow,
    RawCapture,
    SourceRow,
    post_versions,
)
from pipeline.connectors.base import Quarantined, Tombstone
from schemas import Enrichment, Person, Post, Source, post_content_sha256


@dataclass
class VersionCounts:
    new: int = 0
    changed: int = 0
    unchanged: int = 0


def add_capture_item(session: Session, run_id: int, seq: int, raw: dict, **fields) -> None:
    """Record one stored item of a run; ``raw`` is sha256, size and media_type of its bytes."""
    session.execute(
        insert(RawCapture)
        .values(**raw, first_fetched_at=fields["fetched_at"])
        .on_conflict_do_nothing()
    )
    session.execute(  # the same item recorded again (a commit we never heard of) is one item
        insert(CaptureItem)
        .values(capture_run=run_id, seq=seq, raw_sha256=raw["sha256"], **fields)
        .on_conflict_do_nothing(index_elements=["capture_run", "seq"])
    )


def get_cursor(session: Session, connector: str, target: str) -> dict:
    row = session.get(CursorRow, (connector, target))
    return dict(row.state) if row else {}


def save_cursor(session: Session, connector: str, target: str, state: dict, run_id: int) -> None:
    statement = insert(CursorRow).values(
        connector=connector, target=target, state=state, capture_run=run_id
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["connector", "target"],
            set_={"state": state, "capture_run": run_id, "updated_at": sa.func.now()},
        )
    )


def start_capture_run(session: Session, **fields) -> int:
    run = CaptureRun(status="capturing", counts={}, **fields)
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
    # A source that says less about someone (an API reference without department or title)
    # keeps what a fuller one said: the fields it leaves out stay, the ones it gives win.
    merged = PersonRow.document.op("||")(sa.func.jsonb_strip_nulls(statement.excluded.document))
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["id"],
            set_={
                "name": statement.excluded.name,
                "email": sa.func.coalesce(statement.excluded.email, PersonRow.email),
                "document": merged,
                "updated_at": statement.excluded.updated_at,
            },
            # an erased profile stays erased when the person is captured again
            where=(PersonRow.document != merged) & (PersonRow.name != ERASED),
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


def archive_records(
    session: Session, run_id: int, posts: Sequence[Post], tombstones: Sequence[Tombstone] = ()
) -> VersionCounts:
    """Append a version for every post state the archive has not seen, in the order given (a
    platform's edit history arrives oldest first), then a deletion version for every known,
    not yet deleted post a tombstone names. Counts are per post: new, changed (gained a
    version) or unchanged."""
    post_ids = {p.post_id for p in posts} | {t.post_id for t in tombstones}
    before = _known_states(session, post_ids)
    gained = _append_versions(session, run_id, posts, before)
    latest = _latest_posts(session, [t.post_id for t in tombstones])
    deletions = [
        latest[t.post_id].model_copy(
            update={"deleted_at": t.deleted_at, "provenance": t.provenance}
        )
        for t in tombstones
        if t.post_id in latest and latest[t.post_id].deleted_at is None
    ]
    gained |= _append_versions(session, run_id, deletions, _known_states(session, latest))
    new, changed = len(gained - set(before)), len(gained & set(before))
    return VersionCounts(new=new, changed=changed, unchanged=len(post_ids) - new - changed)


def _append_versions(session: Session, run_id: int, posts: Sequence[Post], known: dict) -> set[str]:
    """Insert the unseen states; returns the ids of the posts that gained a version."""
    state = {post_id: (version, set(seen)) for post_id, (version, seen) in known.items()}
    rows, gained = [], set()
    for post in posts:
        content_sha256 = post_content_sha256(post)
        version, seen = state.get(post.post_id, (0, set()))
        if content_sha256 in seen:
            continue
        state[post.post_id] = (version + 1, seen | {content_sha256})
        gained.add(post.post_id)
        rows.append(_version_row(post, run_id, version + 1, content_sha256))
    if rows:
        _seal_versions(session, rows)
        session.execute(sa.insert(post_versions), rows)
        _keep_raw(session, {row["raw_sha256"] for row in rows})
    return gained


def _keep_raw(session: Session, sha256s: set[str]) -> None:
    """A payload marked disposed that a new version reads from (the same bytes captured
    again) is kept again: retention removes it only once nothing uses it."""
    session.execute(
        sa.update(RawCapture)
        .where(RawCapture.sha256.in_(sha256s), RawCapture.disposed_at.is_not(None))
        .values(disposed_at=None)
    )


def _seal_versions(session: Session, rows: list[dict]) -> None:
    """Link the new rows into their sources' chains, in the order given. Each source's lock
    is held to the end of the transaction, so no other writer extends a chain between our
    reading its head and inserting."""
    by_source: dict[str, list[dict]] = {}
    for row in rows:
        by_source.setdefault(row["source"], []).append(row)
    for source in sorted(by_source):
        lock_source(session, source)
    heads = _chain_heads(session, sorted(by_source))
    for source, source_rows in by_source.items():
        seal(source_rows, heads.get(source), VERSION_FIELDS, seq_field="chain_seq")


def _chain_heads(session: Session, sources: list[str]) -> dict[str, tuple[int, str]]:
    query = (
        sa.select(post_versions.c.source, post_versions.c.chain_seq, post_versions.c.chain_sha256)
        .where(post_versions.c.source.in_(sources))
        .distinct(post_versions.c.source)
        .order_by(post_versions.c.source, post_versions.c.chain_seq.desc())
    )
    return {source: (seq, chain) for source, seq, chain in session.execute(query)}


def _latest_posts(session: Session, post_ids: list[str]) -> dict[str, Post]:
    query = (
        sa.select(post_versions.c.document)
        .where(post_versions.c.post_id.in_(post_ids))
        .distinct(post_versions.c.post_id)
        .order_by(post_versions.c.post_id, post_versions.c.version.desc())
    )
    return {doc["post_id"]: Post(**doc) for doc in session.scalars(query)}


def _version_row(post: Post, run_id: int, version: int, content_sha256: str) -> dict:
    columns = {c.name for c in post_versions.columns} & set(Post.model_fields)
    return {
        **{name: getattr(post, name) for name in columns},
        "visibility": post.visibility.value,
        "version": version,
        "content_sha256": content_sha256,
        "raw_sha256": post.provenance.raw_sha256,
        "capture_run": run_id,
        "archived_at": datetime.now(UTC),
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


def quarantine_index_failures(session: Session, failures: Sequence[tuple[str, str]]) -> int:
    """Dead-letter posts the index refused outside a capture run (a reconcile): each under the
    capture run of its latest version, stage "index", once per reason. Returns how many rows
    are new."""
    post_ids = sorted({post_id for post_id, _ in failures})
    latest = (
        sa.select(post_versions.c.post_id, post_versions.c.capture_run)
        .where(post_versions.c.post_id.in_(post_ids))
        .distinct(post_versions.c.post_id)
        .order_by(post_versions.c.post_id, post_versions.c.version.desc())
    )
    latest_run = {post_id: run for post_id, run in session.execute(latest)}
    said = sa.select(QuarantineRow.locator, QuarantineRow.reason).where(
        QuarantineRow.stage == "index", QuarantineRow.locator.in_(post_ids)
    )
    known = {(locator, reason) for locator, reason in session.execute(said)}
    new = [
        (pid, reason)
        for pid, reason in dict.fromkeys(failures)
        if pid in latest_run and (pid, reason) not in known
    ]
    for pid, reason in new:
        quarantine(session, latest_run[pid], "index", [Quarantined(pid, reason)])
    return len(new)


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
