"""The one declarative definition of Archivist's records.

The database columns (``pipeline.archive.models``), the Elasticsearch mapping
(``search.mapping``) and the API/CLI JSON are all derived from these models.
"""

from schemas.enrichment import (
    Category,
    Enrichment,
    Entity,
    EntityLabel,
    PersonalData,
    PersonalDataKind,
    Sentiment,
    Triage,
    TriageAction,
)
from schemas.fields import Column, Index
from schemas.person import Person
from schemas.post import (
    Attachment,
    Engagement,
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
    "Category",
    "Column",
    "Engagement",
    "Enrichment",
    "Entity",
    "EntityLabel",
    "GroupRef",
    "Index",
    "IndexedPost",
    "Person",
    "PersonalData",
    "PersonalDataKind",
    "PersonRef",
    "Post",
    "Provenance",
    "Sentiment",
    "Source",
    "SourceKind",
    "Triage",
    "TriageAction",
    "Visibility",
    "make_post_id",
    "document_content_sha256",
    "post_content_sha256",
]
