"""Builds the capture DAGs: capture → archive → enrich → index, for one source.

DAG files call ``build_capture_dag``; Airflow is imported here, pipeline code only inside the
tasks, so parsing a DAG file stays fast and does no database or network work.
"""

from datetime import timedelta

DEFAULT_ARGS = {
    "owner": "archivist",
    "retries": 3,
    "retry_delay": timedelta(minutes=2),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=30),
    "execution_timeout": timedelta(hours=2),
}


def _every(cron: str):
    """A data-interval timetable in UTC: each run reads [interval start, interval end)."""
    from airflow.timetables.interval import CronDataIntervalTimetable

    return CronDataIntervalTimetable(cron, timezone="UTC")


def _dag_options(dag_id: str, description: str, tags: list[str], retries: int = 3, **extra) -> dict:
    """What every Archivist DAG shares: no catch-up, one run at a time, the house retry
    policy."""
    import pendulum

    return {
        "dag_id": dag_id,
        "description": description,
        "start_date": pendulum.datetime(2024, 1, 1, tz="UTC"),
        "catchup": False,
        "max_active_runs": 1,
        "tags": ["archivist", *tags],
        "default_args": {**DEFAULT_ARGS, "retries": retries},
        **extra,
    }


def build_capture_dag(
    dag_id: str,
    kind: str,
    *,
    schedule: str,
    target: str | None = None,
    account: str | None = None,
    token: str | None = None,
    description: str = "",
):
    from airflow.sdk import Param, dag, task

    @dag(
        schedule=_every(schedule),
        **_dag_options(
            dag_id,
            description or f"Capture {kind} into the archive and the index",
            ["capture", kind.split("-")[0]],
            params={"target": Param(target, type=["null", "string"], description="file or URL")},
        ),
    )
    def capture_dag():
        @task
        def capture(
            params=None, data_interval_start=None, data_interval_end=None, run_id=None
        ) -> int:
            from pipeline import runs
            from pipeline.settings import get_settings

            settings = get_settings()
            return runs.capture_interval(
                settings,
                kind,
                params["target"],
                data_interval_start,
                data_interval_end,
                run_id,
                account=account,
                token=runs.resolve_token(settings, token),
            )

        @task
        def archive(capture_run: int) -> int:
            from pipeline import runs
            from pipeline.settings import get_settings

            runs.archive(get_settings(), capture_run)
            return capture_run

        @task
        def enrich(capture_run: int) -> int:
            from pipeline import runs
            from pipeline.settings import get_settings

            runs.enrich(get_settings(), capture_run)
            return capture_run

        @task
        def index(capture_run: int) -> None:
            from pipeline import runs
            from pipeline.settings import get_settings

            runs.index(get_settings(), capture_run)

        index(enrich(archive(capture())))

    return capture_dag()


def build_integrity_dag(dag_id: str, *, schedule: str):
    """Sign a checkpoint of every hash chain, then verify the whole archive against it; the
    run fails (and Airflow alerts) when anything was altered, removed or inserted. Then
    reconcile the search index with the verified archive (a capture killed between archiving
    and indexing, a lost write): it fails when a post could not be indexed."""
    from airflow.sdk import dag, task

    @dag(
        schedule=_every(schedule),
        **_dag_options(dag_id, "Checkpoint and verify the archive's hash chains", ["integrity"], 1),
    )
    def integrity_dag():
        @task
        def checkpoint() -> int:
            import logging

            from pipeline.archive.checkpoint import write_checkpoint
            from pipeline.settings import get_settings

            written = write_checkpoint(get_settings())
            if written.time_stamp and written.time_stamp.missing:
                logging.getLogger(__name__).warning(written.time_stamp.summary)
            return written.id

        @task
        def verify(checkpoint_id: int) -> dict:
            from pipeline.archive.verify import verify_archive
            from pipeline.exc import ArchiveError
            from pipeline.settings import get_settings

            report = verify_archive(get_settings())
            if not report.intact:
                named = "; ".join(f"{p.kind} {p.record}" for p in report.problems[:20])
                raise ArchiveError(f"the archive failed verification: {named}")
            return report.checked

        @task
        def reconcile() -> dict:
            from pipeline.exc import SearchError
            from pipeline.maintenance import reconcile_search_index
            from pipeline.settings import get_settings

            report = reconcile_search_index(get_settings())
            if report.failed:
                named = "; ".join(f"{pid}: {why}" for pid, why in report.failures[:5])
                raise SearchError(f"{report.failed} post(s) could not be indexed: {named}")
            return {k: getattr(report, k) for k in ("checked", "missing", "stale", "extra")}

        verify(checkpoint()) >> reconcile()

    return integrity_dag()


def build_retention_dag(dag_id: str, *, schedule: str):
    """Apply the retention policies. A dry run unless the run is started with
    ``{"dispose": true}``: disposal is a decision for a person, not a timer."""
    from airflow.sdk import Param, dag, task

    @dag(
        schedule=_every(schedule),
        **_dag_options(
            dag_id,
            "Retention: report what is due, dispose of it when asked",
            ["retention"],
            1,  # once: a run is idempotent (what was disposed of is no longer due)
            params={"dispose": Param(False, type="boolean", description="remove what is due")},
        ),
    )
    def retention_dag():
        @task
        def apply_retention(params=None) -> dict:
            from pipeline.legal import run_retention
            from pipeline.settings import get_settings

            report = run_retention(get_settings(), dry_run=not params["dispose"])
            return {
                "dry_run": report.dry_run,
                "due": len(report.due),
                "held": len(report.held),
                "without_policy": len(report.without_policy),
                "dispositions": report.dispositions,
            }

        apply_retention()

    return retention_dag()


def build_reenrich_dag(dag_id: str):
    """Enrich again what was archived in a date range, after a model or directory upgrade.
    Started by hand with ``{"since": "2026-01-01", "until": "2026-07-01"}``; the range is cut
    into months and each month is one mapped task, so a failure retries one month only."""
    from airflow.sdk import Param, dag, task

    @dag(
        schedule=None,
        **_dag_options(
            dag_id,
            "Re-enrichment: run the current enricher over a date range of the archive",
            ["enrichment"],
            params={
                "since": Param("2000-01-01", type="string", format="date"),
                "until": Param(None, type=["null", "string"], format="date"),
            },
        ),
    )
    def reenrich_dag():
        @task
        def months(params=None) -> list[dict]:
            from pipeline.runs import reenrich_windows
            from pipeline.settings import get_settings

            windows = reenrich_windows(get_settings(), params["since"], params["until"])
            return [{"start": start.isoformat(), "end": end.isoformat()} for start, end in windows]

        @task
        def reenrich(window: dict) -> dict:
            from datetime import datetime

            from pipeline.runs import reenrich
            from pipeline.settings import get_settings

            start, end = (datetime.fromisoformat(window[k]) for k in ("start", "end"))
            summary = reenrich(get_settings(), start, end)
            return {**window, "enriched": summary.enriched, "indexed": summary.indexed}

        reenrich.expand(window=months())

    return reenrich_dag()


def build_alerts_dag(dag_id: str, *, schedule: str):
    """Evaluate every active saved search on what was indexed in the run's data interval,
    record the alerts and send each saved search's digest. Idempotent: a rerun of the same
    interval records and sends nothing new."""
    from airflow.sdk import dag, task

    @dag(
        schedule=_every(schedule),
        **_dag_options(dag_id, "Saved searches: alert on what was indexed", ["alerts"]),
    )
    def alerts_dag():
        @task
        def evaluate(data_interval_start=None, data_interval_end=None) -> dict:
            from pipeline.alerting import evaluate_saved_searches
            from pipeline.settings import get_settings

            run = evaluate_saved_searches(get_settings(), data_interval_start, data_interval_end)
            return {
                "since": data_interval_start.isoformat(),
                "until": data_interval_end.isoformat(),
                "alerts": run.alerts,
                "digests": len(run.digests),
                "notification_failures": run.failures,
            }

        evaluate()

    return alerts_dag()


def build_people_analytics_dag(dag_id: str, *, schedule: str):
    """Compute and store everyone's social activity index for the day the run's data
    interval covers; a rerun replaces that day's scores."""
    from airflow.sdk import dag, task

    @dag(
        schedule=_every(schedule),
        **_dag_options(dag_id, "People analytics: the daily activity index", ["insights"]),
    )
    def people_analytics_dag():
        @task
        def score_day(data_interval_start=None) -> dict:
            from pipeline.insights.people import record_day
            from pipeline.settings import get_settings

            day = data_interval_start.date()
            return {"day": day.isoformat(), "people": record_day(get_settings(), day)}

        score_day()

    return people_analytics_dag()


def build_weekly_report_dag(dag_id: str, *, schedule: str):
    """Write the analyst report for the seven days before the run's data interval ends, as
    HTML and PDF, into the reports directory."""
    from airflow.sdk import dag, task

    @dag(
        schedule=_every(schedule),
        **_dag_options(dag_id, "The weekly analyst report, HTML and PDF", ["insights", "report"]),
    )
    def weekly_report_dag():
        @task
        def write(data_interval_end=None) -> list[str]:
            from datetime import timedelta

            from pipeline.insights.report import write_report
            from pipeline.settings import get_settings

            settings = get_settings()
            last_day = (data_interval_end - timedelta(days=1)).date()
            out = settings.reports_path / f"report-{last_day.isoformat()}.html"
            return [str(p) for p in write_report(settings, "analyst", last_day, out)]

        write()

    return weekly_report_dag()
