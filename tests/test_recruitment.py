"""Recruitment's views: vacancies merged by their link on hand-built posts whose right answer
is worked out here, then the sample organisation's vacancies as shared internally, on X and
on LinkedIn, with pseudonyms for recruitment; candidate discovery reads public posts only."""

from datetime import date

import pytest

from pipeline.exc import Forbidden
from pipeline.insights.recruitment import candidate_posts, merge_vacancies, reach, vacancies
from tests.conftest import run_cli, settings_env
from tests.web_server import sample_world

DAY = date(2024, 3, 20)
JOB = "https://nordlys.example/careers/data-engineer"


def post(pid, source, day, link=None, who="Ola", engagement=None):
    return {
        "post_id": pid,
        "source": source,
        "created_at": f"2024-03-{day:02d}T09:00:00+00:00",
        "text": f"We're hiring a data engineer {pid}",
        "author": {"id": who, "name": who},
        "engagement": engagement or {},
        "enrichment": {"urls": [link] if link else []},
    }


def test_vacancy_posts_and_their_shares_merge_by_link_and_add_up_their_reach():
    internal = post("y1", "yammer.n", 1, JOB, "Ola")
    again = post("y2", "yammer.n", 2, JOB, "Kari")  # a second internal post of the same job
    unlinked = post("y3", "yammer.n", 3, None, "Kari")
    on_x = post("x1", "x.n", 2, JOB, "Ola", {"likes": 5, "shares": 2, "views": 900})
    on_linkedin = post("l1", "linkedin.n", 4, JOB, "Anna", {"likes": 7, "replies": 1})
    merged = merge_vacancies([internal, again, unlinked], [internal, on_x, on_linkedin])
    first, second = merged
    assert first.key == JOB and [s.post_id for s in first.shares] == ["y1", "y2", "x1", "l1"]
    assert first.reach == 900 + 8  # views where given, else likes + replies + shares + quotes
    assert first.platforms == ["LinkedIn", "X", "internal"] and first.sharers == 3
    assert second.key == "post:y3" and len(second.shares) == 1
    assert reach({"engagement": {"likes": 1, "quotes": 2}}) == 3


@pytest.fixture(scope="module")
def hiring(session_settings, sample_exports, tmp_path_factory):
    folder = tmp_path_factory.mktemp("recruitment")
    return sample_world(session_settings, sample_exports, folder, served=("x-api",))


def test_the_sample_vacancies_are_shared_internally_on_x_and_on_linkedin(hiring):
    found = vacancies(hiring, "analyst", DAY)
    shared = [v for v in found if {"internal", "X", "LinkedIn"} <= set(v.platforms)]
    assert shared, "the sample's staff share its vacancies on X and LinkedIn"
    top = shared[0]
    assert "/careers/" in top.key and top.reach > 0 and top.sharers >= 2
    ids = [s.post_id for v in found for s in v.shares]
    assert len(ids) == len(set(ids))  # every post counts once


def test_recruitment_sees_pseudonyms_and_only_what_it_may(hiring):
    names = {s.who for v in vacancies(hiring, "analyst", DAY) for s in v.shares}
    masked = {s.who for v in vacancies(hiring, "recruitment", DAY) for s in v.shares}
    assert masked and all(who.startswith("person-") for who in masked)
    assert not masked & names
    with pytest.raises(Forbidden):
        vacancies(hiring, "pr", DAY)


def test_candidate_discovery_reads_public_posts_only(hiring):
    found = candidate_posts(hiring, "recruitment", "hiring OR engineer OR data")
    assert found and all(d["visibility"] == "public_external" for d in found)
    assert not any(d["source"].startswith("yammer.") for d in found)
    done = run_cli("insights", "candidates", "hiring", settings=hiring, env=settings_env(hiring))
    assert done.returncode == 0 and "person-" in done.stdout


def test_the_vacancies_command(hiring):
    done = run_cli("insights", "vacancies", "--day", str(DAY), settings=hiring,
                   env=settings_env(hiring))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "/careers/" in done.stdout and " people on " in done.stdout and "LinkedIn" in done.stdout
