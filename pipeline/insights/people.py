"""People analytics as each role may see them: the activity index and the advocacy map per
person for the roles policy allows (``ARCHIVIST_PERSON_ANALYTICS_ROLES``, every view audited),
team figures for everyone else. People who objected (``ARCHIVIST_ANALYTICS_OPT_OUT_FILE``) are
left out of everything, and a team of fewer than MIN_TEAM people shows no figures: with so
few, an average is a person."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from statistics import mean

from pipeline.archive import insights as archive_insights
from pipeline.archive.db import transaction
from pipeline.exc import Forbidden, NotFound
from pipeline.insights.activity import compute_indices, count_signals
from pipeline.insights.advocacy import place
from pipeline.insights.charts import Format, advocacy_chart
from pipeline.insights.views import record_view
from pipeline.settings import Settings
from schemas import Person
from schemas.insights import (
    ActivityIndex,
    AdvocacyPlacement,
    AdvocacyType,
    PillarName,
    TeamActivity,
)
from search.visibility import check_role

WINDOW_DAYS = 90
NETWORK_DAYS = 365
MIN_TEAM = 5


@dataclass(frozen=True)
class Snapshot:
    """Everyone's index on one day, and their network over the year before it."""

    day: date
    indices: list[ActivityIndex]
    network: dict[str, int]

    def placements(self) -> list[AdvocacyPlacement]:
        return [place(index, self.network.get(index.person_id, 0)) for index in self.indices]


def may_see_people(settings: Settings, role: str) -> bool:
    return check_role(role) in settings.person_analytics_roles


def opted_out(settings: Settings) -> set[str]:
    """Person ids and e-mail addresses (lower case) of those who objected."""
    path = settings.analytics_opt_out_path
    if not path.is_file():
        return set()
    lines = (line.split("#", 1)[0].strip() for line in path.read_text("utf-8").splitlines())
    return {line.lower() for line in lines if line}


def snapshot(settings: Settings, day: date, window_days: int = WINDOW_DAYS) -> Snapshot:
    """Every current staff member's index on ``day`` (over the ``window_days`` before it)
    and network size (over the year before it), the opted-out left out."""
    end = datetime.combine(day + timedelta(days=1), time(), UTC)
    start, earlier = end - timedelta(days=window_days), end - timedelta(days=2 * window_days)
    year = end - timedelta(days=NETWORK_DAYS)
    with transaction(settings) as session:
        staff = _current(archive_insights.staff(session), opted_out(settings))
        posts = archive_insights.contributions(session, min(earlier, year), end)
        parents = {p.reply_to or p.quote_of for p in posts} - {None}
        parent_authors = archive_insights.authors_of(session, parents)
    window = [p for p in posts if p.created_at >= start]
    before = [p for p in posts if earlier <= p.created_at < start]
    indices = compute_indices(staff, window, before, parent_authors, day, window_days)
    counts = count_signals([p for p in posts if p.created_at >= year], parent_authors)
    network = {p.id: len(counts[p.id].contacts) for p in staff if p.id in counts}
    return Snapshot(day, indices, network)


def _current(staff: list[Person], objected: set[str]) -> list[Person]:
    return [
        p
        for p in staff
        if (p.state or "active") not in ("deleted", "suspended")
        and p.id.lower() not in objected
        and (p.email or "").lower() not in objected
    ]


def record_day(settings: Settings, day: date) -> int:
    """Compute and store everyone's index for ``day`` (the daily DAG), replacing what was
    stored for it, and remove every stored index of people who objected or left since;
    returns how many people were scored."""
    taken = snapshot(settings, day)
    with transaction(settings) as session:
        archive_insights.store_day(
            session, day, list(zip(taken.indices, taken.placements(), strict=True))
        )
        archive_insights.forget_people(session, {i.person_id for i in taken.indices})
    return len(taken.indices)


def person_history(
    settings: Settings, role: str, person_id: str, since: date
) -> list[ActivityIndex]:
    """The person's stored daily indices from ``since``, for a role that may see persons;
    one audited view."""
    if not may_see_people(settings, role):
        raise Forbidden(f"the role {role} sees team figures, not one person's activity")
    if _objected(settings, person_id):
        raise NotFound(f"no activity index for {person_id}: not current staff, or opted out")
    with transaction(settings) as session:
        history = archive_insights.activity_history(session, person_id, since)
    target = {"person": person_id, "since": str(since)}
    record_view(settings, role, "view_person_activity", target, len(history))
    return history


def _objected(settings: Settings, person_id: str) -> bool:
    return person_id.lower() in opted_out(settings)


def person_activity(settings: Settings, role: str, person_id: str, day: date) -> ActivityIndex:
    """One person's index, for a role that may see persons; one audited view."""
    if not may_see_people(settings, role):
        raise Forbidden(f"the role {role} sees team figures, not one person's activity")
    found = next((i for i in snapshot(settings, day).indices if i.person_id == person_id), None)
    if found is None:
        raise NotFound(f"no activity index for {person_id}: not current staff, or opted out")
    record_view(settings, role, "view_person_activity", {"person": person_id, "day": str(day)}, 1)
    return found


def people_activity(settings: Settings, role: str, day: date) -> list[ActivityIndex]:
    """Everyone's index, highest first, for a role that may see persons; one audited view."""
    if not may_see_people(settings, role):
        raise Forbidden(f"the role {role} sees team figures, not one person's activity")
    indices = sorted(snapshot(settings, day).indices, key=lambda i: (-i.total, i.name))
    record_view(settings, role, "view_people_activity", {"day": str(day)}, len(indices))
    return indices


def advocacy_map(settings: Settings, role: str, day: date) -> list[AdvocacyPlacement]:
    """Every person's place on the map, for a role that may see persons; one audited view."""
    if not may_see_people(settings, role):
        raise Forbidden(f"the role {role} sees team figures, not where each person stands")
    placements = snapshot(settings, day).placements()
    record_view(settings, role, "view_advocacy_map", {"day": str(day)}, len(placements))
    return placements


def advocacy_picture(settings: Settings, role: str, day: date, fmt: Format = "png") -> bytes:
    """The advocacy map as an image: a dot per person for the roles that may see persons
    (an audited view), only how many people are of each type for everyone else."""
    if may_see_people(settings, role):
        return advocacy_chart(advocacy_map(settings, role, day), fmt)
    return advocacy_chart(snapshot(settings, day).placements(), fmt, people=False)


def team_activity(settings: Settings, day: date) -> list[TeamActivity]:
    """Each team's mean index and pillars and how many of its people are of each type, for
    teams of at least MIN_TEAM people; what every role may see."""
    return _teams(snapshot(settings, day))


@dataclass(frozen=True)
class InsightsView:
    """The insights page: the map (an SVG), the people on it for the roles that may see
    persons (empty for the others), and the team figures."""

    day: date
    map_svg: str
    people: list[tuple[ActivityIndex, AdvocacyPlacement]]
    teams: list[TeamActivity]


def insights_view(settings: Settings, role: str, day: date) -> InsightsView:
    taken = snapshot(settings, day)
    placements = taken.placements()
    if not may_see_people(settings, role):
        chart = advocacy_chart(placements, "svg", people=False)
        return InsightsView(day, _inline(chart), [], _teams(taken))
    pairs = sorted(
        zip(taken.indices, placements, strict=True), key=lambda p: (-p[0].total, p[0].name)
    )
    record_view(settings, role, "view_advocacy_map", {"day": str(day)}, len(pairs))
    return InsightsView(day, _inline(advocacy_chart(placements, "svg")), pairs, _teams(taken))


def _inline(svg: bytes) -> str:
    """The SVG element alone, without the XML declaration and doctype, to sit in a page."""
    text = svg.decode()
    return text[text.index("<svg") :]


def _teams(taken: Snapshot) -> list[TeamActivity]:
    teams: dict[str, list[tuple[ActivityIndex, AdvocacyPlacement]]] = defaultdict(list)
    for index, placement in zip(taken.indices, taken.placements(), strict=True):
        if index.team:
            teams[index.team].append((index, placement))
    return [
        TeamActivity(
            team=team,
            people=len(members),
            mean_total=round(mean(i.total for i, _ in members), 1),
            mean_pillars={
                name: round(mean(_points(i, name) for i, _ in members), 1) for name in PillarName
            },
            types={kind: sum(1 for _, p in members if p.type == kind) for kind in AdvocacyType},
        )
        for team, members in sorted(teams.items())
        if len(members) >= MIN_TEAM
    ]


def _points(index: ActivityIndex, name: PillarName) -> float:
    return next(p.points for p in index.pillars if p.name == name)
