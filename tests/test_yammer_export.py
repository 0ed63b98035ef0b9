"""The Yammer / Viva Engage export connector, on the sample organisation's real zip files."""

from datetime import UTC, datetime

import pytest

from pipeline.connectors import CaptureContext, Quarantined, get_connector
from pipeline.connectors.common import parse_timestamp
from pipeline.connectors.yammer_export import parse_attachments
from pipeline.exc import ConfigurationError
from pipeline.sample import build_organisation
from schemas import Person, Post, Source, Visibility


def read(path, account=None) -> list:
    context = CaptureContext(
        capture_run=1,
        name=path.name,
        fetched_at=datetime.now(UTC),
        raw_sha256="0" * 64,
        max_field_bytes=1_000_000,
        account=account,
    )
    return list(get_connector("yammer-export").read(path, context))


@pytest.fixture(scope="module")
def records(sample_exports):
    return read(sample_exports[0])


def test_the_network_becomes_the_source(records):
    assert records[0] == Source(
        key="yammer.nordlys", platform="yammer", account="nordlys", name="Nordlys Consulting"
    )


def test_people_and_posts_are_read_without_quarantine(records):
    org = build_organisation()
    people = [r for r in records if isinstance(r, Person)]
    posts = [r for r in records if isinstance(r, Post)]
    assert len(people) == len(org.members)
    assert len(posts) > 100
    assert not [r for r in records if isinstance(r, Quarantined)]


def test_visibility_follows_private_groups_and_conversations(records):
    posts = [r for r in records if isinstance(r, Post)]
    by_visibility = {v: [p for p in posts if p.visibility is v] for v in Visibility}
    assert all(
        p.group and p.group.name in ("Leadership team", "HR vertrouwelijk")
        for p in by_visibility[Visibility.PRIVATE_GROUP]
    )
    assert by_visibility[Visibility.PRIVATE_GROUP]
    assert by_visibility[Visibility.DIRECT_MESSAGE]
    assert all(p.group is None for p in by_visibility[Visibility.DIRECT_MESSAGE])


def test_replies_point_at_their_thread_and_parent(records):
    posts = {r.post_id: r for r in records if isinstance(r, Post)}
    replies = [p for p in posts.values() if p.reply_to_id]
    assert replies
    for reply in replies:
        assert reply.thread_id == reply.reply_to_id
        assert reply.reply_to_id.startswith("yammer.nordlys:")


def test_user_references_become_names_and_mentions(records):
    mentioning = [r for r in records if isinstance(r, Post) and r.mentions]
    assert mentioning
    for post in mentioning:
        assert "[[user:" not in post.text
        assert all(m.name in post.text for m in post.mentions)


def test_deleted_messages_carry_their_deletion_time(sample_exports):
    org = build_organisation()
    deleted = {str(m.id) for m in org.messages if m.deleted_at}
    posts = [r for r in read(sample_exports[1]) if isinstance(r, Post)]
    assert {p.native_id for p in posts if p.deleted_at} <= deleted
    assert any(p.deleted_at for p in posts)


def test_an_account_given_by_the_user_overrides_the_network(sample_exports):
    assert read(sample_exports[0], account="Other Network")[0].key == "yammer.other-network"


def test_provenance_points_at_the_row(records):
    post = next(r for r in records if isinstance(r, Post))
    assert post.provenance.raw_locator.startswith("Messages.csv#row=")
    assert post.provenance.connector == "yammer-export"


def test_attachments_and_dates_in_their_documented_forms():
    og = (
        "opengraphobject:[351561244736612 : https://www.eventbrite.ca : "
        'title="Q2 ""plan""" : description=""]'
    )
    uploaded, graph = parse_attachments(f"uploadedfile:137082854, {og}")
    assert (uploaded.kind, uploaded.ref) == ("uploadedfile", "137082854")
    assert (graph.url, graph.title) == ("https://www.eventbrite.ca", 'Q2 "plan"')
    assert parse_timestamp("2024/03/05 13:58:41 +0000", "created_at") == datetime(
        2024, 3, 5, 13, 58, 41, tzinfo=UTC
    )
    assert parse_timestamp("2024-03-05T13:58:41.000Z", "created_at") == datetime(
        2024, 3, 5, 13, 58, 41, tzinfo=UTC
    )


def test_unknown_kinds_are_named():
    with pytest.raises(
        ConfigurationError, match="unknown source kind 'myspace'; known kinds: yammer-api"
    ):
        get_connector("myspace")
