"""Cross-links and entity pages over the sample organisation, captured through the real path:
two Yammer exports, then the blog, X, Mastodon and Facebook over HTTP on 127.0.0.1 and a
LinkedIn export, into an archive and an index of this module's own."""

import json
import uuid
from collections import Counter

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from pipeline.archive.db import transaction
from pipeline.archive.models import AuditEvent
from pipeline.connectors.http import HttpClient
from pipeline.enrich.urls import normalise_url
from pipeline.exc import NotFound
from pipeline.runs import ingest
from pipeline.sample import build_organisation
from pipeline.sample.directory import write_directory
from pipeline.sample.external import _vacancies, serve_external, write_external
from pipeline.sample.organisation import blog_stories, blog_url
from pipeline.sample.replay import ReplayServer
from pipeline.services import database_urls
from search.client import get_client
from search.indexer import posts_alias
from search.related import entity_page, related_posts
from tests.conftest import run_cli, settings_env

ORG = build_organisation()
PRIVATE = {"private_group", "direct_message"}


@pytest.fixture(scope="module")
def archive(session_settings, sample_exports, tmp_path_factory):
    """The whole sample organisation with its directory, staff first (so that names in
    outside posts link to the staff members), in a database and index of this module's own."""
    app_url, admin_url = (make_url(u) for u in database_urls(session_settings))
    name = f"archivist_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    home = tmp_path_factory.mktemp("related")
    settings = session_settings.model_copy(
        update={
            "index_prefix": f"{session_settings.index_prefix}{uuid.uuid4().hex[:6]}-",
            "database_url": app_url.set(database=name).render_as_string(hide_password=False),
            "database_admin_url": admin_url.set(database=name).render_as_string(
                hide_password=False
            ),
            "checkpoint_dir": home / "checkpoints",
            "signing_key_file": home / "key.pem",
            "retention_file": home / "retention.toml",
            "directory_file": write_directory(home / "directory.toml"),
        }
    )
    for path in sample_exports:
        ingest(settings, "yammer-export", path)
    with ReplayServer() as server:
        targets = serve_external(ORG, server)
        for kind in ("rss", "x-api", "mastodon", "facebook-page"):
            ingest(settings, kind, targets[kind], http=HttpClient(timeout=5, attempts=4))
    files = write_external(ORG, home / "files")
    ingest(settings, "linkedin-export", files["linkedin-export"])
    return settings


@pytest.fixture(scope="module")
def es(archive):
    return get_client(archive)


@pytest.fixture(scope="module")
def alias(archive):
    return posts_alias(archive.index_prefix)


def yammer_id(message) -> str:
    return f"yammer.nordlys:{message.id}"


def platform(post_id: str) -> str:
    return post_id.split(".", 1)[0]


def group(groups, label, reason=None):
    return next(
        (g for g in groups if g.label == label and (reason is None or g.reason == reason)), None
    )


def shown(message) -> bool:
    """Whether an analyst sees the message: not deleted, not a direct message."""
    return message.deleted_at is None and not message.private_conversation


def audit_actions(settings) -> Counter:
    with transaction(settings) as session:
        return Counter(session.scalars(sa.select(AuditEvent.action)))


def test_a_story_the_blog_and_the_tweets_are_linked_by_their_shared_url(es, alias):
    story = blog_stories(ORG)[0]
    key = normalise_url(blog_url(story))
    groups = related_posts(es, alias, yammer_id(story), "analyst")
    shared = group(groups, "link", f"shares the link {key}")
    assert shared, [g.reason for g in groups]
    assert {"web", "x", "facebook", "mastodon"} <= {platform(h.post_id) for h in shared.hits}
    blog = next(h for h in shared.hits if platform(h.post_id) == "web")
    back = group(related_posts(es, alias, blog.post_id, "analyst"), "link")
    assert back and back.reason == f"shares the link {key}"
    assert yammer_id(story) in {h.post_id for h in back.hits}
    assert blog.post_id not in {h.post_id for h in back.hits}


def test_replies_are_in_the_thread_group_and_no_post_is_in_two_groups(es, alias):
    story, reply = next(
        (s, r)
        for s in ORG.messages
        for r in ORG.messages
        if r.replied_to_id == s.id and shown(r) and shown(s) and not (s.group and s.group.private)
    )
    groups = related_posts(es, alias, yammer_id(story), "analyst")
    assert groups[0].label == "thread" and groups[0].reason == "same thread"
    assert yammer_id(reply) in {h.post_id for h in groups[0].hits}
    assert group(related_posts(es, alias, yammer_id(reply), "analyst"), "thread").hits[
        0
    ].post_id == yammer_id(story)
    every = [h.post_id for g in groups for h in g.hits]
    assert len(every) == len(set(every)) and yammer_id(story) not in every


def test_the_same_persons_posts_on_another_platform_are_identity_links(es, alias):
    staff, chatter = next(  # staff who tweet about their vacancy from an X account of their own
        (vacancy.sender, m)
        for vacancy in _vacancies(ORG)
        for m in ORG.messages
        if m.sender == vacancy.sender
        and m.kind != "vacancy"
        and shown(m)
        and not (m.group and m.group.private)
        and vacancy.sender.location not in m.body
        and "#" not in m.body  # nothing else in common with the tweet
    )
    groups = related_posts(es, alias, yammer_id(chatter), "analyst")
    on_x = group(groups, "identity", f"{staff.name} on X")
    assert on_x, [g.reason for g in groups]
    assert on_x.hits and all(
        platform(h.post_id) == "x" and h.author == staff.name for h in on_x.hits
    )
    others = [g for g in groups if g.label == "identity" and g is not on_x]
    assert all(staff.name in g.reason and "Yammer" not in g.reason for g in others)


def test_more_like_this_finds_a_near_duplicate(es, alias):
    first, twin = next(
        (a, b)
        for a in ORG.messages
        for b in ORG.messages
        if a.id < b.id
        and a.body == b.body
        and a.kind == b.kind == "chatter"
        and shown(a)
        and shown(b)
        and a.sender != b.sender
        and len(a.body.split()) > 4
    )
    similar = group(related_posts(es, alias, yammer_id(first), "analyst"), "similar")
    assert similar and similar.reason == "similar text"
    assert yammer_id(twin) in {h.post_id for h in similar.hits}
    assert similar.hits[0].text == first.body


def test_an_entity_page_for_a_staff_member_spans_internal_and_external_sources(es, alias):
    anna = ORG.members[0]  # her LinkedIn export is archived too
    page = entity_page(es, alias, anna.name.lower(), "analyst")
    assert (page.entity, page.label) == (anna.name, "PERSON")
    assert page.id == f"yammer.nordlys:user:{anna.id}"
    counts = dict(page.by_source)
    assert counts.get("yammer.nordlys", 0) > 0 and counts.get("linkedin.anna-de-vries") == 4
    assert page.total == sum(counts.values()) >= len(page.posts) > 0
    assert all(name.casefold() != anna.name.casefold() for name, _ in page.related_entities)
    product = entity_page(es, alias, "product:northstar", "analyst")
    assert (product.entity, product.label, product.id) == (
        "Northstar",
        "PRODUCT",
        "product:northstar",
    )
    assert product.total > 0 and all("northstar" in h.text.lower() for h in product.posts)


def test_pr_never_gets_a_private_group_post_through_any_group(es, alias):
    private_story = next(s for s in blog_stories(ORG) if s.group and s.group.private)
    key = normalise_url(blog_url(private_story))
    as_analyst = related_posts(es, alias, yammer_id(private_story), "analyst")
    outside = next(
        h.post_id for h in group(as_analyst, "link").hits if platform(h.post_id) == "web"
    )
    analyst_links = group(related_posts(es, alias, outside, "analyst"), "link")
    assert yammer_id(private_story) in {h.post_id for h in analyst_links.hits}  # it is linked
    as_pr = related_posts(es, alias, outside, "pr")
    assert group(as_pr, "link", f"shares the link {key}")  # the public posts still are
    for post_id in [outside, *(h.post_id for g in as_pr for h in g.hits)][:8]:
        for g in related_posts(es, alias, post_id, "pr"):
            assert not {h.visibility for h in g.hits} & PRIVATE, (post_id, g.reason)
            assert yammer_id(private_story) not in {h.post_id for h in g.hits}
    with pytest.raises(NotFound):
        related_posts(es, alias, yammer_id(private_story), "pr")
    page = entity_page(es, alias, private_story.sender.name, "pr")
    assert not {h.visibility for h in page.posts} & PRIVATE


def test_each_command_writes_one_audit_event_and_speaks_json(archive):
    env = settings_env(archive)
    story = blog_stories(ORG)[0]
    steps = [
        (("related", yammer_id(story), "--json"), "related"),
        (("entity", "Northstar", "--role", "pr", "--json"), "entity"),
        (("related", yammer_id(blog_stories(ORG)[1]), "--role", "pr"), "related"),
    ]
    outputs = []
    for args, action in steps:
        before = audit_actions(archive)
        done = run_cli(*args, env=env)
        outputs.append(done)
        assert audit_actions(archive) - before == Counter({action: 1}), args
    related, entity, hidden = outputs
    assert related.returncode == 0, related.stderr
    groups = json.loads(related.stdout)["groups"]
    assert "link" in [g["label"] for g in groups] and all(g["hits"] for g in groups)
    assert entity.returncode == 0, entity.stderr
    page = json.loads(entity.stdout)
    assert page["id"] == "product:northstar" and page["total"] == sum(
        n for _, n in page["by_source"]
    )
    assert hidden.returncode == 1 and hidden.stderr.startswith("error: no archived post")
    assert "Traceback" not in hidden.stderr and len(hidden.stderr.strip().splitlines()) == 1


def test_an_unknown_role_is_one_sentence(archive):
    done = run_cli("related", "yammer.nordlys:1", "--role", "janitor", env=settings_env(archive))
    assert done.returncode == 1 and done.stderr.startswith("error: unknown role 'janitor'")
    assert len(done.stderr.strip().splitlines()) == 1
