"""raw payloads are removed only when nothing kept or held uses them

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26

A raw payload is in use while a version with content, a version of a held post, or a capture
run not yet archived refers to it (``archivist_raw_in_use``). The application may no longer
update, delete or truncate ``raw_captures``; it may only set or clear ``disposed_at``, and a
trigger refuses to set it on a payload in use, even to the owner.
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

RAW_IN_USE = """
CREATE FUNCTION archivist_raw_in_use(sha text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM post_versions v
                   WHERE v.raw_sha256 = sha
                     AND (v.disposition IS NULL OR archivist_held(v.post_id)))
        OR EXISTS (SELECT 1 FROM capture_items i JOIN capture_runs r ON r.id = i.capture_run
                   WHERE i.raw_sha256 = sha AND r.status IN ('capturing', 'captured'))
$$
"""

GUARD_RAW = """
CREATE FUNCTION archivist_guard_raw() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND (NEW.sha256, NEW.size, NEW.media_type, NEW.first_fetched_at)
           IS NOT DISTINCT FROM (OLD.sha256, OLD.size, OLD.media_type, OLD.first_fetched_at) THEN
        IF OLD.disposed_at IS NULL AND NEW.disposed_at IS NOT NULL
           AND archivist_raw_in_use(OLD.sha256) THEN
            RAISE EXCEPTION 'raw payload % is still used by a kept or held record', OLD.sha256
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'archive table % is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$
"""


def upgrade() -> None:
    op.create_index("ix_capture_items_raw_sha256", "capture_items", ["raw_sha256"])
    op.execute(RAW_IN_USE)
    op.execute(GUARD_RAW)
    op.execute(
        "CREATE TRIGGER raw_captures_guard BEFORE UPDATE OR DELETE ON raw_captures "
        "FOR EACH ROW EXECUTE FUNCTION archivist_guard_raw()"
    )
    op.execute(
        "CREATE TRIGGER raw_captures_no_truncate BEFORE TRUNCATE ON raw_captures "
        "FOR EACH STATEMENT EXECUTE FUNCTION archivist_refuse_change()"
    )
    op.execute("REVOKE UPDATE, DELETE, TRUNCATE ON raw_captures FROM archivist_writer")
    op.execute("GRANT UPDATE (disposed_at) ON raw_captures TO archivist_writer")


def downgrade() -> None:
    op.execute("REVOKE UPDATE (disposed_at) ON raw_captures FROM archivist_writer")
    op.execute("GRANT UPDATE, DELETE ON raw_captures TO archivist_writer")
    op.execute("DROP TRIGGER raw_captures_no_truncate ON raw_captures")
    op.execute("DROP TRIGGER raw_captures_guard ON raw_captures")
    op.execute("DROP FUNCTION archivist_guard_raw()")
    op.execute("DROP FUNCTION archivist_raw_in_use(text)")
    op.drop_index("ix_capture_items_raw_sha256", table_name="capture_items")
