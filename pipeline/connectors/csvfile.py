"""Tolerant reading of CSV members of an export zip: each row comes out as a dict or as a
``Quarantined`` with its reason; a damaged member ends with one quarantined entry naming how
far it was read. Memory stays flat whatever the member's size."""

import csv
import io
import zipfile
import zlib
from collections.abc import Iterator

from pipeline.connectors.base import Quarantined


def find_member(archive: zipfile.ZipFile, filename: str) -> str | None:
    """The member whose base name is ``filename`` (case-insensitive), at the top level or in
    one sub-folder (exports with external networks have a folder per network)."""
    wanted = filename.lower()
    candidates = [n for n in archive.namelist() if n.rsplit("/", 1)[-1].lower() == wanted]
    return min(candidates, key=lambda n: n.count("/"), default=None)


def iter_csv_rows(
    archive: zipfile.ZipFile, member: str, max_field_bytes: int
) -> Iterator[tuple[int, dict[str, str]] | Quarantined]:
    csv.field_size_limit(max_field_bytes)
    with archive.open(member) as binary:
        text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
        reader = csv.reader(text)
        try:
            header = next(reader, None)
            if header is None:
                return
            yield from _rows(reader, header, member)
        except (UnicodeDecodeError, zipfile.BadZipFile, EOFError, zlib.error, OSError) as exc:
            yield Quarantined(
                f"{member}#row={reader.line_num}",
                f"{member} is damaged after line {reader.line_num} ({exc.__class__.__name__}); "
                "the rest of it was not read",
            )


def _rows(reader, header: list[str], member: str):
    row_number = 0
    while True:
        row_number += 1
        locator = f"{member}#row={row_number}"
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Quarantined(locator, f"unreadable CSV row: {exc}")
            continue
        if len(fields) != len(header):
            yield Quarantined(
                locator,
                f"row has {len(fields)} fields, the header has {len(header)}",
                ",".join(fields),
            )
            continue
        yield row_number, dict(zip(header, fields, strict=True))
