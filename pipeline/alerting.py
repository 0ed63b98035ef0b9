"""Saved searches and the alerts they raise: the runs that join the archive
(``pipeline.archive.saved``: what was saved, alerted and delivered), the index
(``search.alerts``: what a saved search matches) and the notifications (``pipeline.notify``).

A run first sends again what earlier runs could not deliver (alerts still pending because the
run died before notifying, or failed on some channel), each alert at most
``DELIVERY_ATTEMPTS`` times. Then it runs every active saved search, as its role, on the
documents indexed in its interval, looking ``SETTLE`` further back (a document being indexed
while the run before searched may only have become visible after it), records one alert per
(saved search, post version) page by page, and sends each saved search's new alerts as one
digest listing at most ``DIGEST_POSTS`` of them: memory stays flat whatever the number of
matches.
"""

import html
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import islice

from pipeline.archive import saved
from pipeline.archive.db import transaction
from pipeline.archive.models import AlertRow, SavedSearchRow
from pipeline.exc import UsageError
from pipeline.legal import actor_for, pseudonymiser
from pipeline.notify import DIGEST_POSTS, SNIPPET_CHARS, Digest, PostSummary, check_webhook, deliver
from pipeline.settings import Settings
from search import alerts as index
from search.client import get_client, index_layout
from search.indexer import ensure_posts_index
from search.lexicons import LEXICONS
from search.visibility import place

log = logging.getLogger(__name__)

SETTLE = timedelta(minutes=10)
DELIVERY_ATTEMPTS = 5  # runs that try to deliver an alert before it is given up
HIGHLIGHT_TAG = re.compile(r"</?em>")


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


@dataclass(frozen=True)
class DigestOutcome:
    """How one digest went: ``posts`` alerts, earlier ones when ``late``."""

    saved_search_id: int
    saved_search: str
    posts: int
    late: bool
    status: str  # sent, none (no channel) or failed
    error: str | None


@dataclass
class AlertRun:
    since: datetime
    until: datetime
    alerts: int = 0  # recorded by this run
    digests: list[DigestOutcome] = field(default_factory=list)

    @property
    def failures(self) -> int:
        return sum(d.status == "failed" for d in self.digests)


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


def _criteria(row: SavedSearchRow) -> index.Criteria:
    return index.Criteria(row.name, row.query, row.role, row.lexicon, row.created_at)


# --- saved searches ---------------------------------------------------------------------


def _check_channels(settings: Settings, webhook: str | None, email: str | None) -> None:
    if webhook:
        check_webhook(settings, webhook, saved.shown_webhook(webhook) or webhook)
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
    """Save a search that will run as ``role``; the query and the channels are checked now,
    so that a broken one is refused here rather than failing every hour."""
    if not user.strip():
        raise UsageError("a saved search needs the user it belongs to")
    index.check_criteria(query, role, lexicon, pseudonymiser(settings, role) is None)
    _check_channels(settings, webhook, email)
    new = saved.NewSavedSearch(user, role, name, query, lexicon, webhook, email)
    with transaction(settings) as session:
        return _saved_search(saved.add_saved_search(session, new))


def list_saved_searches(settings: Settings, user: str) -> list[SavedSearch]:
    with transaction(settings) as session:
        return [_saved_search(row) for row in saved.saved_searches_of(session, user)]


def delete_saved_search(settings: Settings, user: str, search_id: int) -> SavedSearch:
    """Stop a saved search: it runs and notifies no more; its alerts stay."""
    with transaction(settings) as session:
        return _saved_search(saved.deactivate_saved_search(session, user, search_id))


def list_alerts(
    settings: Settings, user: str, limit: int | None = 100, role: str = "admin"
) -> list[Alert]:
    """The user's alerts, newest first, as one audited read by ``role`` (the command line
    reads the archive as its operator: admin)."""
    actor = actor_for(settings, role)
    with transaction(settings) as session:
        return [_alert(a, s) for a, s in saved.alerts_of(session, actor, user, limit)]


# --- runs -------------------------------------------------------------------------------


def evaluate_saved_searches(
    settings: Settings,
    since: datetime,
    until: datetime,
    settle: timedelta = SETTLE,
    page_size: int = index.PAGE_SIZE,
) -> AlertRun:
    """Deliver what earlier runs could not, then run every active saved search over what was
    indexed in [since - settle, until), record its new alerts and send them as one digest.
    An interval evaluated before adds nothing. Notification failures are recorded on the
    alerts and do not stop the run."""
    if since >= until:
        raise UsageError(f"the interval is empty: {since.isoformat()} is not before {until}")
    es = get_client(settings)
    alias = ensure_posts_index(es, settings.index_prefix, index_layout(settings))
    run = AlertRun(since, until)
    with transaction(settings) as session:
        before = saved.last_alert_id(session)
        backlog = saved.undelivered_groups(session, DELIVERY_ATTEMPTS, up_to_id=before)
        searches = saved.active_saved_searches(session)
    run.digests += [_deliver(settings, es, alias, group, None) for group in backlog]
    for search in searches:
        try:
            run.alerts += _record(settings, es, alias, search, (since, until), settle, page_size)
        except UsageError as exc:  # a query the language no longer takes: skip it, not all
            log.warning("saved search %s (%s) skipped: %s", search.id, search.name, exc)
            continue
        with transaction(settings) as session:
            new = saved.undelivered_groups(
                session, DELIVERY_ATTEMPTS, after_id=before, saved_search_id=search.id
            )
        run.digests += [_deliver(settings, es, alias, group, (since, until)) for group in new]
    return run


def _record(
    settings: Settings,
    es,
    alias: str,
    search: SavedSearchRow,
    interval: tuple[datetime, datetime],
    settle: timedelta,
    page_size: int,
) -> int:
    """Record the saved search's alerts on what was indexed in the interval (and ``settle``
    before it), a page at a time, each page with its audit event; returns how many."""
    pseudonym = pseudonymiser(settings, search.role)
    window = (interval[0] - settle, interval[1])
    found = index.matches(es, alias, _criteria(search), window, pseudonym, page_size)
    audited = {"since": interval[0].isoformat(), "until": interval[1].isoformat()}
    added = 0
    while page := list(islice(found, page_size)):
        page_matches = [saved.Match(f.hit.post_id, f.version, f.content_sha256) for f in page]
        with transaction(settings) as session:
            added += len(
                saved.record_alerts(session, search, page_matches, datetime.now(UTC), audited)
            )
    return added


def _channels(search: SavedSearchRow) -> dict[str, str]:
    channels = {"webhook": search.notify_webhook, "email": search.notify_email}
    return {channel: to for channel, to in channels.items() if to}


def _deliver(
    settings: Settings,
    es,
    alias: str,
    group: saved.DeliveryGroup,
    interval: tuple[datetime, datetime] | None,
) -> DigestOutcome:
    """Send one digest of the group's alerts to the channels that have not had them, and
    record how it went; ``interval`` is the run's for new alerts, None for earlier ones."""
    search = group.search
    pseudonym = pseudonymiser(settings, search.role)
    with transaction(settings) as session:
        first = saved.first_of_group(session, group, DIGEST_POSTS)
    listed = index.posts_of(es, alias, _criteria(search), [pid for pid, _ in first], pseudonym)
    since, until = interval or (group.first_matched, group.last_matched)
    digest = Digest(
        saved_search_id=search.id,
        name=search.name,
        query=search.query,
        user=search.owner,
        role=search.role,
        since=since,
        until=until,
        posts=[_summary(found) for found in listed],
        total=group.total,
        late=interval is None,
    )
    channels = _channels(search)
    due = {c: to for c, to in channels.items() if c not in group.delivered}
    outcome = deliver(settings, digest, due, saved.shown_webhook(search.notify_webhook))
    took = {channel for channel, why in outcome.items() if why is None}
    delivered = tuple(sorted(set(group.delivered) | took))
    complete = set(delivered) == set(channels)
    error = "; ".join(f"{c}: {why}" for c, why in outcome.items() if why) or None
    with transaction(settings) as session:
        at = datetime.now(UTC) if took else None
        saved.record_delivery(session, group, delivered, complete, error, at)
    status = ("sent" if channels else "none") if complete else "failed"
    return DigestOutcome(search.id, search.name, group.total, interval is None, status, error)


def _plain(fragment: str) -> str:
    """A highlight fragment (escaped HTML, ``<em>`` its only markup) as plain text: digests
    go to e-mail bodies and to other systems, which should not have to trust its HTML."""
    return html.unescape(HIGHLIGHT_TAG.sub("", fragment))


def _summary(found: index.Found) -> PostSummary:
    hit = found.hit
    text = " ".join(hit.text.split())
    return PostSummary(
        post_id=hit.post_id,
        version=found.version,
        created_at=hit.created_at.isoformat() if hit.created_at else None,
        author=hit.author,
        place=place(hit.group, hit.visibility),
        categories=list(hit.categories),
        sentiment=hit.sentiment,
        url=found.url,
        snippet=" … ".join(map(_plain, hit.highlights)) or text[:SNIPPET_CHARS],
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
