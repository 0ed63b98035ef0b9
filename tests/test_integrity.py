"""Tamper evidence: hash chains, signed checkpoints, database rights, `archivist verify`.

Each test has an archive database of its own (``own_archive``) and tampers with it as a
superuser would, straight in PostgreSQL with the triggers switched off.
"""

import json

import pytest
import sqlalchemy as sa

from pipeline.archive.checkpoint import write_checkpoint
from pipeline.archive.db import get_engine
from pipeline.archive.integrity import VERSION_FIELDS, chain_link, row_digest
from pipeline.archive.verify import verify_archive
from pipeline.runs import ingest
from pipeline.services import database_urls
from tests.conftest import run_cli, settings_env


@pytest.fixture
def archived(own_archive, sample_exports, account):
    """An archive with both sample exports in it (edits and deletions included)."""
    for path in sample_exports:
        ingest(own_archive, "yammer-export", path, account=account)
    return own_archive


def as_superuser(settings, *statements: str, **params) -> None:
    """Run SQL as the server's superuser with every trigger off: the attacker we defend from."""
    engine = sa.create_engine(database_urls(settings)[1], poolclass=sa.pool.NullPool)
    with engine.begin() as connection:
        connection.execute(sa.text("SET session_replication_role = replica"))
        for statement in statements:
            connection.execute(sa.text(statement), params)


def problems(settings) -> set[tuple[str, str]]:
    return {(p.kind, p.record) for p in verify_archive(settings).problems}


def test_an_untouched_archive_verifies_and_the_command_exits_0(archived, account):
    write_checkpoint(archived)
    done = run_cli("verify", "--json", env=settings_env(archived))
    report = json.loads(done.stdout)
    assert done.returncode == 0, done.stdout + done.stderr
    assert report["intact"] is True
    assert report["checked"]["versions"] > 100
    assert report["checkpoint"] == 1


@pytest.mark.parametrize("parallel_from", [0, 10**9], ids=["worker-processes", "in-process"])
def test_a_single_byte_changed_by_a_superuser_is_found(
    archived, account, parallel_from, monkeypatch
):
    """Large archives are checked by worker processes, small ones in-process: both find it."""
    monkeypatch.setattr("pipeline.archive.verify.PARALLEL_FROM", parallel_from)
    source = f"yammer.{account}"
    as_superuser(
        archived,
        "UPDATE post_versions SET document = jsonb_set(document, '{text}', "
        "to_jsonb(overlay(document->>'text' placing 'x' from 1 for 1))) "
        "WHERE source = :s AND chain_seq = 7",
        s=source,
    )
    assert ("altered", f"{source} #7") in problems(archived)
    if parallel_from:
        return
    done = run_cli("verify", env=settings_env(archived))
    assert done.returncode == 1
    assert f"altered   {source} #7" in done.stdout


def test_a_changed_metadata_column_is_found(archived, account):
    source = f"yammer.{account}"
    as_superuser(
        archived,
        "UPDATE post_versions SET visibility = 'public_external' "
        "WHERE source = :s AND chain_seq = 3",
        s=source,
    )
    assert problems(archived) == {("altered", f"{source} #3")}


def test_missing_and_reordered_records_are_named(archived, account):
    source = f"yammer.{account}"
    as_superuser(
        archived,
        "DELETE FROM post_versions WHERE source = :s AND chain_seq = 10",
        "UPDATE post_versions SET chain_seq = -1 WHERE source = :s AND chain_seq = 20",
        "UPDATE post_versions SET chain_seq = 20 WHERE source = :s AND chain_seq = 21",
        "UPDATE post_versions SET chain_seq = 21 WHERE source = :s AND chain_seq = -1",
        s=source,
    )
    found = problems(archived)
    assert ("missing", f"{source} #10") in found
    assert ("reordered", f"{source} #20") in found
    assert ("reordered", f"{source} #21") in found


FORGE = (
    "INSERT INTO post_versions (post_id, source, native_id, visibility, version, "
    "content_sha256, raw_sha256, capture_run, document, chain_seq, row_sha256, chain_prev, "
    "chain_sha256) SELECT post_id || 'x', source, native_id, visibility, 1, content_sha256, "
    "raw_sha256, capture_run, document, :seq, row_sha256, {prev}, chain_sha256 "
    "FROM post_versions WHERE source = :s AND chain_seq = 30"
)


def test_a_record_appended_by_a_superuser_is_named_inserted(archived, account):
    source = f"yammer.{account}"
    with get_engine(archived).connect() as connection:
        last = connection.scalar(
            sa.text("SELECT max(chain_seq) FROM post_versions WHERE source = :s"), {"s": source}
        )
    as_superuser(archived, FORGE.format(prev="repeat('f', 64)"), s=source, seq=last + 1)
    assert ("inserted", f"{source} #{last + 1}") in problems(archived)


def test_a_record_pushed_into_the_middle_is_named_inserted(archived, account):
    """Renumber the rows after #50 and put a forged row, linked to #50, in the gap."""
    source = f"yammer.{account}"
    as_superuser(
        archived,
        "UPDATE post_versions SET chain_seq = -chain_seq WHERE source = :s AND chain_seq > 50",
        "UPDATE post_versions SET chain_seq = 1 - chain_seq WHERE source = :s AND chain_seq < 0",
        FORGE.format(
            prev="(SELECT chain_sha256 FROM post_versions WHERE source = :s AND chain_seq = 50)"
        ),
        s=source,
        seq=51,
    )
    assert ("inserted", f"{source} #51") in problems(archived)


def test_a_chain_rewritten_inside_the_database_is_caught_by_the_checkpoint(archived, account):
    """An attacker who knows the algorithm re-seals everything after the record they changed;
    the chain then verifies by itself, but no longer ends where the signed checkpoint says."""
    source = f"yammer.{account}"
    write_checkpoint(archived)
    engine = sa.create_engine(database_urls(archived)[1], poolclass=sa.pool.NullPool)
    columns = ", ".join(VERSION_FIELDS)
    with engine.begin() as connection:
        connection.execute(sa.text("SET session_replication_role = replica"))
        rows = connection.execute(
            sa.text(
                f"SELECT version_id, {columns}, chain_prev FROM post_versions "
                "WHERE source = :s AND chain_seq >= 5 ORDER BY chain_seq"
            ),
            {"s": source},
        ).all()
        previous = rows[0].chain_prev
        for number, row in enumerate(rows):
            values = dict(row._mapping)
            if number == 0:
                values["document"] = {**values["document"], "text": "rewritten history"}
            digest = row_digest(values, VERSION_FIELDS)
            chain = chain_link(previous, digest)
            connection.execute(
                sa.text(
                    "UPDATE post_versions SET document = :d, row_sha256 = :r, chain_prev = :p, "
                    "chain_sha256 = :c WHERE version_id = :v"
                ),
                {
                    "d": json.dumps(values["document"]),
                    "r": digest,
                    "p": previous,
                    "c": chain,
                    "v": row.version_id,
                },
            )
            previous = chain
    kinds = {kind for kind, record in problems(archived) if record.startswith(source)}
    assert "rewritten" in kinds
    assert "altered" in kinds  # its content hash no longer matches the rewritten text


def test_a_deleted_tail_is_missing_against_the_checkpoint(archived, account):
    source = f"yammer.{account}"
    checkpoint = write_checkpoint(archived)
    last = checkpoint.manifest["chains"]["versions"][source]["seq"]
    as_superuser(
        archived, "DELETE FROM post_versions WHERE source = :s AND chain_seq > 100", s=source
    )
    assert ("missing", f"{source} #101..#{last}") in problems(archived)


@pytest.fixture
def disposed(own_archive, sample_exports, account):
    """An archive whose posts were all disposed of by retention: tombstones only."""
    from pipeline.legal import run_retention

    ingest(own_archive, "yammer-export", sample_exports[0], account=account)
    own_archive.retention_path.write_text('[[policy]]\nname = "short"\ndays = 30\n')
    assert run_retention(own_archive, dry_run=False).dispositions
    return own_archive


@pytest.mark.parametrize(
    "change",
    [
        "post_id = post_id || 'x'",
        "created_at = created_at + interval '1 day'",
        "visibility = 'public_external'",
        "thread_id = 'forged'",
        "raw_sha256 = repeat('0', 64)",
        "capture_run = capture_run + 1000",
        "archived_at = archived_at - interval '1 year'",
    ],
)
def test_a_changed_tombstone_column_is_found(disposed, account, change):
    source = f"yammer.{account}"
    as_superuser(
        disposed,
        f"UPDATE post_versions SET {change} WHERE source = :s AND chain_seq = 5",
        s=source,
    )
    done = run_cli("verify", "--no-raw", env=settings_env(disposed))
    assert done.returncode == 1
    assert f"altered   {source} #5: disposed record differs from its certificate" in done.stdout


def test_a_checkpoint_file_missing_while_the_database_has_it_is_named(archived):
    write_checkpoint(archived)
    write_checkpoint(archived)
    (archived.checkpoint_path / "checkpoint-00000002.json").unlink()
    assert ("missing", "checkpoint 2") in problems(archived)
    for path in archived.checkpoint_path.iterdir():
        path.unlink()
    done = run_cli("verify", "--no-raw", env=settings_env(archived))
    assert done.returncode == 1
    assert f"missing   checkpoint 2: in the database but not in {archived.checkpoint_path}" in (
        done.stdout
    )


def test_a_record_added_behind_a_checkpointed_head_is_counted(archived, account):
    """A copy of #30, with the same place and hashes in the chain, once the unique
    constraint is gone: the checkpoint counted one version fewer up to its heads."""
    source = f"yammer.{account}"
    write_checkpoint(archived)
    as_superuser(
        archived,
        "ALTER TABLE post_versions DROP CONSTRAINT uq_post_versions_source_chain_seq",
        FORGE.format(prev="chain_prev"),
        s=source,
        seq=30,
    )
    assert ("inserted", "checkpoint 1") in problems(archived)


def test_an_audit_event_changed_by_a_superuser_is_found(archived, account):
    from pipeline.legal import record_search

    for query in ("one", "two", "three"):
        record_search(archived, "pr", query, 1)
    as_superuser(archived, "UPDATE audit_events SET role = 'legal' WHERE seq = 2")
    assert problems(archived) == {("altered", "audit #2")}


def test_a_checkpoint_signed_by_another_key_is_not_trusted(archived, tmp_path):
    write_checkpoint(archived)
    other_key = archived.model_copy(update={"signing_key_file": tmp_path / "other.pem"})
    write_checkpoint(other_key)
    assert ("unsigned", "checkpoint 2") in problems(archived)


def test_a_raw_payload_altered_on_disk_is_found(archived):
    from pipeline.archive.raw import raw_path

    with get_engine(archived).connect() as connection:
        sha256 = connection.scalar(sa.text("SELECT sha256 FROM raw_captures LIMIT 1"))
    path = raw_path(archived.raw_dir, sha256)
    original = path.read_bytes()
    path.chmod(0o644)
    try:
        path.write_bytes(original[:-1] + b"!")
        assert ("raw", sha256) in problems(archived)
    finally:
        path.write_bytes(original)
        path.chmod(0o444)


def test_the_application_role_cannot_change_records(archived, account):
    engine = get_engine(archived)
    for statement in (
        "UPDATE post_versions SET document = '{}' WHERE source = :s",
        "DELETE FROM post_versions WHERE source = :s",
        "TRUNCATE post_versions CASCADE",
        "DELETE FROM audit_events",
        "ALTER TABLE post_versions DISABLE TRIGGER USER",
        "SET session_replication_role = replica",
    ):
        with engine.connect() as connection, pytest.raises(sa.exc.DBAPIError) as refused:
            connection.execute(sa.text(statement), {"s": f"yammer.{account}"})
        assert "permission denied" in str(refused.value.orig) or "must be owner" in str(
            refused.value.orig
        )


def test_verify_names_an_application_role_that_could_alter_records(archived):
    """Configured to connect as the tables' owner (a superuser here), the archive cannot
    vouch for itself, and verify says why."""
    owner = archived.model_copy(update={"database_url": archived.database_admin_url})
    details = {(p.kind, p.detail) for p in verify_archive(owner).problems}
    assert ("rights", "is a superuser") in details
    assert ("rights", "owns post_versions and can disable triggers") in details
