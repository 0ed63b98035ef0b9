"""Commands for people analytics: the social activity index, the advocacy map and team
figures. Each parses its options, calls one library function and prints the result."""

from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli_output import JsonOption, RoleOption, console, print_json
from pipeline.settings import get_settings

insights_app = typer.Typer(
    help="People analytics: activity index, advocacy map, team figures.", no_args_is_help=True
)
DayOption = Annotated[
    datetime | None,
    typer.Option(
        "--day", formats=["%Y-%m-%d"], help="The day to compute for (UTC); default today."
    ),
]


def register(app: typer.Typer) -> None:
    app.add_typer(insights_app, name="insights")
    app.command("report")(report)


def report(
    out: Annotated[Path, typer.Option(help="The HTML file; the PDF is written beside it.")],
    last_day: Annotated[
        datetime | None,
        typer.Option(
            "--last-day", formats=["%Y-%m-%d"], help="The week's last day; default today."
        ),
    ] = None,
    role: RoleOption = "analyst",
) -> None:
    """The weekly analyst report for the seven days ending on a day: volume per source and
    language, categories per day, the most engaging posts inside and outside, outside
    reactions and spikes, new vacancies and their reach, the advocacy map. HTML with the
    charts in it, and PDF. As the role may see it; audited. The weekly_report DAG writes one
    every Monday into ARCHIVIST_REPORTS_DIR.

    Example: archivist report --last-day 2024-03-24 --out week-12.html
    """
    from pipeline.insights.report import write_report

    for written in write_report(get_settings(), role, _day(last_day), out):
        console.print(f"written {written}", highlight=False)


def _day(value: datetime | None) -> date:
    return value.date() if value else datetime.now(UTC).date()


@insights_app.command("activity")
def insights_activity(
    person: Annotated[
        str | None, typer.Argument(help="A person id; leave out for everyone, highest first.")
    ] = None,
    day: DayOption = None,
    role: RoleOption = "analyst",
    as_json: JsonOption = False,
) -> None:
    """The social activity index (0-100, four pillars of 0-25) over the last 90 days: for
    one person with every signal that produced it, or for everyone. Only the roles in
    ARCHIVIST_PERSON_ANALYTICS_ROLES may ask; each view is audited.

    Example: archivist insights activity yammer.nordlys:user:1550674 --day 2024-03-20
    """
    from pipeline.insights.people import people_activity, person_activity

    settings = get_settings()
    if person:
        index = person_activity(settings, role, person, _day(day))
        if as_json:
            print_json(index.model_dump(mode="json"))
            return
        _print_index(index)
        return
    indices = people_activity(settings, role, _day(day))
    if as_json:
        print_json([i.model_dump(mode="json") for i in indices])
        return
    for index in indices:
        pillars = "  ".join(f"{p.points:5.1f}" for p in index.pillars)
        console.print(
            f"{index.total:5.1f}  [{pillars}]  {index.name} ({index.team or 'no team'}), "
            f"top {100 - index.organisation_percentile:.0f}%",
            highlight=False,
            markup=False,
        )


def _print_index(index) -> None:
    console.print(
        f"{index.name} ({index.team or 'no team'}): {index.total} of 100 on {index.day}, "
        f"over {index.window_days} days; above {index.team_percentile}% of the team and "
        f"{index.organisation_percentile}% of the organisation",
        highlight=False,
        markup=False,
    )
    for pillar in index.pillars:
        console.print(f"  {pillar.name.value}: {pillar.points} of 25", highlight=False)
        for s in pillar.signals:
            value = "not in the sources" if s.value is None else f"{s.value:g}"
            full = f" (full at {s.full_at:g})" if s.full_at else ""
            console.print(f"    {s.name}: {value}{full} -> {s.points}", highlight=False)


@insights_app.command("history")
def insights_history(
    person: Annotated[str, typer.Argument(help="A person id.")],
    since: Annotated[datetime, typer.Option(formats=["%Y-%m-%d"], help="First day (UTC).")],
    role: RoleOption = "analyst",
    as_json: JsonOption = False,
) -> None:
    """A person's stored daily index from a day on (the people_analytics DAG stores one a
    day), with the four pillars. For the roles in ARCHIVIST_PERSON_ANALYTICS_ROLES; audited.

    Example: archivist insights history yammer.nordlys:user:1550674 --since 2024-01-01
    """
    from pipeline.insights.people import person_history

    history = person_history(get_settings(), role, person, since.date())
    if as_json:
        print_json([i.model_dump(mode="json") for i in history])
        return
    if not history:
        console.print(f"no stored index for {person} since {since.date()}", highlight=False)
    for index in history:
        pillars = "  ".join(f"{p.points:5.1f}" for p in index.pillars)
        console.print(
            f"{index.day}  {index.total:5.1f}  [{pillars}]", highlight=False, markup=False
        )


@insights_app.command("advocacy")
def insights_advocacy(
    chart: Annotated[
        Path | None,
        typer.Option(help="Also draw the map into this .png or .svg file."),
    ] = None,
    day: DayOption = None,
    role: RoleOption = "analyst",
    as_json: JsonOption = False,
) -> None:
    """The employee advocacy map: everyone by network size (people exchanged with in the
    last year) and activity index, their type of the nine and the next step for it. For the
    roles in ARCHIVIST_PERSON_ANALYTICS_ROLES; audited.

    Example: archivist insights advocacy --chart advocacy.png
    """
    from pipeline.insights.charts import advocacy_chart
    from pipeline.insights.people import advocacy_map

    placements = advocacy_map(get_settings(), role, _day(day))
    if chart is not None:
        fmt = "svg" if chart.suffix.lower() == ".svg" else "png"
        chart.write_bytes(advocacy_chart(placements, fmt))
    if as_json:
        print_json([p.model_dump(mode="json") for p in placements])
        return
    for p in sorted(placements, key=lambda p: (p.type.value, p.name)):
        console.print(
            f"{p.type.value:<12} {p.name} ({p.team or 'no team'}): network {p.network_size}, "
            f"activity {p.activity}",
            highlight=False,
            markup=False,
        )
    if chart is not None:
        console.print(f"map written to {chart}", highlight=False)


@insights_app.command("teams")
def insights_teams(day: DayOption = None, as_json: JsonOption = False) -> None:
    """Team figures every role may see: people, mean index and pillars, and how many are of
    each advocacy type, for teams of at least five people (the opted-out left out).

    Example: archivist insights teams --json
    """
    from pipeline.insights.people import team_activity

    teams = team_activity(get_settings(), _day(day))
    if as_json:
        print_json([t.model_dump(mode="json") for t in teams])
        return
    for t in teams:
        types = ", ".join(f"{k.value} {n}" for k, n in t.types.items() if n)
        console.print(
            f"{t.team}: {t.people} people, mean {t.mean_total}; {types}",
            highlight=False,
            markup=False,
        )


@insights_app.command("stories")
def insights_stories(
    day: DayOption = None,
    decided: Annotated[
        bool, typer.Option("--decided", help="Also list the stories marked used or rejected.")
    ] = False,
    role: RoleOption = "pr",
    as_json: JsonOption = False,
) -> None:
    """The PR story finder: company-wide internal posts of the last 60 days that could go
    out as stories (positive, no personal data, nothing confidential), ranked, with the
    reasons and where a similar story is already out. For PR and the analyst; audited.

    Example: archivist insights stories --day 2024-03-20
    """
    from pipeline.insights.stories import find_stories

    stories = find_stories(get_settings(), role, _day(day), include_decided=decided)
    if as_json:
        print_json([asdict(s) for s in stories])
        return
    for s in stories:
        mark = f" [{s.decision.decision}]" if s.decision else ""
        console.print(
            f"{s.rank:5.1f}{mark}  {s.post.post_id}  {s.post.author} in {s.post.group or '-'}: "
            f"{s.post.text[:80]}",
            highlight=False,
            markup=False,
        )
        console.print(f"       {'; '.join(s.reasons)}", highlight=False, markup=False)
        for hit in s.told_outside:
            console.print(f"       already out: {hit.post_id}", highlight=False, markup=False)


@insights_app.command("story")
def insights_story(
    post_id: Annotated[str, typer.Argument(help="The candidate's post id.")],
    decision: Annotated[str, typer.Option(help="used (it went out) or rejected.")],
    note: Annotated[str | None, typer.Option(help="Why, in a sentence.")] = None,
    role: RoleOption = "pr",
) -> None:
    """Mark a story finder candidate as used or rejected: it leaves the list (see it again
    with `stories --decided`). Recorded, with who and when, and audited.

    Example: archivist insights story yammer.nordlys:3104454998924589 --decision used
    """
    from pipeline.insights.stories import decide_story

    made = decide_story(get_settings(), role, post_id, decision, note)
    console.print(f"{made.post_id} marked {made.decision} by {made.decided_by}", highlight=False)


@insights_app.command("reactions")
def insights_reactions(
    since: Annotated[datetime, typer.Option(formats=["%Y-%m-%d"], help="First day (UTC).")],
    until: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Last day; default today.")
    ] = None,
    role: RoleOption = "pr",
    as_json: JsonOption = False,
) -> None:
    """Outside reactions: negative public posts from outside, with their triage (engage and
    fix, correct politely, monitor only), grouped by topic, and the days they spiked. For
    PR and the analyst; audited.

    Example: archivist insights reactions --since 2024-03-01 --until 2024-03-31
    """
    from pipeline.insights.reactions import outside_reactions

    report = outside_reactions(get_settings(), role, since.date(), _day(until))
    if as_json:
        print_json(asdict(report))
        return
    triage = ", ".join(f"{k} {n}" for k, n in report.triage.items()) or "none"
    console.print(
        f"{report.posts} negative posts outside, {report.since} to {report.until}: {triage}",
        highlight=False,
    )
    for spike in report.spikes:
        console.print(f"  spike on {spike.day}: {spike.posts} (usually {spike.baseline})")
    for topic in report.topics:
        spiked = "; spiked " + ", ".join(str(s.day) for s in topic.spikes) if topic.spikes else ""
        triaged = ", ".join(f"{k} {n}" for k, n in topic.triage.items())
        console.print(
            f"{topic.name}: {topic.posts} ({triaged}){spiked}", highlight=False, markup=False
        )
        for r in topic.examples:
            example = f"    [{r.triage}] {r.source}: {r.text[:90]}"
            console.print(example, highlight=False, markup=False)


@insights_app.command("vacancies")
def insights_vacancies(
    day: DayOption = None, role: RoleOption = "recruitment", as_json: JsonOption = False
) -> None:
    """Vacancies of the last 90 days from every source, merged by the link they point to,
    with who shared each where (internal, LinkedIn, X, ...) and the reach of those shares:
    the referral network at work. For recruitment and the analyst; audited.

    Example: archivist insights vacancies --day 2024-03-20
    """
    from pipeline.insights.recruitment import vacancies

    found = vacancies(get_settings(), role, _day(day))
    if as_json:
        print_json([asdict(v) for v in found])
        return
    for v in found:
        console.print(
            f"{v.key}: {len(v.shares)} posts by {v.sharers} people on "
            f"{', '.join(v.platforms)}, reach {v.reach}; first {v.first_posted:%Y-%m-%d}",
            highlight=False,
            markup=False,
        )
        for share in v.shares:
            line = f"    {share.at:%Y-%m-%d} {share.platform:<9} {share.who} (reach {share.reach})"
            console.print(line, highlight=False, markup=False)


@insights_app.command("candidates")
def insights_candidates(
    skills: Annotated[str, typer.Argument(help='What to look for, e.g. "data engineer" OR dbt.')],
    role: RoleOption = "recruitment",
    as_json: JsonOption = False,
) -> None:
    """Candidate discovery: public posts from outside that match skills and interests, best
    first. Reads only what was published to everyone; authors as pseudonyms where policy
    says. For recruitment and the analyst; audited.

    Example: archivist insights candidates '"data engineer" OR dbt OR airflow'
    """
    from pipeline.insights.recruitment import candidate_posts

    found = candidate_posts(get_settings(), role, skills)
    if as_json:
        print_json(found)
        return
    for document in found:
        author = (document.get("author") or {}).get("name")
        line = f"{document['source']}  {author}: {document.get('text', '')[:100]}"
        console.print(line, highlight=False, markup=False)
