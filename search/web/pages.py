"""The web UI: server-rendered pages for people, over the same library calls as the API.

The login page takes an API token and keeps it in an HttpOnly, SameSite=Strict cookie (Secure
unless ``ARCHIVIST_COOKIE_SECURE`` is false); every other page reads the caller from that
cookie. Forms post back and redirect (no JavaScript), and only from the UI's own pages
(``search.access.same_origin``).
"""

from datetime import UTC, date, datetime, timedelta
from importlib.resources import files
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from pipeline.archive.holds import HoldCriteria
from pipeline.exc import UsageError
from pipeline.insights.people import insights_view
from pipeline.insights.reactions import outside_reactions
from pipeline.insights.recruitment import RECRUITMENT_ROLES, candidate_posts, vacancies
from pipeline.insights.report import render_html, render_pdf, weekly_report
from pipeline.insights.stories import decide_story, find_stories
from pipeline.insights.views import PR_ROLES
from pipeline.legal import (
    entity_audited,
    legal_holds,
    place_hold,
    read_post_page,
    release_legal_hold,
    search_audited,
)
from schemas import Category
from search.access import (
    COOKIE,
    Day,
    Name,
    Requester,
    Text,
    export_download,
    page_requester,
    same_origin,
    token_caller,
)
from search.visibility import is_legal
from search.web.render import FILTERS, GLOBALS

templates = Jinja2Templates(directory=str(files("search.web") / "templates"))
templates.env.filters.update(FILTERS)
templates.env.globals.update(GLOBALS)
pages = APIRouter(
    include_in_schema=False,
    default_response_class=HTMLResponse,
    dependencies=[Depends(same_origin)],
)
Person = Annotated[Requester, Depends(page_requester)]


def page(request: Request, name: str, who: Requester | None, code: int = 200, **context):
    legal = who is not None and is_legal(who.role)
    nav = {
        "pr": who is not None and who.role in PR_ROLES,
        "recruitment": who is not None and who.role in RECRUITMENT_ROLES,
    }
    return templates.TemplateResponse(
        request, name, {"who": who, "legal": legal, "nav": nav, **context}, status_code=code
    )


def error_page(request: Request, status: int, message: str) -> Response:
    return page(request, "error.html", None, status, status=status, message=message)


@pages.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/search", status_code=303)


@pages.get("/login")
def login_form(request: Request) -> Response:
    return page(request, "login.html", None)


@pages.post("/login")
def login(request: Request, token: Annotated[str, Form()]) -> Response:
    if token_caller(request, token.strip()) is None:
        return page(request, "login.html", None, 401, error="That token is not known.")
    response = RedirectResponse("/search", status_code=303)
    response.set_cookie(
        COOKIE,
        token.strip(),
        httponly=True,
        samesite="strict",
        secure=request.app.state.services.settings.cookie_secure,
    )
    return response


@pages.post("/logout")
def logout(request: Request) -> RedirectResponse:
    response = RedirectResponse("/login", status_code=303)
    secure = request.app.state.services.settings.cookie_secure
    response.delete_cookie(COOKIE, httponly=True, samesite="strict", secure=secure)
    return response


@pages.get("/search")
def search(
    request: Request,
    who: Person,
    q: Text = "",
    category: Annotated[list[Category] | None, Query()] = None,
    sort: Text = "relevance",
    after: Text | None = None,
) -> Response:
    categories = tuple(c.value for c in category or ())
    shown = {"q": q, "categories": categories, "sort": sort}
    try:
        result = search_audited(
            who.settings, who.es, who.alias, who.role, q,
            categories=categories, sort=sort, after=after,
        )  # fmt: skip
    except UsageError as exc:  # said beside the query box, to be corrected there
        return page(request, "search.html", who, 400, **shown, result=None, error=str(exc))
    return page(request, "search.html", who, **shown, result=result)


@pages.get("/posts/{post_id:path}")
def post(request: Request, post_id: Text, who: Person) -> Response:
    shown = read_post_page(who.settings, who.es, who.alias, post_id, who.role)
    return page(request, "post.html", who, record=shown.record, related=shown.related)


@pages.get("/entities/{entity:path}")
def entity(request: Request, entity: Text, who: Person) -> Response:
    found = entity_audited(who.settings, who.es, who.alias, entity, who.role)
    return page(request, "entity.html", who, entity=found)


@pages.get("/insights")
def insights(request: Request, who: Person, day: Day = None) -> Response:
    shown = insights_view(who.settings, who.role, day or datetime.now(UTC).date())
    return page(request, "insights.html", who, view=shown)


@pages.get("/insights/stories")
def stories(request: Request, who: Person, day: Day = None) -> Response:
    shown_day = day or datetime.now(UTC).date()
    found = find_stories(who.settings, who.role, shown_day)
    return page(request, "stories.html", who, stories=found, day=shown_day)


@pages.post("/insights/stories/decision")
def story_decision(
    who: Person,
    post_id: Annotated[Text, Form()],
    decision: Annotated[Text, Form()],
    note: Annotated[Text, Form()] = "",
) -> RedirectResponse:
    decide_story(who.settings, who.role, post_id, decision, note.strip() or None)
    return RedirectResponse("/insights/stories", status_code=303)


@pages.get("/insights/reactions")
def reactions(request: Request, who: Person, since: Day = None, until: Day = None) -> Response:
    last = until or datetime.now(UTC).date()
    report = outside_reactions(who.settings, who.role, since or last - timedelta(days=27), last)
    return page(request, "reactions.html", who, report=report)


@pages.get("/insights/vacancies")
def vacancy_list(request: Request, who: Person, day: Day = None) -> Response:
    shown_day = day or datetime.now(UTC).date()
    found = vacancies(who.settings, who.role, shown_day)
    return page(request, "vacancies.html", who, vacancies=found, day=shown_day)


@pages.get("/insights/candidates")
def candidates(request: Request, who: Person, q: Text = "") -> Response:
    found = candidate_posts(who.settings, who.role, q) if q.strip() else []
    return page(request, "candidates.html", who, posts=found, q=q)


@pages.get("/insights/report")
def report_page(who: Person, last_day: Day = None, pdf: bool = False) -> Response:
    html = render_html(weekly_report(who.settings, who.role, last_day or datetime.now(UTC).date()))
    if pdf:
        return Response(render_pdf(html), media_type="application/pdf")
    return HTMLResponse(html)


@pages.get("/legal/holds")
def holds(request: Request, who: Person, released: bool = False) -> Response:
    found = legal_holds(who.settings, who.role, released)
    return page(request, "holds.html", who, holds=found, released=released)


@pages.post("/legal/holds")
def hold_create(
    who: Person,
    matter: Annotated[Name, Form()],
    custodians: Annotated[Text, Form()] = "",
    sources: Annotated[Text, Form()] = "",
    since: Annotated[Text, Form()] = "",
    until: Annotated[Text, Form()] = "",
    query: Annotated[Text, Form()] = "",
) -> RedirectResponse:
    criteria = HoldCriteria(
        _listed(custodians), _listed(sources), _day(since), _day_after(until), query.strip() or None
    )
    place_hold(who.settings, who.role, matter, criteria)
    return RedirectResponse("/legal/holds", status_code=303)


@pages.post("/legal/holds/release")
def hold_release(
    who: Person, matter: Annotated[Name, Form()], reason: Annotated[Name, Form()]
) -> RedirectResponse:
    release_legal_hold(who.settings, who.role, matter, reason)
    return RedirectResponse("/legal/holds", status_code=303)


@pages.post("/legal/export")
def export(
    who: Person, hold: Annotated[Text, Form()] = "", query: Annotated[Text, Form()] = ""
) -> Response:
    return export_download(who, hold.strip() or None, query.strip() or None)


def _listed(text: str) -> list[str]:
    """A form's comma-separated list."""
    return [part.strip() for part in text.split(",") if part.strip()]


def _day_after(text: str) -> datetime | None:
    """A form's "until" date, inclusive: the start of the next day in UTC (a hold holds what
    was created before its until)."""
    day = _day(text)
    return day and day + timedelta(days=1)


def _day(text: str) -> datetime | None:
    """A form's date (YYYY-MM-DD), as the start of that day in UTC."""
    if not text.strip():
        return None
    try:
        return datetime.combine(date.fromisoformat(text.strip()), datetime.min.time(), UTC)
    except ValueError as exc:
        raise UsageError(f"{text.strip()!r} is not a date like 2026-01-31") from exc
