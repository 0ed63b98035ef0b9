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
    import pendulum
    from airflow.sdk import Param, dag, task
    from airflow.timetables.interval import CronDataIntervalTimetable

    @dag(
        dag_id=dag_id,
        description=description or f"Capture {kind} into the archive and the index",
        schedule=CronDataIntervalTimetable(schedule, timezone="UTC"),
        start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
        catchup=False,
        max_active_runs=1,
        tags=["archivist", "capture", kind.split("-")[0]],
        default_args=DEFAULT_ARGS,
        params={"target": Param(target, type=["null", "string"], description="file or URL")},
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
