"""Legal holds. Whether a record is held is decided in the database
(``archivist_hold_matches`` / ``archivist_held``), by the same SQL on every path that could
remove something: retention, erasure, raw payloads and the trigger that guards the versions.

A hold selects records by custodian (the author's person id, handle or name), source, a range
of creation dates (of archiving dates where the platform gave none, as retention does) and a
query in PostgreSQL's web-search syntax (words, "phrases", OR, -word), all of the given
criteria at once. It is evaluated live, so records captured later while the
hold is active are held too.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pipeline.archive import audit
from pipeline.archive.models import HoldRow, post_versions
from pipeline.exc import ArchiveError, NotFound

pv = post_versions.c


@dataclass(frozen=True)
class HoldCriteria:
    custodians: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    since: datetime | None = None
    until: datetime | None = None
    query: str | None = None

    def as_dict(self) -> dict:
        return {
            "custodians": self.custodians,
            "sources": self.sources,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "query": self.query,
        }


def create_hold(
    session: Session, actor: audit.Actor, matter: str, criteria: HoldCriteria
) -> tuple[HoldRow, int]:
    """The new hold and the number of posts it holds now."""
    if not matter.strip():
        raise ArchiveError("a hold needs the name of its matter")
    if session.scalar(sa.select(HoldRow.id).where(_active(matter))):
        raise ArchiveError(f"matter {matter!r} already has an active hold")
    hold = HoldRow(
        matter=matter,
        custodians=sorted({c.strip().lower() for c in criteria.custodians if c.strip()}),
        sources=sorted(set(criteria.sources)),
        since=criteria.since,
        until=criteria.until,
        query=criteria.query or None,
        created_at=datetime.now(UTC),
        created_by=actor.name,
    )
    session.add(hold)
    session.flush()
    held = count_held_posts(session, hold.id)
    audit.record(session, actor, "hold.create", {"matter": matter, **criteria.as_dict()}, held)
    return hold, held


def release_hold(session: Session, actor: audit.Actor, matter: str, reason: str) -> HoldRow:
    hold = session.scalars(sa.select(HoldRow).where(_active(matter))).first()
    if hold is None:
        raise NotFound(f"no active hold for matter {matter!r}")
    if not reason.strip():
        raise ArchiveError("releasing a hold needs a reason")
    hold.released_at = datetime.now(UTC)
    hold.released_by = actor.name
    hold.release_reason = reason
    session.flush()
    audit.record(session, actor, "hold.release", {"matter": matter, "reason": reason}, None)
    return hold


def list_holds(session: Session, include_released: bool = False) -> list[tuple[HoldRow, int]]:
    """Holds with the number of posts each holds now."""
    query = sa.select(HoldRow).order_by(HoldRow.id)
    if not include_released:
        query = query.where(HoldRow.released_at.is_(None))
    return [(hold, count_held_posts(session, hold.id)) for hold in session.scalars(query)]


def active_hold(session: Session, matter: str) -> HoldRow:
    hold = session.scalars(sa.select(HoldRow).where(_active(matter))).first()
    if hold is None:
        raise NotFound(f"no active hold for matter {matter!r}")
    return hold


def _active(matter: str):
    return sa.and_(HoldRow.matter == matter, HoldRow.released_at.is_(None))


def matching_versions(hold_id: int):
    """Post ids of the versions this hold holds (one row per version)."""
    holds = HoldRow.__table__
    return (
        sa.select(pv.post_id)
        .select_from(post_versions.join(holds, holds.c.id == hold_id))
        .where(
            sa.func.archivist_hold_matches(
                sa.literal_column("holds"), sa.literal_column("post_versions")
            )
        )
    )


def count_held_posts(session: Session, hold_id: int) -> int:
    matching = matching_versions(hold_id).distinct().subquery()
    return session.scalar(sa.select(sa.func.count()).select_from(matching))


def holds_on(session: Session, post_id: str) -> list[str]:
    """The matters of the active holds that hold this post."""
    holds = HoldRow.__table__
    query = (
        sa.select(holds.c.matter)
        .select_from(post_versions.join(holds, holds.c.released_at.is_(None)))
        .where(
            pv.post_id == post_id,
            sa.func.archivist_hold_matches(
                sa.literal_column("holds"), sa.literal_column("post_versions")
            ),
        )
        .distinct()
    )
    return sorted(session.scalars(query))
