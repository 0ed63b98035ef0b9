"""Every role against every visibility class and every kind of post (plain, labelled
confidential or legal_risk, with personal data, restricted after an erasure request, deleted,
edited, not enriched yet): searches and fetches return exactly what the role may see, nothing
more and nothing less, and every read writes exactly one audit event."""

import json
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from pipeline.archive import audit, queries, store
from pipeline.archive.db import transaction
from pipeline.archive.holds import HoldCriteria, create_hold
from pipeline.archive.models import AuditEvent
from pipeline.connectors.base import Tombstone
from pipeline.exc import ArchivistError, ConfigurationError, NotFound
from pipeline.legal import erase_person, view_post
from schemas import (
    Category,
    Enrichment,
    GroupRef,
    PersonalData,
    PersonalDataKind,
    PersonRef,
    Post,
    Provenance,
    Source,
    Visibility,
)
from search.client import get_client
from search.indexer import ensure_posts_index, index_posts, posts_alias
from search.query import search_posts
from search.visibility import ROLES, check_role, may_see, visibility_filter
from tests.conftest import run_cli

KINDS = (
    "plain",
    "confidential",
    "legal_risk",
    "personal_data",
    "restricted",
    "deleted",
    "edited",
    "unenriched",
)
WORD = "harbourlight"
CRAFTED = (
    "is:deleted",
    "category:confidential OR category:legal_risk",
    "group:Board",
    f"{WORD} OR private_group OR direct_message OR -{WORD}",
    f'({WORD} OR "private visibility") restricted',
    "visibility:private_group",
    "restricted:true OR is_deleted:true",
    "enrichment.pii.kind:email",
    "* OR private",
    '"" OR 1',
)
QUERIES = ("", WORD, *CRAFTED)
ENRICHER = "archivist-test-matrix 1"


@dataclass(frozen=True)
class Case:
    post_id: str
    visibility: str
    kind: str


@dataclass(frozen=True)
class Matrix:
    settings: object
    cases: list[Case]


def allowed(role: str, case: Case) -> bool:
    """The policy, written out for the test: legal everything; analyst and admin everything
    but deleted posts; pr and recruitment only harmless company-wide and public posts, and of
    those not enriched yet only the public ones."""
    if role == "legal":
        return True
    if role in ("analyst", "admin"):
        return case.kind != "deleted"
    if case.kind == "unenriched":
        return case.visibility == "public_external"
    return case.visibility in ("public_external", "company_internal") and case.kind in (
        "plain",
        "edited",
    )


def allowed_ids(matrix: Matrix, role: str) -> set[str]:
    return {c.post_id for c in matrix.cases if allowed(role, c)}


def enrichment(labels=(), pii=()) -> Enrichment:
    return Enrichment(
        enricher=ENRICHER,
        language="en",
        categories={label: 0.9 for label in labels},
        labels=list(labels),
        pii=list(pii),
    )


EMAIL = PersonalData(kind=PersonalDataKind.EMAIL, value="ola@example.no", start=0, end=14)
ENRICHMENTS = {
    "plain": enrichment([Category.EVENT]),
    "confidential": enrichment([Category.CONFIDENTIAL]),
    "legal_risk": enrichment([Category.LEGAL_RISK]),
    "personal_data": enrichment(pii=[EMAIL]),
    "restricted": enrichment([Category.EVENT]),
    "deleted": enrichment([Category.EVENT]),
    "edited": enrichment([Category.PR_STORY]),
}
LABELS = {kind: [label.value for label in e.labels] for kind, e in ENRICHMENTS.items()} | {
    "unenriched": []
}


def make_post(source, native_id, visibility, author, text, run, day) -> Post:
    private = visibility == Visibility.PRIVATE_GROUP
    return Post(
        post_id=f"{source}:{native_id}",
        source=source,
        native_id=native_id,
        author=PersonRef(id=f"{source}:person:{author}", name=author),
        group=GroupRef(id="g1", name="Board", private=True) if private else None,
        created_at=datetime(2026, 3, 1, tzinfo=UTC) + timedelta(days=day),
        text=text,
        visibility=visibility,
        provenance=provenance(run, native_id),
    )


def provenance(run: int, native_id: str) -> Provenance:
    return Provenance(
        capture_run=run,
        connector="yammer-export",
        connector_version="test",
        fetched_at=datetime.now(UTC),
        raw_sha256=uuid.uuid4().hex * 2,
        raw_locator=f"visibility#{native_id}",
    )


def archive_matrix(settings, source: str, erased: str) -> list[Case]:
    cases, posts, tombstones = [], [], []
    with transaction(settings) as session:
        store.upsert_source(session, Source(key=source, platform="yammer", account=source))
        run = store.start_capture_run(
            session,
            source=source,
            connector="yammer-export",
            connector_version="test",
            target="visibility",
            fetched_at=datetime.now(UTC),
        )
        for visibility in Visibility:
            for kind in KINDS:
                native_id = f"{visibility.value}-{kind}"
                author = erased if kind == "restricted" else "Ola Nordmann"
                text = f"{WORD} {visibility.value} {kind} private visibility notes"
                post = make_post(source, native_id, visibility, author, text, run, len(cases))
                posts.append(post)
                if kind == "edited":
                    posts.append(post.model_copy(update={"text": f"{text} (edited)"}))
                if kind == "deleted":
                    tombstone = Tombstone(post.post_id, datetime.now(UTC), provenance(run, "x"))
                    tombstones.append(tombstone)
                cases.append(Case(post.post_id, visibility.value, kind))
        store.archive_records(session, run, posts, tombstones)
        store.update_capture_run(session, run, "archived", {})
    return cases


def enrich_matrix(settings, cases: list[Case]) -> None:
    """Real enrichment records, through the archive's own function. The first version of the
    edited posts was confidential; only their latest version counts."""
    results = []
    with transaction(settings) as session:
        for case in cases:
            history = queries.post_history(session, case.post_id)
            if case.kind == "edited":
                results.append((history[0].version_id, ENRICHMENTS["confidential"]))
            if case.kind in ENRICHMENTS:
                results.append((history[-1].version_id, ENRICHMENTS[case.kind]))
        store.save_enrichments(session, results)


@pytest.fixture(scope="module")
def matrix(session_settings) -> Matrix:
    suffix = uuid.uuid4().hex[:8]
    settings = session_settings.model_copy(
        update={"index_prefix": f"{session_settings.index_prefix}vis{suffix}-"}
    )
    erased = f"Vera Erased {suffix}"
    cases = archive_matrix(settings, f"yammer.vis{suffix}", erased)
    enrich_matrix(settings, cases)
    with transaction(settings) as session:
        legal = audit.Actor("test", "legal")
        create_hold(session, legal, f"Matter {suffix}", HoldCriteria(custodians=[erased]))
    report = erase_person(settings, erased, "GDPR art. 17 request")
    assert set(report.restricted) == {c.post_id for c in cases if c.kind == "restricted"}
    with transaction(settings) as session:
        documents = queries.indexed_posts(session, [c.post_id for c in cases])
    es = get_client(settings)
    assert not index_posts(es, ensure_posts_index(es, settings.index_prefix), documents).failed
    return Matrix(settings, cases)


def last_seq(settings) -> int:
    with transaction(settings) as session:
        return session.scalar(sa.select(sa.func.coalesce(sa.func.max(AuditEvent.seq), 0)))


def events_since(settings, seq: int) -> list[tuple[str, str, int | None]]:
    with transaction(settings) as session:
        rows = session.execute(
            sa.select(AuditEvent.action, AuditEvent.role, AuditEvent.result_count)
            .where(AuditEvent.seq > seq)
            .order_by(AuditEvent.seq)
        )
        return [tuple(row) for row in rows]


def test_the_matrix_holds_every_class_and_kind(matrix):
    everything = search_posts(
        get_client(matrix.settings), posts_alias(matrix.settings.index_prefix), "", "legal", 500
    )
    assert {h.post_id for h in everything.hits} == {c.post_id for c in matrix.cases}
    assert len(matrix.cases) == len(Visibility) * len(KINDS)


def legal_matches(matrix: Matrix, query: str) -> set[str] | None:
    """What a query matches at all: the same query as legal, who sees everything; None for a
    query the query language refuses."""
    es, alias = get_client(matrix.settings), posts_alias(matrix.settings.index_prefix)
    try:
        return {h.post_id for h in search_posts(es, alias, query, "legal", 500).hits}
    except ArchivistError:
        return None


@pytest.mark.parametrize("role", ROLES)
def test_search_shows_a_role_exactly_what_it_may_see(matrix, role):
    """Through the command a user runs: whatever the query tries, the role gets exactly the
    part of what it matches that the role may see, and the facets and the histogram count
    no more than that part. A query the language refuses is one sentence and reads nothing."""
    may, by_id = allowed_ids(matrix, role), {c.post_id: c for c in matrix.cases}
    forbidden_matched = set()
    for query in QUERIES:
        matched = legal_matches(matrix, query)
        if query in ("", WORD):
            assert matched == set(by_id)
        seq = last_seq(matrix.settings)
        done = run_cli(
            "search", query, "--role", role, "--json", "--limit", "1000", settings=matrix.settings
        )
        if matched is None:
            assert done.returncode != 0 and done.stdout == "", query
            assert done.stderr.startswith("error: ") and len(done.stderr.splitlines()) == 1
            assert all(count in (None, 0) for _, _, count in events_since(matrix.settings, seq))
            continue
        assert done.returncode == 0, (query, done.stderr)
        result = json.loads(done.stdout)
        found = {hit["post_id"] for hit in result["hits"]}
        assert found == matched & may, query
        forbidden_matched |= matched - may
        assert events_since(matrix.settings, seq) == [("search", role, len(found))], query
        facet = {f["value"]: f["count"] for f in result["facets"]["visibility"]}
        assert facet == Counter(by_id[pid].visibility for pid in found), query
        labels = Counter(label for pid in found for label in LABELS[by_id[pid].kind])
        assert {f["value"]: f["count"] for f in result["facets"]["categories"]} == labels
        assert sum(bar["posts"] for bar in result["histogram"]) <= len(found), query
    assert bool(forbidden_matched) == (role != "legal")


@pytest.mark.parametrize("role", ROLES)
def test_a_fetch_shows_a_role_exactly_what_it_may_see(matrix, role):
    """Legal gets every version; every other role the latest one only; a post the role may
    not see does not exist for it. Each fetch is one audit event with what it returned."""
    for case in matrix.cases:
        seq = last_seq(matrix.settings)
        if allowed(role, case):
            history = view_post(matrix.settings, case.post_id, role)
            two = case.kind in ("edited", "deleted")
            expected = ([1, 2] if two else [1]) if role == "legal" else ([2] if two else [1])
            assert [v.version for v in history] == expected, case
            if case.kind == "edited":
                assert history[-1].post.text.endswith("(edited)")
        else:
            with pytest.raises(NotFound, match="no archived post has the id"):
                view_post(matrix.settings, case.post_id, role)
            history = []
        assert events_since(matrix.settings, seq) == [("view", role, len(history))], case


@pytest.mark.parametrize("role", ROLES)
def test_the_filter_and_the_python_rule_agree_on_every_document(matrix, role):
    """A fetch by id that carries the role's filter, and ``may_see`` on each indexed
    document, give the same set as the policy."""
    es, alias = get_client(matrix.settings), posts_alias(matrix.settings.index_prefix)
    ids = [c.post_id for c in matrix.cases]
    fetched = es.search(
        index=alias,
        query={"bool": {"filter": [{"ids": {"values": ids}}, *visibility_filter(role)]}},
        size=100,
    )
    assert {h["_id"] for h in fetched["hits"]["hits"]} == allowed_ids(matrix, role)
    documents = es.search(index=alias, query={"ids": {"values": ids}}, size=100)["hits"]["hits"]
    assert len(documents) == len(ids)
    judged = {h["_id"] for h in documents if may_see(role, h["_source"])}
    assert judged == allowed_ids(matrix, role)


def test_an_unknown_role_is_refused_in_one_sentence_and_reads_nothing(matrix):
    message = "unknown role 'janitor'; roles: analyst, legal, pr, recruitment, admin"
    assert check_role("admin") == "admin"
    for refused in (
        lambda: check_role("janitor"),
        lambda: visibility_filter("janitor"),
        lambda: may_see("janitor", {"visibility": "public_external"}),
    ):
        with pytest.raises(ConfigurationError) as raised:
            refused()
        assert str(raised.value) == message
    seq = last_seq(matrix.settings)
    with pytest.raises(ConfigurationError, match="unknown role 'janitor'"):
        view_post(matrix.settings, matrix.cases[0].post_id, "janitor")
    done = run_cli("search", WORD, "--role", "janitor", settings=matrix.settings)
    assert done.returncode == 1 and done.stderr.strip() == f"error: {message}"
    assert events_since(matrix.settings, seq) == []
