"""Operations on the derived index: rebuild it from the archive, the record, and reconcile it
with the archive."""

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from pipeline.archive import queries, store
from pipeline.archive.db import transaction
from pipeline.settings import Settings
from schemas import IndexedPost
from search.client import get_client, index_layout
from search.indexer import ensure_posts_index, rebuild_index
from search.reconcile import ReconcileReport, reconcile_index


def _batches(settings: Settings) -> Iterator[list[IndexedPost]]:
    with transaction(settings) as session:
        post_ids = iter(queries.all_post_ids(session))
        while batch := list(islice(post_ids, settings.batch_size)):
            yield queries.indexed_posts(session, batch)


@dataclass
class RebuildReport:
    index: str
    indexed: int
    caught_up: ReconcileReport  # what was archived or indexed meanwhile, repaired after the swap


def rebuild_search_index(settings: Settings) -> RebuildReport:
    """A new index from every post in the archive, swapped in atomically; then a reconcile
    brings in what captures wrote to the old index while the new one was being built."""
    name, indexed = rebuild_index(
        get_client(settings), settings.index_prefix, _batches(settings), index_layout(settings)
    )
    return RebuildReport(name, indexed, reconcile_search_index(settings))


def _load_posts(settings: Settings, post_ids: list[str]) -> list[IndexedPost]:
    with transaction(settings) as session:
        return queries.indexed_posts(session, post_ids)


def _dead_letter(settings: Settings, failures: list[tuple[str, str]]) -> None:
    with transaction(settings) as session:
        store.quarantine_index_failures(session, failures)


def reconcile_search_index(settings: Settings, *, dry_run: bool = False) -> ReconcileReport:
    """Compare the index with the archive and repair what drifted or went missing (unless
    ``dry_run``); a document the index still refuses is quarantined with its reason."""
    es = get_client(settings)
    alias = ensure_posts_index(es, settings.index_prefix, index_layout(settings))
    with transaction(settings) as session:
        return reconcile_index(
            es,
            alias,
            queries.index_fingerprints(session, settings.batch_size),
            lambda post_ids: _load_posts(settings, post_ids),
            dead_letter=lambda failures: _dead_letter(settings, failures),
            dry_run=dry_run,
            page=settings.batch_size,
        )
