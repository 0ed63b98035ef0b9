"""the daily time series of the social activity index

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03

One row per person and day: the index with every pillar and signal (``document``, a
``schemas.insights.ActivityIndex``), the network size and the advocacy type of that day. It
is derived from the archive, not a record: the daily DAG replaces a day's rows when it runs
again, and a person's rows go when they object to people analytics, so the application may
update and delete them.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "activity_scores",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("person_id", sa.Text(), nullable=False),
        sa.Column("team", sa.Text(), nullable=True),
        sa.Column("total", sa.Float(), nullable=False),
        sa.Column("network_size", sa.Integer(), nullable=False),
        sa.Column("advocacy_type", sa.Text(), nullable=False),
        sa.Column("document", postgresql.JSONB(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("day", "person_id", name=op.f("pk_activity_scores")),
    )
    op.create_index("ix_activity_scores_person_id_day", "activity_scores", ["person_id", "day"])
    op.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON activity_scores TO archivist_writer")


def downgrade() -> None:
    op.drop_index("ix_activity_scores_person_id_day", table_name="activity_scores")
    op.drop_table("activity_scores")
