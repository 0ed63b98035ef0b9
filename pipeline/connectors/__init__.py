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
from pipeline.connectors.facebook_page import FacebookPage
from pipeline.connectors.linkedin_export import LinkedInExport
from pipeline.connectors.mastodon import Mastodon
from pipeline.connectors.rss import Rss
from pipeline.connectors.x_api import XApi
from pipeline.connectors.x_archive import XArchive
from pipeline.connectors.yammer_api import YammerApi
from pipeline.connectors.yammer_export import YammerExport
from pipeline.exc import ConfigurationError
from schemas import SourceKind

CONNECTORS: dict[SourceKind, Connector] = {
    c.kind: c
    for c in (
        YammerApi(),
        YammerExport(),
        XApi(),
        XArchive(),
        Mastodon(),
        Rss(),
        LinkedInExport(),
        FacebookPage(),
    )
}


def get_connector(kind: str) -> Connector:
    try:
        return CONNECTORS[SourceKind(kind)]
    except ValueError:
        known = ", ".join(k.value for k in SourceKind)
        raise ConfigurationError(f"unknown source kind {kind!r}; known kinds: {known}") from None


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
