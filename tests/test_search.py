"""Indexing into a versioned index behind an alias, and searching it as a role."""

import json

import pytest

from pipeline.runs import ingest
from search.client import get_client
from search.indexer import ensure_posts_index, posts_alias
from search.mapping import mapping_version
from search.query import search_posts
from tests.conftest import run_cli


@pytest.fixture
def indexed(settings, sample_exports, account):
    for path in sample_exports:
        ingest(settings, "yammer-export", path, account=account)
    return settings


def test_the_alias_points_at_one_versioned_index(indexed):
    es = get_client(indexed)
    (index,) = es.indices.get_alias(name=posts_alias(indexed.index_prefix)).body
    assert index.startswith(f"{posts_alias(indexed.index_prefix)}-{mapping_version()}-")
    assert ensure_posts_index(es, indexed.index_prefix) == posts_alias(indexed.index_prefix)
    assert list(es.indices.get_alias(name=posts_alias(indexed.index_prefix)).body) == [index]


def test_search_command_returns_matching_posts_with_highlights(indexed):
    done = run_cli("search", "vacature", "--json", settings=indexed)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["total"] >= 1
    for hit in result["hits"]:
        assert "vacature" in hit["text"].lower()
        assert any("<em>" in h.lower() and "vacature" in h.lower() for h in hit["highlights"])
        assert hit["language"] == "nl"


def test_enrichment_is_searchable_by_category(indexed):
    done = run_cli(
        "search", "", "--category", "vacancy", "--json", "--limit", "500", settings=indexed
    )
    assert done.returncode == 0, done.stderr
    hits = json.loads(done.stdout)["hits"]
    assert hits and all("vacancy" in hit["categories"] for hit in hits)
    vacatures = [h for h in hits if "vacature" in h["text"].lower()]
    assert vacatures and all(h["sentiment"] in ("negative", "neutral", "positive") for h in hits)
    wrong = run_cli("search", "", "--category", "gossip", settings=indexed)
    assert wrong.returncode != 0 and "gossip" in wrong.stderr and "Traceback" not in wrong.stderr


def test_every_post_is_indexed_once_at_its_latest_version(indexed, account):
    es = get_client(indexed)
    alias = posts_alias(indexed.index_prefix)
    edited = es.search(index=alias, query={"term": {"is_edited": True}}, size=50)["hits"]["hits"]
    assert edited and all(h["_source"]["version"] == h["_source"]["versions"] == 2 for h in edited)
    assert all("(" in h["_source"]["text"] for h in edited)
    deleted = es.count(index=alias, query={"term": {"is_deleted": True}})["count"]
    assert deleted == 3


def test_pr_and_recruitment_never_see_private_groups_or_messages(indexed):
    es = get_client(indexed)
    alias = posts_alias(indexed.index_prefix)
    everything = search_posts(es, alias, "", role="legal", size=500)
    public = search_posts(es, alias, "", role="pr", size=500)
    private = {"private_group", "direct_message"}
    assert {h.visibility for h in everything.hits} & private
    assert not {h.visibility for h in public.hits} & private
    assert public.total < everything.total
    sneaky = search_posts(es, alias, "private_group | Vertrouwelijk", role="recruitment", size=500)
    assert not {h.visibility for h in sneaky.hits} & private


def test_an_unknown_role_is_refused(indexed):
    done = run_cli("search", "x", "--role", "janitor", settings=indexed)
    assert done.returncode == 1
    assert (
        done.stderr.strip()
        == "error: unknown role 'janitor'; roles: analyst, legal, pr, recruitment, admin"
    )


def test_query_syntax_never_becomes_a_server_error(indexed):
    for query in ['"unclosed', "((", "AND OR NOT", "vac*", "-", "~~~", "visibility:x"]:
        done = run_cli("search", query, "--json", settings=indexed)
        assert done.returncode in (0, 2), (query, done.stderr)
        if done.returncode == 2:  # a syntax error: one sentence pointing at the character
            assert done.stderr.count("\n") == 1 and "at character" in done.stderr
