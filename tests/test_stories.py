"""The PR story finder: the rank of hand-built candidates whose right answer is worked out
here, then the real index with the sample organisation and its blog: who may ask, what is a
candidate, stories already told outside, and PR marking stories used or rejected."""

from datetime import UTC, date, datetime, timedelta

import pytest

from pipeline.archive.audit import list_events
from pipeline.archive.db import transaction
from pipeline.exc import Forbidden, NotFound, UsageError
from pipeline.insights.stories import decide_story, find_stories, rank
from tests.conftest import run_cli, settings_env
from tests.web_server import sample_world

DAY = date(2024, 3, 20)


def candidate(confidence=1.0, likes=0, replies=0, days_old=0):
    created = datetime(2024, 3, 20, 12, tzinfo=UTC) - timedelta(days=days_old)
    return {
        "post_id": "yammer.t:1",
        "created_at": created.isoformat(),
        "engagement": {"likes": likes, "replies": replies},
        "enrichment": {"categories": {"pr_story": confidence}},
    }


def test_a_sure_fresh_story_that_people_engage_with_gets_every_point():
    assert rank(candidate(1.0, likes=10, replies=10, days_old=0), DAY, told=False)[0] == 100.0


def test_the_rank_adds_confidence_engagement_and_freshness():
    points, reasons = rank(candidate(0.5, likes=0, replies=0, days_old=14), DAY, told=False)
    assert points == pytest.approx(40 * 0.5 + 0 + 30 * 0.5, abs=0.1)  # freshness halves in 14 days
    assert reasons[:3] == [
        "a publishable story to the classifier (0.50)",
        "0 likes and 0 replies",
        "posted 14 days ago",
    ]


def test_replies_the_role_can_see_count_when_the_platform_gives_none():
    alone = rank(candidate(0.5, days_old=14), DAY, told=False)[0]
    answered = rank(candidate(0.5, days_old=14), DAY, told=False, replies_seen=3)[0]
    assert answered > alone


def test_a_story_already_told_outside_keeps_half_and_says_so():
    points, reasons = rank(candidate(1.0, likes=10, replies=10), DAY, told=True)
    assert points == 50.0 and reasons[-1] == "a similar story is already out: half the points"


@pytest.fixture(scope="module")
def newsroom(session_settings, sample_exports, tmp_path_factory):
    folder = tmp_path_factory.mktemp("stories")
    return sample_world(session_settings, sample_exports, folder, served=("rss",))


def test_candidates_are_positive_company_wide_stories_ranked_with_what_is_already_out(newsroom):
    stories = find_stories(newsroom, "pr", DAY)
    assert len(stories) >= 5
    assert [s.rank for s in stories] == sorted((s.rank for s in stories), reverse=True)
    for story in stories:
        assert story.post.visibility == "company_internal" and story.post.sentiment == "positive"
        assert "pr_story" in story.post.categories
    told = [s for s in stories if s.told_outside]
    assert told, "the sample's blog tells some internal stories again"
    assert all(h.source.startswith("web.") for s in told for h in s.told_outside)
    assert all("already out" in s.reasons[-1] for s in told)
    assert stories[0].rank > max(s.rank for s in told)


def test_pr_marks_stories_used_or_rejected_and_they_leave_the_list(newsroom):
    first, second = find_stories(newsroom, "pr", DAY)[:2]
    decide_story(newsroom, "pr", first.post.post_id, "used", "went out on LinkedIn")
    decide_story(newsroom, "pr", second.post.post_id, "rejected")
    left = {s.post.post_id for s in find_stories(newsroom, "pr", DAY)}
    assert first.post.post_id not in left and second.post.post_id not in left
    everything = {
        s.post.post_id: s for s in find_stories(newsroom, "pr", DAY, include_decided=True)
    }
    assert everything[first.post.post_id].decision.decision == "used"
    assert everything[first.post.post_id].decision.note == "went out on LinkedIn"
    with pytest.raises(UsageError):
        decide_story(newsroom, "pr", first.post.post_id, "maybe")
    with pytest.raises(NotFound):
        decide_story(newsroom, "pr", "yammer.nordlys:0", "used")
    with pytest.raises(Forbidden):
        find_stories(newsroom, "recruitment", DAY)
    with transaction(newsroom) as session:
        actions = [e.action for e in list_events(session)]
    assert actions.count("story_decision") == 2 and "story_finder" in actions


def test_the_story_commands(newsroom):
    env = settings_env(newsroom)
    listed = run_cli("insights", "stories", "--day", str(DAY), settings=newsroom, env=env)
    assert listed.returncode == 0, listed.stderr
    top = listed.stdout.split()[1]
    assert top.startswith("yammer.") and "a publishable story to the classifier" in listed.stdout
    marked = run_cli("insights", "story", top, "--decision", "rejected", settings=newsroom, env=env)
    assert marked.returncode == 0 and f"{top} marked rejected" in marked.stdout
    again = run_cli("insights", "stories", "--day", str(DAY), settings=newsroom, env=env)
    assert top not in again.stdout
