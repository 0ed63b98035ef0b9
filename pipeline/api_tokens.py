"""API tokens: each one stands for a user in a role.

The tokens file (``ARCHIVIST_API_TOKENS_FILE``, a TOML file) keeps only the SHA-256 of each
token, so reading the file does not give anyone a token::

    [tokens.3f1c…]            # sha256(token), hex
    user = "anna"
    role = "legal"
    created_at = "2026-12-01T09:00:00+00:00"
"""

import hashlib
import json
import os
import secrets
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pipeline.exc import ConfigurationError
from pipeline.settings import Settings
from search.visibility import check_role


@dataclass(frozen=True)
class Caller:
    """Who a token says is calling."""

    user: str
    role: str


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(settings: Settings, user: str, role: str) -> str:
    """A new token for ``user`` in ``role``; only its hash is stored, so it is shown once."""
    if not user.strip():
        raise ConfigurationError("a token needs the name of the user it is for")
    role = check_role(role)
    token = secrets.token_urlsafe(32)
    entry = (
        f"\n[tokens.{token_digest(token)}]\nuser = {json.dumps(user.strip(), ensure_ascii=False)}"
        f'\nrole = "{role}"\ncreated_at = "{datetime.now(UTC).isoformat()}"\n'
    )
    _append(settings.api_tokens_path, entry)
    return token


def _append(path: Path, entry: str) -> None:
    """Add to the tokens file, readable by its owner only, replaced in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    current = path.read_text() if path.exists() else "# sha256(token) -> user and role\n"
    partial = path.with_name(path.name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(current + entry)
    partial.replace(path)


class TokenBook:
    """The tokens file, read again whenever it changes on disk."""

    def __init__(self, path: Path):
        self.path = path
        self._stamp: int | None = None
        self._callers: dict[str, Caller] = {}

    def caller(self, token: str) -> Caller | None:
        """Who ``token`` stands for; None for an unknown token."""
        self._refresh()
        return self._callers.get(token_digest(token))

    def _refresh(self) -> None:
        try:
            stamp = self.path.stat().st_mtime_ns
        except FileNotFoundError:
            self._stamp, self._callers = None, {}
            return
        if stamp != self._stamp:
            self._callers = read_tokens(self.path)
            self._stamp = stamp


def read_tokens(path: Path) -> dict[str, Caller]:
    """Token hash -> caller, from the tokens file."""
    try:
        entries = tomllib.loads(path.read_text()).get("tokens", {})
        return {digest: Caller(e["user"], check_role(e["role"])) for digest, e in entries.items()}
    except (tomllib.TOMLDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigurationError(f"the API tokens file {path} cannot be read: {exc}") from exc
