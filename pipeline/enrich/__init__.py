"""Enrichment: spaCy pipelines that add language, hashtags, mentions and normalised URLs
to archived post versions. ``enrich_texts`` is the one entry point later stages extend."""

from pipeline.enrich.nlp import enrich_texts, enricher_name, load_pipeline

__all__ = ["enrich_texts", "enricher_name", "load_pipeline"]
