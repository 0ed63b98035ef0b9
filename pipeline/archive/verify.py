"""``archivist verify``: recompute every digest and chain link, compare the chains with the
latest signed checkpoint outside the database, check the raw payloads and the database rights.
Every problem names its record."""

import json
import multiprocessing
import os
import time
from collections import namedtuple
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from pipeline.archive.checkpoint import (
    Checkpoint,
    checkpoint_files,
    expects_token,
    latest_checkpoint_file,
    token_path,
)
from pipeline.archive.db import get_engine
from pipeline.archive.integrity import (
    AUDIT_FIELDS,
    GENESIS,
    TOMBSTONE_FIELDS,
    VERSION_FIELDS,
    chain_link,
    jsonable,
    row_digest,
)
from pipeline.archive.models import (
    AuditEvent,
    CheckpointRow,
    Disposition,
    RawCapture,
    post_versions,
)
from pipeline.archive.raw import file_sha256, raw_path
from pipeline.archive.retention import certificate_path
from pipeline.archive.signing import load_or_create_key, public_key_text, signature_valid
from pipeline.archive.timestamp import token_problems
from pipeline.services import database_urls
from pipeline.settings import Settings
from schemas import document_content_sha256
from schemas.canonical import canonical_json, sha256_hex

RECORD_TABLES = (
    "post_versions",
    "audit_events",
    "checkpoints",
    "dispositions",
    "restrictions",
    "raw_captures",
)
STREAM = {"stream_results": True, "yield_per": 5000}
PARALLEL_FROM = 20_000  # versions: below this, worker processes cost more than they save


@dataclass(frozen=True)
class Problem:
    kind: str  # altered, missing, inserted, reordered, rewritten, unsigned, rights, raw
    record: str
    detail: str


@dataclass
class VerifyReport:
    checked: dict[str, int] = field(default_factory=dict)
    checkpoint: int | None = None
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def intact(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "intact": self.intact}


def verify_archive(settings: Settings, raw: bool = True) -> VerifyReport:
    report = VerifyReport()
    started = time.perf_counter()
    checkpoint = _trusted_checkpoint(settings, report)
    _check_time_stamp(settings, report)
    url = database_urls(settings)[0]
    with get_engine(settings).connect() as connection:
        _check_rights(connection, report)
        pins = checkpoint.manifest["chains"] if checkpoint else {"versions": {}, "audit": None}
        _check_versions(connection, url, pins["versions"], report)
        _check_audit(connection, pins["audit"], report)
        _check_dispositions(connection, settings, report)
        _check_tombstones(connection, report)
        _check_checkpoints(connection, settings, checkpoint, report)
        if raw:
            _check_raw_payloads(connection, settings, report)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _trusted_checkpoint(settings: Settings, report: VerifyReport) -> Checkpoint | None:
    """The newest checkpoint file, if its signature is by this installation's key."""
    checkpoint = latest_checkpoint_file(settings.checkpoint_path)
    if checkpoint is None:
        return None
    report.checkpoint = checkpoint.id
    ours = _our_public_key(settings)
    if ours is None:
        report.problems.append(
            Problem("unsigned", f"checkpoint {checkpoint.id}", "no signing key to check it with")
        )
        return None
    data = canonical_json(checkpoint.manifest)
    if checkpoint.public_key != ours or not signature_valid(ours, data, checkpoint.signature):
        report.problems.append(
            Problem("unsigned", f"checkpoint {checkpoint.id}", "not signed by this archive's key")
        )
        return None
    return checkpoint


def _check_time_stamp(settings: Settings, report: VerifyReport) -> None:
    """The newest checkpoint file has its time-stamp token when one is expected (an authority
    is configured, or was when it was written), and a token it has is over its bytes."""
    files = checkpoint_files(settings.checkpoint_path)
    if not files:
        return
    record = f"checkpoint {report.checkpoint}"
    token = token_path(files[-1])
    if not token.exists():
        if settings.tsa_url or expects_token(files[-1]):
            report.problems.append(Problem("missing", record, f"no time-stamp token {token}"))
        return
    data = files[-1].read_bytes()
    for kind, detail in token_problems(token.read_bytes(), data, settings.tsa_ca_file):
        report.problems.append(Problem(kind, record, detail))


def _our_public_key(settings: Settings) -> str | None:
    if not settings.signing_key_path.exists():
        return None
    return public_key_text(load_or_create_key(settings.signing_key_path))


# --- rights -----------------------------------------------------------------------------


def _check_rights(connection: Connection, report: VerifyReport) -> None:
    """The application's role must not be able to alter records, even by switching off the
    triggers that refuse it."""
    role = connection.execute(
        sa.text(
            "SELECT current_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user"
        )
    ).one()
    name = f"role {role[0]}"
    if role.rolsuper:
        report.problems.append(Problem("rights", name, "is a superuser"))
    if role.rolbypassrls:
        report.problems.append(Problem("rights", name, "can bypass row-level security"))
    can_replica = connection.scalar(
        sa.text("SELECT has_parameter_privilege('session_replication_role', 'SET')")
    )
    if can_replica and not role.rolsuper:
        report.problems.append(
            Problem("rights", name, "may set session_replication_role and so skip triggers")
        )
    for table in RECORD_TABLES:
        _check_table_rights(connection, table, name, report)


def _check_table_rights(connection: Connection, table: str, role: str, report) -> None:
    owner, rights = connection.execute(
        sa.text(
            "SELECT pg_has_role(c.relowner, 'MEMBER'), "
            "ARRAY(SELECT p FROM unnest(ARRAY['UPDATE', 'DELETE', 'TRUNCATE']) p "
            "      WHERE has_table_privilege(c.oid, p)) "
            "FROM pg_class c WHERE c.oid = CAST(:t AS regclass)"
        ),
        {"t": table},
    ).one()
    if owner:
        report.problems.append(Problem("rights", role, f"owns {table} and can disable triggers"))
    if rights:
        report.problems.append(Problem("rights", role, f"has {', '.join(rights)} on {table}"))
    disabled = connection.scalars(
        sa.text(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = CAST(:t AS regclass) "
            "AND NOT tgisinternal AND tgenabled NOT IN ('O', 'A')"
        ),
        {"t": table},
    ).all()
    for trigger in disabled:
        report.problems.append(Problem("rights", table, f"trigger {trigger} is disabled"))


# --- chains -----------------------------------------------------------------------------


@dataclass
class _Chain:
    """Walks one chain in sequence order, naming what breaks it; ``pinned`` is the head the
    checkpoint recorded for it."""

    name: str
    report: VerifyReport
    lookup: Callable[[str], int | None]  # a chain hash -> seq of the row that has it
    pinned: dict | None
    seq: int = 0
    head: str = GENESIS
    previous_prev: str | None = None

    def step(self, seq: int, row: Any, digest: str | None) -> None:
        record = f"{self.name} #{seq}"
        problems = self.report.problems
        if seq > self.seq + 1:
            missing = f"#{self.seq + 1}" + (f"..#{seq - 1}" if seq - 1 > self.seq + 1 else "")
            problems.append(Problem("missing", f"{self.name} {missing}", "not in the chain"))
        elif row.chain_prev != self.head:
            problems.append(self._misplaced(seq, row.chain_prev))
        if digest is not None and digest != row.row_sha256:
            problems.append(Problem("altered", record, "content differs from its digest"))
        elif chain_link(row.chain_prev, row.row_sha256) != row.chain_sha256:
            problems.append(Problem("altered", record, "chain hash does not match"))
        if self.pinned and seq == self.pinned["seq"] and row.chain_sha256 != self.pinned["head"]:
            problems.append(
                Problem("rewritten", record, "the chain up to here differs from the checkpoint")
            )
        self.seq, self.head, self.previous_prev = seq, row.chain_sha256, row.chain_prev

    def _misplaced(self, seq: int, chain_prev: str) -> Problem:
        """A row that does not link to the one before it: that one was put in front of it
        (both claim the same predecessor), it was moved, or it links to nothing we hold."""
        if chain_prev == self.previous_prev:
            return Problem("inserted", f"{self.name} #{seq - 1}", f"pushed in before #{seq}")
        linked = self.lookup(chain_prev)
        if linked is None:
            return Problem("inserted", f"{self.name} #{seq}", "links to no record of the chain")
        return Problem("reordered", f"{self.name} #{seq}", f"belongs after #{linked}")

    def finish(self) -> None:
        if self.pinned and self.seq < self.pinned["seq"]:
            what = f"#{self.seq + 1}..#{self.pinned['seq']}"
            self.report.problems.append(
                Problem("missing", f"{self.name} {what}", "recorded in the checkpoint")
            )


def _check_versions(connection: Connection, url: str, pins: dict, report: VerifyReport) -> None:
    """Recompute every version's digest in worker processes (the costly part, spread over
    the cores) while walking every source's chain here."""
    workers = os.cpu_count() or 1
    if connection.scalar(sa.select(sa.func.count()).select_from(post_versions)) < PARALLEL_FROM:
        workers = 1
    if workers == 1:
        _walk_chains(connection, pins, report)
        report.problems.extend(_check_digests(url, 1, 0))
        return
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        shares = [pool.submit(_check_digests, url, workers, k) for k in range(workers)]
        _walk_chains(connection, pins, report)
        for share in shares:
            report.problems.extend(share.result())


ChainRow = namedtuple("ChainRow", "source chain_seq row_sha256 chain_prev chain_sha256")


def _walk_chains(connection: Connection, pins: dict, report: VerifyReport) -> None:
    columns = ", ".join(ChainRow._fields)
    cursor = connection.connection.cursor(name="archivist_walk")
    cursor.itersize = 10_000
    cursor.execute(f"SELECT {columns} FROM post_versions ORDER BY source, chain_seq")
    chain: _Chain | None = None
    seen: set[str] = set()
    count = 0
    for values in cursor:
        row = ChainRow._make(values)
        count += 1
        if chain is None or chain.name != row.source:
            if chain is not None:
                chain.finish()
            seen.add(row.source)
            lookup = _version_lookup(connection, row.source)
            chain = _Chain(row.source, report, lookup, pins.get(row.source))
        chain.step(row.chain_seq, row, None)
    cursor.close()
    if chain is not None:
        chain.finish()
    for source in sorted(set(pins) - seen):
        report.problems.append(Problem("missing", source, "a whole chain in the checkpoint"))
    report.checked["versions"] = count


def _check_digests(url: str, workers: int, share: int) -> list[Problem]:
    """Recompute the digest and content hash of every ``workers``-th version (a worker
    process's share, on a connection of its own). Plain DB-API rows: at tens of thousands of
    rows a second, the ORM's row objects would cost more than the hashing."""
    names = (*VERSION_FIELDS, "row_sha256", "disposition")
    query = (
        f"SELECT {', '.join(names)} FROM post_versions WHERE version_id % {workers:d} = {share:d}"
    )
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool, json_deserializer=orjson.loads)
    problems: list[Problem] = []
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor(name="archivist_verify")
        cursor.itersize = 5000
        cursor.execute(query)
        for values in cursor:
            problems.extend(_row_problems(dict(zip(names, values, strict=True))))
    finally:
        connection.close()
        engine.dispose()
    return problems


def _row_problems(row: dict[str, Any]) -> list[Problem]:
    record = f"{row['source']} #{row['chain_seq']}"
    document = row["document"]
    if row["disposition"] is not None:
        if document != {"disposed": row["disposition"]}:
            return [Problem("altered", record, "disposed record changed")]
        return []
    problems = []
    if row_digest(row, VERSION_FIELDS) != row["row_sha256"]:
        problems.append(Problem("altered", record, "content differs from its digest"))
    if document_content_sha256(document) != row["content_sha256"]:
        problems.append(Problem("altered", record, "content hash does not match"))
    if (document.get("provenance") or {}).get("raw_sha256") != row["raw_sha256"]:
        problems.append(Problem("altered", record, "raw payload reference differs"))
    return problems


def _version_lookup(connection: Connection, source: str) -> Callable[[str], int | None]:
    def lookup(chain_sha256: str) -> int | None:
        return connection.scalar(
            sa.select(post_versions.c.chain_seq).where(
                post_versions.c.source == source, post_versions.c.chain_sha256 == chain_sha256
            )
        )

    return lookup


def _check_audit(connection: Connection, pinned: dict | None, report: VerifyReport) -> None:
    def lookup(chain_sha256: str) -> int | None:
        return connection.scalar(
            sa.select(AuditEvent.seq).where(AuditEvent.chain_sha256 == chain_sha256)
        )

    chain = _Chain("audit", report, lookup, pinned)
    table = AuditEvent.__table__
    count = 0
    for row in connection.execution_options(**STREAM).execute(
        sa.select(table).order_by(table.c.seq)
    ):
        count += 1
        chain.step(row.seq, row, row_digest(row._mapping, AUDIT_FIELDS))
    chain.finish()
    report.checked["audit_events"] = count


def _check_dispositions(connection: Connection, settings: Settings, report) -> None:
    """Each disposition's certificate is the one its audit event (sealed in the audit chain)
    recorded: in the database, in the row's own columns and in the signed file."""
    pins = _pinned_certificates(connection)
    key = _our_public_key(settings)
    count = 0
    for row in connection.execute(sa.select(Disposition.__table__).order_by(Disposition.id)):
        count += 1
        record = f"disposition {row.id}"
        if row.id not in pins:
            report.problems.append(Problem("missing", record, "no audit event records it"))
        pinned = pins.get(row.id) or row.certificate_sha256  # older events did not pin it
        for detail in _disposition_problems(row, pinned):
            report.problems.append(Problem("altered", record, detail))
        path = certificate_path(settings.home, row.id)
        if path.exists():
            for detail in _certificate_file_problems(path, pinned, key):
                report.problems.append(Problem("altered", record, detail))
    report.checked["dispositions"] = count


def _pinned_certificates(connection: Connection) -> dict[int, str | None]:
    """Disposition id -> the certificate hash its audit event recorded."""
    events = connection.execute(
        sa.select(AuditEvent.target).where(AuditEvent.action.startswith("disposition."))
    ).scalars()
    return {
        target["disposition"]: target.get("certificate_sha256")
        for target in events
        if isinstance(target, dict) and isinstance(target.get("disposition"), int)
    }


def _disposition_problems(row: Any, pinned: str) -> list[str]:
    certificate = row.certificate if isinstance(row.certificate, dict) else {}
    problems = []
    if sha256_hex(canonical_json(row.certificate)) != row.certificate_sha256:
        problems.append("certificate differs from its hash")
    if row.certificate_sha256 != pinned:
        problems.append("certificate differs from the one its audit event recorded")
    columns = {"kind": row.kind, "actor": row.actor, "reason": row.reason, "at": jsonable(row.at)}
    if any(certificate.get(name) != value for name, value in columns.items()):
        problems.append("its columns differ from its certificate")
    return problems


def _certificate_file_problems(path, pinned: str, key: str | None) -> list[str]:
    try:
        signed = json.loads(path.read_bytes())
        data = canonical_json(signed["certificate"])
    except (OSError, ValueError, TypeError, KeyError):
        return [f"certificate file {path.name} is unreadable"]
    problems = []
    if sha256_hex(data) != pinned:
        problems.append(f"certificate file {path.name} differs from the recorded certificate")
    signature = str(signed.get("signature", ""))
    if key is None or signed.get("public_key") != key or not signature_valid(key, data, signature):
        problems.append(f"certificate file {path.name} is not signed by this archive's key")
    return problems


TOMBSTONES = f"""
SELECT {", ".join(f"v.{name}" for name in TOMBSTONE_FIELDS)}, v.row_sha256, l.entry
FROM post_versions v
LEFT JOIN (
    SELECT d.id, e AS entry
    FROM dispositions d,
         jsonb_array_elements(CASE jsonb_typeof(d.certificate -> 'versions')
                              WHEN 'array' THEN d.certificate -> 'versions' END) e
) l ON l.id = v.disposition AND l.entry ->> 'version_id' = v.version_id::text
WHERE v.disposition IS NOT NULL
"""


def _check_tombstones(connection: Connection, report: VerifyReport) -> None:
    """Every version without content is listed by the certificate of its disposition, with
    the digest it was sealed with and the digest of every column it keeps."""
    for row in connection.execution_options(**STREAM).execute(sa.text(TOMBSTONES)):
        record = f"{row.source} #{row.chain_seq}"
        entry = row.entry if isinstance(row.entry, dict) else {}
        if entry.get("row_sha256") != row.row_sha256:
            report.problems.append(
                Problem("altered", record, "content removed without a disposition listing it")
            )
            continue
        listed = entry.get("tombstone_sha256")  # not in certificates written before 0004
        if listed is not None and listed != row_digest(row._mapping, TOMBSTONE_FIELDS):
            report.problems.append(
                Problem("altered", record, "disposed record differs from its certificate")
            )


def _check_checkpoints(connection: Connection, settings: Settings, checkpoint, report) -> None:
    """The newest checkpoint in the database has its file; the newest file's checkpoint is in
    the database as signed, and the archive holds as many records up to its heads as it
    counted."""
    newest = connection.scalar(sa.select(sa.func.max(CheckpointRow.id)))
    if newest is not None and (report.checkpoint is None or newest > report.checkpoint):
        report.problems.append(
            Problem(
                "missing",
                f"checkpoint {newest}",
                f"in the database but not in {settings.checkpoint_path}",
            )
        )
    if checkpoint is not None:
        _check_checkpoint_in_database(connection, checkpoint, report)
        _check_counts(connection, checkpoint, report)


def _check_checkpoint_in_database(connection: Connection, checkpoint: Checkpoint, report) -> None:
    stored = connection.execute(
        sa.select(CheckpointRow.manifest, CheckpointRow.signature).where(
            CheckpointRow.id == checkpoint.id
        )
    ).first()
    if stored is None or stored.signature != checkpoint.signature:
        report.problems.append(
            Problem("missing", f"checkpoint {checkpoint.id}", "not in the database as signed")
        )


COUNTED_VERSIONS = sa.text(
    "SELECT count(*) FROM post_versions v JOIN jsonb_each(CAST(:pins AS jsonb)) p "
    "ON v.source = p.key AND v.chain_seq <= (p.value ->> 'seq')::bigint"
)


def _check_counts(connection: Connection, checkpoint: Checkpoint, report) -> None:
    chains = checkpoint.manifest["chains"]
    audit_seq = (chains["audit"] or {"seq": 0})["seq"]
    found = {
        "versions": connection.scalar(COUNTED_VERSIONS, {"pins": json.dumps(chains["versions"])}),
        "audit_events": connection.scalar(
            sa.select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.seq <= audit_seq)
        ),
    }
    for name, number in found.items():
        counted = checkpoint.manifest.get("counts", {}).get(name)
        if counted is not None and counted != number:
            report.problems.append(
                Problem(
                    "missing" if number < counted else "inserted",
                    f"checkpoint {checkpoint.id}",
                    f"it counted {counted} {name.replace('_', ' ')}; "
                    f"the archive has {number} up to its heads",
                )
            )


def _check_raw_payloads(connection: Connection, settings: Settings, report) -> None:
    used = sa.select(post_versions.c.raw_sha256).where(post_versions.c.disposition.is_(None))
    query = sa.select(RawCapture.sha256).where(
        sa.or_(RawCapture.disposed_at.is_(None), RawCapture.sha256.in_(used))
    )
    count = 0
    for sha256 in connection.execution_options(**STREAM).scalars(query):
        count += 1
        path = raw_path(settings.raw_dir, sha256)
        if not path.exists():
            report.problems.append(Problem("raw", sha256, f"payload missing from {path.parent}"))
        elif file_sha256(path) != sha256:
            report.problems.append(Problem("raw", sha256, "payload bytes differ from their hash"))
    report.checked["raw_payloads"] = count
