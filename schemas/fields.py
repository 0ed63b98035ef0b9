"""Field annotations that tell each layer how to treat a schema field.

A field is annotated once, in ``schemas/``; the database and the index read these markers:

    native_id: Annotated[str, Column(index=True), Index.KEYWORD]
"""

from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, field_validator


class Index(StrEnum):
    """How a field is indexed in Elasticsearch. Fields without a marker get a type-based
    default (keyword for strings and enums, date, long, boolean)."""

    KEYWORD = "keyword"
    TEXT = "text"  # full text in every supported language, plus a keyword sub-field
    MULTILINGUAL_TEXT = "multilingual_text"  # analysed per language: nl, nb, en, standard
    NONE = "none"  # stored in the archive, not searchable


@dataclass(frozen=True)
class Column:
    """Marks a Post field as a real column of the archive's version table (besides the full
    canonical JSON document every version keeps)."""

    index: bool = False
    nullable: bool = True


class CanonicalModel(BaseModel):
    """Base of the canonical records: immutable, and text that PostgreSQL can store. NUL bytes
    are dropped and lone surrogates replaced by U+FFFD; the raw capture keeps the original
    bytes, so nothing is lost to the record."""

    model_config = ConfigDict(frozen=True)

    @field_validator("*", mode="before")
    @classmethod
    def _storable_text(cls, value):
        if isinstance(value, str):
            return value.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
        return value
