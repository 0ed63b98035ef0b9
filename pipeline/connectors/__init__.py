"""Connectors: one module per source kind, each turning raw captured bytes into canonical
records (``schemas.Source``, ``schemas.Person``, ``schemas.Post``) or quarantined ones."""

from pipeline.connectors.base import (
    CaptureContext,
    Connector,
    Cursor,
    Quarantined,
    Record,
    Tombstone,
)
from pipeline.connectors.yammer_export import YammerExport
from pipeline.exc import ConfigurationError
from schemas import SourceKind

CONNECTORS: dict[SourceKind, Connector] = {YammerExport.kind: YammerExport()}


def get_connector(kind: str) -> Connector:
    try:
        return CONNECTORS[SourceKind(kind)]
    except ValueError:
        known = ", ".join(k.value for k in SourceKind)
        raise ConfigurationError(f"unknown source kind {kind!r}; known kinds: {known}") from None
    except KeyError:
        ready = ", ".join(k.value for k in CONNECTORS)
        raise ConfigurationError(
            f"source kind {kind!r} has no connector in this release yet; available: {ready}"
        ) from None


__all__ = [
    "CONNECTORS",
    "CaptureContext",
    "Connector",
    "Cursor",
    "Quarantined",
    "Record",
    "Tombstone",
    "get_connector",
]
