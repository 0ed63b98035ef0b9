"""The weekly analyst report over the sample organisation and its outside world: every section
is there with real images, the PDF is a PDF with the same words, the role's limits hold, and
the weekly DAG writes both files."""

import base64
import re
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from pipeline.insights.report import render_html, render_pdf, weekly_report
from tests.conftest import run_cli, settings_env
from tests.web_server import sample_world

LAST_DAY = date(2024, 3, 17)
SECTIONS = ("Volume", "Categories over the week", "Most engaging internal posts",
            "Most engaging outside posts", "Outside reactions", "New vacancies and their reach",
            "Advocacy map")  # fmt: skip


@pytest.fixture(scope="module")
def week(session_settings, sample_exports, tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    settings = sample_world(session_settings, sample_exports, folder, ("x-api", "mastodon", "rss"))
    return settings.model_copy(update={"reports_dir": folder / "reports"})


def test_the_report_has_every_section_with_real_charts(week):
    report = weekly_report(week, "analyst", LAST_DAY)
    assert report.total > 50 and report.sources[0][0].startswith("yammer.")
    assert report.vacancies and all(v.shares for v in report.vacancies)
    html = render_html(report)
    for section in SECTIONS:
        assert f"<h2>{section}</h2>" in html
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', html)
    assert len(images) == 4
    assert all(base64.b64decode(i)[:8] == b"\x89PNG\r\n\x1a\n" for i in images)
    assert "the role <strong>analyst</strong>" in html


def test_the_pdf_carries_the_same_report(week, tmp_path):
    pdf = render_pdf(render_html(weekly_report(week, "analyst", LAST_DAY)))
    assert pdf[:5] == b"%PDF-"
    out = tmp_path / "week.pdf"
    out.write_bytes(pdf)
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert (
        "the week of 2024-03-11 to 2024-03-17" in text and "New vacancies and their reach" in text
    )


def test_a_pseudonymised_role_gets_pseudonyms_in_its_report(week):
    names = {h.author for h in weekly_report(week, "analyst", LAST_DAY).top_internal}
    masked = weekly_report(week, "recruitment", LAST_DAY)
    assert all((h.author or "person-").startswith("person-") for h in masked.top_internal)
    assert not names & {h.author for h in masked.top_internal}


def test_the_report_command_and_the_weekly_dag_write_html_and_pdf(week, tmp_path):
    from pipeline.orchestrate import run_dag

    out = tmp_path / "week-11.html"
    done = run_cli("report", "--last-day", str(LAST_DAY), "--out", str(out), settings=week,
                   env=settings_env(week))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert out.read_text().startswith("<!doctype html>") and out.with_suffix(".pdf").is_file()

    run_dag(week, "weekly_report", datetime(2024, 3, 18, 6, tzinfo=UTC), {})
    written = sorted(p.name for p in week.reports_path.iterdir())
    assert written == ["report-2024-03-17.html", "report-2024-03-17.pdf"]
