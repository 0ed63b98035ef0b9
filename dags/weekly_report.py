"""Airflow DAG: every Monday morning, write the analyst report of the week before (HTML and
PDF) into the reports directory."""

from pipeline.dagfactory import build_weekly_report_dag

build_weekly_report_dag("weekly_report", schedule="0 6 * * 1")
