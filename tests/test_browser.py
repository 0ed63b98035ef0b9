"""The web UI in a real headless Chromium (Debian's package, driven by Playwright): log in as a
role, search, open a post, follow a related link and an entity; legal sees versions and holds.
Screenshots of every step are kept in tests/artifacts/."""

import shutil
import uuid
from pathlib import Path

import httpx
import pytest

from search.web.render import post_link
from tests.web_server import archive_of_its_own, capture_sample, served

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.fixture(scope="module")
def site(session_settings, sample_exports, tmp_path_factory):
    settings = archive_of_its_own(session_settings, tmp_path_factory.mktemp("browser"))
    capture_sample(settings, sample_exports)
    with served(settings) as running:
        yield running


@pytest.fixture(scope="module")
def playwright():
    if not shutil.which("chromium") and not Path(CHROMIUM).exists():
        pytest.fail(
            "Debian's chromium is missing: `make test` installs it (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as running:
        yield running


@pytest.fixture
def browser(playwright, tmp_path):
    """A browser with a fresh profile of its own."""
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        headless=True,
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(60_000)
    yield context
    context.close()


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def log_in(page, site, role: str) -> None:
    page.goto(f"{site.url}/search")
    assert page.url.endswith("/login")
    page.fill("#token", site.tokens[role])
    page.click("form[action='/login'] button")
    page.wait_for_url(f"{site.url}/search")
    assert page.locator(".role").text_content() == role


def linked_post(site, hrefs: list[str]) -> str:
    """The first listed post that has both related posts and linked entities."""
    with httpx.Client(base_url=site.url, headers=site.auth("analyst"), timeout=120) as http:
        for href in hrefs:
            record = http.get(f"/api{href}").json()
            entities = ((record.get("post") or {}).get("enrichment") or {}).get("entities")
            if entities and http.get(f"/api{href}/related").json():
                return href
    raise AssertionError("no post on the page has both related posts and entities")


def test_an_analyst_searches_opens_a_post_and_follows_its_links(site, browser):
    page = browser.new_page()
    log_in(page, site, "analyst")
    page.fill("input[name=q]", "vacature")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector(".hit")
    assert page.locator(".hit mark").count() >= 1
    assert "vacature" in page.locator(".hit mark").first.inner_text().lower()
    categories = page.locator(".facet[data-facet=categories] li a")
    assert categories.count() >= 1
    shoot(page, "01-analyst-search")

    page.fill("input[name=q]", '"open dag')
    page.press("input[name=q]", "Enter")
    page.wait_for_selector(".error")
    assert "unclosed quote at character 1" in page.locator(".error").inner_text()
    assert page.input_value("input[name=q]") == '"open dag'
    page.go_back()

    page.locator(".facet[data-facet=categories] a", has_text="vacancy").click()
    page.wait_for_selector(".filters .tag")
    assert "category=vacancy" in page.url
    assert page.locator(".hit").count() >= 1
    shoot(page, "02-analyst-search-filtered")

    hrefs = page.locator(".hit a.post-link").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )
    href = linked_post(site, hrefs)
    page.click(f".hits a.post-link[href='{href}']")
    page.wait_for_selector("article.post")
    assert page.locator("article.post .text").inner_text().strip()
    assert page.locator(".versions").count() == 0
    assert page.locator(".related-group").count() >= 1
    shoot(page, "03-analyst-post")

    first_related = page.locator(".related-group a.post-link").first
    target = first_related.get_attribute("href")
    first_related.click()
    page.wait_for_url(f"{site.url}{target}")
    assert page.locator("article.post .text").inner_text().strip()
    shoot(page, "04-analyst-related-post")

    page.go_back()
    entity = page.locator(".entities a.entity").first
    name = entity.inner_text()
    entity.click()
    page.wait_for_selector(".entity-page")
    assert name.lower() in page.locator(".entity-page h1").inner_text().lower()
    assert page.locator(".hits .hit").count() >= 1
    shoot(page, "05-analyst-entity")

    page.goto(f"{site.url}/legal/holds")
    assert "Not for your role" in page.content()


def test_legal_sees_every_version_and_places_a_hold(site, browser):
    with httpx.Client(base_url=site.url, headers=site.auth("legal"), timeout=120) as http:
        edited = http.get("/api/search", params={"q": "is:edited", "size": 1}).json()["hits"]
    assert edited
    page = browser.new_page()
    log_in(page, site, "legal")
    page.goto(site.url + post_link(edited[0]["post_id"]))
    versions = page.locator(".versions .version")
    assert versions.count() >= 2
    assert page.locator(".versions ins, .versions del").count() >= 1
    assert page.locator(".versions .state").count() == versions.count()
    shoot(page, "06-legal-versions")

    matter = f"Acme v Nordlys {uuid.uuid4().hex[:6]}"
    page.click("nav a[href='/legal/holds']")
    page.fill("input[name=matter]", matter)
    page.fill("form.grid input[name=query]", "vacature")
    page.click("form.grid button")
    page.wait_for_url(f"{site.url}/legal/holds")
    row = page.locator("table.holds tr", has_text=matter)
    assert row.count() == 1 and "active" in row.inner_text()
    shoot(page, "07-legal-holds")

    with page.expect_download() as download:
        row.locator("form[action='/legal/export'] button").click()
    assert download.value.suggested_filename.endswith(".zip")


def test_the_analyst_sees_people_on_the_map_and_pr_sees_teams_only(site, browser):
    page = browser.new_page()
    log_in(page, site, "analyst")
    page.click("nav a[href='/insights']")
    page.fill("input[name=day]", "2024-03-20")
    page.click("form[action='/insights'] button")
    page.wait_for_url(f"{site.url}/insights?day=2024-03-20")
    assert page.locator("figure.chart svg").count() == 1
    assert page.locator("table.people tbody tr").count() >= 50
    assert page.locator("table.people tbody tr").first.locator("td").nth(8).text_content()
    shoot(page, "insights-analyst")
    page.close()

    browser.clear_cookies()  # log in again, as PR
    pr = browser.new_page()
    log_in(pr, site, "pr")
    pr.goto(f"{site.url}/insights?day=2024-03-20")
    assert pr.locator("table.people").count() == 0
    assert "Your role sees team figures" in pr.locator("main").text_content()
    assert pr.locator("table.teams tbody tr").count() >= 1
    shoot(pr, "insights-pr")
    pr.close()


def test_pr_finds_a_story_and_marks_it_used(site, browser):
    page = browser.new_page()
    log_in(page, site, "pr")
    page.click("nav a[href='/insights/stories']")
    page.goto(f"{site.url}/insights/stories?day=2024-03-20")
    first = page.locator("ol.stories > li").first
    href = first.locator("a").first.get_attribute("href")
    assert "publishable story" in first.locator(".reasons").text_content()
    shoot(page, "stories-pr")
    first.locator("input[name=note]").fill("went out on LinkedIn")
    first.locator("button[value=used]").click()
    page.wait_for_url(f"{site.url}/insights/stories")
    page.goto(f"{site.url}/insights/stories?day=2024-03-20")
    assert page.locator(f"ol.stories > li a[href='{href}']").count() == 0
    assert page.locator("ol.stories > li").count() >= 1


def test_recruitment_pr_and_the_report_pages(site, browser):
    page = browser.new_page()
    log_in(page, site, "recruitment")
    assert page.locator("nav a[href='/insights/stories']").count() == 0  # not PR's
    page.click("nav a[href='/insights/vacancies']")
    page.goto(f"{site.url}/insights/vacancies?day=2024-03-20")
    rows = page.locator("table.teams tbody tr")
    assert rows.count() >= 1 and "person-" in rows.first.text_content()  # pseudonyms
    shoot(page, "vacancies-recruitment")
    page.goto(f"{site.url}/insights/candidates?q=hiring")
    assert "public posts from outside only" in page.locator("main").text_content()
    report = page.request.get(f"{site.url}/insights/report?last_day=2024-03-17")
    assert report.ok and "<h2>New vacancies and their reach</h2>" in report.text()
    pdf = page.request.get(f"{site.url}/insights/report?last_day=2024-03-17&pdf=true")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body()[:5] == b"%PDF-"
    page.close()

    browser.clear_cookies()
    pr = browser.new_page()
    log_in(pr, site, "pr")
    pr.click("nav a[href='/insights/reactions']")
    pr.goto(f"{site.url}/insights/reactions?since=2024-03-01&until=2024-03-20")
    assert "Outside reactions, 2024-03-01 to 2024-03-20" in pr.locator("h1").text_content()
    assert pr.locator("nav a[href='/insights/vacancies']").count() == 0
    shoot(pr, "reactions-pr")
    pr.close()
