"""Airflow DAGs: one capture DAG per entry of the sources file (``ARCHIVIST_SOURCES_FILE``, default
``$ARCHIVIST_HOME/sources.json``): ``capture_<name>``, on the entry's schedule.

Reading the small sources file is the only work done when this file is parsed.
"""

from pipeline.dagfactory import build_capture_dag
from pipeline.settings import get_settings, load_scheduled_sources

for source in load_scheduled_sources(get_settings()):
    build_capture_dag(
        f"capture_{source.name}",
        source.kind,
        schedule=source.schedule,
        target=source.target,
        account=source.account,
        token=source.token,
    )
