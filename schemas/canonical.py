"""Canonical JSON (RFC 8785) and its SHA-256: the one place content hashes are computed.

For values without floating-point numbers and without object keys outside the Basic
Multilingual Plane, RFC 8785 output is exactly what orjson writes with sorted keys: the same
escapes, and UTF-16 and code-point key order agree. Archive records are such values, so they
take orjson (about fifty times faster than the reference implementation, which matters to
``archivist verify``); anything else goes to ``rfc8785``. A property test checks that the two
agree on arbitrary JSON.

A float in compact JSON is a number token with a fraction or exponent between structural
characters; a regular expression finds every one (and now and then a look-alike inside a
string, which only costs the slow path).
"""

import hashlib
import re
from typing import Any

import orjson
import rfc8785
from pydantic import BaseModel

_FLOAT = re.compile(
    rb"(?:^|[:,\[])-?[0-9]+(?:\.[0-9]+(?:[eE][-+]?[0-9]+)?|[eE][-+]?[0-9]+)(?:[,\]}]|$)"
)
_ASTRAL = re.compile(rb"[\xf0-\xf4]")  # lead byte of a 4-byte UTF-8 sequence


def canonical_json(value: BaseModel | dict[str, Any], float_free: bool = False) -> bytes:
    """RFC 8785 bytes of ``value``. ``float_free``: the caller vouches that the value is a
    record of a schema with no float fields and ASCII field names (a post document, a version
    row), so the two checks are skipped; were such a record tampered with to hold a float, its
    hash would still differ from the stored one, which is all a check needs."""
    data = value.model_dump(mode="json") if isinstance(value, BaseModel) else value
    try:
        text = orjson.dumps(data, option=orjson.OPT_SORT_KEYS | orjson.OPT_STRICT_INTEGER)
    except orjson.JSONEncodeError:
        return rfc8785.dumps(data)  # raises rfc8785's own error where the value is not JSON
    if float_free:
        return text
    if _FLOAT.search(text) or (_ASTRAL.search(text) and _astral_key(data)):
        return rfc8785.dumps(data)
    return text


def _astral_key(value: Any) -> bool:
    if isinstance(value, dict):
        return any(max(k, default="") > "\uffff" or _astral_key(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_astral_key(v) for v in value)
    return False


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
