"""Social tokens, URL keys, mention linking and language detection on the real pipelines:
malformed input never aborts a batch, and the same page or person gets the same key."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.archive.queries import DirectoryPerson
from pipeline.enrich import build_directory, enrich_texts
from pipeline.enrich.directory import DirectoryFile
from pipeline.enrich.urls import normalise_url

OLA = DirectoryPerson("yammer.nordlys:user:1", "Ola Nordmann", "ola", internal=True)
KARI = DirectoryPerson("mastodon.nordlys:user:7", "Kari Fjell", "kari@mastodon.social", False)


@pytest.fixture(scope="module")
def directory():
    return build_directory(DirectoryFile(), [OLA, KARI])


def enrich_one(text: str, directory):
    return next(enrich_texts([(0, text)], directory))[1]


@pytest.mark.parametrize(
    "url", ["http://a.example:99999/x", "https://a.example:-1/", "http://[abc/x", "https://:80"]
)
def test_a_malformed_url_comes_back_stripped(url):
    assert normalise_url(f"  {url}  ") == url


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalising_any_text_never_raises(text):
    assert isinstance(normalise_url(text), str)


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"https?://[a-z.]{1,12}(:[0-9-]{0,7})?(/[\w%?=&#.-]*)?", fullmatch=True))
def test_normalising_url_shaped_text_never_raises(text):
    assert isinstance(normalise_url(text), str)


def test_a_post_with_a_bad_port_is_still_enriched(directory):
    e = enrich_one("Read http://a.example:99999/x today, it is a very good article", directory)
    assert e.urls == ["http://a.example:99999/x"]
