"""PR's decisions on story finder candidates: appended, the latest per post counts."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pipeline.archive.models import StoryDecisionRow

DECISIONS = ("used", "rejected")


@dataclass(frozen=True)
class StoryDecision:
    post_id: str
    decision: str
    note: str | None
    decided_by: str
    decided_at: datetime


def decide(
    session: Session, post_id: str, decision: str, by: str, role: str, note: str | None
) -> StoryDecision:
    row = StoryDecisionRow(post_id=post_id, decision=decision, note=note, decided_by=by,
                           role=role, decided_at=datetime.now(UTC))  # fmt: skip
    session.add(row)
    return StoryDecision(post_id, decision, note, by, row.decided_at)


def latest_decisions(session: Session, post_ids: Iterable[str]) -> dict[str, StoryDecision]:
    wanted = list(set(post_ids))
    if not wanted:
        return {}
    rows = session.scalars(
        sa.select(StoryDecisionRow)
        .where(StoryDecisionRow.post_id.in_(wanted))
        .distinct(StoryDecisionRow.post_id)
        .order_by(StoryDecisionRow.post_id, StoryDecisionRow.id.desc())
    )
    return {
        r.post_id: StoryDecision(r.post_id, r.decision, r.note, r.decided_by, r.decided_at)
        for r in rows
    }
