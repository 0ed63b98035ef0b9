"""Archivist pipeline: connectors, enrichment, archive, local services and the command line."""
