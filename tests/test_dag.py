"""The DAG: parses fast and cleanly, follows the house rules, and runs for real in Airflow."""

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pipeline.archive.db import transaction
from pipeline.archive.queries import recent_capture_runs
from pipeline.orchestrate import DAGS_FOLDER, airflow_env, run_dag
from pipeline.sample import build_organisation
from pipeline.sample.external import serve_external, write_external
from pipeline.sample.replay import ReplayServer
from pipeline.sample.yammer_export import export_ranges

ORG = build_organisation()
DAY = datetime(2024, 3, 20, 3, 0, tzinfo=UTC)

PARSE = """
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(dag_folder={folder!r})
assert not bag.import_errors, bag.import_errors
dag = bag.dags["yammer_export"]
print([t.task_id for t in dag.topological_sort()])
print(sorted(dag.tags), dag.catchup, dag.max_active_runs)
for t in dag.tasks:
    print(t.owner, t.retries, t.execution_timeout, t.retry_exponential_backoff)
import sys
print("heavy", sorted(m for m in ("spacy", "elasticsearch", "pipeline.runs") if m in sys.modules))
"""


def test_the_dag_parses_with_its_rules(settings):
    done = subprocess.run(
        [sys.executable, "-c", PARSE.format(folder=str(DAGS_FOLDER))],
        capture_output=True,
        text=True,
        env=airflow_env(settings),
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert lines[0] == "['capture', 'archive', 'enrich', 'index']"
    assert lines[1] == "['archivist', 'capture', 'yammer'] False 1"
    assert all(line.startswith("archivist 3 2:00:00 True") for line in lines[2:6])
    assert lines[6] == "heavy []"  # nothing heavy is imported when the DAG file is parsed


EVERY_DAG = """
import json, sys, time
started = time.perf_counter()
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(dag_folder={folder!r})
print(json.dumps({{
    "errors": {{k: str(v) for k, v in bag.import_errors.items()}},
    "files": {{s.file: s.duration.total_seconds() for s in bag.dagbag_stats}},
    "heavy": sorted(m for m in ("spacy", "elasticsearch", "lingua", "pipeline.runs",
                               "pipeline.archive.db", "search.client")
                    if m in sys.modules),
    "dags": {{d.dag_id: {{
        "timetable": type(d.timetable).__name__, "catchup": d.catchup,
        "max_active_runs": d.max_active_runs, "tags": sorted(d.tags),
        "tasks": [[t.owner, t.retries, t.retry_exponential_backoff,
                   t.execution_timeout.total_seconds() if t.execution_timeout else None]
                  for t in d.tasks],
    }} for d in bag.dags.values()}},
}}))
"""


def test_every_dag_file_follows_the_house_rules(settings):
    """Every DAG file parses in under a second without touching the database, the search
    engine or the NLP; every DAG has owners, tags, no catch-up, one run at a time, a
    data-interval schedule (or none: started by hand), and every task retries with backoff
    and has a time limit."""
    done = subprocess.run(
        [sys.executable, "-c", EVERY_DAG.format(folder=str(DAGS_FOLDER))],
        capture_output=True,
        text=True,
        env=airflow_env(settings),
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.splitlines()[-1])
    assert found["errors"] == {}
    assert {Path(f).name for f in found["files"]} == {p.name for p in DAGS_FOLDER.glob("*.py")}
    assert all(seconds < 1.0 for seconds in found["files"].values()), found["files"]
    assert found["heavy"] == []
    assert found["dags"], "no DAG was found"
    for dag_id, dag in found["dags"].items():
        assert dag["timetable"] in ("CronDataIntervalTimetable", "NullTimetable"), dag_id
        assert dag["catchup"] is False and dag["max_active_runs"] == 1, dag_id
        assert "archivist" in dag["tags"] and len(dag["tags"]) >= 2, dag_id
        for owner, retries, backoff, timeout in dag["tasks"]:
            assert owner == "archivist" and retries >= 1 and backoff, dag_id
            assert timeout and timeout <= 6 * 3600, dag_id


def test_a_real_airflow_run_archives_and_indexes_and_a_rerun_changes_nothing(
    settings, sample_exports
):
    org = build_organisation()
    (_, until), _ = export_ranges(org)
    conf = {"target": str(sample_exports[0])}
    run_dag(settings, "yammer_export", until, conf)
    with transaction(settings) as session:
        first = recent_capture_runs(session, 1)[0]
    assert first.status == "indexed"
    assert first.dag_run and first.interval_start < first.interval_end
    assert first.counts["indexed"] == first.counts["new"] + first.counts["changed"]

    run_dag(settings, "yammer_export", until, conf)
    with transaction(settings) as session:
        second = recent_capture_runs(session, 1)[0]
    assert second.id != first.id
    assert (second.counts["new"], second.counts["changed"]) == (0, 0)
    assert second.counts["unchanged"] == first.counts["fetched"]

    # Tasks hand each other the capture run's id, never posts: every XCom is a few bytes.
    passed = _xcoms(settings, "yammer_export")
    assert {task for task, _ in passed} >= {"capture", "archive", "enrich"}
    assert all(len(json.dumps(value)) < 100 for _, value in passed), passed
    assert second.id in {value for task, value in passed if task == "capture"}


def _xcoms(settings, dag_id: str) -> list[tuple[str, object]]:
    """The task results Airflow's metadata database holds for the DAG's runs."""
    import sqlalchemy as sa

    from pipeline.services import airflow_database_urls

    engine = sa.create_engine(airflow_database_urls(settings)[0], poolclass=sa.pool.NullPool)
    with engine.connect() as connection:
        query = sa.text(
            "SELECT task_id, value FROM xcom WHERE dag_id = :dag AND key = 'return_value'"
        )
        rows = connection.execute(query, {"dag": dag_id}).all()
    return [
        (task, value if not isinstance(value, str) else json.loads(value)) for task, value in rows
    ]


def _archive_and_index(settings, source: str) -> dict:
    """What a backfill leaves: the source's versions and chain head, and its documents in
    the index with their versions."""
    from sqlalchemy import func, select

    from pipeline.archive.checkpoint import chain_heads
    from pipeline.archive.models import post_versions
    from search.client import get_client
    from search.indexer import posts_alias

    with transaction(settings) as session:
        versions = session.scalar(select(func.count()).where(post_versions.c.source == source))
        head = chain_heads(session)["versions"].get(source)
    es = get_client(settings)
    hits = es.search(
        index=posts_alias(settings.index_prefix),
        query={"term": {"source": source}},
        size=100,
        version=True,
        source=["content_sha256", "version", "versions"],
    )["hits"]["hits"]
    documents = sorted((h["_id"], h["_version"], json.dumps(h["_source"])) for h in hits)
    return {"versions": versions, "head": head, "documents": documents}


def test_every_source_kind_runs_as_a_scheduled_dag(settings, tmp_path):
    with ReplayServer() as replay:
        targets = {**serve_external(ORG, replay), **write_external(ORG, tmp_path)}
        sources = [
            {
                "name": kind.replace("-", "_"),
                "kind": kind,
                "target": str(target),
                "account": f"dag-{kind}",
            }
            for kind, target in targets.items()
        ]
        (settings.home / "sources.json").write_text(json.dumps(sources))
        try:
            for source in sources:
                run_dag(settings, f"capture_{source['name']}", DAY, {})
        finally:
            (settings.home / "sources.json").unlink()
    with transaction(settings) as session:
        runs = {r.connector: r for r in recent_capture_runs(session, len(sources))}
    assert set(runs) == set(targets)
    for kind, run in runs.items():
        assert run.status == "indexed", kind
        assert run.counts["fetched"] > 0 and run.counts["quarantined"] == 0, kind
        assert run.counts["indexed"] == run.counts["new"] + run.counts["changed"], kind


def test_backfilling_a_week_twice_gives_the_same_archive(settings):
    with ReplayServer() as replay:
        target = serve_external(ORG, replay)["mastodon"]
        (settings.home / "sources.json").write_text(
            json.dumps(
                [{"name": "backfill", "kind": "mastodon", "target": target, "account": "backfill"}]
            )
        )
        try:
            after = []
            for _ in range(2):
                for day in range(7):
                    run_dag(settings, "capture_backfill", DAY + timedelta(days=day), {})
                after.append(_archive_and_index(settings, "mastodon.backfill"))
        finally:
            (settings.home / "sources.json").unlink()
    first, second = after
    assert first["versions"] == 3 and first["documents"]
    assert second == first  # same versions, same chain head, same documents in the index


def test_the_integrity_dag_checkpoints_and_verifies_and_fails_on_tampering(
    own_archive, sample_exports, account
):
    import pytest
    import sqlalchemy as sa

    from pipeline.exc import ArchivistError
    from pipeline.runs import ingest
    from pipeline.services import database_urls

    ingest(own_archive, "yammer-export", sample_exports[0], account=account)
    run_dag(own_archive, "archive_integrity", DAY, {})
    assert sorted(p.name for p in own_archive.checkpoint_path.iterdir()) == [
        "checkpoint-00000001.json"
    ]
    owner = sa.create_engine(database_urls(own_archive)[1], poolclass=sa.pool.NullPool)
    with owner.begin() as connection:
        connection.execute(sa.text("SET session_replication_role = replica"))
        connection.execute(sa.text("DELETE FROM post_versions WHERE chain_seq = 2"))
    with pytest.raises(ArchivistError, match="archive_integrity"):
        run_dag(own_archive, "archive_integrity", DAY + timedelta(hours=1), {})


def test_the_retention_dag_is_a_dry_run_unless_asked(own_archive, sample_exports, account):
    from pipeline.runs import ingest
    from tests.test_legal import contents

    own_archive.retention_path.write_text('[[policy]]\nname = "short"\ndays = 30\n')
    ingest(own_archive, "yammer-export", sample_exports[0], account=account)
    source = f"yammer.{account}"
    run_dag(own_archive, "archive_retention", DAY, {})
    assert all(all(v) for v in contents(own_archive, source).values())
    run_dag(own_archive, "archive_retention", DAY + timedelta(days=1), {"dispose": True})
    assert not any(any(v) for v in contents(own_archive, source).values())
