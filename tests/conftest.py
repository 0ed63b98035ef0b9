"""Test harness: real services, isolated per test session.

One throwaway embedded PostgreSQL and one local Elasticsearch-API server per session (under a
temporary ARCHIVIST_HOME, on a free port), unless ARCHIVIST_DATABASE_URL /
ARCHIVIST_ELASTICSEARCH_URL point at real servers. Every test gets its own index prefix; tests
keep their posts apart by capturing under their own source account.
"""

import os
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.archive.db import dispose_engine
from pipeline.services import start_services, stop_services
from pipeline.settings import Settings

SESSION = uuid.uuid4().hex[:8]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session", autouse=True)
def session_settings(tmp_path_factory) -> Settings:
    home = tmp_path_factory.mktemp("archivist-home")
    os.environ["ARCHIVIST_HOME"] = str(home)
    os.environ["ARCHIVIST_LOCAL_ELASTICSEARCH_PORT"] = str(free_port())
    os.environ["ARCHIVIST_INDEX_PREFIX"] = f"test-{SESSION}-"
    settings = Settings()
    start_services(settings)
    yield settings
    from search.client import get_client

    es = get_client(settings)
    names = list(es.indices.get(index=f"test-{SESSION}-*", expand_wildcards="all").body)
    if names:  # wildcard deletes are refused by default (action.destructive_requires_name)
        es.indices.delete(index=",".join(names))
    stop_services(settings)


@pytest.fixture
def settings(session_settings: Settings, request) -> Settings:
    """Session services, with an index prefix of this test's own."""
    prefix = f"{session_settings.index_prefix}{uuid.uuid4().hex[:6]}-"
    return session_settings.model_copy(update={"index_prefix": prefix})


@pytest.fixture
def own_archive(settings: Settings, tmp_path) -> Iterator[Settings]:
    """Settings with an archive database, checkpoint directory and signing key of this test's
    own: for tests that tamper with the archive or act on all of it (verify, retention)."""
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    from pipeline.services import database_urls

    app_url, admin_url = (make_url(u) for u in database_urls(settings))
    name = f"archivist_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    own = settings.model_copy(
        update={
            "database_url": app_url.set(database=name).render_as_string(hide_password=False),
            "database_admin_url": admin_url.set(database=name).render_as_string(
                hide_password=False
            ),
            "checkpoint_dir": tmp_path / "checkpoints",
            "signing_key_file": tmp_path / "key.pem",
            "retention_file": tmp_path / "retention.toml",
        }
    )
    yield own
    dispose_engine(own)


def settings_env(settings: Settings) -> dict[str, str]:
    """The environment that gives a CLI process these settings."""
    names = ("database_url", "database_admin_url", "checkpoint_dir", "signing_key_file")
    env = {f"ARCHIVIST_{n.upper()}": str(getattr(settings, n)) for n in names}
    env["ARCHIVIST_RETENTION_FILE"] = str(settings.retention_path)
    env["ARCHIVIST_INDEX_PREFIX"] = settings.index_prefix
    return env


@pytest.fixture
def account() -> str:
    """A source account of this test's own, so its posts are apart from every other test's."""
    return f"t{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="session")
def sample_exports(tmp_path_factory) -> list[Path]:
    from pipeline.sample import build_organisation, write_yammer_exports

    return write_yammer_exports(build_organisation(), tmp_path_factory.mktemp("sample"))


def run_cli(
    *args: str,
    settings: Settings | None = None,
    stdin: str | None = None,
    env: dict | None = None,
    wrapper: list[str] | None = None,
) -> subprocess.CompletedProcess:
    """Run the installed ``archivist`` command as a user would (under ``wrapper``, a command
    such as setpriv that runs it with fewer rights, when given)."""
    env = {**os.environ, **(env or {})}
    if settings is not None:
        env["ARCHIVIST_INDEX_PREFIX"] = settings.index_prefix
    return subprocess.run(
        [*(wrapper or []), str(Path(sys.executable).parent / "archivist"), *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=600,
    )
