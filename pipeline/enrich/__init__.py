"""Enrichment: language detection routes each post to a spaCy pipeline that adds entities
(linked to the organisation's directory), hashtags, mentions, normalised URLs, personal data,
categories, sentiment and response triage. ``enrich_texts`` is the one entry point."""

from pipeline.enrich.directory import Directory, build_directory, read_directory_file
from pipeline.enrich.nlp import enrich_texts, enricher_name, load_pipeline

__all__ = [
    "Directory",
    "build_directory",
    "enrich_texts",
    "enricher_name",
    "load_pipeline",
    "read_directory_file",
]
