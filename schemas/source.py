"""Where posts come from: a platform account captured by one kind of connector."""

import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator


class SourceKind(StrEnum):
    """The connector that captured a record."""

    YAMMER_API = "yammer-api"
    YAMMER_EXPORT = "yammer-export"
    X_API = "x-api"
    X_ARCHIVE = "x-archive"
    MASTODON = "mastodon"
    RSS = "rss"
    LINKEDIN_EXPORT = "linkedin-export"
    FACEBOOK_PAGE = "facebook-page"


SOURCE_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9._-]*$")


class Source(BaseModel):
    """A platform account, e.g. the Yammer network ``contoso`` → key ``yammer.contoso``.

    Connectors of different kinds for the same platform account (the Yammer REST API and the
    Yammer data export) share one source, so their versions of a message are one history.
    """

    model_config = ConfigDict(frozen=True)

    key: str = Field(description="platform.account, lower case; the prefix of every post id")
    platform: str
    account: str
    name: str = ""

    @field_validator("key")
    @classmethod
    def _key_shape(cls, value: str) -> str:
        if not SOURCE_KEY.match(value):
            raise ValueError(f"source key {value!r} is not of the form platform.account")
        return value

    @classmethod
    def of(cls, platform: str, account: str, name: str = "") -> "Source":
        account_slug = re.sub(r"[^a-z0-9._-]+", "-", account.lower()).strip("-") or "default"
        return cls(key=f"{platform}.{account_slug}", platform=platform, account=account, name=name)
