"""The posts index: a versioned index behind an alias, and bulk indexing that checks every item.

The index name carries the mapping's hash (``search.mapping.mapping_version``), so a schema
change produces a new index rather than a mixed one; the alias is what everyone reads.

Bulk requests the engine pushes back on (429 Too Many Requests, 502-504, a dropped
connection) are sent again with a bounded exponential backoff; an item still refused after
that is reported with its reason, for the caller to dead-letter.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from elasticsearch import ApiError, ConnectionTimeout, Elasticsearch, TransportError, helpers
from elasticsearch import ConnectionError as EngineUnreachable
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from pipeline.exc import SearchError
from schemas import IndexedPost
from search.mapping import make_post_mapping, mapping_version

POSTS = "posts"


@dataclass(frozen=True)
class IndexLayout:
    """Primary shards and replicas of a new posts index: one and none on a single node; on a
    cluster, a replica so that losing a node loses no document and refuses no write, and a
    primary shard per 30-50 GB of index (the shard count is fixed until the next rebuild)."""

    shards: int = 1
    replicas: int = 0

    def settings(self) -> dict[str, int]:
        return {"number_of_shards": self.shards, "number_of_replicas": self.replicas}


SINGLE_NODE = IndexLayout()
BULK_CHUNK = 500
BULK_CHUNK_BYTES = 10 * 1024 * 1024
RETRYABLE = frozenset({429, 502, 503, 504})


def posts_alias(prefix: str) -> str:
    return f"{prefix}{POSTS}"


def build_index_name(prefix: str, version: str, stamp: datetime) -> str:
    return f"{posts_alias(prefix)}-{version}-{stamp:%Y%m%d%H%M%S%f}"


def _is_build_name(alias: str, index: str) -> bool:
    return re.fullmatch(rf"{re.escape(alias)}-[0-9a-f]{{8}}-\d{{14}}(\d{{6}})?", index) is not None


def ensure_posts_index(es: Elasticsearch, prefix: str, layout: IndexLayout = SINGLE_NODE) -> str:
    """Create the versioned posts index and its alias in one step if there is none; refuse to
    write into an index built from another version of the schema. Returns the alias."""
    alias = posts_alias(prefix)
    try:
        current = es.options(ignore_status=404).indices.get_alias(name=alias)
        if current.meta.status == 404 or not current.body:
            es.indices.create(
                index=build_index_name(prefix, mapping_version(), datetime.now(UTC)),
                mappings={**make_post_mapping(), "_meta": {"mapping_version": mapping_version()}},
                settings=layout.settings(),
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


# --- bulk requests with backoff ---------------------------------------------------------


class _PushedBack(Exception):
    """The engine refused (part of) a chunk for a reason that passes: send it again."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


class _Unreachable(Exception):
    """The request did not get an answer: send it again (every operation is idempotent)."""


@dataclass(frozen=True)
class Backoff:
    """At most ``attempts`` sends per chunk, waiting ``first`` seconds before the second and
    doubling up to ``longest``: by default a chunk gives up after 1 + 2 + 4 + 8 + 8 = 23 s."""

    attempts: int = 6
    first: float = 1.0
    longest: float = 8.0

    def retrying(self) -> Retrying:
        return Retrying(
            stop=stop_after_attempt(self.attempts),
            wait=wait_exponential(multiplier=self.first, max=self.longest),
            retry=retry_if_exception_type((_PushedBack, _Unreachable)),
            reraise=True,
        )


BACKOFF = Backoff()


@dataclass(frozen=True)
class _Operation:
    id: str
    lines: tuple[bytes, ...]  # the action line and, for an index operation, the document

    @property
    def size(self) -> int:
        return sum(len(line) + 1 for line in self.lines)


@dataclass
class _Chunk:
    """One bulk request's operations: those settled (id, status, reason) and those pending."""

    pending: list[_Operation]
    settled: list[tuple[str, int, str | None]] = field(default_factory=list)

    def send(self, es: Elasticsearch) -> None:
        try:
            response = es.bulk(operations=[line for op in self.pending for line in op.lines])
        except ApiError as exc:
            if exc.status_code in RETRYABLE:
                raise _PushedBack(exc.status_code, _api_reason(exc)) from exc
            raise
        except (EngineUnreachable, ConnectionTimeout) as exc:
            raise _Unreachable(str(exc)) from exc
        again, refused = [], None
        for op, item in zip(self.pending, response["items"], strict=True):
            (result,) = item.values()
            status = result.get("status", 500)
            if status in RETRYABLE:
                again.append(op)
                refused = _PushedBack(status, _reason(result))
            else:
                self.settled.append((op.id, status, None if status < 300 else _reason(result)))
        self.pending = again
        if refused is not None:
            raise refused

    def give_up(self, refused: _PushedBack, attempts: int) -> None:
        why = f"status {refused.status}, {refused} (still refused after {attempts} attempts)"
        self.settled += [(op.id, refused.status, why) for op in self.pending]
        self.pending = []


def _api_reason(exc: ApiError) -> str:
    body = exc.body if isinstance(exc.body, dict) else {}
    error = body.get("error")
    return _reason({"error": error}) if error else str(exc.message)


def _chunks(operations: Iterable[_Operation]) -> Iterator[list[_Operation]]:
    chunk, size = [], 0
    for op in operations:
        if chunk and (len(chunk) == BULK_CHUNK or size + op.size > BULK_CHUNK_BYTES):
            yield chunk
            chunk, size = [], 0
        chunk.append(op)
        size += op.size
    if chunk:
        yield chunk


def _bulk(
    es: Elasticsearch, operations: Iterable[_Operation], backoff: Backoff
) -> Iterator[tuple[str, int, str | None]]:
    """(id, status, reason or None) for every operation, in chunks, each sent with backoff.
    The client's own immediate retries are off: the backoff here replaces them."""
    client = es.options(max_retries=0)
    for ops in _chunks(operations):
        chunk = _Chunk(ops)
        try:
            for attempt in backoff.retrying():
                with attempt:
                    chunk.send(client)
        except _PushedBack as exc:
            chunk.give_up(exc, backoff.attempts)
        except _Unreachable as exc:
            raise SearchError(
                f"the search engine did not answer after {backoff.attempts} attempts: {exc}"
            ) from exc
        yield from chunk.settled


def _index_operations(es: Elasticsearch, index: str, posts: Iterable[IndexedPost]):
    dumps = es.transport.serializers.get_serializer("application/json").dumps
    for post in posts:
        action = {
            "_index": index,
            "_id": post.post_id,
            "version": post.version,
            "version_type": "external_gte",
        }
        yield _Operation(
            post.post_id, (dumps({"index": action}), dumps(post.model_dump(mode="json")))
        )


@dataclass
class BulkReport:
    indexed: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)


def index_posts(
    es: Elasticsearch,
    alias: str,
    posts: Iterable[IndexedPost],
    backoff: Backoff = BACKOFF,
    refresh: bool = True,
) -> BulkReport:
    """Index each post under its post id and report every item that failed, with its reason.
    External versioning means an older version can never overwrite a newer one. With
    ``refresh`` the posts are searchable on return; a caller indexing many batches refreshes
    once at the end instead (``refresh_index``): each refresh writes a new segment."""
    report = BulkReport()
    try:
        for post_id, status, reason in _bulk(es, _index_operations(es, alias, posts), backoff):
            if status < 300:
                report.indexed += 1
            else:
                report.failed.append((post_id, reason or f"status {status}"))
        if refresh:
            es.indices.refresh(index=alias)
    except (ApiError, TransportError) as exc:
        raise SearchError(f"the search engine failed during bulk indexing: {exc}") from exc
    return report


def refresh_index(es: Elasticsearch, alias: str) -> None:
    """Make what was indexed searchable now."""
    try:
        es.indices.refresh(index=alias)
    except (ApiError, TransportError) as exc:
        raise SearchError(f"the search engine failed to refresh {alias}: {exc}") from exc


def _reason(result: dict) -> str:
    error = result.get("error") or {}
    if isinstance(error, dict):
        return f"{error.get('type', 'error')}: {error.get('reason', '')}".strip()
    return str(error) or f"status {result.get('status')}"


def delete_posts(
    es: Elasticsearch, alias: str, post_ids: Iterable[str], backoff: Backoff = BACKOFF
) -> int:
    """Remove these posts from the index (a post not there is fine); returns how many went."""
    dumps = es.transport.serializers.get_serializer("application/json").dumps
    operations = (
        _Operation(pid, (dumps({"delete": {"_index": alias, "_id": pid}}),)) for pid in post_ids
    )
    deleted = 0
    try:
        for post_id, status, reason in _bulk(es, operations, backoff):
            if status < 300:
                deleted += 1
            elif status != 404:
                raise SearchError(f"cannot remove {post_id} from the index: {reason}")
        es.indices.refresh(index=alias)
    except (ApiError, TransportError) as exc:
        raise SearchError(f"the search engine failed while removing posts: {exc}") from exc
    return deleted


# --- rebuilds ---------------------------------------------------------------------------


def _remove_unfinished_builds(es: Elasticsearch, alias: str, keep: list[str]) -> None:
    """Drop indices named like a build of this alias that the alias does not point at: what
    a rebuild killed before it could clean up left behind."""
    found = es.options(ignore_status=404).indices.get(index=f"{alias}-*", expand_wildcards="all")
    names = [n for n in (found.body or {}) if _is_build_name(alias, n) and n not in keep]
    if names:
        es.indices.delete(index=",".join(names))


def _alias_indices(es: Elasticsearch, alias: str) -> list[str]:
    current = es.options(ignore_status=404).indices.get_alias(name=alias)
    return list(current.body) if current.meta.status != 404 else []


def rebuild_index(
    es: Elasticsearch,
    prefix: str,
    batches: Iterable[list[IndexedPost]],
    layout: IndexLayout = SINGLE_NODE,
) -> tuple[str, int]:
    """Build a new versioned index from ``batches``, then point the alias at it in one atomic
    step and drop the old index. Readers see the old index until the swap, never an empty or
    mixed one; a build that fails is removed and the alias stays where it was (and a build
    whose process was killed is removed by the next rebuild). One rebuild at a time.
    Returns (new index, documents indexed)."""
    alias = posts_alias(prefix)
    name = build_index_name(prefix, mapping_version(), datetime.now(UTC))
    try:
        old = _alias_indices(es, alias)
        _remove_unfinished_builds(es, alias, keep=old)
        es.indices.create(
            index=name,
            mappings={**make_post_mapping(), "_meta": {"mapping_version": mapping_version()}},
            settings=layout.settings(),
        )
    except (ApiError, TransportError) as exc:
        raise SearchError(f"cannot start rebuilding the index {alias}: {exc}") from exc
    try:
        indexed = 0
        for batch in batches:
            report = index_posts(es, name, batch)
            if report.failed:
                post_id, reason = report.failed[0]
                raise SearchError(
                    f"rebuilding the index failed on {len(report.failed)} post(s), "
                    f"first {post_id}: {reason}; the alias still points at the old index"
                )
            indexed += report.indexed
        actions = [{"remove": {"index": index, "alias": alias}} for index in old]
        actions.append({"add": {"index": name, "alias": alias, "is_write_index": True}})
        es.indices.update_aliases(actions=actions)
    except BaseException as exc:
        _drop_quietly(es, name)
        if isinstance(exc, ApiError | TransportError):
            raise SearchError(f"rebuilding the index {name} failed: {exc}") from exc
        raise
    if old:
        es.indices.delete(index=",".join(old))
    return name, indexed


def _drop_quietly(es: Elasticsearch, index: str) -> None:
    """Remove a failed build; when the engine cannot be reached the next rebuild does."""
    try:
        es.options(ignore_status=404).indices.delete(index=index)
    except (ApiError, TransportError):
        pass


def raw_bulk(es: Elasticsearch, index: str, documents: Iterable[dict]) -> int:
    """The benchmark's baseline: plain ``helpers.bulk`` of ready documents into a scratch
    index with the posts mapping, which is then removed. Returns how many were indexed."""
    es.indices.create(index=index, mappings=make_post_mapping(), settings=SINGLE_NODE.settings())
    try:
        actions = ({"_index": index, "_id": d["post_id"], "_source": d} for d in documents)
        indexed, _ = helpers.bulk(es, actions, chunk_size=BULK_CHUNK, stats_only=True)
        es.indices.refresh(index=index)
        return indexed
    finally:
        es.indices.delete(index=index)
