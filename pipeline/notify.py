"""Alert notifications: one digest per saved search per run, as a JSON webhook (retried a
bounded number of times) and as an e-mail through the configured SMTP server. A channel that
fails is reported, never raised, so one broken channel cannot stop another or the run.

A webhook is a URL anyone who may save a search chooses, and the alerts job calls it from
inside the network: it may only reach public addresses, or hosts and ranges the operator
lists in ``ARCHIVIST_WEBHOOK_ALLOWED_HOSTS``. Its host is checked when the search is saved and
again when it is called, after resolving the name; the request then goes to the address that
was checked, so a name that resolves differently a moment later (DNS rebinding) gains
nothing, and redirects are not followed."""

import ipaddress
import smtplib
import socket
from dataclasses import asdict, dataclass
from datetime import datetime
from email.message import EmailMessage
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
from tenacity import (
    RetryError,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
)

from pipeline.exc import UsageError
from pipeline.settings import Settings

WEBHOOK_ATTEMPTS = 3
WEBHOOK_TIMEOUT = 10.0
SMTP_TIMEOUT = 30.0
SNIPPET_CHARS = 280
DIGEST_POSTS = 50  # posts a digest lists; it counts all of them

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class PostSummary:
    post_id: str
    version: int
    created_at: str | None
    author: str | None
    place: str
    categories: list[str]
    sentiment: str | None
    url: str | None
    snippet: str


@dataclass(frozen=True)
class Digest:
    """What one saved search found that it has not told its owner yet: ``total`` posts, of
    which the first ``DIGEST_POSTS`` are listed. A ``late`` digest carries alerts an earlier
    run could not deliver; its ``since`` and ``until`` are when they were matched rather than
    the interval of one run."""

    saved_search_id: int
    name: str
    query: str
    user: str
    role: str
    since: datetime
    until: datetime
    posts: list[PostSummary]
    total: int
    late: bool = False

    @property
    def more(self) -> int:
        return self.total - len(self.posts)

    def as_payload(self) -> dict[str, Any]:
        return {
            "saved_search": {
                "id": self.saved_search_id,
                "name": self.name,
                "query": self.query,
                "user": self.user,
                "role": self.role,
            },
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "late": self.late,
            "count": self.total,
            "more": self.more,
            "posts": [asdict(p) for p in self.posts],
        }

    def subject(self) -> str:
        posts = "post" if self.total == 1 else "posts"
        late = " (delivered late)" if self.late else ""
        return f"Archivist: {self.total:,} new {posts} for your saved search {self.name!r}{late}"

    def body(self) -> str:
        span = f"{self.since:%Y-%m-%d %H:%M} and {self.until:%Y-%m-%d %H:%M} UTC"
        found = (
            f"found {self.total:,} new post(s) matched between {span} that could not be "
            "delivered then."
            if self.late
            else f"found {self.total:,} new post(s) indexed between {span}."
        )
        lines = [
            f"Your saved search {self.name!r} ({self.query or 'everything'}, as {self.role}) "
            + found,
            "",
        ]
        for post in self.posts:
            labels = f" [{', '.join(post.categories)}]" if post.categories else ""
            lines.append(
                f"{post.post_id} · {post.created_at or '?'} · {post.author or '?'} · "
                f"{post.place}{labels}"
            )
            lines.append(f"  {post.snippet}")
            if post.url:
                lines.append(f"  {post.url}")
            lines.append("")
        if self.more:
            lines += [f"… and {self.more:,} more.", ""]
        lines.append(f"See them with: archivist alerts list --user {self.user}")
        return "\n".join(lines) + "\n"


# --- where a webhook may go -------------------------------------------------------------


def _address(text: str) -> Address | None:
    try:
        address = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _why_not_public(address: Address) -> str | None:
    """Why ``address`` is not one a webhook may reach unless allowed, or None."""
    for kind, test in (
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("unspecified", address.is_unspecified),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
        ("non-public", not address.is_global),
    ):
        if test:
            return f"a {kind} address"
    return None


def _allowed(settings: Settings, host: str, address: Address) -> bool:
    for entry in settings.webhook_allowed_hosts:
        entry = entry.strip().lower()
        try:
            if address in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            if entry.rstrip(".") == host:
                return True
    return False


def _host(url: str) -> tuple[str, int | None]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"the webhook must be an http:// or https:// URL with a host, not {url!r}")
    try:
        return parts.hostname.rstrip(".").lower(), parts.port
    except ValueError:
        raise UsageError(f"the webhook {url!r} has a port that is not a number") from None


def _resolve(host: str, port: int | None) -> list[Address]:
    if literal := _address(host):
        return [literal]
    infos = socket.getaddrinfo(host, port or 443, proto=socket.IPPROTO_TCP)
    return list(dict.fromkeys(a for info in infos if (a := _address(info[4][0]))))


def webhook_addresses(settings: Settings, url: str, shown: str) -> list[Address]:
    """The addresses ``url``'s host resolves to, every one of them public or allowed by
    ``ARCHIVIST_WEBHOOK_ALLOWED_HOSTS``; UsageError, in one sentence, for any other (and
    OSError when the name cannot be resolved)."""
    host, port = _host(url)
    addresses = _resolve(host, port)
    for address in addresses:
        why = _why_not_public(address)
        if why and not _allowed(settings, host, address):
            named = host if str(address) == host else f"{host} ({address})"
            raise UsageError(
                f"the webhook {shown} may not be called: {named} is {why}; an operator can "
                "allow it in ARCHIVIST_WEBHOOK_ALLOWED_HOSTS"
            )
    return addresses


def check_webhook(settings: Settings, url: str, shown: str) -> None:
    """Refuse a webhook that could only reach what it may not; a name that does not resolve
    now is accepted (it is checked again, resolved, whenever it is called)."""
    try:
        webhook_addresses(settings, url, shown)
    except OSError:
        pass


def _pinned(url: str, address: Address) -> tuple[str, dict[str, str], dict[str, str]]:
    """``url`` sent to ``address`` itself, with the host name in the Host header and, over
    TLS, as the name the certificate must carry."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    literal = f"[{address}]" if address.version == 6 else str(address)
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = (
        (f"{userinfo}@" if userinfo else "") + literal + (f":{parts.port}" if parts.port else "")
    )
    pinned = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    header = host + (f":{parts.port}" if parts.port else "")
    extensions = {"sni_hostname": host} if parts.scheme == "https" else {}
    return pinned, {"Host": header}, extensions


class _Retry(Exception):
    """An answer worth trying again: a server error or a rate limit."""


def _post_once(
    client: httpx.Client, url: str, payload: dict[str, Any], headers: dict, extensions: dict
) -> httpx.Response:
    response = client.post(url, json=payload, headers=headers, extensions=extensions)
    if response.status_code >= 500 or response.status_code == 429:
        raise _Retry(f"answered {response.status_code}")
    return response


def post_webhook(settings: Settings, url: str, payload: dict[str, Any], shown: str) -> str | None:
    """POST the payload to the checked address of ``url``'s host; None when delivered, else
    why not (``shown``: the URL as it may be written down, without the secret in its path)."""
    try:
        address = webhook_addresses(settings, url, shown)[0]
    except UsageError as exc:
        return str(exc)
    except (OSError, IndexError) as exc:
        return f"the webhook {shown} cannot be resolved: {exc or 'no address'}"
    pinned, headers, extensions = _pinned(url, address)
    retrying = Retrying(
        retry=retry_if_exception_type((_Retry, httpx.TransportError)),
        stop=stop_after_attempt(WEBHOOK_ATTEMPTS),
        wait=wait_exponential(multiplier=0.5, max=8),
    )
    try:
        with httpx.Client(timeout=WEBHOOK_TIMEOUT, follow_redirects=False) as client:
            response = retrying(_post_once, client, pinned, payload, headers, extensions)
    except RetryError as exc:
        reason = exc.last_attempt.exception()
        return f"the webhook {shown} {_reason(reason)} after {WEBHOOK_ATTEMPTS} attempts"
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        return f"the webhook {shown} could not be called: {exc}"
    if response.is_success:
        return None
    return f"the webhook {shown} refused the alert with {response.status_code}"


def _reason(exc: BaseException | None) -> str:
    if isinstance(exc, _Retry):
        return str(exc)
    return f"could not be reached ({exc.__class__.__name__}: {exc})"


def send_email(settings: Settings, to: str, subject: str, body: str) -> str | None:
    """Send one e-mail; None when the SMTP server accepted it, else why not."""
    if not settings.smtp_host:
        return "no SMTP server is configured (set ARCHIVIST_SMTP_HOST)"
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    server = f"{settings.smtp_host}:{settings.smtp_port}"
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT) as smtp:
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        return f"the SMTP server {server} did not take the e-mail to {to}: {exc}"
    return None


def deliver(
    settings: Settings,
    digest: Digest,
    channels: dict[str, str],
    shown_webhook: str | None,
) -> dict[str, str | None]:
    """Send ``digest`` to each of ``channels`` ("webhook" -> URL, "email" -> address): each
    channel -> None when delivered, else why it failed."""
    outcome: dict[str, str | None] = {}
    if webhook := channels.get("webhook"):
        outcome["webhook"] = post_webhook(
            settings, webhook, digest.as_payload(), shown_webhook or ""
        )
    if email := channels.get("email"):
        outcome["email"] = send_email(settings, email, digest.subject(), digest.body())
    return outcome
