"""Outside reactions for PR: grouping by topic and the spike rule on hand-built posts whose
right answer is worked out here, then the sample organisation's outside world over real
HTTP: the troll's post is triaged monitor-only, and only PR and the analyst may look."""

from datetime import UTC, date, datetime, timedelta

import pytest

from pipeline.exc import Forbidden, UsageError
from pipeline.insights.reactions import OTHER, daily_counts, group, outside_reactions, spikes
from tests.conftest import run_cli, settings_env
from tests.web_server import sample_world

SINCE, UNTIL = date(2024, 3, 1), date(2024, 3, 20)


def negative(pid, day, product=None, hashtags=(), triage="engage_and_fix"):
    entities = []
    if product:
        entities.append({"text": product, "id": f"product:{product.lower()}", "label": "PRODUCT"})
    return {
        "post_id": pid,
        "source": "x.t",
        "created_at": datetime.combine(day, datetime.min.time(), UTC).isoformat(),
        "text": f"complaint {pid}",
        "enrichment": {
            "entities": [*entities, {"text": "Nordlys", "id": "org:nordlys", "label": "ORG"}],
            "hashtags": list(hashtags),
            "triage": {"action": triage, "score": 0.9, "reason": "a grounded complaint"},
        },
    }


def test_posts_group_under_the_products_and_hashtags_they_name_never_the_organisation():
    report = group(
        [
            negative("a", date(2024, 3, 5), "Northstar"),
            negative("b", date(2024, 3, 6), "Northstar", ["Outage"], triage="monitor_only"),
            negative("c", date(2024, 3, 7)),
        ],
        SINCE,
        UNTIL,
    )
    topics = {t.name: t for t in report.topics}
    assert set(topics) == {"Northstar", "#outage", OTHER}
    assert topics["Northstar"].posts == 2 and topics["#outage"].posts == 1
    assert topics["Northstar"].triage == {"engage_and_fix": 1, "monitor_only": 1}
    assert report.topics[-1].name == OTHER and report.posts == 3
    assert report.triage == {"engage_and_fix": 2, "monitor_only": 1}


def test_a_day_spikes_above_its_usual_volume_and_a_busy_topics_usual_day_does_not():
    quiet = daily_counts([date(2024, 3, 19)] * 3, SINCE, UNTIL)
    assert [s.day for s in spikes(quiet)] == [date(2024, 3, 19)]  # three where there were none
    busy_days = [SINCE + timedelta(d) for d in range(20) for _ in range(4)]  # four every day
    # only the first day, which has no usual volume yet
    assert [s.day for s in spikes(daily_counts(busy_days, SINCE, UNTIL))] == [SINCE]
    busier = daily_counts([*busy_days, *[date(2024, 3, 18)] * 6], SINCE, UNTIL)
    assert date(2024, 3, 18) in [s.day for s in spikes(busier)]
    assert spikes(daily_counts([date(2024, 3, 10)] * 2, SINCE, UNTIL)) == []  # fewer than three


@pytest.fixture(scope="module")
def outside(session_settings, sample_exports, tmp_path_factory):
    folder = tmp_path_factory.mktemp("reactions")
    served = ("x-api", "mastodon", "facebook-page", "rss")
    return sample_world(session_settings, sample_exports, folder, served)


def test_the_sample_troll_is_a_negative_outside_reaction_to_leave_alone(outside):
    report = outside_reactions(outside, "pr", SINCE, UNTIL)
    assert report.posts >= 1
    texts = {r.text: r for t in report.topics for r in t.examples}
    troll = next(r for text, r in texts.items() if "total scam" in text)
    assert troll.triage == "monitor_only" and troll.source.startswith("mastodon.")
    assert sum(n for _, n in report.daily) == report.posts
    with pytest.raises(Forbidden):
        outside_reactions(outside, "recruitment", SINCE, UNTIL)
    with pytest.raises(UsageError, match="at most 366 days"):
        outside_reactions(outside, "pr", UNTIL, SINCE)
    with pytest.raises(UsageError):
        outside_reactions(outside, "pr", date(2020, 1, 1), UNTIL)


def test_the_reactions_command(outside):
    done = run_cli("insights", "reactions", "--since", "2024-03-01", "--until", "2024-03-20",
                   settings=outside, env=settings_env(outside))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "negative posts outside, 2024-03-01 to 2024-03-20" in done.stdout
    assert "[monitor_only] mastodon." in done.stdout
