"""Saved searches and the alerts they raise, without the percolator: each run searches, as the
saved search's role, the documents indexed in the run's interval, records one alert per
(saved search, post version) it has not alerted on yet, and sends each saved search's new
alerts as one digest.

Two choices keep alerts honest when the index is rewritten. A saved search alerts only on
versions archived after it was saved, so a rebuilt or re-enriched index does not flood its
owner with old posts. And a run looks ``SETTLE`` further back than its interval: a document
being indexed while the run before searched may only have become visible after it, and the
alert is recorded once either way.
"""

import logging
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from elasticsearch import ApiError, Elasticsearch, TransportError

from pipeline.archive import saved
from pipeline.archive.db import transaction
from pipeline.archive.models import AlertRow, SavedSearchRow
from pipeline.exc import SearchError, UsageError
from pipeline.legal import pseudonymiser
from pipeline.notify import SNIPPET_CHARS, Digest, PostSummary, deliver
from pipeline.settings import Settings
from search.client import get_client
from search.indexer import ensure_posts_index
from search.lexicons import LEXICONS, lexicon_filters
from search.paging import PIT_KEEP_ALIVE
from search.query import make_search_body
from search.querylang import parse_query
from search.visibility import check_role, may_see

log = logging.getLogger(__name__)

SETTLE = timedelta(minutes=10)
PAGE_SIZE = 500
PLACES = {
    "company_internal": "All Company",
    "direct_message": "a direct message",
    "public_external": "public",
    "private_group": "a private group",
}


@dataclass(frozen=True)
class SavedSearch:
    id: int
    user: str
    role: str
    name: str
    query: str
    lexicon: str | None
    webhook: str | None  # shown without its path, which often carries a secret
    email: str | None
    created_at: datetime


@dataclass(frozen=True)
class Alert:
    id: int
    saved_search_id: int
    saved_search: str
    user: str
    post_id: str
    version: int
    content_sha256: str
    matched_at: datetime
    notified_at: datetime | None
    notify_status: str
    notify_error: str | None


def _saved_search(row: SavedSearchRow) -> SavedSearch:
    return SavedSearch(
        id=row.id,
        user=row.owner,
        role=row.role,
        name=row.name,
        query=row.query,
        lexicon=row.lexicon,
        webhook=saved.shown_webhook(row.notify_webhook),
        email=row.notify_email,
        created_at=row.created_at,
    )


def _alert(row: AlertRow, search: SavedSearchRow) -> Alert:
    return Alert(
        id=row.id,
        saved_search_id=search.id,
        saved_search=search.name,
        user=search.owner,
        post_id=row.post_id,
        version=row.version,
        content_sha256=row.content_sha256,
        matched_at=row.matched_at,
        notified_at=row.notified_at,
        notify_status=row.notify_status,
        notify_error=row.notify_error,
    )


# --- saved searches ---------------------------------------------------------------------


def _check_channels(webhook: str | None, email: str | None) -> None:
    if webhook and not webhook.startswith(("http://", "https://")):
        raise UsageError(f"the webhook must be an http:// or https:// URL, not {webhook!r}")
    if email and ("@" not in email or any(c.isspace() for c in email)):
        raise UsageError(f"{email!r} is not an e-mail address")


def save_search(
    settings: Settings,
    user: str,
    role: str,
    name: str,
    query: str,
    webhook: str | None = None,
    email: str | None = None,
    lexicon: str | None = None,
) -> SavedSearch:
    """Save a search that will run as ``role``; the query is checked now, so that a broken
    one is refused here rather than failing every hour."""
    check_role(role)
    if not user.strip():
        raise UsageError("a saved search needs the user it belongs to")
    if lexicon is not None and lexicon not in LEXICONS:
        raise UsageError(f"unknown lexicon {lexicon!r}; lexicons: {', '.join(LEXICONS)}")
    parse_query(query, author_searchable=pseudonymiser(settings, role) is None)
    _check_channels(webhook, email)
    new = saved.NewSavedSearch(user, role, name, query, lexicon, webhook, email)
    with transaction(settings) as session:
        return _saved_search(saved.add_saved_search(session, new))


def list_saved_searches(settings: Settings, user: str) -> list[SavedSearch]:
    with transaction(settings) as session:
        return [_saved_search(row) for row in saved.saved_searches_of(session, user)]


def delete_saved_search(settings: Settings, user: str, search_id: int) -> SavedSearch:
    """Stop a saved search; its alerts stay."""
    with transaction(settings) as session:
        return _saved_search(saved.deactivate_saved_search(session, user, search_id))


def list_alerts(settings: Settings, user: str, limit: int | None = 100) -> list[Alert]:
    """The user's alerts, newest first."""
    with transaction(settings) as session:
        return [_alert(alert, search) for alert, search in saved.alerts_of(session, user, limit)]


# --- evaluation -------------------------------------------------------------------------


def evaluate_saved_searches(
    settings: Settings, since: datetime, until: datetime, settle: timedelta = SETTLE
) -> list[Alert]:
    """Run every active saved search over what was indexed in [since - settle, until);
    returns the alerts this run added (none when the interval was evaluated before).
    Notification failures are recorded on the alerts and do not stop the run."""
    if since >= until:
        raise UsageError(f"the interval is empty: {since.isoformat()} is not before {until}")
    es = get_client(settings)
    alias = ensure_posts_index(es, settings.index_prefix)
    with transaction(settings) as session:
        searches = saved.active_saved_searches(session)
    alerts: list[Alert] = []
    for search in searches:
        try:
            alerts += _evaluate(settings, es, alias, search, (since, until), settle)
        except UsageError as exc:  # a query the language no longer takes: skip it, not all
            log.warning("saved search %s (%s) skipped: %s", search.id, search.name, exc)
    return alerts


def _evaluate(
    settings: Settings,
    es: Elasticsearch,
    alias: str,
    search: SavedSearchRow,
    interval: tuple[datetime, datetime],
    settle: timedelta,
) -> list[Alert]:
    pseudonym = pseudonymiser(settings, search.role)
    window = (interval[0] - settle, interval[1])
    found = {d["post_id"]: d for d in _documents(es, alias, search, window, pseudonym is None)}
    matches = [saved.Match(d["post_id"], d["version"], d["content_sha256"]) for d in found.values()]
    audited = {"since": interval[0].isoformat(), "until": interval[1].isoformat()}
    with transaction(settings) as session:
        new = saved.record_alerts(session, search, matches, datetime.now(UTC), audited)
    if not new:
        return []
    digest = Digest(
        saved_search_id=search.id,
        name=search.name,
        query=search.query,
        user=search.owner,
        role=search.role,
        since=interval[0],
        until=interval[1],
        posts=[_summary(found[a.post_id], pseudonym) for a in new],
    )
    status, error, notified_at = _notify(settings, search, digest)
    with transaction(settings) as session:
        saved.record_notification(session, [a.id for a in new], status, error, notified_at)
    outcome = {"notify_status": status, "notify_error": error, "notified_at": notified_at}
    return [replace(_alert(a, search), **outcome) for a in new]


def _notify(
    settings: Settings, search: SavedSearchRow, digest: Digest
) -> tuple[str, str | None, datetime | None]:
    """(status, error, when notified): "sent", "failed" when any channel failed (named in the
    error), "none" when the saved search has no channel."""
    outcome = deliver(
        settings,
        digest,
        search.notify_webhook,
        saved.shown_webhook(search.notify_webhook),
        search.notify_email,
    )
    if not outcome:
        return "none", None, None
    failed = {channel: why for channel, why in outcome.items() if why}
    delivered = len(failed) < len(outcome)
    at = datetime.now(UTC) if delivered else None
    if not failed:
        return "sent", None, at
    return "failed", "; ".join(f"{channel}: {why}" for channel, why in failed.items()), at


def _query(
    search: SavedSearchRow, indexed: tuple[datetime, datetime], author_searchable: bool
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The saved search as its role runs it (``make_search_body``: the query inside the role's
    visibility filter), limited to what was indexed in [start, end) and to its lexicon; and
    its highlighting."""
    body = make_search_body(search.query, search.role, author_searchable)
    window = {"gte": indexed[0].isoformat(), "lt": indexed[1].isoformat()}
    filters = [
        {"range": {"indexed_at": window}},
        {"range": {"archived_at": {"gte": search.created_at.isoformat()}}},
        *lexicon_filters(search.lexicon),
    ]
    return {"bool": {"must": [body["query"]], "filter": filters}}, body["highlight"]


def _documents(
    es: Elasticsearch,
    alias: str,
    search: SavedSearchRow,
    indexed: tuple[datetime, datetime],
    author_searchable: bool,
) -> Iterator[dict[str, Any]]:
    """Every matching document (``_source`` plus its highlights), paged through one point in
    time; each is checked once more against the role's rule in Python."""
    query, highlight = _query(search, indexed, author_searchable)
    try:
        pit = es.open_point_in_time(index=alias, keep_alive=PIT_KEEP_ALIVE)["id"]
        try:
            after = None
            while True:
                response = es.search(
                    pit={"id": pit, "keep_alive": PIT_KEEP_ALIVE},
                    query=query,
                    highlight=highlight,
                    size=PAGE_SIZE,
                    sort=[{"post_id": "asc"}],
                    search_after=after,
                    track_total_hits=False,
                )
                pit = response.get("pit_id", pit)
                hits = response["hits"]["hits"]
                for hit in hits:
                    if may_see(search.role, hit["_source"]):
                        yield {**hit["_source"], "_highlights": _highlights(hit)}
                if len(hits) < PAGE_SIZE:
                    break
                after = hits[-1]["sort"]
        finally:
            es.options(ignore_status=404).close_point_in_time(id=pit)
    except (ApiError, TransportError) as exc:
        raise SearchError(f"the saved search {search.name!r} failed: {exc}") from exc


def _highlights(hit: dict[str, Any]) -> list[str]:
    return list(dict.fromkeys(f for frags in hit.get("highlight", {}).values() for f in frags))


def _summary(document: dict[str, Any], pseudonym) -> PostSummary:
    author = document.get("author") or {}
    group = document.get("group") or {}
    enrichment = document.get("enrichment") or {}
    shown_author = pseudonym(author["id"]) if pseudonym and author else author.get("name")
    text = " ".join((document.get("text") or "").split())
    snippet = " … ".join(document["_highlights"]) or text[:SNIPPET_CHARS]
    return PostSummary(
        post_id=document["post_id"],
        version=document["version"],
        created_at=document.get("created_at"),
        author=shown_author,
        place=group.get("name") or PLACES.get(document["visibility"], document["visibility"]),
        categories=list(enrichment.get("labels") or []),
        sentiment=enrichment.get("sentiment"),
        url=document.get("url"),
        snippet=snippet,
    )


# --- lexicons ---------------------------------------------------------------------------


def _organisation_names(settings: Settings) -> list[str]:
    from pipeline.enrich.directory import read_directory_file  # the package loads spaCy

    organisation = read_directory_file(settings.directory_path).organisation
    return [organisation.name, *organisation.aliases] if organisation else []


def install_lexicons(
    settings: Settings,
    user: str,
    role: str,
    organisation: tuple[str, ...] = (),
    webhook: str | None = None,
    email: str | None = None,
) -> list[SavedSearch]:
    """Save the ready-made lexicons (``search.lexicons``) as ``user``'s searches in ``role``;
    the names of the organisation default to the directory file's. A lexicon the user
    already has is left as it is. Returns the searches added."""
    names = list(organisation) or _organisation_names(settings)
    if not names:
        raise UsageError(
            "the negative-mentions lexicon needs the organisation's name: give --organisation "
            f"or set [organisation] in the directory file {settings.directory_path}"
        )
    have = {search.lexicon for search in list_saved_searches(settings, user)}
    return [
        save_search(
            settings, user, role, lexicon.name, lexicon.query_for(names), webhook, email, key
        )
        for key, lexicon in LEXICONS.items()
        if key not in have
    ]
