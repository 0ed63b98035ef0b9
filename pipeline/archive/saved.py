"""Saved searches and their alerts in the archive.

Saving and deleting a search are configuration changes, each one audit event. Deleting makes
a search inactive rather than removing it: its alerts and the audit trail name it. An alert
is recorded once per (saved search, post version), so evaluating an interval again adds
nothing; afterwards only its notification outcome changes.

An alert is "pending" until a digest carrying it has been tried, then "sent" (every channel
of its saved search had it), "none" (the search has no channel), "failed" (tried again by
later runs, on the channels that have not had it) or, after the last attempt, "gave up".
Undelivered alerts are handed out in ``DeliveryGroup``s, counted and sampled in the
database, so a digest of any size costs the same memory.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from pipeline.archive import audit
from pipeline.archive.models import AlertRow, SavedSearchRow
from pipeline.exc import ArchiveError, NotFound

INSERT_BATCH = 1000
UNDELIVERED = ("pending", "failed")


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


def last_alert_id(session: Session) -> int:
    """The newest alert's id (0 without alerts): alerts recorded later have larger ones."""
    return session.scalar(sa.select(sa.func.coalesce(sa.func.max(AlertRow.id), 0)))


@dataclass(frozen=True)
class DeliveryGroup:
    """Undelivered alerts of one active saved search that one digest carries: those with ids
    in (after_id, up_to_id] that the same channels (``delivered``) have already had."""

    search: SavedSearchRow
    delivered: tuple[str, ...]
    after_id: int
    up_to_id: int
    total: int
    first_matched: datetime
    last_matched: datetime
    max_attempts: int = field(repr=False)


def _undelivered(max_attempts: int, after_id: int, up_to_id: int | None) -> list:
    where = [
        AlertRow.notify_status.in_(UNDELIVERED),
        AlertRow.notify_attempts < max_attempts,
        AlertRow.id > after_id,
    ]
    return where + ([AlertRow.id <= up_to_id] if up_to_id is not None else [])


def _in_group(group: DeliveryGroup) -> list:
    return [
        *_undelivered(group.max_attempts, group.after_id, group.up_to_id),
        AlertRow.saved_search_id == group.search.id,
        AlertRow.notified_channels == list(group.delivered),
    ]


def undelivered_groups(
    session: Session,
    max_attempts: int,
    *,
    after_id: int = 0,
    up_to_id: int | None = None,
    saved_search_id: int | None = None,
) -> list[DeliveryGroup]:
    """The alerts with ids in (after_id, up_to_id] that are pending, or failed fewer than
    ``max_attempts`` times, of active saved searches (a deleted search notifies no more), one
    group per saved search and channels already delivered."""
    where = [*_undelivered(max_attempts, after_id, up_to_id), SavedSearchRow.active]
    if saved_search_id is not None:
        where.append(AlertRow.saved_search_id == saved_search_id)
    query = (
        sa.select(
            SavedSearchRow,
            AlertRow.notified_channels,
            sa.func.count(),
            sa.func.min(AlertRow.matched_at),
            sa.func.max(AlertRow.matched_at),
            sa.func.max(AlertRow.id),
        )
        .join(SavedSearchRow, SavedSearchRow.id == AlertRow.saved_search_id)
        .where(*where)
        .group_by(SavedSearchRow.id, AlertRow.notified_channels)
        .order_by(SavedSearchRow.id, AlertRow.notified_channels)
    )
    return [
        DeliveryGroup(search, tuple(done), after_id, last, total, first, latest, max_attempts)
        for search, done, total, first, latest, last in session.execute(query)
    ]


def first_of_group(session: Session, group: DeliveryGroup, limit: int) -> list[tuple[str, int]]:
    """The (post id, version) of the group's first ``limit`` alerts, oldest first."""
    query = (
        sa.select(AlertRow.post_id, AlertRow.version)
        .where(*_in_group(group))
        .order_by(AlertRow.id)
        .limit(limit)
    )
    return [(post_id, version) for post_id, version in session.execute(query)]


def record_delivery(
    session: Session,
    group: DeliveryGroup,
    delivered: tuple[str, ...],
    complete: bool,
    error: str | None,
    at: datetime | None,
) -> int:
    """One attempt at the group's digest: ``delivered`` names every channel that has had it
    by now, ``complete`` says that is all of them, ``at`` is when a channel took it this time
    (None: none did). An incomplete delivery is "failed", or "gave up" on its last attempt.
    Returns how many alerts it covered."""
    if complete:
        status = sa.literal("sent" if delivered else "none")
    else:
        status = sa.case(
            (AlertRow.notify_attempts + 1 >= group.max_attempts, "gave up"), else_="failed"
        )
    result = session.execute(
        sa.update(AlertRow)
        .where(*_in_group(group))
        .values(
            notify_status=status,
            notify_error=error,
            notified_at=sa.func.coalesce(at, AlertRow.notified_at),
            notify_attempts=AlertRow.notify_attempts + 1,
            notified_channels=sorted(delivered),
        )
    )
    return result.rowcount


def alerts_of(
    session: Session, actor: audit.Actor, owner: str, limit: int | None = None
) -> list[tuple[AlertRow, SavedSearchRow]]:
    """The owner's alerts, newest first, with the saved search that raised each. Alerts name
    posts: reading them is one audited read, by ``actor``."""
    query = (
        sa.select(AlertRow, SavedSearchRow)
        .join(SavedSearchRow, SavedSearchRow.id == AlertRow.saved_search_id)
        .where(SavedSearchRow.owner == owner)
        .order_by(AlertRow.id.desc())
    )
    if limit:
        query = query.limit(limit)
    rows = [(alert, search) for alert, search in session.execute(query)]
    audit.record(session, actor, "alerts.list", {"user": owner, "limit": limit}, len(rows))
    return rows
