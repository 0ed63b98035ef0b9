"""A person as a source knows them (a staff member on Yammer, an account on X, ...)."""

from datetime import datetime
from typing import Annotated

from schemas.fields import CanonicalModel, Index


class Person(CanonicalModel):
    id: str  # "<source key>:user:<native id>"
    source: str
    native_id: str
    name: str
    handle: str | None = None
    email: str | None = None
    job_title: str | None = None
    department: str | None = None
    location: str | None = None
    state: str | None = None  # active, suspended, deleted (platform specific values kept)
    joined_at: datetime | None = None
    profile_url: Annotated[str | None, Index.NONE] = None

    @staticmethod
    def make_id(source: str, native_id: str) -> str:
        return f"{source}:user:{native_id}"
