"""The raw store: every captured file or response, byte for byte, addressed by SHA-256.

A payload is written to a temporary file beside its place, synced, and renamed into it, so a
reader never sees half a payload. A write that fails (a full disk, a directory the process may
not write to) removes its temporary file and is one ArchiveError naming the store and the
cause; the capture run that asked for it fails with that sentence and keeps its cursor.
"""

import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from pipeline.exc import ArchiveError

CHUNK = 1 << 20


def raw_path(raw_dir: Path, sha256: str) -> Path:
    return raw_dir / sha256[:2] / sha256


def store_raw_bytes(raw_dir: Path, data: bytes) -> tuple[str, int]:
    """Store a response body; returns (sha256, size)."""
    sha256 = hashlib.sha256(data).hexdigest()
    if not raw_path(raw_dir, sha256).exists():
        _write_payload(raw_dir, [data])
    return sha256, len(data)


def store_raw_file(raw_dir: Path, source: Path) -> tuple[str, int]:
    """Copy ``source`` into the store while hashing it; returns (sha256, size).
    Storing the same bytes twice keeps one copy."""
    with source.open("rb") as src:
        return _write_payload(raw_dir, iter(lambda: src.read(CHUNK), b""))


def _write_payload(raw_dir: Path, chunks: Iterable[bytes]) -> tuple[str, int]:
    digest, size, tmp = hashlib.sha256(), 0, None
    try:
        raw_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=raw_dir, prefix=".incoming-", delete=False) as tmp:
            for chunk in chunks:
                digest.update(chunk)
                tmp.write(chunk)
                size += len(chunk)
            tmp.flush()
            os.fsync(tmp.fileno())
        target = raw_path(raw_dir, digest.hexdigest())
        if not target.exists():
            target.parent.mkdir(exist_ok=True)
            os.replace(tmp.name, target)
            target.chmod(0o444)
    except OSError as exc:
        raise ArchiveError(
            f"the raw store {raw_dir} cannot be written ({exc.strerror or exc}); the items "
            "stored before are kept and the source's cursor has not moved, so run the "
            "capture again once it can be"
        ) from exc
    finally:
        if tmp is not None and os.path.exists(tmp.name):
            os.unlink(tmp.name)
    return digest.hexdigest(), size


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
