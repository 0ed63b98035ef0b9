"""Legal holds, retention and disposition, erasure, the audit trail and eDiscovery exports,
against the real PostgreSQL and search server, each test in an archive of its own."""

import json
import zipfile
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from pipeline.archive import audit, store
from pipeline.archive.db import get_engine, transaction
from pipeline.archive.holds import HoldCriteria, create_hold, release_hold
from pipeline.archive.models import AuditEvent, post_versions
from pipeline.archive.raw import raw_path, store_raw_bytes
from pipeline.archive.retention import (
    Policy,
    PolicySet,
    PostFacts,
    decide,
    dispose_posts,
)
from pipeline.archive.signing import signature_valid
from pipeline.archive.verify import verify_archive
from pipeline.exc import ArchiveError, NotFound
from pipeline.legal import erase_person, finish_removals, plan_retention, run_retention
from pipeline.runs import ingest
from pipeline.sample import build_organisation
from pipeline.sample.yammer_export import export_ranges
from schemas import PersonRef, Post, Provenance, Source, Visibility
from schemas.canonical import canonical_json, sha256_hex
from search.client import get_client
from search.indexer import posts_alias
from search.query import search_posts
from tests.conftest import run_cli, settings_env
from tests.test_integrity import as_superuser

LEGAL = audit.Actor("test", "legal")
pv = post_versions.c


def write_policies(settings, text: str) -> None:
    settings.retention_path.write_text(text)


def ingest_all(settings, paths, account) -> None:
    for path in paths:
        ingest(settings, "yammer-export", path, account=account)


def contents(settings, source: str) -> dict[str, list[bool]]:
    """post id -> for each version, whether its content is still there."""
    with get_engine(settings).connect() as connection:
        rows = connection.execute(
            sa.select(pv.post_id, pv.disposition)
            .where(pv.source == source)
            .order_by(pv.post_id, pv.version)
        ).all()
    kept: dict[str, list[bool]] = {}
    for post_id, disposition in rows:
        kept.setdefault(post_id, []).append(disposition is None)
    return kept


def audit_actions(settings) -> Counter:
    with transaction(settings) as session:
        return Counter(session.scalars(sa.select(AuditEvent.action)))


def searchable_ids(settings, role: str = "analyst") -> set[str]:
    es = get_client(settings)
    result = search_posts(es, posts_alias(settings.index_prefix), "", role, size=1000)
    return {hit.post_id for hit in result.hits}


def busiest_author():
    org = build_organisation()
    return Counter(m.sender.name for m in org.messages).most_common(1)[0][0]


# --- policies ---------------------------------------------------------------------------


def facts(**overrides) -> PostFacts:
    values = {
        "post_id": "p",
        "source": "yammer.nordlys",
        "visibility": "private_group",
        "groups": ("HR",),
        "categories": ("confidential",),
        "started": datetime(2020, 1, 1, tzinfo=UTC),
        "held": False,
    }
    return PostFacts(**{**values, **overrides})


def test_the_longest_applicable_policy_wins():
    policies = PolicySet(
        policy=[
            Policy(name="all", years=1),
            Policy(name="hr", years=10, groups=["HR"]),
            Policy(name="x", years=30, sources=["x.*"]),
            Policy(name="confidential", years=5, categories=["confidential"]),
        ]
    )
    now = datetime(2026, 1, 1, tzinfo=UTC)
    decision = decide(facts(), policies, now)
    assert (decision.policy, decision.expires_at.year, decision.expired) == ("hr", 2030, False)
    assert decide(facts(groups=()), policies, now).policy == "confidential"
    assert decide(facts(groups=(), categories=()), policies, now).due


def test_years_are_calendar_years():
    started = datetime(2019, 3, 1, 12, tzinfo=UTC)
    decision = decide(
        facts(started=started), PolicySet(policy=[Policy(name="7y", years=7)]), started
    )
    assert decision.expires_at == datetime(2026, 3, 1, 12, tzinfo=UTC)


def test_retention_check_reports_posts_no_policy_covers(own_archive, sample_exports, account):
    write_policies(own_archive, '[[policy]]\nname = "x-only"\nyears = 3\nsources = ["x.*"]\n')
    ingest_all(own_archive, sample_exports[:1], account)
    done = run_cli("retention", "check", "--json", env=settings_env(own_archive))
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["by_policy"] == {"(none)": len(report["without_policy"])}
    assert report["without_policy"]


def test_invalid_policies_are_one_clear_error(own_archive):
    write_policies(own_archive, '[[policy]]\nname = "no period"\n')
    done = run_cli("retention", "run", "--dry-run", env=settings_env(own_archive))
    assert done.returncode == 1
    assert "needs years or days" in done.stderr
    assert "Traceback" not in done.stderr


# --- retention and holds ----------------------------------------------------------------


def test_a_dry_run_lists_what_would_go_and_removes_nothing(own_archive, sample_exports, account):
    write_policies(own_archive, '[[policy]]\nname = "short"\ndays = 30\n')
    ingest_all(own_archive, sample_exports, account)
    before = contents(own_archive, f"yammer.{account}")
    done = run_cli("retention", "run", "--dry-run", "--json", env=settings_env(own_archive))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert {d["post_id"] for d in report["due"]} == set(before)
    assert {d["policy"] for d in report["due"]} == {"short"}
    assert contents(own_archive, f"yammer.{account}") == before
    assert audit_actions(own_archive)["config.retention"] == 1


def test_retention_removes_content_everywhere_but_a_hold_keeps_its_records(
    own_archive, sample_exports, account
):
    """The hold is placed before the second export is captured: the custodian's posts that
    only arrive with it are held too."""
    source = f"yammer.{account}"
    custodian = busiest_author()
    write_policies(own_archive, '[[policy]]\nname = "short"\ndays = 30\n')
    ingest_all(own_archive, sample_exports[:1], account)
    with transaction(own_archive) as session:
        create_hold(session, LEGAL, "Acme v Nordlys", HoldCriteria(custodians=[custodian]))
    ingest_all(own_archive, sample_exports[1:], account)

    org = build_organisation()
    first_until = export_ranges(org)[0][1]
    authored = {f"{source}:{m.id}" for m in org.messages if m.sender.name == custodian}
    later = {
        f"{source}:{m.id}"
        for m in org.messages
        if m.sender.name == custodian and m.created_at >= first_until
    }
    assert later, "the sample should have posts by the custodian in the second export only"

    report = run_retention(own_archive, dry_run=False)
    kept = contents(own_archive, source)
    held = {pid for pid, versions in kept.items() if all(versions)}
    removed = {pid for pid, versions in kept.items() if not any(versions)}
    assert held == authored & set(kept)
    assert later <= held
    assert removed == set(kept) - held
    assert {d.post_id for d in report.held} == held
    assert searchable_ids(own_archive, "legal") == held

    verified = verify_archive(own_archive)
    assert verified.intact, verified.problems
    assert verified.checked["dispositions"] == len(report.dispositions)

    certificate_file = (
        own_archive.home / "dispositions" / f"disposition-{report.dispositions[0]:08d}.json"
    )
    signed = json.loads(certificate_file.read_text())
    certificate = signed["certificate"]
    assert certificate["policy"] == "short"
    assert set(certificate["posts"]) <= removed
    assert signature_valid(signed["public_key"], canonical_json(certificate), signed["signature"])
    assert audit_actions(own_archive)["disposition.retention"] == len(report.dispositions)


def test_the_database_refuses_to_remove_a_held_record(own_archive, sample_exports, account):
    source = f"yammer.{account}"
    custodian = busiest_author()
    ingest_all(own_archive, sample_exports[:1], account)
    with transaction(own_archive) as session:
        create_hold(session, LEGAL, "M-1", HoldCriteria(custodians=[custodian]))
    before = contents(own_archive, source)
    with get_engine(own_archive).connect() as connection:
        held_id = connection.scalar(
            sa.select(pv.post_id)
            .where(sa.func.lower(pv.document["author"]["name"].astext) == custodian.lower())
            .limit(1)
        )
    with pytest.raises(ArchiveError, match="legal hold"), transaction(own_archive) as session:
        dispose_posts(session, LEGAL, "retention", "test", [held_id], {})
    assert contents(own_archive, source) == before


def test_a_released_hold_lets_retention_proceed(own_archive, sample_exports, account):
    source = f"yammer.{account}"
    write_policies(own_archive, '[[policy]]\nname = "short"\ndays = 30\n')
    ingest_all(own_archive, sample_exports[:1], account)
    env = settings_env(own_archive)
    created = run_cli("hold", "create", "M-2", "--source", source, "--json", env=env)
    assert created.returncode == 0, created.stderr
    assert json.loads(created.stdout)["posts"] == len(contents(own_archive, source))
    assert run_retention(own_archive, dry_run=False).dispositions == []
    released = run_cli("hold", "release", "M-2", "--reason", "settled", env=env)
    assert released.returncode == 0, released.stderr
    run_retention(own_archive, dry_run=False)
    assert not any(any(v) for v in contents(own_archive, source).values())
    listed = json.loads(run_cli("hold", "list", "--released", "--json", env=env).stdout)
    assert listed[0]["release_reason"] == "settled"
    assert audit_actions(own_archive)["hold.release"] == 1


def test_a_hold_can_only_be_released(own_archive, sample_exports, account):
    ingest_all(own_archive, sample_exports[:1], account)
    with transaction(own_archive) as session:
        create_hold(session, LEGAL, "M-3", HoldCriteria(sources=[f"yammer.{account}"]))
    for statement in (
        "UPDATE holds SET sources = '{}'",
        "DELETE FROM holds",
    ):
        with (
            get_engine(own_archive).connect() as connection,
            pytest.raises(sa.exc.DBAPIError),
        ):
            connection.execute(sa.text(statement))
    with transaction(own_archive) as session:
        release_hold(session, LEGAL, "M-3", "done")
    with pytest.raises(NotFound, match="no active hold"), transaction(own_archive) as session:
        release_hold(session, LEGAL, "M-3", "again")


def capture_payloads(
    settings,
    source: str,
    payloads: dict[str, tuple[bytes, str]],
    created_at: datetime | None = datetime(2015, 1, 1, tzinfo=UTC),
) -> None:
    """One finished capture run of ``source``: per native id, a raw payload stored in the raw
    store and one post (by the given author, created long ago) read from it."""
    now = datetime.now(UTC)
    with transaction(settings) as session:
        store.upsert_source(session, Source(key=source, platform="yammer", account=source))
        run = store.start_capture_run(
            session,
            source=source,
            connector="yammer-export",
            connector_version="test",
            target="payloads",
            fetched_at=now,
        )
        posts = []
        for seq, (native_id, (data, author)) in enumerate(payloads.items()):
            sha256, size = store_raw_bytes(settings.raw_dir, data)
            raw = {"sha256": sha256, "size": size, "media_type": "application/json"}
            store.add_capture_item(
                session, run, seq, raw, locator=native_id, status=200, headers={}, fetched_at=now
            )
            provenance = Provenance(
                capture_run=run,
                connector="yammer-export",
                connector_version="test",
                fetched_at=now,
                raw_sha256=sha256,
                raw_locator=native_id,
            )
            posts.append(
                Post(
                    post_id=f"{source}:{native_id}",
                    source=source,
                    native_id=native_id,
                    author=PersonRef(id=f"{source}:{author}", name=author),
                    created_at=created_at,
                    text=f"post {native_id}",
                    visibility=Visibility.COMPANY_INTERNAL,
                    provenance=provenance,
                )
            )
        store.archive_records(session, run, posts)
        store.update_capture_run(session, run, "archived", {})


def stored(settings, data: bytes) -> bool:
    return raw_path(settings.raw_dir, sha256_hex(data)).exists()


def test_a_raw_payload_a_held_record_uses_is_never_removed(own_archive, account):
    """The same bytes are captured again, for another source, after retention removed them:
    the new post is held, so the payload it shares with the disposed post must stay; a
    payload only disposed posts used goes. The database refuses to mark a payload in use."""
    write_policies(own_archive, '[[policy]]\nname = "short"\ndays = 30\n')
    shared, alone, later = (f"{account} {what}".encode() for what in ("shared", "alone", "later"))
    capture_payloads(own_archive, f"yammer.{account}", {"1": (shared, "ann"), "2": (alone, "ann")})
    run_retention(own_archive, dry_run=False)
    assert not stored(own_archive, shared) and not stored(own_archive, alone)

    again = f"yammer.{account}-again"
    capture_payloads(own_archive, again, {"1": (shared, "held"), "2": (later, "ann")})
    with transaction(own_archive) as session:
        create_hold(session, LEGAL, "Shared bytes", HoldCriteria(custodians=["held"]))
    run_retention(own_archive, dry_run=False)
    assert stored(own_archive, shared)
    assert not stored(own_archive, later)
    assert contents(own_archive, again) == {f"{again}:1": [True], f"{again}:2": [False]}

    mark = "UPDATE raw_captures SET disposed_at = now() WHERE sha256 = :h"
    with get_engine(own_archive).begin() as connection, pytest.raises(sa.exc.DBAPIError) as refused:
        connection.execute(sa.text(mark), {"h": sha256_hex(shared)})
    assert "still used by a kept or held record" in str(refused.value.orig)
    for statement in ("DELETE FROM raw_captures WHERE sha256 = :h", "TRUNCATE raw_captures"):
        with get_engine(own_archive).begin() as connection, pytest.raises(sa.exc.DBAPIError):
            connection.execute(sa.text(statement), {"h": sha256_hex(shared)})
    as_superuser(own_archive, mark, h=sha256_hex(shared))
    finish_removals(own_archive)
    assert stored(own_archive, shared)
    verified = verify_archive(own_archive)
    assert verified.intact, verified.problems


@pytest.mark.parametrize("where", ["database", "file"])
def test_a_certificate_rewritten_with_a_matching_hash_is_named(
    own_archive, sample_exports, account, where
):
    """The superuser rewrites who ordered a disposition, in its row and certificate with the
    hash recomputed, or in the signed file: the audit event that recorded the certificate's
    hash gives it away."""
    write_policies(own_archive, '[[policy]]\nname = "short"\ndays = 30\n')
    ingest_all(own_archive, sample_exports[:1], account)
    first = run_retention(own_archive, dry_run=False).dispositions[0]
    path = own_archive.home / "dispositions" / f"disposition-{first:08d}.json"
    signed = json.loads(path.read_text())
    certificate = {**signed["certificate"], "actor": "someone else"}
    if where == "database":
        as_superuser(
            own_archive,
            "UPDATE dispositions SET actor = 'someone else', certificate = :c, "
            "certificate_sha256 = :h WHERE id = :id",
            c=json.dumps(certificate),
            h=sha256_hex(canonical_json(certificate)),
            id=first,
        )
        expected = "certificate differs from the one its audit event recorded"
    else:
        path.write_text(json.dumps({**signed, "certificate": certificate}))
        expected = f"certificate file {path.name} differs from the recorded certificate"
    done = run_cli("verify", "--no-raw", env=settings_env(own_archive))
    assert done.returncode == 1
    assert f"altered   disposition {first}: {expected}" in done.stdout


def test_a_category_score_that_is_not_a_number_does_not_stop_retention(own_archive, account):
    source = f"yammer.{account}"
    capture_payloads(own_archive, source, {"1": (f"{account} scored".encode(), "ann")})
    write_policies(
        own_archive,
        '[[policy]]\nname = "pr"\ndays = 30\ncategories = ["pr_story"]\n'
        '[[policy]]\nname = "confidential"\nyears = 100\ncategories = ["confidential"]\n',
    )
    scores = {"confidential": "e", "pr_story": 0.9, "secret": "1e999", "other": [1]}
    with get_engine(own_archive).begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO enrichments (version_id, enricher, document) "
                "SELECT version_id, 'test', CAST(:d AS jsonb) FROM post_versions WHERE source = :s"
            ),
            {"d": json.dumps({"categories": scores}), "s": source},
        )
    report = plan_retention(own_archive)
    assert [(d.post_id, d.policy) for d in report.due] == [(f"{source}:1", "pr")]


def test_a_post_without_a_creation_date_is_held_by_when_it_was_archived(own_archive, account):
    """Retention dates such a post by its archiving; a hold's dates must do the same."""
    source = f"yammer.{account}"
    undated = {"1": (f"{account} undated".encode(), "ann")}
    capture_payloads(own_archive, source, undated, created_at=None)
    now = datetime.now(UTC)
    criteria = HoldCriteria(sources=[source], since=now - timedelta(days=1), until=now)
    with transaction(own_archive) as session:
        assert create_hold(session, LEGAL, "Undated", criteria)[1] == 1
    with pytest.raises(ArchiveError, match="legal hold"), transaction(own_archive) as session:
        dispose_posts(session, LEGAL, "erasure", "test", [f"{source}:1"], {})
    assert contents(own_archive, source) == {f"{source}:1": [True]}


# --- erasure ----------------------------------------------------------------------------


def test_erasure_deletes_unless_a_hold_keeps_then_restricts(own_archive, sample_exports, account):
    source = f"yammer.{account}"
    person = busiest_author()
    ingest_all(own_archive, sample_exports, account)
    org = build_organisation()
    theirs = sorted(
        (m for m in org.messages if m.sender.name == person and not m.deleted_at),
        key=lambda m: m.created_at,
    )
    assert len(theirs) >= 2
    keep = f"{source}:{theirs[0].id}"
    with transaction(own_archive) as session:
        create_hold(
            session,
            LEGAL,
            "Claim 7",
            HoldCriteria(
                sources=[source],
                since=theirs[0].created_at,
                until=theirs[0].created_at + timedelta(seconds=1),
            ),
        )
    report = erase_person(own_archive, person, "GDPR art. 17 request 2026-114")
    assert list(report.restricted) == [keep]
    assert "Claim 7" in report.restricted[keep]
    kept = contents(own_archive, source)
    assert all(kept[keep])
    assert all(not any(kept[pid]) for pid in report.erased)
    assert keep in searchable_ids(own_archive, "analyst")
    assert keep not in searchable_ids(own_archive, "pr")
    assert keep not in searchable_ids(own_archive, "recruitment")
    assert not set(report.erased) & searchable_ids(own_archive, "legal")
    assert audit_actions(own_archive)["erasure.request"] == 1
    assert verify_archive(own_archive).intact


# --- audit trail ------------------------------------------------------------------------


def test_every_read_and_legal_action_writes_exactly_one_audit_event(
    own_archive, sample_exports, account
):
    ingest_all(own_archive, sample_exports[:1], account)
    env = settings_env(own_archive)
    post_id = contents(own_archive, f"yammer.{account}").popitem()[0]
    steps = [
        (("search", "vacature", "--role", "pr"), "search"),
        (("show", post_id, "--versions", "--role", "legal"), "view"),
        (("hold", "create", "M-4", "--query", "vacature"), "hold.create"),
        (("export", "--hold", "M-4", "--out", str(own_archive.home / "m4.zip")), "export"),
        (("hold", "release", "M-4", "--reason", "closed"), "hold.release"),
    ]
    for args, action in steps:
        before = audit_actions(own_archive)
        done = run_cli(*args, env=env)
        assert done.returncode == 0, done.stderr
        assert audit_actions(own_archive) - before == Counter({action: 1}), action
    listed = json.loads(run_cli("audit", "list", "--json", env=env).stdout)
    assert [e["action"] for e in listed] == [action for _, action in steps]
    assert listed[0]["role"] == "pr" and listed[0]["target"] == {"query": "vacature"}
    assert verify_archive(own_archive).intact


# --- eDiscovery export ------------------------------------------------------------------


@pytest.fixture
def exported(own_archive, sample_exports, account, tmp_path):
    ingest_all(own_archive, sample_exports, account)
    with transaction(own_archive) as session:
        create_hold(session, LEGAL, "Export", HoldCriteria(custodians=[busiest_author()]))
    out = tmp_path / "export.zip"
    done = run_cli(
        "export", "--hold", "Export", "--out", str(out), "--json", env=settings_env(own_archive)
    )
    assert done.returncode == 0, done.stderr
    return out, json.loads(done.stdout)


def test_an_export_holds_every_version_natives_load_file_and_custody(exported, account):
    out, report = exported
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        lines = [json.loads(line) for line in archive.read("versions.jsonl").splitlines()]
        loadfile = archive.read("loadfile.dat").decode("utf-8-sig").split("\r\n")
        custody = json.loads(archive.read("custody.json"))
    assert {
        "versions.jsonl",
        "loadfile.dat",
        "custody.json",
        "custody.txt",
        "manifest.json",
    } <= names
    assert len(lines) == report["versions"] > report["posts"] > 0  # edits: more versions than posts
    assert {f"natives/{line['raw_sha256']}" for line in lines} <= names
    header = loadfile[0].split("\x14")
    assert header[0] == "\xfeDOCID\xfe"
    assert len(loadfile) == report["posts"] + 2  # header, a row per post, ""
    assert custody["counts"]["versions"] == len(lines)
    assert custody["integrity"]["digest_mismatches"] == []
    assert custody["capture_runs"] and custody["criteria"] == {"matter": "Export", "query": None}
    done = run_cli("export", "verify", str(out))
    assert done.returncode == 0, done.stdout
    assert "intact" in done.stdout


def rewrite(path, change) -> None:
    """Copy the zip, letting ``change(name, data)`` alter, drop (None) or keep each file."""
    with zipfile.ZipFile(path) as original:
        entries = [(info.filename, original.read(info)) for info in original.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for name, data in entries:
            changed = change(name, data)
            if changed is not None:
                target.writestr(name, changed)


@pytest.mark.parametrize(
    "change, expected",
    [
        (
            lambda n, d: d.replace(b"e", b"a", 1) if n == "custody.txt" else d,
            "custody.txt: altered",
        ),
        (lambda n, d: None if n.startswith("natives/") else d, ": missing"),
        (lambda n, d: d + b"\n" if n == "loadfile.dat" else d, "loadfile.dat: altered"),
    ],
)
def test_export_verify_names_altered_and_missing_files(exported, change, expected):
    out, _ = exported
    rewrite(out, change)
    done = run_cli("export", "verify", str(out), "--json")
    assert done.returncode == 1
    assert any(expected in p for p in json.loads(done.stdout)["problems"])


def test_export_verify_names_added_files_and_a_forged_manifest(exported):
    out, _ = exported
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("natives/extra", b"planted")

    def forge(name, data):
        if name != "manifest.json":
            return data
        signed = json.loads(data)
        signed["manifest"]["files"]["versions.jsonl"]["size"] += 1
        return json.dumps(signed)

    rewrite(out, forge)
    problems = json.loads(run_cli("export", "verify", str(out), "--json").stdout)["problems"]
    assert "natives/extra: added, not in the manifest" in problems
    assert "manifest.json: signature does not match its content" in problems


def test_export_verify_recomputes_every_version_digest(exported):
    out, _ = exported

    def edit_text(name, data):
        if name != "versions.jsonl":
            return data
        lines = data.splitlines()
        first = json.loads(lines[0])
        first["document"]["text"] += "!"
        return b"\n".join([json.dumps(first).encode(), *lines[1:]]) + b"\n"

    rewrite(out, edit_text)
    problems = json.loads(run_cli("export", "verify", str(out), "--json").stdout)["problems"]
    assert "versions.jsonl line 1: digest does not match" in problems


def test_a_native_missing_from_the_raw_store_is_named_not_dropped(
    own_archive, sample_exports, account, tmp_path
):
    source = f"yammer.{account}"
    ingest_all(own_archive, sample_exports[:1], account)
    with transaction(own_archive) as session:
        create_hold(session, LEGAL, "Missing native", HoldCriteria(sources=[source]))
    with get_engine(own_archive).connect() as connection:
        sha256 = connection.scalar(sa.select(pv.raw_sha256).where(pv.source == source).limit(1))
    path = raw_path(own_archive.raw_dir, sha256)
    original = path.read_bytes()
    path.unlink()
    out = tmp_path / "missing.zip"
    try:
        args = ("export", "--hold", "Missing native", "--out", str(out))
        done = run_cli(*args, env=settings_env(own_archive))
    finally:
        store_raw_bytes(own_archive.raw_dir, original)
    assert done.returncode == 0, done.stderr
    assert "0 native files, 1 missing from the raw store" in done.stdout
    with zipfile.ZipFile(out) as archive:
        assert f"natives/{sha256}" not in archive.namelist()
        custody = json.loads(archive.read("custody.json"))
        text = archive.read("custody.txt").decode()
    assert custody["counts"]["natives_missing"] == 1
    assert custody["integrity"]["natives_missing_from_raw_store"] == [sha256]
    assert f"Native files missing from the raw store: 1\n  {sha256}\n" in text


def test_plan_counts_every_post_under_the_default_policy(own_archive, sample_exports, account):
    ingest_all(own_archive, sample_exports[:1], account)
    report = plan_retention(own_archive, now=datetime(2026, 11, 25, tzinfo=UTC))
    assert set(report.by_policy) == {"default-7-years"}
    assert report.due == [] and report.without_policy == []


# --- pseudonyms and views -----------------------------------------------------------------


def test_recruitment_sees_pseudonyms_and_cannot_search_by_author(
    own_archive, sample_exports, account
):
    from pipeline.legal import pseudonymiser

    ingest_all(own_archive, sample_exports[:1], account)
    es, alias = get_client(own_archive), posts_alias(own_archive.index_prefix)
    real = search_posts(es, alias, "", "analyst", size=500).hits
    masked = search_posts(
        es, alias, "", "recruitment", 500, pseudonymiser(own_archive, "recruitment")
    ).hits
    names = {h.author for h in real}
    assert masked and not {h.author for h in masked} & names
    assert all(h.author.startswith("person-") for h in masked if h.author)
    by_post = {h.post_id: h.author for h in real}
    pairs = {(by_post[h.post_id], h.author) for h in masked}
    assert len({real for real, _ in pairs}) == len(pairs)  # one pseudonym per person, stable
    person = busiest_author()
    surname = person.split()[-1]
    done = run_cli(
        "search", surname, "--role", "recruitment", "--json", env=settings_env(own_archive)
    )
    found = json.loads(done.stdout)["hits"]
    assert all(surname.lower() in h["text"].lower() for h in found)  # only where the text says it
    assert pseudonymiser(own_archive, "analyst") is None


def test_a_role_cannot_view_what_it_may_not_see(own_archive, sample_exports, account):
    ingest_all(own_archive, sample_exports[:1], account)
    org = build_organisation()
    private = next(m for m in org.messages if m.group and m.group.private)
    post_id = f"yammer.{account}:{private.id}"
    env = settings_env(own_archive)
    refused = run_cli("show", post_id, "--role", "pr", env=env)
    assert refused.returncode == 1 and "no archived post" in refused.stderr
    allowed = run_cli("show", post_id, "--role", "legal", "--json", env=env)
    assert allowed.returncode == 0
    views = [
        e
        for e in json.loads(run_cli("audit", "list", "--json", env=env).stdout)
        if e["action"] == "view"
    ]
    assert [(e["role"], e["result_count"]) for e in views] == [("pr", 0), ("legal", 1)]


def test_a_disposal_the_index_missed_is_finished_by_the_next_run(
    own_archive, sample_exports, account
):
    """The search engine is unreachable while retention disposes: the archive is disposed
    and says which index entries it still owes; the next run removes them."""
    from pipeline.exc import SearchError

    write_policies(own_archive, '[[policy]]\nname = "short"\ndays = 30\n')
    ingest_all(own_archive, sample_exports[:1], account)
    indexed = searchable_ids(own_archive)
    unreachable = own_archive.model_copy(update={"elasticsearch_url": "http://127.0.0.1:9"})
    with pytest.raises(SearchError):
        run_retention(unreachable, dry_run=False)
    assert not any(any(v) for v in contents(own_archive, f"yammer.{account}").values())
    assert searchable_ids(own_archive) == indexed  # still there: the index was not reached
    report = run_retention(own_archive, dry_run=False)
    assert report.due == []
    assert searchable_ids(own_archive) == set()
