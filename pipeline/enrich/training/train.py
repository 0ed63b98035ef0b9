"""``archivist train``: the corpus, three ``spacy train`` runs and one versioned classifier.

1. The corpus is generated from the template families and written to ``corpus.jsonl``.
2. For each task (categories, sentiment, triage) the training families are split again into
   train and dev (model selection); the held-out test families are never seen.
3. ``spacy train`` runs ``configs/textcat.cfg`` per task with a fixed seed.
4. The three best models become the components ``categories``, ``sentiment`` and ``triage``
   of one pipeline saved as ``pipeline/enrich/models/archivist_classifier-<version>``, the
   name the enrichment loads.
"""

import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import spacy
from spacy.cli.train import train as spacy_train
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from pipeline.enrich.nlp import CLASSIFIER, classifier_path, has_lemmatizer, initialize_lemmatizer
from pipeline.enrich.training import corpus
from pipeline.enrich.triage import NO_TRIAGE, TRIAGE_LABELS

CONFIG = Path(__file__).parent / "configs" / "textcat.cfg"
CORPUS_FILE = Path(__file__).parent / "corpus.jsonl"
DEV_FRACTION = 0.15
SEED = 20261125


@dataclass(frozen=True)
class Task:
    name: str
    multilabel: bool
    cats: Callable[[corpus.Example], dict[str, float]]


def _one_hot(labels: tuple[str, ...], value: str) -> dict[str, float]:
    return {label: float(label == value) for label in labels}


def _categories(ex: corpus.Example) -> dict[str, float]:
    return {c: float(v) for c, v in ex.cats.items()}


def _sentiment(ex: corpus.Example) -> dict[str, float]:
    return _one_hot(corpus.SENTIMENTS, ex.sentiment)


def _triage(ex: corpus.Example) -> dict[str, float]:
    return _one_hot(TRIAGE_LABELS, ex.triage or NO_TRIAGE)


TASKS = (
    Task("categories", True, _categories),
    Task("sentiment", False, _sentiment),
    Task("triage", False, _triage),
)


def _is_dev(family: str) -> bool:
    digest = hashlib.sha256(f"dev:{family}".encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < DEV_FRACTION


@cache
def _tokenizer(lang: str) -> Language:
    nlp = spacy.blank(lang)
    if has_lemmatizer(lang):
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        initialize_lemmatizer(nlp)
    return nlp


def _tokenized(ex: corpus.Example) -> Doc:
    """The example as the enrichment will see it: split by its own language's tokenizer
    (Dutch and English split "#word" differently from Norwegian), with lemmas where the
    enrichment's pipeline for that language has them."""
    return _tokenizer(ex.lang)(ex.text)


def _write_docbins(examples: list[corpus.Example], task: Task, workdir: Path) -> None:
    bins = {"train": DocBin(), "dev": DocBin()}
    for ex in examples:
        if ex.split == "test":
            continue
        doc = _tokenized(ex)
        doc.cats = task.cats(ex)
        bins["dev" if _is_dev(ex.family) else "train"].add(doc)
    for part, docbin in bins.items():
        docbin.to_disk(workdir / f"{part}.spacy")


def _train_task(examples: list[corpus.Example], task: Task, workdir: Path) -> Path:
    workdir.mkdir(parents=True, exist_ok=True)
    _write_docbins(examples, task, workdir)
    overrides = {
        "paths.train": str(workdir / "train.spacy"),
        "paths.dev": str(workdir / "dev.spacy"),
        "system.seed": SEED,
    }
    if task.multilabel:
        overrides["components.textcat.factory"] = "textcat_multilabel"
        overrides["components.textcat.model.exclusive_classes"] = False
    spacy_train(CONFIG, workdir / "model", use_gpu=-1, overrides=overrides)
    return workdir / "model" / "model-best"


def _best_threshold(scores: list[float], gold: list[bool]) -> float:
    """The decision threshold with the best F1 on the dev families."""

    def f1(threshold: float) -> float:
        tp = sum(s >= threshold and g for s, g in zip(scores, gold, strict=True))
        predicted, actual = sum(s >= threshold for s in scores), sum(gold)
        return 2 * tp / (predicted + actual) if predicted + actual else 0.0

    return max((t / 100 for t in range(5, 96)), key=lambda t: (f1(t), -abs(t - 0.5)))


def tune_thresholds(classifier, examples: list[corpus.Example]) -> dict[str, float]:
    """Per category, and one for "this is a reaction to triage": a bag-of-words model
    trained on rare positives scores them low, so 0.5 would throw most of them away."""
    dev = [ex for ex in examples if ex.split == "train" and _is_dev(ex.family)]
    docs = list(classifier.pipe(_tokenized(ex) for ex in dev))
    thresholds = {
        c: _best_threshold([d.cats[c] for d in docs], [bool(ex.cats[c]) for ex in dev])
        for c in corpus.CATEGORIES
    }
    reaction = [max(d.cats[a] for a in corpus.TRIAGE) for d in docs]
    thresholds["triage"] = _best_threshold(reaction, [ex.triage is not None for ex in dev])
    return thresholds


def assemble(trained: dict[str, Path], out: Path, examples: list[corpus.Example]) -> Path:
    nlp = spacy.blank("xx")
    for name, path in trained.items():
        nlp.add_pipe("textcat", name=name, source=spacy.load(path))
    nlp.meta["thresholds"] = tune_thresholds(nlp, examples)
    name, version = CLASSIFIER.rsplit("-", 1)
    nlp.meta.update(
        {
            "name": name,
            "version": version,
            "description": "Archivist's categories, sentiment and response triage "
            "(bag-of-words text classifiers trained on the project's own corpus)",
            "license": "Apache-2.0",
        }
    )
    if out.exists():
        shutil.rmtree(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    return out


def train_classifier(workdir: Path, out: Path | None = None) -> Path:
    """Generate the corpus, train every task and save the classifier; returns its path."""
    examples = corpus.generate()
    corpus.write_jsonl(examples, CORPUS_FILE)
    trained = {task.name: _train_task(examples, task, workdir / task.name) for task in TASKS}
    return assemble(trained, out or classifier_path(), examples)
