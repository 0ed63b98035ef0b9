"""The sample organisation outside its walls: the company blog (RSS), X (API pages and a
user archive), Mastodon, a staff member's LinkedIn export, the Facebook page, and the Yammer
REST API. Stories told internally reappear on the blog, X and LinkedIn with the same links,
so the archive can cross-link them.

``write_external(org, out_dir)`` writes the file sources; ``serve_external(org, server)``
puts the API and feed payloads on a ``ReplayServer``, including an edit and a deletion that a
second capture run sees.
"""

import csv
import io
import json
import zipfile
import zlib
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

from pipeline.sample.organisation import (
    BLOG,
    NETWORK,
    Message,
    Organisation,
    blog_stories,
    blog_url,
)
from pipeline.sample.replay import ReplayServer, Reply

COMPANY_X_ID = "2244994945"
PAGE_ID = "104857600000001"
X_FIRST_ID = 1_765_432_109_876_543_210


def _vacancies(org: Organisation) -> list[Message]:
    return [m for m in org.messages if m.kind == "vacancy" and m.replied_to_id is None][:3]


def _careers_url(message: Message) -> str:
    return next(
        (w for w in message.body.split() if "/careers/" in w), "https://www.nordlys.example/careers"
    )


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode()


# --- blog -------------------------------------------------------------------------------


def blog_feed(org: Organisation, edited: bool) -> bytes:
    items = []
    for i, story in enumerate(blog_stories(org)):
        published = story.created_at + timedelta(days=2)
        text = story.body + (
            " Update: the customer has since renewed." if edited and i == 0 else ""
        )
        items.append(
            f"<item><title>{escape(story.body[:60])}</title><link>{blog_url(story)}</link>"
            f'<guid isPermaLink="false">{BLOG}/?p={story.id % 10000}</guid>'
            f"<pubDate>{format_datetime(published)}</pubDate><author>{escape(story.sender.email)} ({escape(story.sender.name)})</author>"
            f"<category>stories</category><description>{escape(f'<p>{text}</p>')}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Nordlys Consulting blog</title><link>{BLOG}</link><description>Stories</description>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


# --- X ----------------------------------------------------------------------------------


def _tweets(org: Organisation) -> list[dict]:
    tweets, next_id = [], X_FIRST_ID
    company = {"id": COMPANY_X_ID, "name": NETWORK["name"], "username": "nordlys"}
    for story in blog_stories(org):
        next_id += 1_000_003
        link = f"https://t.co/{next_id % 10**10:010d}"
        tweets.append(
            {
                "id": str(next_id),
                "author": company,
                "created_at": story.created_at + timedelta(days=2, hours=1),
                "text": f"New on the blog: {story.body[:80]} {link}",
                "urls": [(link, blog_url(story))],
            }
        )
    for vacancy in _vacancies(org):
        next_id += 1_000_003
        staff = vacancy.sender
        link = f"https://t.co/{next_id % 10**10:010d}"
        tweets.append(
            {
                "id": str(next_id),
                "author": {
                    "id": str(staff.id),
                    "name": staff.name,
                    "username": staff.email.split("@")[0].replace(".", "_"),
                },
                "created_at": vacancy.created_at + timedelta(hours=3),
                "text": f"We're hiring in {staff.location}! #hiring {link}",
                "urls": [(link, _careers_url(vacancy))],
            }
        )
    next_id += 1_000_003
    tweets.append(
        {
            "id": str(next_id),
            "author": {"id": "998877665544", "name": "Jane Customer", "username": "janecustomer"},
            "created_at": org.start + timedelta(days=9),
            "text": "@nordlys your Fjell Portal has been down all morning, nobody answers the phone",
            "mentions": [("nordlys", COMPANY_X_ID)],
        }
    )
    return tweets


def _v2(tweet: dict, edit_ids: list[str] | None = None, text: str | None = None) -> dict:
    body = text or tweet["text"]
    urls = [
        {
            "start": body.find(short),
            "end": body.find(short) + len(short),
            "url": short,
            "expanded_url": full,
        }
        for short, full in tweet.get("urls", [])
    ]
    return {
        "id": tweet["id"],
        "text": body,
        "author_id": tweet["author"]["id"],
        "conversation_id": tweet["id"],
        "created_at": _iso(tweet["created_at"]),
        "lang": "en",
        "edit_history_tweet_ids": edit_ids or [tweet["id"]],
        "entities": {
            "urls": urls,
            "hashtags": [{"tag": "hiring"}] if "#hiring" in body else [],
            "mentions": [{"username": u, "id": i} for u, i in tweet.get("mentions", [])],
        },
        "public_metrics": {
            "retweet_count": 2,
            "reply_count": 1,
            "like_count": 9,
            "quote_count": 0,
            "impression_count": 400,
        },
    }


def x_search_pages(org: Organisation, edited: bool) -> list[dict]:
    """Day one: every tweet. Day two: the first one edited, the customer's complaint deleted."""
    tweets = _tweets(org)
    data = [_v2(t) for t in (tweets[:-1] if edited else tweets)]
    if edited:
        first = tweets[0]
        edit_id = str(int(first["id"]) + 7)
        data.append(
            _v2(
                {**first, "id": edit_id},
                [first["id"], edit_id],
                first["text"] + " (corrected link)",
            )
        )
    data.sort(key=lambda t: int(t["id"]), reverse=True)
    users = list({t["author"]["id"]: t["author"] for t in tweets}.values())
    half = len(data) // 2
    return [
        {
            "data": data[:half],
            "includes": {"users": users},
            "meta": {
                "newest_id": data[0]["id"],
                "oldest_id": data[half - 1]["id"],
                "result_count": half,
                "next_token": "page2",
            },
        },
        {
            "data": data[half:],
            "includes": {"users": users},
            "meta": {
                "newest_id": data[half]["id"],
                "oldest_id": data[-1]["id"],
                "result_count": len(data) - half,
            },
        },
    ]


def x_archive_zip(org: Organisation) -> bytes:
    tweets = [t for t in _tweets(org) if t["author"]["id"] == COMPANY_X_ID]

    def legacy(tweet: dict) -> dict:
        return {
            "tweet": {
                "id": tweet["id"],
                "id_str": tweet["id"],
                "full_text": tweet["text"],
                "lang": "en",
                "created_at": tweet["created_at"].strftime("%a %b %d %H:%M:%S +0000 %Y"),
                "favorite_count": "9",
                "retweet_count": "2",
                "edit_info": {
                    "initial": {
                        "editTweetIds": [tweet["id"]],
                        "editsRemaining": "5",
                        "isEditEligible": True,
                    }
                },
                "entities": {
                    "hashtags": [],
                    "user_mentions": [],
                    "urls": [
                        {"url": s, "expanded_url": f, "display_url": f[8:40], "indices": ["0", "1"]}
                        for s, f in tweet.get("urls", [])
                    ],
                },
            }
        }

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        account = [
            {
                "account": {
                    "accountId": COMPANY_X_ID,
                    "username": "nordlys",
                    "accountDisplayName": NETWORK["name"],
                    "createdAt": "2013-12-14T04:35:55.000Z",
                }
            }
        ]
        archive.writestr(
            "data/account.js", "window.YTD.account.part0 = " + json.dumps(account, indent=1)
        )
        archive.writestr(
            "data/tweets.js",
            "window.YTD.tweets.part0 = " + json.dumps([legacy(t) for t in tweets[:-1]], indent=1),
        )
        archive.writestr(
            "data/deleted-tweets.js",
            "window.YTD.deleted_tweets.part0 = " + json.dumps([legacy(tweets[-1])], indent=1),
        )
    return buffer.getvalue()


# --- Mastodon ---------------------------------------------------------------------------


def _status(
    status_id: str, author: str, text: str, created: datetime, edited: datetime | None = None
) -> dict:
    return {
        "id": status_id,
        "created_at": _iso(created),
        "edited_at": _iso(edited) if edited else None,
        "in_reply_to_id": None,
        "visibility": "public",
        "language": "en",
        "sensitive": False,
        "spoiler_text": "",
        "url": f"https://mastodon.example/@{author}/{status_id}",
        "replies_count": 0,
        "reblogs_count": 1,
        "favourites_count": 3,
        "content": f'<p>{escape(text)} <a href="https://mastodon.example/tags/nordlys" class="mention hashtag">#<span>nordlys</span></a></p>',
        "reblog": None,
        "account": {
            "id": str(zlib.crc32(author.encode())),
            "username": author,
            "acct": author,
            "display_name": author.title(),
        },
        "mentions": [],
        "tags": [{"name": "nordlys", "url": "https://mastodon.example/tags/nordlys"}],
        "media_attachments": [],
    }


def mastodon_statuses(org: Organisation, edited: bool) -> list[dict]:
    stories = blog_stories(org)
    base = org.start + timedelta(days=3)
    first_text = f"Nice write-up from Nordlys: {blog_url(stories[0])}"
    statuses = [
        _status(
            "112233445566778801",
            "kari",
            first_text + (" Worth a read." if edited else ""),
            base,
            base + timedelta(hours=2) if edited else None,
        ),
        _status(
            "112233445566778802",
            "ola",
            "Anyone else at the Nordlys meetup in Oslo tonight?",
            base + timedelta(hours=1),
        ),
        _status(
            "112233445566778803",
            "troll",
            "Nordlys is the worst, total scam, avoid",
            base + timedelta(hours=3),
        ),
    ]
    return sorted(statuses, key=lambda s: s["id"], reverse=True)


def mastodon_history(org: Organisation) -> list[dict]:
    current = mastodon_statuses(org, edited=True)[-1]
    original = mastodon_statuses(org, edited=False)[-1]
    return [
        {
            "content": s["content"],
            "spoiler_text": "",
            "sensitive": False,
            "created_at": s["edited_at"] or s["created_at"],
            "account": s["account"],
            "media_attachments": [],
            "emojis": [],
        }
        for s in (original, current)
    ]


# --- LinkedIn, Facebook, Yammer API ---------------------------------------------------------


def linkedin_zip(org: Organisation) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["Date", "ShareLink", "ShareCommentary", "SharedUrl", "MediaUrl", "Visibility"])
    for i, vacancy in enumerate(_vacancies(org)):
        urn = f"urn%3Ali%3Ashare%3A71717171717171717{i:02d}"
        writer.writerow(
            [
                (vacancy.created_at + timedelta(hours=5)).strftime("%Y-%m-%d %H:%M:%S"),
                f"https://www.linkedin.com/feed/update/{urn}",
                f'My team is hiring!\n\nHave a look: "{vacancy.body[:50]}"',
                _careers_url(vacancy),
                "",
                "PUBLIC",
            ]
        )
    story = blog_stories(org)[0]
    writer.writerow(
        [
            (story.created_at + timedelta(days=2)).strftime("%Y-%m-%d %H:%M:%S"),
            "https://www.linkedin.com/feed/update/urn%3Ali%3AugcPost%3A7171800000000000001",
            "",
            blog_url(story),
            "",
            "MEMBER_NETWORK",
        ]
    )
    member = org.members[0]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Shares.csv", "\ufeff" + buffer.getvalue())
        first, last = member.name.split(" ", 1)
        archive.writestr(
            "Profile.csv", f"First Name,Last Name,Headline\r\n{first},{last},{member.job_title}\r\n"
        )
    return out.getvalue()


def facebook_pages(org: Organisation, edited: bool) -> list[dict]:
    posts = []
    for i, story in enumerate(blog_stories(org)):
        created = story.created_at + timedelta(days=2, hours=2)
        updated = created + timedelta(days=1) if edited and i == 1 else created
        posts.append(
            {
                "id": f"{PAGE_ID}_{922337203685477 + i}",
                "message": story.body + (" (photos added)" if updated != created else ""),
                "created_time": created.strftime("%Y-%m-%dT%H:%M:%S+0000"),
                "updated_time": updated.strftime("%Y-%m-%dT%H:%M:%S+0000"),
                "permalink_url": f"https://www.facebook.com/{PAGE_ID}/posts/{922337203685477 + i}",
                "from": {"id": PAGE_ID, "name": NETWORK["name"]},
                "shares": {"count": 3 + i},
                "attachments": {
                    "data": [{"type": "share", "url": blog_url(story), "title": "Read on our blog"}]
                },
            }
        )
    return [
        {"data": posts[:2], "paging": {"cursors": {"after": "QVFIUjVk"}, "next": None}},
        {"data": posts[2:], "paging": {}},
    ]


def _rest_time(moment: datetime) -> str:
    return moment.strftime("%Y/%m/%d %H:%M:%S +0000")


def yammer_pages(org: Organisation, count: int = 30) -> list[dict]:
    messages = [m for m in org.messages if not m.private_conversation][:count]
    rest = [
        {
            "id": m.id,
            "sender_id": m.sender.id,
            "sender_type": "user",
            "replied_to_id": m.replied_to_id,
            "thread_id": m.thread_id,
            "group_id": m.group.id if m.group else None,
            "network_id": int(NETWORK["id"]),
            "created_at": _rest_time(m.created_at),
            "message_type": "update",
            "privacy": "private" if m.group and m.group.private else "public",
            "direct_message": False,
            "body": {
                "parsed": m.original_body or m.body,
                "plain": m.original_body or m.body,
                "rich": f"<p>{escape(m.original_body or m.body)}</p>",
            },
            "liked_by": {"count": m.id % 5, "names": []},
            "attachments": [],
            "url": f"https://www.yammer.com/api/v1/messages/{m.id}",
            "web_url": f"https://www.yammer.com/{NETWORK['permalink']}/messages/{m.id}",
        }
        for m in sorted(messages, key=lambda m: m.id, reverse=True)
    ]
    references = [
        {
            "type": "user",
            "id": p.id,
            "full_name": p.name,
            "email": p.email,
            "job_title": p.job_title,
            "state": "active",
        }
        for p in org.members
    ]
    references += [
        {
            "type": "group",
            "id": g.id,
            "full_name": g.name,
            "privacy": "private" if g.private else "public",
        }
        for g in org.groups
    ]
    half = len(rest) // 2
    return [
        {"messages": rest[:half], "references": references, "meta": {"older_available": True}},
        {"messages": rest[half:], "references": references, "meta": {"older_available": False}},
    ]


# --- putting it on the replay server -------------------------------------------------------


def write_external(org: Organisation, out_dir: Path) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {
        "x-archive": out_dir / "twitter-2024-03-20-nordlys.zip",
        "linkedin-export": out_dir / "linkedin-export.zip",
        "rss": out_dir / "blog-feed.xml",
    }
    files["x-archive"].write_bytes(x_archive_zip(org))
    files["linkedin-export"].write_bytes(linkedin_zip(org))
    files["rss"].write_bytes(blog_feed(org, edited=False))
    return files


def serve_external(
    org: Organisation, server: ReplayServer, *, edited: bool = False
) -> dict[str, str]:
    """Register every platform's endpoints; ``edited=True`` plays the second day (an edit on
    each platform, a deleted tweet and Mastodon status). Returns the capture target per kind."""
    targets = {
        "rss": f"{server.url}/blog/feed.xml",
        "x-api": f"{server.url}/2/tweets/search/recent?query=nordlys",
        "mastodon": f"{server.url}/api/v1/timelines/tag/nordlys",
        "facebook-page": f"{server.url}/v19.0/{PAGE_ID}/published_posts",
        "yammer-api": f"{server.url}/api/v1/messages.json",
    }
    server.add(
        "/blog/feed.xml",
        Reply(
            200,
            blog_feed(org, edited),
            {"Content-Type": "application/rss+xml", "ETag": f'"blog-{int(edited)}"'},
        ),
    )
    first, second = x_search_pages(org, edited)
    server.add("/2/tweets/search/recent", Reply(200, _json(first)))
    server.add("/2/tweets/search/recent", Reply(200, _json(second)), when={"next_token": "page2"})
    deleted = [t for t in _tweets(org)][-1]["id"]
    server.add(
        "/2/tweets",
        Reply(
            200,
            _json(
                {
                    "errors": [
                        {
                            "resource_id": deleted,
                            "type": "https://api.twitter.com/2/problems/resource-not-found",
                            "title": "Not Found Error",
                        }
                    ]
                }
            ),
        ),
    )
    statuses = mastodon_statuses(org, edited)
    if edited:
        statuses = [s for s in statuses if s["id"] != "112233445566778803"]
        server.add(
            "/api/v1/statuses/112233445566778801/history", Reply(200, _json(mastodon_history(org)))
        )
    server.add("/api/v1/timelines/tag/nordlys", Reply(200, _json(statuses)))
    fb_first, fb_second = facebook_pages(org, edited)
    fb_first["paging"]["next"] = f"{targets['facebook-page']}?after=QVFIUjVk"
    server.add(f"/v19.0/{PAGE_ID}/published_posts", Reply(200, _json(fb_first)))
    server.add(
        f"/v19.0/{PAGE_ID}/published_posts",
        Reply(200, _json(fb_second)),
        when={"after": "QVFIUjVk"},
    )
    y_first, y_second = yammer_pages(org)
    server.add("/api/v1/messages.json", Reply(200, _json(y_first)))
    server.add(
        "/api/v1/messages.json",
        Reply(200, _json(y_second)),
        when={"older_than": str(min(m["id"] for m in y_first["messages"]))},
    )
    return targets
