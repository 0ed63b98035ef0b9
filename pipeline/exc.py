"""Exception tree. Each error's message is one sentence a user can act on.

ArchivistError
 ├── ConfigurationError   settings are missing or contradictory
 ├── ServiceError         a local or remote service cannot be started or reached
 ├── SourceError          a source cannot be read at all (single bad records are quarantined)
 ├── ArchiveError         the archive refused or failed an operation
 ├── SearchError          the search engine refused or failed an operation
 ├── UsageError           the user's input cannot be understood (exit code 2): a query, a cursor
 ├── NotFound             the requested record does not exist
 └── Forbidden            the caller's role may not do this
"""


class ArchivistError(Exception):
    """Root of every error Archivist raises on purpose."""


class ConfigurationError(ArchivistError):
    pass


class ServiceError(ArchivistError):
    pass


class SourceError(ArchivistError):
    pass


class ArchiveError(ArchivistError):
    pass


class SearchError(ArchivistError):
    pass


class UsageError(ArchivistError):
    pass


class NotFound(ArchivistError):
    pass


class Forbidden(ArchivistError):
    pass
