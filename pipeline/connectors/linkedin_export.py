"""LinkedIn member data export ("Get a copy of your data"): ``Shares.csv`` (or
``Shares_<memberId>.csv``), inside the export zip or on its own.

Columns are matched by header name (``Date, ShareLink, ShareCommentary, SharedUrl, MediaUrl,
Visibility``; some exports lack the last two). The decoded share URN is the post's native id.
LinkedIn exports carry no edit or delete signal: a later export that no longer lists a share
says nothing about why, so nothing is marked deleted.
"""

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from pipeline.connectors.base import CaptureContext, FileConnector, Quarantined, Record
from pipeline.connectors.common import RecordError, make_provenance, parse_timestamp
from pipeline.connectors.csvfile import iter_csv_rows
from schemas import Attachment, PersonRef, Post, Source, SourceKind, Visibility, make_post_id

PUBLIC = {"PUBLIC", "ANYONE", ""}


def _shares_member(archive: zipfile.ZipFile) -> str | None:
    names = [n for n in archive.namelist() if n.rsplit("/", 1)[-1].lower().startswith("shares")]
    return min(names, key=len, default=None)


def _profile_name(archive: zipfile.ZipFile, max_field_bytes: int) -> str | None:
    member = next((n for n in archive.namelist() if n.lower().endswith("profile.csv")), None)
    if member is None:
        return None
    for row in iter_csv_rows(archive, member, max_field_bytes):
        if not isinstance(row, Quarantined):
            fields = row[1]
            return " ".join(filter(None, (fields.get("First Name"), fields.get("Last Name"))))
    return None


class LinkedInExport(FileConnector):
    kind = SourceKind.LINKEDIN_EXPORT
    version = "1.0.0"
    media_type = "application/zip"

    def read(self, raw: Path, context: CaptureContext) -> Iterator[Record]:
        archive = self._open(raw)
        member = _shares_member(archive) if archive else None
        if member is None:
            yield Quarantined(context.name, "the export has no Shares.csv")
            return
        member_name = _profile_name(archive, context.max_field_bytes)
        account = context.account or member_name or "member"
        source = Source.of("linkedin", account, name=member_name or account)
        yield source
        author = PersonRef(id=f"{source.key}:user:me", name=member_name or account)
        for row in iter_csv_rows(archive, member, context.max_field_bytes):
            if isinstance(row, Quarantined):
                yield row
                continue
            number, fields = row
            locator = f"{member.rsplit('/', 1)[-1]}#row={number}"
            try:
                yield self._post(fields, source, author, context, locator)
            except (RecordError, ValueError) as exc:
                yield Quarantined(locator, str(exc).splitlines()[0], ",".join(fields.values()))

    @staticmethod
    def _open(raw: Path) -> zipfile.ZipFile | None:
        """The export zip, or a bare Shares.csv wrapped as one."""
        try:
            return zipfile.ZipFile(raw)
        except zipfile.BadZipFile:
            head = raw.open("rb").read(200).lstrip(b"\xef\xbb\xbf")
            if not head.startswith(b"Date,"):
                return None
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w") as wrapped:
                wrapped.write(raw, "Shares.csv")
            return zipfile.ZipFile(buffer)

    def _post(self, fields: dict, source: Source, author: PersonRef, context, locator: str) -> Post:
        link = fields.get("ShareLink", "").strip()
        urn = unquote(link.rstrip("/").rsplit("/", 1)[-1]) if link else ""
        if not urn.startswith("urn:li:"):
            raise RecordError(f"ShareLink {link[:60]!r} holds no share URN")
        shared = fields.get("SharedUrl", "").strip()
        media = fields.get("MediaUrl", "").strip()
        return Post(
            post_id=make_post_id(source.key, urn),
            source=source.key,
            native_id=urn,
            url=link,
            author=author,
            created_at=parse_timestamp(fields.get("Date"), "Date"),
            text=fields.get("ShareCommentary", ""),
            urls=[shared] if shared else [],
            attachments=[Attachment(kind="media", url=media)] if media else [],
            visibility=Visibility.PUBLIC_EXTERNAL
            if fields.get("Visibility", "").upper() in PUBLIC
            else Visibility.PRIVATE_GROUP,
            provenance=make_provenance(context, self.kind, self.version, locator),
        )
