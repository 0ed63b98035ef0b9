"""Who is asking (the HTTP API's bearer tokens and the web UI's login cookie, each mapped to
a user and a role by the tokens file, ``pipeline.api_tokens``) and what the API's routes and
the web UI's pages share."""

import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

from elasticsearch import Elasticsearch
from fastapi import HTTPException, Request, Security
from fastapi.responses import FileResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import StringConstraints
from starlette.background import BackgroundTask

from pipeline.api_tokens import TokenBook
from pipeline.legal import export_records
from pipeline.services import database_urls, search_url
from pipeline.settings import Settings
from search.client import get_client
from search.indexer import posts_alias

COOKIE = "archivist_token"


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


def _requester(request: Request, token: str | None) -> Requester | None:
    services: Services = request.app.state.services
    caller = services.tokens.caller(token) if token else None
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
