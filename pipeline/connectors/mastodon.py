"""Mastodon (API v1): an account's statuses or a hashtag timeline, e.g.
``https://mastodon.example/api/v1/timelines/tag/nordlys`` or
``https://mastodon.example/api/v1/accounts/109876543210/statuses``.

Paging follows the ``Link`` header (never ids from the body) and stops at the previous run's
newest id. A public status first seen already edited (``edited_at``) has its ``/history``
fetched, and its earlier revisions become earlier versions; edits of statuses seen before
arrive as their new state when they are re-checked. Statuses seen in the last week are
re-checked; a 404 means deleted and becomes a deletion version.
"""

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from pipeline.connectors.base import CaptureContext, Cursor, Quarantined, Record, Tombstone
from pipeline.connectors.common import (
    PageTrail,
    RecordError,
    as_list,
    html_to_text,
    load_json,
    make_provenance,
    parse_timestamp,
    peek_json,
    recent_ids,
)
from pipeline.connectors.http import Fetched, HttpClient
from schemas import (
    Attachment,
    Engagement,
    PersonRef,
    Post,
    Source,
    SourceKind,
    Visibility,
    make_post_id,
)
from schemas.links import web_url

NEXT_LINK = re.compile(r'<([^>]+)>\s*;\s*rel="next"')
STATUS_URL = re.compile(r"/api/v1/statuses/([^/?#]+)(/history)?$")
VISIBILITY = {
    "public": Visibility.PUBLIC_EXTERNAL,
    "unlisted": Visibility.PUBLIC_EXTERNAL,
    "private": Visibility.PRIVATE_GROUP,
    "direct": Visibility.DIRECT_MESSAGE,
}
PAGE_LIMIT = 40
MAX_PAGES = 200
RECHECK = timedelta(days=7)
MAX_RECHECKS = 300


def _id_key(status_id: str) -> tuple[int, str]:
    return len(status_id), status_id


class Mastodon:
    kind = SourceKind.MASTODON
    version = "1.0.0"
    media_type = "application/json"

    def fetch(
        self, target: str, cursor: dict, http: HttpClient
    ) -> Iterator[Path | Fetched | Cursor]:
        base = "{0.scheme}://{0.netloc}".format(urlsplit(target))
        since = cursor.get("since_id")
        seen: dict[str, str] = {}
        url, params = target, {"limit": PAGE_LIMIT, **({"since_id": since} if since else {})}
        trail = PageTrail()
        for _ in range(MAX_PAGES):
            if not trail.first_time(url, params):
                break
            page = http.get(url, params=params)
            statuses = [
                s
                for s in as_list(peek_json(page))
                if isinstance(s, dict) and isinstance(s.get("id"), str)
            ]
            for status in statuses:
                # A status first seen already edited: its earlier revisions come from /history.
                # (Edits of statuses seen before show up on re-check as their new state.)
                is_new = not since or _id_key(status["id"]) > _id_key(since)
                if (
                    is_new
                    and status.get("edited_at")
                    and status.get("visibility") in ("public", "unlisted")
                ):
                    yield http.get(f"{base}/api/v1/statuses/{status['id']}/history")
            yield page
            seen.update({s["id"]: s.get("created_at") or "" for s in statuses})
            link = NEXT_LINK.search(page.headers.get("link", ""))
            if (
                not statuses
                or not link
                or (since and any(_id_key(i) <= _id_key(since) for i in seen))
            ):
                break
            url, params = link.group(1), None
        recent = recent_ids(cursor.get("recent", []), seen, RECHECK, MAX_RECHECKS)
        for status_id, _ in recent:
            if status_id not in seen:
                yield http.get(f"{base}/api/v1/statuses/{status_id}")
        newest = max([*seen, *([since] if since else [])], key=_id_key, default=None)
        yield Cursor({"since_id": newest, "recent": recent})

    def read(self, raw: Path, context: CaptureContext) -> Iterator[Record]:
        host = urlsplit(context.name).hostname or "mastodon"
        source = Source.of("mastodon", context.account or host, name=host)
        yield source
        match = STATUS_URL.search(urlsplit(context.name).path)
        if context.status == 404:
            if match and not match.group(2):
                yield Tombstone(
                    post_id=make_post_id(source.key, match.group(1)),
                    deleted_at=context.fetched_at,
                    provenance=make_provenance(context, self.kind, self.version, context.name),
                )
            return
        try:
            body = load_json(raw.read_bytes(), "response")
            if match and match.group(2):
                yield from self._history(body, match.group(1), source, context)
            else:
                statuses = body if isinstance(body, list) else [body]
                for index, status in enumerate(statuses):
                    yield from self._status(status, source, context, f"{context.name}#{index}")
        except RecordError as exc:
            yield Quarantined(
                context.name, str(exc), raw.read_bytes()[:500].decode("utf-8", "replace")
            )

    def _status(self, status, source: Source, context, locator: str) -> Iterator[Record]:
        try:
            if not isinstance(status, dict):
                raise RecordError("status is not an object")
            if isinstance(status.get("reblog"), dict):
                yield from self._status(status["reblog"], source, context, f"{locator}.reblog")
            yield self._post(status, source, context, locator)
        except (RecordError, ValueError, KeyError, TypeError) as exc:
            yield Quarantined(locator, str(exc).splitlines()[0], str(status)[:500])

    def _post(self, status: dict, source: Source, context, locator: str) -> Post:
        status_id = status["id"]
        if not isinstance(status_id, str) or not status_id:
            raise RecordError("status id is not a string")
        account = status.get("account") or {}
        reblog = status.get("reblog")
        counts = (status.get(k) for k in ("favourites_count", "replies_count", "reblogs_count"))
        likes, replies, shares = (c if isinstance(c, int) else None for c in counts)
        return Post(
            post_id=make_post_id(source.key, status_id),
            source=source.key,
            native_id=status_id,
            url=web_url(status.get("url")) or web_url(status.get("uri")),
            reply_to_id=make_post_id(source.key, status["in_reply_to_id"])
            if status.get("in_reply_to_id")
            else None,
            quote_of_id=make_post_id(source.key, reblog["id"])
            if isinstance(reblog, dict)
            else None,
            author=self._person(account, source),
            created_at=parse_timestamp(status.get("created_at"), "created_at"),
            edited_at=parse_timestamp(status.get("edited_at"), "edited_at"),
            title=status.get("spoiler_text") or None,
            text=html_to_text(status.get("content")),
            html=status.get("content") or None,
            language=status.get("language"),
            hashtags=[
                t["name"] for t in status.get("tags") or [] if isinstance(t, dict) and t.get("name")
            ],
            mentions=[
                self._person(m, source) for m in status.get("mentions") or [] if isinstance(m, dict)
            ],
            attachments=[
                Attachment(
                    kind=m.get("type", "media"), ref=str(m.get("id")), url=web_url(m.get("url"))
                )
                for m in status.get("media_attachments") or []
                if isinstance(m, dict)
            ],
            engagement=Engagement(likes=likes, replies=replies, shares=shares),
            visibility=VISIBILITY.get(status.get("visibility"), Visibility.PUBLIC_EXTERNAL),
            provenance=make_provenance(context, self.kind, self.version, locator),
        )

    @staticmethod
    def _person(account: dict, source: Source) -> PersonRef:
        acct = account.get("acct") or account.get("username") or str(account.get("id", "?"))
        return PersonRef(
            id=f"{source.key}:user:{account.get('id', acct)}",
            name=account.get("display_name") or acct,
            handle=acct,
        )

    def _history(self, revisions, status_id: str, source: Source, context) -> Iterator[Record]:
        """Earlier revisions of a public status, oldest first; the current one comes from the
        timeline page that follows."""
        if not isinstance(revisions, list) or not revisions:
            raise RecordError("edit history is not a list of revisions")
        first = revisions[0]
        for index, revision in enumerate(revisions[:-1]):
            locator = f"{context.name}#{index}"
            try:
                yield Post(
                    post_id=make_post_id(source.key, status_id),
                    source=source.key,
                    native_id=status_id,
                    author=self._person(revision.get("account") or {}, source),
                    created_at=parse_timestamp(first.get("created_at"), "created_at"),
                    edited_at=parse_timestamp(revision.get("created_at"), "created_at")
                    if index
                    else None,
                    title=revision.get("spoiler_text") or None,
                    text=html_to_text(revision.get("content")),
                    html=revision.get("content") or None,
                    visibility=Visibility.PUBLIC_EXTERNAL,
                    provenance=make_provenance(context, self.kind, self.version, locator),
                )
            except (RecordError, ValueError, KeyError, TypeError, AttributeError) as exc:
                yield Quarantined(locator, str(exc).splitlines()[0], str(revision)[:500])
