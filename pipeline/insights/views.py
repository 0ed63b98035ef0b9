"""One audit event per view of people analytics or PR's story list, in its own transaction."""

from pipeline.archive import audit
from pipeline.archive.db import transaction
from pipeline.settings import Settings


def record_view(settings: Settings, role: str, action: str, target: dict, count: int) -> None:
    with transaction(settings) as session:
        audit.record(session, audit.Actor(settings.actor_name, role), action, target, count)
