"""The index side of saved searches and alerts, without the percolator: a saved search as its
role runs it, over the documents indexed in an interval, read page by page from one point in
time; and the posts a digest lists. The archive side (what was alerted, what was sent) and
the runs that join the two are in ``pipeline.alerting``.

A saved search alerts only on versions archived after it was saved, so a rebuilt or
re-enriched index does not flood its owner with old posts.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from elasticsearch import ApiError, Elasticsearch, TransportError

from pipeline.exc import SearchError, UsageError
from search.lexicons import LEXICONS, lexicon_filters
from search.paging import iterate_pit
from search.query import Hit, as_hit, make_search_body
from search.querylang import parse_query
from search.visibility import check_role, may_see, pseudonymise

PAGE_SIZE = 500

Pseudonym = Callable[[str], str] | None


@dataclass(frozen=True)
class Criteria:
    """What a saved search looks for, as whom, and since when it has been saved."""

    name: str
    query: str
    role: str
    lexicon: str | None
    saved_at: datetime


@dataclass(frozen=True)
class Found:
    """One matching document: as search shows it, and the version it is of."""

    hit: Hit
    version: int
    content_sha256: str
    url: str | None


def check_criteria(query: str, role: str, lexicon: str | None, author_searchable: bool) -> None:
    """Refuse a saved search now rather than failing every hour: an unknown role or lexicon,
    a query that cannot be understood."""
    check_role(role)
    if lexicon is not None and lexicon not in LEXICONS:
        raise UsageError(f"unknown lexicon {lexicon!r}; lexicons: {', '.join(LEXICONS)}")
    parse_query(query, author_searchable=author_searchable)


def _body(criteria: Criteria, author_searchable: bool, filters: list[dict]) -> dict[str, Any]:
    """The saved search as its role runs it (``make_search_body``: the query inside the role's
    visibility filter), limited to versions archived since it was saved, to its lexicon and
    to ``filters``; with its highlighting, in post id order."""
    body = make_search_body(criteria.query, criteria.role, author_searchable)
    limits = [
        {"range": {"archived_at": {"gte": criteria.saved_at.isoformat()}}},
        *lexicon_filters(criteria.lexicon),
        *filters,
    ]
    return {
        "query": {"bool": {"must": [body["query"]], "filter": limits}},
        "highlight": body["highlight"],
        "sort": [{"post_id": "asc"}],
    }


def _found(role: str, hit: dict[str, Any], pseudonym: Pseudonym) -> Found | None:
    """The hit, checked once more against the role's rule in Python (None when it fails), as
    the role reads it: where authors are pseudonyms, without the post's URL either."""
    source = hit["_source"]
    if not may_see(role, source):
        return None
    shown = pseudonymise(source, pseudonym) if pseudonym else source
    return Found(
        as_hit(hit, pseudonym), source["version"], source["content_sha256"], shown.get("url")
    )


def matches(
    es: Elasticsearch,
    alias: str,
    criteria: Criteria,
    indexed: tuple[datetime, datetime],
    pseudonym: Pseudonym,
    page_size: int = PAGE_SIZE,
) -> Iterator[Found]:
    """Every document the saved search matches among those indexed in [start, end), one page
    of ``page_size`` at a time."""
    window = {"gte": indexed[0].isoformat(), "lt": indexed[1].isoformat()}
    body = _body(criteria, pseudonym is None, [{"range": {"indexed_at": window}}])
    try:
        for hit in iterate_pit(es, alias, body, page_size):
            if found := _found(criteria.role, hit, pseudonym):
                yield found
    except SearchError as exc:
        raise SearchError(f"the saved search {criteria.name!r} failed: {exc}") from exc


def posts_of(
    es: Elasticsearch,
    alias: str,
    criteria: Criteria,
    post_ids: list[str],
    pseudonym: Pseudonym,
) -> list[Found]:
    """The documents of ``post_ids`` the saved search still matches, highlighted as it would
    show them, in the order given: what a digest of earlier alerts lists."""
    if not post_ids:
        return []
    body = _body(criteria, pseudonym is None, [{"terms": {"post_id": post_ids}}])
    try:
        hits = es.search(index=alias, size=len(post_ids), **body)["hits"]["hits"]
    except (ApiError, TransportError) as exc:
        raise SearchError(f"the saved search {criteria.name!r} failed: {exc}") from exc
    found = {f.hit.post_id: f for h in hits if (f := _found(criteria.role, h, pseudonym))}
    return [found[pid] for pid in post_ids if pid in found]
