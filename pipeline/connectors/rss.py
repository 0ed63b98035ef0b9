"""Blogs and news over RSS 2.0 and Atom, read with feedparser.

Fetching is a conditional GET (the ETag and Last-Modified of the previous run), so an
unchanged feed costs one 304. An entry whose content or ``updated`` time changed becomes a new
version. Feeds are windowed: an entry that drops out of the feed is not a deletion. Before
feedparser sees a body, defusedxml refuses any that declares entities (XXE, entity expansion).
"""

import calendar
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import defusedxml.ElementTree
import feedparser
from defusedxml import DefusedXmlException

from pipeline.connectors.base import CaptureContext, Cursor, Quarantined, Record
from pipeline.connectors.common import RecordError, html_to_text, make_provenance
from pipeline.connectors.http import Fetched, HttpClient
from pipeline.exc import SourceError
from schemas import Attachment, PersonRef, Post, Source, SourceKind, Visibility, make_post_id
from schemas.links import web_url


def _time(entry, key: str) -> datetime | None:
    parsed = entry.get(f"{key}_parsed") if key in entry else None
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC) if parsed else None


def refuse_entities(body: bytes) -> None:
    try:
        defusedxml.ElementTree.fromstring(body)
    except DefusedXmlException as exc:
        raise RecordError(
            f"the feed declares XML entities, refused ({exc.__class__.__name__})"
        ) from None
    except defusedxml.ElementTree.ParseError:
        pass  # malformed XML: feedparser is lenient and decides


class Rss:
    kind = SourceKind.RSS
    version = "1.0.0"
    media_type = "application/xml"

    def fetch(
        self, target: str, cursor: dict, http: HttpClient
    ) -> Iterator[Path | Fetched | Cursor]:
        if "://" not in target:
            path = Path(target).expanduser()
            if not path.is_file():
                raise SourceError(f"{path} is not a readable file")
            yield path
            return
        conditional = {}
        if cursor.get("etag"):
            conditional["If-None-Match"] = cursor["etag"]
        if cursor.get("modified"):
            conditional["If-Modified-Since"] = cursor["modified"]
        response = http.get(target, headers=conditional)
        yield response
        if response.status == 200:
            yield Cursor(
                {
                    "etag": response.headers.get("etag"),
                    "modified": response.headers.get("last-modified"),
                }
            )

    def read(self, raw: Path, context: CaptureContext) -> Iterator[Record]:
        if context.status == 304:
            return  # not modified: nothing new, and the check itself is on record
        if context.status == 404:
            yield Quarantined(context.name, "the feed is gone (404)")
            return
        body = raw.read_bytes()
        try:
            refuse_entities(body)
        except RecordError as exc:
            yield Quarantined(context.name, str(exc), body[:500].decode("utf-8", "replace"))
            return
        feed = feedparser.parse(body)
        if not feed.entries:
            reason = (
                f"not a readable feed ({feed.get('bozo_exception')})"
                if feed.bozo
                else "the feed has no entries"
            )
            yield Quarantined(context.name, reason, body[:500].decode("utf-8", "replace"))
            return
        site = feed.feed.get("link") or context.name
        host = urlsplit(site).hostname or "feed"
        source = Source.of("web", context.account or host, name=feed.feed.get("title", ""))
        yield source
        for index, entry in enumerate(feed.entries):
            locator = f"{context.name}#entry={index}"
            try:
                yield self._post(entry, source, context, locator)
            except (RecordError, ValueError, TypeError) as exc:
                yield Quarantined(locator, str(exc).splitlines()[0], str(entry)[:500])

    def _post(self, entry, source: Source, context, locator: str) -> Post:
        native_id = entry.get("id") or entry.get("link")
        if not native_id:
            raise RecordError("entry has neither id nor link")
        html = (
            entry["content"][0].get("value") if entry.get("content") else entry.get("summary", "")
        )
        published, updated = _time(entry, "published"), _time(entry, "updated")
        author = entry.get("author")
        link = web_url(entry.get("link"))
        return Post(
            post_id=make_post_id(source.key, native_id),
            source=source.key,
            native_id=native_id,
            url=link,
            author=PersonRef(id=f"{source.key}:user:{author}", name=author) if author else None,
            created_at=published or updated,
            edited_at=updated if published and updated and updated > published else None,
            title=entry.get("title"),
            text=html_to_text(html),
            html=html or None,
            hashtags=[t["term"] for t in entry.get("tags", []) if t.get("term")],
            urls=[link] if link else [],
            attachments=[
                Attachment(kind="enclosure", url=web_url(e.get("href")), title=e.get("type"))
                for e in entry.get("enclosures", [])
            ],
            visibility=Visibility.PUBLIC_EXTERNAL,
            provenance=make_provenance(context, self.kind, self.version, locator),
        )
