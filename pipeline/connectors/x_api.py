"""X API v2: recent search or a user's timeline, e.g.
``https://api.x.com/2/tweets/search/recent?query=nordlys`` or
``https://api.x.com/2/users/2244994945/tweets``.

Pages follow ``meta.next_token`` (``pagination_token`` on timelines) from the previous run's
newest id (``since_id``). The ids of an edit chain (``edit_history_tweet_ids``) are versions
of one post. Posts seen in the last week are looked up again; the ones X reports as not found
become deletion versions.
"""

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from pipeline.connectors import x_common
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
from schemas import Engagement, Post, SourceKind, Visibility

FIELDS = {
    "max_results": 100,
    "tweet.fields": "created_at,author_id,conversation_id,in_reply_to_user_id,referenced_tweets,"
    "entities,public_metrics,lang,edit_history_tweet_ids,note_tweet",
    "expansions": "author_id,referenced_tweets.id,edit_history_tweet_ids",
    "user.fields": "name,username",
}
MAX_PAGES = 100
RECHECK = timedelta(days=7)
LOOKUP_BATCH = 100


class XApi:
    kind = SourceKind.X_API
    version = "1.0.0"
    media_type = "application/json"

    def fetch(
        self, target: str, cursor: dict, http: HttpClient
    ) -> Iterator[Path | Fetched | Cursor]:
        parts = urlsplit(target)
        base = f"{parts.scheme}://{parts.netloc}"
        token_name = "pagination_token" if "/users/" in parts.path else "next_token"
        params = {**{k: v[0] for k, v in parse_qs(parts.query).items()}, **FIELDS}
        if cursor.get("since_id"):
            params["since_id"] = cursor["since_id"]
        url = f"{base}{parts.path}"
        seen: dict[str, str] = {}
        newest = cursor.get("since_id")
        trail = PageTrail()
        for _ in range(MAX_PAGES):
            if not trail.first_time(url, params):
                break
            page = http.get(url, params=params)
            yield page
            body = as_dict(peek_json(page))
            for tweet in as_list(body.get("data")):
                if isinstance(tweet, dict) and isinstance(tweet.get("id"), str):
                    seen[tweet["id"]] = tweet.get("created_at") or ""
            meta = as_dict(body.get("meta"))
            if isinstance(meta.get("newest_id"), str):
                newest = max(filter(None, [newest, meta["newest_id"]]), key=lambda i: (len(i), i))
            if not meta.get("next_token"):
                break
            params = {**params, token_name: meta["next_token"]}
        recent = recent_ids(cursor.get("recent", []), seen, RECHECK, 1000)
        gone_check = [i for i, _ in recent if i not in seen]
        for start in range(0, len(gone_check), LOOKUP_BATCH):
            ids = ",".join(gone_check[start : start + LOOKUP_BATCH])
            lookup = {k: v for k, v in FIELDS.items() if k != "max_results"}
            yield http.get(f"{base}/2/tweets", params={"ids": ids, **lookup})
        yield Cursor({"since_id": newest, "recent": recent})

    def read(self, raw: Path, context: CaptureContext) -> Iterator[Record]:
        yield x_common.source_for(context.account)
        body, bad = load_json_item(raw, context, dict)
        if bad:
            yield bad
            return
        includes = as_dict(body.get("includes"))
        users = {
            u["id"]: u
            for u in as_list(includes.get("users"))
            if isinstance(u, dict) and isinstance(u.get("id"), str)
        }
        tweets = [("data", t) for t in as_list(body.get("data"))]
        tweets += [("includes.tweets", t) for t in as_list(includes.get("tweets"))]
        for index, (where, tweet) in enumerate(sorted(tweets, key=self._order)):
            locator = f"{context.name}#{where}"
            try:
                yield self._post(tweet, users, context, locator)
            except (RecordError, ValueError, KeyError, TypeError, AttributeError) as exc:
                yield Quarantined(
                    f"{locator}[{index}]",
                    f"unreadable post: {exc}".splitlines()[0],
                    str(tweet)[:500],
                )
        yield from self._not_found(as_list(body.get("errors")), context)

    @staticmethod
    def _order(item) -> tuple:
        tweet = item[1] if isinstance(item[1], dict) else {}
        tweet_id = tweet.get("id") if isinstance(tweet.get("id"), str) else ""
        return len(tweet_id), tweet_id

    def _not_found(self, errors, context) -> Iterator[Record]:
        key = x_common.source_for(context.account).key
        for error in errors:
            if isinstance(error, dict) and str(error.get("type", "")).endswith(
                "resource-not-found"
            ):
                tweet_id = error.get("resource_id") or error.get("value")
                if isinstance(tweet_id, str):
                    yield Tombstone(
                        post_id=x_common.post_id(key, tweet_id),
                        deleted_at=context.fetched_at,
                        provenance=make_provenance(context, self.kind, self.version, context.name),
                    )

    def _post(self, tweet: dict, users: dict, context, locator: str) -> Post:
        key = x_common.source_for(context.account).key
        tweet_id = tweet["id"]
        if not isinstance(tweet_id, str) or not tweet_id.isdigit():
            raise RecordError(f"post id {str(tweet_id)[:30]!r} is not a numeric string")
        root = x_common.chain_root(tweet.get("edit_history_tweet_ids")) or tweet_id
        entities = tweet.get("entities") or {}
        note = (tweet.get("note_tweet") or {}).get("text")
        text, urls = x_common.expand_links(
            note or tweet.get("text") or "", entities.get("urls") or []
        )
        references = {r["type"]: r["id"] for r in tweet.get("referenced_tweets") or []}
        quoted = references.get("quoted") or references.get("retweeted")
        author = users.get(tweet.get("author_id"), {})
        metrics = tweet.get("public_metrics") or {}
        created_at = parse_timestamp(tweet.get("created_at"), "created_at")
        return Post(
            post_id=x_common.post_id(key, root),
            source=key,
            native_id=root,
            url=f"https://x.com/i/web/status/{tweet_id}",
            thread_id=x_common.post_id(key, tweet["conversation_id"])
            if tweet.get("conversation_id")
            else None,
            reply_to_id=x_common.post_id(key, references["replied_to"])
            if "replied_to" in references
            else None,
            quote_of_id=x_common.post_id(key, quoted) if quoted else None,
            author=x_common.person(
                key, tweet["author_id"], author.get("name", ""), author.get("username")
            )
            if tweet.get("author_id")
            else None,
            created_at=created_at,
            edited_at=created_at if root != tweet_id else None,
            text=text,
            language=tweet.get("lang") if tweet.get("lang") not in (None, "und") else None,
            hashtags=[h["tag"] for h in entities.get("hashtags") or []],
            mentions=[
                x_common.person(key, m["id"], m.get("username", ""), m.get("username"))
                for m in entities.get("mentions") or []
                if m.get("id")
            ],
            urls=urls,
            engagement=Engagement(
                likes=metrics.get("like_count"),
                replies=metrics.get("reply_count"),
                shares=metrics.get("retweet_count"),
                quotes=metrics.get("quote_count"),
                views=metrics.get("impression_count"),
            ),
            visibility=Visibility.PUBLIC_EXTERNAL,
            provenance=make_provenance(context, self.kind, self.version, locator),
        )
