"""Re-enrichment after a model upgrade: new enrichment records beside the old ones, the posts
re-indexed with them, the archived versions untouched; by the command and by the DAG."""

import json
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from pipeline.archive.db import transaction
from pipeline.archive.models import EnrichmentRow, post_versions
from pipeline.enrich import enricher_name
from pipeline.orchestrate import run_dag
from pipeline.runs import ingest, load_directory
from pipeline.services import database_urls
from search.client import get_client
from search.indexer import ensure_posts_index
from tests.conftest import run_cli, settings_env

pv = post_versions.c
TODAY = datetime.now(UTC).date()
WINDOW = ("--since", f"{TODAY - timedelta(days=1)}", "--until", f"{TODAY + timedelta(days=1)}")


def current(settings) -> str:
    """The enricher that enriches this archive now (its code, models and directory)."""
    return enricher_name(load_directory(settings))


def _versions(settings, source: str) -> list[tuple]:
    with transaction(settings) as session:
        query = sa.select(pv.version_id, pv.row_sha256, pv.chain_sha256).where(pv.source == source)
        return sorted(session.execute(query).all())


def _enrichers(settings, source: str) -> dict[str, int]:
    with transaction(settings) as session:
        query = (
            sa.select(EnrichmentRow.enricher, sa.func.count())
            .join(post_versions, pv.version_id == EnrichmentRow.version_id)
            .where(pv.source == source)
            .group_by(EnrichmentRow.enricher)
        )
        return dict(session.execute(query).all())


def _indexed_enrichers(settings, source: str) -> set[str]:
    es = get_client(settings)
    alias = ensure_posts_index(es, settings.index_prefix)
    es.indices.refresh(index=alias)
    hits = es.search(index=alias, query={"term": {"source": source}}, size=1000)["hits"]["hits"]
    return {h["_source"]["enrichment"]["enricher"] for h in hits if h["_source"].get("enrichment")}


def test_reenrichment_adds_records_and_reindexes_without_touching_versions(
    own_archive, sample_exports, account
):
    ingest(own_archive, "yammer-export", sample_exports[0], account=account)
    source = f"yammer.{account}"
    versions = _versions(own_archive, source)
    assert _enrichers(own_archive, source) == {current(own_archive): len(versions)}

    upgraded = {**settings_env(own_archive), "ARCHIVIST_ENGLISH_MODEL": ""}  # a new enricher
    done = run_cli("reenrich", *WINDOW, "--json", env=upgraded)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["enricher"] != current(own_archive)
    assert summary["enriched"] == len(versions) and summary["index_failed"] == []

    assert _versions(own_archive, source) == versions
    assert _enrichers(own_archive, source) == {
        current(own_archive): len(versions),
        summary["enricher"]: len(versions),
    }
    assert _indexed_enrichers(own_archive, source) == {summary["enricher"]}

    again = json.loads(run_cli("reenrich", *WINDOW, "--json", env=upgraded).stdout)
    assert again["enriched"] == 0  # nothing left for this enricher: idempotent


def test_the_reenrichment_dag_runs_the_current_enricher_month_by_month(
    own_archive, sample_exports, account
):
    ingest(own_archive, "yammer-export", sample_exports[0], account=account)
    source = f"yammer.{account}"
    owner = sa.create_engine(database_urls(own_archive)[1], poolclass=sa.pool.NullPool)
    with owner.begin() as connection:  # as if the enricher had just been upgraded
        connection.execute(sa.delete(EnrichmentRow))
    run_dag(own_archive, "enrichment_rerun", datetime.now(UTC), {"since": "2024-01-01"})
    expected = {current(own_archive): len(_versions(own_archive, source))}
    assert _enrichers(own_archive, source) == expected
