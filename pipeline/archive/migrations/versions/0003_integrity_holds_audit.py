"""hash chains, checkpoints, audit trail, legal holds, dispositions, restrictions, roles

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

Every version row is sealed into a per-source hash chain (the digest of its stored columns,
linked to the previous row's chain hash); audit events form one chain of their own.

Rights: the application connects as a member of ``archivist_writer``, which may read and
append to the record tables but never update, delete or truncate them. The one way a version
loses its content is ``archivist_dispose``, a function owned by the tables' owner that the
trigger admits only for a documented disposition of a record under no active legal hold.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from pipeline.archive.integrity import VERSION_FIELDS, seal

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

RECORD_TABLES = ("post_versions", "audit_events", "checkpoints", "dispositions", "restrictions")

CREATE_WRITER = """
DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'archivist_writer') THEN
        CREATE ROLE archivist_writer NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$
"""

TEXT_MATCHES = """
CREATE FUNCTION archivist_text_matches(document jsonb, query text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT to_tsvector('simple', coalesce(document ->> 'title', '') || ' '
                                 || coalesce(document ->> 'text', ''))
           @@ websearch_to_tsquery('simple', query)
$$
"""

HOLD_MATCHES = """
CREATE FUNCTION archivist_hold_matches(h holds, v post_versions) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT (cardinality(h.custodians) = 0
            OR lower(v.document -> 'author' ->> 'id') = ANY (h.custodians)
            OR lower(v.document -> 'author' ->> 'handle') = ANY (h.custodians)
            OR lower(v.document -> 'author' ->> 'name') = ANY (h.custodians))
       AND (cardinality(h.sources) = 0 OR v.source = ANY (h.sources))
       AND (h.since IS NULL OR v.created_at >= h.since)
       AND (h.until IS NULL OR v.created_at < h.until)
       AND (h.query IS NULL OR archivist_text_matches(v.document, h.query))
$$
"""

HELD = """
CREATE FUNCTION archivist_held(post text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM holds h JOIN post_versions v ON v.post_id = post
        WHERE h.released_at IS NULL AND archivist_hold_matches(h, v))
$$
"""

GUARD_VERSIONS = """
CREATE OR REPLACE FUNCTION archivist_guard_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND current_setting('archivist.disposing', true) = 'on'
       AND OLD.disposition IS NULL AND NEW.disposition IS NOT NULL
       AND NEW.document = jsonb_build_object('disposed', NEW.disposition)
       AND (NEW.version_id, NEW.post_id, NEW.version, NEW.chain_seq, NEW.row_sha256,
            NEW.chain_sha256, NEW.chain_prev, NEW.content_sha256)
           IS NOT DISTINCT FROM
           (OLD.version_id, OLD.post_id, OLD.version, OLD.chain_seq, OLD.row_sha256,
            OLD.chain_sha256, OLD.chain_prev, OLD.content_sha256) THEN
        IF archivist_held(OLD.post_id) THEN
            RAISE EXCEPTION 'post % is under legal hold: its content cannot be removed',
                OLD.post_id USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'archive table % is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$
"""

GUARD_HOLDS = """
CREATE FUNCTION archivist_guard_holds() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.released_at IS NULL AND NEW.released_at IS NOT NULL
       AND (NEW.id, NEW.matter, NEW.custodians, NEW.sources, NEW.since, NEW.until, NEW.query,
            NEW.created_at, NEW.created_by)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.matter, OLD.custodians, OLD.sources, OLD.since, OLD.until, OLD.query,
            OLD.created_at, OLD.created_by) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'a legal hold can only be released, once: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$
"""

DISPOSE = """
CREATE FUNCTION archivist_dispose(version_ids bigint[], disposition_id bigint) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    listed bigint[];
    done integer;
BEGIN
    SELECT array_agg((v ->> 'version_id')::bigint) INTO listed
    FROM dispositions d, jsonb_array_elements(d.certificate -> 'versions') v
    WHERE d.id = disposition_id;
    IF listed IS NULL OR NOT version_ids <@ listed THEN
        RAISE EXCEPTION 'disposition % does not list every version to remove', disposition_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM set_config('archivist.disposing', 'on', true);
    UPDATE post_versions
       SET document = jsonb_build_object('disposed', disposition_id),
           disposition = disposition_id
     WHERE version_id = ANY (version_ids) AND disposition IS NULL;
    GET DIAGNOSTICS done = ROW_COUNT;
    PERFORM set_config('archivist.disposing', 'off', true);
    RETURN done;
END $$
"""


def _append_only(table: str, function: str = "archivist_refuse_change") -> None:
    op.execute(
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}()"
    )
    op.execute(
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION archivist_refuse_change()"
    )


def _seal_existing_versions() -> None:
    """Chain the versions archived before this revision, per source in archiving order."""
    connection = op.get_bind()
    table = sa.table(
        "post_versions",
        *(sa.column(c) for c in (*VERSION_FIELDS, "version_id", "row_sha256")),
        sa.column("chain_prev"),
        sa.column("chain_sha256"),
    )
    connection.execute(
        sa.text("UPDATE post_versions SET raw_sha256 = document -> 'provenance' ->> 'raw_sha256'")
    )
    sources = connection.execute(sa.text("SELECT DISTINCT source FROM post_versions")).scalars()
    for source in list(sources):
        rows = [
            dict(r._mapping)
            for r in connection.execute(
                sa.select(table).where(table.c.source == source).order_by(table.c.version_id)
            )
        ]
        seal(rows, head=None, fields=VERSION_FIELDS, seq_field="chain_seq")
        for row in rows:
            connection.execute(
                table.update()
                .where(table.c.version_id == row["version_id"])
                .values(
                    chain_seq=row["chain_seq"],
                    row_sha256=row["row_sha256"],
                    chain_prev=row["chain_prev"],
                    chain_sha256=row["chain_sha256"],
                )
            )


def upgrade() -> None:
    op.execute(CREATE_WRITER)
    op.execute("DROP TRIGGER post_versions_append_only ON post_versions")
    op.execute("DROP TRIGGER post_versions_no_truncate ON post_versions")

    op.create_table(
        "dispositions",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("certificate", postgresql.JSONB(), nullable=False),
        sa.Column("certificate_sha256", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispositions")),
    )
    for name, kind in (
        ("raw_sha256", sa.Text()),
        ("chain_seq", sa.BigInteger()),
        ("row_sha256", sa.Text()),
        ("chain_prev", sa.Text()),
        ("chain_sha256", sa.Text()),
    ):
        op.add_column("post_versions", sa.Column(name, kind, nullable=True))
    op.add_column(
        "post_versions",
        sa.Column(
            "disposition",
            sa.BigInteger(),
            sa.ForeignKey("dispositions.id", name=op.f("fk_post_versions_disposition")),
            nullable=True,
        ),
    )
    _seal_existing_versions()
    for name in ("raw_sha256", "chain_seq", "row_sha256", "chain_prev", "chain_sha256"):
        op.alter_column("post_versions", name, nullable=False)
    op.create_unique_constraint(
        "uq_post_versions_source_chain_seq", "post_versions", ["source", "chain_seq"]
    )
    op.create_index(op.f("ix_post_versions_raw_sha256"), "post_versions", ["raw_sha256"])
    op.add_column(
        "raw_captures", sa.Column("disposed_at", sa.DateTime(timezone=True), nullable=True)
    )

    op.create_table(
        "audit_events",
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("target", postgresql.JSONB(), nullable=False),
        sa.Column("result_count", sa.BigInteger(), nullable=True),
        sa.Column("row_sha256", sa.Text(), nullable=False),
        sa.Column("chain_prev", sa.Text(), nullable=False),
        sa.Column("chain_sha256", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_events")),
    )
    op.create_index(op.f("ix_audit_events_at"), "audit_events", ["at"])
    op.create_table(
        "checkpoints",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("manifest", postgresql.JSONB(), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkpoints")),
    )
    op.create_table(
        "holds",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("matter", sa.Text(), nullable=False),
        sa.Column("custodians", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("sources", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("query", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Text(), nullable=False),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("released_by", sa.Text(), nullable=True),
        sa.Column("release_reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_holds")),
    )
    op.create_index(
        "uq_holds_active_matter",
        "holds",
        ["matter"],
        unique=True,
        postgresql_where=sa.text("released_at IS NULL"),
    )
    op.create_table(
        "restrictions",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("post_id", sa.Text(), nullable=False),
        sa.Column("person", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_restrictions")),
    )
    op.create_index(op.f("ix_restrictions_post_id"), "restrictions", ["post_id"])
    op.create_table(
        "index_removals",
        sa.Column("post_id", sa.Text(), nullable=False),
        sa.Column("disposition", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("post_id", name=op.f("pk_index_removals")),
    )

    op.execute(TEXT_MATCHES)
    op.execute(HOLD_MATCHES)
    op.execute(HELD)
    op.execute(GUARD_VERSIONS)
    op.execute(GUARD_HOLDS)
    op.execute(DISPOSE)
    _append_only("post_versions", "archivist_guard_versions")
    for table in ("audit_events", "checkpoints", "dispositions", "restrictions"):
        _append_only(table)
    op.execute(
        "CREATE TRIGGER holds_release_only BEFORE UPDATE OR DELETE ON holds "
        "FOR EACH ROW EXECUTE FUNCTION archivist_guard_holds()"
    )
    op.execute(
        "CREATE TRIGGER holds_no_truncate BEFORE TRUNCATE ON holds "
        "FOR EACH STATEMENT EXECUTE FUNCTION archivist_refuse_change()"
    )
    grant_writer()


def grant_writer() -> None:
    """The application's rights: read everything, append to the records, work tables freely."""
    op.execute("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM archivist_writer")
    op.execute(
        "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO archivist_writer"
    )
    op.execute(
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {', '.join(RECORD_TABLES)} FROM archivist_writer"
    )
    op.execute("REVOKE DELETE, TRUNCATE ON holds FROM archivist_writer")
    op.execute("REVOKE ALL ON alembic_version FROM archivist_writer")
    op.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO archivist_writer")
    op.execute("REVOKE ALL ON FUNCTION archivist_dispose(bigint[], bigint) FROM PUBLIC")
    op.execute("GRANT EXECUTE ON FUNCTION archivist_dispose(bigint[], bigint) TO archivist_writer")


def downgrade() -> None:
    op.execute("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM archivist_writer")
    for table in ("audit_events", "checkpoints", "restrictions", "index_removals"):
        op.drop_table(table)
    op.execute("DROP TRIGGER post_versions_append_only ON post_versions")
    op.execute("DROP TRIGGER post_versions_no_truncate ON post_versions")
    op.execute("DROP FUNCTION archivist_dispose(bigint[], bigint)")
    op.execute("DROP FUNCTION archivist_guard_versions()")
    op.execute("DROP FUNCTION archivist_held(text)")
    op.execute("DROP TABLE holds CASCADE")
    op.execute("DROP FUNCTION archivist_text_matches(jsonb, text)")
    op.execute("DROP FUNCTION archivist_guard_holds()")
    op.drop_constraint("uq_post_versions_source_chain_seq", "post_versions")
    op.drop_index(op.f("ix_post_versions_raw_sha256"), table_name="post_versions")
    for name in ("disposition", "raw_sha256", "chain_seq", "row_sha256", "chain_prev"):
        op.drop_column("post_versions", name)
    op.drop_column("post_versions", "chain_sha256")
    op.drop_column("raw_captures", "disposed_at")
    op.drop_table("dispositions")
    op.execute(
        "CREATE TRIGGER post_versions_append_only BEFORE UPDATE OR DELETE ON post_versions "
        "FOR EACH ROW EXECUTE FUNCTION archivist_refuse_change()"
    )
    op.execute(
        "CREATE TRIGGER post_versions_no_truncate BEFORE TRUNCATE ON post_versions "
        "FOR EACH STATEMENT EXECUTE FUNCTION archivist_refuse_change()"
    )
