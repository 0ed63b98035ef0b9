"""The small interface every connector implements.

A connector does two things, in two stages of a capture run:

- ``fetch(target, cursor, http)`` gets the raw material: the file itself (a ``Path``) for file
  sources, or ``Fetched`` responses for APIs and feeds, and finally the ``Cursor`` the next run
  starts from. The capture stage stores every item byte for byte before anything is parsed.
- ``read(raw, context)`` turns one stored item into records: the ``Source`` first, then
  ``Person``, ``Post`` and ``Tombstone`` records; what cannot be read becomes ``Quarantined``.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

from pipeline.connectors.http import Fetched, HttpClient
from pipeline.exc import SourceError
from schemas import Person, Post, Provenance, Source, SourceKind

EXCERPT_CHARS = 2000


@dataclass(frozen=True)
class Quarantined:
    """A record (or a whole file) that could not be taken in, and why."""

    locator: str
    reason: str
    excerpt: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "excerpt", self.excerpt[:EXCERPT_CHARS])


@dataclass(frozen=True)
class Tombstone:
    """The platform says this post is gone (a 404 on re-check, a deleted-tweets list)."""

    post_id: str
    deleted_at: datetime
    provenance: Provenance


@dataclass(frozen=True)
class Cursor:
    """Where the next run of the same target starts; stored only when a run succeeds."""

    state: dict = field(default_factory=dict)


Record = Source | Person | Post | Tombstone | Quarantined


@dataclass(frozen=True)
class CaptureContext:
    """What a connector needs to know about the stored item it reads."""

    capture_run: int
    name: str  # the item's file name or URL (without secrets)
    fetched_at: datetime
    raw_sha256: str
    max_field_bytes: int
    account: str | None = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


class Connector(Protocol):
    kind: SourceKind
    version: str
    media_type: str

    def fetch(
        self, target: str, cursor: dict, http: HttpClient
    ) -> Iterator[Path | Fetched | Cursor]:
        """Yield the raw items of one capture, then optionally the next cursor."""
        ...

    def read(self, raw: Path, context: CaptureContext) -> Iterator[Record]:
        """Yield the Source first, then the records of one stored item."""
        ...


class FileConnector:
    """Base of connectors whose target is a file the user or an export job provides."""

    def fetch(
        self, target: str, cursor: dict, http: HttpClient
    ) -> Iterator[Path | Fetched | Cursor]:
        path = Path(target).expanduser()
        if not path.is_file():
            raise SourceError(f"{path} is not a readable file")
        yield path
