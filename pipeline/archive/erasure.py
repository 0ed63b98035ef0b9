"""Erasure requests (GDPR art. 17): a person's posts are disposed of and their profile is
replaced by the erasure marker, unless a legal hold or a legal duty blocks it (art. 17(3)(b)
and (e)); those posts are restricted instead (art. 18): kept for legal, hidden from the
roles that use the archive for other purposes, and the profile stays with them.

A request names one person: by the id the people table and ``archivist show`` give, or by a
name or handle that only one person has. Two people can share a name, and erasing the
wrong one's records cannot be undone."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pipeline.archive import audit
from pipeline.archive.holds import holds_on
from pipeline.archive.models import PersonRow, Restriction, post_versions
from pipeline.archive.retention import PolicySet, duty_in_force, post_facts
from pipeline.exc import ArchiveError, NotFound
from schemas import Person

pv = post_versions.c
ERASED = "[erased]"  # what an erased profile's name becomes


@dataclass(frozen=True)
class Candidate:
    """A person a request may mean."""

    id: str
    source: str


def resolve_person(session: Session, person: str) -> str:
    """The id of the one person ``person`` names (an id, or a name or handle, any case).
    Refuses a name two or more people have, listing them, and one nobody has."""
    candidates = _candidates(session, person)
    if not candidates:
        raise NotFound(f"no person in the archive has the id, name or handle {person!r}")
    if len(candidates) > 1:
        listed = ", ".join(f"{c.id} ({c.source})" for c in candidates)
        raise ArchiveError(
            f"{len(candidates)} people are called {person!r}: {listed}; "
            "say which one by giving their id"
        )
    return candidates[0].id


def _candidates(session: Session, person: str) -> list[Candidate]:
    """An id matches only itself; otherwise everyone with that name or handle, from the
    people table and from the authors of posts (some sources give authors no profile)."""
    author = pv.document["author"]
    by_id = sa.union(
        sa.select(PersonRow.id, PersonRow.source).where(PersonRow.id == person),
        sa.select(author["id"].astext, pv.source).where(author["id"].astext == person),
    )
    found = session.execute(by_id).all()
    if not found:
        who = person.strip().lower()
        handle = PersonRow.document["handle"].astext
        found = session.execute(
            sa.union(
                sa.select(PersonRow.id, PersonRow.source).where(
                    sa.or_(sa.func.lower(PersonRow.name) == who, sa.func.lower(handle) == who)
                ),
                sa.select(author["id"].astext, pv.source).where(
                    pv.disposition.is_(None),
                    sa.or_(
                        sa.func.lower(author["name"].astext) == who,
                        sa.func.lower(author["handle"].astext) == who,
                    ),
                ),
            )
        ).all()
    by_person = {pid: Candidate(pid, source) for pid, source in found if pid}
    return sorted(by_person.values(), key=lambda c: c.id)


def posts_by_person(session: Session, person_id: str) -> list[str]:
    """The posts this person wrote whose content is still archived."""
    query = (
        sa.select(pv.post_id)
        .where(pv.disposition.is_(None), pv.document["author"]["id"].astext == person_id)
        .distinct()
        .order_by(pv.post_id)
    )
    return list(session.scalars(query))


def reasons_to_keep(
    session: Session, post_ids: Sequence[str], policies: PolicySet, now: datetime, request: str
) -> dict[str, str]:
    """Post id -> why it is kept despite the request (the holds and the legal duty that
    keep it, then the request); the posts that may go are absent."""
    held = {pid: matters for pid in post_ids if (matters := holds_on(session, pid))}
    duties = {
        facts.post_id: duty
        for facts in post_facts(session, post_ids)
        if (duty := duty_in_force(facts, policies, now))
    }
    reasons = {}
    for pid in post_ids:
        why = [f"kept under legal hold {', '.join(held[pid])}"] if pid in held else []
        why += [f"legal duty: {duties[pid]}"] if pid in duties else []
        if why:
            reasons[pid] = "; ".join([*why, request])
    return reasons


def restrict_posts(
    session: Session, actor: audit.Actor, person_id: str, reasons: dict[str, str]
) -> int:
    """Record a restriction per post (post id -> why it is kept); returns how many are new."""
    already = set(
        session.scalars(
            sa.select(Restriction.post_id).where(
                Restriction.post_id.in_(list(reasons)), Restriction.person == person_id
            )
        )
    )
    now = datetime.now(UTC)
    new = [
        Restriction(post_id=pid, person=person_id, reason=why, at=now, actor=actor.name)
        for pid, why in reasons.items()
        if pid not in already
    ]
    session.add_all(new)
    session.flush()
    return len(new)


def erase_profile(session: Session, person_id: str) -> bool:
    """Replace the person's name, handle, e-mail and profile with the erasure marker,
    keeping only the ids; False when the archive holds no profile of them."""
    row = session.get(PersonRow, person_id)
    if row is None:
        return False
    native_id = row.document.get("native_id") or person_id.rsplit(":", 1)[-1]
    erased = Person(id=row.id, source=row.source, native_id=native_id, name=ERASED)
    row.name, row.email = ERASED, None
    row.document, row.updated_at = erased.model_dump(mode="json"), datetime.now(UTC)
    session.flush()
    return True


def restricted_post_ids(session: Session, post_ids: Sequence[str]) -> set[str]:
    query = sa.select(Restriction.post_id).where(Restriction.post_id.in_(list(post_ids)))
    return set(session.scalars(query))
