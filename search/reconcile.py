"""Reconcile: compare the index with the archive, document by document, and repair the drift.

The archive is the record. Both sides are read as streams of fingerprints in post id order
(the archive's from a cursor, the index's through a point in time with ``search_after``) and
merged, so memory stays flat whatever the size: a document the archive implies but the index
lacks is missing, one whose fingerprint differs is stale, one the archive does not imply
(never archived, or disposed of) is extra. Missing and stale documents are indexed again,
extra ones removed, page by page.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field

from elasticsearch import Elasticsearch

from pipeline.exc import SearchError
from schemas import IndexedPost
from schemas.post import FINGERPRINT_FIELDS, IndexFingerprint
from search.indexer import delete_posts, index_posts
from search.paging import iterate_pit

NAMED = 1000  # post ids the report names per kind of drift; the counts are always complete
KEEP_ALIVE = "5m"  # a page of repairs is indexed between two reads

LoadPosts = Callable[[list[str]], list[IndexedPost]]
DeadLetter = Callable[[list[tuple[str, str]]], None]


@dataclass
class ReconcileReport:
    dry_run: bool
    checked: int = 0
    missing: int = 0
    stale: int = 0
    extra: int = 0
    repaired: int = 0
    failed: int = 0
    named: dict[str, list[str]] = field(
        default_factory=lambda: {"missing": [], "stale": [], "extra": []}
    )
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def drifted(self) -> int:
        return self.missing + self.stale + self.extra

    def as_dict(self) -> dict:
        return asdict(self)

    def count(self, kind: str, post_id: str) -> None:
        setattr(self, kind, getattr(self, kind) + 1)
        if len(self.named[kind]) < NAMED:
            self.named[kind].append(post_id)


def indexed_fingerprints(es: Elasticsearch, alias: str, page: int) -> Iterator[IndexFingerprint]:
    """Every document in the index behind ``alias``, as fingerprints in post id order, read
    from one point in time: writes made meanwhile (the repairs) do not move the reading."""
    body = {
        "sort": [{"post_id": "asc"}],
        "source": {"includes": FINGERPRINT_FIELDS},
        "version": True,
    }
    for hit in iterate_pit(es, alias, body, page, KEEP_ALIVE):
        yield _fingerprint(hit)


def _fingerprint(hit: dict) -> IndexFingerprint:
    """The fingerprint of one indexed document, with the version the engine holds for it:
    the indexer writes each post's version as its external version, so a document whose
    engine version is another (written by hand, restored from elsewhere) has drifted too."""
    document = {"post_id": hit["_id"], **hit["_source"]}
    return IndexFingerprint.of(
        {**document, "version": hit.get("_version", document.get("version"))}
    )


def _in_order(fingerprints: Iterable[IndexFingerprint], side: str) -> Iterator[IndexFingerprint]:
    """Refuse to merge a stream that is not in strictly increasing post id order: the merge
    would mistake documents for missing and extra ones."""
    last = None
    for fingerprint in fingerprints:
        if last is not None and fingerprint.post_id <= last:
            raise SearchError(
                f"the {side} listed {fingerprint.post_id} after {last}: "
                "post ids are not in code point order; the reconcile stopped"
            )
        last = fingerprint.post_id
        yield fingerprint


def merge_by_post_id(
    expected: Iterable[IndexFingerprint], indexed: Iterable[IndexFingerprint]
) -> Iterator[tuple[IndexFingerprint | None, IndexFingerprint | None]]:
    """Pairs (archive's, index's) for every post id on either side; None where one lacks it."""
    left = _in_order(expected, "archive")
    right = _in_order(indexed, "index")
    a, b = next(left, None), next(right, None)
    while a is not None or b is not None:
        if b is None or (a is not None and a.post_id < b.post_id):
            yield a, None
            a = next(left, None)
        elif a is None or b.post_id < a.post_id:
            yield None, b
            b = next(right, None)
        else:
            yield a, b
            a, b = next(left, None), next(right, None)


@dataclass
class _Repairs:
    """Drifted post ids waiting to be repaired, flushed a page at a time."""

    es: Elasticsearch
    alias: str
    load: LoadPosts
    dead_letter: DeadLetter
    report: ReconcileReport
    page: int
    reindex: list[str] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)

    def add(self, kind: str, post_id: str) -> None:
        (self.remove if kind == "extra" else self.reindex).append(post_id)
        if len(self.reindex) + len(self.remove) >= self.page:
            self.flush()

    def flush(self) -> None:
        """Index again what the archive has now, which also covers a post archived after the
        comparison read past it; remove what it still does not have."""
        if not (self.reindex or self.remove):
            return
        posts = self.load(self.reindex + self.remove)
        result = index_posts(self.es, self.alias, posts)
        present = {post.post_id for post in posts}
        gone = [pid for pid in self.remove if pid not in present]
        removed = delete_posts(self.es, self.alias, gone) if gone else 0
        self.report.repaired += result.indexed + removed
        self.report.failed += len(result.failed)
        self.report.failures += result.failed[: max(0, NAMED - len(self.report.failures))]
        if result.failed:
            self.dead_letter(result.failed)
        self.reindex, self.remove = [], []


def reconcile_index(
    es: Elasticsearch,
    alias: str,
    expected: Iterable[IndexFingerprint],
    load: LoadPosts,
    *,
    dead_letter: DeadLetter = lambda failures: None,
    dry_run: bool = False,
    page: int = 1000,
) -> ReconcileReport:
    """Compare the index behind ``alias`` with ``expected`` (the archive's fingerprints, in
    post id order) and, unless ``dry_run``, repair it: ``load`` gives the archive's current
    documents of a page of post ids, ``dead_letter`` takes the (post id, reason) of every
    document the index still refused."""
    report = ReconcileReport(dry_run=dry_run)
    repairs = _Repairs(es, alias, load, dead_letter, report, page)
    for want, have in merge_by_post_id(expected, indexed_fingerprints(es, alias, page)):
        report.checked += 1
        if want == have:
            continue
        kind = "missing" if have is None else "extra" if want is None else "stale"
        post_id = (want or have).post_id
        report.count(kind, post_id)
        if not dry_run:
            repairs.add(kind, post_id)
    if not dry_run:
        repairs.flush()
    return report
