"""The archive: PostgreSQL is the record. The only package that talks SQL."""
