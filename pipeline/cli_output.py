"""What every command prints with: the consoles, ``--json`` and its encoder."""

import json
import sys
from datetime import datetime
from typing import Annotated

import typer
from rich.console import Console

console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def _json_default(value):
    return value.isoformat() if isinstance(value, datetime) else str(value)


def print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n")
