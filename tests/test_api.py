"""The HTTP API, served by a real uvicorn on 127.0.0.1 over the real archive and index with the
sample organisation captured: roles from tokens, what each role gets, the audit trail,
errors, and a property test over the OpenAPI document."""

import json
import uuid
import zipfile

import httpx
import hypothesis
import pytest
import schemathesis
from schemathesis.checks import not_a_server_error

from pipeline.api_tokens import token_digest
from pipeline.archive.export import verify_export
from tests.conftest import free_port, run_cli
from tests.web_server import archive_of_its_own, capture_sample, served

PRIVATE = {"private_group", "direct_message"}


@pytest.fixture(scope="module")
def site(session_settings, sample_exports, tmp_path_factory):
    settings = archive_of_its_own(session_settings, tmp_path_factory.mktemp("api"))
    capture_sample(settings, sample_exports)
    with served(settings) as running:
        yield running


@pytest.fixture(scope="module")
def http(site):
    with httpx.Client(base_url=site.url, timeout=120) as client:
        yield client


def get(http, site, role, path, **params):
    return http.get(path, params=params, headers=site.auth(role))


def everything(http, site, role="legal", q=""):
    response = get(http, site, role, "/api/search", q=q, size=100, facets="false")
    assert response.status_code == 200, response.text
    return response.json()["hits"]


def test_health_needs_no_token_and_says_which_service_does_not_answer(http, site):
    assert http.get("/api/health").json() == {"database": True, "search": True}
    closed = site.settings.model_copy(
        update={"elasticsearch_url": f"http://127.0.0.1:{free_port()}"}
    )
    with served(closed) as half:
        answer = httpx.get(f"{half.url}/api/health", timeout=30)
    assert (answer.status_code, answer.json()) == (503, {"database": True, "search": False})


def test_the_openapi_document_is_served_and_derives_posts_from_the_schemas(http):
    document = http.get("/openapi.json").json()
    assert {
        "/api/search",
        "/api/posts/{post_id}",
        "/api/posts/{post_id}/related",
        "/api/entities/{entity}",
        "/api/saved-searches",
        "/api/alerts",
        "/api/holds",
        "/api/holds/{matter}/release",
        "/api/exports",
        "/api/health",
    } <= set(document["paths"])
    post = document["components"]["schemas"]["IndexedPost"]["properties"]
    assert {"text", "visibility", "versions", "enrichment"} <= set(post)


ROUTES = [
    ("GET", "/api/search?q=vacature", None),
    ("GET", "/api/posts/yammer.x:1", None),
    ("GET", "/api/posts/yammer.x:1/related", None),
    ("GET", "/api/entities/Nordlys", None),
    ("GET", "/api/saved-searches", None),
    ("POST", "/api/saved-searches", {"name": "x", "query": "x"}),
    ("DELETE", "/api/saved-searches/1", None),
    ("GET", "/api/alerts", None),
    ("GET", "/api/holds", None),
    ("POST", "/api/holds", {"matter": "x"}),
    ("POST", "/api/holds/x/release", {"reason": "x"}),
    ("POST", "/api/exports", {"hold": "x"}),
]


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
def test_every_route_wants_a_known_token(http, method, path, body):
    for headers in ({}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic eDp4"}):
        response = http.request(method, path, json=body, headers=headers)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert "token" in response.json()["error"]


@pytest.mark.parametrize(
    ("method", "path", "body"), [r for r in ROUTES if "hold" in r[1] or "export" in r[1]]
)
def test_holds_and_exports_are_refused_to_every_role_but_legal(http, site, method, path, body):
    for role in ("analyst", "pr", "recruitment", "admin"):
        response = http.request(method, path, json=body, headers=site.auth(role))
        assert response.status_code == 403, (role, response.text)
        assert response.json()["error"].startswith(f"the {role} role may not")


def test_search_gives_highlights_facets_and_pages(http, site):
    first = get(http, site, "analyst", "/api/search", q="vacature", size=2)
    assert first.status_code == 200, first.text
    result = first.json()
    assert result["total"] > 2 and len(result["hits"]) == 2
    assert all(any("<em>" in h.lower() for h in hit["highlights"]) for hit in result["hits"])
    assert dict(result["facets"]["categories"]).get("vacancy", 0) >= 1
    second = get(
        http, site, "analyst", "/api/search", q="vacature", size=2, after=result["next_page"]
    )
    assert second.status_code == 200, second.text
    assert not {h["post_id"] for h in second.json()["hits"]} & {
        h["post_id"] for h in result["hits"]
    }
    only = get(http, site, "analyst", "/api/search", category="vacancy", size=50).json()["hits"]
    assert only and all("vacancy" in hit["categories"] for hit in only)


def test_legal_sees_every_version_of_a_post_and_others_the_latest(http, site):
    edited = everything(http, site, q="is:edited")
    assert edited
    post_id = edited[0]["post_id"]
    legal = get(http, site, "legal", f"/api/posts/{post_id}").json()
    assert len(legal["versions"]) >= 2 and legal["post"]["is_edited"]
    assert legal["versions"][0]["post"]["text"] != legal["versions"][-1]["post"]["text"]
    assert legal["post"]["enrichment"]["language"]
    analyst = get(http, site, "analyst", f"/api/posts/{post_id}").json()
    assert [v["version"] for v in analyst["versions"]] == [legal["versions"][-1]["version"]]


def test_pr_never_gets_a_private_post_through_search_fetch_or_related(http, site):
    private = [h for h in everything(http, site) if h["visibility"] in PRIVATE]
    assert private
    secret = private[0]
    words = " ".join(secret["text"].split()[:3])
    for role in ("pr", "recruitment"):
        found = everything(http, site, role, q=words) + everything(http, site, role)
        assert found and not {h["visibility"] for h in found} & PRIVATE
        for path in (f"/api/posts/{secret['post_id']}", f"/api/posts/{secret['post_id']}/related"):
            refused = get(http, site, role, path)
            assert refused.status_code == 404 and "no archived post" in refused.json()["error"]
    linked = 0
    for hit in everything(http, site, "pr")[:15]:
        groups = get(http, site, "pr", f"/api/posts/{hit['post_id']}/related").json()
        linked += sum(len(g["hits"]) for g in groups)
        assert not {h["visibility"] for g in groups for h in g["hits"]} & PRIVATE
    assert linked, "PR saw no related posts at all, so the test proved nothing"


def test_every_read_writes_exactly_one_audit_event(http, site):
    hit = everything(http, site, "analyst", q="vacature")[0]
    private = next(h for h in everything(http, site) if h["visibility"] in PRIVATE)
    reads = [
        ("analyst", "/api/search", {"q": "vacature"}, "search", None),
        ("analyst", f"/api/posts/{hit['post_id']}", {}, "view", 1),
        ("analyst", f"/api/posts/{hit['post_id']}/related", {}, "related", None),
        ("analyst", "/api/entities/Nordlys", {}, "entity", None),
        ("pr", f"/api/posts/{private['post_id']}", {}, "view", 0),
        ("pr", f"/api/posts/{private['post_id']}/related", {}, "related", 0),
    ]
    for role, path, params, action, count in reads:
        before = site.audit_events(role)
        response = get(http, site, role, path, **params)
        assert response.status_code in (200, 404), response.text
        new = site.audit_events(role)[len(before) :]
        assert [e["action"] for e in new] == [action], path
        if count is not None:
            assert new[0]["result_count"] == count


def test_legal_places_a_hold_exports_it_and_releases_it(http, site, tmp_path):
    matter = f"Acme v Nordlys {uuid.uuid4().hex[:6]}"
    auth = site.auth("legal")
    placed = http.post("/api/holds", json={"matter": matter, "query": "vacature"}, headers=auth)
    assert placed.status_code == 201, placed.text
    assert placed.json()["posts"] >= 1 and placed.json()["created_by"] == site.users["legal"]
    assert matter in [h["matter"] for h in http.get("/api/holds", headers=auth).json()]
    twice = http.post("/api/holds", json={"matter": matter}, headers=auth)
    assert twice.status_code == 409 and "already has an active hold" in twice.json()["error"]
    export = http.post("/api/exports", json={"hold": matter}, headers=auth)
    assert export.status_code == 200 and export.headers["content-type"] == "application/zip"
    assert int(export.headers["x-archivist-posts"]) == placed.json()["posts"]
    path = tmp_path / "export.zip"
    path.write_bytes(export.content)
    assert "manifest.json" in zipfile.ZipFile(path).namelist()
    assert verify_export(path).intact
    released = http.post(f"/api/holds/{matter}/release", json={"reason": "settled"}, headers=auth)
    assert released.status_code == 200 and released.json()["release_reason"] == "settled"
    again = http.post(f"/api/holds/{matter}/release", json={"reason": "x"}, headers=auth)
    assert again.status_code == 404 and matter in again.json()["error"]
    assert matter not in [h["matter"] for h in http.get("/api/holds", headers=auth).json()]


def test_saved_searches_and_alerts_are_the_callers_own(http, site):
    auth = site.auth("analyst")
    saved = http.post(
        "/api/saved-searches", json={"name": "vacatures", "query": "vacature"}, headers=auth
    )
    assert saved.status_code == 201, saved.text
    assert saved.json()["user"] == site.users["analyst"] and saved.json()["role"] == "analyst"
    mine = http.get("/api/saved-searches", headers=auth).json()
    assert [s["name"] for s in mine] == ["vacatures"]
    assert http.get("/api/saved-searches", headers=site.auth("pr")).json() == []
    assert http.get("/api/alerts", headers=auth).status_code == 200
    broken = http.post("/api/saved-searches", json={"name": "b", "query": '"open'}, headers=auth)
    assert broken.status_code == 400 and "character" in broken.json()["error"]
    other = http.delete(f"/api/saved-searches/{saved.json()['id']}", headers=site.auth("pr"))
    assert other.status_code == 404
    stopped = http.delete(f"/api/saved-searches/{saved.json()['id']}", headers=auth)
    assert stopped.status_code == 200
    assert http.get("/api/saved-searches", headers=auth).json() == []


@pytest.mark.parametrize(
    ("params", "status", "says"),
    [
        ({"q": '"unclosed'}, 400, "at character"),
        ({"q": "vacature", "sort": "sideways"}, 422, "sort"),
        ({"q": "vacature", "after": "not-a-cursor"}, 400, "cursor"),
        ({"size": 0}, 422, "size"),
        ({"category": "gossip"}, 422, "category"),
        ({"q": "a\x00b"}, 422, "q"),
    ],
)
def test_bad_input_gets_one_sentence_and_never_a_server_error(http, site, params, status, says):
    response = get(http, site, "analyst", "/api/search", **params)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert says in error and "\n" not in error and "Traceback" not in error


def test_an_unknown_post_is_not_found(http, site):
    response = get(http, site, "legal", "/api/posts/yammer.nowhere:42")
    assert response.status_code == 404
    assert response.json() == {"error": "no archived post has the id 'yammer.nowhere:42'"}


def test_a_token_from_the_command_line_works_at_once_and_only_its_hash_is_kept(http, site):
    tokens_file = site.settings.api_tokens_path
    done = run_cli(
        "token", "create", "--user", "mia", "--role", "pr", "--json",
        env={"ARCHIVIST_API_TOKENS_FILE": str(tokens_file)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    token = json.loads(done.stdout)["token"]
    assert token not in tokens_file.read_text() and token_digest(token) in tokens_file.read_text()
    found = http.get(
        "/api/search", params={"q": "vacature"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert found.status_code == 200
    refused = run_cli("token", "create", "--user", "mia", "--role", "janitor")
    assert refused.returncode == 1 and refused.stderr.startswith("error: unknown role 'janitor'")


def test_the_login_page_keeps_the_token_in_a_strict_http_only_cookie(site):
    with httpx.Client(base_url=site.url, timeout=120) as browser:
        assert browser.get("/search").headers["location"] == "/login"
        wrong = browser.post("/login", data={"token": "guess"})
        assert wrong.status_code == 401 and "not known" in wrong.text
        right = browser.post("/login", data={"token": site.tokens["analyst"]})
        assert right.status_code == 303 and right.headers["location"] == "/search"
        cookie = right.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie
        assert browser.get("/search").status_code == 200


def test_no_generated_request_makes_a_server_error(site):
    """Schemathesis generates requests from the OpenAPI document, valid and not, for every
    operation, as legal (who may call every one); none may get a 5xx."""
    schema = schemathesis.openapi.from_url(f"{site.url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12

    for operation in operations:

        @hypothesis.given(case=operation.as_strategy())
        @hypothesis.settings(
            max_examples=8,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(hypothesis.HealthCheck),
        )
        def no_server_error(case):
            case.call_and_validate(headers=site.auth("legal"), checks=[not_a_server_error])

        no_server_error()


def test_insights_per_person_for_the_analyst_and_team_figures_for_everyone(http, site):
    day = {"day": "2024-03-20"}
    everyone = get(http, site, "analyst", "/api/insights/activity", **day)
    assert everyone.status_code == 200, everyone.text
    top = everyone.json()[0]
    assert top["total"] == max(i["total"] for i in everyone.json())
    one = get(http, site, "analyst", f"/api/insights/activity/{top['person_id']}", **day)
    assert one.json() == top and len(one.json()["pillars"]) == 4
    for role in ("pr", "recruitment"):
        refused = get(http, site, role, f"/api/insights/activity/{top['person_id']}", **day)
        assert refused.status_code == 403 and "team figures" in refused.json()["error"]
    teams = get(http, site, "pr", "/api/insights/teams", **day)
    assert teams.status_code == 200 and all(t["people"] >= 5 for t in teams.json())
    png = get(http, site, "pr", "/api/insights/advocacy.png", **day)
    assert png.headers["content-type"] == "image/png" and png.content[:4] == b"\x89PNG"
    svg = get(http, site, "analyst", "/api/insights/advocacy.svg", **day)
    assert svg.headers["content-type"].startswith("image/svg+xml") and b"<svg" in svg.content
    placed = get(http, site, "analyst", "/api/insights/advocacy", **day).json()
    assert {p["person_id"] for p in placed} == {i["person_id"] for i in everyone.json()}


def test_the_story_finder_over_the_api_with_decisions_by_the_token_user(http, site):
    listed = get(http, site, "pr", "/api/insights/stories", day="2024-03-20")
    assert listed.status_code == 200, listed.text
    top = listed.json()[0]
    assert top["reasons"] and top["post"]["visibility"] == "company_internal"
    marked = http.post(
        f"/api/insights/stories/{top['post']['post_id']}/decision",
        json={"decision": "used", "note": "in the newsletter"},
        headers=site.auth("pr"),
    )
    assert marked.status_code == 201, marked.text
    assert marked.json()["decided_by"] == site.users["pr"]
    again = get(http, site, "pr", "/api/insights/stories", day="2024-03-20").json()
    assert top["post"]["post_id"] not in {s["post"]["post_id"] for s in again}
    wrong = http.post(
        f"/api/insights/stories/{top['post']['post_id']}/decision",
        json={"decision": "maybe"},
        headers=site.auth("pr"),
    )
    assert wrong.status_code == 422
    refused = get(http, site, "recruitment", "/api/insights/stories")
    assert refused.status_code == 403


def test_the_weekly_report_over_the_api_as_html_and_pdf(http, site):
    html = get(http, site, "analyst", "/api/insights/report", last_day="2024-03-17")
    assert html.headers["content-type"].startswith("text/html")
    assert "<h2>Advocacy map</h2>" in html.text
    pdf = get(http, site, "pr", "/api/insights/report", last_day="2024-03-17", format="pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content[:5] == b"%PDF-"
