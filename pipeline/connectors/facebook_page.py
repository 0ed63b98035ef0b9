"""Facebook Page posts over the Graph API, e.g.
``https://graph.facebook.com/v19.0/104857600000001/published_posts``.

Pages follow ``paging.next`` until it is absent (a page may be empty and still have one).
Graph cursors die when posts are deleted, so the cursor kept between runs is a time: each run
asks for posts since a week before the newest one seen, which re-reads recent posts and turns
a changed ``updated_time`` into a new version.
"""

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

from pipeline.connectors.base import CaptureContext, Cursor, Quarantined, Record
from pipeline.connectors.common import (
    PageTrail,
    RecordError,
    as_dict,
    as_list,
    load_json_item,
    make_provenance,
    parse_timestamp,
    peek_json,
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

FIELDS = (
    "id,message,story,created_time,updated_time,permalink_url,from,status_type,shares,attachments"
)
MAX_PAGES = 200
REREAD = timedelta(days=7)


class FacebookPage:
    kind = SourceKind.FACEBOOK_PAGE
    version = "1.0.0"
    media_type = "application/json"

    def fetch(
        self, target: str, cursor: dict, http: HttpClient
    ) -> Iterator[Path | Fetched | Cursor]:
        params = {"fields": FIELDS, "limit": 100}
        if cursor.get("since"):
            params["since"] = cursor["since"]
        url, newest = target, cursor.get("newest")
        trail = PageTrail()
        for _ in range(MAX_PAGES):
            if not trail.first_time(url, params):
                break
            page = http.get(url, params=params)
            yield page
            body = as_dict(peek_json(page))
            for post in as_list(body.get("data")):
                created = post.get("created_time") if isinstance(post, dict) else None
                if isinstance(created, str) and (newest is None or created > newest):
                    newest = created
            next_url = as_dict(body.get("paging")).get("next")
            if not isinstance(next_url, str):
                break
            url, params = next_url, None
        if newest:
            since = parse_timestamp(newest, "created_time") - REREAD
            yield Cursor({"newest": newest, "since": int(since.timestamp())})

    def read(self, raw: Path, context: CaptureContext) -> Iterator[Record]:
        body, bad = load_json_item(raw, context, dict)
        if bad:
            yield bad
            return
        for index, item in enumerate(as_list(body.get("data"))):
            locator = f"{context.name}#data={index}"
            try:
                page_id = str(item["id"]).split("_", 1)[0]
                sender = as_dict(item.get("from")).get("name", "")
                source = Source.of("facebook", context.account or page_id, name=sender)
                yield source
                yield self._post(item, source, context, locator)
            except (RecordError, ValueError, KeyError, TypeError, AttributeError) as exc:
                yield Quarantined(
                    locator, f"unreadable post: {exc}".splitlines()[0], str(item)[:500]
                )

    def _post(self, item: dict, source: Source, context, locator: str) -> Post:
        post_id = item["id"]
        if not isinstance(post_id, str) or "_" not in post_id:
            raise RecordError(f"post id {str(post_id)[:40]!r} is not page_post")
        created, updated = (
            parse_timestamp(item.get(k), k) for k in ("created_time", "updated_time")
        )
        sender = item.get("from") or {}
        attachments = (item.get("attachments") or {}).get("data") or []
        return Post(
            post_id=make_post_id(source.key, post_id),
            source=source.key,
            native_id=post_id,
            url=web_url(item.get("permalink_url")),
            author=PersonRef(id=f"{source.key}:user:{sender['id']}", name=sender.get("name", ""))
            if sender.get("id")
            else None,
            created_at=created,
            edited_at=updated if created and updated and updated > created else None,
            text=item.get("message") or item.get("story") or "",
            urls=[u for a in attachments if isinstance(a, dict) and (u := web_url(a.get("url")))],
            attachments=[
                Attachment(
                    kind=a.get("type", "attachment"),
                    url=web_url(a.get("url")),
                    title=a.get("title"),
                )
                for a in attachments
                if isinstance(a, dict)
            ],
            engagement=Engagement(shares=(item.get("shares") or {}).get("count")),
            visibility=Visibility.PUBLIC_EXTERNAL,
            provenance=make_provenance(context, self.kind, self.version, locator),
        )
