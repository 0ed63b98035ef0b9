"""The small interface every connector implements."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from schemas import Person, Post, Source, SourceKind

EXCERPT_CHARS = 2000


@dataclass(frozen=True)
class Quarantined:
    """A record (or a whole file) that could not be taken in, and why."""

    locator: str
    reason: str
    excerpt: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "excerpt", self.excerpt[:EXCERPT_CHARS])


Record = Source | Person | Post | Quarantined


@dataclass(frozen=True)
class CaptureContext:
    """What a connector needs to know about the capture it reads from."""

    capture_run: int
    name: str  # the captured file's or URL's name, for messages about the whole capture
    fetched_at: datetime
    raw_sha256: str
    max_field_bytes: int
    account: str | None = None


class Connector(Protocol):
    kind: SourceKind
    version: str
    media_type: str

    def read(self, raw: Path, context: CaptureContext) -> Iterator[Record]:
        """Yield the Source first, then People and Posts; bad records as Quarantined."""
        ...
