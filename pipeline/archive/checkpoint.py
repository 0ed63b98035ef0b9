"""Checkpoints: signed manifests of every chain's head, written to the database and to a
directory meant to be copied to write-once storage. A chain rewritten inside the database
no longer ends in the head a checkpoint outside it recorded."""

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pipeline.archive.db import transaction
from pipeline.archive.models import AuditEvent, CheckpointRow, post_versions
from pipeline.archive.signing import key_id, load_or_create_key, public_key_text, sign
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


def write_checkpoint(settings: Settings) -> Checkpoint:
    """Sign the current heads and counts; store the manifest in the database and, once that
    is committed, as a file under the checkpoint directory (``checkpoint-<id>.json``)."""
    with transaction(settings) as session:
        # one snapshot for the heads and the counts, whatever is archived meanwhile
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        checkpoint = _sign_heads(session, load_or_create_key(settings.signing_key_path))
    _write_file(settings.checkpoint_path, checkpoint)
    return checkpoint


def _sign_heads(session: Session, key) -> Checkpoint:
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
    signature = sign(key, canonical_json(manifest))
    session.add(
        CheckpointRow(id=next_id, created_at=created_at, manifest=manifest, signature=signature)
    )
    return Checkpoint(manifest, signature, public_key_text(key))


def _write_file(directory: Path, checkpoint: Checkpoint) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"checkpoint-{checkpoint.id:08d}.json"
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(checkpoint.as_dict(), indent=2, sort_keys=True))
    partial.replace(path)


def latest_checkpoint_file(directory: Path) -> Checkpoint | None:
    """The newest checkpoint in the directory, or None when there is none."""
    files = sorted(directory.glob("checkpoint-*.json")) if directory.is_dir() else []
    if not files:
        return None
    data = json.loads(files[-1].read_text())
    return Checkpoint(data["manifest"], data["signature"], data["public_key"])
