"""Saved searches and their alerts in the archive.

Saving and deleting a search are configuration changes, each one audit event. Deleting makes
a search inactive rather than removing it: its alerts and the audit trail name it. An alert
is recorded once per (saved search, post version), so evaluating an interval again adds
nothing; afterwards only its notification outcome changes.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from pipeline.archive import audit
from pipeline.archive.models import AlertRow, SavedSearchRow
from pipeline.exc import ArchiveError, NotFound

INSERT_BATCH = 1000


@dataclass(frozen=True)
class NewSavedSearch:
    owner: str
    role: str
    name: str
    query: str
    lexicon: str | None = None
    webhook: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Match:
    """One post version a saved search found."""

    post_id: str
    version: int
    content_sha256: str


def shown_webhook(url: str | None) -> str | None:
    """A webhook as it may be shown or audited: its path often carries the secret."""
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}/…"


def _audit_target(row: SavedSearchRow) -> dict:
    return {
        "saved_search": row.id,
        "owner": row.owner,
        "name": row.name,
        "query": row.query,
        "lexicon": row.lexicon,
        "webhook": shown_webhook(row.notify_webhook),
        "email": row.notify_email,
    }


def add_saved_search(session: Session, new: NewSavedSearch) -> SavedSearchRow:
    if not new.name.strip():
        raise ArchiveError("a saved search needs a name")
    taken = sa.select(SavedSearchRow.id).where(
        SavedSearchRow.owner == new.owner, SavedSearchRow.name == new.name, SavedSearchRow.active
    )
    if session.scalar(taken) is not None:
        raise ArchiveError(f"{new.owner} already has a saved search named {new.name!r}")
    row = SavedSearchRow(
        owner=new.owner,
        role=new.role,
        name=new.name,
        query=new.query,
        lexicon=new.lexicon,
        notify_webhook=new.webhook or None,
        notify_email=new.email or None,
        created_at=datetime.now(UTC),
        active=True,
    )
    session.add(row)
    session.flush()
    actor = audit.Actor(new.owner, new.role)
    audit.record(session, actor, "saved_search.create", _audit_target(row), None)
    return row


def saved_searches_of(session: Session, owner: str) -> list[SavedSearchRow]:
    query = (
        sa.select(SavedSearchRow)
        .where(SavedSearchRow.owner == owner, SavedSearchRow.active)
        .order_by(SavedSearchRow.id)
    )
    return list(session.scalars(query))


def active_saved_searches(session: Session) -> list[SavedSearchRow]:
    query = sa.select(SavedSearchRow).where(SavedSearchRow.active).order_by(SavedSearchRow.id)
    return list(session.scalars(query))


def deactivate_saved_search(session: Session, owner: str, search_id: int) -> SavedSearchRow:
    row = session.get(SavedSearchRow, search_id)
    if row is None or not row.active or row.owner != owner:
        raise NotFound(f"{owner} has no saved search with the id {search_id}")
    row.active = False
    session.flush()
    actor = audit.Actor(owner, row.role)
    audit.record(session, actor, "saved_search.delete", _audit_target(row), None)
    return row


def record_alerts(
    session: Session,
    search: SavedSearchRow,
    matches: Iterable[Match],
    matched_at: datetime,
    window: dict[str, str],
) -> list[AlertRow]:
    """The alerts this call added, a version already alerted on skipped. New alerts show
    posts to the saved search's owner: that is one audited search, as the owner and role."""
    rows = [
        {
            "saved_search_id": search.id,
            "post_id": m.post_id,
            "version": m.version,
            "content_sha256": m.content_sha256,
            "matched_at": matched_at,
        }
        for m in matches
    ]
    added: list[AlertRow] = []
    for start in range(0, len(rows), INSERT_BATCH):
        statement = (
            insert(AlertRow)
            .values(rows[start : start + INSERT_BATCH])
            .on_conflict_do_nothing(index_elements=["saved_search_id", "post_id", "version"])
            .returning(AlertRow)
        )
        added += session.scalars(statement)
    if added:
        target = {"saved_search": search.id, "name": search.name, "query": search.query, **window}
        actor = audit.Actor(search.owner, search.role)
        audit.record(session, actor, "alert", target, len(added))
    return sorted(added, key=lambda a: a.id)


def record_notification(
    session: Session, alert_ids: list[int], status: str, error: str | None, at: datetime | None
) -> None:
    session.execute(
        sa.update(AlertRow)
        .where(AlertRow.id.in_(alert_ids))
        .values(notify_status=status, notify_error=error, notified_at=at)
    )


def alerts_of(
    session: Session, owner: str, limit: int | None = None
) -> list[tuple[AlertRow, SavedSearchRow]]:
    """The owner's alerts, newest first, with the saved search that raised each."""
    query = (
        sa.select(AlertRow, SavedSearchRow)
        .join(SavedSearchRow, SavedSearchRow.id == AlertRow.saved_search_id)
        .where(SavedSearchRow.owner == owner)
        .order_by(AlertRow.id.desc())
    )
    if limit:
        query = query.limit(limit)
    return [(alert, search) for alert, search in session.execute(query)]
