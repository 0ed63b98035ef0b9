"""Alembic environment: migrations run on a connection handed over by
``pipeline.archive.db.migrate`` (``config.attributes["connection"]``)."""

from alembic import context

from pipeline.archive.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata)
with context.begin_transaction():
    context.run_migrations()
