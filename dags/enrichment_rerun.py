"""Airflow DAG, started by hand: run the current enricher over a date range of the archive
(after a model or directory upgrade), adding enrichment records beside the old ones."""

from pipeline.dagfactory import build_reenrich_dag

build_reenrich_dag("enrichment_rerun")
