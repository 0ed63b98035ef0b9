"""The PR story finder: internal posts that could become external stories, ranked, each with
the reasons for its rank and whether a similar story already went out.

A candidate's rank (0-100) is made of its own features only, never of anything in a private
group: how sure the classifier is that it is a publishable story (up to 40 points), its
engagement, likes and replies, the first counting most (up to 30), and its freshness, halving
every two weeks (up to 30). A story already told outside (a public post shares its link or
its words) keeps half its points and says where. Posts PR marked as used or rejected leave the
list unless asked for.
"""

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from pipeline.archive import audit
from pipeline.archive import stories as archive_stories
from pipeline.archive.db import transaction
from pipeline.archive.stories import DECISIONS, StoryDecision
from pipeline.exc import Forbidden, NotFound, UsageError
from pipeline.insights.views import PR_ROLES, record_view
from pipeline.settings import Settings
from schemas import Category
from search.client import get_client
from search.indexer import posts_alias
from search.query import Hit
from search.stories import (
    reply_counts,
    story_candidates,
    story_hit,
    told_outside,
    visible_to,
)
from search.visibility import check_role

LOOK_BACK_DAYS = 60
HALF_LIFE_DAYS = 14
ENGAGEMENT_FULL_AT = 30  # likes + 2 x replies that give the full engagement points
CHECKED_OUTSIDE = 20  # the top candidates whose outside counterparts are looked up
TOLD_PENALTY = 0.5


@dataclass(frozen=True)
class Story:
    post: Hit
    rank: float
    reasons: list[str]
    told_outside: list[Hit]
    decision: StoryDecision | None


def rank(document: dict, day: date, told: bool, replies_seen: int = 0) -> tuple[float, list[str]]:
    """A candidate's rank and the reasons for it, from its search document and the replies
    to it that the role may see (the platform's count when it gives a larger one)."""
    enrichment = document.get("enrichment") or {}
    confidence = float((enrichment.get("categories") or {}).get(Category.PR_STORY.value, 0))
    engagement = document.get("engagement") or {}
    likes = engagement.get("likes") or 0
    replies = max(engagement.get("replies") or 0, replies_seen)
    reach = min(1.0, math.log1p(likes + 2 * replies) / math.log1p(ENGAGEMENT_FULL_AT))
    created = datetime.fromisoformat(document["created_at"])
    age = max(0.0, (datetime.combine(day + timedelta(days=1), time(), UTC) - created).days)
    fresh = 0.5 ** (age / HALF_LIFE_DAYS)
    points = 40 * confidence + 30 * reach + 30 * fresh
    reasons = [
        f"a publishable story to the classifier ({confidence:.2f})",
        f"{likes} likes and {replies} replies",
        f"posted {age:.0f} days ago",
        "positive, seen company-wide, no personal data, nothing confidential",
    ]
    if told:
        points *= TOLD_PENALTY
        reasons.append("a similar story is already out: half the points")
    return round(points, 1), reasons


def find_stories(
    settings: Settings, role: str, day: date, include_decided: bool = False
) -> list[Story]:
    """The ranked candidates of the LOOK_BACK_DAYS before ``day``, as one audited lookup. The
    CHECKED_OUTSIDE best are looked up outside; a story found there drops to half."""
    _allowed(role)
    es, alias = get_client(settings), posts_alias(settings.index_prefix)
    until = datetime.combine(day + timedelta(days=1), time(), UTC)
    documents = story_candidates(es, alias, role, until - timedelta(days=LOOK_BACK_DAYS), until)
    with transaction(settings) as session:
        decided = archive_stories.latest_decisions(session, [d["post_id"] for d in documents])
    if not include_decided:
        documents = [d for d in documents if d["post_id"] not in decided]
    replies = reply_counts(es, alias, role, [d["post_id"] for d in documents])

    def ranked(document: dict, told: list[Hit]) -> Story:
        points, reasons = rank(document, day, bool(told), replies.get(document["post_id"], 0))
        return Story(story_hit(document), points, reasons, told, decided.get(document["post_id"]))

    first = sorted((ranked(d, []) for d in documents), key=lambda s: -s.rank)
    checked = {s.post.post_id for s in first[:CHECKED_OUTSIDE]}
    stories = [
        ranked(d, told_outside(es, alias, role, d["post_id"]) if d["post_id"] in checked else [])
        for d in documents
    ]
    stories.sort(key=lambda s: -s.rank)
    record_view(settings, role, "story_finder", {"day": str(day)}, len(stories))
    return stories


def decide_story(
    settings: Settings, role: str, post_id: str, decision: str, note: str | None = None
) -> StoryDecision:
    """Mark a candidate as used (it went out) or rejected, with an optional reason."""
    _allowed(role)
    if decision not in DECISIONS:
        raise UsageError(f"a story is either used or rejected, not {decision!r}")
    if not visible_to(get_client(settings), posts_alias(settings.index_prefix), role, post_id):
        raise NotFound(f"no archived post has the id {post_id!r}")
    with transaction(settings) as session:
        made = archive_stories.decide(session, post_id, decision, settings.actor_name, role, note)
        audit.record(
            session,
            audit.Actor(settings.actor_name, role),
            "story_decision",
            {"post_id": post_id, "decision": decision},
            1,
        )
    return made


def _allowed(role: str) -> None:
    if check_role(role) not in PR_ROLES:
        raise Forbidden(f"the story finder is for PR and the analyst, not the role {role}")
