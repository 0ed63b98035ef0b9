"""Engine, sessions and migrations of the archive database."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.resources import files
from typing import Any, TypeVar

import orjson
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.orm import Session
from tenacity import Retrying, retry_if_exception, stop_after_delay, wait_exponential

from pipeline.exc import ServiceError
from pipeline.services import database_urls
from pipeline.settings import Settings

MIGRATION_LOCK = 4_179_331_001  # pg_advisory_lock key: one migrator at a time
T = TypeVar("T")
RECONNECT_SECONDS = 120  # a restart, or a managed database's failover, takes well under this


def alembic_config() -> Config:
    return Config(str(files("pipeline.archive").joinpath("alembic.ini")))


def migrate(engine: sa.Engine) -> None:
    """Bring the schema to the latest revision (idempotent, safe with concurrent callers)."""
    with engine.begin() as connection:
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


_engines: dict[tuple[str, str], sa.Engine] = {}


def _engine_for(url: str, admin_url: str) -> sa.Engine:
    """The application's engine; the schema is first migrated by the owning role."""
    try:
        admin = sa.create_engine(admin_url, poolclass=sa.pool.NullPool)
        migrate(admin)
        engine = sa.create_engine(url, pool_pre_ping=True, json_deserializer=orjson.loads)
        with engine.connect():
            pass
    except sa.exc.OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0]
        raise ServiceError(f"cannot reach the archive database: {reason}") from exc
    return engine


def get_engine(settings: Settings) -> sa.Engine:
    """The archive's engine, migrated, one per archive and process; starts the embedded
    PostgreSQL when none is configured."""
    urls = database_urls(settings)
    if urls not in _engines:
        _engines[urls] = _engine_for(*urls)
    return _engines[urls]


def dispose_engine(settings: Settings) -> None:
    """Close this archive's pooled connections: a process that opens many archives (the test
    suite gives many tests one of their own) would otherwise keep each one's pool open."""
    engine = _engines.pop(database_urls(settings), None)
    if engine is not None:
        engine.dispose()


@contextmanager
def transaction(settings: Settings) -> Iterator[Session]:
    """One unit of work: committed when the block ends, rolled back on any error. Objects read
    inside stay usable after it (no expiry on commit)."""
    with Session(get_engine(settings), expire_on_commit=False) as session, session.begin():
        yield session


def database_answers(settings: Settings) -> bool:
    """Whether the archive database takes a query now (a readiness check; asks nothing else)."""
    try:
        with get_engine(settings).connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except (sa.exc.SQLAlchemyError, ServiceError):
        return False
    return True


def connection_lost(exc: BaseException) -> bool:
    """The database went away under the transaction (a restart, a failover, a dropped
    connection) or could not be reached for a moment: the work was rolled back, or was
    committed without our hearing of it."""
    if isinstance(exc, sa.exc.DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, sa.exc.OperationalError | sa.exc.InterfaceError)


def repeatable_transaction(
    settings: Settings, work: Callable[..., T], *args: Any, **kwargs: Any
) -> T:
    """``work(session, *args, **kwargs)`` in one transaction; when the connection is lost it
    runs again, in a new transaction on a new connection, for up to RECONNECT_SECONDS. Only
    for work that may run twice: appending versions that are already archived adds nothing
    (they are matched by content), so a batch whose commit we never heard of is safe to
    repeat."""
    for attempt in Retrying(
        retry=retry_if_exception(connection_lost),
        stop=stop_after_delay(RECONNECT_SECONDS),
        wait=wait_exponential(multiplier=0.25, max=4),
        reraise=True,
    ):
        with attempt, transaction(settings) as session:
            return work(session, *args, **kwargs)
    raise AssertionError("unreachable: tenacity re-raises the last error")
