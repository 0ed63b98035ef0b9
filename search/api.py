"""The HTTP API and the web UI: one FastAPI application (``create_app``) over the library.

Each route parses its input, calls one library function and formats the result; the role
comes from the caller's token, never from the request. Errors are one sentence,
``{"error": ...}``: 401 without a known token, 403 for a role without the right, 404 for what
does not exist or may not be seen, 409 for what the archive refuses as asked (a second hold
for one matter), 4xx for any other bad input, 500 for a server that is not configured as it
must be, 502 when the search engine refuses or fails a request (or cannot be reached) and 503
when the archive database cannot be reached. Details that would help an attacker more than a
user (the engine's own message, a file's path) go to the server log only.
"""

import logging
from datetime import UTC, date, datetime
from enum import StrEnum
from importlib.resources import files
from typing import Annotated, Literal

import uvicorn
from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import AwareDatetime, BaseModel, Field
from starlette.exceptions import HTTPException

from pipeline.alerting import (
    Alert,
    SavedSearch,
    delete_saved_search,
    list_alerts,
    list_saved_searches,
    save_search,
)
from pipeline.archive.holds import HoldCriteria
from pipeline.archive.stories import StoryDecision
from pipeline.exc import (
    ArchiveError,
    ArchivistError,
    ConfigurationError,
    Forbidden,
    NotFound,
    SearchError,
    ServiceError,
)
from pipeline.insights.people import (
    advocacy_map,
    advocacy_picture,
    people_activity,
    person_activity,
    person_history,
    team_activity,
)
from pipeline.insights.reactions import ReactionsReport, outside_reactions
from pipeline.insights.recruitment import Vacancy, candidate_posts, vacancies
from pipeline.insights.report import render_html, render_pdf, weekly_report
from pipeline.insights.stories import Story, decide_story, find_stories
from pipeline.legal import (
    HoldSummary,
    Record,
    entity_audited,
    legal_holds,
    place_hold,
    read_post,
    related_audited,
    release_legal_hold,
    search_audited,
)
from pipeline.settings import Settings
from schemas import Category
from schemas.insights import ActivityIndex, AdvocacyPlacement, TeamActivity
from search import access
from search.access import (
    Day,
    LoginRequired,
    Name,
    Requester,
    Since,
    Text,
    api_requester,
    export_download,
)
from search.query import SORTS, SearchResult
from search.related import EntityPage, RelatedGroup
from search.web.pages import error_page, pages

Caller = Annotated[Requester, Depends(api_requester)]
Sort = StrEnum("Sort", {name: name for name in SORTS})
ChartFormat = StrEnum("ChartFormat", {"png": "png", "svg": "svg"})
CHART_TYPES = {"png": "image/png", "svg": "image/svg+xml"}
STATUS = (
    (NotFound, 404),
    (Forbidden, 403),
    (ArchiveError, 409),
    (SearchError, 502),
    (ServiceError, 503),
)
log = logging.getLogger(__name__)


class ErrorBody(BaseModel):
    error: str = Field(description="what went wrong, in one sentence")


ERRORS = {
    code: {"model": ErrorBody, "description": meaning}
    for code, meaning in (
        (400, "the request cannot be carried out as asked"),
        (401, "no token, or one the tokens file does not know"),
        (403, "the caller's role may not do this"),
        (404, "no such record, or none this role may see"),
        (409, "the archive refuses this as asked, e.g. a second active hold for one matter"),
        (422, "a parameter is missing or malformed"),
        (500, "the server failed; its log says why"),
        (502, "the search engine refused or failed the request"),
        (503, "the archive database cannot be reached"),
    )
}
api = APIRouter(prefix="/api", responses=ERRORS)


class Health(BaseModel):
    database: bool = Field(description="the archive database answers")
    search: bool = Field(description="the search engine answers")


@api.get(
    "/health",
    response_model=Health,
    summary="Whether the archive database and the search engine answer (no token needed)",
    responses={503: {"model": Health, "description": "one of them does not answer"}},
)
def health(request: Request):
    """For load balancers and readiness checks: 200 when both answer, 503 when one does not.
    Names no address, version or count, so it needs no token and is not audited."""
    state = access.health(request.app.state.services)
    return JSONResponse(state, status_code=200 if all(state.values()) else 503)


# --- people analytics -------------------------------------------------------------------


def _today(day: date | None) -> date:
    return day or datetime.now(UTC).date()


@api.get(
    "/insights/activity",
    response_model=list[ActivityIndex],
    summary="Everyone's social activity index, highest first (person-analytics roles)",
)
def insights_activity(who: Caller, day: Day = None) -> list[ActivityIndex]:
    return people_activity(who.settings, who.role, _today(day))


@api.get(
    "/insights/activity/{person_id:path}/history",
    response_model=list[ActivityIndex],
    summary="One person's stored daily index from a day on (person-analytics roles)",
)
def insights_history(
    who: Caller, person_id: Annotated[Text, PathParam()], since: Since
) -> list[ActivityIndex]:
    return person_history(who.settings, who.role, person_id, since)


@api.get(
    "/insights/activity/{person_id:path}",
    response_model=ActivityIndex,
    summary="One person's index with the signals behind each pillar (person-analytics roles)",
)
def insights_person(
    who: Caller, person_id: Annotated[Text, PathParam()], day: Day = None
) -> ActivityIndex:
    return person_activity(who.settings, who.role, person_id, _today(day))


@api.get(
    "/insights/advocacy",
    response_model=list[AdvocacyPlacement],
    summary="Everyone's place on the advocacy map, with the next step (person-analytics roles)",
)
def insights_advocacy(who: Caller, day: Day = None) -> list[AdvocacyPlacement]:
    return advocacy_map(who.settings, who.role, _today(day))


@api.get(
    "/insights/advocacy.{fmt}",
    response_class=Response,
    responses={200: {"content": {"image/png": {}, "image/svg+xml": {}}}},
    summary="The advocacy map as an image: dots per person, or counts per type for other roles",
)
def insights_advocacy_chart(who: Caller, fmt: ChartFormat, day: Day = None) -> Response:
    image = advocacy_picture(who.settings, who.role, _today(day), fmt.value)
    return Response(image, media_type=CHART_TYPES[fmt.value])


@api.get(
    "/insights/teams",
    response_model=list[TeamActivity],
    summary="Team figures every role may see (teams of five people or more)",
)
def insights_teams(who: Caller, day: Day = None) -> list[TeamActivity]:
    return team_activity(who.settings, _today(day))


@api.get(
    "/insights/stories",
    response_model=list[Story],
    summary="The PR story finder: ranked candidates with reasons (PR and the analyst)",
)
def insights_stories(
    who: Caller,
    day: Day = None,
    decided: Annotated[bool, Query(description="also those marked used or rejected")] = False,
) -> list[Story]:
    return find_stories(who.settings, who.role, _today(day), include_decided=decided)


@api.get(
    "/insights/reactions",
    response_model=ReactionsReport,
    summary="Negative outside posts with their triage, by topic, with spikes (PR, analyst)",
)
def insights_reactions(who: Caller, since: Since, until: Day = None) -> ReactionsReport:
    return outside_reactions(who.settings, who.role, since, _today(until))


@api.get(
    "/insights/vacancies",
    response_model=list[Vacancy],
    summary="Vacancies merged by their link, with who shared them where and the reach",
)
def insights_vacancies(who: Caller, day: Day = None) -> list[Vacancy]:
    return vacancies(who.settings, who.role, _today(day))


class PublicPost(BaseModel):
    """A public post as candidate discovery shows it."""

    post_id: str
    source: str
    created_at: datetime | None = None
    text: str = ""
    author: dict | None = None


@api.get(
    "/insights/candidates",
    response_model=list[PublicPost],
    summary="Candidate discovery: public outside posts matching skills (recruitment, analyst)",
)
def insights_candidates(
    who: Caller,
    q: Annotated[Text, Query(description="skills and interests, in the query language")],
    size: Annotated[int, Query(ge=1, le=100)] = 50,
) -> list[dict]:
    return candidate_posts(who.settings, who.role, q, size)


ReportFormat = StrEnum("ReportFormat", {"html": "html", "pdf": "pdf"})


@api.get(
    "/insights/report",
    response_class=Response,
    responses={200: {"content": {"text/html": {}, "application/pdf": {}}}},
    summary="The weekly analyst report for the seven days ending on a day, HTML or PDF",
)
def insights_report(
    who: Caller,
    last_day: Day = None,
    fmt: Annotated[ReportFormat, Query(alias="format")] = ReportFormat.html,
) -> Response:
    html = render_html(weekly_report(who.settings, who.role, _today(last_day)))
    if fmt == ReportFormat.pdf:
        return Response(render_pdf(html), media_type="application/pdf")
    return Response(html, media_type="text/html")


class StoryDecisionRequest(BaseModel):
    decision: Literal["used", "rejected"]
    note: Text | None = None


@api.post(
    "/insights/stories/{post_id:path}/decision",
    status_code=201,
    response_model=StoryDecision,
    summary="Mark a story finder candidate as used or rejected (PR and the analyst)",
)
def insights_story_decision(
    body: StoryDecisionRequest, who: Caller, post_id: Annotated[Text, PathParam()]
) -> StoryDecision:
    return decide_story(who.settings, who.role, post_id, body.decision, body.note)


@api.get("/search", response_model=SearchResult, summary="Search posts as the caller's role")
def search(
    who: Caller,
    q: Annotated[Text, Query(description='words, "phrases", -exclusions, prefix*, a | b')] = "",
    category: Annotated[list[Category] | None, Query(description="repeatable")] = None,
    sort: Sort = Sort.relevance,
    after: Annotated[Text | None, Query(description="next_page of the previous page")] = None,
    size: Annotated[int, Query(ge=1, le=100)] = 20,
    facets: Annotated[bool, Query(description="facets and the histogram too")] = True,
) -> SearchResult:
    categories = tuple(c.value for c in category or ())
    return search_audited(
        who.settings, who.es, who.alias, who.role, q,
        size=size, categories=categories, sort=sort.value, after=after, facets=facets,
    )  # fmt: skip


@api.get(
    "/posts/{post_id:path}/related",
    response_model=list[RelatedGroup],
    summary="A post's cross-links, grouped by reason",
)
def related(post_id: Text, who: Caller) -> list[RelatedGroup]:
    return related_audited(who.settings, who.es, who.alias, post_id, who.role)


@api.get("/posts/{post_id:path}", response_model=Record, summary="One post; versions for legal")
def post(post_id: Text, who: Caller) -> Record:
    return read_post(who.settings, post_id, who.role)


@api.get(
    "/entities/{entity:path}", response_model=EntityPage, summary="Everything about one entity"
)
def entity(entity: Name, who: Caller) -> EntityPage:
    return entity_audited(who.settings, who.es, who.alias, entity, who.role)


@api.get("/saved-searches", response_model=list[SavedSearch], summary="The caller's saved searches")
def saved_searches(who: Caller) -> list[SavedSearch]:
    return list_saved_searches(who.settings, who.user)


class SavedSearchRequest(BaseModel):
    name: Name
    query: Text = Field(description="in the search syntax; runs as the caller's role")
    lexicon: Name | None = None
    webhook: Name | None = Field(default=None, description="http(s) URL to post alerts to")
    email: Name | None = None


@api.post("/saved-searches", status_code=201, response_model=SavedSearch, summary="Save a search")
def saved_search_create(body: SavedSearchRequest, who: Caller) -> SavedSearch:
    return save_search(
        who.settings, who.user, who.role, body.name, body.query,
        body.webhook, body.email, body.lexicon,
    )  # fmt: skip


@api.delete(
    "/saved-searches/{search_id}", response_model=SavedSearch, summary="Stop a saved search"
)
def saved_search_delete(
    search_id: Annotated[int, PathParam(ge=1, le=2**63 - 1)], who: Caller
) -> SavedSearch:
    return delete_saved_search(who.settings, who.user, search_id)


@api.get("/alerts", response_model=list[Alert], summary="The caller's alerts, newest first")
def alerts(who: Caller) -> list[Alert]:
    return list_alerts(who.settings, who.user, role=who.role)


@api.get("/holds", response_model=list[HoldSummary], summary="Legal holds (legal only)")
def holds(who: Caller, released: bool = False) -> list[HoldSummary]:
    return legal_holds(who.settings, who.role, released)


class HoldRequest(BaseModel):
    matter: Name
    custodians: list[Name] = Field(default=[], description="person ids, handles or names")
    sources: list[Name] = Field(default=[], description="source keys")
    since: AwareDatetime | None = None
    until: AwareDatetime | None = None
    query: Text | None = Field(default=None, description='words, "phrases", OR, -word')


@api.post(
    "/holds", status_code=201, response_model=HoldSummary, summary="Place a hold (legal only)"
)
def hold_create(body: HoldRequest, who: Caller) -> HoldSummary:
    criteria = HoldCriteria(body.custodians, body.sources, body.since, body.until, body.query)
    return place_hold(who.settings, who.role, body.matter, criteria)


class ReleaseRequest(BaseModel):
    reason: Name


@api.post(
    "/holds/{matter:path}/release", response_model=HoldSummary, summary="Release a hold (legal)"
)
def hold_release(matter: Name, body: ReleaseRequest, who: Caller) -> HoldSummary:
    return release_legal_hold(who.settings, who.role, matter, body.reason)


class ExportRequest(BaseModel):
    hold: Name | None = Field(default=None, description="export what this matter's hold holds")
    query: Name | None = Field(default=None, description='words, "phrases", OR, -word')


@api.post(
    "/exports",
    response_class=FileResponse,
    responses={200: {"content": {"application/zip": {}}, "description": "the export zip"}},
    summary="An eDiscovery export zip (legal only)",
)
def export(body: ExportRequest, who: Caller) -> FileResponse:
    return export_download(who, body.hold, body.query)


# --- errors -----------------------------------------------------------------------------


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _wants_page(request: Request) -> bool:
    return not request.url.path.startswith(("/api/", "/openapi.json", "/docs"))


def _error(request: Request, status: int, message: str, headers=None):
    if _wants_page(request):
        return error_page(request, status, message)
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def _archivist_error(request: Request, exc: ArchivistError):
    if isinstance(exc, ConfigurationError):  # the server's to fix, and it may name a path
        log.error("configuration: %s", exc)
        return _error(request, 500, "the server is not configured as it must be; its log says why")
    status = next((code for kind, code in STATUS if isinstance(exc, kind)), 400)
    return _error(request, status, _one_line(exc))


def _http_error(request: Request, exc: HTTPException):
    return _error(request, exc.status_code, _one_line(exc.detail), getattr(exc, "headers", None))


def _validation_error(request: Request, exc: RequestValidationError):
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ()) if part not in ("body", "query"))
    return _error(request, 422, _one_line(f"{where or 'request'}: {first.get('msg', 'invalid')}"))


def _login_required(request: Request, exc: LoginRequired):
    return RedirectResponse("/login", status_code=303)


def _unexpected(request: Request, exc: Exception):
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return _error(request, 500, f"unexpected {exc.__class__.__name__}; the server log has more")


# --- the application --------------------------------------------------------------------


def create_app(settings: Settings) -> FastAPI:
    """The API under /api (OpenAPI at /openapi.json) and the web UI for people."""
    app = FastAPI(
        title="Archivist",
        version="1",
        summary="Search, read and hold an organisation's archived social media, as a role.",
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.services = access.start(settings)
    app.include_router(api)
    app.include_router(pages)
    app.mount("/static", StaticFiles(directory=str(files("search.web") / "static")), "static")
    app.add_exception_handler(ArchivistError, _archivist_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(Exception, _unexpected)
    return app


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the application with uvicorn until interrupted."""
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        log_level="warning",
        proxy_headers=True,
        forwarded_allow_ips=settings.trusted_proxies,
    )
