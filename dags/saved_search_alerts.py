"""Airflow DAG: every hour, run every active saved search on what was indexed in the hour,
record its alerts and send each saved search's digest by webhook and e-mail."""

from pipeline.dagfactory import build_alerts_dag

build_alerts_dag("saved_search_alerts", schedule="5 * * * *")
