"""PR's decisions on the story finder's candidates

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03

A decision is a fact: who marked which post as used (it went out) or rejected, when, and
why. The latest one for a post is what counts; earlier ones stay, so the application may
only append, and a trigger refuses DELETE and TRUNCATE, even to the owner.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "story_decisions",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("post_id", sa.Text(), nullable=False),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "decision IN ('used', 'rejected')", name=op.f("ck_story_decisions_decision")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_story_decisions")),
    )
    op.create_index(op.f("ix_story_decisions_post_id"), "story_decisions", ["post_id"])
    for event in ("DELETE", "TRUNCATE"):
        level = "ROW" if event == "DELETE" else "STATEMENT"
        op.execute(
            f"CREATE TRIGGER story_decisions_no_{event.lower()} BEFORE {event} ON story_decisions "
            f"FOR EACH {level} EXECUTE FUNCTION archivist_refuse_change()"
        )
    op.execute("GRANT SELECT, INSERT ON story_decisions TO archivist_writer")
    op.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO archivist_writer")


def downgrade() -> None:
    op.drop_index(op.f("ix_story_decisions_post_id"), table_name="story_decisions")
    op.drop_table("story_decisions")
