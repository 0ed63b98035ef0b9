"""Airflow DAG: every hour, sign a checkpoint of the archive's hash chains and verify the
archive against it (the run fails when a record was altered, removed or inserted). Copy the
checkpoint directory to write-once storage after each run."""

from pipeline.dagfactory import build_integrity_dag

build_integrity_dag("archive_integrity", schedule="17 * * * *")
