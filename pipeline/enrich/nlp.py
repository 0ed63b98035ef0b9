"""Loading the enrichment pipeline (once per process, lazily) and running it in batches."""

from collections.abc import Iterable, Iterator
from functools import cache
from importlib.resources import files

import spacy
from spacy.language import Language

from pipeline.enrich import components
from schemas import Enrichment
from schemas.canonical import sha256_hex

PIPELINE_NAME = "social"
PIPELINE_VERSION = "1.0.0"


def _config_text() -> str:
    return files("pipeline.enrich").joinpath("configs", f"{PIPELINE_NAME}.cfg").read_text()


@cache
def enricher_name() -> str:
    """Name, version and config hash: a changed config or component is a new enricher."""
    versions = ",".join(f"{k}={v}" for k, v in sorted(components.COMPONENT_VERSIONS.items()))
    digest = sha256_hex((_config_text() + versions).encode())[:8]
    return f"{PIPELINE_NAME}@{PIPELINE_VERSION}+{digest}"


@cache
def load_pipeline() -> Language:
    config = spacy.util.load_config_from_str(_config_text())
    nlp = spacy.util.load_model_from_config(config, auto_fill=True)
    nlp.meta.update({"name": PIPELINE_NAME, "version": PIPELINE_VERSION})
    return nlp


def enrich_texts(
    items: Iterable[tuple[int, str]], batch_size: int = 256
) -> Iterator[tuple[int, Enrichment]]:
    """(key, text) pairs in, (key, Enrichment) pairs out, in the same order."""
    nlp = load_pipeline()
    name = enricher_name()
    pairs = ((text, key) for key, text in items)
    for doc, key in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield (
            key,
            Enrichment(
                enricher=name,
                language=doc._.language,
                language_confidence=doc._.language_confidence,
                hashtags=doc._.hashtags,
                mentions=doc._.mentions,
                urls=doc._.urls,
            ),
        )
