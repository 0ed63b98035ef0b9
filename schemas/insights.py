"""The social activity index and the advocacy map: what the analyst, PR and recruitment read
about people's activity, per person where policy allows and per team otherwise."""

from datetime import date
from enum import StrEnum

from pydantic import Field

from schemas.fields import CanonicalModel


class PillarName(StrEnum):
    """The four pillars of 0-25 points, after LinkedIn's Social Selling Index."""

    PROFESSIONAL_BRAND = "professional_brand"
    FINDING_THE_RIGHT_PEOPLE = "finding_the_right_people"
    ENGAGING_WITH_INSIGHTS = "engaging_with_insights"
    BUILDING_RELATIONSHIPS = "building_relationships"


class Signal(CanonicalModel):
    """One measured signal and the points it gives its pillar."""

    name: str
    value: float | None = Field(description="what was counted; None: the sources do not say")
    full_at: float | None = Field(description="the value that gives this signal's full share")
    weight: float = Field(description="share of the pillar's 25 points")
    points: float


class Pillar(CanonicalModel):
    name: PillarName
    points: float = Field(ge=0, le=25)
    signals: list[Signal]


class ActivityIndex(CanonicalModel):
    """One person's index on one day over the rolling window before it."""

    person_id: str
    name: str
    team: str | None
    day: date
    window_days: int
    total: float = Field(ge=0, le=100)
    pillars: list[Pillar]
    team_percentile: float | None = Field(
        description="share of the team (0-100) scoring lower; None for a person with no team"
    )
    organisation_percentile: float


class AdvocacyType(StrEnum):
    """The nine types of the employee advocacy map: network size (small, medium, large)
    against social activity (low, medium, high)."""

    INACTIVE = "inactive"
    PARTICIPANT = "participant"
    ENTHUSIAST = "enthusiast"
    NETWORKER = "networker"
    COLLABORATOR = "collaborator"
    NICHE_EXPERT = "niche_expert"
    CONNECTOR = "connector"
    BROADCASTER = "broadcaster"
    INFLUENCER = "influencer"


class AdvocacyPlacement(CanonicalModel):
    person_id: str
    name: str
    team: str | None
    network_size: int = Field(description="distinct people exchanged with in the last year")
    activity: float = Field(description="the person's social activity index, 0-100")
    type: AdvocacyType
    next_step: str


class TeamActivity(CanonicalModel):
    """What every role may see: a team's figures, from enough people that none stands out."""

    team: str
    people: int
    mean_total: float
    mean_pillars: dict[PillarName, float]
    types: dict[AdvocacyType, int]
