"""saved searches and the alerts they raise

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

A saved search is configuration: the application may create it and change it, and deleting
one makes it inactive instead of removing the row, because its alerts and the audit trail
name it. An alert is a fact, one per (saved search, post version): the application may
append alerts, and of an alert change only how its notification went (``notified_at``,
``notify_status``, ``notify_error``); a trigger refuses DELETE and TRUNCATE, even to the
owner.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

NOTIFICATION_COLUMNS = "notified_at, notify_status, notify_error"


def upgrade() -> None:
    op.create_table(
        "saved_searches",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("owner", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("lexicon", sa.Text(), nullable=True),
        sa.Column("notify_webhook", sa.Text(), nullable=True),
        sa.Column("notify_email", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_searches")),
    )
    op.create_index(
        "uq_saved_searches_active_owner_name",
        "saved_searches",
        ["owner", "name"],
        unique=True,
        postgresql_where=sa.text("active"),
    )
    op.create_table(
        "alerts",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column(
            "saved_search_id",
            sa.BigInteger(),
            sa.ForeignKey("saved_searches.id", name=op.f("fk_alerts_saved_search_id")),
            nullable=False,
        ),
        sa.Column("post_id", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_sha256", sa.Text(), nullable=False),
        sa.Column("matched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("notified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("notify_status", sa.Text(), server_default="pending", nullable=False),
        sa.Column("notify_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alerts")),
        sa.UniqueConstraint(
            "saved_search_id", "post_id", "version", name="uq_alerts_saved_search_id"
        ),
    )
    op.create_index(op.f("ix_alerts_matched_at"), "alerts", ["matched_at"])
    op.execute(
        "CREATE TRIGGER alerts_no_delete BEFORE DELETE ON alerts "
        "FOR EACH ROW EXECUTE FUNCTION archivist_refuse_change()"
    )
    op.execute(
        "CREATE TRIGGER alerts_no_truncate BEFORE TRUNCATE ON alerts "
        "FOR EACH STATEMENT EXECUTE FUNCTION archivist_refuse_change()"
    )
    op.execute("GRANT SELECT, INSERT, UPDATE ON saved_searches TO archivist_writer")
    op.execute("GRANT SELECT, INSERT ON alerts TO archivist_writer")
    op.execute(f"GRANT UPDATE ({NOTIFICATION_COLUMNS}) ON alerts TO archivist_writer")
    op.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO archivist_writer")


def downgrade() -> None:
    op.drop_table("alerts")
    op.drop_index("uq_saved_searches_active_owner_name", table_name="saved_searches")
    op.drop_table("saved_searches")
