"""capture items and cursors

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24

A capture run now holds any number of stored items (one export file, or every page an API
served), each with its URL, status and headers; the file a run captured moves into its first
item. Cursors remember where the next capture of a target starts.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


MOVE_FILES_TO_ITEMS = """
INSERT INTO capture_items (capture_run, seq, raw_sha256, locator, status, headers, fetched_at)
SELECT id, 0, raw_sha256, target, 200, '{}'::jsonb, fetched_at
FROM capture_runs WHERE raw_sha256 IS NOT NULL
"""


def upgrade() -> None:
    op.create_table(
        "capture_items",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("capture_run", sa.BigInteger(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("raw_sha256", sa.Text(), nullable=False),
        sa.Column("locator", sa.Text(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("headers", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["capture_run"], ["capture_runs.id"], name=op.f("fk_capture_items_capture_run")
        ),
        sa.ForeignKeyConstraint(
            ["raw_sha256"], ["raw_captures.sha256"], name=op.f("fk_capture_items_raw_sha256")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_capture_items")),
        sa.UniqueConstraint("capture_run", "seq", name=op.f("uq_capture_items_capture_run")),
    )
    op.create_table(
        "cursors",
        sa.Column("connector", sa.Text(), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("state", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("capture_run", sa.BigInteger(), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["capture_run"], ["capture_runs.id"], name=op.f("fk_cursors_capture_run")
        ),
        sa.PrimaryKeyConstraint("connector", "target", name=op.f("pk_cursors")),
    )
    op.add_column(
        "capture_runs",
        sa.Column("cursor_after", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    )
    op.execute(MOVE_FILES_TO_ITEMS)
    op.drop_constraint(op.f("fk_capture_runs_raw_sha256"), "capture_runs", type_="foreignkey")
    op.drop_column("capture_runs", "raw_sha256")


def downgrade() -> None:
    op.add_column(
        "capture_runs", sa.Column("raw_sha256", sa.TEXT(), autoincrement=False, nullable=True)
    )
    op.create_foreign_key(
        op.f("fk_capture_runs_raw_sha256"),
        "capture_runs",
        "raw_captures",
        ["raw_sha256"],
        ["sha256"],
    )
    op.execute(
        "UPDATE capture_runs r SET raw_sha256 = i.raw_sha256 FROM capture_items i "
        "WHERE i.capture_run = r.id AND i.seq = 0"
    )
    op.drop_column("capture_runs", "cursor_after")
    op.drop_table("cursors")
    op.drop_table("capture_items")
