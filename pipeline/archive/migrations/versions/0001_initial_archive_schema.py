"""initial archive schema

Revision ID: 0001
Revises:
Create Date: 2026-11-24

The version table is append-only: triggers refuse UPDATE, DELETE and TRUNCATE, so a
record once archived can only gain versions.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


REFUSE_CHANGE = """
CREATE FUNCTION archivist_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'archive table % is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$
"""
APPEND_ONLY_ROWS = """
CREATE TRIGGER post_versions_append_only BEFORE UPDATE OR DELETE ON post_versions
FOR EACH ROW EXECUTE FUNCTION archivist_refuse_change()
"""
APPEND_ONLY_TRUNCATE = """
CREATE TRIGGER post_versions_no_truncate BEFORE TRUNCATE ON post_versions
FOR EACH STATEMENT EXECUTE FUNCTION archivist_refuse_change()
"""


def upgrade() -> None:
    op.create_table(
        "raw_captures",
        sa.Column("sha256", sa.Text(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("media_type", sa.Text(), nullable=False),
        sa.Column("first_fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_raw_captures")),
    )
    op.create_table(
        "sources",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("platform", sa.Text(), nullable=False),
        sa.Column("account", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column(
            "first_seen_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sources")),
    )
    op.create_table(
        "capture_runs",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("connector", sa.Text(), nullable=False),
        sa.Column("connector_version", sa.Text(), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("account", sa.Text(), nullable=True),
        sa.Column("raw_sha256", sa.Text(), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("counts", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("interval_start", sa.DateTime(timezone=True), nullable=True),
        sa.Column("interval_end", sa.DateTime(timezone=True), nullable=True),
        sa.Column("dag_run", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["raw_sha256"], ["raw_captures.sha256"], name=op.f("fk_capture_runs_raw_sha256")
        ),
        sa.ForeignKeyConstraint(["source"], ["sources.key"], name=op.f("fk_capture_runs_source")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_capture_runs")),
    )
    op.create_table(
        "people",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("document", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(["source"], ["sources.key"], name=op.f("fk_people_source")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
    )
    op.create_index(op.f("ix_people_email"), "people", ["email"], unique=False)
    op.create_index(op.f("ix_people_source"), "people", ["source"], unique=False)
    op.create_table(
        "post_versions",
        sa.Column("version_id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("post_id", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("native_id", sa.Text(), nullable=False),
        sa.Column("thread_id", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("visibility", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_sha256", sa.Text(), nullable=False),
        sa.Column("capture_run", sa.BigInteger(), nullable=False),
        sa.Column(
            "archived_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("document", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.ForeignKeyConstraint(
            ["capture_run"], ["capture_runs.id"], name=op.f("fk_post_versions_capture_run")
        ),
        sa.PrimaryKeyConstraint("version_id", name=op.f("pk_post_versions")),
        sa.UniqueConstraint("post_id", "version", name="uq_post_versions_post_id_version"),
        comment="Append-only: every version of every post. "
        "Triggers refuse UPDATE, DELETE, TRUNCATE.",
    )
    op.create_index(
        op.f("ix_post_versions_capture_run"), "post_versions", ["capture_run"], unique=False
    )
    op.create_index(
        op.f("ix_post_versions_created_at"), "post_versions", ["created_at"], unique=False
    )
    op.create_index(op.f("ix_post_versions_post_id"), "post_versions", ["post_id"], unique=False)
    op.create_index(op.f("ix_post_versions_source"), "post_versions", ["source"], unique=False)
    op.create_index(
        op.f("ix_post_versions_thread_id"), "post_versions", ["thread_id"], unique=False
    )
    op.create_index(
        op.f("ix_post_versions_visibility"), "post_versions", ["visibility"], unique=False
    )
    op.create_table(
        "quarantine",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("capture_run", sa.BigInteger(), nullable=False),
        sa.Column("stage", sa.Text(), nullable=False),
        sa.Column("locator", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("excerpt", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["capture_run"], ["capture_runs.id"], name=op.f("fk_quarantine_capture_run")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quarantine")),
    )
    op.create_index(op.f("ix_quarantine_capture_run"), "quarantine", ["capture_run"], unique=False)
    op.execute(REFUSE_CHANGE)
    op.execute(APPEND_ONLY_ROWS)
    op.execute(APPEND_ONLY_TRUNCATE)
    op.create_table(
        "enrichments",
        sa.Column("version_id", sa.BigInteger(), nullable=False),
        sa.Column("enricher", sa.Text(), nullable=False),
        sa.Column("language", sa.Text(), nullable=True),
        sa.Column("document", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["version_id"], ["post_versions.version_id"], name=op.f("fk_enrichments_version_id")
        ),
        sa.PrimaryKeyConstraint("version_id", "enricher", name=op.f("pk_enrichments")),
    )


def downgrade() -> None:
    op.drop_table("enrichments")
    op.drop_index(op.f("ix_quarantine_capture_run"), table_name="quarantine")
    op.drop_table("quarantine")
    op.drop_index(op.f("ix_post_versions_visibility"), table_name="post_versions")
    op.drop_index(op.f("ix_post_versions_thread_id"), table_name="post_versions")
    op.drop_index(op.f("ix_post_versions_source"), table_name="post_versions")
    op.drop_index(op.f("ix_post_versions_post_id"), table_name="post_versions")
    op.drop_index(op.f("ix_post_versions_created_at"), table_name="post_versions")
    op.drop_index(op.f("ix_post_versions_capture_run"), table_name="post_versions")
    op.execute("DROP TRIGGER post_versions_no_truncate ON post_versions")
    op.execute("DROP TRIGGER post_versions_append_only ON post_versions")
    op.execute("DROP FUNCTION archivist_refuse_change()")
    op.drop_table("post_versions")
    op.drop_index(op.f("ix_people_source"), table_name="people")
    op.drop_index(op.f("ix_people_email"), table_name="people")
    op.drop_table("people")
    op.drop_table("capture_runs")
    op.drop_table("sources")
    op.drop_table("raw_captures")
