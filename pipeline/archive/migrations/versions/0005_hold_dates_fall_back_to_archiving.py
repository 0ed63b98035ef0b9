"""a hold's dates apply to a post without a creation date by when it was archived

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26

Retention starts a post's clock at its creation, or at its archiving when the platform gave
no date; a hold's since/until now date such a version the same way instead of never
matching it.
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

HOLD_MATCHES = """
CREATE OR REPLACE FUNCTION archivist_hold_matches(h holds, v post_versions) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT (cardinality(h.custodians) = 0
            OR lower(v.document -> 'author' ->> 'id') = ANY (h.custodians)
            OR lower(v.document -> 'author' ->> 'handle') = ANY (h.custodians)
            OR lower(v.document -> 'author' ->> 'name') = ANY (h.custodians))
       AND (cardinality(h.sources) = 0 OR v.source = ANY (h.sources))
       AND (h.since IS NULL OR {dated} >= h.since)
       AND (h.until IS NULL OR {dated} < h.until)
       AND (h.query IS NULL OR archivist_text_matches(v.document, h.query))
$$
"""


def upgrade() -> None:
    op.execute(HOLD_MATCHES.format(dated="coalesce(v.created_at, v.archived_at)"))


def downgrade() -> None:
    op.execute(HOLD_MATCHES.format(dated="v.created_at"))
