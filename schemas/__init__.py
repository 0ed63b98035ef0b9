"""The one declarative definition of Archivist's records.

The database columns (``pipeline.archive.models``), the Elasticsearch mapping
(``search.mapping``) and the API/CLI JSON are all derived from these models.
"""

from schemas.fields import Column, Index
from schemas.person import Person
from schemas.post import (
    Attachment,
    Engagement,
    Enrichment,
    GroupRef,
    IndexedPost,
    PersonRef,
    Post,
    Provenance,
    Visibility,
    document_content_sha256,
    make_post_id,
    post_content_sha256,
)
from schemas.source import Source, SourceKind

__all__ = [
    "Attachment",
    "Column",
    "Engagement",
    "Enrichment",
    "GroupRef",
    "Index",
    "IndexedPost",
    "Person",
    "PersonRef",
    "Post",
    "Provenance",
    "Source",
    "SourceKind",
    "Visibility",
    "make_post_id",
    "document_content_sha256",
    "post_content_sha256",
]
