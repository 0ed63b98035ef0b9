"""Every source kind, captured over real HTTP on 127.0.0.1 or from real files, archived in the
real PostgreSQL and indexed: the sample organisation as the outside world sees it."""

import pytest

from pipeline.archive.db import transaction
from pipeline.archive.queries import post_history
from pipeline.connectors.http import HttpClient
from pipeline.connectors.yammer_api import YammerApi
from pipeline.runs import ingest
from pipeline.sample import build_organisation
from pipeline.sample.external import (
    COMPANY_X_ID,
    PAGE_ID,
    serve_external,
    write_external,
    yammer_pages,
)
from pipeline.sample.replay import ReplayServer

ORG = build_organisation()


@pytest.fixture
def replay():
    with ReplayServer() as server:
        yield server


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return write_external(ORG, tmp_path_factory.mktemp("external"))


def history(settings, post_id):
    with transaction(settings) as session:
        return post_history(session, post_id)


def quick() -> HttpClient:
    return HttpClient(timeout=5, attempts=4, max_wait=3)


def test_blog_feed_over_http_with_conditional_get_and_an_edited_entry(settings, replay, account):
    target = serve_external(ORG, replay)["rss"]
    first = ingest(settings, "rss", target, account=account, http=quick())
    assert (first.new, first.quarantined, first.indexed) == (3, 0, 3)
    again = ingest(settings, "rss", target, account=account, http=quick())
    assert (again.fetched, again.new) == (0, 0)  # 304 Not Modified: nothing to read
    assert replay.requests[-1][2].get("If-None-Match") == '"blog-0"'
    replay.routes.clear()
    serve_external(ORG, replay, edited=True)
    day_two = ingest(settings, "rss", target, account=account, http=quick())
    assert (day_two.changed, day_two.unchanged) == (1, 2)


def test_x_search_pages_edit_chains_and_deletions(settings, replay, account):
    target = serve_external(ORG, replay)["x-api"]
    first = ingest(settings, "x-api", target, account=account, http=quick())
    assert first.new == 7 and first.quarantined == 0
    assert replay.served("/2/tweets/search/recent") == 2  # followed next_token
    replay.routes.clear()
    serve_external(ORG, replay, edited=True)
    second = ingest(settings, "x-api", target, account=account, http=quick())
    assert second.changed == 2  # the edit, and the complaint that is now gone
    since = [q for p, q, _ in replay.requests if p == "/2/tweets/search/recent"][-1]
    assert since["since_id"]
    edited = history(settings, f"x.{account}:{1765432109876543210 + 1_000_003}")
    assert [bool(v.post.edited_at) for v in edited] == [False, True]
    assert edited[1].post.text.endswith("(corrected link)")
    complaint = [
        v for v in history(settings, f"x.{account}:" + str(1765432109876543210 + 7 * 1_000_003))
    ]
    assert [v.post.deleted_at is not None for v in complaint] == [False, True]


def test_mastodon_link_paging_history_and_404_deletion(settings, replay, account):
    target = serve_external(ORG, replay)["mastodon"]
    first = ingest(settings, "mastodon", target, account=account, http=quick())
    assert first.new == 3
    replay.routes.clear()
    serve_external(ORG, replay, edited=True)
    second = ingest(settings, "mastodon", target, account=account, http=quick())
    assert second.changed == 2  # the edited status, and the troll's deleted one
    edited = history(settings, f"mastodon.{account}:112233445566778801")
    assert [v.post.text.endswith("Worth a read. #nordlys") for v in edited] == [False, True]
    deleted = history(settings, f"mastodon.{account}:112233445566778803")
    assert deleted[-1].post.deleted_at is not None


def test_mastodon_status_first_seen_edited_gets_its_earlier_revision(settings, replay, account):
    target = serve_external(ORG, replay, edited=True)["mastodon"]
    ingest(settings, "mastodon", target, account=account, http=quick())
    versions = history(settings, f"mastodon.{account}:112233445566778801")
    assert len(versions) == 2
    assert versions[0].post.edited_at is None and versions[1].post.edited_at is not None


def test_facebook_page_paging_and_an_updated_post(settings, replay, account):
    target = serve_external(ORG, replay)["facebook-page"]
    first = ingest(settings, "facebook-page", target, account=account, http=quick())
    assert first.new == 3
    replay.routes.clear()
    serve_external(ORG, replay, edited=True)
    second = ingest(settings, "facebook-page", target, account=account, http=quick())
    assert (second.changed, second.unchanged) == (1, 2)
    assert [q.get("since") for p, q, _ in replay.requests if p.endswith("published_posts")][-2]
    updated = history(settings, f"facebook.{account}:{PAGE_ID}_922337203685478")
    assert updated[-1].post.edited_at is not None


def test_yammer_api_pages_back_and_writes_the_same_posts_as_the_export(
    settings, replay, sample_exports, account
):
    # Without an account, the network comes from web_url, as the export's Networks.csv names it.
    assert YammerApi._permalink(yammer_pages(ORG)[0]["messages"]) == "nordlys"
    target = serve_external(ORG, replay)["yammer-api"]
    api = ingest(settings, "yammer-api", target, account=account, http=quick())
    assert api.new == 30 and api.quarantined == 0
    assert replay.served("/api/v1/messages.json") == 2  # paged back with older_than
    export = ingest(settings, "yammer-export", sample_exports[0], account=account)
    assert export.new < export.fetched  # the messages the API already brought are the same posts
    message = next(m for m in ORG.messages if not m.private_conversation)
    versions = history(settings, f"yammer.{account}:{message.id}")
    assert {v.post.provenance.connector for v in versions} <= {"yammer-api", "yammer-export"}
    assert versions[0].post.provenance.connector == "yammer-api"


def test_x_archive_shares_post_ids_with_the_api_and_marks_deleted_tweets(settings, files):
    summary = ingest(settings, "x-archive", files["x-archive"])
    assert summary.source == "x.x.com" and summary.quarantined == 0
    with transaction(settings) as session:
        from pipeline.archive.queries import archive_totals

        assert archive_totals(session)["posts"] > 0
    last = history(settings, f"x.x.com:{1765432109876543210 + 3 * 1_000_003}")
    assert last[-1].post.deleted_at is not None
    assert last[-1].post.author.id == f"x.x.com:user:{COMPANY_X_ID}"
    assert "https://www.nordlys.example/blog/" in last[-1].post.text  # t.co expanded
    again = ingest(settings, "x-archive", files["x-archive"])
    assert (again.new, again.changed) == (0, 0)  # the observed deletion is not observed anew


def test_linkedin_export_shares_with_visibility(settings, files):
    summary = ingest(settings, "linkedin-export", files["linkedin-export"])
    assert (summary.new, summary.quarantined) == (4, 0)
    member = ORG.members[0].name
    assert summary.source == "linkedin." + member.lower().replace(" ", "-")
    repost = history(settings, f"{summary.source}:urn:li:ugcPost:7171800000000000001")[0].post
    assert repost.visibility == "private_group" and repost.text == ""
    assert repost.urls[0].startswith("https://www.nordlys.example/blog/")
