"""Faults injected while a real run is in flight: the search server stopped during bulk
indexing, PostgreSQL restarted during an archive batch, a source that repeats and reorders its
pages, a raw store on a full disk or one the process may not write to. After each, the archive
and the index are checked against what the source served: every post seen is archived and
indexed once, none is lost, none is duplicated."""

import csv
import io
import json
import os
import subprocess
import time
import zipfile
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from pipeline import runs
from pipeline.archive import queries, store
from pipeline.archive.db import dispose_engine, transaction
from pipeline.archive.models import post_versions
from pipeline.archive.verify import verify_archive
from pipeline.connectors.http import HttpClient
from pipeline.sample import build_organisation
from pipeline.sample.replay import ReplayServer, Reply
from pipeline.sample.yammer_export import build_export
from pipeline.services import database_urls, search_url, stop_services
from search.client import get_client
from search.indexer import posts_alias
from tests.conftest import free_port, run_cli

# --- what was served, what the archive and the index hold --------------------------------


def yammer_export(directory: Path, days: int = 10, per_day: int = 500) -> tuple[Path, set[str]]:
    """A Yammer export of about ``days * per_day`` messages, and the native ids it serves."""
    org = build_organisation(seed=23, employees=120, messages_per_day=per_day, days=days)
    data = build_export(org, org.start, org.start + timedelta(days=days + 1))
    path = directory / "export.zip"
    path.write_bytes(data)
    with zipfile.ZipFile(io.BytesIO(data)) as export:
        rows = csv.DictReader(io.TextIOWrapper(export.open("Messages.csv"), "utf-8"))
        return path, {row["id"] for row in rows}


def ledger(settings, source: str, served: set[str]) -> dict[str, int]:
    """Posts the source served, archived and indexed; lost (served, but missing from the
    archive or the index) and duplicated (one state archived twice, or extra documents)."""
    with transaction(settings) as session:
        rows = session.execute(
            sa.select(post_versions.c.post_id, post_versions.c.content_sha256).where(
                post_versions.c.source == source
            )
        ).all()
    expected = {f"{source}:{native}" for native in served}
    archived = {post_id for post_id, _ in rows}
    es, alias = get_client(settings), posts_alias(settings.index_prefix)
    es.indices.refresh(index=alias)
    indexed = set()
    ordered = sorted(expected)
    for start in range(0, len(ordered), 1000):
        found = es.mget(index=alias, ids=ordered[start : start + 1000], source=False)
        indexed |= {doc["_id"] for doc in found["docs"] if doc.get("found")}
    documents = es.count(index=alias, query={"prefix": {"post_id": f"{source}:"}})["count"]
    return {
        "seen": len(expected),
        "archived": len(archived & expected),
        "indexed": len(indexed),
        "lost": len(expected - archived) + len(expected - indexed),
        "duplicated": len(rows) - len(set(rows)) + documents - len(indexed),
    }


def whole(served: set[str]) -> dict[str, int]:
    return {"seen": len(served), "archived": len(served), "indexed": len(served), "lost": 0,
            "duplicated": 0}  # fmt: skip


def in_flight(work, *args) -> Future:
    """Start ``work`` in a thread of its own: the run the fault is injected into."""
    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(work, *args)
    pool.shutdown(wait=False)
    return future


def wait_until(condition, seconds: float = 60, every: float = 0.02) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the run never reached the point where the fault goes in")
        time.sleep(every)


# --- the search server stops during bulk indexing ----------------------------------------


@pytest.fixture
def own_search(own_archive, tmp_path):
    """The test's archive with a local search server of its own, which the test may stop."""
    own = own_archive.model_copy(
        update={"home": tmp_path / "home", "local_elasticsearch_port": free_port()}
    )
    search_url(own)
    yield own
    stop_services(own)


def test_bulk_indexing_rides_out_the_search_server_stopping_and_starting_again(
    own_search, tmp_path, account
):
    export, served = yammer_export(tmp_path)
    run_id = runs.capture(own_search, "yammer-export", export, account=account)
    runs.archive(own_search, run_id)
    es, alias = get_client(own_search), posts_alias(own_search.index_prefix)

    def some_indexed() -> bool:
        if not es.indices.exists(index=alias):
            return False
        es.indices.refresh(index=alias)
        return es.count(index=alias)["count"] >= 500

    indexing = in_flight(runs.index, own_search, run_id)
    wait_until(some_indexed)
    stopped_in_flight = not indexing.done()
    stop_services(own_search)
    time.sleep(2)  # bulk requests meet a closed port meanwhile
    search_url(own_search)
    indexed, failed = indexing.result(timeout=300)
    assert stopped_in_flight, "indexing had ended before the server was stopped"

    assert (indexed, failed) == (len(served), 0)
    assert ledger(own_search, f"yammer.{account}", served) == whole(served)
    with transaction(own_search) as session:
        counts = queries.recent_capture_runs(session, 1)[0].counts
    assert (counts["indexed"], counts["index_failed"]) == (len(served), 0)


# --- PostgreSQL restarts during an archive batch -----------------------------------------


@pytest.fixture
def own_postgres(settings, tmp_path):
    """Settings with an embedded PostgreSQL of their own (which the test restarts) and the
    session's search server."""
    own = settings.model_copy(
        update={
            "home": tmp_path / "home",
            "database_url": None,
            "database_admin_url": None,
            "elasticsearch_url": search_url(settings),
            "batch_size": 100,
        }
    )
    yield own
    dispose_engine(own)
    stop_services(own)


def restart_postgres(settings) -> None:
    """``pg_ctl restart -m fast``: every session is disconnected, the server comes back on the
    same socket."""
    from pgserver import _commands

    user = "pgserver" if os.geteuid() == 0 else None
    _commands.pg_ctl(["-w", "-m", "fast", "restart"], pgdata=settings.home / "postgres", user=user)


def test_archiving_rides_out_postgresql_restarting_mid_batch(own_postgres, tmp_path, account):
    export, served = yammer_export(tmp_path)
    run_id = runs.capture(own_postgres, "yammer-export", export, account=account)
    watcher = sa.create_engine(database_urls(own_postgres)[1], poolclass=sa.pool.NullPool)

    def some_archived() -> bool:
        with watcher.connect() as connection:
            count = sa.select(sa.func.count()).select_from(post_versions)
            return connection.scalar(count) >= 500

    archiving = in_flight(runs.archive, own_postgres, run_id)
    wait_until(some_archived)
    restarted_in_flight = not archiving.done()
    restart_postgres(own_postgres)
    summary = archiving.result(timeout=300)
    assert restarted_in_flight, "archiving had ended before the restart"

    # A batch whose commit was not heard of is repeated and finds its posts already there.
    assert summary.new + summary.unchanged == len(served) and summary.quarantined == 0
    indexed, failed = runs.index(own_postgres, run_id)
    assert (indexed, failed) == (len(served), 0)
    assert ledger(own_postgres, f"yammer.{account}", served) == whole(served)
    report = verify_archive(own_postgres)
    assert report.intact, report.problems[:3]
    assert report.checked["versions"] == len(served)


# --- a source repeats a page and serves its pages out of order ---------------------------


def status(number: int) -> dict:
    created = datetime(2024, 3, 1, tzinfo=UTC) + timedelta(hours=number)
    return {
        "id": f"1122334455667{number:05d}",
        "created_at": created.isoformat().replace("+00:00", "Z"),
        "visibility": "public",
        "language": "en",
        "url": f"https://mastodon.example/@ola/{number}",
        "content": f"<p>Status number {number} from the Nordlys meetup</p>",
        "account": {"id": "7", "username": "ola", "acct": "ola", "display_name": "Ola"},
    }


def page(numbers: list[int], replay: ReplayServer, next_max: int | None) -> Reply:
    headers = {}
    if next_max:
        link = f"{replay.url}{TIMELINE}?max_id={status(next_max)['id']}"
        headers["Link"] = f'<{link}>; rel="next"'

    return Reply(200, json.dumps([status(n) for n in numbers]).encode(), headers)


TIMELINE = "/api/v1/timelines/tag/nordlys"


def test_a_repeated_page_and_pages_out_of_order_archive_every_status_once(settings, account):
    with ReplayServer() as replay:
        # newest first, then the oldest page, then the middle one twice: the second time under
        # a link that points at itself, as a source whose paging does not move does
        replay.add(TIMELINE, page([9, 8, 7], replay, next_max=7))
        replay.add(TIMELINE, page([3, 2, 1], replay, next_max=1), when={"max_id": status(7)["id"]})
        replay.add(TIMELINE, page([6, 5, 4], replay, next_max=4), when={"max_id": status(1)["id"]})
        replay.add(TIMELINE, page([6, 5, 4], replay, next_max=4), when={"max_id": status(4)["id"]})
        replay.add(TIMELINE, page([10], replay, None), when={"since_id": status(9)["id"]})
        target = replay.url + TIMELINE
        first = runs.ingest(settings, "mastodon", target, account=account, http=HttpClient())
        asked = replay.served(TIMELINE)
        second = runs.ingest(settings, "mastodon", target, account=account, http=HttpClient())

    assert asked == 4  # the page that links to itself is not asked for again
    # the page delivered twice is read twice: its three statuses are unchanged the second time
    assert (first.new, first.unchanged, first.quarantined) == (9, 3, 0)
    assert (second.new, second.unchanged) == (1, 0)  # the cursor is the newest id, 9
    served = {status(n)["id"] for n in range(1, 11)}
    assert ledger(settings, f"mastodon.{account}", served) == whole(served)


# --- the raw store cannot be written -----------------------------------------------------


def elsewhere(settings, home: Path):
    """The same archive and search server, with the files (the raw store) under ``home``."""
    return settings.model_copy(update={"home": home, "elasticsearch_url": search_url(settings)})


@pytest.fixture
def small_raw_store(own_archive, tmp_path):
    """The archive's raw store on a 64 KiB tmpfs: a disk that fills during a capture."""
    own = elsewhere(own_archive, tmp_path / "home")
    own.raw_dir.mkdir(parents=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(own.raw_dir)],
        capture_output=True,
        text=True,
    )
    assert mounted.returncode == 0, f"this test mounts a small tmpfs: {mounted.stderr}"
    yield own
    subprocess.run(["umount", "-l", str(own.raw_dir)], check=True)


def status_pages(replay: ReplayServer, pages: int, per_page: int = 20) -> set[str]:
    """A timeline of ``pages`` pages of padded statuses (about 16 KiB each)."""
    numbers = list(range(pages * per_page, 0, -1))
    for index in range(pages):
        chunk = numbers[index * per_page : (index + 1) * per_page]
        reply = page(chunk, replay, next_max=chunk[-1] if index + 1 < pages else None)
        padded = json.loads(reply.body)
        for item in padded:
            item["content"] += "<p>" + "Nordlys " * 90 + "</p>"
        reply = Reply(200, json.dumps(padded).encode(), reply.headers)
        when = {"max_id": status(numbers[index * per_page - 1])["id"]} if index else None
        replay.add(TIMELINE, reply, when=when)
    return {status(n)["id"] for n in numbers}


def test_a_full_raw_store_fails_the_run_in_one_sentence_and_loses_nothing(small_raw_store, account):
    with ReplayServer() as replay:
        served = status_pages(replay, pages=8)
        target = replay.url + TIMELINE
        with pytest.raises(Exception, match="raw store .* cannot be written") as failed:
            runs.ingest(small_raw_store, "mastodon", target, account=account)
        assert "No space left on device" in str(failed.value)
        assert not [p for p in small_raw_store.raw_dir.rglob(".incoming-*")]  # no half files
        with transaction(small_raw_store) as session:
            run = queries.recent_capture_runs(session, 1)[0]
            assert run.status == "failed" and "No space left" in run.counts["error"]
            cursor = store.get_cursor(session, "mastodon", target)
        assert cursor == {}  # the next run starts where this one did

        subprocess.run(
            ["mount", "-o", "remount,size=16m", str(small_raw_store.raw_dir)], check=True
        )
        again = runs.ingest(small_raw_store, "mastodon", target, account=account)
    assert again.new == len(served) and again.quarantined == 0
    assert ledger(small_raw_store, f"mastodon.{account}", served) == whole(served)


def test_a_raw_store_the_process_may_not_write_is_one_clear_sentence(own_archive, tmp_path):
    own = elsewhere(own_archive, tmp_path / "home")
    own.raw_dir.mkdir(parents=True)
    own.raw_dir.chmod(0o555)
    export, _ = yammer_export(tmp_path, days=1, per_day=20)
    env = {"ARCHIVIST_HOME": str(own.home), "ARCHIVIST_DATABASE_URL": own.database_url,
           "ARCHIVIST_DATABASE_ADMIN_URL": own.database_admin_url,
           "ARCHIVIST_ELASTICSEARCH_URL": own.elasticsearch_url}  # fmt: skip
    # root may write anywhere: drop that right, as an unprivileged service account lacks it
    unprivileged = ["setpriv", "--inh-caps=-dac_override", "--bounding-set=-dac_override"]
    done = run_cli(
        "ingest", "yammer-export", str(export), settings=own, env=env, wrapper=unprivileged
    )
    assert done.returncode == 1
    message = done.stderr.strip()
    assert message.count("\n") == 0 and "Traceback" not in message
    assert f"the raw store {own.raw_dir} cannot be written (Permission denied)" in message
    with transaction(own) as session:
        run = queries.recent_capture_runs(session, 1)[0]
    assert run.status == "failed" and "Permission denied" in run.counts["error"]
