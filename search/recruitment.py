"""What recruitment's views ask the index: vacancy posts and every post that shares their
link, and public posts from outside that match skills and interests."""

from datetime import datetime
from typing import Any

from elasticsearch import Elasticsearch

from schemas import Category, Visibility
from search.querylang import parse_query
from search.related import url_query
from search.visibility import visibility_filter

MOST = 1000
FIELDS = ["post_id", "source", "created_at", "text", "author", "group", "urls", "visibility",
          "engagement", "enrichment.urls", "enrichment.labels"]  # fmt: skip


def vacancy_posts(
    es: Elasticsearch, alias: str, role: str, since: datetime, until: datetime
) -> list[dict[str, Any]]:
    """Posts classified as vacancies that start a thread (a reply in a vacancy's thread is
    talk about it, not another vacancy), created in [since, until), oldest first."""
    query = {
        "bool": {
            "filter": [
                *visibility_filter(role),
                {"term": {"enrichment.labels": Category.VACANCY.value}},
                {"bool": {"must_not": [{"exists": {"field": "reply_to_id"}}]}},
                {"range": {"created_at": {"gte": since.isoformat(), "lt": until.isoformat()}}},
            ]
        }
    }
    return _documents(es, alias, query, [{"created_at": "asc"}])


def sharing(es: Elasticsearch, alias: str, role: str, links: list[str]) -> list[dict[str, Any]]:
    """Every post the role may see that carries one of these (normalised) links."""
    if not links:
        return []
    query = {
        "bool": {
            "filter": visibility_filter(role),
            "should": [url_query(link) for link in links],
            "minimum_should_match": 1,
        }
    }
    return _documents(es, alias, query, [{"created_at": "asc"}])


def public_matches(
    es: Elasticsearch, alias: str, role: str, text: str, size: int, author_searchable: bool
) -> list[dict[str, Any]]:
    """Public posts from outside that match ``text`` (the query language), best first: the
    candidate-discovery view reads nothing that was not published to everyone."""
    query = {
        "bool": {
            "must": [parse_query(text, author_searchable=author_searchable)],
            "filter": [
                *visibility_filter(role),
                {"term": {"visibility": Visibility.PUBLIC_EXTERNAL.value}},
            ],
        }
    }
    return _documents(es, alias, query, None, size)


def _documents(es, alias, query, sort, size: int = MOST) -> list[dict[str, Any]]:
    extra = {"sort": sort} if sort else {}
    response = es.search(index=alias, query=query, size=size, source=FIELDS, **extra)
    return [hit["_source"] for hit in response["hits"]["hits"]]
