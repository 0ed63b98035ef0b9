"""Backups and the restore test, against the real PostgreSQL with pg_dump and pg_restore: a
backup restores into a database that verifies intact and holds exactly what the manifest says,
whatever was archived after it; an altered dump or manifest is named, not restored."""

import json

from pipeline.archive.backup import create_backup, verify_backup
from pipeline.archive.checkpoint import write_checkpoint
from pipeline.runs import ingest
from tests.conftest import run_cli, settings_env


def test_a_backup_restores_into_an_archive_that_verifies_and_holds_what_it_says(
    own_archive, sample_exports, account, tmp_path
):
    first, second = sample_exports
    ingest(own_archive, "yammer-export", first, account=account)
    write_checkpoint(own_archive)
    backup = create_backup(own_archive, tmp_path / "backup")
    ingest(own_archive, "yammer-export", second, account=account)  # archived after the dump
    write_checkpoint(own_archive)

    report = verify_backup(own_archive, tmp_path / "backup")
    assert report.intact, report.problems
    assert report.restored_versions == backup.versions > 0
    assert backup.manifest["checkpoint"] == 1
    assert backup.manifest["checkpoint_files"] == ["checkpoint-00000001.json"]
    (source,) = backup.manifest["chains"]["versions"]
    assert source == f"yammer.{account}"


def test_an_altered_dump_or_manifest_is_named_and_not_restored(
    own_archive, sample_exports, account, tmp_path
):
    ingest(own_archive, "yammer-export", sample_exports[0], account=account)
    create_backup(own_archive, tmp_path / "backup")
    dump = tmp_path / "backup" / "archive.dump"
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 1
    dump.write_bytes(bytes(data))
    (problem,) = verify_backup(own_archive, tmp_path / "backup").problems
    assert (problem.kind, problem.record) == ("altered", "archive.dump")

    create_backup(own_archive, tmp_path / "again")
    manifest = tmp_path / "again" / "manifest.json"
    signed = json.loads(manifest.read_text())
    signed["manifest"]["counts"]["versions"] += 1  # a backup claiming more than it holds
    manifest.write_text(json.dumps(signed))
    (problem,) = verify_backup(own_archive, tmp_path / "again").problems
    assert (problem.kind, problem.record) == ("unsigned", "manifest.json")


def test_the_backup_commands_print_one_line_and_exit_by_the_result(
    own_archive, sample_exports, account, tmp_path
):
    ingest(own_archive, "yammer-export", sample_exports[0], account=account)
    env = settings_env(own_archive)
    made = run_cli("backup", "create", str(tmp_path / "b"), settings=own_archive, env=env)
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("backed up ") and f"to {tmp_path / 'b'}" in made.stdout
    again = run_cli("backup", "create", str(tmp_path / "b"), settings=own_archive, env=env)
    assert again.returncode == 1 and "exists already" in again.stderr
    checked = run_cli("backup", "verify", str(tmp_path / "b"), settings=own_archive, env=env)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.strip().endswith("restores intact")
