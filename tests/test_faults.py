"""Sources misbehave the way real platforms do; runs wait, retry, quarantine and resume."""

import json
import time

import pytest

from pipeline.archive.db import transaction
from pipeline.archive.models import CursorRow
from pipeline.archive.queries import recent_capture_runs
from pipeline.connectors.http import HttpClient, rate_limit_wait
from pipeline.exc import SourceError
from pipeline.runs import ingest
from pipeline.sample import build_organisation
from pipeline.sample.external import mastodon_statuses, serve_external, x_search_pages
from pipeline.sample.replay import ReplayServer, Reply

ORG = build_organisation()


@pytest.fixture
def replay():
    with ReplayServer() as server:
        yield server


def test_429_waits_as_long_as_the_reset_header_says(settings, replay, account):
    first, second = x_search_pages(ORG, edited=False)
    reset = str(int(time.time()) + 2)
    replay.add(
        "/2/tweets/search/recent",
        Reply(429, b'{"errors":[{"code":88}]}', {"x-rate-limit-reset": reset}),
        Reply(200, json.dumps(first).encode()),
    )
    replay.add(
        "/2/tweets/search/recent",
        Reply(200, json.dumps(second).encode()),
        when={"next_token": "page2"},
    )
    waits = []

    def sleep(seconds):
        waits.append(seconds)
        time.sleep(seconds)

    summary = ingest(
        settings,
        "x-api",
        f"{replay.url}/2/tweets/search/recent?query=nordlys",
        http=HttpClient(sleep=sleep),
    )
    assert (summary.fetched, summary.quarantined) == (7, 0)  # X ids are global: maybe not new
    assert len(waits) == 1 and 1.0 <= waits[0] <= 3.0


def test_server_errors_and_slow_answers_are_retried(settings, replay, account):
    body = json.dumps(mastodon_statuses(ORG, edited=False)).encode()
    replay.add(
        "/api/v1/timelines/tag/nordlys",
        Reply(500),
        Reply(503),
        Reply(200, body, delay=2.0),
        Reply(200, body),
    )
    client = HttpClient(timeout=0.5, attempts=5, sleep=lambda s: None)
    summary = ingest(
        settings,
        "mastodon",
        f"{replay.url}/api/v1/timelines/tag/nordlys",
        account=account,
        http=client,
    )
    assert summary.new == 3
    assert replay.served("/api/v1/timelines/tag/nordlys") == 4


def test_a_connection_broken_mid_body_is_retried(settings, replay, account):
    body = json.dumps(mastodon_statuses(ORG, edited=False)).encode()
    broken = Reply(200, body[: len(body) // 2], {"Content-Length": str(len(body))})
    replay.add("/api/v1/timelines/tag/nordlys", broken, Reply(200, body))
    client = HttpClient(sleep=lambda s: None)
    target = f"{replay.url}/api/v1/timelines/tag/nordlys"
    summary = ingest(settings, "mastodon", target, account=account, http=client)
    assert (summary.new, summary.quarantined) == (3, 0)
    with transaction(settings) as session:
        assert (
            recent_capture_runs(session, 1)[0].counts["items"] == 1
        )  # the broken body is not kept


def test_an_oversized_body_is_quarantined_with_what_was_kept(settings, replay, account):
    body = json.dumps(mastodon_statuses(ORG, edited=False)).encode()
    replay.add("/api/v1/timelines/tag/nordlys", Reply(200, body))
    target = f"{replay.url}/api/v1/timelines/tag/nordlys"
    summary = ingest(
        settings, "mastodon", target, account=account, http=HttpClient(max_body_bytes=1000)
    )
    assert (summary.new, summary.quarantined) == (0, 1)
    assert "larger than 1000 bytes" in summary.reasons[0]


def test_a_source_that_keeps_failing_ends_the_run_and_keeps_its_cursor(settings, replay, account):
    target = serve_external(ORG, replay)["mastodon"]
    ingest(settings, "mastodon", target, account=account, http=HttpClient(sleep=lambda s: None))
    with transaction(settings) as session:
        before = session.get(CursorRow, ("mastodon", target)).state
    replay.routes.clear()
    replay.add("/api/v1/timelines/tag/nordlys", Reply(502, b"<html>Bad gateway</html>"))
    with pytest.raises(SourceError, match="kept failing after 3 attempts"):
        ingest(
            settings,
            "mastodon",
            target,
            account=account,
            http=HttpClient(attempts=3, sleep=lambda s: None),
        )
    with transaction(settings) as session:
        assert session.get(CursorRow, ("mastodon", target)).state == before
        assert recent_capture_runs(session, 1)[0].status == "failed"


def test_refused_credentials_are_one_clear_sentence(settings, replay):
    replay.add("/2/tweets/search/recent", Reply(401, b'{"title":"Unauthorized"}'))
    with pytest.raises(SourceError) as refused:
        ingest(
            settings, "x-api", f"{replay.url}/2/tweets/search/recent?query=x&access_token=s3cret"
        )
    assert "refused the credentials (401)" in str(refused.value)
    assert "s3cret" not in str(refused.value)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<html><body>Service temporarily unavailable</body></html>", "is not JSON"),
        (b'{"data": [{"id": "17", "text": "trunc', "is not JSON"),
        (b'\xff\xfe{"data": []}', "not valid UTF-8"),
    ],
)
def test_a_broken_body_with_status_200_is_quarantined(settings, replay, body, reason):
    replay.add("/2/tweets/search/recent", Reply(200, body))
    summary = ingest(settings, "x-api", f"{replay.url}/2/tweets/search/recent?query=x")
    assert summary.quarantined == 1 and summary.new == 0
    assert reason in summary.reasons[0]


def test_wrong_types_and_missing_fields_quarantine_the_record_not_the_page(
    settings, replay, account
):
    statuses = mastodon_statuses(ORG, edited=False)
    statuses[0]["id"] = 12345
    statuses[1]["created_at"] = "yesterday-ish"
    statuses.append("not a status")
    replay.add("/api/v1/timelines/tag/nordlys", Reply(200, json.dumps(statuses).encode()))
    summary = ingest(
        settings, "mastodon", f"{replay.url}/api/v1/timelines/tag/nordlys", account=account
    )
    assert (summary.new, summary.quarantined) == (1, 3)


def test_nul_bytes_and_lone_surrogates_are_stored_safely(settings, replay, account):
    statuses = mastodon_statuses(ORG, edited=False)
    statuses[0]["content"] = "<p>nul\u0000 and lone \ud800 surrogate</p>"
    replay.add("/api/v1/timelines/tag/nordlys", Reply(200, json.dumps(statuses).encode()))
    summary = ingest(
        settings, "mastodon", f"{replay.url}/api/v1/timelines/tag/nordlys", account=account
    )
    assert (summary.new, summary.quarantined) == (3, 0)


@pytest.mark.parametrize(
    "feed",
    [
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<rss><channel><item><title>&x;</title></item></channel></rss>",
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        b"<rss><channel><item><title>&c;</title></item></channel></rss>",
    ],
    ids=["external-entity", "entity-expansion"],
)
def test_feeds_declaring_entities_are_refused(settings, replay, feed, account):
    replay.add("/feed.xml", Reply(200, feed, {"Content-Type": "application/rss+xml"}))
    summary = ingest(settings, "rss", f"{replay.url}/feed.xml", account=account)
    assert summary.quarantined == 1 and summary.new == 0
    assert "declares XML entities" in summary.reasons[0]


def test_rate_limit_headers_in_every_platform_form():
    import httpx

    now = 1_700_000_000.0
    assert rate_limit_wait(httpx.Headers({"retry-after": "30"}), now) == 30
    assert rate_limit_wait(httpx.Headers({"x-rate-limit-reset": str(int(now) + 90)}), now) == 90
    assert (
        rate_limit_wait(httpx.Headers({"X-RateLimit-Reset": "2023-11-14T22:13:20.000Z"}), now) == 0
    )
    assert rate_limit_wait(httpx.Headers({"X-RateLimit-Reset": "2023-11-14T22:14:20Z"}), now) == 60
    assert rate_limit_wait(httpx.Headers({}), now) is None
