"""Backups of the archive database, and the restore test that proves one can be used.

``create_backup`` dumps the database with ``pg_dump`` from an exported snapshot and reads the
chain heads, the counts and the newest checkpoint in that same snapshot, so the manifest says
exactly what the dump holds, whatever is archived meanwhile. The checkpoint files up to that
checkpoint are copied beside the dump, and the manifest (with the dump's SHA-256) is signed
with the installation's key.

``verify_backup`` is the restore test: it checks the manifest's signature and the dump's
digest, restores the dump with ``pg_restore`` into a scratch database on the archive's server,
runs the whole of ``verify`` against it (chains, digests, rights, checkpoints), compares its
heads with the manifest's, and drops the scratch database. A backup that passes can be
restored; run it on a schedule, not on the day the archive is needed.

Raw payloads are files (the raw store) and are backed up as files: they are content-addressed
and never rewritten, so a copy tool that skips existing files (rsync, object storage sync)
gives an incremental backup; ``verify --raw`` on a restored system re-hashes them.
"""

import json
import os
import re
import shutil
import subprocess
import time
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from pipeline.archive.checkpoint import chain_heads, checkpoint_files
from pipeline.archive.db import dispose_engine, get_engine
from pipeline.archive.models import AuditEvent, CheckpointRow, post_versions
from pipeline.archive.raw import file_sha256
from pipeline.archive.signing import (
    key_id,
    load_or_create_key,
    public_key_text,
    sign,
    signature_valid,
)
from pipeline.archive.verify import Problem, verify_archive
from pipeline.exc import ArchiveError, ConfigurationError
from pipeline.services import database_urls
from pipeline.settings import Settings
from schemas.canonical import canonical_json

FORMAT = "archivist-backup/1"
DUMP = "archive.dump"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Backup:
    directory: Path
    manifest: dict

    @property
    def versions(self) -> int:
        return self.manifest["counts"]["versions"]


@dataclass
class RestoreReport:
    """What the restore test found: ``intact`` when the backup restored and verified."""

    backup: str
    restored_versions: int = 0
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def intact(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict:
        return {**asdict(self), "intact": self.intact}


def create_backup(settings: Settings, directory: Path) -> Backup:
    """Dump the archive into ``directory`` (which must not exist yet) with its signed
    manifest and the checkpoint files the dump covers."""
    if directory.exists():
        raise ArchiveError(f"{directory} exists already; a backup goes into a new directory")
    directory.mkdir(parents=True)
    engine = get_engine(settings)
    with engine.connect() as connection:
        # One snapshot, held open while pg_dump reads it: the manifest describes the dump.
        connection.execute(sa.text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
        snapshot = connection.scalar(sa.text("SELECT pg_export_snapshot()"))
        contents = _contents(connection)
        _pg_dump(settings, snapshot, directory / DUMP)
        connection.rollback()
    copied = _copy_checkpoints(settings.checkpoint_path, directory, contents["checkpoint"])
    key = load_or_create_key(settings.signing_key_path)
    manifest = {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(),
        "dump": {
            "file": DUMP,
            "sha256": file_sha256(directory / DUMP),
            "bytes": (directory / DUMP).stat().st_size,
        },  # fmt: skip
        "checkpoint_files": copied,
        "key_id": key_id(public_key_text(key)),
        **contents,
    }
    signed = {"manifest": manifest, "signature": sign(key, canonical_json(manifest)),
              "public_key": public_key_text(key)}  # fmt: skip
    (directory / MANIFEST).write_text(json.dumps(signed, indent=2) + "\n")
    return Backup(directory, manifest)


def _contents(connection: sa.Connection) -> dict:
    session = Session(bind=connection)
    return {
        "database": connection.scalar(sa.select(sa.func.current_database())),
        "chains": chain_heads(session),
        "counts": {
            "versions": connection.scalar(sa.select(sa.func.count()).select_from(post_versions)),
            "audit_events": connection.scalar(sa.select(sa.func.count()).select_from(AuditEvent)),
        },
        "checkpoint": connection.scalar(sa.select(sa.func.max(CheckpointRow.id))),
    }


def _copy_checkpoints(source: Path, directory: Path, newest: int | None) -> list[str]:
    """The checkpoint files (and time-stamp tokens) of the checkpoints the dump holds."""
    target = directory / "checkpoints"
    target.mkdir()
    copied = []
    for path in checkpoint_files(source):
        if newest is not None and json.loads(path.read_text())["manifest"]["id"] <= newest:
            for part in source.glob(path.stem + ".*"):
                shutil.copy2(part, target / part.name)
                copied.append(part.name)
    return sorted(copied)


def verify_backup(settings: Settings, directory: Path) -> RestoreReport:
    """The restore test: restore the backup into a scratch database, verify it, drop it."""
    started = time.perf_counter()
    report = RestoreReport(str(directory))
    manifest = _read_manifest(settings, directory, report)
    if manifest is None:
        return report
    scratch = f"archivist_restore_{uuid.uuid4().hex[:10]}"
    restored = _restored_settings(settings, scratch, directory / "checkpoints")
    admin = sa.create_engine(
        database_urls(settings)[1], isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool
    )
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{scratch}"'))
        _pg_restore(settings, directory / DUMP, restored.database_admin_url)
        _compare_with_manifest(restored, manifest, report)
        verified = verify_archive(restored, raw=False)
        report.problems += verified.problems
    finally:
        dispose_engine(restored)
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
        admin.dispose()
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _read_manifest(settings: Settings, directory: Path, report: RestoreReport) -> dict | None:
    try:
        signed = json.loads((directory / MANIFEST).read_text())
        manifest = signed["manifest"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ArchiveError(f"{directory} holds no readable backup manifest: {exc}") from exc
    ours = public_key_text(load_or_create_key(settings.signing_key_path))
    if signed.get("public_key") != ours or not signature_valid(
        ours, canonical_json(manifest), signed.get("signature", "")
    ):
        report.problems.append(Problem("unsigned", MANIFEST, "not signed by this archive's key"))
        return None
    dump = directory / DUMP
    if not dump.is_file() or file_sha256(dump) != manifest["dump"]["sha256"]:
        report.problems.append(Problem("altered", DUMP, "its SHA-256 is not the manifest's"))
        return None
    return manifest


def _restored_settings(settings: Settings, database: str, checkpoints: Path) -> Settings:
    app_url, admin_url = (make_url(url) for url in database_urls(settings))
    return settings.model_copy(
        update={
            "database_url": app_url.set(database=database).render_as_string(False),
            "database_admin_url": admin_url.set(database=database).render_as_string(False),
            "checkpoint_dir": checkpoints,
        }
    )


def _compare_with_manifest(restored: Settings, manifest: dict, report: RestoreReport) -> None:
    with get_engine(restored).connect() as connection:
        found = _contents(connection)
    report.restored_versions = found["counts"]["versions"]
    for what in ("chains", "counts", "checkpoint"):
        if found[what] != manifest[what]:
            report.problems.append(
                Problem("altered", what, f"restored {found[what]!r}, backed up {manifest[what]!r}")
            )


# --- the PostgreSQL client programs -----------------------------------------------------


def _pg_program(settings: Settings, name: str) -> str:
    """``pg_dump`` or ``pg_restore`` of the server's major version or newer (an older one
    refuses): the newest of the one on PATH, Debian's under /usr/lib/postgresql and the
    embedded server's own."""
    import pgserver

    candidates = [
        shutil.which(name),
        *map(str, Path("/usr/lib/postgresql").glob(f"*/bin/{name}")),
        str(Path(pgserver.__file__).parent / "pginstall" / "bin" / name),
    ]
    versions = {path: _major(path) for path in filter(None, candidates)}
    with get_engine(settings).connect() as connection:
        server = int(connection.scalar(sa.text("SHOW server_version_num"))) // 10000
    usable = [path for path, major in versions.items() if major >= server]
    if not usable:
        raise ConfigurationError(
            f"no {name} of PostgreSQL {server} or newer is installed; install the PostgreSQL "
            f"{server} client programs"
        )
    return max(usable, key=versions.__getitem__)


def _major(program: str) -> int:
    try:
        done = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return 0
    found = re.search(r"PostgreSQL\) (\d+)", done.stdout)  # pg_dump (PostgreSQL) 16.2
    return int(found.group(1)) if found else 0


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A SQLAlchemy URL as a libpq connection URI without its password, and the password in
    the environment (PGPASSWORD), where no process listing shows it."""
    parsed = make_url(url)
    env = {**os.environ}
    if parsed.password:
        env["PGPASSWORD"] = parsed.password
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise ArchiveError(f"{what} failed: {reason}")


def _pg_dump(settings: Settings, snapshot: str, out: Path) -> None:
    url, env = _libpq(database_urls(settings)[1])
    command = [_pg_program(settings, "pg_dump"), "--format=custom", f"--snapshot={snapshot}",
               f"--file={out}", f"--dbname={url}"]  # fmt: skip
    _run(command, env, "pg_dump")


def _pg_restore(settings: Settings, dump: Path, into: str) -> None:
    url, env = _libpq(into)
    command = [_pg_program(settings, "pg_restore"), "--exit-on-error", "--no-owner",
               f"--dbname={url}", str(dump)]  # fmt: skip
    _run(command, env, "pg_restore")
