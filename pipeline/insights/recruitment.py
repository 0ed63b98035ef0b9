"""Recruitment's views: vacancies with the referral network that shares them, and candidate
discovery in public posts.

Vacancy posts from every source are merged into vacancies by the link they point to (a
careers page, an application form): the first normalised link of a vacancy post is its key,
and every post that carries that link, whatever its label, is a share of it. A vacancy post
without a link is a vacancy of its own. A share's reach is what the platform counted of it:
views where it gives them, otherwise likes, replies, shares and quotes added up. Authors are
shown as the role's policy says (pseudonyms for recruitment by default).
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from pipeline.exc import Forbidden
from pipeline.insights.views import record_view
from pipeline.legal import pseudonymiser
from pipeline.settings import Settings
from search.client import get_client
from search.indexer import posts_alias
from search.recruitment import public_matches, sharing, vacancy_posts
from search.related import url_keys
from search.visibility import check_role, pseudonymise

RECRUITMENT_ROLES = frozenset({"recruitment", "analyst", "admin"})
PLATFORMS = {"yammer": "internal", "x": "X", "linkedin": "LinkedIn", "mastodon": "Mastodon",
             "facebook": "Facebook", "web": "blog"}  # fmt: skip
LOOK_BACK_DAYS = 90


@dataclass(frozen=True)
class Share:
    post_id: str
    platform: str
    who: str | None
    at: datetime
    reach: int


@dataclass(frozen=True)
class Vacancy:
    key: str
    title: str
    first_posted: datetime
    shares: list[Share]
    reach: int
    platforms: list[str]
    sharers: int


def vacancy(key: str, title: str, shares: list[Share]) -> Vacancy:
    return Vacancy(
        key=key,
        title=title,
        first_posted=shares[0].at,
        shares=shares,
        reach=sum(s.reach for s in shares),
        platforms=sorted({s.platform for s in shares}),
        sharers=len({s.who for s in shares if s.who}),
    )


def reach(document: dict) -> int:
    counted = document.get("engagement") or {}
    if counted.get("views"):
        return int(counted["views"])
    return sum(int(counted.get(k) or 0) for k in ("likes", "replies", "shares", "quotes"))


def platform(source: str) -> str:
    return PLATFORMS.get(source.split(".", 1)[0], source.split(".", 1)[0])


def vacancy_key(document: dict) -> str:
    links = list(url_keys(document))
    return links[0] if links else f"post:{document['post_id']}"


def merge_vacancies(vacancies: list[dict], shares: list[dict]) -> list[Vacancy]:
    """Vacancies from their posts (oldest first) and the posts sharing their links, a pure
    function of the two; each post counts once, under the first vacancy that names it."""
    by_key: dict[str, list[dict]] = {}
    for document in vacancies:
        by_key.setdefault(vacancy_key(document), []).append(document)
    seen: set[str] = set()
    merged = []
    for key, posts in by_key.items():
        carrying = [d for d in shares if key in url_keys(d)]
        members = list(
            {d["post_id"]: d for d in [*posts, *carrying] if d["post_id"] not in seen}.values()
        )
        seen.update(d["post_id"] for d in members)
        members.sort(key=lambda d: d["created_at"])
        merged.append(vacancy(key, posts[0].get("text", "")[:120], [_share(d) for d in members]))
    merged.sort(key=lambda v: (-v.reach, -len(v.shares), v.first_posted))
    return merged


def _share(document: dict) -> Share:
    return Share(
        post_id=document["post_id"],
        platform=platform(document["source"]),
        who=(document.get("author") or {}).get("name"),
        at=datetime.fromisoformat(document["created_at"]),
        reach=reach(document),
    )


def vacancies(settings: Settings, role: str, day: date) -> list[Vacancy]:
    """The vacancies posted in the LOOK_BACK_DAYS before ``day``, with who shared each where
    and the reach of those shares, as one audited view."""
    pseudonym = _allowed(settings, role)
    until = datetime.combine(day + timedelta(days=1), time(), UTC)
    found = vacancies_posted(
        settings, role, until - timedelta(days=LOOK_BACK_DAYS), until, pseudonym
    )
    record_view(settings, role, "vacancies", {"day": str(day)}, len(found))
    return found


def vacancies_posted(
    settings: Settings, role: str, since: datetime, until: datetime, pseudonym
) -> list[Vacancy]:
    """The vacancies first posted in [since, until) and every post sharing their links, as
    ``role`` may see them, authors through ``pseudonym`` when the role's policy gives one."""
    es, alias = get_client(settings), posts_alias(settings.index_prefix)
    posts = vacancy_posts(es, alias, role, since, until)
    links = sorted({k for k in map(vacancy_key, posts) if not k.startswith("post:")})
    shares = sharing(es, alias, role, links)
    if pseudonym:
        posts = [pseudonymise(d, pseudonym) for d in posts]
        shares = [pseudonymise(d, pseudonym) for d in shares]
    return merge_vacancies(posts, shares)


def candidate_posts(settings: Settings, role: str, skills: str, size: int = 50) -> list[dict]:
    """Public posts from outside matching ``skills`` (the query language), best first, as
    one audited search; authors as the role's policy says."""
    pseudonym = _allowed(settings, role)
    es, alias = get_client(settings), posts_alias(settings.index_prefix)
    found = public_matches(es, alias, role, skills, size, author_searchable=pseudonym is None)
    if pseudonym:
        found = [pseudonymise(d, pseudonym) for d in found]
    record_view(settings, role, "candidate_search", {"query": skills}, len(found))
    return found


def _allowed(settings: Settings, role: str):
    if check_role(role) not in RECRUITMENT_ROLES:
        raise Forbidden(f"recruitment's views are for recruitment and the analyst, not {role}")
    return pseudonymiser(settings, role)
