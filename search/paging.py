"""Deep paging. A person paging through results gets a cursor: URL-safe base64 of JSON
``{after, seen, search}``, where ``after`` holds the sort values of the last hit shown (every
sort ends on the unique post id, so ``search_after`` can neither skip nor repeat a post) and
``search`` fingerprints the query, role, filters and sort it belongs to, so a cursor cannot
continue another search. Such a cursor holds nothing on the server: a point in time per
search would let anyone who searches (or reloads a page) pin the engine's resources for
minutes, and clusters cap how many may be open (``search.max_open_pit_context``). The price:
a post indexed while someone pages may appear on a later page.

``iterate_pit`` is for code that reads every hit of a search itself (alerts, reconcile): one
point in time, page after page, closed at the end, so writes made meanwhile do not move the
reading."""

import base64
import binascii
import hashlib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from elasticsearch import ApiError, Elasticsearch, TransportError

from pipeline.exc import SearchError, UsageError

PIT_KEEP_ALIVE = "2m"


@dataclass(frozen=True)
class Page:
    after: list[Any] | None  # the sort values of the last hit already shown
    seen: int  # how many hits the earlier pages showed
    search: str


def search_fingerprint(**search: Any) -> str:
    return hashlib.sha256(json.dumps(search, sort_keys=True).encode()).hexdigest()[:16]


def encode_cursor(page: Page) -> str:
    raw = json.dumps(asdict(page), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, search: str, sort_values: int) -> Page:
    """The page a cursor continues; refused when it is malformed or from another search.
    ``sort_values``: how many sort values the search's last hit carries."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        fields = json.loads(raw)
        after = fields["after"]
        if set(fields) != {"after", "seen", "search"} or not isinstance(after, list):
            raise KeyError("fields")
        if len(after) != sort_values:
            raise ValueError("sort values")
        page = Page(
            after=list(fields["after"]),
            seen=int(fields["seen"]),
            search=str(fields["search"]),
        )
    except (binascii.Error, ValueError, TypeError, KeyError, AttributeError):
        raise UsageError(
            "the page cursor is not one a search gave out; search again without --after"
        ) from None
    if page.search != search:
        raise UsageError(
            "the page cursor belongs to another search (query, role, filters or sort "
            "differ); search again without --after"
        )
    return page


def iterate_pit(
    es: Elasticsearch,
    alias: str,
    body: dict[str, Any],
    page_size: int,
    keep_alive: str = PIT_KEEP_ALIVE,
) -> Iterator[dict[str, Any]]:
    """Every hit of the search ``body`` (which must sort on a unique field last, so that
    ``search_after`` cannot skip a tie), read from one point in time on ``alias`` in pages
    of ``page_size``: writes made meanwhile do not move the reading. ``keep_alive`` must
    cover the time the caller spends on one page. The point in time is closed when the
    hits run out, or when the caller stops early or fails (it would expire by itself)."""
    try:
        pit = es.open_point_in_time(index=alias, keep_alive=keep_alive)["id"]
    except (ApiError, TransportError) as exc:
        raise SearchError(f"cannot read the search index {alias}: {exc}") from exc
    try:
        after = None
        while True:
            response = es.search(
                **body,
                pit={"id": pit, "keep_alive": keep_alive},
                size=page_size,
                track_total_hits=False,
                **({"search_after": after} if after is not None else {}),
            )
            pit = response.get("pit_id", pit)
            hits = response["hits"]["hits"]
            yield from hits
            if len(hits) < page_size:
                return
            after = hits[-1]["sort"]
    except (ApiError, TransportError) as exc:
        raise SearchError(f"reading the search index {alias} failed: {exc}") from exc
    finally:
        try:
            es.options(ignore_status=404).close_point_in_time(id=pit)
        except (ApiError, TransportError):
            pass  # it expires by itself after keep_alive
