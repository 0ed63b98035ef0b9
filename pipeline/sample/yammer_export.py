"""Writes the sample organisation as Viva Engage / Yammer network data export zips, one per
date range, overlapping as Microsoft's recommended daily exports do."""

import csv
import io
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

from pipeline.sample.organisation import NETWORK, Member, Message, Organisation

MESSAGE_COLUMNS = [
    "id",
    "replied_to_id",
    "parent_id",
    "thread_id",
    "conversation_id",
    "group_id",
    "group_name",
    "participants",
    "in_private_group",
    "in_private_conversation",
    "sender_id",
    "sender_type",
    "sender_name",
    "sender_email",
    "body",
    "delegate_id",
    "api_url",
    "attachments",
    "deleted_by_id",
    "deleted_by_type",
    "created_at",
    "deleted_at",
    "title",
    "html_body",
    "message_type",
    "gdpr_delete_url",
]
USER_COLUMNS = [
    "id",
    "name",
    "email",
    "job_title",
    "location",
    "department",
    "api_url",
    "deleted_by_id",
    "deleted_by_type",
    "joined_at",
    "deleted_at",
    "suspended_by_id",
    "suspended_by_type",
    "suspended_at",
    "guid",
    "state",
]
GROUP_COLUMNS = [
    "id",
    "name",
    "description",
    "private",
    "deleted",
    "external",
    "created_at",
    "updated_at",
]
API = "https://www.yammer.com/api/v1"
ZIP_TIME = (2024, 1, 1, 0, 0, 0)  # fixed member times: the same export gives the same bytes


def _time(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S.000Z") if value else ""


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _csv(columns: list[str], rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _state(message: Message, until: datetime) -> tuple[str, datetime | None]:
    body = (
        message.body
        if not message.edited_at or message.edited_at < until
        else message.original_body
    )
    deleted = message.deleted_at if message.deleted_at and message.deleted_at < until else None
    return body, deleted


def _message_row(message: Message, until: datetime) -> dict:
    body, deleted_at = _state(message, until)
    group = message.group
    return {
        "id": message.id,
        "replied_to_id": message.replied_to_id or "",
        "parent_id": message.replied_to_id or "",
        "thread_id": message.thread_id,
        "conversation_id": "",
        "group_id": group.id if group else "",
        "group_name": group.name if group else "",
        "participants": ",".join(f"user:{p}" for p in message.participants),
        "in_private_group": _bool(bool(group and group.private)),
        "in_private_conversation": _bool(message.private_conversation),
        "sender_id": message.sender.id,
        "sender_type": "User",
        "sender_name": message.sender.name,
        "sender_email": message.sender.email,
        "body": body,
        "delegate_id": "",
        "api_url": f"{API}/messages/{message.id}",
        "attachments": message.attachments,
        "deleted_by_id": message.sender.id if deleted_at else "",
        "deleted_by_type": "User" if deleted_at else "",
        "created_at": _time(message.created_at),
        "deleted_at": _time(deleted_at),
        "title": "",
        "html_body": f"<p>{body}</p>",
        "message_type": "update",
        "gdpr_delete_url": f"https://www.yammer.com/messages/{message.thread_id}/hard_delete_confirmation",
    }


def _user_row(member: Member, until: datetime) -> dict:
    suspended = member.suspended_at if member.suspended_at and member.suspended_at < until else None
    return {
        "id": member.id,
        "name": member.name,
        "email": member.email,
        "job_title": member.job_title,
        "location": member.location,
        "department": member.department,
        "api_url": f"{API}/users/{member.id}",
        "deleted_by_id": "",
        "deleted_by_type": "",
        "joined_at": _time(member.joined_at),
        "deleted_at": "",
        "suspended_by_id": FIRST_ADMIN if suspended else "",
        "suspended_by_type": "User" if suspended else "",
        "suspended_at": _time(suspended),
        "guid": "",
        "state": "soft_delete" if suspended else "active",
    }


FIRST_ADMIN = "1558120000"


def _in_range(message: Message, since: datetime, until: datetime) -> bool:
    changes = [message.created_at, message.edited_at, message.deleted_at]
    return message.created_at < until and any(t and since <= t < until for t in changes)


def build_export(org: Organisation, since: datetime, until: datetime) -> bytes:
    members = {
        "Networks.csv": _csv(
            ["id", "url", "name", "permalink"],
            [{**NETWORK, "url": f"https://www.yammer.com/{NETWORK['permalink']}"}],
        ),
        "Users.csv": _csv(USER_COLUMNS, [_user_row(m, until) for m in org.members]),
        "Groups.csv": _csv(
            GROUP_COLUMNS,
            [
                {
                    "id": g.id,
                    "name": g.name,
                    "description": "",
                    "private": _bool(g.private),
                    "deleted": "false",
                    "external": "false",
                    "created_at": _time(org.start - timedelta(days=400)),
                    "updated_at": "",
                }
                for g in org.groups
            ],
        ),
        "Messages.csv": _csv(
            MESSAGE_COLUMNS,
            [_message_row(m, until) for m in org.messages if _in_range(m, since, until)],
        ),
        "request.txt": (
            f"since={_time(since)}\nuntil={_time(until)}\nmodel=Message,User,Group\ninclude=csv\n"
        ).encode(),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, ZIP_TIME), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def export_ranges(org: Organisation) -> list[tuple[datetime, datetime]]:
    """Two overlapping exports: the first ten days, then day seven to the end."""
    first_until = org.start + timedelta(days=min(10, org.days))
    return [
        (org.start, first_until),
        (org.start + timedelta(days=min(7, org.days)), org.start + timedelta(days=org.days)),
    ]


def write_yammer_exports(org: Organisation, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for since, until in export_ranges(org):
        path = out_dir / f"yammer-export-{since:%Y%m%d}-{until:%Y%m%d}.zip"
        path.write_bytes(build_export(org, since, until))
        paths.append(path)
    return paths
