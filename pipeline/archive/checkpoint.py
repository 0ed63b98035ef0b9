"""Checkpoints: signed manifests of every chain's head, written to the database and to a
directory meant to be copied to write-once storage. A chain rewritten inside the database
no longer ends in the head a checkpoint outside it recorded. With a time-stamp authority
configured, each checkpoint file also gets an RFC 3161 token beside it (``.tsr``)."""

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pipeline.archive.db import transaction
from pipeline.archive.models import AuditEvent, CheckpointRow, post_versions
from pipeline.archive.signing import key_id, load_or_create_key, public_key_text, sign
from pipeline.archive.timestamp import TimeStampError, request_token
from pipeline.settings import Settings
from schemas.canonical import canonical_json, sha256_hex

FORMAT = "archivist-checkpoint/1"


@dataclass(frozen=True)
class Checkpoint:
    manifest: dict
    signature: str
    public_key: str

    @property
    def id(self) -> int:
        return self.manifest["id"]

    def as_dict(self) -> dict:
        return {
            "manifest": self.manifest,
            "signature": self.signature,
            "public_key": self.public_key,
        }


@dataclass(frozen=True)
class TimeStamping:
    """What became of the time-stamp tokens in one checkpoint run (checkpoint ids, newest
    first): those written now, those still missing, and why the authority gave none."""

    stamped: list[int]
    missing: list[int]
    error: str | None

    @property
    def summary(self) -> str:
        if self.missing:
            return (
                f"{len(self.missing)} checkpoint(s) without a time-stamp token: {self.error}; "
                "the next checkpoint tries again"
            )
        return f"time-stamp token written for checkpoint(s) {', '.join(map(str, self.stamped))}"

    def as_dict(self) -> dict:
        return {
            "stamped": self.stamped,
            "missing": len(self.missing),
            "missing_ids": self.missing,
            "error": self.error,
        }


@dataclass(frozen=True)
class WrittenCheckpoint(Checkpoint):
    """A checkpoint just written; ``time_stamp`` is None when no authority is configured."""

    time_stamp: TimeStamping | None = None


def chain_heads(session: Session) -> dict:
    versions = (
        sa.select(post_versions.c.source, post_versions.c.chain_seq, post_versions.c.chain_sha256)
        .distinct(post_versions.c.source)
        .order_by(post_versions.c.source, post_versions.c.chain_seq.desc())
    )
    audit = sa.select(AuditEvent.seq, AuditEvent.chain_sha256).order_by(AuditEvent.seq.desc())
    audit_head = session.execute(audit.limit(1)).first()
    return {
        "versions": {s: {"seq": q, "head": h} for s, q, h in session.execute(versions)},
        "audit": {"seq": audit_head[0], "head": audit_head[1]} if audit_head else None,
    }


def write_checkpoint(settings: Settings) -> WrittenCheckpoint:
    """Sign the current heads and counts; store the manifest in the database and, once that
    is committed, as a file under the checkpoint directory (``checkpoint-<id>.json``). Then,
    with a time-stamp authority configured, get the tokens of this and of every earlier
    checkpoint that still lacks one; an authority that is down leaves them missing."""
    with transaction(settings) as session:
        # one snapshot for the heads and the counts, whatever is archived meanwhile
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        key = load_or_create_key(settings.signing_key_path)
        checkpoint = _sign_heads(session, key, time_stamped=settings.tsa_url is not None)
    _write_file(settings.checkpoint_path, checkpoint)
    time_stamp = _time_stamp_pending(settings) if settings.tsa_url else None
    return WrittenCheckpoint(
        checkpoint.manifest, checkpoint.signature, checkpoint.public_key, time_stamp
    )


def _sign_heads(session: Session, key, time_stamped: bool) -> Checkpoint:
    previous = session.scalars(
        sa.select(CheckpointRow).order_by(CheckpointRow.id.desc()).limit(1)
    ).first()
    next_id = session.scalar(sa.select(sa.func.nextval(sa.text("'checkpoints_id_seq'"))))
    created_at = datetime.now(UTC)
    manifest = {
        "format": FORMAT,
        "id": next_id,
        "created_at": created_at.isoformat(),
        "database": session.scalar(sa.select(sa.func.current_database())),
        "chains": chain_heads(session),
        "counts": {
            "versions": session.scalar(sa.select(sa.func.count()).select_from(post_versions)),
            "audit_events": session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)),
        },
        "previous_sha256": sha256_hex(canonical_json(previous.manifest)) if previous else None,
        "key_id": key_id(public_key_text(key)),
    }
    if time_stamped:  # a time-stamp token is to be found beside the file
        manifest["time_stamped"] = True
    signature = sign(key, canonical_json(manifest))
    session.add(
        CheckpointRow(id=next_id, created_at=created_at, manifest=manifest, signature=signature)
    )
    return Checkpoint(manifest, signature, public_key_text(key))


def _write_file(directory: Path, checkpoint: Checkpoint) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"checkpoint-{checkpoint.id:08d}.json"
    _write_atomically(path, json.dumps(checkpoint.as_dict(), indent=2, sort_keys=True).encode())


def _write_atomically(path: Path, data: bytes) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    partial.replace(path)


def _time_stamp_pending(settings: Settings) -> TimeStamping:
    """Ask the authority for a token for each checkpoint file that lacks one, newest first;
    the first failure stops the run, so a down authority costs one bounded wait."""
    pending = _unstamped(settings.checkpoint_path)
    stamped: list[int] = []
    error = None
    for checkpoint_id, path in pending:
        try:
            token = request_token(settings.tsa_url, path.read_bytes())
        except TimeStampError as exc:
            error = str(exc)
            break
        _write_atomically(token_path(path), token)
        stamped.append(checkpoint_id)
    missing = [checkpoint_id for checkpoint_id, _ in pending[len(stamped) :]]
    return TimeStamping(stamped, missing, error)


def _unstamped(directory: Path) -> list[tuple[int, Path]]:
    """The newest checkpoint files that asked for a time-stamp token and have none, back to
    the first one that has its token (or was written without an authority)."""
    found = []
    for path in reversed(checkpoint_files(directory)):
        manifest = _manifest(path)
        if token_path(path).exists() or not manifest.get("time_stamped"):
            break
        found.append((manifest["id"], path))
    return found


def token_path(checkpoint_file: Path) -> Path:
    """Where the time-stamp token of a checkpoint file is: ``checkpoint-<id>.tsr``."""
    return checkpoint_file.with_suffix(".tsr")


def checkpoint_files(directory: Path) -> list[Path]:
    """The checkpoint files in the directory, oldest first."""
    return sorted(directory.glob("checkpoint-*.json")) if directory.is_dir() else []


def expects_token(checkpoint_file: Path) -> bool:
    """Whether the checkpoint was written with a time-stamp authority configured."""
    return bool(_manifest(checkpoint_file).get("time_stamped"))


def _manifest(checkpoint_file: Path) -> dict:
    return json.loads(checkpoint_file.read_text())["manifest"]


def latest_checkpoint_file(directory: Path) -> Checkpoint | None:
    """The newest checkpoint in the directory, or None when there is none."""
    files = checkpoint_files(directory)
    if not files:
        return None
    data = json.loads(files[-1].read_text())
    return Checkpoint(data["manifest"], data["signature"], data["public_key"])
