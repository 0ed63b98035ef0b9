"""What every command prints with: the consoles, ``--json`` and its encoder."""

import json
import sys
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.console import Console

console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
RoleOption = Annotated[
    str, typer.Option(help="analyst, legal, pr, recruitment or admin: what you may see, audited.")
]
DateOption = typer.Option(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S"])


def utc(value: datetime | None) -> datetime | None:
    """A date given without a zone is UTC."""
    return value.replace(tzinfo=UTC) if value and value.tzinfo is None else value


def _json_default(value):
    return value.isoformat() if isinstance(value, datetime) else str(value)


def print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n")
