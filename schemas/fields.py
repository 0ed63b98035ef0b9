"""Field annotations that tell each layer how to treat a schema field.

A field is annotated once, in ``schemas/``; the database and the index read these markers:

    native_id: Annotated[str, Column(index=True), Index.KEYWORD]
"""

from dataclasses import dataclass
from enum import StrEnum


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
