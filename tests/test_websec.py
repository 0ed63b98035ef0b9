"""What the security review of the web UI and the API found, each shown fixed over real HTTP on
127.0.0.1 against the real archive, index and NLP: feeds and Mastodon played by a replay
server, captured by the real connectors, served by a real uvicorn."""

import html
import json
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from pipeline.archive.db import get_engine
from pipeline.archive.raw import raw_path
from pipeline.connectors.http import HttpClient
from pipeline.legal import read_post
from pipeline.runs import ingest
from pipeline.sample.replay import ReplayServer, Reply
from schemas import IndexedPost
from search.client import get_client
from search.indexer import delete_posts, posts_alias
from search.web.pages import templates
from search.web.render import post_link
from tests.conftest import free_port
from tests.web_server import archive_of_its_own, served

PUBLISHED = datetime(2024, 3, 5, 10, 0, tzinfo=UTC)
AUTHOR = {"id": "9001", "username": "ingrid", "acct": "ingrid", "display_name": "Ingrid Solberg"}
OTHER = {"id": "9002", "username": "ola", "acct": "ola", "display_name": "Ola Nordmann"}
KARI = {"id": "9003", "username": "kari", "acct": "kari", "url": "https://mastodon.example/@kari"}


def feed(*items: tuple[str, str, str]) -> bytes:
    """An RSS 2.0 feed of (guid, link, text) items, all published on PUBLISHED."""
    entries = "".join(
        f"<item><title>{html.escape(text[:30])}</title><link>{html.escape(link)}</link>"
        f'<guid isPermaLink="false">{guid}</guid><pubDate>{format_datetime(PUBLISHED)}</pubDate>'
        f"<description>{html.escape(f'<p>{html.escape(text)}</p>')}</description></item>"
        for guid, link, text in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Blog</title>'
        f"<link>https://blog.example/</link><description>x</description>{entries}</channel></rss>"
    ).encode()


def status(status_id: str, account: dict, content: str, mentions=()) -> dict:
    return {
        "id": status_id,
        "created_at": PUBLISHED.isoformat().replace("+00:00", "Z"),
        "edited_at": None,
        "in_reply_to_id": None,
        "visibility": "public",
        "language": "en",
        "spoiler_text": "",
        "url": f"https://mastodon.example/@{account['acct']}/{status_id}",
        "content": content,
        "reblog": None,
        "account": account,
        "mentions": list(mentions),
        "tags": [{"name": "zebrafest"}],
        "media_attachments": [],
    }


STATUSES = [
    status(
        "112233445566770002",
        OTHER,
        "<p>Look: &lt;script&gt;x&lt;/script&gt; and &lt;em&gt; in a zebraquokka post "
        "#zebrafest</p>",
    ),
    status(
        "112233445566770001",
        AUTHOR,
        '<p>Great meetup in Oslo with <a href="https://mastodon.example/@kari" class="u-url '
        'mention">@<span>kari</span></a> #zebrafest</p>',
        [KARI],
    ),
]


@pytest.fixture(scope="module")
def replay():
    with ReplayServer() as server:
        yield server


@pytest.fixture(scope="module")
def site(session_settings, tmp_path_factory, replay):
    settings = archive_of_its_own(session_settings, tmp_path_factory.mktemp("websec"))
    with served(settings) as running:
        replay.add(
            "/feed.xml",
            Reply(
                200,
                feed(
                    ("xss-1", "javascript:alert(1)", "A story with a treacherous link holdwombat"),
                ),
                {"Content-Type": "application/rss+xml"},
            ),
        )
        replay.add(
            "/api/v1/timelines/tag/zebrafest",
            Reply(200, json.dumps(STATUSES).encode(), {"Content-Type": "application/json"}),
        )
        for kind, path in (("rss", "/feed.xml"), ("mastodon", "/api/v1/timelines/tag/zebrafest")):
            done = ingest(settings, kind, f"{replay.url}{path}", account="sec", http=quick())
            assert done.indexed >= 1, done
        yield running


def quick() -> HttpClient:
    return HttpClient(timeout=5, attempts=2, max_wait=1)


def api(site, role: str, path: str, **params) -> httpx.Response:
    return httpx.get(f"{site.url}{path}", params=params, headers=site.auth(role), timeout=120)


@contextmanager
def browser(site, role: str) -> Iterator[httpx.Client]:
    """A logged-in web client whose forms come from the site's own pages."""
    with httpx.Client(base_url=site.url, timeout=120, headers={"Origin": site.url}) as client:
        assert client.post("/login", data={"token": site.tokens[role]}).status_code == 303
        yield client


def hrefs(page: str) -> list[str]:
    return [html.unescape(h).strip() for h in re.findall(r'href="([^"]*)"', page)]


FEED_POST = "web.sec:xss-1"
AUTHORS_POST = "mastodon.sec:112233445566770001"
SCRIPT_POST = "mastodon.sec:112233445566770002"


# --- 1. links from outside ------------------------------------------------------------------


def test_a_javascript_link_from_a_feed_is_archived_but_never_becomes_a_link(site):
    record = api(site, "legal", f"/api/posts/{FEED_POST}").json()
    post = record["post"]
    assert post["url"] is None and post["urls"] == []
    raw = raw_path(site.settings.raw_dir, post["provenance"]["raw_sha256"]).read_bytes()
    assert b"javascript:alert(1)" in raw  # what the source sent is kept
    with browser(site, "analyst") as web:
        page = web.get(post_link(FEED_POST))
    assert page.status_code == 200 and "holdwombat" in page.text
    assert not [h for h in hrefs(page.text) if not h.startswith(("/", "http://", "https://"))]


def test_a_post_archived_with_a_script_url_shows_it_as_text(site):
    """A post captured before connectors kept only web links still carries its javascript:
    URL; the post page shows it, but not as a link."""
    record = read_post(site.settings, FEED_POST, "analyst")
    poisoned = IndexedPost.model_validate(
        {**record.post.model_dump(), "url": "JaVaScRiPt:alert(document.cookie)"}
    )
    page = templates.get_template("post.html").render(
        who=None, legal=False, record=type(record)(FEED_POST, poisoned, []), related=[]
    )
    assert "alert(document.cookie)" in page
    assert not [h for h in hrefs(page) if "script:" in h.lower()]


# --- 2. highlights ----------------------------------------------------------------------------


def test_highlights_are_escaped_text_with_only_em_marks(site):
    found = api(site, "analyst", "/api/search", q="zebraquokka").json()
    fragments = [f for hit in found["hits"] for f in hit["highlights"]]
    assert fragments, found
    for fragment in fragments:
        assert "<em>zebraquokka</em>" in fragment
        assert "&lt;script&gt;x&lt;/script&gt;" in fragment and "&lt;em&gt;" in fragment
        assert "<" not in re.sub(r"</?em>", "", fragment)
    with browser(site, "analyst") as web:
        page = web.get("/search", params={"q": "zebraquokka"}).text
    snippet = re.search(r'<p class="snippet">(.*?)</p>', page, re.S).group(1)
    assert "<mark>zebraquokka</mark>" in snippet
    assert "&lt;script&gt;x&lt;/script&gt;" in snippet and "&lt;em&gt;" in snippet
    assert "<script" not in snippet and "&amp;lt;" not in snippet
    assert snippet.count("<mark>") == 1  # the post's own "<em>" is text, not a mark


# --- 3. pseudonyms ----------------------------------------------------------------------------


def test_recruitment_reads_nothing_that_names_or_links_to_the_author(site):
    shown = api(site, "analyst", f"/api/posts/{AUTHORS_POST}").json()["post"]
    assert "@ingrid" in shown["url"] and shown["author"]["handle"] == "ingrid"  # the real thing
    record = api(site, "recruitment", f"/api/posts/{AUTHORS_POST}")
    assert record.status_code == 200, record.text
    post = record.json()["post"]
    assert post["author"]["name"].startswith("person-") and post["author"]["handle"] is None
    assert post["url"] is None and post["html"] is None
    assert [m["handle"] for m in post["mentions"]] == [None]
    assert post["provenance"]["raw_locator"] == "withheld"
    found = api(site, "recruitment", "/api/search", q="zebrafest").json()
    related = api(site, "recruitment", f"/api/posts/{SCRIPT_POST}/related").json()
    assert AUTHORS_POST in {h["post_id"] for g in related for h in g["hits"]}
    entity = api(site, "recruitment", "/api/entities/Oslo").json()
    assert entity["total"] >= 1
    with browser(site, "recruitment") as web:
        page = web.get(post_link(AUTHORS_POST)).text
    for read in (record.text, json.dumps(found), json.dumps(related), json.dumps(entity), page):
        assert "ingrid" not in read.lower() and "solberg" not in read.lower()


# --- 4. check, then read: the same version --------------------------------------------------


def test_a_post_is_returned_as_the_version_its_visibility_was_judged_on(site, replay):
    """A new version archived while a post is being read does not slip into the read: the
    post returned is the version judged, from the same transaction."""
    path = f"/race-{uuid.uuid4().hex[:6]}.xml"
    first = feed(("race-1", "https://blog.example/race", "The first words of a racing post"))
    second = feed(("race-1", "https://blog.example/race", "Completely other racing words now"))
    replay.add(path, Reply(200, first), Reply(200, second))
    target = f"{replay.url}{path}"
    ingest(site.settings, "rss", target, account="race", http=quick())
    engine = get_engine(site.settings)
    begun: list[int] = []

    def capture_meanwhile(connection):
        begun.append(1)
        if len(begun) == 2:  # a second transaction of the same read: archive a new version
            ingest(site.settings, "rss", target, account="race", http=quick())

    sa.event.listen(engine, "begin", capture_meanwhile)
    try:
        record = read_post(site.settings, "web.race:race-1", "analyst")
    finally:
        sa.event.remove(engine, "begin", capture_meanwhile)
    assert [v.version for v in record.versions] == [record.post.version]
    assert record.post.text == record.versions[-1].post.text


# --- 5. forms from elsewhere ------------------------------------------------------------------


def holds(site) -> list[dict]:
    return api(site, "legal", "/api/holds").json()


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Origin": "", "Referer": "http://evil.example/page"},
        {"Origin": "", "Referer": ""},
    ],
)
def test_a_hold_form_sent_from_elsewhere_is_refused_and_places_no_hold(site, headers):
    matter = f"Forged {uuid.uuid4().hex[:6]}"
    with browser(site, "legal") as web:
        for name in [k for k, v in headers.items() if not v and k in web.headers]:
            del web.headers[name]
        sent = {k: v for k, v in headers.items() if v}
        refused = web.post("/legal/holds", data={"matter": matter}, headers=sent)
        assert refused.status_code == 403 and "own pages" in refused.text
        assert web.post("/logout", headers=sent).status_code == 403
    assert matter not in {h["matter"] for h in holds(site)}


def test_the_login_cookie_follows_the_cookie_secure_setting(site):
    assert site.settings.cookie_secure  # the default: Secure
    with httpx.Client(base_url=site.url, timeout=120, headers={"Origin": site.url}) as web:
        cookie = web.post("/login", data={"token": site.tokens["legal"]}).headers["set-cookie"]
    assert "secure" not in cookie.lower()  # served() turns it off for plain http


# --- 6. errors --------------------------------------------------------------------------------


def test_what_the_search_engine_refuses_or_cannot_answer_is_a_502_in_plain_words(site):
    """An index the engine cannot sort (post_id as text: a broken mapping) makes it refuse
    every search, and a search engine nobody listens on cannot answer; neither message
    names the index, the field or the engine's own words."""
    prefix = f"{site.settings.index_prefix}broken{uuid.uuid4().hex[:4]}-"
    alias = posts_alias(prefix)
    es = get_client(site.settings)
    es.indices.create(
        index=f"{alias}-1",
        mappings={"properties": {"post_id": {"type": "text"}, "text": {"type": "text"}}},
        aliases={alias: {}},
    )
    es.index(index=f"{alias}-1", document={"post_id": "x:1", "text": "vacature"}, refresh=True)
    down = f"http://127.0.0.1:{free_port()}"
    for settings, said in (
        (site.settings.model_copy(update={"index_prefix": prefix}), "refused the query"),
        (site.settings.model_copy(update={"elasticsearch_url": down}), "is unavailable"),
    ):
        with served(settings) as broken:
            for path in ("/api/search", "/api/entities/Oslo"):
                response = api(broken, "analyst", path, q="vacature")
                assert response.status_code == 502, response.text
                assert response.json() == {"error": f"the search engine {said}"}


def test_a_broken_tokens_file_is_a_500_that_does_not_name_it(site):
    tokens: Path = site.settings.api_tokens_path
    kept = tokens.read_bytes()
    try:
        tokens.write_text("[tokens.broken\n")
        for response in (
            api(site, "analyst", "/api/search", q="x"),
            httpx.post(f"{site.url}/login", data={"token": "x"}, headers={"Origin": site.url}),
        ):
            assert response.status_code == 500
            assert str(tokens) not in response.text and tokens.name not in response.text
            assert "cannot check tokens" in response.text
    finally:
        tokens.write_bytes(kept)
    assert api(site, "analyst", "/api/search", q="x").status_code == 200


def test_a_post_the_index_has_not_caught_up_with_still_has_its_page(site):
    delete_posts(get_client(site.settings), posts_alias(site.settings.index_prefix), [FEED_POST])
    with browser(site, "analyst") as web:
        page = web.get(post_link(FEED_POST))
    assert page.status_code == 200 and "holdwombat" in page.text
    assert "Related posts are not available yet" in page.text


# --- 7. a hold's until is inclusive -----------------------------------------------------------


def test_the_hold_forms_until_holds_the_whole_last_day(site):
    matter = f"Until {uuid.uuid4().hex[:6]}"
    day = PUBLISHED.date().isoformat()
    with browser(site, "legal") as web:
        form = web.get("/legal/holds").text
        assert "Until (inclusive)" in form
        placed = web.post(
            "/legal/holds",
            data={"matter": matter, "since": day, "until": day, "query": "holdwombat"},
        )
    assert placed.status_code == 303, placed.text
    hold = next(h for h in holds(site) if h["matter"] == matter)
    assert hold["posts"] == 1
    assert hold["until"].startswith("2024-03-06T00:00:00")


def test_a_person_the_directory_linked_keeps_the_link_only_as_a_pseudonym():
    from search.visibility import pseudonymise

    def pseudonym(person_id: str) -> str:
        return f"person-{len(person_id)}"

    document = {
        "author": {"id": "yammer.nordlys:user:7", "name": "Eva Bakker", "handle": "eva"},
        "enrichment": {
            "mentioned_people": ["yammer.nordlys:user:1"],
            "entities": [
                {"text": "Anna de Vries", "label": "PERSON", "id": "yammer.nordlys:user:1"},
                {"text": "Nordlys", "label": "ORG", "id": "org:nordlys"},
                {"text": "Oslo", "label": "PLACE", "id": None},
            ],
        },
    }
    entities = pseudonymise(document, pseudonym)["enrichment"]["entities"]
    assert [e["id"] for e in entities] == ["person-21", "org:nordlys", None]
    assert "yammer.nordlys:user:1" not in json.dumps(pseudonymise(document, pseudonym))
