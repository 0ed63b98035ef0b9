"""What the API and browser tests share: an archive of their own with the sample organisation
captured, the application served by a real uvicorn on 127.0.0.1, and a token per role."""

import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
import uvicorn
from sqlalchemy.engine import make_url

from pipeline.api_tokens import create_token
from pipeline.archive.audit import list_events
from pipeline.archive.db import transaction
from pipeline.runs import ingest
from pipeline.services import database_urls
from pipeline.settings import Settings
from search.api import create_app
from search.visibility import ROLES
from tests.conftest import free_port


def archive_of_its_own(settings: Settings, folder: Path) -> Settings:
    """Settings with a database, index prefix, keys and tokens file nobody else uses: the
    holds these tests place must not hold other tests' posts."""
    app_url, admin_url = (make_url(u) for u in database_urls(settings))
    name = f"archivist_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    return settings.model_copy(
        update={
            "index_prefix": f"{settings.index_prefix}{uuid.uuid4().hex[:6]}-",
            "database_url": app_url.set(database=name).render_as_string(hide_password=False),
            "database_admin_url": admin_url.set(database=name).render_as_string(
                hide_password=False
            ),
            "checkpoint_dir": folder / "checkpoints",
            "signing_key_file": folder / "key.pem",
            "retention_file": folder / "retention.toml",
            "api_tokens_file": folder / "api-tokens.toml",
        }
    )


def capture_sample(settings: Settings, exports: list[Path]) -> None:
    account = f"t{uuid.uuid4().hex[:10]}"
    for path in exports:
        ingest(settings, "yammer-export", path, account=account)


def sample_world(
    session_settings: Settings, exports: list[Path], folder: Path, served: tuple[str, ...]
) -> Settings:
    """An archive of its own with the sample organisation's Yammer exports, its staff
    member's LinkedIn export and the ``served`` platforms (x-api, mastodon, rss, ...) captured
    over HTTP from the replay server, all under the account ``nordlys``."""
    from pipeline.sample import build_organisation
    from pipeline.sample.external import serve_external, write_external
    from pipeline.sample.replay import ReplayServer

    settings = archive_of_its_own(session_settings, folder)
    org = build_organisation()
    for export in exports:
        ingest(settings, "yammer-export", export, account="nordlys")
    linkedin = write_external(org, folder / "external")["linkedin-export"]
    ingest(settings, "linkedin-export", linkedin, account="nordlys")
    with ReplayServer() as replay:
        targets = serve_external(org, replay)
        for kind in served:
            ingest(settings, kind, targets[kind], account="nordlys")
    return settings


@dataclass(frozen=True)
class Site:
    url: str
    settings: Settings
    tokens: dict[str, str]  # role -> token
    users: dict[str, str]  # role -> user name

    def auth(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def audit_events(self, role: str) -> list[dict]:
        """The audit trail's events of this role's user, oldest first."""
        with transaction(self.settings) as session:
            return [
                {"action": e.action, "target": e.target, "result_count": e.result_count}
                for e in list_events(session, actor=self.users[role])
            ]


@contextmanager
def served(settings: Settings) -> Iterator[Site]:
    """The application on a free port of 127.0.0.1 until the block ends, over plain http, so
    with a login cookie that is not marked Secure."""
    users = {role: f"{role}-{uuid.uuid4().hex[:6]}" for role in ROLES}
    tokens = {role: create_token(settings, users[role], role) for role in ROLES}
    port = free_port()
    config = uvicorn.Config(
        create_app(settings.model_copy(update={"cookie_secure": False})),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="off",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the API server did not start")
        time.sleep(0.05)
    try:
        yield Site(f"http://127.0.0.1:{port}", settings, tokens, users)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
