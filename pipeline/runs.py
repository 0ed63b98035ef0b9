"""The stages of one capture run, each a function of (settings, run id) so that a DAG task,
the CLI and the tests call the same code: capture → archive → enrich → index.

Each stage is idempotent: running it again for the same run changes nothing, so Airflow
retries and backfills are safe.
"""

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

from pipeline.archive import queries, store
from pipeline.archive.db import transaction
from pipeline.archive.raw import raw_path, store_raw_file
from pipeline.connectors import CaptureContext, Quarantined, get_connector
from pipeline.enrich import enrich_texts, enricher_name
from pipeline.exc import NotFound, SourceError
from pipeline.settings import Settings
from schemas import Person, Post, Source
from search.client import get_client
from search.indexer import ensure_posts_index, index_posts


@dataclass
class RunSummary:
    run_id: int
    source: str | None = None
    fetched: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    quarantined: int = 0
    people: int = 0
    enriched: int = 0
    indexed: int = 0
    index_failed: int = 0
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def capture(
    settings: Settings,
    kind: str,
    target: Path,
    *,
    account: str | None = None,
    interval: tuple[datetime, datetime] | None = None,
    dag_run: str | None = None,
) -> int:
    """Copy the raw bytes into the raw store and open a capture run; returns its id."""
    connector = get_connector(kind)
    if not target.is_file():
        raise SourceError(f"{target} is not a readable file")
    sha256, size = store_raw_file(settings.raw_dir, target)
    with transaction(settings) as session:
        store.record_raw_capture(session, sha256, size, connector.media_type)
        return store.start_capture_run(
            session,
            connector=connector.kind.value,
            connector_version=connector.version,
            target=str(target),
            raw_sha256=sha256,
            fetched_at=datetime.now(UTC),
            interval_start=interval[0] if interval else None,
            interval_end=interval[1] if interval else None,
            dag_run=dag_run,
            account=account,
        )


def _run(settings: Settings, run_id: int):
    with transaction(settings) as session:
        run = store.get_capture_run(session, run_id)
        if run is None:
            raise NotFound(f"capture run {run_id} does not exist")
        return run


def _batches(records: Iterator, size: int) -> Iterator[list]:
    while batch := list(islice(records, size)):
        yield batch


def archive(settings: Settings, run_id: int) -> RunSummary:
    """Read the run's raw capture with its connector and append the versions that changed."""
    run = _run(settings, run_id)
    connector = get_connector(run.connector)
    context = CaptureContext(
        capture_run=run_id,
        name=Path(run.target).name,
        fetched_at=run.fetched_at,
        raw_sha256=run.raw_sha256,
        max_field_bytes=settings.max_field_bytes,
        account=run.account,
    )
    summary = RunSummary(run_id)
    records = connector.read(raw_path(settings.raw_dir, run.raw_sha256), context)
    for batch in _batches(records, settings.batch_size):
        with transaction(settings) as session:
            _archive_batch(session, run_id, batch, summary)
    with transaction(settings) as session:
        store.update_capture_run(
            session, run_id, "archived", _counts(summary), source=summary.source
        )
    return summary


def _archive_batch(session, run_id: int, batch: list, summary: RunSummary) -> None:
    for source in (r for r in batch if isinstance(r, Source)):
        store.upsert_source(session, source)
        summary.source = source.key
    people = [r for r in batch if isinstance(r, Person)]
    posts = [r for r in batch if isinstance(r, Post)]
    bad = [r for r in batch if isinstance(r, Quarantined)]
    store.upsert_people(session, people)
    if posts:
        store.lock_source(session, posts[0].source)
        counts = store.archive_posts(session, run_id, posts)
        summary.new += counts.new
        summary.changed += counts.changed
        summary.unchanged += counts.unchanged
    store.quarantine(session, run_id, "archive", bad)
    summary.people += len(people)
    summary.fetched += len(posts) + sum(1 for q in bad if "Users.csv" not in q.locator)
    summary.quarantined += len(bad)
    summary.reasons.extend(
        f"{q.locator}: {q.reason}" for q in bad[: max(0, 5 - len(summary.reasons))]
    )


def _counts(summary: RunSummary) -> dict:
    return {k: v for k, v in summary.as_dict().items() if isinstance(v, int) and k != "run_id"}


def enrich(settings: Settings, run_id: int) -> int:
    """Enrich every version of this run the current enricher has not seen; returns how many."""
    name = enricher_name()
    enriched = 0
    while True:
        with transaction(settings) as session:
            pending = queries.versions_to_enrich(session, run_id, name, settings.batch_size)
            if not pending:
                break
            store.save_enrichments(session, list(enrich_texts(pending)))
        enriched += len(pending)
    with transaction(settings) as session:
        store.update_capture_run(session, run_id, "enriched", {"enriched": enriched})
    return enriched


def index(settings: Settings, run_id: int) -> tuple[int, int]:
    """Index the latest version of every post this run touched; failures are quarantined
    with their reason. Returns (indexed, failed)."""
    es = get_client(settings)
    alias = ensure_posts_index(es, settings.index_prefix)
    with transaction(settings) as session:
        post_ids = queries.post_ids_of_run(session, run_id)
    indexed = failed = 0
    for start in range(0, len(post_ids), settings.batch_size):
        with transaction(settings) as session:
            documents = queries.indexed_posts(
                session, post_ids[start : start + settings.batch_size]
            )
            report = index_posts(es, alias, documents)
            store.quarantine(
                session,
                run_id,
                "index",
                [Quarantined(pid, reason) for pid, reason in report.failed],
            )
        indexed += report.indexed
        failed += len(report.failed)
    with transaction(settings) as session:
        store.update_capture_run(
            session,
            run_id,
            "indexed",
            {"indexed": indexed, "index_failed": failed},
            finished_at=datetime.now(UTC),
        )
    return indexed, failed


def ingest(
    settings: Settings, kind: str, target: Path, *, account: str | None = None
) -> RunSummary:
    """One capture run, start to finish, in this process."""
    run_id = capture(settings, kind, target, account=account)
    summary = archive(settings, run_id)
    summary.enriched = enrich(settings, run_id)
    summary.indexed, summary.index_failed = index(settings, run_id)
    return summary


def inbox_file(settings: Settings, kind: str, start: datetime, end: datetime) -> Path:
    """Where a scheduled run expects the file for its data interval:
    ``$ARCHIVIST_HOME/inbox/<kind>/<kind>-<start>-<end>.zip`` (dates as YYYYMMDD)."""
    return settings.home / "inbox" / kind / f"{kind}-{start:%Y%m%d}-{end:%Y%m%d}.zip"


def capture_interval(
    settings: Settings, kind: str, path: str | None, start: datetime, end: datetime, dag_run: str
) -> int:
    """A scheduled capture: the given file, or the inbox file named for the data interval."""
    target = Path(path) if path else inbox_file(settings, kind, start, end)
    if not target.is_file():
        raise SourceError(
            f"no {kind} file for {start:%Y-%m-%d}..{end:%Y-%m-%d}: {target} is missing"
        )
    return capture(settings, kind, target, interval=(start, end), dag_run=dag_run)
