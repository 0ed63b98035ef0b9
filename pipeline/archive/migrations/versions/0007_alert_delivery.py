"""alerts remember their delivery: attempts and the channels that got them

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

An alert whose digest did not reach every channel of its saved search is sent again by the
next runs, to the channels that have not had it, a bounded number of times:
``notify_attempts`` counts the runs that tried and ``notified_channels`` names the channels
that delivered. Both are notification columns: the application may update them and nothing
else of an alert.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "alerts",
        sa.Column("notify_attempts", sa.Integer(), server_default="0", nullable=False),
    )
    op.add_column(
        "alerts",
        sa.Column(
            "notified_channels",
            postgresql.ARRAY(sa.Text()),
            server_default=sa.text("'{}'::text[]"),
            nullable=False,
        ),
    )
    op.create_index(
        "ix_alerts_undelivered",
        "alerts",
        ["saved_search_id", "id"],
        postgresql_where=sa.text("notify_status IN ('pending', 'failed')"),
    )
    op.execute("GRANT UPDATE (notify_attempts, notified_channels) ON alerts TO archivist_writer")


def downgrade() -> None:
    op.drop_index("ix_alerts_undelivered", table_name="alerts")
    op.drop_column("alerts", "notified_channels")
    op.drop_column("alerts", "notify_attempts")
