"""What the weekly report asks the index: volume per source, language and day with the
categories of each day, and the week's most engaging posts inside and outside."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from elasticsearch import Elasticsearch

from search.query import Hit, as_hit
from search.visibility import visibility_filter

MOST_ENGAGING = [
    {"engagement.likes": {"order": "desc", "missing": "_last"}},
    {"engagement.replies": {"order": "desc", "missing": "_last"}},
    {"created_at": {"order": "desc"}},
]


def _window(role: str, since: datetime, until: datetime) -> list[dict[str, Any]]:
    created = {"range": {"created_at": {"gte": since.isoformat(), "lt": until.isoformat()}}}
    return [*visibility_filter(role), created]


def week_volume(
    es: Elasticsearch, alias: str, role: str, since: datetime, until: datetime
) -> dict[str, Any]:
    """Posts per source and per language, and per day with each day's categories."""
    aggregations = {
        "sources": {"terms": {"field": "source", "size": 100}},
        "languages": {"terms": {"field": "enrichment.language", "size": 20, "missing": "none"}},
        "days": {
            "date_histogram": {"field": "created_at", "calendar_interval": "day"},
            "aggs": {"categories": {"terms": {"field": "enrichment.labels", "size": 20}}},
        },
    }
    response = es.search(
        index=alias, size=0, query={"bool": {"filter": _window(role, since, until)}},
        aggs=aggregations, track_total_hits=True,
    )  # fmt: skip
    found = response["aggregations"]
    return {
        "total": response["hits"]["total"]["value"],
        "sources": [(b["key"], b["doc_count"]) for b in found["sources"]["buckets"]],
        "languages": [(b["key"], b["doc_count"]) for b in found["languages"]["buckets"]],
        "days": [
            (
                b["key_as_string"][:10],
                {c["key"]: c["doc_count"] for c in b["categories"]["buckets"]},
            )
            for b in found["days"]["buckets"]
        ],
    }


def most_engaging(
    es: Elasticsearch, alias: str, role: str, since: datetime, until: datetime,
    visibility: str, pseudonym: Callable[[str], str] | None = None, size: int = 5,
) -> list[Hit]:  # fmt: skip
    """The week's posts of one visibility with the most likes, then replies."""
    query = {
        "bool": {"filter": [*_window(role, since, until), {"term": {"visibility": visibility}}]}
    }
    response = es.search(index=alias, query=query, size=size, sort=MOST_ENGAGING)
    return [as_hit(hit, pseudonym) for hit in response["hits"]["hits"]]
