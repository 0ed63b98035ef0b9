"""Retention policies and disposition.

Policies come from a TOML file (``ARCHIVIST_RETENTION_FILE``)::

    [[policy]]
    name = "hr-private"          # shown in every decision and certificate
    years = 10                   # or: days = 90
    sources = ["yammer.*"]       # shell patterns on the source key
    groups = ["HR"]              # group names or ids
    categories = ["confidential"]
    visibility = ["private_group", "direct_message"]
    legal_duty = true            # a statutory minimum (e.g. financial communications)

A policy applies to a post when every scope it names matches (a scope left out matches
everything); of the policies that apply, the longest period wins. The clock starts when the
post was created (or first archived, when the platform gave no date). A post no policy
applies to is never disposed of: ``retention check`` reports it. While a ``legal_duty``
policy's period runs for a post, an erasure request restricts the post instead of deleting
it (GDPR art. 17(3)(b)).

Disposition removes a version's content but keeps its row: post id, dates, visibility, its
digest and its place in the chain, so the chain still verifies and the certificate says
what went, when, why and on whose order.
"""

import fnmatch
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, Field, ValidationError, model_validator
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from pipeline.archive import audit
from pipeline.archive.integrity import TOMBSTONE_FIELDS, row_digest
from pipeline.archive.models import (
    Disposition,
    EnrichmentRow,
    IndexRemoval,
    RawCapture,
    post_versions,
)
from pipeline.exc import ArchiveError, ConfigurationError
from schemas.canonical import canonical_json, sha256_hex

pv = post_versions.c
CATEGORY_THRESHOLD = 0.5
BATCH = 2000


class Policy(BaseModel):
    name: str
    years: int = Field(default=0, ge=0)
    days: int = Field(default=0, ge=0)
    sources: list[str] = []
    groups: list[str] = []
    categories: list[str] = []
    visibility: list[str] = []
    legal_duty: bool = False

    @model_validator(mode="after")
    def _has_period(self) -> "Policy":
        if not (self.years or self.days):
            raise ValueError(f"policy {self.name!r} needs years or days")
        return self

    def period(self) -> relativedelta:
        return relativedelta(years=self.years, days=self.days)

    def applies(self, post: "PostFacts") -> bool:
        return (
            (not self.sources or any(fnmatch.fnmatchcase(post.source, p) for p in self.sources))
            and (not self.groups or bool(set(self.groups) & set(post.groups)))
            and (not self.categories or bool(set(self.categories) & set(post.categories)))
            and (not self.visibility or post.visibility in self.visibility)
        )


class PolicySet(BaseModel):
    policy: list[Policy]

    @property
    def sha256(self) -> str:
        return sha256_hex(canonical_json(self))


DEFAULT_POLICIES = PolicySet(policy=[Policy(name="default-7-years", years=7)])


def load_policies(path: Path) -> PolicySet:
    """The policies in ``path``; the built-in ones when the file does not exist."""
    if not path.exists():
        return DEFAULT_POLICIES
    try:
        return PolicySet(**tomllib.loads(path.read_text()))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        reason = f"{where}: {first['msg']}" if where else first["msg"]
        raise ConfigurationError(
            f"the retention policies in {path} are invalid: {reason}"
        ) from None
    except (tomllib.TOMLDecodeError, TypeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ConfigurationError(
            f"the retention policies in {path} are invalid: {reason}"
        ) from None


@dataclass(frozen=True)
class PostFacts:
    post_id: str
    source: str
    visibility: str
    groups: tuple[str, ...]
    categories: tuple[str, ...]
    started: datetime
    held: bool


@dataclass(frozen=True)
class Decision:
    post_id: str
    policy: str | None  # None: no policy applies
    expires_at: datetime | None
    expired: bool
    held: bool

    @property
    def due(self) -> bool:
        return self.expired and not self.held


def decide(post: PostFacts, policies: PolicySet, now: datetime) -> Decision:
    """The longest applicable policy and whether the post is past it."""
    applicable = [p for p in policies.policy if p.applies(post)]
    if not applicable:
        return Decision(post.post_id, None, None, False, post.held)
    longest = max(applicable, key=lambda p: post.started + p.period())
    expires_at = post.started + longest.period()
    return Decision(post.post_id, longest.name, expires_at, expires_at <= now, post.held)


def duty_in_force(post: PostFacts, policies: PolicySet, now: datetime) -> str | None:
    """The legal-duty policy that still requires the post kept (the one that runs longest),
    or None when no such policy applies or every one's period has passed."""
    running = [
        p
        for p in policies.policy
        if p.legal_duty and p.applies(post) and post.started + p.period() > now
    ]
    if not running:
        return None
    return max(running, key=lambda p: post.started + p.period()).name


def post_facts(session: Session, post_ids: Sequence[str] | None = None) -> Iterator[PostFacts]:
    """What the policies look at, per post not yet disposed of, streamed in batches."""
    first = sa.alias(post_versions, "first_versions")
    query = (
        sa.select(
            pv.post_id,
            pv.source,
            pv.visibility,
            pv.document["group"]["name"].astext.label("group_name"),
            pv.document["group"]["id"].astext.label("group_id"),
            sa.select(sa.func.min(sa.func.coalesce(first.c.created_at, first.c.archived_at)))
            .where(first.c.post_id == pv.post_id)
            .scalar_subquery()
            .label("started"),
            sa.func.archivist_held(pv.post_id).label("held"),
        )
        .where(pv.disposition.is_(None))
        .distinct(pv.post_id)
        .order_by(pv.post_id, pv.version.desc())
    )
    if post_ids is not None:
        query = query.where(pv.post_id.in_(list(post_ids)))
    rows = session.execute(query.execution_options(yield_per=BATCH))
    while batch := rows.fetchmany(BATCH):
        categories = _categories(session, [row.post_id for row in batch])
        for row in batch:
            yield PostFacts(
                post_id=row.post_id,
                source=row.source,
                visibility=row.visibility,
                groups=tuple(g for g in (row.group_name, row.group_id) if g),
                categories=tuple(sorted(categories.get(row.post_id, ()))),
                started=row.started,
                held=row.held,
            )


CATEGORIES = sa.text(
    "SELECT DISTINCT v.post_id, c.key FROM enrichments e "
    "JOIN post_versions v ON v.version_id = e.version_id, "
    "jsonb_each(CASE jsonb_typeof(e.document -> 'categories') "
    "           WHEN 'object' THEN e.document -> 'categories' END) c "
    "WHERE v.post_id = ANY(:ids) "
    "AND CASE jsonb_typeof(c.value) WHEN 'number' THEN c.value::numeric >= :threshold END"
)


def _categories(session: Session, post_ids: list[str]) -> dict[str, set[str]]:
    """The categories the enrichment gave any version of each post (score >= 0.5); a score
    that is not a JSON number counts as none."""
    found: dict[str, set[str]] = {}
    rows = session.execute(CATEGORIES, {"ids": post_ids, "threshold": CATEGORY_THRESHOLD})
    for post_id, label in rows:
        found.setdefault(post_id, set()).add(label)
    return found


@dataclass(frozen=True)
class DispositionResult:
    disposition: Disposition
    versions: int
    posts: list[str]
    raw_removed: list[str]


def dispose_posts(
    session: Session,
    actor: audit.Actor,
    kind: str,
    reason: str,
    post_ids: Sequence[str],
    detail: dict,
) -> DispositionResult:
    """Remove the content of every version of these posts, with one certificate. The
    database refuses (and nothing is removed) if any of them is under legal hold."""
    columns = (*(pv[name] for name in TOMBSTONE_FIELDS), pv.version_id, pv.row_sha256)
    rows = session.execute(
        sa.select(*columns)
        .where(pv.post_id.in_(list(post_ids)), pv.disposition.is_(None))
        .order_by(pv.post_id, pv.version)
    ).all()
    now = datetime.now(UTC)
    certificate = _certificate(kind, now, actor, reason, detail, rows)
    disposition = Disposition(
        kind=kind,
        at=now,
        actor=actor.name,
        reason=reason,
        certificate=certificate,
        certificate_sha256=sha256_hex(canonical_json(certificate)),
    )
    session.add(disposition)
    session.flush()
    version_ids = [row.version_id for row in rows]
    try:
        with session.begin_nested():
            done = session.scalar(sa.select(sa.func.archivist_dispose(version_ids, disposition.id)))
    except sa.exc.DBAPIError as exc:
        raise ArchiveError(str(exc.orig).strip().splitlines()[0]) from None
    if done != len(version_ids):
        raise ArchiveError("another disposition removed some of these posts meanwhile; run again")
    session.execute(sa.delete(EnrichmentRow).where(EnrichmentRow.version_id.in_(version_ids)))
    if certificate["posts"]:
        session.execute(
            insert(IndexRemoval)
            .values([{"post_id": p, "disposition": disposition.id} for p in certificate["posts"]])
            .on_conflict_do_nothing()
        )
    raw_removed = _orphaned_raw(session, {row.raw_sha256 for row in rows}, now)
    audit.record(
        session,
        actor,
        f"disposition.{kind}",
        {
            "disposition": disposition.id,
            "certificate_sha256": disposition.certificate_sha256,
            "reason": reason,
            **detail,
        },
        len(certificate["posts"]),
    )
    return DispositionResult(disposition, len(rows), certificate["posts"], raw_removed)


def _certificate(kind, now, actor: audit.Actor, reason: str, detail: dict, rows) -> dict:
    """What went, when, why and on whose order; per version the digest it was sealed with
    and the digest of what stays of it (its tombstone), which ``verify`` checks."""
    return {
        "kind": kind,
        "at": now.isoformat(),
        "actor": actor.name,
        "role": actor.role,
        "reason": reason,
        **detail,
        "posts": sorted({row.post_id for row in rows}),
        "versions": [
            {
                "version_id": row.version_id,
                "post_id": row.post_id,
                "version": row.version,
                "row_sha256": row.row_sha256,
                "tombstone_sha256": row_digest(row._mapping, TOMBSTONE_FIELDS),
            }
            for row in rows
        ],
    }


def certificate_path(home: Path, disposition_id: int) -> Path:
    """Where a disposition's signed certificate is written."""
    return home / "dispositions" / f"disposition-{disposition_id:08d}.json"


def _orphaned_raw(session: Session, candidates: set[str], now: datetime) -> list[str]:
    """Mark disposed the raw payloads nothing kept or held uses any more; the files go in
    ``removable_raw_payloads``, once the transaction is committed."""
    in_use = sa.func.archivist_raw_in_use(RawCapture.sha256)
    marked = session.scalars(
        sa.update(RawCapture)
        .where(RawCapture.sha256.in_(candidates), RawCapture.disposed_at.is_(None), ~in_use)
        .values(disposed_at=now)
        .returning(RawCapture.sha256)
    )
    return sorted(marked)


def pending_index_removals(session: Session, limit: int) -> list[str]:
    query = sa.select(IndexRemoval.post_id).order_by(IndexRemoval.post_id).limit(limit)
    return list(session.scalars(query))


def index_removals_done(session: Session, post_ids: Sequence[str]) -> None:
    session.execute(sa.delete(IndexRemoval).where(IndexRemoval.post_id.in_(list(post_ids))))


def removable_raw_payloads(session: Session) -> list[str]:
    """The payloads marked disposed that nothing kept or held uses now: checked again when
    the files are removed, since the same bytes may have been captured again meanwhile."""
    query = sa.select(RawCapture.sha256).where(
        RawCapture.disposed_at.is_not(None), ~sa.func.archivist_raw_in_use(RawCapture.sha256)
    )
    return list(session.scalars(query))
