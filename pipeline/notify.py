"""Alert notifications: one digest per saved search per run, as a JSON webhook (retried a
bounded number of times) and as an e-mail through the configured SMTP server. A channel that
fails is reported, never raised, so one broken channel cannot stop another or the run."""

import smtplib
from dataclasses import asdict, dataclass
from datetime import datetime
from email.message import EmailMessage
from typing import Any

import httpx
from tenacity import (
    RetryError,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
)

from pipeline.settings import Settings

WEBHOOK_ATTEMPTS = 3
WEBHOOK_TIMEOUT = 10.0
SMTP_TIMEOUT = 30.0
SNIPPET_CHARS = 280


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
    """What one saved search found in one interval that it had not alerted on before."""

    saved_search_id: int
    name: str
    query: str
    user: str
    role: str
    since: datetime
    until: datetime
    posts: list[PostSummary]

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
            "count": len(self.posts),
            "posts": [asdict(p) for p in self.posts],
        }

    def subject(self) -> str:
        posts = "post" if len(self.posts) == 1 else "posts"
        return f"Archivist: {len(self.posts)} new {posts} for your saved search {self.name!r}"

    def body(self) -> str:
        lines = [
            f"Your saved search {self.name!r} ({self.query or 'everything'}, as {self.role}) "
            f"found {len(self.posts)} new post(s) indexed between "
            f"{self.since:%Y-%m-%d %H:%M} and {self.until:%Y-%m-%d %H:%M} UTC.",
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
        lines.append(f"See them with: archivist show ID --role {self.role}")
        return "\n".join(lines) + "\n"


class _Retry(Exception):
    """An answer worth trying again: a server error or a rate limit."""


def _post_once(client: httpx.Client, url: str, payload: dict[str, Any]) -> httpx.Response:
    response = client.post(url, json=payload)
    if response.status_code >= 500 or response.status_code == 429:
        raise _Retry(f"answered {response.status_code}")
    return response


def post_webhook(url: str, payload: dict[str, Any], shown: str) -> str | None:
    """POST the payload; None when delivered, else why not (``shown``: the URL as it may be
    written down, without the secret in its path)."""
    retrying = Retrying(
        retry=retry_if_exception_type((_Retry, httpx.TransportError)),
        stop=stop_after_attempt(WEBHOOK_ATTEMPTS),
        wait=wait_exponential(multiplier=0.5, max=8),
    )
    try:
        with httpx.Client(timeout=WEBHOOK_TIMEOUT) as client:
            response = retrying(_post_once, client, url, payload)
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
    webhook: str | None,
    shown_webhook: str | None,
    email: str | None,
) -> dict[str, str | None]:
    """Each configured channel -> None when delivered, else why it failed."""
    outcome: dict[str, str | None] = {}
    if webhook:
        outcome["webhook"] = post_webhook(webhook, digest.as_payload(), shown_webhook or "")
    if email:
        outcome["email"] = send_email(settings, email, digest.subject(), digest.body())
    return outcome
