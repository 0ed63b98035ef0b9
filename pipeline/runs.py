"""The stages of one capture run, each a function of (settings, run id) so that a DAG task,
the CLI and the tests call the same code: capture → archive → enrich → index.

Each stage is idempotent: running it again for the same run changes nothing, so Airflow
retries and backfills are safe.
"""

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path

from pipeline.archive import queries, store
from pipeline.archive.db import repeatable_transaction, transaction
from pipeline.archive.raw import raw_path, store_raw_bytes, store_raw_file
from pipeline.connectors import CaptureContext, Cursor, Quarantined, Tombstone, get_connector
from pipeline.connectors.http import TRUNCATED, HttpClient, redact_url
from pipeline.enrich import (
    Directory,
    Page,
    build_directory,
    enrich_pages,
    enricher_name,
    read_directory_file,
    worker_count,
)
from pipeline.exc import NotFound, SourceError
from pipeline.settings import Settings
from schemas import IndexedPost, Person, Post, Source
from search.client import get_client, index_layout
from search.indexer import ensure_posts_index, index_posts, refresh_index


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

    def add(self, batch: "RunSummary") -> None:
        """Count a committed batch into the run."""
        for name, value in _counts(batch).items():
            setattr(self, name, getattr(self, name) + value)
        self.source = batch.source or self.source
        self.reasons.extend(batch.reasons[: max(0, 5 - len(self.reasons))])


def capture(
    settings: Settings,
    kind: str,
    target: str | Path,
    *,
    account: str | None = None,
    interval: tuple[datetime, datetime] | None = None,
    dag_run: str | None = None,
    http: HttpClient | None = None,
) -> int:
    """Fetch the target with its connector and store every item byte for byte before anything
    is parsed; returns the capture run's id. A target that cannot be fetched ends the run with
    a clear error and leaves its cursor where it was."""
    connector = get_connector(kind)
    target = str(target)
    shown = redact_url(target) if "://" in target else target  # also the cursor's key
    with transaction(settings) as session:
        cursor = store.get_cursor(session, connector.kind.value, shown)
        run_id = store.start_capture_run(
            session,
            connector=connector.kind.value,
            connector_version=connector.version,
            target=shown,
            account=account,
            fetched_at=datetime.now(UTC),
            interval_start=interval[0] if interval else None,
            interval_end=interval[1] if interval else None,
            dag_run=dag_run,
        )
    try:
        with http or HttpClient() as client:
            cursor_after, stored = _store_items(
                settings, run_id, connector, connector.fetch(target, cursor, client)
            )
    except Exception as exc:  # any failure: the run says so, the cursor stays; then re-raise
        with transaction(settings) as session:
            store.update_capture_run(session, run_id, "failed", {"error": str(exc)})
        raise
    with transaction(settings) as session:
        store.update_capture_run(
            session, run_id, "captured", {"items": stored}, cursor_after=cursor_after
        )
    return run_id


def _store_items(settings: Settings, run_id: int, connector, items) -> tuple[dict | None, int]:
    cursor_after, seq = None, 0
    for item in items:
        if isinstance(item, Cursor):
            cursor_after = item.state
            continue
        if isinstance(item, Path):
            sha256, size = store_raw_file(settings.raw_dir, item)
            fields = {
                "locator": item.name,
                "status": 200,
                "headers": {},
                "fetched_at": datetime.now(UTC),
            }
        else:
            sha256, size = store_raw_bytes(settings.raw_dir, item.body)
            fields = {
                "locator": item.url,
                "status": item.status,
                "headers": item.headers,
                "fetched_at": item.fetched_at,
            }
        raw = {"sha256": sha256, "size": size, "media_type": connector.media_type}
        repeatable_transaction(settings, store.add_capture_item, run_id, seq, raw, **fields)
        seq += 1
    return cursor_after, seq


def _run(settings: Settings, run_id: int):
    with transaction(settings) as session:
        run = store.get_capture_run(session, run_id)
        if run is None:
            raise NotFound(f"capture run {run_id} does not exist")
        return run, queries.capture_items(session, run_id)


def _batches(records: Iterator, size: int) -> Iterator[list]:
    while batch := list(islice(records, size)):
        yield batch


def archive(settings: Settings, run_id: int) -> RunSummary:
    """Read every stored item of the run with its connector and append the versions that
    changed; then move the target's cursor on. Each batch is one transaction, repeated on a
    new connection when the database restarts under it."""
    run, items = _run(settings, run_id)
    connector = get_connector(run.connector)
    summary = RunSummary(run_id)

    def archive_batch(batch: list) -> None:
        summary.add(repeatable_transaction(settings, _archive_batch, run_id, batch, summary.source))

    for item in items:
        # A later item (a re-check that answered 404) may need the account an earlier one named.
        account = run.account or (summary.source.split(".", 1)[1] if summary.source else None)
        context = CaptureContext(
            capture_run=run_id,
            name=item.locator,
            fetched_at=item.fetched_at,
            raw_sha256=item.raw_sha256,
            max_field_bytes=settings.max_field_bytes,
            account=account,
            status=item.status,
            headers=item.headers,
        )
        if TRUNCATED in item.headers:
            bad = Quarantined(
                item.locator,
                f"the response is larger than {item.headers[TRUNCATED]} bytes; "
                "its first bytes are kept",
            )
            archive_batch([bad])
            continue
        records = _guarded(
            connector.read(raw_path(settings.raw_dir, item.raw_sha256), context), item.locator
        )
        for batch in _batches(records, settings.batch_size):
            archive_batch(batch)

    def finish(session) -> None:
        store.update_capture_run(
            session, run_id, "archived", _counts(summary), source=summary.source
        )
        if run.cursor_after is not None:
            store.save_cursor(session, run.connector, run.target, run.cursor_after, run_id)

    repeatable_transaction(settings, finish)
    return summary


def _guarded(records: Iterator, locator: str) -> Iterator:
    """The last line of defence: a connector that fails on an item quarantines what was left
    of it and the run goes on (connectors quarantine bad records themselves; this is for bugs)."""
    try:
        yield from records
    except Exception as exc:  # noqa: BLE001
        yield Quarantined(locator, f"the connector failed here: {exc.__class__.__name__}: {exc}")


def _archive_batch(session, run_id: int, batch: list, source_key: str | None) -> RunSummary:
    """Append one batch in the caller's transaction; its counts join the run's only once the
    transaction has committed, so a batch repeated after a lost connection counts once."""
    summary = RunSummary(run_id, source=source_key)
    for source in (r for r in batch if isinstance(r, Source)):
        store.upsert_source(session, source)
        summary.source = source.key
    people = [r for r in batch if isinstance(r, Person)]
    posts = [r for r in batch if isinstance(r, Post)]
    tombstones = [r for r in batch if isinstance(r, Tombstone)]
    bad = [r for r in batch if isinstance(r, Quarantined)]
    store.upsert_people(session, people)
    if posts or tombstones:
        store.lock_source(session, summary.source or "")
    counts = store.archive_records(session, run_id, posts, tombstones)
    summary.new += counts.new
    summary.changed += counts.changed
    summary.unchanged += counts.unchanged
    store.quarantine(session, run_id, "archive", bad)
    summary.people += len(people)
    summary.fetched += counts.new + counts.changed + counts.unchanged
    summary.fetched += sum(1 for q in bad if not q.locator.startswith("Users.csv"))
    summary.quarantined += len(bad)
    summary.reasons.extend(f"{q.locator}: {q.reason}" for q in bad[:5])
    return summary


def _counts(summary: RunSummary) -> dict:
    return {k: v for k, v in summary.as_dict().items() if isinstance(v, int) and k != "run_id"}


def load_directory(settings: Settings) -> Directory:
    """The directory the enrichment links entities to: the directory file and every person
    the archive knows."""
    with transaction(settings) as session:
        people = queries.directory_people(session)
    return build_directory(read_directory_file(settings.directory_path), people)


def _enrich_pending(settings: Settings, **which) -> tuple[str, int]:
    """Enrich the versions ``which`` selects that the current enricher has not seen, page by
    page, on every core (``settings.enrich_workers``); each page's records are saved in a
    transaction of their own, so an interrupted run keeps what it finished."""
    directory = load_directory(settings)
    enricher = enricher_name(directory)
    pages = _pending_pages(settings, enricher, **which)
    enriched = 0
    for records in enrich_pages(pages, directory, worker_count(settings.enrich_workers)):
        with transaction(settings) as session:
            store.save_enrichments(session, records)
        enriched += len(records)
    return enricher, enriched


def _pending_pages(settings: Settings, enricher: str, **which) -> Iterator[Page]:
    after = 0
    while True:
        with transaction(settings) as session:
            pending = queries.versions_to_enrich(
                session, enricher, settings.batch_size, after=after, **which
            )
        if not pending:
            return
        yield [(p.version_id, p.text, p.external) for p in pending]
        after = pending[-1].version_id


def enrich(settings: Settings, run_id: int) -> int:
    """Enrich every version of this run the current enricher has not seen; returns how many."""
    _, enriched = _enrich_pending(settings, run_id=run_id)
    with transaction(settings) as session:
        store.update_capture_run(session, run_id, "enriched", {"enriched": enriched})
    return enriched


@dataclass
class ReenrichSummary:
    enricher: str
    enriched: int
    indexed: int
    index_failed: list[tuple[str, str]]


def reenrich(settings: Settings, start: datetime, end: datetime) -> ReenrichSummary:
    """Enrich again what was archived in [start, end) with the current enricher (after a
    model or directory upgrade) and re-index those posts. New enrichment records are added
    beside the old ones; the archived versions are not touched."""
    enricher, enriched = _enrich_pending(settings, archived=(start, end))
    with transaction(settings) as session:
        post_ids = queries.post_ids_archived(session, start, end) if enriched else []
    indexed, failed = index_post_ids(settings, post_ids)
    return ReenrichSummary(enricher, enriched, indexed, failed)


def reenrich_windows(
    settings: Settings, since: str, until: str | None
) -> list[tuple[datetime, datetime]]:
    """[since, until) in calendar months (UTC; ``until`` unset: now), starting no earlier
    than the first archived version: the months a re-enrichment has to visit."""
    start = datetime.fromisoformat(since).replace(tzinfo=UTC)
    end = datetime.fromisoformat(until).replace(tzinfo=UTC) if until else datetime.now(UTC)
    with transaction(settings) as session:
        first = queries.first_archived_at(session)
    if first is None:
        return []
    start = max(start, first.replace(day=1, hour=0, minute=0, second=0, microsecond=0))
    windows = []
    while start < end:
        next_month = (start.replace(day=1) + timedelta(days=32)).replace(day=1)
        windows.append((start, min(next_month, end)))
        start = next_month
    return windows


def index_post_ids(settings: Settings, post_ids: list[str]) -> tuple[int, list[tuple[str, str]]]:
    """Index these posts a batch at a time, with one refresh at the end."""
    es = get_client(settings)
    alias = ensure_posts_index(es, settings.index_prefix, index_layout(settings))
    size = settings.batch_size
    indexed, failed = 0, []
    for documents in _read_ahead(
        settings, [post_ids[i : i + size] for i in range(0, len(post_ids), size)]
    ):
        report = index_posts(es, alias, documents, refresh=False)
        indexed += report.indexed
        failed += report.failed
    refresh_index(es, alias)
    return indexed, failed


def _read_ahead(settings: Settings, pages: list[list[str]]) -> Iterator[list[IndexedPost]]:
    """The search documents of each page of post ids; the next page is read from the archive
    while the caller sends this one to the search engine."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="archive-reader") as reader:
        upcoming = None
        for page in pages:
            current, upcoming = upcoming, reader.submit(_search_documents, settings, page)
            if current is not None:
                yield current.result()
        if upcoming is not None:
            yield upcoming.result()


def _search_documents(settings: Settings, post_ids: list[str]) -> list[IndexedPost]:
    with transaction(settings) as session:
        return queries.indexed_posts(session, post_ids)


def index(settings: Settings, run_id: int) -> tuple[int, int]:
    """Index the latest version of every post this run touched; failures are quarantined
    with their reason. Returns (indexed, failed)."""
    with transaction(settings) as session:
        post_ids = queries.post_ids_of_run(session, run_id)
    indexed, failed = index_post_ids(settings, post_ids)
    with transaction(settings) as session:
        store.quarantine(
            session, run_id, "index", [Quarantined(pid, reason) for pid, reason in failed]
        )
        store.update_capture_run(
            session,
            run_id,
            "indexed",
            {"indexed": indexed, "index_failed": len(failed)},
            finished_at=datetime.now(UTC),
        )
    return indexed, len(failed)


def ingest(
    settings: Settings,
    kind: str,
    target: str | Path,
    *,
    account: str | None = None,
    http: HttpClient | None = None,
) -> RunSummary:
    """One capture run, start to finish, in this process."""
    run_id = capture(settings, kind, target, account=account, http=http)
    summary = archive(settings, run_id)
    summary.enriched = enrich(settings, run_id)
    summary.indexed, summary.index_failed = index(settings, run_id)
    return summary


def inbox_file(settings: Settings, kind: str, start: datetime, end: datetime) -> Path:
    """Where a scheduled run expects the file for its data interval:
    ``$ARCHIVIST_HOME/inbox/<kind>/<kind>-<start>-<end>.zip`` (dates as YYYYMMDD)."""
    return settings.home / "inbox" / kind / f"{kind}-{start:%Y%m%d}-{end:%Y%m%d}.zip"


def capture_interval(
    settings: Settings,
    kind: str,
    target: str | None,
    start: datetime,
    end: datetime,
    dag_run: str,
    *,
    account: str | None = None,
    token: str | None = None,
) -> int:
    """A scheduled capture. APIs and feeds are read from their cursor on (the interval is
    recorded with the run); file sources read the given file, or the inbox file named for the
    data interval."""
    if target and "://" in target:
        headers = {"Authorization": f"Bearer {token}"} if token else None
        with HttpClient(headers=headers) as http:
            return capture(
                settings,
                kind,
                target,
                account=account,
                interval=(start, end),
                dag_run=dag_run,
                http=http,
            )
    path = Path(target) if target else inbox_file(settings, kind, start, end)
    if not path.is_file():
        raise SourceError(f"no {kind} file for {start:%Y-%m-%d}..{end:%Y-%m-%d}: {path} is missing")
    return capture(settings, kind, path, account=account, interval=(start, end), dag_run=dag_run)


def resolve_token(settings: Settings, name: str | None) -> str | None:
    """A source's API token: ``ARCHIVIST_TOKENS[name]``, else the password of the Airflow
    connection of that name (when running under Airflow). Never logged, never stored."""
    if not name:
        return None
    if name in settings.tokens:
        return settings.tokens[name].get_secret_value()
    try:
        from airflow.sdk import BaseHook
    except ImportError:
        return None
    return BaseHook.get_connection(name).password
