"""The audit trail: one sealed event per search, view, export, hold, release, disposition,
erasure and configuration change, chained like the versions."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pipeline.archive.integrity import AUDIT_FIELDS, seal
from pipeline.archive.models import AuditEvent

AUDIT_LOCK = 4_179_331_002  # pg_advisory_xact_lock key: one writer extends the chain at a time


@dataclass(frozen=True)
class Actor:
    """Who acts, and in which role."""

    name: str
    role: str


def record(
    session: Session, actor: Actor, action: str, target: dict[str, Any], result_count: int | None
) -> int:
    """Append one event to the audit chain in the caller's transaction; returns its number.
    The event commits or rolls back with the action it describes."""
    session.execute(sa.select(sa.func.pg_advisory_xact_lock(AUDIT_LOCK)))
    head = session.execute(
        sa.select(AuditEvent.seq, AuditEvent.chain_sha256).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    row = {
        "at": datetime.now(UTC),
        "actor": actor.name,
        "role": actor.role,
        "action": action,
        "target": target,
        "result_count": result_count,
    }
    seal([row], tuple(head) if head else None, AUDIT_FIELDS, seq_field="seq")
    session.execute(sa.insert(AuditEvent), [row])
    return row["seq"]


def list_events(
    session: Session,
    since: datetime | None = None,
    action: str | None = None,
    actor: str | None = None,
    limit: int | None = None,
) -> Iterator[AuditEvent]:
    """Events oldest first, streamed."""
    query = sa.select(AuditEvent).order_by(AuditEvent.seq)
    if since:
        query = query.where(AuditEvent.at >= since)
    if action:
        query = query.where(AuditEvent.action == action)
    if actor:
        query = query.where(AuditEvent.actor == actor)
    if limit:
        query = query.limit(limit)
    yield from session.scalars(query.execution_options(yield_per=1000))


def event_as_dict(event: AuditEvent) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "at": event.at.astimezone(UTC).isoformat(),
        "actor": event.actor,
        "role": event.role,
        "action": event.action,
        "target": event.target,
        "result_count": event.result_count,
        "chain_sha256": event.chain_sha256,
    }
