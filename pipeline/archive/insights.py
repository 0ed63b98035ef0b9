"""What the people analytics read from the archive: who posted, replied, shared and mentioned
whom, and the staff they are computed for. Only posts that were published where the whole
company or the public could see them count: private groups and direct messages never feed a
person's index."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pipeline.archive.erasure import ERASED
from pipeline.archive.models import ActivityScoreRow, PersonRow, SourceRow, post_versions
from schemas import Person, Visibility
from schemas.insights import ActivityIndex, AdvocacyPlacement

pv = post_versions
COUNTED = (Visibility.COMPANY_INTERNAL.value, Visibility.PUBLIC_EXTERNAL.value)
INTERNAL_PLATFORMS = ("yammer",)


@dataclass(frozen=True)
class Contribution:
    """One post as the analytics see it (its latest version)."""

    post_id: str
    author: str
    created_at: datetime
    reply_to: str | None
    quote_of: str | None
    mentioned: tuple[str, ...]
    likes: int


def contributions(session: Session, since: datetime, until: datetime) -> list[Contribution]:
    """Every post created in [since, until) that the company or the public could see, as its
    latest version says, left out once deleted or disposed of. Only the fields the analytics
    use are read: a year of an organisation's posts is read at a time."""
    document = pv.c.document
    latest = (
        sa.select(
            pv.c.post_id,
            pv.c.created_at,
            pv.c.visibility,
            pv.c.deleted_at,
            document.has_key("disposed").label("disposed"),
            document["author"]["id"].astext.label("author"),
            document["reply_to_id"].astext.label("reply_to"),
            document["quote_of_id"].astext.label("quote_of"),
            document["mentions"].label("mentions"),
            document["engagement"]["likes"].label("likes"),
        )
        .where(pv.c.created_at >= since, pv.c.created_at < until)
        .distinct(pv.c.post_id)
        .order_by(pv.c.post_id, pv.c.version.desc())
        .subquery()
    )
    rows = session.execute(
        sa.select(latest).where(
            latest.c.visibility.in_(COUNTED),
            latest.c.deleted_at.is_(None),
            sa.not_(latest.c.disposed),
            latest.c.author.is_not(None),
        )
    )
    return [
        Contribution(
            post_id=row.post_id,
            author=row.author,
            created_at=row.created_at,
            reply_to=row.reply_to,
            quote_of=row.quote_of,
            mentioned=tuple(m["id"] for m in row.mentions or [] if m.get("id")),
            likes=row.likes if isinstance(row.likes, int) else 0,
        )
        for row in rows
    ]


def authors_of(session: Session, post_ids: Iterable[str]) -> dict[str, str]:
    """The author of each of these posts (as its latest version names them)."""
    wanted = list(set(post_ids))
    if not wanted:
        return {}
    query = (
        sa.select(pv.c.post_id, pv.c.document["author"]["id"].astext)
        .where(pv.c.post_id.in_(wanted))
        .distinct(pv.c.post_id)
        .order_by(pv.c.post_id, pv.c.version.desc())
    )
    return {post_id: author for post_id, author in session.execute(query) if author}


def staff(session: Session) -> list[Person]:
    """The people of the internal network the analytics are for, without those erased."""
    rows = session.scalars(
        sa.select(PersonRow.document)
        .join(SourceRow, SourceRow.key == PersonRow.source)
        .where(SourceRow.platform.in_(INTERNAL_PLATFORMS), PersonRow.name != ERASED)
        .order_by(PersonRow.id)
    )
    return [Person(**document) for document in rows]


# --- the daily time series ----------------------------------------------------------------


def store_day(
    session: Session, day: date, scored: list[tuple[ActivityIndex, AdvocacyPlacement]]
) -> None:
    """The day's indices in place of any computed for it before."""
    session.execute(sa.delete(ActivityScoreRow).where(ActivityScoreRow.day == day))
    now = datetime.now(UTC)
    rows = [
        {
            "day": day,
            "person_id": index.person_id,
            "team": index.team,
            "total": index.total,
            "network_size": placement.network_size,
            "advocacy_type": placement.type.value,
            "document": index.model_dump(mode="json"),
            "computed_at": now,
        }
        for index, placement in scored
    ]
    if rows:
        session.execute(sa.insert(ActivityScoreRow), rows)


def forget_people(session: Session, keep: Iterable[str]) -> int:
    """Remove the stored indices of everyone not in ``keep`` (those who objected, or are no
    longer staff); returns how many rows went."""
    kept = list(keep)
    result = session.execute(
        sa.delete(ActivityScoreRow).where(ActivityScoreRow.person_id.not_in(kept))
    )
    return result.rowcount


def activity_history(session: Session, person_id: str, since: date) -> list[ActivityIndex]:
    """The person's stored indices from ``since`` on, oldest first."""
    documents = session.scalars(
        sa.select(ActivityScoreRow.document)
        .where(ActivityScoreRow.person_id == person_id, ActivityScoreRow.day >= since)
        .order_by(ActivityScoreRow.day)
    )
    return [ActivityIndex(**document) for document in documents]
