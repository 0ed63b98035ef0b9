"""Running the enrichment: detect each post's language, send it to that language's spaCy
pipeline (loaded once per process, lazily), and turn the annotated docs into records.

Pipelines: Dutch and Norwegian Bokmål on blank pipelines with lookup lemmas
(``configs/lookup.cfg``); English with the trained ``en_core_web_sm`` entity recogniser
(``configs/en.cfg``) or, when that package is not installed, like Dutch; every other
language on the multi-language tokenizer (``configs/blank.cfg``). All of them share the
directory ruler, the personal-data and social-token components and the trained classifier.
"""

import importlib.metadata
import importlib.util
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import nullcontext
from functools import cache
from importlib.resources import files
from pathlib import Path
from weakref import WeakKeyDictionary

import spacy
from spacy.language import Language
from spacy.lookups import load_lookups
from spacy.tokens import Doc
from spacy.util import minibatch

from pipeline.enrich import components, features  # noqa: F401  (features: the classifier's model)
from pipeline.enrich.directory import Directory, DirectoryFile, build_directory
from pipeline.enrich.language import Detected, detect_languages
from pipeline.enrich.triage import triage
from pipeline.settings import get_settings
from schemas import Category, Enrichment, Entity, EntityLabel, PersonalData, Sentiment
from schemas.canonical import sha256_hex

PIPELINE_NAME = "social"
PIPELINE_VERSION = "2.0.0"
CLASSIFIER = "archivist_classifier-1.1.0"
MAX_CHARS = 200_000  # a longer "post" is a document: only its start is analysed
ENTITY_LABELS = {
    "PERSON": EntityLabel.PERSON,
    "ORG": EntityLabel.ORG,
    "GPE": EntityLabel.PLACE,
    "LOC": EntityLabel.PLACE,
    "FAC": EntityLabel.PLACE,
    "PRODUCT": EntityLabel.PRODUCT,
    **{label.value: label for label in EntityLabel},
}


@cache
def english_model() -> str | None:
    """The configured trained English pipeline, when it is installed."""
    name = get_settings().english_model
    return name if name and importlib.util.find_spec(name) is not None else None


PIPELINE_KEYS = ("nl", "nb", "en", "xx")


def pipeline_key(language: str | None) -> str:
    """Which pipeline a post in this language goes to: nl, nb, en or xx."""
    return language if language in PIPELINE_KEYS[:3] else "xx"


def _config_file(key: str) -> str:
    if key == "xx":
        return "blank.cfg"
    return "en.cfg" if key == "en" and english_model() else "lookup.cfg"


def has_lemmatizer(key: str) -> bool:
    """Whether the pipeline for ``key`` sets lemmas (the lookup pipelines do)."""
    return _config_file(key) == "lookup.cfg"


def _config_text(name: str) -> str:
    return files("pipeline.enrich").joinpath("configs", name).read_text()


def classifier_path() -> Path:
    return Path(str(files("pipeline.enrich").joinpath("models", CLASSIFIER)))


@cache
def models() -> dict[str, str]:
    """The trained artefacts every enrichment record names."""
    found = {"classifier": CLASSIFIER}
    if english := english_model():
        found["english"] = f"{english}-{importlib.metadata.version(english)}"
    return found


CODE_MODULES = ("components", "directory", "features", "language", "nlp", "pii", "triage", "urls")


@cache
def _enricher_digest() -> str:
    """A hash of the configs, the component versions, the models and the code of the
    enrichment: a change in any of them makes a new enricher."""
    parts = [_config_text(name) for name in ("lookup.cfg", "en.cfg", "blank.cfg")]
    parts += [f"{k}={v}" for k, v in sorted(components.COMPONENT_VERSIONS.items())]
    parts += [f"{k}={v}" for k, v in sorted(models().items())]
    parts += [files("pipeline.enrich").joinpath(f"{m}.py").read_text() for m in CODE_MODULES]
    return sha256_hex("\n".join(parts).encode())[:8]


def enricher_name(directory: Directory) -> str:
    """Name, version, the enricher's digest and the directory's: re-enrichment adds records
    beside the old ones after a model or code upgrade and after the directory changed
    (someone joined, a product was added), so old posts link to the new entries."""
    return f"{PIPELINE_NAME}@{PIPELINE_VERSION}+{_enricher_digest()}.{directory.digest[:8]}"


@cache
def _classifier() -> Language:
    return spacy.load(classifier_path())


@cache
def thresholds() -> dict[str, float]:
    """Decision thresholds tuned on the dev families when the classifier was trained."""
    return _classifier().meta["thresholds"]


_loaded: dict[tuple[str, str], Language] = {}
WARM_UP_POSTS = 10_000
_warmed: WeakKeyDictionary[Language, int] = WeakKeyDictionary()  # posts run outside a zone


def _zone(nlp: Language, posts: int):
    """``nlp.memory_zone()``, once the pipeline has seen its first ``WARM_UP_POSTS`` posts.

    Inside a memory zone every word the vocabulary does not know yet becomes a lexeme that
    is built (a dozen lexical attributes, in Python) and freed again with the zone, batch
    after batch: on Dutch posts that halves the pipeline's speed. So the first posts a
    pipeline sees run outside a zone and their words stay: the organisation's common words,
    a few tens of thousands of lexemes, a few MB. Every later batch runs in a zone, so a
    long run still does not grow."""
    done = _warmed.get(nlp, 0)
    if done >= WARM_UP_POSTS:
        return nlp.memory_zone()
    _warmed[nlp] = done + posts
    return nullcontext()


def load_pipeline(key: str, directory: Directory) -> Language:
    """The pipeline for ``key`` with ``directory``'s patterns, built once per process; a new
    directory (someone joined) replaces the pipelines built with the old one."""
    if (key, directory.digest) not in _loaded:
        if any(digest != directory.digest for _, digest in _loaded):
            _loaded.clear()
        _loaded[key, directory.digest] = _build_pipeline(key, directory)
    return _loaded[key, directory.digest]


def _build_pipeline(key: str, directory: Directory) -> Language:
    name = _config_file(key)
    overrides = {}
    if name == "lookup.cfg":
        overrides["nlp.lang"] = key
    if name == "en.cfg":
        overrides["paths.english"] = english_model()
    config = spacy.util.load_config_from_str(_config_text(name), overrides=overrides)
    nlp = spacy.util.load_model_from_config(config, auto_fill=True)
    if "lemmatizer" in nlp.pipe_names:
        initialize_lemmatizer(nlp)
    any_case, exact = directory.patterns()
    nlp.get_pipe("directory").add_patterns(any_case)
    nlp.get_pipe("directory_exact").add_patterns(exact)
    classifier = _classifier()
    for component in classifier.pipe_names:  # categories, sentiment, triage
        nlp.add_pipe(component, source=classifier)
    nlp.max_length = MAX_CHARS
    nlp.meta.update({"name": f"{PIPELINE_NAME}_{key}", "version": PIPELINE_VERSION})
    return nlp


def initialize_lemmatizer(nlp: Language) -> None:
    """Load the lookup lemmatizer's table from ``spacy-lookups-data``."""
    tables = load_lookups(nlp.lang, ["lemma_lookup"])
    nlp.get_pipe("lemmatizer").initialize(lookups=tables)


EMPTY_DIRECTORY = build_directory(DirectoryFile(), [])


def enrich_texts(
    items: Iterable[tuple[int, str]],
    directory: Directory | None = None,
    batch_size: int = 1000,
    internal: Collection = (),
    languages: Mapping[int, Detected] | None = None,
) -> Iterator[tuple[int, Enrichment]]:
    """(key, text) pairs in, (key, Enrichment) pairs out, in the same order.

    Each batch is detected, split by language and run through ``nlp.pipe`` inside
    ``nlp.memory_zone()`` (see ``_zone``), so the strings a long run adds are freed batch
    by batch. Posts
    whose key is in ``internal`` get no response triage: triage is for the outside world's
    reactions, not for colleagues. ``languages`` (key → ``detect_language`` result) skips
    the detection for posts whose language is known.
    """
    directory = directory or EMPTY_DIRECTORY
    for batch in minibatch(items, size=batch_size):
        texts = [text[:MAX_CHARS] for _, text in batch]
        if languages is None:
            detected = detect_languages(texts)
        else:
            detected = [languages[key] for key, _ in batch]
        results: list[Enrichment | None] = [None] * len(batch)
        for key in PIPELINE_KEYS:
            members = [i for i, (lang, _) in enumerate(detected) if pipeline_key(lang) == key]
            if not members:
                continue
            nlp = load_pipeline(key, directory)
            used = _models_used(key, directory)
            with _zone(nlp, len(members)):
                pairs = ((texts[i], i) for i in members)
                for doc, i in nlp.pipe(pairs, as_tuples=True):
                    external = batch[i][0] not in internal
                    results[i] = _record(doc, detected[i], directory, used, external)
        for (key, _), enrichment in zip(batch, results, strict=True):
            yield key, enrichment


def detect_for_enrichment(texts: list[str]) -> list[Detected]:
    """The languages ``enrich_texts`` would detect for these texts."""
    return detect_languages([text[:MAX_CHARS] for text in texts])


def _models_used(key: str, directory: Directory) -> dict[str, str]:
    """What one record names: its pipeline, the classifier, the English model where it
    ran, and the directory it linked against."""
    used = {"pipeline": f"{key}:{_config_file(key)}", "classifier": CLASSIFIER}
    if _config_file(key) == "en.cfg":
        used["english"] = models()["english"]
    return {**used, "directory": directory.digest}


def _sentiment(doc: Doc) -> Sentiment | None:
    """None for a post without words (empty, emoji, punctuation): there is nothing to read
    a sentiment from, and a classifier's guess over no features is noise."""
    if not any(c.isalpha() for c in doc.text):
        return None
    return max(Sentiment, key=lambda s: doc.cats.get(s.value, 0.0))


def _record(
    doc: Doc, language, directory: Directory, used: dict[str, str], external: bool
) -> Enrichment:
    cats = doc.cats
    entities = [
        Entity(
            text=ent.text,
            label=ENTITY_LABELS[ent.label_],
            start=ent.start_char,
            end=ent.end_char,
            id=ent.ent_id_ or None,
        )
        for ent in doc.ents
        if ent.label_ in ENTITY_LABELS
    ]
    mentions = doc._.mentions
    return Enrichment(
        enricher=enricher_name(directory),
        models=used,
        language=language[0],
        language_confidence=language[1],
        entities=entities,
        hashtags=doc._.hashtags,
        mentions=mentions,
        mentioned_people=[p for p in (directory.person_for(m) for m in mentions) if p],
        urls=doc._.urls,
        pii=[PersonalData(kind=p.kind, value=p.value, start=p.start, end=p.end) for p in doc._.pii],
        categories={c: round(cats.get(c.value, 0.0), 4) for c in Category},
        labels=[c for c in Category if cats.get(c.value, 0.0) >= thresholds()[c.value]],
        sentiment=_sentiment(doc),
        triage=triage(doc.text, cats, entities, thresholds()["triage"]) if external else None,
    )
