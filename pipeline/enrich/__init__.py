"""Enrichment: language detection routes each post to a spaCy pipeline that adds entities
(linked to the organisation's directory), hashtags, mentions, normalised URLs, personal data,
categories, sentiment and response triage. ``enrich_texts`` is the one entry point;
``enrich_pages`` runs it on every core."""

from pipeline.enrich.directory import Directory, build_directory, read_directory_file
from pipeline.enrich.nlp import EMPTY_DIRECTORY, enrich_texts, enricher_name, load_pipeline
from pipeline.enrich.workers import Page, enrich_pages, worker_count

__all__ = [
    "EMPTY_DIRECTORY",
    "Directory",
    "Page",
    "build_directory",
    "enrich_pages",
    "enrich_texts",
    "enricher_name",
    "load_pipeline",
    "read_directory_file",
    "worker_count",
]
