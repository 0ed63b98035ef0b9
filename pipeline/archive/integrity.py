"""Hash chains: the digest of a stored row and the link that ties it to the row before.

A row's digest is the SHA-256 of the RFC 8785 canonical JSON of its chained fields as stored;
its chain hash is SHA-256(previous chain hash ‖ digest). Changing, removing, inserting or
reordering a row breaks the chain at that row; rewriting the chain from there on changes its
head, which the signed checkpoints outside the database pin down.
"""

from collections.abc import Mapping, MutableMapping, Sequence
from datetime import UTC, datetime
from typing import Any

from schemas.canonical import canonical_json, sha256_hex

GENESIS = "0" * 64

# Frozen lists: a field added to a table later is not in old rows' digests.
VERSION_FIELDS = (
    "post_id",
    "source",
    "native_id",
    "thread_id",
    "created_at",
    "edited_at",
    "deleted_at",
    "visibility",
    "version",
    "content_sha256",
    "raw_sha256",
    "capture_run",
    "archived_at",
    "document",
    "chain_seq",
)
AUDIT_FIELDS = ("seq", "at", "actor", "role", "action", "target", "result_count")
# What a disposed version keeps: its digest goes into the disposition's certificate.
TOMBSTONE_FIELDS = tuple(name for name in VERSION_FIELDS if name != "document")


TIMES = frozenset({"created_at", "edited_at", "deleted_at", "archived_at", "at"})


def jsonable(value: Any) -> Any:
    """A stored value as it is digested: times in UTC, ISO 8601."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return value


def row_digest(row: Mapping[str, Any], fields: Sequence[str]) -> str:
    values = {name: jsonable(row[name]) if name in TIMES else row[name] for name in fields}
    # version rows hold schema fields only, none of them a float (tests/test_schema.py)
    float_free = fields in (VERSION_FIELDS, TOMBSTONE_FIELDS)
    return sha256_hex(canonical_json(values, float_free=float_free))


def chain_link(previous: str, digest: str) -> str:
    return sha256_hex(f"{previous}{digest}".encode())


def seal(
    rows: Sequence[MutableMapping[str, Any]],
    head: tuple[int, str] | None,
    fields: Sequence[str],
    seq_field: str,
) -> tuple[int, str]:
    """Number, digest and link ``rows`` in order after ``head`` (seq, chain hash); returns the
    new head."""
    seq, previous = head or (0, GENESIS)
    for row in rows:
        seq += 1
        row[seq_field] = seq
        row["row_sha256"] = row_digest(row, fields)
        row["chain_prev"] = previous
        row["chain_sha256"] = previous = chain_link(previous, row["row_sha256"])
    return seq, previous
