"""The Elasticsearch client, configured from settings (the local server when none is set)."""

from elasticsearch import Elasticsearch

from pipeline.services import search_url
from pipeline.settings import Settings
from search.indexer import IndexLayout


def get_client(settings: Settings) -> Elasticsearch:
    api_key = settings.elasticsearch_api_key
    return Elasticsearch(
        search_url(settings),
        api_key=api_key.get_secret_value() if api_key else None,
        request_timeout=30,
        retry_on_timeout=True,
        max_retries=3,
    )


def index_layout(settings: Settings) -> IndexLayout:
    return IndexLayout(shards=settings.index_shards, replicas=settings.index_replicas)
