"""X (Twitter) user archive: the zip a user downloads (``data/tweets.js``, ``tweets-part*.js``,
``deleted-tweets.js``, ``account.js``).

The ``.js`` files are JavaScript assignments (``window.YTD.tweets.part0 = [...]``), read as
JSON after the ``=``, never evaluated. Tweets of one edit chain become versions of one post,
oldest first; deleted tweets become deletion versions.
"""

import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from pipeline.connectors import x_common
from pipeline.connectors.base import (
    CaptureContext,
    FileConnector,
    Quarantined,
    Record,
    Tombstone,
)
from pipeline.connectors.common import RecordError, make_provenance, parse_timestamp
from schemas import Engagement, Person, Post, SourceKind, Visibility

TWEET_FILES = re.compile(r"(^|/)data/(tweets?|tweets-part\d+)\.js$")
DELETED_FILES = re.compile(r"(^|/)data/deleted-tweets(-part\d+)?\.js$")
MAX_MEMBER_BYTES = 512 * 1024 * 1024


def read_ytd(archive: zipfile.ZipFile, member: str) -> list:
    info = archive.getinfo(member)
    if info.file_size > MAX_MEMBER_BYTES:
        raise RecordError(f"{member} expands to {info.file_size} bytes, over the limit")
    text = archive.read(member).decode("utf-8-sig")
    _, sep, body = text.partition("=")
    if not sep:
        raise RecordError(f"{member} is not a window.YTD assignment")
    try:
        items = json.loads(body.strip().rstrip(";"))
    except ValueError as exc:
        raise RecordError(f"{member} is not valid JSON after the assignment: {exc}") from None
    if not isinstance(items, list):
        raise RecordError(f"{member} does not hold a list")
    return items


def _int(value) -> int | None:
    return int(value) if isinstance(value, int | str) and str(value).isdigit() else None


class XArchive(FileConnector):
    kind = SourceKind.X_ARCHIVE
    version = "1.0.0"
    media_type = "application/zip"

    def read(self, raw: Path, context: CaptureContext) -> Iterator[Record]:
        try:
            archive = zipfile.ZipFile(raw)
        except zipfile.BadZipFile:
            yield Quarantined(context.name, "the file is not a zip archive")
            return
        with archive:
            tweets = [n for n in archive.namelist() if TWEET_FILES.search(n)]
            if not tweets:
                yield Quarantined(context.name, "the archive has no data/tweets.js")
                return
            yield x_common.source_for(context.account)
            owner = self._owner(archive, x_common.source_for(context.account).key)
            if owner:
                yield owner
            deleted = [n for n in archive.namelist() if DELETED_FILES.search(n)]
            yield from self._tweets(archive, tweets + deleted, set(deleted), owner, context)

    def _owner(self, archive: zipfile.ZipFile, key: str) -> Person | None:
        member = next((n for n in archive.namelist() if n.endswith("data/account.js")), None)
        try:
            account = read_ytd(archive, member)[0]["account"] if member else None
        except (RecordError, KeyError, IndexError, TypeError):
            return None
        if not isinstance(account, dict) or not account.get("accountId"):
            return None
        return Person(
            id=f"{key}:user:{account['accountId']}",
            source=key,
            native_id=str(account["accountId"]),
            name=account.get("accountDisplayName") or account.get("username") or "",
            handle=account.get("username"),
            joined_at=parse_timestamp(account.get("createdAt"), "createdAt"),
        )

    def _tweets(self, archive, members, deleted, owner, context) -> Iterator[Record]:
        entries = []
        for member in members:
            try:
                items = read_ytd(archive, member)
            except (RecordError, UnicodeDecodeError) as exc:
                yield Quarantined(member, str(exc))
                continue
            for index, item in enumerate(items):
                locator = f"{member.rsplit('/', 1)[-1]}#{index}"
                try:
                    entries.append(self._post(item, member in deleted, owner, context, locator))
                except (RecordError, ValueError, KeyError, TypeError, AttributeError) as exc:
                    yield Quarantined(
                        locator, f"unreadable tweet: {exc}".splitlines()[0], str(item)
                    )
        # Versions in order: each chain's tweets by id, oldest first; a later tweet of a chain
        # is an edit of the first, made when it was posted.
        entries.sort(key=lambda e: (e[0], len(e[1]), e[1]))
        first: dict[str, Post] = {}
        for root, tweet_id, post, observed_deleted in entries:
            original = first.setdefault(root, post)
            if tweet_id != root and post is not original:
                post = post.model_copy(
                    update={"created_at": original.created_at, "edited_at": post.created_at}
                )
            yield post
            if observed_deleted:
                yield Tombstone(post.post_id, context.fetched_at, post.provenance)

    def _post(self, item: dict, is_deleted: bool, owner, context, locator):
        key = x_common.source_for(context.account).key
        tweet = item.get("tweet") or item
        tweet_id = tweet["id_str"] if "id_str" in tweet else tweet["id"]
        if not isinstance(tweet_id, str) or not tweet_id.isdigit():
            raise RecordError(f"tweet id {str(tweet_id)[:30]!r} is not a number")
        edit = tweet.get("edit_info") or {}
        root = x_common.chain_root((edit.get("initial") or {}).get("editTweetIds"))
        root = root or (edit.get("edit") or {}).get("initialTweetId") or tweet_id
        entities = tweet.get("entities") or {}
        text, urls = x_common.expand_links(tweet.get("full_text") or "", entities.get("urls") or [])
        created_at = parse_timestamp(tweet.get("created_at"), "created_at")
        reply_to = tweet.get("in_reply_to_status_id_str")
        post = Post(
            post_id=x_common.post_id(key, root),
            source=key,
            native_id=root,
            url=f"https://x.com/i/web/status/{tweet_id}",
            reply_to_id=x_common.post_id(key, reply_to) if reply_to else None,
            author=x_common.person(key, owner.native_id, owner.name, owner.handle)
            if owner
            else None,
            created_at=created_at,
            deleted_at=parse_timestamp(tweet.get("deleted_at"), "deleted_at")
            if is_deleted
            else None,
            text=text,
            language=tweet.get("lang") if tweet.get("lang") not in (None, "und") else None,
            hashtags=[h["text"] for h in entities.get("hashtags") or []],
            mentions=[
                x_common.person(key, m["id_str"], m.get("name", ""), m.get("screen_name"))
                for m in entities.get("user_mentions") or []
            ],
            urls=urls,
            engagement=Engagement(
                likes=_int(tweet.get("favorite_count")), shares=_int(tweet.get("retweet_count"))
            ),
            visibility=Visibility.PUBLIC_EXTERNAL,
            provenance=make_provenance(context, self.kind, self.version, locator),
        )
        # Listed as deleted without a time: the deletion is what this capture observed.
        return root, tweet_id, post, is_deleted and post.deleted_at is None
