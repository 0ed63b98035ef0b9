"""Local services: an embedded PostgreSQL (pgserver) and a local Elasticsearch-API server
(noida-db), both keeping their data under ``$ARCHIVIST_HOME``.

With ``ARCHIVIST_DATABASE_URL`` / ``ARCHIVIST_ELASTICSEARCH_URL`` set, nothing here starts
anything: the configured servers are used as they are.
"""

import json
import logging
import os
import socket
import subprocess
import urllib.request
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from pipeline.exc import ServiceError
from pipeline.settings import Settings

log = logging.getLogger(__name__)

DATABASE_NAME = "archivist"
APP_ROLE = "archivist_app"  # the embedded server's login for the application (archivist_writer)
AIRFLOW_DATABASE_NAME = "airflow"
LOCAL_SEARCH_MARKER = "noida-local"


@dataclass(frozen=True)
class ServiceStatus:
    name: str
    running: bool
    url: str
    local: bool
    detail: str = ""


# --- PostgreSQL -------------------------------------------------------------------------


def _pgdata(settings: Settings) -> Path:
    return settings.home / "postgres"


def _start_local_postgres(settings: Settings):
    import pgserver

    settings.home.mkdir(parents=True, exist_ok=True)
    try:
        # cleanup_mode=None: the server outlives this process; `services down` stops it.
        return pgserver.get_server(_pgdata(settings), cleanup_mode=None)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, AssertionError) as exc:
        logfile = _pgdata(settings) / "log"
        raise ServiceError(
            f"the embedded PostgreSQL under {_pgdata(settings)} did not start; see {logfile}"
        ) from exc


def _socket_url(
    server, database: str, driver: str = "postgresql+psycopg2", user: str = "postgres"
) -> str:
    info = server.get_postmaster_info()
    return f"{driver}://{user}@/{database}?host={info.socket_dir}"


def _ensure_database(server, name: str) -> None:
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}';")
    if "(1 row)" not in exists:
        server.psql(f'CREATE DATABASE "{name}";')


def database_urls(settings: Settings) -> tuple[str, str]:
    """The archive's SQLAlchemy URLs (application role, owning role), starting the embedded
    PostgreSQL when none is configured. Locally the owner is the server's superuser and the
    application logs in as ``archivist_app``, a member of ``archivist_writer`` that may only
    read and append to the records (the migrations grant that role its rights)."""
    if settings.database_url:
        return settings.database_url, settings.database_admin_url or settings.database_url
    pgdata = _pgdata(settings)
    if pgdata not in _local_urls:
        server = _start_local_postgres(settings)
        _ensure_database(server, DATABASE_NAME)
        _ensure_app_role(server)
        _local_urls[pgdata] = (
            _socket_url(server, DATABASE_NAME, user=APP_ROLE),
            _socket_url(server, DATABASE_NAME),
        )
    return _local_urls[pgdata]


# The embedded server's URLs once it has been started and prepared in this process: asking
# again on every transaction would run psql twice each time. The socket lives in the data
# directory, so the URLs stay right across a restart of the server.
_local_urls: dict[Path, tuple[str, str]] = {}


def _ensure_app_role(server) -> None:
    server.psql(
        "DO $$ BEGIN\n"
        "  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'archivist_writer') THEN\n"
        "    CREATE ROLE archivist_writer NOLOGIN;\n"
        "  END IF;\n"
        f"  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN\n"
        f"    CREATE ROLE {APP_ROLE} LOGIN IN ROLE archivist_writer;\n"
        "  END IF;\n"
        "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;\n"
        "END $$;"
    )


def airflow_database_urls(settings: Settings) -> tuple[str, str]:
    """Sync and async SQLAlchemy URLs of Airflow's metadata database (embedded PostgreSQL)."""
    server = _start_local_postgres(settings)
    _ensure_database(server, AIRFLOW_DATABASE_NAME)
    return (
        _socket_url(server, AIRFLOW_DATABASE_NAME),
        _socket_url(server, AIRFLOW_DATABASE_NAME, driver="postgresql+asyncpg"),
    )


def _postgres_status(settings: Settings) -> ServiceStatus:
    if settings.database_url:
        return ServiceStatus("postgresql", True, _redact(settings.database_url), local=False)
    from pgserver.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(_pgdata(settings))
    running = info is not None and info.is_running()
    url = f"postgresql://postgres@/{DATABASE_NAME}?host={info.socket_dir}" if running else ""
    return ServiceStatus("postgresql", running, url, local=True, detail=str(_pgdata(settings)))


def _stop_local_postgres(settings: Settings) -> bool:
    from pgserver import _commands
    from pgserver.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(_pgdata(settings))
    if info is None or not info.is_running():
        return False
    user = "pgserver" if os.geteuid() == 0 else None
    _commands.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=_pgdata(settings), user=user)
    _local_urls.pop(_pgdata(settings), None)
    return True


# --- Elasticsearch-API server -----------------------------------------------------------


def _search_dir(settings: Settings) -> Path:
    return settings.home / "search"


def _noida_binary() -> str:
    binary = files("noida_db").joinpath("noida-db")
    os.chmod(str(binary), 0o755)
    return str(binary)


def _noida(settings: Settings, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [_noida_binary(), *args, "--data-dir", str(_search_dir(settings))],
        capture_output=True,
        text=True,
        timeout=60,
    )


def _probe(url: str) -> dict | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return json.load(response)
    except (OSError, ValueError):
        return None


def _port_in_use(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _local_search_url(settings: Settings) -> str:
    return f"http://127.0.0.1:{settings.local_elasticsearch_port}"


def _ours_running(settings: Settings) -> bool:
    control = _search_dir(settings) / "noida.control.json"
    if not control.exists():
        return False
    info = _probe(_local_search_url(settings))
    return bool(info) and info.get("cluster_uuid") == LOCAL_SEARCH_MARKER


def search_url(settings: Settings) -> str:
    """The search engine's URL, starting the local Elasticsearch-API server when none is set."""
    if settings.elasticsearch_url:
        return settings.elasticsearch_url
    url = _local_search_url(settings)
    if _ours_running(settings):
        return url
    port = settings.local_elasticsearch_port
    if _port_in_use(port):
        raise ServiceError(
            f"port {port} is taken by another program; stop it or set "
            "ARCHIVIST_LOCAL_ELASTICSEARCH_PORT to a free port"
        )
    _search_dir(settings).mkdir(parents=True, exist_ok=True)
    done = _noida(settings, "up", "--only", "elasticsearch", "--elasticsearch-port", str(port))
    if done.returncode != 0 or not _probe(url):
        raise ServiceError(
            f"the local Elasticsearch-API server did not start on port {port}; "
            f"see {_search_dir(settings) / 'noida.log'}"
        )
    return url


def _search_status(settings: Settings) -> ServiceStatus:
    if settings.elasticsearch_url:
        return ServiceStatus("elasticsearch", True, settings.elasticsearch_url, local=False)
    running = _ours_running(settings)
    url = _local_search_url(settings) if running else ""
    return ServiceStatus(
        "elasticsearch", running, url, local=True, detail=str(_search_dir(settings))
    )


def _stop_local_search(settings: Settings) -> bool:
    if not (_search_dir(settings) / "noida.control.json").exists():
        return False
    return _noida(settings, "down").returncode == 0


# --- all services -----------------------------------------------------------------------


def start_services(settings: Settings) -> list[ServiceStatus]:
    """Start whatever local service the settings call for; report every service."""
    database_urls(settings)
    search_url(settings)
    return services_status(settings)


def services_status(settings: Settings) -> list[ServiceStatus]:
    return [_postgres_status(settings), _search_status(settings)]


def stop_services(settings: Settings) -> list[str]:
    """Stop the local services this installation started; returns the names stopped."""
    stopped = []
    if settings.uses_local_database and _stop_local_postgres(settings):
        stopped.append("postgresql")
    if settings.uses_local_search and _stop_local_search(settings):
        stopped.append("elasticsearch")
    return stopped


def _redact(url: str) -> str:
    """Hide a password in a URL so it can be shown."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
