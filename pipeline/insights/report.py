"""The weekly analyst report: volume per source and language, categories over the days, the
most engaging posts inside and outside, outside reactions and their spikes, new vacancies and
their reach, and the advocacy map; one self-contained HTML file (charts embedded as PNG), and
the same as PDF through xhtml2pdf (pure Python, from the package index).

It is written for one role (the analyst by default) and shows only what that role may see,
as one audited view.
"""

import base64
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from importlib.resources import files
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from xhtml2pdf import pisa

from pipeline.exc import ArchiveError
from pipeline.insights import charts
from pipeline.insights.people import may_see_people, snapshot
from pipeline.insights.reactions import ReactionsReport, reactions_between
from pipeline.insights.recruitment import Vacancy, vacancies_posted
from pipeline.insights.views import record_view
from pipeline.legal import pseudonymiser
from pipeline.settings import Settings
from schemas import Visibility
from search.client import get_client
from search.indexer import posts_alias
from search.query import Hit
from search.report import most_engaging, week_volume
from search.visibility import check_role

TEMPLATES = Environment(
    loader=FileSystemLoader(str(files("pipeline.insights") / "templates")),
    autoescape=select_autoescape(["html"]),
)


@dataclass(frozen=True)
class WeeklyReport:
    role: str
    since: date
    until: date
    total: int
    sources: list[tuple[str, int]]
    languages: list[tuple[str, int]]
    top_internal: list[Hit]
    top_external: list[Hit]
    reactions: ReactionsReport
    vacancies: list[Vacancy]
    charts: dict[str, bytes]  # name -> PNG


def weekly_report(settings: Settings, role: str, last_day: date) -> WeeklyReport:
    """The seven days ending on ``last_day``, as ``role`` may see them; one audited view."""
    check_role(role)
    since = last_day - timedelta(days=6)
    start = datetime.combine(since, time(), UTC)
    end = datetime.combine(last_day + timedelta(days=1), time(), UTC)
    es, alias = get_client(settings), posts_alias(settings.index_prefix)
    pseudonym = pseudonymiser(settings, role)
    volume = week_volume(es, alias, role, start, end)
    drawn = {
        "sources": charts.bar_chart(volume["sources"], "Posts per source"),
        "languages": charts.bar_chart(volume["languages"], "Posts per language"),
        "categories": charts.categories_by_day_chart(volume["days"], "Categories per day"),
        "advocacy": _advocacy(settings, role, last_day),
    }
    report = WeeklyReport(
        role=role,
        since=since,
        until=last_day,
        total=volume["total"],
        sources=volume["sources"],
        languages=volume["languages"],
        top_internal=most_engaging(
            es, alias, role, start, end, Visibility.COMPANY_INTERNAL.value, pseudonym
        ),
        top_external=most_engaging(
            es, alias, role, start, end, Visibility.PUBLIC_EXTERNAL.value, pseudonym
        ),
        reactions=reactions_between(settings, role, since, last_day),
        vacancies=vacancies_posted(settings, role, start, end, pseudonym),
        charts=drawn,
    )
    record_view(
        settings, role, "weekly_report", {"since": str(since), "until": str(last_day)}, report.total
    )
    return report


def _advocacy(settings: Settings, role: str, day: date) -> bytes:
    """Dots per person only where the role may see persons; counts per type otherwise."""
    placements = snapshot(settings, day).placements()
    return charts.advocacy_chart(placements, "png", people=may_see_people(settings, role))


def render_html(report: WeeklyReport) -> str:
    images = {name: base64.b64encode(png).decode() for name, png in report.charts.items()}
    return TEMPLATES.get_template("report.html").render(report=report, images=images)


def render_pdf(html: str) -> bytes:
    out = io.BytesIO()
    done = pisa.CreatePDF(html, dest=out)
    if done.err:
        raise ArchiveError(f"the report could not be turned into PDF ({done.err} errors)")
    return out.getvalue()


def write_report(settings: Settings, role: str, last_day: date, out: Path) -> list[Path]:
    """The report as ``out`` (.html) and beside it as PDF; returns the files written."""
    html = render_html(weekly_report(settings, role, last_day))
    out.parent.mkdir(parents=True, exist_ok=True)
    pdf = out.with_suffix(".pdf")
    out.write_text(html, encoding="utf-8")
    pdf.write_bytes(render_pdf(html))
    return [out, pdf]
