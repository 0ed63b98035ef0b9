"""People analytics: the activity index and the advocacy map on small hand-built cases whose
right answer is worked out here, then on the real archive with the sample organisation:
privacy by role, opt-outs, the team minimum, audited views, and charts a person can read."""

import math
from datetime import UTC, date, datetime, timedelta

import pytest

from pipeline.archive.audit import list_events
from pipeline.archive.db import transaction
from pipeline.archive.insights import Contribution
from pipeline.exc import Forbidden
from pipeline.insights import people
from pipeline.insights.activity import compute_indices
from pipeline.insights.advocacy import advocacy_type, place
from pipeline.insights.charts import advocacy_chart
from pipeline.insights.people import snapshot, team_activity
from pipeline.runs import ingest
from schemas import Person
from schemas.insights import AdvocacyType, PillarName
from tests.conftest import run_cli, settings_env

DAY = date(2024, 3, 20)
AT = datetime(2024, 3, 10, 9, tzinfo=UTC)


def person(pid: str, department: str | None = None, full: bool = False) -> Person:
    extra = {"job_title": "Consultant", "location": "Utrecht", "profile_url": "https://x.example"}
    return Person(id=pid, source="yammer.t", native_id=pid, name=pid.title(),
                  department=department, **(extra if full else {}))  # fmt: skip


def post(pid: str, author: str, reply_to=None, quote_of=None, mentioned=(), likes=0, days=0):
    return Contribution(pid, author, AT - timedelta(days=days), reply_to, quote_of,
                        tuple(mentioned), likes)  # fmt: skip


def points(weight: float, value: float, full_at: float) -> float:
    """One signal's points, worked out the way the module documents."""
    return round(25 * weight * min(1.0, math.log1p(value) / math.log1p(full_at)), 2)


STAFF = [person("anna", "Data & AI", full=True), person("bob", "Sales"), person("carol")]
WINDOW = [
    post("p1", "anna", likes=3),  # an original post with three likes
    post("p2", "bob", reply_to="p1"),  # bob answers anna twice
    post("p3", "bob", reply_to="p1"),
    post("p4", "anna", reply_to="p2"),  # anna answers bob once
    post("p5", "carol", mentioned=["anna"]),  # carol mentions anna
    post("p6", "carol", quote_of="p1"),  # and shares her post
]
PARENTS = {"p1": "anna", "p2": "bob"}


def by_name(indices):
    return {i.person_id: i for i in indices}


def pillar(index, name: PillarName) -> float:
    return next(p.points for p in index.pillars if p.name == name)


def test_each_pillar_of_a_hand_worked_case():
    anna = by_name(compute_indices(STAFF, WINDOW, [], PARENTS, DAY, 90))["anna"]
    brand = 25 * 0.3 * 1.0 + points(0.4, 1, 20) + points(0.3, 3 + 2, 50)  # likes + replies
    reach = points(0.5, 1, 30) + points(0.2, 0, 10) + points(0.3, 1, 5)  # she answered bob
    engage = points(0.6, 1, 30) + points(0.4, 0, 10)  # one comment on bob's reply
    bond = points(0.4, 1, 10) + points(0.3, 3, 40) + points(0.3, 2, 10)  # bob both ways
    assert pillar(anna, PillarName.PROFESSIONAL_BRAND) == pytest.approx(brand, abs=0.01)
    assert pillar(anna, PillarName.FINDING_THE_RIGHT_PEOPLE) == pytest.approx(reach, abs=0.01)
    assert pillar(anna, PillarName.ENGAGING_WITH_INSIGHTS) == pytest.approx(engage, abs=0.01)
    assert pillar(anna, PillarName.BUILDING_RELATIONSHIPS) == pytest.approx(bond, abs=0.01)
    assert anna.total == pytest.approx(brand + reach + engage + bond, abs=0.05)
    signals = {s.name: s for p in anna.pillars for s in p.signals}
    assert signals["reactions_given"].value is None and signals["reactions_given"].points == 0
    assert signals["people_reached"].value == 1  # bob; carol reached her, not she carol


def test_the_ranking_and_percentiles_of_the_hand_worked_case():
    indices = by_name(compute_indices(STAFF, WINDOW, [], PARENTS, DAY, 90))
    assert indices["anna"].total > indices["bob"].total > 0
    assert indices["anna"].organisation_percentile == pytest.approx(200 / 3, abs=0.1)
    assert indices["anna"].team_percentile == 0.0  # alone in her team
    assert indices["carol"].team_percentile is None  # no team
    nobody = compute_indices([person("dave")], [], [], {}, DAY, 90)[0]
    assert nobody.total == 0 and nobody.organisation_percentile == 0


def test_contacts_already_made_in_the_window_before_are_not_new():
    earlier = [post("e1", "bob", reply_to="p1", days=100)]
    anna = by_name(compute_indices(STAFF, WINDOW, earlier, PARENTS, DAY, 90))["anna"]
    signals = {s.name: s.value for p in anna.pillars for s in p.signals}
    assert signals["new_contacts"] == 1  # carol; bob she knew already


@pytest.mark.parametrize(
    ("network", "activity", "kind"),
    [
        (0, 0.0, AdvocacyType.INACTIVE),
        (9, 19.9, AdvocacyType.INACTIVE),
        (10, 20.0, AdvocacyType.COLLABORATOR),
        (5, 80.0, AdvocacyType.ENTHUSIAST),
        (39, 49.9, AdvocacyType.COLLABORATOR),
        (39, 50.0, AdvocacyType.NICHE_EXPERT),
        (40, 50.0, AdvocacyType.INFLUENCER),
        (100, 0.0, AdvocacyType.CONNECTOR),
        (100, 30.0, AdvocacyType.BROADCASTER),
        (20, 5.0, AdvocacyType.NETWORKER),
        (3, 35.0, AdvocacyType.PARTICIPANT),
    ],
)
def test_the_nine_types_and_their_boundaries(network, activity, kind):
    assert advocacy_type(network, activity) == kind


def test_an_inactive_person_is_told_to_complete_the_profile_first():
    dave = compute_indices([person("dave")], [], [], {}, DAY, 90)[0]
    placed = place(dave, network_size=0)
    assert placed.type == AdvocacyType.INACTIVE and "Complete the profile" in placed.next_step


def test_the_charts_are_real_images_with_the_nine_types():
    indices = compute_indices(STAFF, WINDOW, [], PARENTS, DAY, 90)
    placements = [place(i, n) for i, n in zip(indices, (45, 12, 3), strict=True)]
    png = advocacy_chart(placements, "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    svg = advocacy_chart(placements, "svg").decode()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    for label in ("Influencer", "Niche expert", "Inactive", "Advocacy map, 3 people"):
        assert label in svg
    counted = advocacy_chart(placements, "svg", people=False).decode()
    assert "PathCollection" not in counted and "PathCollection" in svg  # no dot per person


# --- on the real archive ----------------------------------------------------------------


@pytest.fixture
def sample_archive(own_archive, sample_exports, account, tmp_path):
    for export in sample_exports:
        ingest(own_archive, "yammer-export", export, account=account)
    return own_archive.model_copy(update={"analytics_opt_out_file": tmp_path / "opt-out.txt"})


def test_the_sample_organisation_gets_an_index_for_each_current_staff_member(sample_archive):
    taken = snapshot(sample_archive, DAY)
    assert len(taken.indices) >= 50
    assert all(0 <= i.total <= 100 for i in taken.indices)
    assert max(i.total for i in taken.indices) > 20
    assert {p.type for p in taken.placements()} >= {AdvocacyType.INACTIVE, AdvocacyType.PARTICIPANT}
    teams = team_activity(sample_archive, DAY)
    assert teams and all(t.people >= people.MIN_TEAM for t in teams)
    assert sum(sum(t.types.values()) for t in teams) == sum(t.people for t in teams)


def test_only_allowed_roles_see_persons_and_every_view_is_audited(sample_archive):
    anna = snapshot(sample_archive, DAY).indices[0]
    for role in ("pr", "recruitment", "legal"):
        with pytest.raises(Forbidden, match="team figures"):
            people.person_activity(sample_archive, role, anna.person_id, DAY)
    seen = people.person_activity(sample_archive, "analyst", anna.person_id, DAY)
    assert seen.person_id == anna.person_id
    people.advocacy_map(sample_archive, "analyst", DAY)
    with transaction(sample_archive) as session:
        actions = [(e.action, e.role, e.target) for e in list_events(session)]
    assert (
        "view_person_activity",
        "analyst",
        {"person": anna.person_id, "day": str(DAY)},
    ) in actions
    assert any(action == "view_advocacy_map" for action, _, _ in actions)


def test_people_who_opted_out_count_nowhere(sample_archive):
    taken = snapshot(sample_archive, DAY)
    out = taken.indices[0]
    sample_archive.analytics_opt_out_path.write_text(f"# objections\n{out.person_id}\n")
    again = snapshot(sample_archive, DAY)
    assert out.person_id not in {i.person_id for i in again.indices}
    assert len(again.indices) == len(taken.indices) - 1
    done = run_cli(
        "insights", "activity", out.person_id, "--day", str(DAY),
        settings=sample_archive,
        env={**settings_env(sample_archive),
             "ARCHIVIST_ANALYTICS_OPT_OUT_FILE": str(sample_archive.analytics_opt_out_path)},
    )  # fmt: skip
    assert done.returncode == 1 and "opted out" in done.stderr


def test_the_insights_commands_print_the_index_the_map_and_the_teams(sample_archive, tmp_path):
    env = settings_env(sample_archive)
    someone = snapshot(sample_archive, DAY).indices[0]
    one = run_cli("insights", "activity", someone.person_id, "--day", str(DAY),
                  settings=sample_archive, env=env)  # fmt: skip
    assert one.returncode == 0, one.stderr
    assert f"{someone.name} (" in one.stdout and "of 100 on 2024-03-20" in one.stdout
    assert "reactions_given: not in the sources" in one.stdout
    chart = tmp_path / "map.svg"
    placed = run_cli("insights", "advocacy", "--chart", str(chart), "--day", str(DAY),
                     settings=sample_archive, env=env)  # fmt: skip
    assert placed.returncode == 0, placed.stderr
    assert chart.read_text().count("<svg") == 1 and f"map written to {chart}" in placed.stdout
    refused = run_cli("insights", "advocacy", "--role", "pr", settings=sample_archive, env=env)
    assert refused.returncode == 1 and "team figures" in refused.stderr
    teams = run_cli("insights", "teams", "--day", str(DAY), settings=sample_archive, env=env)
    assert teams.returncode == 0 and " people, mean " in teams.stdout


def test_the_daily_dag_stores_the_day_replaces_it_on_a_rerun_and_forgets_who_objected(
    sample_archive,
):
    import sqlalchemy as sa

    from pipeline.archive.models import ActivityScoreRow
    from pipeline.orchestrate import run_dag

    def stored() -> list[tuple]:
        with transaction(sample_archive) as session:
            query = sa.select(ActivityScoreRow.day, ActivityScoreRow.person_id)
            return sorted(session.execute(query).all())

    night = datetime(2024, 3, 21, 2, 30, tzinfo=UTC)  # scores the day before: the 20th
    run_dag(sample_archive, "people_analytics", night, {})
    first = stored()
    scored = snapshot(sample_archive, DAY).indices
    assert first == sorted((DAY, i.person_id) for i in scored)
    run_dag(sample_archive, "people_analytics", night, {})
    assert stored() == first  # the day replaced, not added twice

    history = people.person_history(sample_archive, "analyst", scored[0].person_id, DAY)
    assert [h.day for h in history] == [DAY] and history[0] == scored[0]
    with pytest.raises(Forbidden):
        people.person_history(sample_archive, "pr", scored[0].person_id, DAY)

    sample_archive.analytics_opt_out_path.write_text(scored[0].person_id + "\n")
    run_dag(sample_archive, "people_analytics", night + timedelta(days=1), {})
    assert scored[0].person_id not in {person for _, person in stored()}


def test_the_networking_sample_adds_conversations_and_keeps_every_message_of_the_sample():
    from pipeline.sample import build_organisation

    plain, networked = build_organisation(), build_organisation(networking=True)
    assert networked.messages[: len(plain.messages)] == plain.messages
    assert len(networked.messages) > 3 * len(plain.messages)


def test_on_the_networking_sample_the_map_has_all_nine_types(own_archive, account, tmp_path):
    from pipeline.sample import build_organisation, write_yammer_exports

    for export in write_yammer_exports(build_organisation(networking=True), tmp_path):
        ingest(own_archive, "yammer-export", export, account=account)
    placed = snapshot(own_archive, DAY).placements()
    assert {p.type for p in placed} == set(AdvocacyType)
    influencer = next(p for p in placed if p.type == AdvocacyType.INFLUENCER)
    assert influencer.network_size >= 40 and influencer.activity >= 50
