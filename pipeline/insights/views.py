"""Who may open PR's views, and the one audit event each view of people analytics or of PR's
lists writes, in a transaction of its own."""

from pipeline.archive import audit
from pipeline.archive.db import transaction
from pipeline.settings import Settings

PR_ROLES = frozenset({"pr", "analyst", "admin"})  # the story finder, outside reactions


def record_view(settings: Settings, role: str, action: str, target: dict, count: int) -> None:
    with transaction(settings) as session:
        audit.record(session, audit.Actor(settings.actor_name, role), action, target, count)
