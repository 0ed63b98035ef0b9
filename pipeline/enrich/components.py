"""Registered, versioned spaCy components. Factories are named ``archivist_*``; the version
of each lives in ``COMPONENT_VERSIONS`` and is part of the enricher's name."""

from functools import cache

from lingua import IsoCode639_1, LanguageDetectorBuilder
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.util import minibatch

from pipeline.enrich.urls import normalise_url

COMPONENT_VERSIONS = {"archivist_language": "1", "archivist_social_tokens": "1"}

for _name in ("language", "language_confidence", "hashtags", "mentions", "urls"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@cache
def _detector(codes: tuple[str, ...]):
    isos = [getattr(IsoCode639_1, code.upper()) for code in codes]
    return (
        LanguageDetectorBuilder.from_iso_codes_639_1(*isos).with_preloaded_language_models().build()
    )


class LanguageDetector:
    """Sets ``doc._.language`` (ISO 639-1, Norwegian Bokmål as ``nb``) and its confidence.
    Below ``min_confidence`` the language is left unset: too short or too mixed to tell."""

    def __init__(self, languages: list[str], min_confidence: float):
        self.detector = _detector(tuple(languages))
        self.min_confidence = min_confidence

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs, batch_size: int = 256):
        for batch in minibatch(docs, size=batch_size):
            texts = [doc.text for doc in batch]
            detected = self.detector.compute_language_confidence_values_in_parallel(texts)
            for doc, values in zip(batch, detected, strict=True):
                if values and doc.text.strip() and values[0].value >= self.min_confidence:
                    doc._.language = values[0].language.iso_code_639_1.name.lower()
                    doc._.language_confidence = round(values[0].value, 4)
                yield doc


@Language.factory(
    "archivist_language",
    assigns=["doc._.language", "doc._.language_confidence"],
    default_config={"languages": ["nl", "nb", "en", "de", "da", "sv", "fr"], "min_confidence": 0.5},
)
def make_language_detector(nlp: Language, name: str, languages: list[str], min_confidence: float):
    return LanguageDetector(languages, min_confidence)


class SocialTokens:
    """Hashtags (``#word``, lower-cased), @-mentions (``@handle``, ``@user@instance``) and
    URLs, the URLs    normalised for cross-linking."""

    def __init__(self, nlp: Language):
        self.matcher = Matcher(nlp.vocab)
        word = {"IS_PUNCT": False, "IS_SPACE": False, "LIKE_URL": False}
        self.matcher.add("hashtag", [[{"ORTH": "#"}, word]])

    def __call__(self, doc: Doc) -> Doc:
        hashtags = [
            doc[start + 1 : end].text
            for _, start, end in self.matcher(doc)
            if not doc[start].whitespace_ and _starts_word(doc, start)  # not "# 5" or "a#b"
        ]
        mentions = [
            t.text[1:]
            for t in doc
            if t.text.startswith("@") and len(t.text) > 1 and _starts_word(doc, t.i)
        ]
        doc._.hashtags = _unique(t.lower() for t in hashtags)
        doc._.mentions = _unique(m.lower().rstrip(".") for m in mentions)
        doc._.urls = _unique(normalise_url(t.text) for t in doc if t.like_url and "." in t.text)
        return doc


def _starts_word(doc: Doc, i: int) -> bool:
    return i == 0 or bool(doc[i - 1].whitespace_) or doc[i - 1].is_punct


def _unique(values) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


@Language.factory(
    "archivist_social_tokens", assigns=["doc._.hashtags", "doc._.mentions", "doc._.urls"]
)
def make_social_tokens(nlp: Language, name: str):
    return SocialTokens(nlp)
