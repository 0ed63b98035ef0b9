"""Viva Engage / Yammer network data export (the admin "Export data" zip).

Reads ``Networks.csv`` (the source account), ``Users.csv`` (people), ``Groups.csv`` (group
names and privacy) and ``Messages.csv`` (posts). A message with ``deleted_at`` set becomes a
deletion version; messages in private groups and private conversations get the matching
visibility. Exports overlap (Microsoft recommends daily exports of everything "sent or
modified" in the range), so the archive upserts by message id.
"""

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from pipeline.connectors.base import CaptureContext, FileConnector, Quarantined, Record
from pipeline.connectors.common import RecordError, parse_timestamp
from pipeline.connectors.csvfile import find_member, iter_csv_rows
from pipeline.connectors.yammer_common import PLATFORM, render_references
from schemas import (
    Attachment,
    GroupRef,
    Person,
    PersonRef,
    Post,
    Provenance,
    Source,
    SourceKind,
    Visibility,
    make_post_id,
)

ATTACHMENT = re.compile(r"(\w+):(?:\[(.*?)\](?=\s*(?:,|$))|(\d+))")
OPENGRAPH_TITLE = re.compile(r'title="((?:[^"]|"")*)"')


def _true(value: str) -> bool:
    return value.strip().lower() == "true"


def parse_attachments(value: str) -> list[Attachment]:
    attachments = []
    for kind, bracketed, number in ATTACHMENT.findall(value):
        if number:
            attachments.append(Attachment(kind=kind, ref=number))
            continue
        parts = [p.strip() for p in bracketed.split(" : ")]
        title = OPENGRAPH_TITLE.search(bracketed)
        attachments.append(
            Attachment(
                kind=kind,
                ref=parts[0] or None,
                url=parts[1] if len(parts) > 1 and parts[1].startswith("http") else None,
                title=title.group(1).replace('""', '"') if title else None,
            )
        )
    return attachments


class YammerExport(FileConnector):
    kind = SourceKind.YAMMER_EXPORT
    version = "1.0.0"
    media_type = "application/zip"

    def read(self, raw: Path, context: CaptureContext) -> Iterator[Record]:
        try:
            archive = zipfile.ZipFile(raw)
        except (zipfile.BadZipFile, OSError):
            yield Quarantined(context.name, "the file is not a zip archive")
            return
        with archive:
            messages = find_member(archive, "Messages.csv")
            if messages is None:
                yield Quarantined(context.name, "the export has no Messages.csv")
                return
            source = self._source(archive, context)
            yield source
            reader = _ExportReader(archive, source, context)
            yield from reader.people()
            reader.read_groups()
            yield from reader.posts(messages)

    def _source(self, archive: zipfile.ZipFile, context: CaptureContext) -> Source:
        member = find_member(archive, "Networks.csv")
        rows = iter_csv_rows(archive, member, context.max_field_bytes) if member else ()
        network = next((r[1] for r in rows if not isinstance(r, Quarantined)), {})
        account = context.account or network.get("permalink") or network.get("name") or "default"
        return Source.of(PLATFORM, account, name=network.get("name", ""))


class _ExportReader:
    """State of one export read: the people and groups messages refer to."""

    def __init__(self, archive: zipfile.ZipFile, source: Source, context: CaptureContext):
        self.archive = archive
        self.source = source
        self.context = context
        self.names: dict[str, str] = {}
        self.private_groups: set[str] = set()

    def _rows(self, filename: str):
        member = find_member(self.archive, filename)
        if member is None:
            return iter(())
        return iter_csv_rows(self.archive, member, self.context.max_field_bytes)

    def people(self) -> Iterator[Person | Quarantined]:
        for row in self._rows("Users.csv"):
            if isinstance(row, Quarantined):
                yield row
                continue
            row_number, fields = row
            try:
                person = self._person(fields)
            except (RecordError, ValueError) as exc:
                yield Quarantined(
                    f"Users.csv#row={row_number}", str(exc), ",".join(fields.values())
                )
                continue
            self.names[person.native_id] = person.name
            yield person

    def _person(self, fields: dict[str, str]) -> Person:
        native_id = fields.get("id", "").strip()
        if not native_id.isdigit():
            raise RecordError(f"user id {native_id[:40]!r} is not a number")
        deleted_at = parse_timestamp(fields.get("deleted_at", ""), "deleted_at")
        suspended_at = parse_timestamp(fields.get("suspended_at", ""), "suspended_at")
        state = (
            "deleted"
            if deleted_at
            else "suspended"
            if suspended_at
            else fields.get("state") or None
        )
        return Person(
            id=Person.make_id(self.source.key, native_id),
            source=self.source.key,
            native_id=native_id,
            name=fields.get("name", "").strip() or f"user {native_id}",
            email=fields.get("email") or None,
            job_title=fields.get("job_title") or None,
            department=fields.get("department") or None,
            location=fields.get("location") or None,
            state=state,
            joined_at=parse_timestamp(fields.get("joined_at", ""), "joined_at"),
            profile_url=fields.get("api_url") or None,
        )

    def read_groups(self) -> None:
        for row in self._rows("Groups.csv"):
            if not isinstance(row, Quarantined) and _true(row[1].get("private", "")):
                self.private_groups.add(row[1].get("id", ""))

    def posts(self, member: str) -> Iterator[Post | Quarantined]:
        for row in iter_csv_rows(self.archive, member, self.context.max_field_bytes):
            if isinstance(row, Quarantined):
                yield row
                continue
            row_number, fields = row
            locator = f"{member.rsplit('/', 1)[-1]}#row={row_number}"
            try:
                yield self._post(fields, locator)
            except (RecordError, ValueError) as exc:
                yield Quarantined(locator, str(exc).splitlines()[0], ",".join(fields.values()))

    def _ref(self, native_id: str) -> str | None:
        native_id = native_id.strip()
        return make_post_id(self.source.key, native_id) if native_id else None

    def _visibility(self, fields: dict[str, str]) -> Visibility:
        if _true(fields.get("in_private_conversation", "")):
            return Visibility.DIRECT_MESSAGE
        if (
            _true(fields.get("in_private_group", ""))
            or fields.get("group_id") in self.private_groups
        ):
            return Visibility.PRIVATE_GROUP
        return Visibility.COMPANY_INTERNAL

    def _post(self, fields: dict[str, str], locator: str) -> Post:
        native_id = fields.get("id", "").strip()
        if not native_id.isdigit():
            raise RecordError(f"message id {native_id[:40]!r} is not a number")
        created_at = parse_timestamp(fields.get("created_at", ""), "created_at")
        if created_at is None:
            raise RecordError("created_at is empty")
        text, mentions, topics = render_references(
            fields.get("body", ""), self.names, self.source.key
        )
        sender_id = fields.get("sender_id", "").strip()
        group_id = fields.get("group_id", "").strip()
        visibility = self._visibility(fields)
        return Post(
            post_id=make_post_id(self.source.key, native_id),
            source=self.source.key,
            native_id=native_id,
            url=fields.get("api_url") or None,
            thread_id=self._ref(fields.get("thread_id", "")),
            reply_to_id=self._ref(fields.get("replied_to_id", "")),
            author=PersonRef(
                id=Person.make_id(self.source.key, sender_id),
                name=fields.get("sender_name") or self.names.get(sender_id, f"user {sender_id}"),
            )
            if sender_id
            else None,
            group=GroupRef(
                id=f"{self.source.key}:group:{group_id}",
                name=fields.get("group_name", ""),
                private=visibility is Visibility.PRIVATE_GROUP,
            )
            if group_id
            else None,
            created_at=created_at,
            deleted_at=parse_timestamp(fields.get("deleted_at", ""), "deleted_at"),
            title=fields.get("title") or None,
            text=text,
            html=fields.get("html_body") or None,
            hashtags=topics,
            mentions=mentions,
            attachments=parse_attachments(fields.get("attachments", "")),
            visibility=visibility,
            provenance=Provenance(
                capture_run=self.context.capture_run,
                connector=SourceKind.YAMMER_EXPORT,
                connector_version=YammerExport.version,
                fetched_at=self.context.fetched_at,
                raw_sha256=self.context.raw_sha256,
                raw_locator=locator,
            ),
        )
