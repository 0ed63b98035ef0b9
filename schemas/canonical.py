"""Canonical JSON (RFC 8785) and its SHA-256: the one place content hashes are computed."""

import hashlib
from typing import Any

import rfc8785
from pydantic import BaseModel


def canonical_json(value: BaseModel | dict[str, Any]) -> bytes:
    data = value.model_dump(mode="json") if isinstance(value, BaseModel) else value
    return rfc8785.dumps(data)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
