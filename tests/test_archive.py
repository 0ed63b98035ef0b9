"""Append-only versions: idempotent re-ingest, one version per edit, safe replays."""

import json

from pipeline.archive.db import transaction
from pipeline.archive.queries import archive_totals, post_history
from pipeline.runs import archive, capture, ingest
from pipeline.sample import build_organisation
from pipeline.sample.yammer_export import export_ranges
from tests.conftest import run_cli


def totals_of(settings, account):
    with transaction(settings) as session:
        from sqlalchemy import func, select

        from pipeline.archive.models import post_versions

        return session.execute(
            select(func.count(func.distinct(post_versions.c.post_id)), func.count()).where(
                post_versions.c.source == f"yammer.{account}"
            )
        ).one()


def test_ingesting_the_same_export_twice_changes_nothing(settings, sample_exports, account):
    first = ingest(settings, "yammer-export", sample_exports[0], account=account)
    before = totals_of(settings, account)
    second = ingest(settings, "yammer-export", sample_exports[0], account=account)
    assert first.new == first.fetched > 0
    assert (second.new, second.changed, second.unchanged) == (0, 0, first.fetched)
    assert totals_of(settings, account) == before


def test_an_edit_in_a_later_export_adds_exactly_one_version(settings, sample_exports, account):
    org = build_organisation()
    edited = next(m for m in org.messages if m.edited_at)
    post_id = f"yammer.{account}:{edited.id}"
    ingest(settings, "yammer-export", sample_exports[0], account=account)
    summary = ingest(settings, "yammer-export", sample_exports[1], account=account)
    with transaction(settings) as session:
        history = post_history(session, post_id)
    assert [v.version for v in history] == [1, 2]
    assert history[0].post.text != history[1].post.text
    assert history[1].post.text.startswith(history[0].post.text)
    assert summary.changed >= 1


def test_replaying_an_older_export_adds_no_versions(settings, sample_exports, account):
    for path in sample_exports:
        ingest(settings, "yammer-export", path, account=account)
    before = totals_of(settings, account)
    replay = ingest(settings, "yammer-export", sample_exports[0], account=account)
    assert (replay.new, replay.changed) == (0, 0)
    assert totals_of(settings, account) == before


def test_a_deletion_is_a_version_of_its_own(settings, sample_exports, account):
    org = build_organisation()
    first_until = export_ranges(org)[0][1]
    deleted = next(m for m in org.messages if m.deleted_at and m.deleted_at > first_until)
    for path in sample_exports:
        ingest(settings, "yammer-export", path, account=account)
    with transaction(settings) as session:
        history = post_history(session, f"yammer.{account}:{deleted.id}")
    assert [v.post.deleted_at is not None for v in history] == [False, True]
    assert history[1].post.text == history[0].post.text


def test_show_versions_prints_the_history(settings, sample_exports, account):
    org = build_organisation()
    edited = next(m for m in org.messages if m.edited_at)
    for path in sample_exports:
        archive(settings, capture(settings, "yammer-export", path, account=account))
    done = run_cli(
        "show", f"yammer.{account}:{edited.id}", "--versions", "--role", "legal", "--json"
    )
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert [v["version"] for v in shown["versions"]] == [1, 2]
    assert shown["versions"][1]["post"]["text"].endswith(")")
    assert len({v["content_sha256"] for v in shown["versions"]}) == 2


def test_every_archived_version_keeps_its_provenance(settings, sample_exports, account):
    ingest(settings, "yammer-export", sample_exports[0], account=account)
    with transaction(settings) as session:
        assert archive_totals(session)["versions"] > 0
        history = post_history(session, f"yammer.{account}:{build_organisation().messages[0].id}")
    provenance = history[0].post.provenance
    assert len(provenance.raw_sha256) == 64
    assert provenance.capture_run == history[0].capture_run


def test_a_source_that_says_less_about_a_person_keeps_what_a_fuller_one_said(settings, account):
    from pipeline.archive.models import PersonRow
    from pipeline.archive.store import upsert_people, upsert_source
    from schemas import Person, Source

    source = Source.of("yammer", account, name="Nordlys")
    who = {"id": f"{source.key}:user:1", "source": source.key, "native_id": "1"}
    full = Person(**who, name="Kari Hansen", email="kari@nordlys.example", department="Sales",
                  job_title="Manager")  # fmt: skip
    reference = Person(**who, name="Kari Hansen", job_title="Director")
    with transaction(settings) as session:
        upsert_source(session, source)
        upsert_people(session, [full])
    with transaction(settings) as session:
        upsert_people(session, [reference])
    with transaction(settings) as session:
        row = session.get(PersonRow, full.id)
        assert (row.email, row.document["department"]) == ("kari@nordlys.example", "Sales")
        assert row.document["job_title"] == "Director"  # what the later source gives wins
