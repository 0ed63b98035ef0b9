"""HTTP for connectors: httpx with bounded retries (tenacity) that honour rate limits.

A 429 waits for as long as the platform asks (``Retry-After``, X's ``x-rate-limit-reset``,
Mastodon's ``X-RateLimit-Reset``), capped; 5xx, timeouts and broken connections back off
exponentially. A source that keeps failing raises ``SourceError`` with one clear sentence.
Every response is returned with what provenance needs: the URL without secrets, the status,
the headers that matter, the body bytes and the fetch time.
"""

import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
from tenacity import (
    RetryError,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)

from pipeline.exc import SourceError

SECRET_PARAMS = {"access_token", "token", "api_key", "apikey", "key", "client_secret", "password"}
KEPT_HEADERS = {
    "content-type",
    "etag",
    "last-modified",
    "link",
    "date",
    "retry-after",
    "x-rate-limit-limit",
    "x-rate-limit-remaining",
    "x-rate-limit-reset",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "x-app-usage",
}
TRANSIENT_STATUS = {500, 502, 503, 504}
MAX_BODY_BYTES = 50 * 1024 * 1024
TRUNCATED = "x-archivist-truncated"  # marks a body cut at the size limit


@dataclass(frozen=True)
class Fetched:
    """One response as the archive keeps it."""

    url: str  # without secrets
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime


class _Retry(Exception):
    def __init__(self, reason: str, wait: float | None = None):
        super().__init__(reason)
        self.wait = wait


def redact_url(url: str) -> str:
    parts = urlsplit(url)
    query = [
        (k, "***" if k.lower() in SECRET_PARAMS else v) for k, v in parse_qsl(parts.query, True)
    ]
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, urlencode(query), ""))


def rate_limit_wait(headers: httpx.Headers, now: float) -> float | None:
    """Seconds the platform asks us to wait, from whichever header it sent."""
    retry_after = headers.get("retry-after")
    if retry_after:
        if retry_after.strip().isdigit():
            return float(retry_after)
        when = email.utils.parsedate_to_datetime(retry_after)
        return max(0.0, when.timestamp() - now) if when else None
    reset = headers.get("x-rate-limit-reset") or headers.get("x-ratelimit-reset")
    if not reset:
        return None
    if reset.strip().isdigit():
        return max(0.0, float(reset) - now)
    try:
        return max(0.0, datetime.fromisoformat(reset.replace("Z", "+00:00")).timestamp() - now)
    except ValueError:
        return None


class HttpClient:
    """A small, polite HTTP client shared by the connectors of one capture run."""

    def __init__(
        self,
        *,
        headers: dict[str, str] | None = None,
        timeout: float = 30.0,
        attempts: int = 5,
        max_wait: float = 900.0,
        sleep: Callable[[float], None] = time.sleep,
        max_body_bytes: int = MAX_BODY_BYTES,
    ):
        self.client = httpx.Client(headers=headers or {}, timeout=timeout, follow_redirects=True)
        self.attempts = attempts
        self.max_wait = max_wait
        self.sleep = sleep
        self.max_body_bytes = max_body_bytes

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "HttpClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _wait(self, state) -> float:
        error = state.outcome.exception()
        if isinstance(error, _Retry) and error.wait is not None:
            return min(error.wait + 0.5, self.max_wait)
        return wait_exponential_jitter(initial=0.5, max=30)(state)

    def get(self, url: str, params: dict | None = None, headers: dict | None = None) -> Fetched:
        """GET with retries. 2xx, 304 and 404 are returned; other failures raise SourceError."""
        retrying = Retrying(
            retry=retry_if_exception_type(_Retry),
            stop=stop_after_attempt(self.attempts),
            wait=self._wait,
            sleep=self.sleep,
        )
        try:
            return retrying(self._get_once, url, params, headers)
        except RetryError as exc:
            reason = exc.last_attempt.exception()
            raise SourceError(
                f"{redact_url(url)} kept failing after {self.attempts} attempts ({reason})"
            ) from None

    def _get_once(self, url: str, params: dict | None, headers: dict | None) -> Fetched:
        try:
            with self.client.stream("GET", url, params=params, headers=headers) as response:
                body, truncated = _read_bounded(response, self.max_body_bytes)
        except httpx.TimeoutException:
            raise _Retry("timed out") from None
        except httpx.TransportError as exc:
            raise _Retry(f"connection failed: {exc.__class__.__name__}") from None
        if response.status_code == 429:
            raise _Retry("rate limited (429)", rate_limit_wait(response.headers, time.time()))
        if response.status_code in TRANSIENT_STATUS:
            raise _Retry(f"server error {response.status_code}")
        if response.status_code >= 400 and response.status_code != 404:
            raise SourceError(_refusal(response))
        return Fetched(
            url=redact_url(str(response.url)),
            status=response.status_code,
            headers={k: v for k, v in response.headers.items() if k.lower() in KEPT_HEADERS}
            | ({TRUNCATED: str(self.max_body_bytes)} if truncated else {}),
            body=body,
            fetched_at=datetime.now(UTC),
        )


def _read_bounded(response: httpx.Response, limit: int) -> tuple[bytes, bool]:
    """The body, at most ``limit`` bytes of it; and whether it was cut there."""
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        chunks.append(chunk[: limit - size])
        size += len(chunk)
        if size > limit:
            return b"".join(chunks), True
    return b"".join(chunks), False


def _refusal(response: httpx.Response) -> str:
    url = redact_url(str(response.url))
    if response.status_code in (401, 403):
        return (
            f"{url} refused the credentials ({response.status_code}); check the connection's token"
        )
    return f"{url} answered {response.status_code}"
