"""Searching posts as a role. The role's visibility filter sits outside the user's query, so
nothing typed into a query can widen what a role may see."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from elasticsearch import ApiError, Elasticsearch, TransportError

from pipeline.exc import SearchError
from search.mapping import LANGUAGE_ANALYZERS
from search.visibility import visibility_filter

TEXT_FIELDS = [
    "text",
    *(f"text.{code}" for code in LANGUAGE_ANALYZERS),
    "title",
    "author.name",
    "group.name",
]
HIGHLIGHT_FIELDS = ["text", *(f"text.{code}" for code in LANGUAGE_ANALYZERS)]


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
    highlights: list[str]


@dataclass(frozen=True)
class SearchResult:
    total: int
    hits: list[Hit]


def make_search_body(
    query: str, role: str, author_searchable: bool = True, categories: tuple[str, ...] = ()
) -> dict[str, Any]:
    role_filter = visibility_filter(role)
    fields = TEXT_FIELDS if author_searchable else [f for f in TEXT_FIELDS if f != "author.name"]
    must = (
        {"simple_query_string": {"query": query, "fields": fields, "default_operator": "and"}}
        if query.strip()
        else {"match_all": {}}
    )
    role_filter += [{"term": {"enrichment.labels": c}} for c in categories]
    return {
        "query": {"bool": {"must": [must], "filter": role_filter}},
        "highlight": {
            "fields": {
                f: {"number_of_fragments": 3, "fragment_size": 150} for f in HIGHLIGHT_FIELDS
            },
            "pre_tags": ["<em>"],
            "post_tags": ["</em>"],
        },
        "sort": ["_score", {"created_at": {"order": "desc", "missing": "_last"}}],
    }


def search_posts(
    es: Elasticsearch,
    alias: str,
    query: str,
    role: str = "analyst",
    size: int = 20,
    pseudonym: Callable[[str], str] | None = None,
    categories: tuple[str, ...] = (),
) -> SearchResult:
    """Search as ``role``, limited to posts in every one of ``categories``. With
    ``pseudonym`` (author id -> pseudonym) authors are shown as pseudonyms and cannot be
    searched for by name."""
    body = make_search_body(query, role, pseudonym is None, categories)
    try:
        response = es.search(index=alias, size=size, track_total_hits=True, **body)
    except (ApiError, TransportError) as exc:
        raise SearchError(f"the search failed: {exc}") from exc
    return SearchResult(
        total=response["hits"]["total"]["value"],
        hits=[_hit(h, pseudonym) for h in response["hits"]["hits"]],
    )


def _hit(hit: dict[str, Any], pseudonym: Callable[[str], str] | None) -> Hit:
    source = hit["_source"]
    author = source.get("author") or {}
    highlights = list(
        dict.fromkeys(f for frags in hit.get("highlight", {}).values() for f in frags)
    )
    enrichment = source.get("enrichment") or {}
    return Hit(
        post_id=hit["_id"],
        score=hit.get("_score"),
        created_at=datetime.fromisoformat(source["created_at"])
        if source.get("created_at")
        else None,
        author=pseudonym(author["id"]) if pseudonym and author else author.get("name"),
        group=(source.get("group") or {}).get("name"),
        source=source["source"],
        visibility=source["visibility"],
        language=enrichment.get("language") or source.get("language"),
        categories=enrichment.get("labels", []),
        sentiment=enrichment.get("sentiment"),
        text=source.get("text", ""),
        highlights=highlights,
    )
