"""Registered, versioned spaCy components. Factories are named ``archivist_*``; the version
of each lives in ``COMPONENT_VERSIONS`` and is part of the enricher's name."""

import re

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.enrich.pii import find_personal_data
from pipeline.enrich.urls import normalise_url

COMPONENT_VERSIONS = {"archivist_social_tokens": "3", "archivist_personal_data": "1"}

# A handle as the platforms allow it: at most 30 characters (Mastodon's limit, the longest
# of the platforms archived; X allows 15), then an optional ``@instance.domain`` of at most
# 253 (the longest DNS name). Anything longer is not a handle on any platform we read.
_HANDLE = re.compile(r"@(?P<handle>\w[\w.]{0,29}(@(?=.{1,253}$)[\w-]+(\.[\w-]+)+)?)")

for _name in ("hashtags", "mentions", "urls", "pii"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class SocialTokens:
    """Hashtags (``#word``, lower-cased), @-mentions (``@handle``, ``@user@instance``) and
    URLs, the URLs normalised for cross-linking. Tokenizers differ on "#word" (one token in
    Norwegian, two in Dutch), so both shapes are read."""

    def __call__(self, doc: Doc) -> Doc:
        mentions = (_mention(t.text) for t in doc if _starts_word(doc, t.i))
        doc._.hashtags = _unique(t.lower() for t in _hashtags(doc))
        doc._.mentions = _unique(mentions)
        doc._.urls = _unique(normalise_url(t.text) for t in doc if t.like_url and "." in t.text)
        return doc


def _mention(text: str) -> str | None:
    """The handle of an ``@handle`` or ``@user@instance`` token, without a sentence's full
    stop; None when the token is not shaped like a handle."""
    match = _HANDLE.fullmatch(text.rstrip("."))
    return match["handle"].lower() if match else None


def _hashtags(doc: Doc):
    """``#`` at the start of a word, then a word: not "# 5", "a#b" or "C#"."""
    for token in doc:
        if not token.text.startswith("#") or not _starts_word(doc, token.i):
            continue
        if token.text == "#":
            following = doc[token.i + 1] if token.i + 1 < len(doc) else None
            if following is not None and not token.whitespace_ and _is_word(following):
                yield following.text
        elif token.text[1:].replace("_", "").isalnum():
            yield token.text[1:]


def _is_word(token) -> bool:
    return not (token.is_punct or token.is_space or token.like_url)


def _starts_word(doc: Doc, i: int) -> bool:
    return i == 0 or bool(doc[i - 1].whitespace_) or doc[i - 1].is_punct


def _unique(values) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


@Language.factory(
    "archivist_social_tokens", assigns=["doc._.hashtags", "doc._.mentions", "doc._.urls"]
)
def make_social_tokens(nlp: Language, name: str):
    return SocialTokens()


@Language.factory("archivist_personal_data", assigns=["doc._.pii"])
def make_personal_data(nlp: Language, name: str):
    """E-mail addresses, phone numbers and checksum-validated identifiers (``pii.py``)."""

    def personal_data(doc: Doc) -> Doc:
        doc._.pii = find_personal_data(doc.text)
        return doc

    return personal_data
