"""Airflow DAG: daily at 04:00 UTC, report what the retention policies make due (a dry run);
started with the parameter ``dispose`` set, it disposes of it, with certificates."""

from pipeline.dagfactory import build_retention_dag

build_retention_dag("archive_retention", schedule="0 4 * * *")
