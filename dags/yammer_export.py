"""Yammer / Viva Engage data export: capture → archive → enrich → index, once a day.

Each run reads the export for its data interval (the ``export`` parameter, or the inbox file
named for the interval, see ``pipeline.runs.inbox_file``). Tasks pass the capture run's id,
never post bodies; every task is idempotent, so retries and backfills are safe.
"""

from datetime import timedelta

import pendulum
from airflow.sdk import Param, dag, task
from airflow.timetables.interval import CronDataIntervalTimetable

KIND = "yammer-export"


@dag(
    dag_id="yammer_export",
    description="Archive and index the Yammer / Viva Engage data export",
    schedule=CronDataIntervalTimetable("0 2 * * *", timezone="UTC"),
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=["archivist", "capture", "yammer"],
    default_args={
        "owner": "archivist",
        "retries": 3,
        "retry_delay": timedelta(minutes=2),
        "retry_exponential_backoff": True,
        "max_retry_delay": timedelta(minutes=30),
        "execution_timeout": timedelta(hours=2),
    },
    params={
        "export": Param(
            None,
            type=["null", "string"],
            description="path of an export zip; unset: the inbox file for the data interval",
        ),
    },
)
def yammer_export():
    @task
    def capture(params=None, data_interval_start=None, data_interval_end=None, run_id=None) -> int:
        from pipeline import runs
        from pipeline.settings import get_settings

        return runs.capture_interval(
            get_settings(), KIND, params["export"], data_interval_start, data_interval_end, run_id
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


yammer_export()
