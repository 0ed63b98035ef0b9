"""The demo: the sample organisation through the real DAGs, on the local services.

The Yammer export DAG runs once per sample export; then the outside world (the company blog,
X, Mastodon, the Facebook page, the Yammer REST API, an X archive and a LinkedIn export) is
played by the replay server on 127.0.0.1 and each source runs as its own scheduled DAG.
Last, the people_analytics DAG scores everyone and the weekly_report DAG writes the report.
The organisation is the networking sample: a few members are each of the advocacy types.
"""

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from pipeline.archive.db import transaction
from pipeline.archive.queries import archive_totals, recent_capture_runs
from pipeline.orchestrate import run_dag
from pipeline.sample import build_organisation, write_yammer_exports
from pipeline.sample.directory import write_directory
from pipeline.sample.external import serve_external, write_external
from pipeline.sample.replay import ReplayServer
from pipeline.sample.yammer_export import export_ranges
from pipeline.services import start_services
from pipeline.settings import Settings

EXTERNAL_DAY = datetime(2024, 3, 20, 3, 0, tzinfo=UTC)
SCORED_NIGHT = datetime(2024, 3, 21, 2, 30, tzinfo=UTC)  # scores the 20th
REPORT_MORNING = datetime(2024, 3, 25, 6, 0, tzinfo=UTC)  # the week to Sunday the 24th


def run_demo(settings: Settings, on_step: Callable[[str], None]) -> dict:
    """Run every demo DAG; returns the archive's totals and the runs' counts."""
    start_services(settings)
    if not settings.directory_path.exists():
        write_directory(settings.directory_path)
    org = build_organisation(networking=True)
    sample = settings.home / "sample"
    exports = write_yammer_exports(org, sample)
    for path, (_, until) in zip(exports, export_ranges(org), strict=True):
        on_step(f"yammer_export on {path.name}")
        run_dag(settings, "yammer_export", until - timedelta(seconds=1), {"target": str(path)})
    with ReplayServer() as replay:
        targets = {**serve_external(org, replay), **write_external(org, sample)}
        sources = [
            {"name": f"demo_{kind.replace('-', '_')}", "kind": kind, "target": str(target)}
            for kind, target in targets.items()
        ]
        demo_settings = settings.model_copy(
            update={"sources_file": settings.home / "demo-sources.json"}
        )
        demo_settings.sources_path.write_text(json.dumps(sources, indent=1))
        for source in sources:
            on_step(f"capture_{source['name']}")
            run_dag(demo_settings, f"capture_{source['name']}", EXTERNAL_DAY, {})
    on_step("people_analytics")
    run_dag(settings, "people_analytics", SCORED_NIGHT, {})
    on_step("weekly_report")
    run_dag(settings, "weekly_report", REPORT_MORNING, {})
    with transaction(settings) as session:
        runs = recent_capture_runs(session, len(exports) + len(sources))
        return {
            "archive": archive_totals(session),
            "report": str(settings.reports_path / "report-2024-03-24.html"),
            "runs": [
                {
                    "run": r.id,
                    "connector": r.connector,
                    "target": r.target,
                    "status": r.status,
                    **r.counts,
                }
                for r in runs
            ],
        }
