"""Deep paging: a point in time (PIT) holds the result set still while someone pages through
it, and ``search_after`` continues after the last hit shown. The cursor handed out is opaque:
URL-safe base64 of JSON ``{pit, after, seen, search}``, where ``search`` fingerprints the
query, role, filters and sort it belongs to, so a cursor cannot continue another search."""

import base64
import binascii
import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any

from pipeline.exc import UsageError

PIT_MINUTES = 2
PIT_KEEP_ALIVE = f"{PIT_MINUTES}m"


@dataclass(frozen=True)
class Page:
    pit: str
    after: list[Any] | None  # the sort values of the last hit already shown
    seen: int  # how many hits the earlier pages showed
    search: str


def search_fingerprint(**search: Any) -> str:
    return hashlib.sha256(json.dumps(search, sort_keys=True).encode()).hexdigest()[:16]


def encode_cursor(page: Page) -> str:
    raw = json.dumps(asdict(page), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, search: str) -> Page:
    """The page a cursor continues; refused when it is malformed or from another search."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        fields = json.loads(raw)
        page = Page(
            pit=str(fields["pit"]),
            after=list(fields["after"]),
            seen=int(fields["seen"]),
            search=str(fields["search"]),
        )
    except (binascii.Error, ValueError, TypeError, KeyError):
        raise UsageError(
            "the page cursor is not one a search gave out; search again without --after"
        ) from None
    if page.search != search:
        raise UsageError(
            "the page cursor belongs to another search (query, role, filters or sort "
            "differ); search again without --after"
        )
    return page
