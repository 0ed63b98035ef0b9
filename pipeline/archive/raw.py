"""The raw store: every captured file or response, byte for byte, addressed by SHA-256."""

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

CHUNK = 1 << 20


def raw_path(raw_dir: Path, sha256: str) -> Path:
    return raw_dir / sha256[:2] / sha256


def store_raw_bytes(raw_dir: Path, data: bytes) -> tuple[str, int]:
    """Store a response body; returns (sha256, size)."""
    sha256 = hashlib.sha256(data).hexdigest()
    target = raw_path(raw_dir, sha256)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as tmp:
            tmp.write(data)
        os.replace(tmp.name, target)
        target.chmod(0o444)
    return sha256, len(data)


def store_raw_file(raw_dir: Path, source: Path) -> tuple[str, int]:
    """Copy ``source`` into the store while hashing it; returns (sha256, size).
    Storing the same bytes twice keeps one copy."""
    raw_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    with source.open("rb") as src, tempfile.NamedTemporaryFile(dir=raw_dir, delete=False) as tmp:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            tmp.write(chunk)
            size += len(chunk)
    sha256 = digest.hexdigest()
    target = raw_path(raw_dir, sha256)
    if target.exists():
        os.unlink(tmp.name)
    else:
        target.parent.mkdir(exist_ok=True)
        shutil.move(tmp.name, target)
        target.chmod(0o444)
    return sha256, size


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
