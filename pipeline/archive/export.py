"""eDiscovery export: a zip that another party can check offline.

Contents::

    versions.jsonl     every version of every selected post, with its stored digest fields
    natives/SHA256     the raw payloads (files, API responses) the versions were read from
    loadfile.dat       Concordance-style load file: one row per post (``loadfile``)
    custody.json       chain of custody: who exported what, when, from which archive state
    custody.txt        the same, for people
    manifest.json      SHA-256 and size of every file above, signed with the archive's key

Everything is streamed: memory does not grow with the number of versions.
"""

import base64
import hashlib
import io
import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pipeline.archive import audit, loadfile
from pipeline.archive.checkpoint import chain_heads
from pipeline.archive.holds import active_hold, matching_versions
from pipeline.archive.integrity import VERSION_FIELDS, jsonable, row_digest
from pipeline.archive.models import CaptureRun, CheckpointRow, post_versions
from pipeline.archive.raw import CHUNK, raw_path
from pipeline.archive.signing import key_id, public_key_text, sign, signature_valid
from pipeline.exc import ConfigurationError
from schemas.canonical import canonical_json

pv = post_versions.c
FORMAT = "archivist-export/2"  # 2: the load file has a row per post, not per version


@dataclass
class ExportReport:
    path: Path
    key_id: str = ""
    posts: int = 0
    versions: int = 0
    natives: int = 0
    natives_missing: list[str] = field(default_factory=list)
    digest_mismatches: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {**self.__dict__, "path": str(self.path)}


class _HashingWriter:
    """Writes one zip entry while hashing it."""

    def __init__(self, handle: IO[bytes]):
        self.handle, self.sha256, self.size = handle, hashlib.sha256(), 0

    def write(self, data: bytes) -> None:
        self.handle.write(data)
        self.sha256.update(data)
        self.size += len(data)


def selection_query(session: Session, matter: str | None, query: str | None):
    """The post ids to export: those a hold holds, or those whose text matches ``query``
    (PostgreSQL web-search syntax, the same as a hold's query), or both at once."""
    selected = sa.select(pv.post_id).distinct()
    if matter:
        selected = matching_versions(active_hold(session, matter).id).distinct()
    if query:
        selected = selected.where(sa.func.archivist_text_matches(pv.document, query))
    return selected


def _versions(session: Session, selected) -> Iterator[Any]:
    """Every version of the selected posts, a thread's posts together (its starter first),
    each post's versions oldest first: the order of the load file's documents."""
    families = (
        sa.select(
            pv.post_id, sa.func.coalesce(sa.func.max(pv.thread_id), pv.post_id).label("family")
        )
        .where(pv.post_id.in_(selected.scalar_subquery()))
        .group_by(pv.post_id)
        .subquery()
    )
    query = (
        sa.select(
            *(pv[name] for name in VERSION_FIELDS),
            pv.version_id,
            pv.row_sha256,
            pv.chain_sha256,
            pv.disposition,
            families.c.family,
        )
        .join(families, families.c.post_id == pv.post_id)
        .order_by(families.c.family, pv.post_id != families.c.family, pv.post_id, pv.version)
    )
    yield from session.execute(query.execution_options(yield_per=2000))


def write_export(
    session: Session,
    actor: audit.Actor,
    key,
    out: Path,
    raw_dir: Path,
    matter: str | None = None,
    query: str | None = None,
) -> ExportReport:
    """Write the export zip (atomically: a partial file never has the final name) and
    record one audit event."""
    criteria = {"matter": matter, "query": query}
    selected = selection_query(session, matter, query)
    report = ExportReport(out, key_id(public_key_text(key)))
    partial = out.with_name(out.name + ".partial")
    files: dict[str, dict] = {}
    natives: dict[str, bool] = {}  # sha256 -> whether the raw store has it
    runs: set[int] = set()

    def native_path(sha256: str) -> str:
        return f"natives/{sha256}" if natives.get(sha256) else ""

    with (
        zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive,
        tempfile.TemporaryFile() as loadfile_spool,
    ):
        loadfile_out = _HashingWriter(loadfile_spool)
        documents = loadfile.LoadFileWriter(loadfile_out.write, native_path)
        with archive.open("versions.jsonl", "w", force_zip64=True) as versions_entry:
            versions_out = _HashingWriter(versions_entry)
            for number, row in enumerate(_versions(session, selected), 1):
                if row.disposition is None and row.raw_sha256 not in natives:
                    natives[row.raw_sha256] = raw_path(raw_dir, row.raw_sha256).exists()
                line = _version_line(documents.add(number, row), row)
                if row.disposition is None and row_digest(line, VERSION_FIELDS) != row.row_sha256:
                    report.digest_mismatches.append(f"{row.source} #{row.chain_seq}")
                versions_out.write(json.dumps(line, ensure_ascii=False).encode() + b"\n")
                report.versions += 1
                runs.add(row.capture_run)
            documents.close()
        files["versions.jsonl"] = _entry(versions_out)
        loadfile_spool.seek(0)
        with archive.open("loadfile.dat", "w", force_zip64=True) as entry:
            shutil.copyfileobj(loadfile_spool, entry, CHUNK)
        files["loadfile.dat"] = _entry(loadfile_out)
        for sha256 in sorted(natives):
            source = raw_path(raw_dir, sha256)
            if not source.exists():
                report.natives_missing.append(sha256)
                continue
            with archive.open(f"natives/{sha256}", "w", force_zip64=True) as entry:
                writer = _HashingWriter(entry)
                with source.open("rb") as handle:
                    while chunk := handle.read(CHUNK):
                        writer.write(chunk)
            files[f"natives/{sha256}"] = _entry(writer)
            report.natives += 1
        report.posts = documents.documents
        custody = _custody(session, actor, criteria, report, sorted(runs))
        for name, data in (
            ("custody.json", json.dumps(custody, indent=2, ensure_ascii=False).encode()),
            ("custody.txt", _custody_text(custody).encode()),
        ):
            archive.writestr(name, data)
            files[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        manifest = {
            "format": FORMAT,
            "created_at": custody["created_at"],
            "files": files,
            "key_id": report.key_id,
        }
        archive.writestr(
            "manifest.json",
            json.dumps(
                {
                    "manifest": manifest,
                    "signature": sign(key, canonical_json(manifest)),
                    "public_key": public_key_text(key),
                },
                indent=2,
            ),
        )
    partial.replace(out)
    audit.record(session, actor, "export", {**criteria, "file": out.name}, report.posts)
    return report


def _entry(writer: _HashingWriter) -> dict:
    return {"sha256": writer.sha256.hexdigest(), "size": writer.size}


def _version_line(docid: str, row: Any) -> dict:
    """The stored fields exactly as digested, so a reader can recompute ``row_sha256``."""
    return {
        "docid": docid,
        **{name: jsonable(getattr(row, name)) for name in VERSION_FIELDS},
        "row_sha256": row.row_sha256,
        "chain_sha256": row.chain_sha256,
        "disposition": row.disposition,
    }


def _custody(session: Session, actor, criteria: dict, report: ExportReport, runs) -> dict:
    checkpoint = session.execute(
        sa.select(CheckpointRow.id, CheckpointRow.created_at).order_by(CheckpointRow.id.desc())
    ).first()
    capture_runs = session.execute(
        sa.select(
            CaptureRun.id,
            CaptureRun.connector,
            CaptureRun.connector_version,
            CaptureRun.target,
            CaptureRun.fetched_at,
            CaptureRun.status,
        ).where(CaptureRun.id.in_(runs))
    ).all()
    return {
        "created_at": datetime.now(UTC).isoformat(),
        "exported_by": actor.name,
        "role": actor.role,
        "key_id": report.key_id,
        "criteria": criteria,
        "counts": {
            "posts": report.posts,
            "versions": report.versions,
            "natives": report.natives,
            "natives_missing": len(report.natives_missing),
        },
        "integrity": {
            "digests_recomputed": report.versions,
            "digest_mismatches": report.digest_mismatches,
            "natives_missing_from_raw_store": report.natives_missing,
            "chain_heads": chain_heads(session)["versions"],
            "latest_checkpoint": {
                "id": checkpoint.id,
                "created_at": jsonable(checkpoint.created_at),
            }
            if checkpoint
            else None,
        },
        "capture_runs": [
            {
                "id": r.id,
                "connector": r.connector,
                "connector_version": r.connector_version,
                "target": r.target,
                "fetched_at": jsonable(r.fetched_at),
                "status": r.status,
            }
            for r in capture_runs
        ],
    }


def _custody_text(custody: dict) -> str:
    lines = [
        "Chain of custody",
        "================",
        f"Exported at:   {custody['created_at']}",
        f"Exported by:   {custody['exported_by']} (role {custody['role']})",
        f"Selection:     {json.dumps(custody['criteria'])}",
        f"Posts:         {custody['counts']['posts']}",
        f"Versions:      {custody['counts']['versions']}",
        f"Native files:  {custody['counts']['natives']}",
        f"Native files missing from the raw store: {custody['counts']['natives_missing']}",
        *(f"  {sha256}" for sha256 in custody["integrity"]["natives_missing_from_raw_store"]),
        f"Digests recomputed at export: {custody['integrity']['digests_recomputed']}, "
        f"mismatches: {len(custody['integrity']['digest_mismatches'])}",
        "",
        "Captured by:",
        *(
            f"  run {r['id']}: {r['connector']} {r['connector_version']} from {r['target']} "
            f"at {r['fetched_at']} ({r['status']})"
            for r in custody["capture_runs"]
        ),
        "",
        f"Every file's SHA-256 is in manifest.json, signed with the archive's Ed25519 key "
        f"{custody['key_id']}.",
        "Check it with: archivist export verify FILE.zip --public-key KEY",
    ]
    return "\n".join(lines) + "\n"


# --- offline check ------------------------------------------------------------------------


@dataclass
class ExportCheck:
    path: Path
    key_id: str | None = None
    key_given: bool = False  # checked against a key the caller trusts, not the embedded one
    problems: list[str] = field(default_factory=list)
    files: int = 0
    documents: int = 0
    versions: int = 0

    @property
    def intact(self) -> bool:
        return not self.problems

    @property
    def trust_note(self) -> str | None:
        """What a valid signature proves without a trusted key: only that the export agrees
        with the key inside it, which a forger can replace along with the signature."""
        if self.key_given or self.key_id is None:
            return None
        return (
            "signature checked against the key inside the export; compare key id "
            f"{self.key_id} with the one you trust, or pass --public-key"
        )

    def as_dict(self) -> dict:
        return {
            **self.__dict__,
            "path": str(self.path),
            "intact": self.intact,
            "trust_note": self.trust_note,
        }


def verify_export(path: Path, public_key: str | None = None) -> ExportCheck:
    """Check an export without the archive: the manifest's signature (against
    ``public_key`` when given, else against the key the export carries), every file's hash,
    files missing or added, every version's digest, and the load file against the versions
    and the files."""
    if public_key is not None and _fingerprint(public_key) is None:
        raise ConfigurationError("the public key is not a base64 Ed25519 public key")
    check = ExportCheck(path, key_given=public_key is not None)
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        check.problems.append(f"not a readable zip file: {exc}")
        return check
    with archive:
        try:
            signed = json.loads(archive.read("manifest.json"))
            manifest = signed["manifest"]
        except (KeyError, ValueError, TypeError):
            check.problems.append("manifest.json is missing or unreadable")
            return check
        _check_signature(check, signed, public_key)
        listed = manifest.get("files", {})
        present = set(archive.namelist()) - {"manifest.json"}
        for name in sorted(set(listed) - present):
            check.problems.append(f"{name}: missing")
        for name in sorted(present - set(listed)):
            check.problems.append(f"{name}: added, not in the manifest")
        for name in sorted(present & set(listed)):
            check.files += 1
            if _zip_sha256(archive, name) != listed[name]["sha256"]:
                check.problems.append(f"{name}: altered")
        lines = _version_lines(archive, check) if "versions.jsonl" in present else iter(())
        if "loadfile.dat" in present and manifest.get("format") == FORMAT:
            _check_loadfile(archive, check, lines, present)
        for _ in lines:  # without a load file, the versions' digests are still checked
            pass
    return check


def _fingerprint(public_key: str) -> str | None:
    """The key id of a base64 Ed25519 public key, or None when it is not one."""
    try:
        return (
            key_id(public_key) if len(base64.b64decode(public_key, validate=True)) == 32 else None
        )
    except (ValueError, TypeError):
        return None


def _check_signature(check: ExportCheck, signed: dict, trusted: str | None) -> None:
    embedded = signed.get("public_key") or ""
    manifest, signature = signed["manifest"], signed.get("signature") or ""
    key = trusted or embedded
    check.key_id = _fingerprint(key)
    data = canonical_json(manifest)
    if signature_valid(key, data, signature):
        if not trusted and manifest.get("key_id") != check.key_id:
            check.problems.append(
                f"manifest.json: names key {manifest.get('key_id')} but carries key {check.key_id}"
            )
        return
    if trusted and embedded != trusted and signature_valid(embedded, data, signature):
        check.problems.append(
            f"manifest.json: not signed by key {check.key_id} but by another key, "
            f"{_fingerprint(embedded)}"
        )
    else:
        check.problems.append("manifest.json: signature does not match its content")


def _zip_sha256(archive: zipfile.ZipFile, name: str) -> str:
    digest = hashlib.sha256()
    with archive.open(name) as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _version_lines(archive: zipfile.ZipFile, check: ExportCheck) -> Iterator[tuple[int, Any]]:
    """Each line of versions.jsonl (None when unreadable), its digest checked on the way."""
    with archive.open("versions.jsonl") as handle:
        for number, raw in enumerate(handle, 1):
            check.versions += 1
            try:
                line = json.loads(raw)
                if (
                    line["disposition"] is None
                    and row_digest(line, VERSION_FIELDS) != line["row_sha256"]
                ):
                    check.problems.append(f"versions.jsonl line {number}: digest does not match")
            except (ValueError, KeyError, TypeError):
                check.problems.append(f"versions.jsonl line {number}: unreadable")
                line = None
            yield number, line if isinstance(line, dict) else None


def _check_loadfile(archive: zipfile.ZipFile, check: ExportCheck, lines, files) -> None:
    with (
        archive.open("loadfile.dat") as raw,
        io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as text,
    ):
        try:
            documents, problems = loadfile.check_rows(loadfile.parse_rows(text), lines, files)
        except UnicodeDecodeError:
            documents, problems = 0, ["loadfile.dat: not UTF-8 text"]
    check.documents = documents
    check.problems += problems
