"""The classifier's features: words, their stems and the parts of long compound words.

spaCy's ``TextCatBOW`` counts the exact spelling of each word (``ORTH``), so "Vacatures",
"vacature" and "vacaturebank" are three unrelated features and a phrasing the model has not
seen shares little with the ones it has. Social posts in Dutch and Norwegian compound freely
("salarisverhoging", "kundeservice"), which makes this worse. The bag here holds, per token:

- the lower-cased word, and its lemma where the pipeline has a lemmatizer (Dutch and
  Norwegian: "zochten" and "zoeken" share the feature of "zoeken");
- its first ``stem_length`` letters, when the word is longer (a crude, language-free stem);
- for words of at least ``compound_length`` letters, every character n-gram of
  ``gram_length`` inside it (the parts a compound shares with its head and modifiers);
- what the pipeline found that words do not say: each kind of personal data with a valid
  checksum (an IBAN or a BSN in a post is a legal risk whatever the words around it), a
  link, an @-mention.

The features of a doc are computed once and kept on the doc, so the three classifiers
(categories, sentiment, triage) that read the same doc extract them once.
"""

from functools import partial

import numpy
from spacy.ml.models.textcat import resize_and_set_ref, resize_linear_weighted
from spacy.strings import hash_string
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Logistic, Model, SparseLinear_v2, chain, resizable, softmax_activation

from pipeline.enrich import components  # noqa: F401  (the doc._.pii extension)
from pipeline.enrich.pii import find_personal_data

NEG_VALUE = -5000
_CACHE_KEY = "archivist_bow_features"
_LINK = hash_string("has:link")
_MENTION = hash_string("has:mention")


def doc_features(
    doc: Doc, stem_length: int, compound_length: int, gram_length: int
) -> tuple[numpy.ndarray, numpy.ndarray]:
    """(unique feature hashes, their counts) of one doc."""
    key = (_CACHE_KEY, stem_length, compound_length, gram_length)
    cached = doc.user_data.get(key)
    if cached is not None:
        return cached
    pii = doc._.pii if doc._.pii is not None else find_personal_data(doc.text)
    hashes = [hash_string("pii:" + found.kind) for found in pii]
    for token in doc:
        if token.like_url:
            hashes.append(_LINK)
        elif token.text.startswith("@") and len(token.text) > 1:
            hashes.append(_MENTION)
        word = token.lower_
        hashes.append(token.lower)
        lemma = token.lemma_.lower()
        if lemma and lemma != word:
            hashes.append(hash_string(lemma))
        if len(word) > stem_length and token.is_alpha:
            hashes.append(hash_string("~" + word[:stem_length]))
            if len(word) >= compound_length:
                hashes.extend(
                    hash_string("#" + word[i : i + gram_length])
                    for i in range(1, len(word) - gram_length)
                )
    keys, counts = numpy.unique(numpy.asarray(hashes, dtype="uint64"), return_counts=True)
    doc.user_data[key] = (keys, counts)
    return keys, counts


def word_stem_features(
    stem_length: int, compound_length: int, gram_length: int
) -> Model[list[Doc], tuple]:
    """A thinc layer with the output of spaCy's ``extract_ngrams``: (keys, values, lengths)."""

    def forward(model: Model, docs: list[Doc], is_train: bool):
        pairs = [doc_features(doc, stem_length, compound_length, gram_length) for doc in docs]
        lengths = model.ops.asarray([len(keys) for keys, _ in pairs], dtype="int32")
        keys = numpy.concatenate([k for k, _ in pairs]) if pairs else numpy.zeros(0, "uint64")
        values = numpy.concatenate([v for _, v in pairs]) if pairs else numpy.zeros(0, "f")
        return (keys, model.ops.asarray(values, dtype="f"), lengths), lambda d_output: []

    return Model("archivist_word_stem_features", forward)


@registry.architectures("archivist.TextCatWordStemBOW.v1")
def build_word_stem_bow(
    exclusive_classes: bool,
    length: int,
    stem_length: int = 5,
    compound_length: int = 9,
    gram_length: int = 4,
    nO: int | None = None,
) -> Model[list[Doc], numpy.ndarray]:
    """spaCy's bag-of-words text classifier (sparse linear layer, softmax or logistic
    output, resizable for new labels) over ``word_stem_features`` instead of exact words."""
    sparse_linear = SparseLinear_v2(nO=nO, length=length)
    resizable_layer = resizable(
        sparse_linear,
        resize_layer=partial(resize_linear_weighted, fill_defaults={"b": NEG_VALUE, "W": 0}),
    )
    output_layer = softmax_activation() if exclusive_classes else Logistic()
    model = chain(
        word_stem_features(stem_length, compound_length, gram_length),
        resizable_layer,
        output_layer,
    )
    if nO is not None:
        model.set_dim("nO", nO)
    model.set_ref("output_layer", sparse_linear)
    model.attrs["multi_label"] = not exclusive_classes
    model.attrs["resize_output"] = partial(resize_and_set_ref, resizable_layer=resizable_layer)
    return model
