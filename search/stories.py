"""What the PR story finder asks the index: internal posts that could become external stories,
and for each, the posts outside that already tell it.

A candidate was posted where the whole company could see it, is classified as a publishable
story with a positive tone, and passes the outward filter every PR query carries (no personal
data, nothing confidential or legally risky, not restricted or deleted). Private groups and
direct messages are never candidates and never feed a candidate's rank.
"""

from datetime import datetime
from typing import Any

from elasticsearch import Elasticsearch

from schemas import Category, Sentiment, Visibility
from search.query import Hit, as_hit
from search.related import related_posts
from search.visibility import visibility_filter

CANDIDATES = 200
OUTSIDE = ("link", "similar")  # the kinds of cross-link that mean "told outside already"


def story_candidates(
    es: Elasticsearch, alias: str, role: str, since: datetime, until: datetime
) -> list[dict[str, Any]]:
    """The search documents of the candidates created in [since, until), newest first."""
    query = {
        "bool": {
            "filter": [
                *visibility_filter(role),
                {"term": {"visibility": Visibility.COMPANY_INTERNAL.value}},
                {"term": {"enrichment.labels": Category.PR_STORY.value}},
                {"term": {"enrichment.sentiment": Sentiment.POSITIVE.value}},
                {"term": {"is_deleted": False}},
                {"bool": {"must_not": [{"exists": {"field": "reply_to_id"}}]}},  # threads' starts
                {"range": {"created_at": {"gte": since.isoformat(), "lt": until.isoformat()}}},
            ]
        }
    }
    response = es.search(
        index=alias, query=query, size=CANDIDATES, sort=[{"created_at": {"order": "desc"}}]
    )
    return [hit["_source"] for hit in response["hits"]["hits"]]


def told_outside(es: Elasticsearch, alias: str, role: str, post_id: str) -> list[Hit]:
    """Public posts outside the internal network that share the candidate's link or tell the
    same story in similar words."""
    groups = related_posts(es, alias, post_id, role)
    return [
        hit
        for group in groups
        if group.label in OUTSIDE
        for hit in group.hits
        if hit.visibility == Visibility.PUBLIC_EXTERNAL.value
    ]


def reply_counts(es: Elasticsearch, alias: str, role: str, post_ids: list[str]) -> dict[str, int]:
    """How many replies each post has that the role may see: a post's own engagement counts
    may be missing (exports carry none), and replies in a private group must not count."""
    if not post_ids:
        return {}
    query = {"bool": {"filter": [*visibility_filter(role), {"terms": {"reply_to_id": post_ids}}]}}
    aggregation = {"replies": {"terms": {"field": "reply_to_id", "size": len(post_ids)}}}
    response = es.search(index=alias, query=query, size=0, aggs=aggregation)
    return {b["key"]: b["doc_count"] for b in response["aggregations"]["replies"]["buckets"]}


def story_hit(document: dict[str, Any]) -> Hit:
    return as_hit({"_id": document["post_id"], "_source": document})


def visible_to(es: Elasticsearch, alias: str, role: str, post_id: str) -> bool:
    """Whether the post is in the index and the role may see it."""
    query = {"bool": {"filter": [{"ids": {"values": [post_id]}}, *visibility_filter(role)]}}
    return es.count(index=alias, query=query)["count"] > 0
