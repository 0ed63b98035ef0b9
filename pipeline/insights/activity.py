"""The social activity index: 0-100 per person, four pillars of 0-25, after LinkedIn's Social
Selling Index, computed only from what the archive holds over a rolling window.

Each pillar is a weighted sum of signals. A count gives its share of the pillar as
``log(1 + count) / log(1 + full_at)``, capped at 1: the first replies count for more than the
fiftieth, and nobody can buy a full pillar with volume. ``full_at`` is the count an active,
well-connected employee reaches in 90 days; a signal the sources do not carry (reactions a
person gives: no platform's export names who liked what) has weight 0 and says so.

The rules live in ``PILLARS``; ``compute_indices`` is a pure function of the window's
contributions and the staff, so the tests can check it against hand-worked cases.
"""

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from pipeline.archive.insights import Contribution
from schemas import Person
from schemas.insights import ActivityIndex, Pillar, PillarName, Signal

PROFILE_FIELDS = ("job_title", "department", "location", "profile_url")
PILLAR_POINTS = 25.0


@dataclass(frozen=True)
class Rule:
    signal: str
    weight: float
    full_at: float | None  # None: the value is already a share of 0-1 (profile completeness)


PILLARS: dict[PillarName, tuple[Rule, ...]] = {
    PillarName.PROFESSIONAL_BRAND: (
        Rule("profile_completeness", 0.3, None),
        Rule("original_posts", 0.4, 20),
        Rule("reactions_received", 0.3, 50),
    ),
    PillarName.FINDING_THE_RIGHT_PEOPLE: (
        Rule("people_reached", 0.5, 30),
        Rule("people_mentioned", 0.2, 10),
        Rule("teams_reached", 0.3, 5),
    ),
    PillarName.ENGAGING_WITH_INSIGHTS: (
        Rule("comments_on_others", 0.6, 30),
        Rule("shares_of_others", 0.4, 10),
        Rule("reactions_given", 0.0, None),
    ),
    PillarName.BUILDING_RELATIONSHIPS: (
        Rule("reciprocal_contacts", 0.4, 10),
        Rule("replies_exchanged", 0.3, 40),
        Rule("new_contacts", 0.3, 10),
    ),
}
UNAVAILABLE = frozenset({"reactions_given"})


@dataclass
class Counts:
    """One person's raw signals over the window."""

    original_posts: int = 0
    reactions_received: int = 0
    comments_on_others: int = 0
    shares_of_others: int = 0
    mentioned: set[str] = field(default_factory=set)
    reached: set[str] = field(default_factory=set)  # replied to, shared or mentioned by them
    contacts: set[str] = field(default_factory=set)  # exchanged with, either way: the network
    replied_to: dict[str, int] = field(default_factory=dict)  # person -> replies sent
    replied_by: dict[str, int] = field(default_factory=dict)  # person -> replies received


def count_signals(
    contributions: Iterable[Contribution], parent_authors: dict[str, str]
) -> dict[str, Counts]:
    """Each author's counts; ``parent_authors`` maps a post id to its author for the posts
    replied to or shared (they may be older than the window)."""
    counts: dict[str, Counts] = defaultdict(Counts)
    for post in contributions:
        mine = counts[post.author]
        parent = parent_authors.get(post.reply_to or post.quote_of or "")
        if post.reply_to is None and post.quote_of is None:
            mine.original_posts += 1
        mine.reactions_received += post.likes
        others_mentioned = {p for p in post.mentioned if p != post.author}
        mine.mentioned |= others_mentioned
        mine.reached |= others_mentioned
        mine.contacts |= others_mentioned
        for person in others_mentioned:
            counts[person].contacts.add(post.author)
        if parent is None or parent == post.author:
            continue
        mine.reached.add(parent)
        mine.contacts.add(parent)
        counts[parent].contacts.add(post.author)
        if post.reply_to is not None:
            mine.comments_on_others += 1
            mine.replied_to[parent] = mine.replied_to.get(parent, 0) + 1
            their = counts[parent]
            their.replied_by[post.author] = their.replied_by.get(post.author, 0) + 1
            their.reactions_received += 1  # a reply is a reaction to the post replied to
        else:
            mine.shares_of_others += 1
    return counts


def signal_values(
    person: Person, counts: Counts, teams: dict[str, str | None], earlier_contacts: set[str]
) -> dict[str, float | None]:
    reciprocal = set(counts.replied_to) & set(counts.replied_by)
    profile = sum(1 for name in PROFILE_FIELDS if getattr(person, name)) / len(PROFILE_FIELDS)
    own_team = teams.get(person.id)
    return {
        "profile_completeness": profile,
        "original_posts": counts.original_posts,
        "reactions_received": counts.reactions_received,
        "people_reached": len(counts.reached),
        "people_mentioned": len(counts.mentioned),
        "teams_reached": len({teams.get(p) for p in counts.reached} - {None, own_team}),
        "comments_on_others": counts.comments_on_others,
        "shares_of_others": counts.shares_of_others,
        "reactions_given": None,
        "reciprocal_contacts": len(reciprocal),
        "replies_exchanged": sum(counts.replied_to[p] + counts.replied_by[p] for p in reciprocal),
        "new_contacts": len(counts.contacts - earlier_contacts),
    }


def share(value: float | None, full_at: float | None) -> float:
    if value is None:
        return 0.0
    if full_at is None:
        return min(1.0, value)
    return min(1.0, math.log1p(value) / math.log1p(full_at))


def pillars(values: dict[str, float | None]) -> list[Pillar]:
    result = []
    for name, rules in PILLARS.items():
        signals = [
            Signal(
                name=rule.signal,
                value=values[rule.signal],
                full_at=rule.full_at,
                weight=rule.weight,
                points=round(
                    PILLAR_POINTS * rule.weight * share(values[rule.signal], rule.full_at), 2
                ),
            )
            for rule in rules
        ]
        result.append(
            Pillar(name=name, points=round(sum(s.points for s in signals), 2), signals=signals)
        )
    return result


def percentile(score: float, scores: list[float]) -> float:
    """Share of ``scores`` (0-100) strictly below ``score``."""
    return round(100 * sum(1 for s in scores if s < score) / len(scores), 1)


def compute_indices(
    staff: list[Person],
    window: list[Contribution],
    earlier: list[Contribution],
    parent_authors: dict[str, str],
    day: date,
    window_days: int,
) -> list[ActivityIndex]:
    """The index of every person in ``staff`` from the window's contributions; ``earlier`` is
    the window before it, for the network's growth."""
    teams = {p.id: p.department or None for p in staff}
    now, before = count_signals(window, parent_authors), count_signals(earlier, parent_authors)
    scored = []
    for person in staff:
        values = signal_values(
            person, now.get(person.id, Counts()), teams, before.get(person.id, Counts()).contacts
        )
        person_pillars = pillars(values)
        scored.append((person, person_pillars, round(sum(p.points for p in person_pillars), 1)))
    everyone = [total for _, _, total in scored]
    by_team: dict[str | None, list[float]] = defaultdict(list)
    for person, _, total in scored:
        by_team[teams[person.id]].append(total)
    return [
        ActivityIndex(
            person_id=person.id,
            name=person.name,
            team=teams[person.id],
            day=day,
            window_days=window_days,
            total=total,
            pillars=person_pillars,
            team_percentile=percentile(total, by_team[teams[person.id]])
            if teams[person.id]
            else None,
            organisation_percentile=percentile(total, everyone),
        )
        for person, person_pillars, total in scored
    ]
