"""Outside reactions for PR: negative public posts from outside, with the enrichment's triage
(listen, assess, engage), grouped by topic, and the days they spiked.

A post's topics are the products, competitors, teams and offices it names and its hashtags
(the organisation itself is named by nearly every post, and people are never topics); a post
naming none is under "other". A day spikes when it has at least SPIKE_MIN posts and more than
the mean plus two standard deviations of the BASELINE_DAYS before it (days without posts
count as none), so a quiet topic's first three complaints stand out and a busy one's usual
volume does not.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from statistics import mean, pstdev

from pipeline.exc import Forbidden, UsageError
from pipeline.insights.views import PR_ROLES, record_view
from pipeline.settings import Settings
from search.client import get_client
from search.indexer import posts_alias
from search.reactions import negative_outside
from search.visibility import check_role

TOPIC_LABELS = ("product:", "competitor:", "team:", "office:")
OTHER = "other"
SPIKE_MIN = 3
BASELINE_DAYS = 14
EXAMPLES = 3
MAX_DAYS = 366


@dataclass(frozen=True)
class Reaction:
    post_id: str
    source: str
    created_at: datetime
    author: str | None
    text: str
    url: str | None
    triage: str | None
    triage_reason: str | None


@dataclass(frozen=True)
class Spike:
    day: date
    posts: int
    baseline: float


@dataclass
class Topic:
    name: str
    posts: int = 0
    triage: dict[str, int] = field(default_factory=dict)
    daily: list[tuple[date, int]] = field(default_factory=list)
    spikes: list[Spike] = field(default_factory=list)
    examples: list[Reaction] = field(default_factory=list)


@dataclass(frozen=True)
class ReactionsReport:
    since: date
    until: date
    posts: int
    triage: dict[str, int]
    daily: list[tuple[date, int]]
    spikes: list[Spike]
    topics: list[Topic]


def topics_of(document: dict) -> list[str]:
    enrichment = document.get("enrichment") or {}
    named = [
        e["text"]
        for e in enrichment.get("entities") or []
        if (e.get("id") or "").startswith(TOPIC_LABELS)
    ]
    tags = [f"#{t.lower()}" for t in enrichment.get("hashtags") or []]
    return list(dict.fromkeys([*named, *tags])) or [OTHER]


def daily_counts(days: list[date], since: date, until: date) -> list[tuple[date, int]]:
    """Posts per day for every day in [since, until], the empty ones too."""
    counted = Counter(days)
    span = (until - since).days + 1
    return [(since + timedelta(d), counted[since + timedelta(d)]) for d in range(span)]


def spikes(daily: list[tuple[date, int]]) -> list[Spike]:
    found = []
    for i, (day, posts) in enumerate(daily):
        before = [n for _, n in daily[max(0, i - BASELINE_DAYS) : i]]
        if posts < SPIKE_MIN:
            continue
        baseline = mean(before) if before else 0.0
        if posts > baseline + 2 * (pstdev(before) if len(before) > 1 else 0.0):
            found.append(Spike(day, posts, round(baseline, 2)))
    return found


def group(documents: list[dict], since: date, until: date) -> ReactionsReport:
    """The report over these negative posts, a pure function of them."""
    reactions = [_reaction(d) for d in documents]
    by_topic: dict[str, list[Reaction]] = defaultdict(list)
    for document, reaction in zip(documents, reactions, strict=True):
        for name in topics_of(document):
            by_topic[name].append(reaction)
    topics = []
    for name, members in by_topic.items():
        daily = daily_counts([r.created_at.date() for r in members], since, until)
        topics.append(
            Topic(name, len(members), _triage(members), daily, spikes(daily), members[:EXAMPLES])
        )
    topics.sort(key=lambda t: (t.name == OTHER, -t.posts, t.name))
    daily = daily_counts([r.created_at.date() for r in reactions], since, until)
    return ReactionsReport(
        since, until, len(reactions), _triage(reactions), daily, spikes(daily), topics
    )


def _triage(reactions: list[Reaction]) -> dict[str, int]:
    return dict(Counter(r.triage or "not triaged" for r in reactions).most_common())


def _reaction(document: dict) -> Reaction:
    triage = (document.get("enrichment") or {}).get("triage") or {}
    return Reaction(
        post_id=document["post_id"],
        source=document["source"],
        created_at=datetime.fromisoformat(document["created_at"]),
        author=(document.get("author") or {}).get("name"),
        text=document.get("text", ""),
        url=document.get("url"),
        triage=triage.get("action"),
        triage_reason=triage.get("reason"),
    )


def outside_reactions(settings: Settings, role: str, since: date, until: date) -> ReactionsReport:
    """Negative outside posts created from ``since`` to ``until`` (both days included), as
    one audited view, for PR and the analyst."""
    if check_role(role) not in PR_ROLES:
        raise Forbidden(f"outside reactions are for PR and the analyst, not the role {role}")
    if not 0 <= (until - since).days <= MAX_DAYS:
        raise UsageError(f"give a first day on or before the last, at most {MAX_DAYS} days apart")
    report = reactions_between(settings, role, since, until)
    record_view(
        settings,
        role,
        "outside_reactions",
        {"since": str(since), "until": str(until)},
        report.posts,
    )
    return report


def reactions_between(settings: Settings, role: str, since: date, until: date) -> ReactionsReport:
    """The report over the negative outside posts of the days [since, until] ``role`` may see."""
    start = datetime.combine(since, time(), UTC)
    end = datetime.combine(until + timedelta(days=1), time(), UTC)
    es, alias = get_client(settings), posts_alias(settings.index_prefix)
    return group(negative_outside(es, alias, role, start, end), since, until)
