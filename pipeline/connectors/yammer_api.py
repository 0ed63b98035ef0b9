"""Yammer / Viva Engage REST API v1: ``messages.json``, ``messages/in_group/ID.json`` or
``messages/in_thread/ID.json``, e.g. ``https://www.yammer.com/api/v1/messages/in_group/42.json``.

The first run pages back with ``older_than`` while ``meta.older_available``; later runs ask
only for messages ``newer_than`` the newest one seen. Messages seen in the last week are
re-checked one by one: a 404 means deleted and becomes a deletion version. Messages are keyed
by the network's permalink (from ``web_url``), so the API and the data export write one history.
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
    as_dict,
    as_list,
    load_json_item,
    make_provenance,
    parse_timestamp,
    peek_json,
    recent_ids,
)
from pipeline.connectors.http import Fetched, HttpClient
from pipeline.connectors.yammer_common import PLATFORM, render_references
from schemas import (
    Attachment,
    Engagement,
    GroupRef,
    Person,
    PersonRef,
    Post,
    Source,
    SourceKind,
    Visibility,
    make_post_id,
)

MESSAGE_URL = re.compile(r"/messages/(\d+)\.json$")
WEB_URL = re.compile(r"^https?://[^/]+/([^/]+)/")
MAX_PAGES = 500
RECHECK = timedelta(days=7)
MAX_RECHECKS = 200


def _ids(messages) -> list[int]:
    return [m["id"] for m in messages if isinstance(m, dict) and isinstance(m.get("id"), int)]


class YammerApi:
    kind = SourceKind.YAMMER_API
    version = "1.0.0"
    media_type = "application/json"

    def fetch(
        self, target: str, cursor: dict, http: HttpClient
    ) -> Iterator[Path | Fetched | Cursor]:
        newer_than = cursor.get("newer_than")
        params: dict = {"newer_than": newer_than} if newer_than else {}
        seen: dict[str, str] = {}
        trail = PageTrail()
        for _ in range(MAX_PAGES):
            if not trail.first_time(target, params):
                break
            page = http.get(target, params=params)
            yield page
            body = as_dict(peek_json(page))
            messages = as_list(body.get("messages"))
            seen.update(
                {
                    str(m["id"]): m.get("created_at") or ""
                    for m in messages
                    if isinstance(m, dict) and "id" in m
                }
            )
            ids = _ids(messages)
            if not ids or not as_dict(body.get("meta")).get("older_available"):
                break
            params = {**params, "older_than": min(ids)}
        base = target.split("/messages", 1)[0]
        recent = recent_ids(cursor.get("recent", []), seen, RECHECK, MAX_RECHECKS)
        for message_id, _ in recent:
            if message_id not in seen:
                yield http.get(f"{base}/messages/{message_id}.json")
        newest = max(
            (int(i) for i in [*seen, *([str(newer_than)] if newer_than else [])]), default=None
        )
        yield Cursor({"newer_than": newest, "recent": recent})

    def read(self, raw: Path, context: CaptureContext) -> Iterator[Record]:
        if context.status == 404:
            yield from self._deleted(context)
            return
        body, bad = load_json_item(raw, context, dict)
        if bad:
            yield bad
            return
        messages = as_list(body.get("messages")) if "messages" in body else [body]
        references = {
            (r.get("type"), r.get("id")): r
            for r in as_list(body.get("references"))
            if isinstance(r, dict)
            and isinstance(r.get("id"), int)
            and isinstance(r.get("type"), str)
        }
        account = context.account or self._permalink(messages)
        source = Source.of(PLATFORM, account or "default")
        yield source
        yield from self._people(references, source)
        names = {
            str(r["id"]): str(r.get("full_name") or r.get("name") or "")
            for (t, _), r in references.items()
            if t == "user"
        }
        for index, message in enumerate(messages):
            locator = f"{context.name}#messages={index}"
            try:
                yield self._post(message, references, names, source, context, locator)
            except (RecordError, ValueError, KeyError, TypeError, AttributeError) as exc:
                yield Quarantined(
                    locator, f"unreadable message: {exc}".splitlines()[0], str(message)[:500]
                )

    @staticmethod
    def _permalink(messages) -> str | None:
        for message in messages:
            web_url = message.get("web_url") if isinstance(message, dict) else None
            match = WEB_URL.match(web_url) if isinstance(web_url, str) else None
            if match:
                return match.group(1)
        return None

    def _deleted(self, context) -> Iterator[Record]:
        match = MESSAGE_URL.search(urlsplit(context.name).path)
        if not match or not context.account:
            return  # without the network we cannot name the post; the 404 stays on record
        source = Source.of(PLATFORM, context.account)
        yield source
        yield Tombstone(
            post_id=make_post_id(source.key, match.group(1)),
            deleted_at=context.fetched_at,
            provenance=make_provenance(context, self.kind, self.version, context.name),
        )

    @staticmethod
    def _people(references: dict, source: Source) -> Iterator[Person | Quarantined]:
        for (kind, user_id), user in references.items():
            if kind != "user":
                continue
            try:
                yield Person(
                    id=Person.make_id(source.key, str(user_id)),
                    source=source.key,
                    native_id=str(user_id),
                    name=user.get("full_name") or user.get("name") or f"user {user_id}",
                    email=user.get("email"),
                    job_title=user.get("job_title"),
                    state=user.get("state"),
                    profile_url=user.get("web_url"),
                )
            except ValueError as exc:
                yield Quarantined(f"references:user:{user_id}", str(exc).splitlines()[0])

    def _post(
        self, message: dict, references: dict, names: dict, source: Source, context, locator: str
    ) -> Post:
        message_id = message["id"]
        if not isinstance(message_id, int):
            raise RecordError(f"message id {str(message_id)[:30]!r} is not a number")
        body = message.get("body") or {}
        text, mentions, topics = render_references(
            body.get("parsed") or body.get("plain") or "", names, source.key
        )
        group_id = message.get("group_id")
        group = references.get(("group", group_id), {})
        private_group = message.get("privacy") == "private" or group.get("privacy") == "private"
        visibility = (
            Visibility.DIRECT_MESSAGE
            if message.get("direct_message")
            else Visibility.PRIVATE_GROUP
            if private_group and group_id
            else Visibility.COMPANY_INTERNAL
        )
        sender = str(message.get("sender_id", ""))

        def ref(value) -> str | None:
            return make_post_id(source.key, str(value)) if value else None

        return Post(
            post_id=make_post_id(source.key, str(message_id)),
            source=source.key,
            native_id=str(message_id),
            url=message.get("url"),
            thread_id=ref(message.get("thread_id")),
            reply_to_id=ref(message.get("replied_to_id")),
            author=PersonRef(
                id=Person.make_id(source.key, sender), name=names.get(sender, f"user {sender}")
            )
            if sender
            else None,
            group=GroupRef(
                id=f"{source.key}:group:{group_id}",
                name=group.get("full_name") or group.get("name") or "",
                private=visibility is Visibility.PRIVATE_GROUP,
            )
            if group_id
            else None,
            created_at=parse_timestamp(message.get("created_at"), "created_at"),
            title=message.get("title") or None,
            text=text,
            html=body.get("rich") or None,
            hashtags=topics,
            mentions=mentions,
            attachments=[
                Attachment(
                    kind=a.get("type", "file"),
                    ref=str(a.get("id")),
                    url=a.get("web_url"),
                    title=a.get("name"),
                )
                for a in message.get("attachments") or []
                if isinstance(a, dict)
            ],
            engagement=Engagement(likes=(message.get("liked_by") or {}).get("count")),
            visibility=visibility,
            provenance=make_provenance(context, self.kind, self.version, locator),
        )
