"""The index mapping, derived from the schema's field annotations (``schemas.fields``)."""

import types
import typing
from datetime import datetime
from enum import Enum
from typing import Any

from pydantic import BaseModel

from schemas import IndexedPost
from schemas.canonical import canonical_json, sha256_hex
from schemas.fields import Index

Mapping = dict[str, Any]

# Language sub-fields of every multilingual text field. Analyzer names are Elasticsearch's
# built-in language analyzers; "standard" is the fallback for every other language.
LANGUAGE_ANALYZERS = {"nl": "dutch", "nb": "norwegian", "en": "english"}

KEYWORD: Mapping = {"type": "keyword", "ignore_above": 1024}
TEXT: Mapping = {"type": "text", "fields": {"raw": KEYWORD}}
MULTILINGUAL_TEXT: Mapping = {
    "type": "text",
    "analyzer": "standard",
    "fields": {code: {"type": "text", "analyzer": a} for code, a in LANGUAGE_ANALYZERS.items()},
}
SCALARS: dict[type, Mapping] = {
    str: KEYWORD,
    bool: {"type": "boolean"},
    int: {"type": "long"},
    float: {"type": "float"},
    datetime: {"type": "date"},
}
STORED_ONLY: Mapping = {"type": "keyword", "index": False, "doc_values": False}
MARKERS: dict[Index, Mapping] = {
    Index.NONE: STORED_ONLY,
    Index.KEYWORD: KEYWORD,
    Index.TEXT: TEXT,
    Index.MULTILINGUAL_TEXT: MULTILINGUAL_TEXT,
}


def _unwrap(annotation: Any) -> Any:
    """Strip Optional[...] and list[...]: Elasticsearch fields hold one value or many alike.
    Lists of models are indexed as plain objects (flattened), not nested documents."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _unwrap(args[0])
    if origin is list:
        return _unwrap(typing.get_args(annotation)[0])
    return annotation


def make_field_mapping(annotation: Any, metadata: list[Any]) -> Mapping:
    marker = next((m for m in metadata if isinstance(m, Index)), None)
    if marker is not None:
        return MARKERS[marker]
    if typing.get_origin(annotation) is dict:
        return _enum_keyed_mapping(annotation)
    inner = _unwrap(annotation)
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return {"properties": make_properties(inner)}
    if isinstance(inner, type) and issubclass(inner, Enum):
        return KEYWORD
    return SCALARS[inner]


def _enum_keyed_mapping(annotation: Any) -> Mapping:
    """``dict[SomeEnum, float]`` (category scores) is an object with one field per member;
    any other dict is kept in the document but not indexed."""
    key, value = typing.get_args(annotation)
    if isinstance(key, type) and issubclass(key, Enum):
        return {"properties": {member.value: SCALARS[value] for member in key}}
    return {"type": "object", "enabled": False}


def make_properties(model: type[BaseModel]) -> Mapping:
    return {
        name: make_field_mapping(field.annotation, field.metadata)
        for name, field in model.model_fields.items()
    }


def make_post_mapping() -> Mapping:
    return {"dynamic": "strict", "properties": make_properties(IndexedPost)}


def mapping_version() -> str:
    """Short hash of the mapping: a changed schema gives a new versioned index name."""
    return sha256_hex(canonical_json(make_post_mapping()))[:8]
