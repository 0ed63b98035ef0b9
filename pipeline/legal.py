"""Legal operations across the archive and the index: retention runs, erasure requests,
audited reads. Each is one call for a CLI command, an API route or a DAG task."""

import hashlib
import hmac
import json
import logging
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import TypeVar

import sqlalchemy as sa

from pipeline.archive import audit, erasure, queries, retention
from pipeline.archive.db import transaction
from pipeline.archive.export import ExportReport, write_export
from pipeline.archive.holds import (
    HoldCriteria,
    count_held_posts,
    create_hold,
    list_holds,
    release_hold,
)
from pipeline.archive.models import AuditEvent, HoldRow
from pipeline.archive.raw import raw_path
from pipeline.archive.signing import load_or_create_key, public_key_text, sign
from pipeline.exc import Forbidden, NotFound, SearchError, UsageError
from pipeline.settings import Settings
from schemas import IndexedPost, Post
from schemas.canonical import canonical_json
from search import related
from search.client import get_client, index_layout
from search.indexer import delete_posts, ensure_posts_index, index_posts
from search.query import SearchResult, search_posts
from search.visibility import check_role, is_legal, may_see, pseudonymise, sees_every_version

DISPOSAL_BATCH = 500
AnyPost = TypeVar("AnyPost", bound=Post)
log = logging.getLogger(__name__)


def actor_for(settings: Settings, role: str) -> audit.Actor:
    return audit.Actor(settings.actor_name, role)


# --- retention --------------------------------------------------------------------------


@dataclass
class RetentionReport:
    dry_run: bool
    policies_sha256: str
    due: list[retention.Decision] = field(default_factory=list)
    held: list[retention.Decision] = field(default_factory=list)
    without_policy: list[str] = field(default_factory=list)
    by_policy: Counter = field(default_factory=Counter)
    dispositions: list[int] = field(default_factory=list)
    versions_removed: int = 0
    raw_removed: int = 0

    def as_dict(self) -> dict:
        return {
            "dry_run": self.dry_run,
            "policies_sha256": self.policies_sha256,
            "due": [_decision(d) for d in self.due],
            "held": [_decision(d) for d in self.held],
            "without_policy": self.without_policy,
            "by_policy": dict(self.by_policy),
            "dispositions": self.dispositions,
            "versions_removed": self.versions_removed,
            "raw_removed": self.raw_removed,
        }


def _decision(d: retention.Decision) -> dict:
    return {
        "post_id": d.post_id,
        "policy": d.policy,
        "expires_at": d.expires_at.isoformat() if d.expires_at else None,
    }


def plan_retention(settings: Settings, now: datetime | None = None) -> RetentionReport:
    """Which posts are past their retention, which of those a hold keeps, and which have
    no policy at all."""
    now = now or datetime.now(UTC)
    policies = retention.load_policies(settings.retention_path)
    report = RetentionReport(dry_run=True, policies_sha256=policies.sha256)
    with transaction(settings) as session:
        for facts in retention.post_facts(session):
            decision = retention.decide(facts, policies, now)
            report.by_policy[decision.policy or "(none)"] += 1
            if decision.policy is None:
                report.without_policy.append(decision.post_id)
            elif decision.expired:
                (report.held if decision.held else report.due).append(decision)
    return report


def run_retention(
    settings: Settings, role: str = "admin", dry_run: bool = True, now: datetime | None = None
) -> RetentionReport:
    """Plan, and unless ``dry_run`` dispose of every due post in batches, each with its own
    certificate (in the database, and signed under ``$ARCHIVIST_HOME/dispositions``)."""
    report = plan_retention(settings, now)
    actor = actor_for(settings, role)
    _audit_policy_change(settings, actor, report.policies_sha256)
    if dry_run:
        return report
    report.dry_run = False
    by_policy: dict[str, list[str]] = {}
    for decision in report.due:
        by_policy.setdefault(decision.policy, []).append(decision.post_id)
    for policy, post_ids in sorted(by_policy.items()):
        ids = iter(post_ids)
        while batch := list(islice(ids, DISPOSAL_BATCH)):
            detail = {"policy": policy, "policies_sha256": report.policies_sha256}
            result = _dispose(
                settings, actor, "retention", f"retention policy {policy}", batch, detail
            )
            report.dispositions.append(result.disposition.id)
            report.versions_removed += result.versions
            report.raw_removed += len(result.raw_removed)
    finish_removals(settings)
    return report


def _audit_policy_change(settings: Settings, actor: audit.Actor, sha256: str) -> None:
    """A configuration change is audited the first time a run sees the new policies."""
    with transaction(settings) as session:
        last = session.scalar(
            sa.select(AuditEvent.target["policies_sha256"].astext)
            .where(AuditEvent.action == "config.retention")
            .order_by(AuditEvent.seq.desc())
            .limit(1)
        )
        if last != sha256:
            target = {"policies_sha256": sha256, "file": str(settings.retention_path)}
            audit.record(session, actor, "config.retention", target, None)


def _dispose(settings, actor, kind, reason, post_ids, detail) -> retention.DispositionResult:
    """The record first, with the index and raw-store removals it owes (``finish_removals``
    carries those out; what fails there is finished by the next run)."""
    with transaction(settings) as session:
        result = retention.dispose_posts(session, actor, kind, reason, post_ids, detail)
    _write_certificate(settings, result)
    return result


def finish_removals(settings: Settings) -> None:
    """Remove from the index every disposed post still queued for it, and from the raw store
    every payload marked disposed that nothing kept or held uses."""
    es = get_client(settings)
    try:
        alias = ensure_posts_index(es, settings.index_prefix, index_layout(settings))
        while True:
            with transaction(settings) as session:
                post_ids = retention.pending_index_removals(session, settings.batch_size)
                if not post_ids:
                    break
                delete_posts(es, alias, post_ids)
                retention.index_removals_done(session, post_ids)
    except SearchError as exc:
        raise SearchError(
            "the archive is disposed of, but the search index could not be cleaned up; "
            f"the next retention run will finish it ({exc})"
        ) from exc
    with transaction(settings) as session:
        for sha256 in retention.removable_raw_payloads(session):
            raw_path(settings.raw_dir, sha256).unlink(missing_ok=True)


def _write_certificate(settings: Settings, result: retention.DispositionResult) -> None:
    key = load_or_create_key(settings.signing_key_path)
    certificate = result.disposition.certificate
    signed = {
        "certificate": certificate,
        "certificate_sha256": result.disposition.certificate_sha256,
        "signature": sign(key, canonical_json(certificate)),
        "public_key": public_key_text(key),
    }
    path = retention.certificate_path(settings.home, result.disposition.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(canonical_json(signed))


# --- erasure ----------------------------------------------------------------------------


@dataclass
class ErasureReport:
    person: str  # the person's id
    erased: list[str] = field(default_factory=list)
    restricted: dict[str, str] = field(default_factory=dict)
    disposition: int | None = None
    profile_erased: bool = False

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def erase_person(
    settings: Settings,
    person: str,
    reason: str,
    role: str = "legal",
    now: datetime | None = None,
) -> ErasureReport:
    """Carry out an erasure request for one person (an id, or a name or handle only one
    person has): dispose of their posts and erase their profile; a post a legal hold or a
    legal duty keeps is restricted instead, saying which, and then the profile stays."""
    actor = actor_for(settings, role)
    policies = retention.load_policies(settings.retention_path)
    with transaction(settings) as session:
        person_id = erasure.resolve_person(session, person)
        report = ErasureReport(person=person_id)
        post_ids = erasure.posts_by_person(session, person_id)
        report.restricted = erasure.reasons_to_keep(
            session, post_ids, policies, now or datetime.now(UTC), reason
        )
        erasure.restrict_posts(session, actor, person_id, report.restricted)
        if not report.restricted:
            report.profile_erased = erasure.erase_profile(session, person_id)
        audit.record(
            session,
            actor,
            "erasure.request",
            {
                "person": person_id,
                "reason": reason,
                "restricted": sorted(report.restricted),
                "profile_erased": report.profile_erased,
            },
            len(post_ids),
        )
    report.erased = [pid for pid in post_ids if pid not in report.restricted]
    if report.erased:
        detail = {"person": person_id}
        result = _dispose(settings, actor, "erasure", reason, report.erased, detail)
        report.disposition = result.disposition.id
        finish_removals(settings)
    if report.restricted:
        _reindex(settings, list(report.restricted))
    return report


def _reindex(settings: Settings, post_ids: list[str]) -> None:
    with transaction(settings) as session:
        posts = queries.indexed_posts(session, post_ids)
    es = get_client(settings)
    index_posts(es, ensure_posts_index(es, settings.index_prefix, index_layout(settings)), posts)


# --- the audit trail --------------------------------------------------------------------

AUDIT_READERS = frozenset({"legal", "admin"})


def _audit_reader(role: str) -> None:
    if check_role(role) not in AUDIT_READERS:
        raise Forbidden(f"the {role} role may not read the audit trail")


def audit_events(
    settings: Settings,
    role: str,
    since: datetime | None = None,
    action: str | None = None,
    actor: str | None = None,
    limit: int | None = None,
) -> list[dict]:
    """Audit events, oldest first; reading them is itself one audited event (who looked at
    who looked at what), appended after the events it lists."""
    _audit_reader(role)
    criteria = {"since": since and since.isoformat(), "action": action, "actor": actor}
    with transaction(settings) as session:
        events = [
            audit.event_as_dict(e) for e in audit.list_events(session, since, action, actor, limit)
        ]
        target = {k: v for k, v in {**criteria, "limit": limit}.items() if v is not None}
        audit.record(session, actor_for(settings, role), "audit.list", target, len(events))
    return events


def export_audit_trail(
    settings: Settings, role: str, out: Path, since: datetime | None = None
) -> int:
    """Write the audit trail (each event with its chain hash) as JSON Lines, atomically, and
    record the export as one more event, chained like the others; returns how many events
    the file holds."""
    _audit_reader(role)
    partial = out.with_name(out.name + ".partial")
    count = 0
    try:
        with transaction(settings) as session:
            with partial.open("w", encoding="utf-8") as handle:
                for event in audit.list_events(session, since):
                    line = json.dumps(audit.event_as_dict(event), ensure_ascii=False)
                    handle.write(line + "\n")
                    count += 1
            target = {"file": out.name, "since": since and since.isoformat()}
            audit.record(session, actor_for(settings, role), "audit.export", target, count)
        partial.replace(out)  # once the event is committed: no file without its event
    finally:
        partial.unlink(missing_ok=True)
    return count


# --- audited reads ----------------------------------------------------------------------


def view_post(settings: Settings, post_id: str, role: str) -> list[queries.Version]:
    """A post's history (legal) or its latest version (every other role), as one audited
    view, under the same rule as search (``search.visibility``). A role that may not see the
    post is told it does not exist, and the attempt is audited with no result."""
    return _view(settings, post_id, role)[0]


def _view(
    settings: Settings, post_id: str, role: str
) -> tuple[list[queries.Version], IndexedPost | None]:
    """``view_post``'s versions with the search document they were judged by, both read in
    the view's one transaction. The document (latest version, its latest enrichment, any
    restriction: built from the archive, not from the index, which may lag) is read first
    and the history is cut at its version, so that a version archived in between is neither
    shown unjudged nor judged by another version's document."""
    check_role(role)
    with transaction(settings) as session:
        document = next(iter(queries.indexed_posts(session, [post_id])), None)
        history = queries.post_history(session, post_id)
        if document is not None:
            history = [v for v in history if v.version <= document.version]
        if history and not _may_see(role, document):
            history = []
        if not sees_every_version(role):
            history = history[-1:]
        audit.record(session, actor_for(settings, role), "view", {"post_id": post_id}, len(history))
    if not history:
        raise NotFound(f"no archived post has the id {post_id!r}")
    return history, document


def _may_see(role: str, document: IndexedPost | None) -> bool:
    if document is None:  # its latest content was disposed of: the record is legal's alone
        return sees_every_version(role)
    return may_see(role, document.model_dump(mode="json"))


def record_search(settings: Settings, role: str, query: str, total: int) -> None:
    with transaction(settings) as session:
        audit.record(session, actor_for(settings, role), "search", {"query": query}, total)


# --- pseudonyms -------------------------------------------------------------------------


def pseudonymiser(settings: Settings, role: str) -> Callable[[str], str] | None:
    """Author id -> a stable pseudonym, for the roles policy says must not see who wrote what;
    None for the others. The key stays apart from the data (art. 4(5) GDPR)."""
    if role not in settings.pseudonymised_roles:
        return None
    if settings.pseudonym_key:
        secret = settings.pseudonym_key.get_secret_value().encode()
    else:
        key = load_or_create_key(settings.signing_key_path)
        secret = hashlib.sha256(b"archivist-pseudonyms:" + key.private_bytes_raw()).digest()

    def pseudonym(author_id: str) -> str:
        return "person-" + hmac.new(secret, author_id.encode(), hashlib.sha256).hexdigest()[:12]

    return pseudonym


def pseudonymised(post: AnyPost, pseudonym: Callable[[str], str]) -> AnyPost:
    """The post as a pseudonymised role reads it (``search.visibility.pseudonymise``: the
    one rule for search hits, fetches, related posts, entity pages and alerts)."""
    return type(post).model_validate(pseudonymise(post.model_dump(mode="json"), pseudonym))


# --- reads and legal actions for the HTTP API -------------------------------------------


def search_audited(
    settings: Settings,
    es,
    alias: str,
    role: str,
    query: str,
    *,
    size: int = 20,
    categories: tuple[str, ...] = (),
    sort: str = "relevance",
    after: str | None = None,
    facets: bool = True,
) -> SearchResult:
    """One search as ``role`` on the client ``es``, authors as pseudonyms where policy says,
    as one audited event."""
    result = search_posts(
        es,
        alias,
        query,
        role,
        size,
        pseudonymiser(settings, role),
        categories,
        sort=sort,
        after=after,
        facets=facets,
    )
    record_search(
        settings, role, " ".join([query, *(f"category:{c}" for c in categories)]), result.total
    )
    return result


@dataclass(frozen=True)
class Record:
    """A post as a person reads it: the latest version with its enrichment (None when its
    content was disposed of), and the versions the role may see (all of them for legal)."""

    post_id: str
    post: IndexedPost | None
    versions: list[queries.Version]


def read_post(settings: Settings, post_id: str, role: str) -> Record:
    """``view_post`` (one audited view) with the latest version's enrichment, both as they
    were when the view judged them, pseudonymised where policy says."""
    history, post = _view(settings, post_id, role)
    if pseudonym := pseudonymiser(settings, role):
        history = [replace(v, post=v.post and pseudonymised(v.post, pseudonym)) for v in history]
        post = post and pseudonymised(post, pseudonym)
    return Record(post_id, post, history)


def related_audited(
    settings: Settings, es, alias: str, post_id: str, role: str
) -> list[related.RelatedGroup]:
    """A post's cross-links as ``role`` sees them, as one audited lookup (with no result when
    the role may not see the post)."""
    target = {"post_id": post_id}
    with _audited(settings, role, "related", target) as found:
        groups = related.related_posts(es, alias, post_id, role, pseudonymiser(settings, role))
        found.append(sum(len(g.hits) for g in groups))
    return groups


def entity_audited(
    settings: Settings, es, alias: str, entity: str, role: str
) -> related.EntityPage:
    """Everything the role may see about one entity, as one audited lookup."""
    with _audited(settings, role, "entity", {"entity": entity}) as found:
        page = related.entity_page(es, alias, entity, role, pseudonymiser(settings, role))
        found.append(page.total)
    return page


@contextmanager
def _audited(settings: Settings, role: str, action: str, target: dict) -> Iterator[list[int]]:
    """One audit event for the lookup in the block, with the count it appends, or with none
    when the record was not found."""
    found: list[int] = []
    try:
        yield found
    except NotFound:
        _record(settings, role, action, target, 0)
        raise
    _record(settings, role, action, target, found[0] if found else None)


def _record(settings: Settings, role: str, action: str, target: dict, count: int | None) -> None:
    with transaction(settings) as session:
        audit.record(session, actor_for(settings, role), action, target, count)


@dataclass(frozen=True)
class PostPage:
    """``related`` is None when the index cannot say yet: it has not caught up with the
    post, or the search engine did not answer."""

    record: Record
    related: list[related.RelatedGroup] | None


def read_post_page(settings: Settings, es, alias: str, post_id: str, role: str) -> PostPage:
    """What a post's page shows: the post (one audited view, from the archive) and its
    cross-links (one audited lookup, in the index). The post is shown even when the index
    does not have it yet."""
    record = read_post(settings, post_id, role)
    try:
        groups = related_audited(settings, es, alias, post_id, role)
    except (NotFound, SearchError) as exc:
        log.warning("no related posts for %s: %s", post_id, exc)
        groups = None
    return PostPage(record, groups)


def _legal_only(role: str) -> None:
    if not is_legal(role):
        raise Forbidden(f"the {role} role may not place, release or export legal holds")


@dataclass(frozen=True)
class HoldSummary:
    id: int
    matter: str
    posts: int
    custodians: list[str]
    sources: list[str]
    since: datetime | None
    until: datetime | None
    query: str | None
    created_at: datetime
    created_by: str
    released_at: datetime | None
    released_by: str | None
    release_reason: str | None

    @classmethod
    def of(cls, hold: HoldRow, posts: int) -> "HoldSummary":
        return cls(
            id=hold.id,
            posts=posts,
            **{f.name: getattr(hold, f.name) for f in fields(cls) if f.name not in ("id", "posts")},
        )


def legal_holds(settings: Settings, role: str, include_released: bool = False) -> list[HoldSummary]:
    """The holds with the number of posts each holds now."""
    _legal_only(role)
    with transaction(settings) as session:
        return [HoldSummary.of(h, n) for h, n in list_holds(session, include_released)]


def place_hold(settings: Settings, role: str, matter: str, criteria: HoldCriteria) -> HoldSummary:
    _legal_only(role)
    with transaction(settings) as session:
        hold, held = create_hold(session, actor_for(settings, role), matter, criteria)
        return HoldSummary.of(hold, held)


def release_legal_hold(settings: Settings, role: str, matter: str, reason: str) -> HoldSummary:
    _legal_only(role)
    with transaction(settings) as session:
        hold = release_hold(session, actor_for(settings, role), matter, reason)
        return HoldSummary.of(hold, count_held_posts(session, hold.id))


def export_records(
    settings: Settings, role: str, out: Path, matter: str | None, query: str | None
) -> ExportReport:
    """The eDiscovery export of what a hold holds or a query matches, written to ``out``."""
    _legal_only(role)
    if not (matter or query):
        raise UsageError("say what to export: the matter of a hold, or a query")
    key = load_or_create_key(settings.signing_key_path)
    with transaction(settings) as session:
        return write_export(
            session, actor_for(settings, role), key, out, settings.raw_dir, matter, query
        )
