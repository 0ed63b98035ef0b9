"""The export's Concordance-style load file (``loadfile.dat``): one row per document.

A document is a post, not a version: a reviewer reads the record as it stands last and
turns to its history when it matters, which is how eDiscovery platforms present e-mail
threads and edited documents. Each row gives the post's latest state, how many versions it
has, and where they are: the lines of ``versions.jsonl`` (every version, in the same order
as the rows) and the native payload of its latest version with content.

Format: UTF-8 with a byte-order mark (review platforms take the encoding from it), CRLF
after every row, DC4 (U+0014) between fields, þ (U+00FE) around every field, a newline
inside a value written as ® (U+00AE), and any þ or DC4 inside a value dropped (the exact values
are in ``versions.jsonl``). The first row names the columns.

Documents are numbered ``ARCH-00000001`` upwards in export order. A thread's documents are
next to each other, its starter first: BEGATTACH and ENDATTACH give the first and last
DOCID of the thread in the export, PARENT_DOCID the starter's DOCID when the starter is in
the export (empty for the starter itself and for replies whose starter is not).
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pipeline.archive.integrity import jsonable

FIELD, QUOTE, NEWLINE = "\x14", "\xfe", "\xae"
COLUMNS = (
    "DOCID",
    "PARENT_DOCID",
    "BEGATTACH",
    "ENDATTACH",
    "POST_ID",
    "THREAD_ID",
    "REPLY_TO_ID",
    "CUSTODIAN",
    "AUTHOR_ID",
    "SOURCE",
    "GROUP",
    "VISIBILITY",
    "URL",
    "CREATED",
    "LAST_EDITED",
    "DELETED",
    "FIRST_ARCHIVED",
    "LAST_ARCHIVED",
    "VERSIONS",
    "DISPOSED_VERSIONS",
    "CONTENT_SHA256",
    "NATIVE_PATH",
    "NATIVE_SHA256",
    "NATIVE_LOCATOR",
    "JSONL_PATH",
    "JSONL_LINES",
)
JSONL_PATH = "versions.jsonl"
PREFIX = "ARCH-"


def docid(number: int) -> str:
    return f"{PREFIX}{number:08d}"


def dat_row(values) -> str:
    return FIELD.join(f"{QUOTE}{_clean(str(v))}{QUOTE}" for v in values) + "\r\n"


def _clean(value: str) -> str:
    one_newline = value.replace("\r\n", "\n").replace("\r", "\n")
    return one_newline.replace(QUOTE, "").replace(FIELD, "").replace("\n", NEWLINE)


def header() -> str:
    """The first row, after the byte-order mark."""
    return "\ufeff" + dat_row(COLUMNS)


@dataclass
class _Document:
    """One post as its versions stream past, oldest first."""

    number: int
    post_id: str
    family: str
    first_line: int
    last_line: int = 0
    versions: int = 0
    disposed: int = 0
    latest: Any = None
    content: Any = None  # the latest version that still has its content
    first_archived: Any = None

    def add(self, line: int, row: Any) -> None:
        self.last_line, self.latest = line, row
        self.versions += 1
        self.first_archived = self.first_archived or row.archived_at
        if row.disposition is None:
            self.content = row
        else:
            self.disposed += 1

    def values(self, parent: str, first: str, last: str, native_path: str) -> list[str]:
        row, content = self.latest, self.content
        doc = content.document if content is not None else {}
        author = doc.get("author") or {}
        provenance = doc.get("provenance") or {}
        dates = (row.created_at, row.edited_at, row.deleted_at, self.first_archived)
        return [
            docid(self.number),
            parent,
            first,
            last,
            self.post_id,
            row.thread_id or "",
            doc.get("reply_to_id") or "",
            author.get("name") or "",
            author.get("id") or "",
            row.source,
            (doc.get("group") or {}).get("name") or "",
            row.visibility,
            doc.get("url") or "",
            *(jsonable(d) or "" for d in dates),
            jsonable(row.archived_at),
            str(self.versions),
            str(self.disposed),
            row.content_sha256,
            native_path,
            content.raw_sha256 if content is not None else "",
            provenance.get("raw_locator") or "",
            JSONL_PATH,
            f"{self.first_line}-{self.last_line}",
        ]


class LoadFileWriter:
    """Turns the stream of version rows (ordered by thread, starter first, then post and
    version; each row with its ``family``: the thread id, or the post id outside a thread)
    into load-file rows. Holds one thread's documents at a time."""

    def __init__(self, write: Callable[[bytes], None], native_path: Callable[[str], str]):
        self._write, self._native_path = write, native_path
        self._family: list[_Document] = []
        self._number = 0
        write(header().encode())

    def add(self, line: int, row: Any) -> str:
        """Take the version on ``line`` of versions.jsonl; returns its document's DOCID."""
        current = self._family[-1] if self._family else None
        if current is None or current.post_id != row.post_id:
            if current is not None and current.family != row.family:
                self._flush()
            self._number += 1
            current = _Document(self._number, row.post_id, row.family, line)
            self._family.append(current)
        current.add(line, row)
        return docid(current.number)

    @property
    def documents(self) -> int:
        return self._number

    def close(self) -> None:
        self._flush()

    def _flush(self) -> None:
        if not self._family:
            return
        starter = self._family[0]
        parent = docid(starter.number) if starter.post_id == starter.family else ""
        first, last = docid(starter.number), docid(self._family[-1].number)
        for document in self._family:
            native = document.content.raw_sha256 if document.content is not None else None
            values = document.values(
                parent if document is not starter else "",
                first,
                last,
                self._native_path(native) if native else "",
            )
            self._write(dat_row(values).encode())
        self._family = []


# --- offline check ------------------------------------------------------------------------


def parse_rows(lines: Iterable[str]) -> Iterator[list[str]]:
    """The rows of a load file read as text (after its byte-order mark), header first, each
    as its field values."""
    for raw in lines:
        if raw := raw.removesuffix("\r\n"):
            yield [field.removeprefix(QUOTE).removesuffix(QUOTE) for field in raw.split(FIELD)]


def check_rows(
    rows: Iterator[list[str]], versions: Iterator[tuple[int, dict | None]], files: set[str]
) -> tuple[int, list[str]]:
    """The number of documents and the problems of the load file against versions.jsonl
    (read in step with it: each row's versions are its next VERSIONS lines, carrying its
    DOCID) and the files in the export."""
    problems: list[str] = []
    if next(rows, None) != list(COLUMNS):
        return 0, ["loadfile.dat: the header row is not the one this format writes"]
    expected_line, number = 1, 0
    for number, values in enumerate(rows, 1):
        where = f"loadfile.dat row {number}"
        if len(values) != len(COLUMNS):
            problems.append(f"{where}: {len(values)} fields instead of {len(COLUMNS)}")
            continue
        row = dict(zip(COLUMNS, values, strict=True))
        problems += _check_row(where, number, row, files)
        lines = f"{expected_line}-{expected_line + _count(row['VERSIONS']) - 1}"
        if row["JSONL_LINES"] != lines:
            problems.append(f"{where}: JSONL_LINES is {row['JSONL_LINES']}, expected {lines}")
        for _ in range(_count(row["VERSIONS"])):
            line_number, line = next(versions, (None, None))
            if line_number is None:
                problems.append(f"{where}: versions.jsonl ends before this document's versions")
                break
            expected_line += 1
            if line is not None and line.get("docid") != row["DOCID"]:
                problems.append(
                    f"versions.jsonl line {line_number}: belongs to {line.get('docid')}, "
                    f"but loadfile.dat puts it under {row['DOCID']}"
                )
    for line_number, _ in versions:
        problems.append(f"versions.jsonl line {line_number}: in no document of loadfile.dat")
    return number, problems


def _check_row(where: str, number: int, row: dict[str, str], files: set[str]) -> list[str]:
    problems = []
    if row["DOCID"] != docid(number):
        problems.append(f"{where}: DOCID is {row['DOCID']}, expected {docid(number)}")
    begin, end = _number(row["BEGATTACH"]), _number(row["ENDATTACH"])
    if begin is None or end is None or not begin <= number <= end:
        problems.append(f"{where}: BEGATTACH..ENDATTACH does not contain {row['DOCID']}")
    elif row["PARENT_DOCID"] and _number(row["PARENT_DOCID"]) != begin:
        problems.append(f"{where}: PARENT_DOCID is not the first document of its thread")
    if _count(row["VERSIONS"]) < 1:
        problems.append(f"{where}: VERSIONS is not a positive number")
    native = row["NATIVE_PATH"]
    if native and (native not in files or native != f"natives/{row['NATIVE_SHA256']}"):
        problems.append(f"{where}: NATIVE_PATH {native} is not in the export under its SHA-256")
    return problems


def _number(value: str) -> int | None:
    digits = value.removeprefix(PREFIX)
    return int(digits) if value.startswith(PREFIX) and digits.isdigit() else None


def _count(value: str) -> int:
    return int(value) if value.isdigit() else 0
