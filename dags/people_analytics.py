"""Airflow DAG: every night, compute everyone's social activity index for the day before and
store it in the daily time series (the opted-out and those who left are removed)."""

from pipeline.dagfactory import build_people_analytics_dag

build_people_analytics_dag("people_analytics", schedule="30 2 * * *")
