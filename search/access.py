"""Who is asking (the HTTP API's bearer tokens and the web UI's login cookie, each mapped to
a user and a role by the tokens file, ``pipeline.api_tokens``) and what the API's routes and
the web UI's pages share.

A form the web UI posts is honoured only when the browser says it comes from one of the
UI's own pages (``same_origin``): SameSite=Strict keeps the cookie off cross-site requests
in today's browsers, and the Origin (or Referer) check refuses them in every browser."""

import logging
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from elasticsearch import Elasticsearch
from fastapi import HTTPException, Query, Request, Security
from fastapi.responses import FileResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import StringConstraints
from starlette.background import BackgroundTask

from pipeline.api_tokens import Caller, TokenBook
from pipeline.archive.db import database_answers
from pipeline.exc import ConfigurationError
from pipeline.legal import export_records
from pipeline.services import database_urls, search_url
from pipeline.settings import Settings
from search.client import get_client
from search.indexer import posts_alias

COOKIE = "archivist_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
log = logging.getLogger(__name__)


# Text a person can type, and a name (not blank): no NUL, which PostgreSQL cannot store.
Text = Annotated[str, StringConstraints(pattern=r"^[^\x00]*$", max_length=1000)]
Name = Annotated[str, StringConstraints(pattern=r"^[^\x00]*[^\s\x00][^\x00]*$", max_length=300)]
bearer = HTTPBearer(auto_error=False, description="A token from `archivist token create`.")


@dataclass(frozen=True)
class Services:
    """What every request uses, made once when the application starts."""

    settings: Settings
    es: Elasticsearch
    alias: str
    tokens: TokenBook


def start(settings: Settings) -> Services:
    """Start the local services where none are configured and pin their URLs, so that no
    request has to look for them again."""
    app_url, admin_url = database_urls(settings)
    settings = settings.model_copy(
        update={
            "database_url": app_url,
            "database_admin_url": admin_url,
            "elasticsearch_url": search_url(settings),
        }
    )
    return Services(
        settings,
        get_client(settings),
        posts_alias(settings.index_prefix),
        TokenBook(settings.api_tokens_path),
    )


FIRST_DAY, LAST_DAY = date(1970, 1, 1), date(2999, 12, 31)  # days the views can compute for
Day = Annotated[
    date | None,
    Query(ge=FIRST_DAY, le=LAST_DAY, description="the day (UTC) to compute for; default today"),
]
Since = Annotated[date, Query(ge=FIRST_DAY, le=LAST_DAY, description="the first day (UTC)")]


def health(services: Services) -> dict[str, bool]:
    """Whether the archive database and the search engine answer: what a load balancer or an
    orchestrator's readiness check asks before sending users here."""
    quick = services.es.options(request_timeout=3, max_retries=0)  # a check must not hang
    return {"database": database_answers(services.settings), "search": quick.ping()}


@dataclass(frozen=True)
class Requester:
    """One request's caller, with settings that name them in the audit trail."""

    user: str
    role: str
    settings: Settings
    es: Elasticsearch
    alias: str


class LoginRequired(Exception):
    """A page was asked for without a valid login cookie."""


def token_caller(request: Request, token: str | None) -> Caller | None:
    """Who ``token`` stands for; None for no token or an unknown one. A tokens file that
    cannot be read is the server's fault: its path and the reason go to the server log, the
    caller gets a 500 that names neither."""
    if not token:
        return None
    try:
        return request.app.state.services.tokens.caller(token)
    except ConfigurationError as exc:
        log.error("%s", exc)
        raise HTTPException(500, "the server cannot check tokens now; its log says why") from exc


def _requester(request: Request, token: str | None) -> Requester | None:
    services: Services = request.app.state.services
    caller = token_caller(request, token)
    if caller is None:
        return None
    return Requester(
        caller.user,
        caller.role,
        services.settings.model_copy(update={"actor": caller.user}),
        services.es,
        services.alias,
    )


def api_requester(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)],
) -> Requester:
    """The bearer token's user and role; 401 without a known token."""
    requester = _requester(request, credentials.credentials if credentials else None)
    if requester is None:
        raise HTTPException(
            401,
            "a valid API token is needed: Authorization: Bearer TOKEN (archivist token create)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return requester


def page_requester(request: Request) -> Requester:
    """The login cookie's user and role; without one, the login page."""
    requester = _requester(request, request.cookies.get(COOKIE))
    if requester is None:
        raise LoginRequired()
    return requester


def same_origin(request: Request) -> None:
    """Refuse (403) a state-changing request to a web page that does not come from this
    site's own pages: its Origin, or failing that its Referer, must be this site's origin;
    with neither, a request that carries the login cookie is refused too."""
    if request.method in SAFE_METHODS:
        return
    sent = request.headers.get("origin") or _origin(request.headers.get("referer"))
    if sent is None and COOKIE not in request.cookies:
        return
    if sent != _origin(str(request.base_url)):
        raise HTTPException(403, "this form may only be sent from Archivist's own pages")


def _origin(url: str | None) -> str | None:
    """scheme://host[:port] of ``url``, as a browser writes it in an Origin header."""
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else None


def export_download(who: Requester, matter: str | None, query: str | None) -> FileResponse:
    """The export written to a folder of its own, sent, and removed once sent."""
    folder = Path(tempfile.mkdtemp(prefix="archivist-export-"))
    out = folder / f"archivist-export-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.zip"
    try:
        report = export_records(who.settings, who.role, out, matter, query)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(
        out,
        media_type="application/zip",
        filename=out.name,
        headers={
            "X-Archivist-Posts": str(report.posts),
            "X-Archivist-Versions": str(report.versions),
        },
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )
