"""The one typed settings object.

Every value comes from an ``ARCHIVIST_*`` environment variable or from an optional
``archivist.env`` file in the working directory. Unset URLs mean "use the local
embedded services under ``ARCHIVIST_HOME``"; set URLs mean production servers and
nothing local is started.
"""

from functools import cached_property
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ARCHIVIST_", env_file="archivist.env", extra="ignore", frozen=True
    )

    home: Path = Field(
        default=Path.home() / ".archivist",
        description="Where local data lives: embedded PostgreSQL, the local search server, "
        "raw captures, Airflow's home.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of a PostgreSQL 15+ database "
        "(postgresql+psycopg2://user:pass@host/db). Unset: the embedded PostgreSQL.",
    )
    elasticsearch_url: str | None = Field(
        default=None,
        description="URL of an Elasticsearch 8.x or 9.x cluster. Unset: the local "
        "Elasticsearch-API server.",
    )
    elasticsearch_api_key: SecretStr | None = Field(
        default=None, description="API key for the Elasticsearch cluster (base64 'id:key')."
    )
    index_prefix: str = Field(
        default="archivist-",
        pattern=r"^[a-z0-9][a-z0-9_.-]*$",
        description="Prefix of every index and alias name, so that several installations "
        "or test runs can share one cluster.",
    )
    local_elasticsearch_port: int = Field(
        default=9200, description="Port of the local Elasticsearch-API server."
    )
    raw_store: Path | None = Field(
        default=None,
        description="Directory of captured raw payloads, content-addressed by SHA-256. "
        "Unset: $ARCHIVIST_HOME/raw.",
    )
    max_field_bytes: int = Field(
        default=1_000_000,
        description="Largest single CSV field accepted from an export; a longer one "
        "quarantines its row.",
    )
    batch_size: int = Field(
        default=1000, description="Posts per database transaction and bulk request."
    )

    @cached_property
    def raw_dir(self) -> Path:
        return self.raw_store or self.home / "raw"

    @property
    def uses_local_database(self) -> bool:
        return self.database_url is None

    @property
    def uses_local_search(self) -> bool:
        return self.elasticsearch_url is None


def get_settings() -> Settings:
    """Read the settings afresh (cheap); callers pass the object down, nothing caches it."""
    return Settings()


def settings_reference() -> str:
    """The configuration reference as a Markdown table, generated from ``Settings`` (the
    operator's guide embeds it; a test keeps the two equal)."""
    rows = ["| variable | default | meaning |", "| --- | --- | --- |"]
    for name, field in Settings.model_fields.items():
        default = field.default
        shown = "unset" if default is None else str(default).replace(str(Path.home()), "~")
        rows.append(f"| `ARCHIVIST_{name.upper()}` | `{shown}` | {field.description} |")
    return "\n".join(rows)
