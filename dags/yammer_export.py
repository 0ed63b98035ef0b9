"""Airflow DAG: the Yammer / Viva Engage data export, daily at 02:00 UTC: capture → archive →
enrich → index.

Each run reads the export for its data interval: the ``target`` parameter, or the inbox file
named for the interval (``pipeline.runs.inbox_file``).
"""

from pipeline.dagfactory import build_capture_dag

build_capture_dag(
    "yammer_export",
    "yammer-export",
    schedule="0 2 * * *",
    description="Archive and index the Yammer / Viva Engage data export",
)
