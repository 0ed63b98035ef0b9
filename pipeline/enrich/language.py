"""Language detection, before any spaCy pipeline runs: it decides which one a post goes to.

Lingua's models ship inside its package; the detector is restricted to the languages the
organisation writes in, which makes it both faster and more accurate on short posts.
"""

from functools import cache

from lingua import IsoCode639_1, LanguageDetectorBuilder

LANGUAGES = ("nl", "nb", "en", "de", "da", "sv", "fr")
MIN_CONFIDENCE = 0.35  # below this a post is too short or too mixed to tell
MIN_LETTERS = 3
MIN_WORDS = 3  # two words rarely tell Danish, Norwegian and Swedish apart ("Tak skal")


@cache
def _detector():
    isos = [getattr(IsoCode639_1, code.upper()) for code in LANGUAGES]
    return (
        LanguageDetectorBuilder.from_iso_codes_639_1(*isos).with_preloaded_language_models().build()
    )


Detected = tuple[str | None, float | None]  # (ISO 639-1 code, confidence)


def detect_languages(texts: list[str]) -> list[Detected]:
    """(ISO 639-1 code, confidence) per text; Norwegian Bokmål is ``nb``; (None, None) when
    the text has too few letters or words, or no language is confident enough."""
    results: list[Detected] = [(None, None)] * len(texts)
    todo = [i for i, text in enumerate(texts) if _long_enough(text)]
    values = _detector().compute_language_confidence_values_in_parallel([texts[i] for i in todo])
    for i, confidences in zip(todo, values, strict=True):
        if confidences and confidences[0].value >= MIN_CONFIDENCE:
            best = confidences[0]
            results[i] = (best.language.iso_code_639_1.name.lower(), round(best.value, 4))
    return results


def _long_enough(text: str) -> bool:
    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    return len(words) >= MIN_WORDS and sum(c.isalpha() for c in text) >= MIN_LETTERS
