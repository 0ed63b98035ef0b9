"""What the outside-reactions view asks the index: negative public posts about the
organisation from outside its internal network, in a window, newest first."""

from datetime import datetime
from typing import Any

from elasticsearch import Elasticsearch

from schemas import Sentiment, Visibility
from search.visibility import visibility_filter

MOST = 2000  # posts read per view: a week of a crisis at a large organisation
FIELDS = ["post_id", "source", "created_at", "text", "url", "author.name", "enrichment"]


def negative_outside(
    es: Elasticsearch, alias: str, role: str, since: datetime, until: datetime
) -> list[dict[str, Any]]:
    query = {
        "bool": {
            "filter": [
                *visibility_filter(role),
                {"term": {"visibility": Visibility.PUBLIC_EXTERNAL.value}},
                {"term": {"enrichment.sentiment": Sentiment.NEGATIVE.value}},
                {"range": {"created_at": {"gte": since.isoformat(), "lt": until.isoformat()}}},
            ]
        }
    }
    response = es.search(
        index=alias, query=query, size=MOST, source=FIELDS, sort=[{"created_at": "desc"}]
    )
    return [hit["_source"] for hit in response["hits"]["hits"]]
