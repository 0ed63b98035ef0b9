"""The posts index: a versioned index behind an alias, and bulk indexing that checks every item.

The index name carries the mapping's hash (``search.mapping.mapping_version``), so a schema
change produces a new index rather than a mixed one; the alias is what everyone reads.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from elasticsearch import ApiError, Elasticsearch, TransportError, helpers

from pipeline.exc import SearchError
from schemas import IndexedPost
from search.mapping import make_post_mapping, mapping_version

POSTS = "posts"
INDEX_SETTINGS = {"number_of_shards": 1, "number_of_replicas": 0}
BULK_CHUNK = 500


def posts_alias(prefix: str) -> str:
    return f"{prefix}{POSTS}"


def build_index_name(prefix: str, version: str, stamp: datetime) -> str:
    return f"{posts_alias(prefix)}-{version}-{stamp:%Y%m%d%H%M%S}"


def ensure_posts_index(es: Elasticsearch, prefix: str) -> str:
    """Create the versioned posts index and its alias in one step if there is none; refuse to
    write into an index built from another version of the schema. Returns the alias."""
    alias = posts_alias(prefix)
    try:
        current = es.options(ignore_status=404).indices.get_alias(name=alias)
        if current.meta.status == 404 or not current.body:
            es.indices.create(
                index=build_index_name(prefix, mapping_version(), datetime.now(UTC)),
                mappings={**make_post_mapping(), "_meta": {"mapping_version": mapping_version()}},
                settings=INDEX_SETTINGS,
                aliases={alias: {"is_write_index": True}},
            )
            return alias
        (index,) = current.body
    except (ApiError, TransportError) as exc:
        raise SearchError(f"cannot prepare the search index {alias}: {exc}") from exc
    if mapping_version() not in index:
        raise SearchError(
            f"the search index {index} was built from another schema version; "
            "rebuild it from the archive with: archivist index rebuild"
        )
    return alias


@dataclass
class BulkReport:
    indexed: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)


def index_posts(es: Elasticsearch, alias: str, posts: Iterable[IndexedPost]) -> BulkReport:
    """Index each post under its post id; retry 429s with backoff; report every failure.
    External versioning means an older version can never overwrite a newer one."""
    actions = (
        {
            "_index": alias,
            "_id": post.post_id,
            "version": post.version,
            "version_type": "external_gte",
            "_source": post.model_dump(mode="json"),
        }
        for post in posts
    )
    report = BulkReport()
    try:
        for ok, item in helpers.streaming_bulk(
            es,
            actions,
            chunk_size=BULK_CHUNK,
            max_retries=5,
            initial_backoff=1,
            raise_on_error=False,
            raise_on_exception=False,
        ):
            if ok:
                report.indexed += 1
            else:
                result = item["index"]
                report.failed.append((result.get("_id", "?"), _reason(result)))
        es.indices.refresh(index=alias)
    except (ApiError, TransportError) as exc:
        raise SearchError(f"the search engine failed during bulk indexing: {exc}") from exc
    return report


def _reason(result: dict) -> str:
    error = result.get("error") or {}
    if isinstance(error, dict):
        return f"{error.get('type', 'error')}: {error.get('reason', '')}".strip()
    return str(error) or f"status {result.get('status')}"


def delete_posts(es: Elasticsearch, alias: str, post_ids: Iterable[str]) -> int:
    """Remove these posts from the index (a post not there is fine); returns how many went."""
    actions = ({"_op_type": "delete", "_index": alias, "_id": pid} for pid in post_ids)
    deleted = 0
    try:
        for ok, item in helpers.streaming_bulk(
            es, actions, chunk_size=BULK_CHUNK, max_retries=5, raise_on_error=False
        ):
            result = item["delete"]
            if ok:
                deleted += 1
            elif result.get("status") != 404:
                raise SearchError(
                    f"cannot remove {result.get('_id')} from the index: {_reason(result)}"
                )
        es.indices.refresh(index=alias)
    except (ApiError, TransportError) as exc:
        raise SearchError(f"the search engine failed while removing posts: {exc}") from exc
    return deleted


def rebuild_index(
    es: Elasticsearch, prefix: str, batches: Iterable[list[IndexedPost]]
) -> tuple[str, int]:
    """Build a new versioned index from ``batches``, then point the alias at it in one atomic
    step and drop the old index. Readers see the old index until the swap, never an empty or
    mixed one; a build that fails is removed and the alias stays where it was.
    Returns (new index, documents indexed)."""
    alias = posts_alias(prefix)
    name = build_index_name(prefix, mapping_version(), datetime.now(UTC))
    try:
        es.indices.create(
            index=name,
            mappings={**make_post_mapping(), "_meta": {"mapping_version": mapping_version()}},
            settings=INDEX_SETTINGS,
        )
        indexed = 0
        for batch in batches:
            report = index_posts(es, name, batch)
            if report.failed:
                post_id, reason = report.failed[0]
                raise SearchError(
                    f"rebuilding the index failed on {len(report.failed)} post(s), "
                    f"first {post_id}: {reason}"
                )
            indexed += report.indexed
        current = es.options(ignore_status=404).indices.get_alias(name=alias)
        old = list(current.body) if current.meta.status != 404 else []
        actions = [{"remove": {"index": index, "alias": alias}} for index in old]
        actions.append({"add": {"index": name, "alias": alias, "is_write_index": True}})
        es.indices.update_aliases(actions=actions)
    except BaseException:
        es.options(ignore_status=404).indices.delete(index=name)
        raise
    if old:
        es.indices.delete(index=",".join(old))
    return name, indexed


def raw_bulk(es: Elasticsearch, index: str, documents: Iterable[dict]) -> int:
    """The benchmark's baseline: plain ``helpers.bulk`` of ready documents into a scratch
    index with the posts mapping, which is then removed. Returns how many were indexed."""
    es.indices.create(index=index, mappings=make_post_mapping(), settings=INDEX_SETTINGS)
    try:
        actions = ({"_index": index, "_id": d["post_id"], "_source": d} for d in documents)
        indexed, _ = helpers.bulk(es, actions, chunk_size=BULK_CHUNK, stats_only=True)
        es.indices.refresh(index=index)
        return indexed
    finally:
        es.indices.delete(index=index)
