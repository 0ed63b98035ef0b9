"""The canonical Post: one message on one platform, in one version."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated, NamedTuple

from pydantic import Field

from schemas.canonical import canonical_json, sha256_hex
from schemas.enrichment import Enrichment
from schemas.fields import CanonicalModel, Column, Index
from schemas.source import SourceKind


class Visibility(StrEnum):
    """Who could see the post where it was published; drives what each role may see."""

    PUBLIC_EXTERNAL = "public_external"
    COMPANY_INTERNAL = "company_internal"
    PRIVATE_GROUP = "private_group"
    DIRECT_MESSAGE = "direct_message"


class PersonRef(CanonicalModel):
    id: str
    name: Annotated[str, Index.TEXT]
    handle: str | None = None


class GroupRef(CanonicalModel):
    id: str
    name: Annotated[str, Index.TEXT]
    private: bool = False


class Attachment(CanonicalModel):
    kind: str  # uploadedfile, opengraphobject, image, video, link ...
    ref: str | None = None
    url: Annotated[str | None, Index.NONE] = None
    title: Annotated[str | None, Index.TEXT] = None


class Engagement(CanonicalModel):
    likes: int | None = None
    replies: int | None = None
    shares: int | None = None
    quotes: int | None = None
    views: int | None = None


class Provenance(CanonicalModel):
    """Where this version came from. Not part of the content hash: capturing the same
    content again is not a new version."""

    capture_run: int
    connector: SourceKind
    connector_version: str
    fetched_at: datetime
    raw_sha256: str = Field(description="SHA-256 of the captured file or response")
    raw_locator: Annotated[str, Index.NONE] = Field(
        description="where in the raw capture the record is, e.g. Messages.csv#row=12"
    )


def make_post_id(source: str, native_id: str) -> str:
    return f"{source}:{native_id}"


class Post(CanonicalModel):
    post_id: Annotated[str, Column(index=True, nullable=False)]
    source: Annotated[str, Column(index=True, nullable=False)]
    native_id: Annotated[str, Column(nullable=False)]
    url: Annotated[str | None, Index.NONE] = None
    thread_id: Annotated[str | None, Column(index=True)] = None
    reply_to_id: str | None = None
    quote_of_id: str | None = None
    author: PersonRef | None = None
    group: GroupRef | None = None
    created_at: Annotated[datetime | None, Column(index=True)] = None
    edited_at: Annotated[datetime | None, Column()] = None
    deleted_at: Annotated[datetime | None, Column()] = None
    title: Annotated[str | None, Index.TEXT] = None
    text: Annotated[str, Index.MULTILINGUAL_TEXT] = ""
    html: Annotated[str | None, Index.NONE] = None
    language: str | None = Field(default=None, description="as declared by the platform")
    hashtags: list[str] = []
    mentions: list[PersonRef] = []
    urls: list[str] = []
    attachments: list[Attachment] = []
    engagement: Engagement = Engagement()
    visibility: Annotated[Visibility, Column(index=True, nullable=False)]
    provenance: Provenance


def post_content_sha256(post: Post) -> str:
    """SHA-256 of the post's canonical JSON without its provenance: equal content, equal hash."""
    return document_content_sha256(post.model_dump(mode="json"))


def document_content_sha256(document: dict) -> str:
    """The same hash from a stored post document (``Post.model_dump(mode="json")``)."""
    content = {k: v for k, v in document.items() if k != "provenance"}
    return sha256_hex(canonical_json(content, float_free=True))


class IndexedPost(Post):
    """The search document: the latest version of a post, its history summary and enrichment."""

    version: int
    versions: int
    content_sha256: str
    archived_at: datetime
    is_edited: bool
    is_deleted: bool
    restricted: bool = Field(
        default=False,
        description="processing restricted after an erasure request (GDPR art. 18): "
        "kept for legal, hidden from PR and recruitment",
    )
    enrichment: Enrichment | None = None
    indexed_at: datetime | None = Field(
        default=None,
        description="when this document was last written to the index: saved searches "
        "alert on what was indexed in their interval",
    )


class IndexFingerprint(NamedTuple):
    """What tells one search document of a post from another: the version and its content
    hash, the history length, the restriction and the enricher. The archive and the index
    each give one per post; where they differ, the index has drifted."""

    post_id: str
    version: int
    versions: int
    content_sha256: str
    restricted: bool
    enricher: str | None

    @classmethod
    def of(cls, document: dict) -> "IndexFingerprint":
        """The fingerprint of an indexed document (its ``_source``, or the fields
        ``FINGERPRINT_FIELDS`` selects from it)."""
        enrichment = document.get("enrichment") or {}
        return cls(
            document["post_id"],
            document.get("version"),
            document.get("versions"),
            document.get("content_sha256"),
            bool(document.get("restricted")),
            enrichment.get("enricher"),
        )


FINGERPRINT_FIELDS = [
    "post_id",
    "version",
    "versions",
    "content_sha256",
    "restricted",
    "enrichment.enricher",
]
