"""Small helpers the connectors share: timestamps in the platforms' formats, HTML to text,
provenance, JSON bodies that may be anything, paging that cannot go round in a circle."""

import json
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

from pipeline.connectors.base import CaptureContext, Quarantined
from schemas import Provenance, SourceKind

TIME_FORMATS = (
    "%Y/%m/%d %H:%M:%S %z",  # Yammer REST
    "%a %b %d %H:%M:%S %z %Y",  # X archive
    "%Y-%m-%dT%H:%M:%S%z",  # Facebook (+0000)
    "%Y-%m-%d %H:%M:%S",  # LinkedIn export, naive: UTC
)


class PageTrail:
    """The page requests a paging loop has made. A source that hands out a link or a token it
    gave before (a next link to the same page, a cursor that does not move) would be asked
    for the same page again and again up to the page limit; the loop stops at the first
    repeat instead. A page delivered twice under different links is read twice and archived
    once: its posts are unchanged the second time."""

    def __init__(self) -> None:
        self._asked: set[str] = set()

    def first_time(self, url: str, params: dict | None) -> bool:
        key = f"{url}?{urlencode(sorted((params or {}).items()))}"
        if key in self._asked:
            return False
        self._asked.add(key)
        return True


class RecordError(ValueError):
    """A record that cannot become a canonical one; its text is the quarantine reason."""


def parse_timestamp(value, field: str) -> datetime | None:
    """Any of the platforms' timestamp forms to an aware UTC datetime; None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise RecordError(f"{field} is not a string")
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        parsed = None
        for form in TIME_FORMATS:
            try:
                parsed = datetime.strptime(text, form)
                break
            except ValueError:
                continue
        if parsed is None:
            raise RecordError(f"unparseable {field} {text[:40]!r}") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def load_json(body: bytes, what: str):
    """Parse a JSON body; a clear RecordError for anything else (an HTML error page, a
    truncated body, invalid UTF-8)."""
    try:
        return json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise RecordError(f"{what} is not valid UTF-8") from None
    except ValueError:
        start = body[:40].decode("utf-8", "replace").strip()
        raise RecordError(f"{what} is not JSON (starts with {start!r})") from None


class _Text(HTMLParser):
    BLOCKS = {"p", "br", "div", "li", "h1", "h2", "h3", "h4", "blockquote", "tr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS and self.parts:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(html: str | None) -> str:
    if not html:
        return ""
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def make_provenance(
    context: CaptureContext, kind: SourceKind, version: str, locator: str
) -> Provenance:
    return Provenance(
        capture_run=context.capture_run,
        connector=kind,
        connector_version=version,
        fetched_at=context.fetched_at,
        raw_sha256=context.raw_sha256,
        raw_locator=locator,
    )


def recent_ids(previous: list, seen: dict[str, str], window, limit: int) -> list[list[str]]:
    """The [id, created_at] pairs to re-check for deletion next time: those created within
    ``window`` of the newest post known, newest first, at most ``limit``. Measured from the
    newest post rather than the clock, so a quiet account's last posts stay watched."""
    merged = {i: t for i, t in previous if isinstance(i, str) and isinstance(t, str)} | seen
    dated = []
    for post_id, created in merged.items():
        try:
            dated.append((parse_timestamp(created, "created_at"), post_id, created))
        except RecordError:
            continue
    if not dated:
        return []
    horizon = max(d for d, _, _ in dated) - window
    keep = sorted(((d, i, c) for d, i, c in dated if d and d >= horizon), reverse=True)
    return [[i, c] for _, i, c in keep[:limit]]


def as_list(value) -> list:
    """A JSON value where a list is expected: the list, or empty for anything else."""
    return value if isinstance(value, list) else []


def as_dict(value) -> dict:
    """A JSON value where an object is expected: the object, or empty for anything else."""
    return value if isinstance(value, dict) else {}


def peek_json(fetched) -> object:
    """A fetched body's JSON for paging decisions, or None; reading it for the archive (and
    quarantining what is broken) is the read stage's business."""
    try:
        return load_json(fetched.body, "page")
    except RecordError:
        return None


def load_json_item(
    raw: Path, context: CaptureContext, shape: type
) -> tuple[object, Quarantined | None]:
    """A stored item's JSON of the expected shape (dict or list), or the quarantine entry
    that says why it is not."""
    data = raw.read_bytes()
    try:
        body = load_json(data, "response")
        if not isinstance(body, shape):
            raise RecordError(f"response is not a JSON {'object' if shape is dict else 'array'}")
    except RecordError as exc:
        return None, Quarantined(context.name, str(exc), data[:500].decode("utf-8", "replace"))
    return body, None
