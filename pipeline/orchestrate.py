"""Running Archivist's DAGs with Airflow on the local defaults: ``airflow dags test`` in a
subprocess, with Airflow's metadata in the embedded PostgreSQL."""

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from pipeline.exc import ArchivistError, ConfigurationError
from pipeline.services import airflow_database_urls
from pipeline.settings import Settings

DAGS_FOLDER = Path(__file__).resolve().parents[1] / "dags"


def airflow_env(settings: Settings) -> dict[str, str]:
    sync_url, async_url = airflow_database_urls(settings)
    env = {
        **os.environ,
        "AIRFLOW_HOME": str(settings.home / "airflow"),
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS_FOLDER),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": sync_url,
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_ASYNC": async_url,
        "AIRFLOW__LOGGING__LOGGING_LEVEL": "WARNING",
    }
    # Settings read from archivist.env must reach the task processes too.
    for name, value in settings.model_dump(exclude_none=True).items():
        env[f"ARCHIVIST_{name.upper()}"] = _env_value(value)
    return env


def _reveal(value):
    secret = getattr(value, "get_secret_value", None)
    return secret() if secret else value


def _env_value(value) -> str:
    """How pydantic-settings reads it back: JSON for lists and dicts, text for the rest."""
    if isinstance(value, dict):
        return json.dumps({k: _reveal(v) for k, v in value.items()})
    if isinstance(value, list):
        return json.dumps([_reveal(v) for v in value])
    return str(_reveal(value))


def _airflow(settings: Settings, *args: str, log: Path) -> subprocess.CompletedProcess:
    airflow = Path(sys.executable).parent / "airflow"
    with log.open("a") as out:
        return subprocess.run(
            [str(airflow), *args],
            env=airflow_env(settings),
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=3600,
            check=False,
        )


def run_dag(settings: Settings, dag_id: str, logical_date: datetime, conf: dict) -> Path:
    """Run one DAG run to completion with ``airflow dags test``; returns the log file.
    Raises with the log's location when the run does not succeed."""
    if not DAGS_FOLDER.is_dir():
        raise ConfigurationError(
            f"the DAG folder {DAGS_FOLDER} is missing; run from a source checkout"
        )
    log = settings.home / "airflow" / "logs" / f"{dag_id}-{logical_date:%Y%m%dT%H%M%S}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text("")
    if _airflow(settings, "db", "migrate", log=log).returncode != 0:
        raise ArchivistError(f"Airflow's metadata database could not be prepared; see {log}")
    done = _airflow(
        settings,
        "dags",
        "test",
        dag_id,
        logical_date.isoformat(),
        "--conf",
        json.dumps(conf),
        log=log,
    )
    if done.returncode != 0:  # `airflow dags test` exits 1 when the DAG run failed
        raise ArchivistError(
            f"the Airflow run of {dag_id} for {logical_date:%Y-%m-%d} failed; see {log}"
        )
    return log
