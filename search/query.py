"""Searching posts as a role: the user's query (``search.querylang``) inside the role's
visibility filter, so nothing typed into a query can widen what a role may see; with facets,
a date histogram, a sort and deep paging (``search.paging``).

Every search opens a point in time on the alias and pages through it; every page's query is
limited to the alias's own versioned indices too, so a crafted cursor (a point in time opened
on some other index) finds nothing."""

import html
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Any

from elasticsearch import ApiError, Elasticsearch, TransportError
from pydantic import Field

from pipeline.exc import SearchError, UsageError
from search.mapping import LANGUAGE_ANALYZERS
from search.paging import (
    Page,
    decode_cursor,
    encode_cursor,
    search_fingerprint,
)
from search.querylang import parse_query
from search.visibility import pseudonymise, visibility_filter

__all__ = [
    "Hit",
    "SearchResult",
    "as_hit",
    "engine_error",
    "escaped_fragment",
    "make_search_body",
    "search_posts",
]

log = logging.getLogger(__name__)

NEWEST_FIRST = {"created_at": {"order": "desc", "missing": "_last"}}
TIEBREAK = {"post_id": "asc"}
SORTS: dict[str, list[Any]] = {
    "relevance": ["_score", NEWEST_FIRST, TIEBREAK],
    "newest": [NEWEST_FIRST, TIEBREAK],
    "oldest": [{"created_at": {"order": "asc", "missing": "_last"}}, TIEBREAK],
}
FACETS = {
    "source": "source",
    "author": "author.name.raw",
    "group": "group.name.raw",
    "language": "enrichment.language",
    "categories": "enrichment.labels",
    "entities": "enrichment.entities.text",
    "hashtags": "enrichment.hashtags",
    "visibility": "visibility",
}
FACET_SIZE = 10
# The histogram's calendar interval, from the number of months the matches span: the finest
# that keeps the number of bars readable.
INTERVALS = [(2, "day"), (24, "week"), (240, "month")]
MONTHLY = {
    "date_histogram": {"field": "created_at", "calendar_interval": "month", "min_doc_count": 0}
}
HIGHLIGHT_FIELDS = ["text", *(f"text.{code}" for code in LANGUAGE_ANALYZERS)]
HIGHLIGHT_TAG = re.compile(r"(</?em>)")


@dataclass(frozen=True)
class Hit:
    post_id: str
    score: float | None
    created_at: datetime | None
    author: str | None
    group: str | None
    source: str
    visibility: str
    language: str | None
    categories: list[str]
    sentiment: str | None
    text: str
    highlights: Annotated[
        list[str],
        Field(description="fragments of the text, as escaped HTML in which only <em> is markup"),
    ]


@dataclass(frozen=True)
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    histogram: list[tuple[str, int]] = field(default_factory=list)  # (period start, posts)
    next_page: str | None = None  # the cursor for the next page; None on the last


def make_search_body(
    query: str,
    role: str,
    author_searchable: bool = True,
    categories: tuple[str, ...] = (),
    sort: str = "relevance",
) -> dict[str, Any]:
    if sort not in SORTS:
        raise UsageError(f"unknown sort {sort!r}; sorts: {', '.join(SORTS)}")
    role_filter = visibility_filter(role)
    must = parse_query(query, author_searchable=author_searchable)
    role_filter += [{"term": {"enrichment.labels": c}} for c in categories]
    return {
        "query": {"bool": {"must": [must], "filter": role_filter}},
        "highlight": {
            "fields": {
                f: {"number_of_fragments": 3, "fragment_size": 150} for f in HIGHLIGHT_FIELDS
            },
            "pre_tags": ["<em>"],
            "post_tags": ["</em>"],
            "encoder": "html",
        },
        "sort": SORTS[sort],
    }


def search_posts(
    es: Elasticsearch,
    alias: str,
    query: str,
    role: str = "analyst",
    size: int = 20,
    pseudonym: Callable[[str], str] | None = None,
    categories: tuple[str, ...] = (),
    sort: str = "relevance",
    after: str | None = None,
    facets: bool = True,
) -> SearchResult:
    """Search as ``role``, limited to posts in every one of ``categories``, one page of
    ``size`` hits; ``after`` is the ``next_page`` cursor of the page before. With
    ``pseudonym`` (author id -> pseudonym) authors are shown as pseudonyms and cannot be
    searched for by name. Raises QuerySyntaxError for a query that cannot be understood."""
    body = make_search_body(query, role, pseudonym is None, categories, sort)
    search = search_fingerprint(
        alias=alias,
        query=query,
        role=role,
        categories=sorted(categories),
        sort=sort,
        pseudonymised=pseudonym is not None,
    )
    body["query"]["bool"]["filter"].append({"prefix": {"_index": f"{alias}-"}})
    page = decode_cursor(after, search, len(SORTS[sort])) if after else Page(None, 0, search)
    aggregations = make_facet_aggregations(pseudonym) if facets else {}
    response = _search_page(es, alias, page, size, body, aggregations)
    histogram = _histogram(es, alias, body["query"], response) if facets else []
    hits = response["hits"]["hits"]
    total = response["hits"]["total"]["value"]
    seen = page.seen + len(hits)
    next_page = None
    if hits and seen < total:
        next_page = encode_cursor(Page(hits[-1]["sort"], seen, search))
    return SearchResult(
        total=total,
        hits=[as_hit(h, pseudonym) for h in hits],
        facets=_facets(response, pseudonym) if facets else {},
        histogram=histogram,
        next_page=next_page,
    )


def make_facet_aggregations(pseudonym: Callable[[str], str] | None) -> dict[str, Any]:
    """Terms aggregations for the facets, and posts per month, from which the histogram's
    interval is chosen. Where authors are pseudonymised they are counted by id and shown by
    pseudonym."""
    fields = {**FACETS, "author": "author.id"} if pseudonym else FACETS
    aggregations: dict[str, Any] = {
        f"facet_{name}": {"terms": {"field": path, "size": FACET_SIZE}}
        for name, path in fields.items()
    }
    aggregations["monthly"] = MONTHLY
    return aggregations


def histogram_interval(months: int) -> str:
    return next((interval for limit, interval in INTERVALS if months <= limit), "year")


def _search_page(
    es: Elasticsearch,
    alias: str,
    page: Page,
    size: int,
    body: dict[str, Any],
    aggregations: dict[str, Any],
) -> dict[str, Any]:
    try:
        return es.search(
            index=alias,
            size=size,
            track_total_hits=True,
            **({"aggs": aggregations} if aggregations else {}),
            **({"search_after": page.after} if page.after is not None else {}),
            **body,
        ).body
    except (ApiError, TransportError) as exc:
        raise engine_error(exc, "searching") from exc


def _histogram(
    es: Elasticsearch, alias: str, query: dict[str, Any], response: dict[str, Any]
) -> list[tuple[str, int]]:
    """Posts per day, week, month or year, chosen from how many months the matching posts
    span (a second request for days or weeks); posts without a date are not in it."""
    months = [(b["key"], b["doc_count"]) for b in response["aggregations"]["monthly"]["buckets"]]
    interval = histogram_interval(len(months))
    if not months or interval == "month":
        return [(_period(key), posts) for key, posts in months]
    if interval == "year":
        years: dict[str, int] = {}
        for key, posts in months:
            year = _period(key)[:4] + "-01-01"
            years[year] = years.get(year, 0) + posts
        return list(years.items())
    finer = {"date_histogram": {**MONTHLY["date_histogram"], "calendar_interval": interval}}
    try:
        counted = es.search(index=alias, size=0, query=query, aggs={"h": finer}).body
    except (ApiError, TransportError) as exc:
        raise engine_error(exc, "counting posts over time") from exc
    buckets = counted["aggregations"]["h"]["buckets"]
    return [(_period(b["key"]), b["doc_count"]) for b in buckets]


def _period(epoch_ms: int) -> str:
    return datetime.fromtimestamp(epoch_ms / 1000, UTC).date().isoformat()


def _facets(
    response: dict[str, Any], pseudonym: Callable[[str], str] | None
) -> dict[str, list[tuple[str, int]]]:
    aggregations = response["aggregations"]
    facets = {}
    for name in FACETS:
        buckets = aggregations[f"facet_{name}"]["buckets"]
        shown = pseudonym if pseudonym and name == "author" else str
        facets[name] = [(shown(b["key"]), b["doc_count"]) for b in buckets]
    return facets


def as_hit(hit: dict[str, Any], pseudonym: Callable[[str], str] | None = None) -> Hit:
    """One hit of a response as it is shown: its highlights once each, the author as a
    pseudonym with ``pseudonym``."""
    source = pseudonymise(hit["_source"], pseudonym) if pseudonym else hit["_source"]
    author = source.get("author") or {}
    highlights = list(
        dict.fromkeys(
            escaped_fragment(f) for frags in hit.get("highlight", {}).values() for f in frags
        )
    )
    enrichment = source.get("enrichment") or {}
    return Hit(
        post_id=hit["_id"],
        score=hit.get("_score"),
        created_at=datetime.fromisoformat(source["created_at"])
        if source.get("created_at")
        else None,
        author=author.get("name"),
        group=(source.get("group") or {}).get("name"),
        source=source["source"],
        visibility=source["visibility"],
        language=enrichment.get("language") or source.get("language"),
        categories=enrichment.get("labels", []),
        sentiment=enrichment.get("sentiment"),
        text=source.get("text", ""),
        highlights=highlights,
    )


def escaped_fragment(fragment: str) -> str:
    """A highlight fragment as escaped HTML in which only the ``<em>`` marks are markup. The
    highlighter is asked to escape (``encoder: html``); its escapes are undone and made again
    here, so that a fragment is the same safe text whether or not the engine did (the form is
    a fixed point: escaping it again changes nothing)."""
    parts = HIGHLIGHT_TAG.split(fragment)
    return "".join(
        part if HIGHLIGHT_TAG.fullmatch(part) else html.escape(html.unescape(part))
        for part in parts
    )


def engine_error(exc: ApiError | TransportError, doing: str) -> SearchError:
    """The search engine's failure as one plain sentence for the caller; its details, which
    may name indices, fields and the query, go to the server log only."""
    log.warning("the search engine failed while %s: %s", doing, exc)
    if isinstance(exc, ApiError) and exc.meta.status < 500:
        return SearchError("the search engine refused the query")
    return SearchError("the search engine is unavailable")
