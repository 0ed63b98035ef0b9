"""Erasure requests (GDPR art. 17): a person's posts are disposed of, unless a legal hold or
a legal duty blocks it (art. 17(3)(b) and (e)); those are restricted instead (art. 18): kept
for legal, hidden from the roles that use the archive for other purposes."""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pipeline.archive import audit
from pipeline.archive.holds import holds_on
from pipeline.archive.models import Restriction, post_versions

pv = post_versions.c


def posts_by_person(session: Session, person: str) -> list[str]:
    """Posts whose author is this person (by person id, handle or name, any case)."""
    who = person.strip().lower()
    author = pv.document["author"]
    query = (
        sa.select(pv.post_id)
        .where(
            pv.disposition.is_(None),
            sa.or_(
                sa.func.lower(author["id"].astext) == who,
                sa.func.lower(author["handle"].astext) == who,
                sa.func.lower(author["name"].astext) == who,
            ),
        )
        .distinct()
        .order_by(pv.post_id)
    )
    return list(session.scalars(query))


def split_by_hold(session: Session, post_ids: Sequence[str]) -> dict[str, list[str]]:
    """The matters holding each held post; posts not held are absent."""
    return {pid: matters for pid in post_ids if (matters := holds_on(session, pid))}


def restrict_posts(
    session: Session, actor: audit.Actor, person: str, reasons: dict[str, str]
) -> int:
    """Record a restriction per post (post id -> why it is kept); returns how many are new."""
    already = set(
        session.scalars(
            sa.select(Restriction.post_id).where(
                Restriction.post_id.in_(list(reasons)), Restriction.person == person
            )
        )
    )
    now = datetime.now(UTC)
    new = [
        Restriction(post_id=pid, person=person, reason=why, at=now, actor=actor.name)
        for pid, why in reasons.items()
        if pid not in already
    ]
    session.add_all(new)
    session.flush()
    return len(new)


def restricted_post_ids(session: Session, post_ids: Sequence[str]) -> set[str]:
    query = sa.select(Restriction.post_id).where(Restriction.post_id.in_(list(post_ids)))
    return set(session.scalars(query))
