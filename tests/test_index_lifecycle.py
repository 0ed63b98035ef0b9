"""The index lifecycle against the real services: rebuilds behind the alias, reconcile with the
archive, and bulk indexing that rides out pushback from the search engine."""

import json
import os
import re
import signal
import subprocess
import sys
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from pipeline import runs
from pipeline.archive import queries
from pipeline.archive.db import transaction
from pipeline.exc import SearchError
from pipeline.maintenance import rebuild_search_index, reconcile_search_index
from pipeline.orchestrate import run_dag
from pipeline.sample import build_organisation, write_yammer_exports
from pipeline.services import search_url
from search.client import get_client
from search.indexer import (
    build_index_name,
    ensure_posts_index,
    posts_alias,
    rebuild_index,
)
from search.mapping import mapping_version
from tests.conftest import run_cli, settings_env


def archive_only(settings, path, account=None) -> int:
    """Capture and archive, no enrichment and no index: a run whose process stopped there."""
    run_id = runs.capture(settings, "yammer-export", path, account=account)
    runs.archive(settings, run_id)
    return run_id


def archived_and_indexed(settings, paths, account) -> int:
    for path in paths:
        runs.index(settings, archive_only(settings, path, account))
    return get_client(settings).count(index=posts_alias(settings.index_prefix))["count"]


def alias_indices(es, alias) -> list[str]:
    return sorted(es.indices.get_alias(name=alias).body)


def build_indices(es, alias) -> list[str]:
    return sorted(es.indices.get(index=f"{alias}-*", expand_wildcards="all").body)


def indexed_ids(es, alias) -> set[str]:
    hits = es.search(index=alias, size=5000, source=False)["hits"]["hits"]
    return {hit["_id"] for hit in hits}


def total_hits(es, alias) -> int:
    response = es.search(index=alias, size=0, track_total_hits=True, query={"match_all": {}})
    return response["hits"]["total"]["value"]


# --- rebuilds ---------------------------------------------------------------------------


def test_searches_during_a_rebuild_see_the_whole_old_index_until_one_swap(
    own_archive, tmp_path, account
):
    busier = build_organisation(messages_per_day=30)
    total = archived_and_indexed(own_archive, write_yammer_exports(busier, tmp_path), account)
    assert total >= 300
    es, alias = get_client(own_archive), posts_alias(own_archive.index_prefix)
    (old,) = alias_indices(es, alias)
    in_small_batches = own_archive.model_copy(update={"batch_size": 10})
    done = {}
    builder = threading.Thread(
        target=lambda: done.update(report=rebuild_search_index(in_small_batches))
    )
    builder.start()
    seen = []
    while builder.is_alive():
        seen.append(total_hits(es, alias))
    builder.join()
    seen.append(total_hits(es, alias))
    assert len(seen) >= 5 and set(seen) == {total}  # never empty, partial or doubled
    report = done["report"]
    assert report.indexed == total and report.caught_up.drifted == 0
    assert alias_indices(es, alias) == [report.index] != [old]
    assert not es.indices.exists(index=old)
    assert build_indices(es, alias) == [report.index]


@pytest.mark.filterwarnings("ignore:Pydantic serializer warnings")
def test_a_rebuild_that_fails_part_way_leaves_the_old_index_and_no_partial_one(
    own_archive, sample_exports, account
):
    total = archived_and_indexed(own_archive, sample_exports[:1], account)
    es, alias = get_client(own_archive), posts_alias(own_archive.index_prefix)
    (old,) = alias_indices(es, alias)
    killed = build_index_name(own_archive.index_prefix, mapping_version(), datetime(2024, 1, 1))
    es.indices.create(index=killed)  # what a rebuild whose process was killed left behind
    with transaction(own_archive) as session:
        posts = queries.indexed_posts(session, list(queries.all_post_ids(session)))
    # A broken document (a history length that is not a number): the new index refuses it.
    refused = posts[15].model_copy(update={"versions": "many"})
    batches = [posts[:10], posts[10:15] + [refused], posts[16:]]
    with pytest.raises(SearchError, match=re.escape(refused.post_id)) as failure:
        rebuild_index(es, own_archive.index_prefix, batches)
    assert "the alias still points at the old index" in str(failure.value)
    assert alias_indices(es, alias) == [old]
    assert total_hits(es, alias) == total
    assert build_indices(es, alias) == [old]  # neither the failed build nor the killed one
    again = run_cli(
        "index", "rebuild", "--json", settings=own_archive, env=settings_env(own_archive)
    )
    assert again.returncode == 0, again.stderr
    rebuilt = json.loads(again.stdout)
    assert rebuilt["indexed"] == total and alias_indices(es, alias) == [rebuilt["index"]]


# --- reconcile --------------------------------------------------------------------------


def test_reconcile_reports_exactly_the_drift_repairs_it_and_then_finds_none(
    own_archive, sample_exports, account
):
    first, second = sample_exports
    archived_and_indexed(own_archive, [first], account)
    run_id = archive_only(own_archive, second, account)  # archived, never indexed
    es, alias = get_client(own_archive), posts_alias(own_archive.index_prefix)
    before = indexed_ids(es, alias)
    with transaction(own_archive) as session:
        touched = set(queries.post_ids_of_run(session, run_id))
        archived = list(queries.all_post_ids(session))
    stale, missing = touched & before, touched - before
    assert stale and missing  # edits of indexed posts, and posts new in the second export
    untouched = sorted(before - touched)
    deleted = set(untouched[:3])
    for post_id in deleted:  # at its own version, as a deletion by the indexer would be
        version = es.get(index=alias, id=post_id)["_version"]
        es.delete(index=alias, id=post_id, version=version, version_type="external_gte")
    es.indices.refresh(index=alias)
    with transaction(own_archive) as session:
        (tampered,) = queries.indexed_posts(session, [untouched[5]])
    es.index(
        index=alias,
        id=tampered.post_id,
        document={**tampered.model_dump(mode="json"), "text": "altered", "content_sha256": "0"},
        version=tampered.version,
        version_type="external_gte",
        refresh=True,
    )
    stray = tampered.model_copy(update={"post_id": f"{tampered.post_id}-stray"})
    es.index(index=alias, id=stray.post_id, document=stray.model_dump(mode="json"), refresh=True)
    env = settings_env(own_archive)

    dry = run_cli("index", "reconcile", "--dry-run", "--json", settings=own_archive, env=env)
    assert dry.returncode == 1, dry.stderr  # drift found
    found = json.loads(dry.stdout)
    assert set(found["named"]["missing"]) == missing | deleted
    assert set(found["named"]["stale"]) == stale | {tampered.post_id}
    assert found["named"]["extra"] == [stray.post_id]
    assert found["checked"] == len(archived) + 1 and found["repaired"] == 0
    assert indexed_ids(es, alias) == (before - deleted) | {stray.post_id}  # nothing changed

    repaired = reconcile_search_index(own_archive)
    assert repaired.repaired == repaired.drifted == len(missing | deleted | stale) + 2
    assert repaired.failed == 0
    assert indexed_ids(es, alias) == set(archived)
    document = es.get(index=alias, id=tampered.post_id)["_source"]
    assert document["text"] == tampered.text
    assert document["content_sha256"] == tampered.content_sha256
    assert all(es.get(index=alias, id=pid)["_source"]["version"] >= 2 for pid in stale)

    again = run_cli("index", "reconcile", "--json", settings=own_archive, env=env)
    assert again.returncode == 0, again.stderr
    result = json.loads(again.stdout)
    drift = ("missing", "stale", "extra", "repaired", "failed")
    assert result["checked"] == len(archived) and not any(result[k] for k in drift)


KILLED_AFTER_ARCHIVING = """
import os, signal, sys
from pipeline.runs import archive, capture
from pipeline.settings import Settings

settings = Settings()
run_id = capture(settings, "yammer-export", sys.argv[1], account=sys.argv[2])
archive(settings, run_id)
print(run_id, flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # dies before enrichment and indexing
"""


def test_reconcile_indexes_exactly_what_a_run_killed_after_archiving_left_out(
    own_archive, sample_exports, account
):
    first, second = sample_exports
    archived_and_indexed(own_archive, [first], account)
    es, alias = get_client(own_archive), posts_alias(own_archive.index_prefix)
    before = indexed_ids(es, alias)
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_AFTER_ARCHIVING, str(second), account],
        capture_output=True,
        text=True,
        env={**os.environ, **settings_env(own_archive)},
        timeout=600,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    run_id = int(killed.stdout.split()[-1])
    with transaction(own_archive) as session:
        assert queries.recent_capture_runs(session)[-1].status == "archived"
        left_out = set(queries.post_ids_of_run(session, run_id)) - before
    assert left_out and not left_out & indexed_ids(es, alias)

    report = reconcile_search_index(own_archive)
    assert set(report.named["missing"]) == left_out
    assert report.repaired == len(left_out) + report.stale and report.extra == 0
    assert left_out <= indexed_ids(es, alias)
    env = settings_env(own_archive)
    again = run_cli("index", "reconcile", "--dry-run", settings=own_archive, env=env)
    assert again.returncode == 0, again.stderr
    checked = len(indexed_ids(es, alias))
    assert again.stdout.strip() == f"checked {checked} documents: 0 missing, 0 stale, 0 extra"


# --- bulk resilience --------------------------------------------------------------------


class ThrottlingProxy:
    """A real HTTP proxy on 127.0.0.1 in front of the search engine that answers the first
    ``refuse`` bulk requests with 429 Too Many Requests, as a busy cluster does."""

    def __init__(self, upstream: str, refuse: int) -> None:
        self.upstream, self.refuse = upstream.rstrip("/"), refuse
        self.bulk_requests = self.refused = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def _handler(self):
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def forward(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path.split("?")[0].endswith("/_bulk"):
                    proxy.bulk_requests += 1
                    if proxy.refused < proxy.refuse:
                        proxy.refused += 1
                        busy = {"type": "es_rejected_execution_exception", "reason": "busy"}
                        self.reply(429, json.dumps({"error": busy, "status": 429}).encode(), {})
                        return
                headers = {
                    k: v
                    for k, v in self.headers.items()
                    if k.lower() not in ("host", "content-length", "connection")
                }
                answer = httpx.request(
                    self.command, proxy.upstream + self.path, content=body, headers=headers
                )
                self.reply(answer.status_code, answer.content, answer.headers)

            def reply(self, status: int, body: bytes, headers) -> None:
                self.send_response(status)
                self.send_header("Content-Type", headers.get("content-type", "application/json"))
                self.send_header("X-Elastic-Product", "Elasticsearch")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = forward

            def log_message(self, *args) -> None:
                pass

        return Handler

    def __enter__(self) -> "ThrottlingProxy":
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_bulk_indexing_rides_out_a_429_burst_and_dead_letters_a_refused_post(
    own_archive, sample_exports, account
):
    run_id = archive_only(own_archive, sample_exports[0], account)
    with transaction(own_archive) as session:
        post_ids = queries.post_ids_of_run(session, run_id)
        (ahead,) = queries.indexed_posts(session, post_ids[7:8])
    es = get_client(own_archive)
    alias = ensure_posts_index(es, own_archive.index_prefix)
    # The index holds a version of one post that the archive never had: the engine refuses
    # to overwrite it with the archive's older one, every time.
    es.index(
        index=alias,
        id=ahead.post_id,
        document=ahead.model_dump(mode="json"),
        version=99,
        version_type="external",
        refresh=True,
    )
    with ThrottlingProxy(search_url(own_archive), refuse=2) as proxy:
        through_proxy = own_archive.model_copy(update={"elasticsearch_url": proxy.url})
        indexed, failed = runs.index(through_proxy, run_id)
    assert proxy.refused == 2 and proxy.bulk_requests >= 3
    assert (indexed, failed) == (len(post_ids) - 1, 1)  # each post indexed once, one refused
    assert indexed_ids(es, alias) == set(post_ids)
    with transaction(own_archive) as session:
        run = queries.recent_capture_runs(session)[-1]
        dead = [(q.stage, q.locator, q.reason) for q in queries.quarantined(session, run_id)]
    assert (run.counts["indexed"], run.counts["index_failed"]) == (indexed, 1)
    ((stage, locator, reason),) = dead
    assert (stage, locator) == ("index", ahead.post_id) and "version" in reason

    report = reconcile_search_index(own_archive)  # tries it again: still refused, said once
    assert (report.stale, report.failed) == (1, 1)
    assert report.failures[0][0] == ahead.post_id
    with transaction(own_archive) as session:
        assert len(queries.quarantined(session, run_id)) == 1


def test_the_hourly_integrity_dag_reconciles_the_index_after_verifying(
    own_archive, sample_exports, account
):
    run_id = archive_only(own_archive, sample_exports[0], account)  # never indexed
    with transaction(own_archive) as session:
        archived = set(queries.post_ids_of_run(session, run_id))
    es, alias = get_client(own_archive), posts_alias(own_archive.index_prefix)
    run_dag(own_archive, "archive_integrity", datetime(2024, 3, 20, 3, tzinfo=UTC), {})
    assert indexed_ids(es, alias) == archived
