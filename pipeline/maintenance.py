"""Operations on the derived index: rebuild it from the archive, the record."""

from collections.abc import Iterator
from itertools import islice

from pipeline.archive import queries
from pipeline.archive.db import transaction
from pipeline.settings import Settings
from schemas import IndexedPost
from search.client import get_client
from search.indexer import rebuild_index


def _batches(settings: Settings) -> Iterator[list[IndexedPost]]:
    with transaction(settings) as session:
        post_ids = iter(queries.all_post_ids(session))
        while batch := list(islice(post_ids, settings.batch_size)):
            yield queries.indexed_posts(session, batch)


def rebuild_search_index(settings: Settings) -> tuple[str, int]:
    """A new index from every post in the archive, swapped in atomically."""
    return rebuild_index(get_client(settings), settings.index_prefix, _batches(settings))
