"""A malformed export never crashes a run and never loses good rows."""

import io
import json
import zipfile

import pytest

from pipeline.archive.db import transaction
from pipeline.archive.queries import quarantined
from pipeline.runs import ingest
from pipeline.sample.yammer_export import MESSAGE_COLUMNS
from tests.conftest import run_cli

GOOD = {
    "id": "3104454998319104",
    "thread_id": "3104454998319104",
    "sender_id": "1558120777",
    "sender_name": "Priya Nair",
    "body": "Draft Q2 plan is on the wiki",
    "created_at": "2024-03-05T13:58:41.000Z",
    "in_private_group": "false",
    "in_private_conversation": "false",
}


def message_row(**fields) -> str:
    values = {**GOOD, **fields}
    return ",".join(f'"{values.get(c, "")}"' for c in MESSAGE_COLUMNS)


def export_zip(path, messages: str | None, **members: bytes):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        if messages is not None:
            archive.writestr("Messages.csv", ",".join(MESSAGE_COLUMNS) + "\r\n" + messages)
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_a_file_that_is_not_a_zip_is_quarantined(settings, tmp_path, account):
    path = tmp_path / "export.zip"
    path.write_text("this is not a zip")
    summary = ingest(settings, "yammer-export", path, account=account)
    assert (summary.quarantined, summary.new) == (1, 0)
    assert summary.reasons == ["export.zip: the file is not a zip archive"]


def test_an_export_without_messages_is_quarantined(settings, tmp_path, account):
    path = export_zip(tmp_path / "export.zip", None, **{"Users.csv": b"id,name\r\n1,A\r\n"})
    summary = ingest(settings, "yammer-export", path, account=account)
    assert summary.quarantined == 1
    assert "no Messages.csv" in summary.reasons[0]


def test_bad_rows_are_quarantined_and_good_rows_archived(settings, tmp_path, account):
    rows = "\r\n".join(
        [
            message_row(),
            '"3104454998319105","","too few columns"',
            message_row(id="3104454998319106", created_at="the fifth of March"),
            message_row(id="not-a-number"),
            message_row(id="3104454998319107", body="Second good row"),
        ]
    )
    summary = ingest(
        settings, "yammer-export", export_zip(tmp_path / "e.zip", rows), account=account
    )
    assert (summary.new, summary.quarantined, summary.indexed) == (2, 3, 2)
    with transaction(settings) as session:
        reasons = {q.locator: q.reason for q in quarantined(session, summary.run_id)}
    assert reasons == {
        "Messages.csv#row=2": "row has 3 fields, the header has 26",
        "Messages.csv#row=3": "unparseable created_at 'the fifth of March'",
        "Messages.csv#row=4": "message id 'not-a-number' is not a number",
    }


def test_a_200_mb_member_is_streamed_and_its_oversized_row_quarantined(settings, tmp_path, account):
    path = tmp_path / "big.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("Messages.csv", "w", force_zip64=True) as member:
            member.write((",".join(MESSAGE_COLUMNS) + "\r\n" + message_row() + "\r\n").encode())
            big = message_row(id="3104454998319199", body="{body}").split("{body}")
            member.write(big[0].encode())
            chunk = b"x" * (1 << 20)
            for _ in range(200):
                member.write(chunk)
            member.write((big[1] + "\r\n" + message_row(id="3104454998319200") + "\r\n").encode())
    assert zipfile.ZipFile(path).getinfo("Messages.csv").file_size > 200 * (1 << 20)
    summary = ingest(settings, "yammer-export", path, account=account)
    assert (summary.new, summary.quarantined) == (2, 1)
    assert "field larger than field limit" in summary.reasons[0]


def test_a_truncated_zip_keeps_what_could_be_read(settings, tmp_path, account):
    rows = "\r\n".join(
        message_row(id=str(3104454998319104 + i), body=f"post {i} " * 50) for i in range(2000)
    )
    data = io.BytesIO()
    export_zip(data, rows)
    path = tmp_path / "cut.zip"
    path.write_bytes(data.getvalue()[: len(data.getvalue()) * 2 // 3])
    summary = ingest(settings, "yammer-export", path, account=account)
    assert summary.quarantined == 1  # not a readable zip: the central directory is gone
    assert summary.new == 0


@pytest.mark.parametrize("content", [b"", b"PK\x05\x06" + b"\x00" * 18])
def test_the_command_prints_one_line_of_counts(settings, tmp_path, account, content):
    path = tmp_path / "bad.zip"
    path.write_bytes(content)
    done = run_cli("ingest", "yammer-export", str(path), "--account", account)
    assert done.returncode == 0
    assert "Traceback" not in done.stdout + done.stderr
    assert "quarantined 1" in done.stdout.splitlines()[0]


def test_a_missing_file_is_one_clear_error(tmp_path):
    done = run_cli("ingest", "yammer-export", str(tmp_path / "nowhere.zip"), "--json")
    assert done.returncode == 1
    assert done.stderr.strip() == f"error: {tmp_path / 'nowhere.zip'} is not a readable file"
    assert not done.stdout


def test_json_output_reports_counts(settings, tmp_path, account):
    path = export_zip(tmp_path / "e.zip", message_row())
    done = run_cli(
        "ingest", "yammer-export", str(path), "--account", account, "--json", settings=settings
    )
    report = json.loads(done.stdout)
    assert {k: report[k] for k in ("fetched", "new", "changed", "unchanged", "quarantined")} == {
        "fetched": 1,
        "new": 1,
        "changed": 0,
        "unchanged": 0,
        "quarantined": 0,
    }
