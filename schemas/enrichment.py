"""What the NLP step adds to one post version: language, entities, social tokens, personal
data, categories with scores, sentiment and, for reactions to the organisation, a triage."""

from enum import StrEnum
from typing import Annotated

from pydantic import Field

from schemas.fields import CanonicalModel, Index


class Category(StrEnum):
    """Multi-label text categories (``../shared/DESIGN.md``, "Text categories")."""

    VACANCY = "vacancy"
    PR_STORY = "pr_story"
    COMPLAINT = "complaint"
    CONFIDENTIAL = "confidential"
    SCAM = "scam"
    EVENT = "event"
    LEGAL_RISK = "legal_risk"


class Sentiment(StrEnum):
    NEGATIVE = "negative"
    NEUTRAL = "neutral"
    POSITIVE = "positive"


class TriageAction(StrEnum):
    """Listen / assess / engage: what to do about an outside reaction to the organisation."""

    ENGAGE_AND_FIX = "engage_and_fix"  # a grounded, factual complaint
    CORRECT_POLITELY = "correct_politely"  # built on a misunderstanding or a rumour
    MONITOR_ONLY = "monitor_only"  # a rant or a troll: no oxygen
    THANK_AND_SHARE = "thank_and_share"  # praise


class EntityLabel(StrEnum):
    PERSON = "PERSON"
    ORG = "ORG"
    PLACE = "PLACE"
    PRODUCT = "PRODUCT"
    TEAM = "TEAM"


class PersonalDataKind(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    IBAN = "iban"
    BSN = "bsn"  # Dutch citizen service number, 11-check
    NIN_NO = "nin_no"  # Norwegian national identity number (fødselsnummer, D-number)
    PAYMENT_CARD = "payment_card"


class Entity(CanonicalModel):
    text: str
    label: EntityLabel
    start: int = Field(description="character offset in the post's text")
    end: int
    id: Annotated[str | None, Index.KEYWORD] = Field(
        default=None,
        description="the directory entry this is, when known: a person's id in the archive, "
        "or team:/product:/competitor:/office: and a slug",
    )


class PersonalData(CanonicalModel):
    kind: PersonalDataKind
    value: Annotated[str, Index.NONE]
    start: int
    end: int


class Triage(CanonicalModel):
    action: TriageAction
    score: float
    reason: Annotated[str, Index.NONE]


class Enrichment(CanonicalModel):
    """What the NLP step adds to one post version."""

    enricher: str = Field(description="name and version of the pipeline that produced this")
    models: dict[str, str] = Field(
        default={}, description="the language pipeline and trained models used, with versions"
    )
    language: str | None = None
    language_confidence: float | None = None
    entities: list[Entity] = []
    hashtags: list[str] = []
    mentions: list[str] = []
    mentioned_people: list[str] = Field(
        default=[], description="ids of the people the mentions resolve to, where known"
    )
    urls: list[str] = Field(default=[], description="normalised for cross-linking")
    pii: list[PersonalData] = []
    categories: dict[Category, float] = Field(default={}, description="score per category, 0 to 1")
    labels: list[Category] = Field(
        default=[], description="the categories whose score reaches the decision threshold"
    )
    sentiment: Sentiment | None = None
    triage: Triage | None = None
