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


@pytest.mark.parametrize(
    "url",
    [
        "example.com/a",
        "www.Example.com/a",
        "http://example.com/a",
        "HTTP://WWW.EXAMPLE.COM:80/a/",
        "https://example.com:443/a#top",
        "https://example.com/a?utm_source=x&fbclid=1&gclid=2&msclkid=3&mc_eid=4",
    ],
)
def test_every_spelling_of_a_page_gets_one_key(url):
    assert normalise_url(url) == "https://example.com/a"


@pytest.mark.parametrize(
    ("url", "key"),
    [
        (
            "https://www.youtube.com/watch?v=abc&t=42&si=share1",
            "https://youtube.com/watch?t=42&v=abc",
        ),
        ("https://youtu.be/abc?t=42&si=share1", "https://youtu.be/abc?t=42"),
        ("https://blog.example/?s=spacy&t=2&si=1", "https://blog.example?s=spacy&si=1&t=2"),
        ("https://x.com/nordlys/status/1?s=20&t=AbC", "https://x.com/nordlys/status/1"),
        ("https://example.com:8443/a?page=2", "https://example.com:8443/a?page=2"),
    ],
)
def test_parameters_that_change_the_page_are_kept(url, key):
    assert normalise_url(url) == key


def test_shares_of_one_page_cross_link_in_a_post(directory):
    e = enrich_one("Lees example.com/a en http://www.example.com/a/ vandaag maar eens", directory)
    assert e.urls == ["https://example.com/a"]


@pytest.mark.parametrize(
    "text",
    [
        "We are hiring, ask " + "@" * 5000,
        "We are hiring, ask @" + "a" * 31 + " about it",
        "We are hiring, ask @ola@" + "x" * 250 + ".social about it",
        "We are hiring, ask @.ola or @-ola about it",
    ],
)
def test_text_not_shaped_like_a_handle_is_no_mention(directory, text):
    assert enrich_one(text, directory).mentions == []


def test_handles_up_to_the_platform_limits_are_mentions(directory):
    longest = "a" * 30
    text = f"We are hiring, ask @{longest} or @Ola_N.x or @kari@mastodon.social."
    e = enrich_one(text, directory)
    assert e.mentions == [longest, "ola_n.x", "kari@mastodon.social"]


def test_a_fediverse_namesake_is_not_our_staff_member(directory):
    e = enrich_one("We are hiring, ask @ola@mastodon.social about the role", directory)
    assert e.mentions == ["ola@mastodon.social"]
    assert e.mentioned_people == []


def test_plain_and_full_handles_link_to_their_people(directory):
    e = enrich_one("We are hiring, ask @ola or @Kari@mastodon.social about the role", directory)
    assert e.mentioned_people == [OLA.id, KARI.id]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Vi søger en ny kollega til vores team i København", "da"),
        ("Vi söker en ny kollega till vårt team i Stockholm", "sv"),
        ("Nous recherchons un nouveau collègue pour notre équipe à Paris", "fr"),
    ],
)
def test_nordic_and_french_posts_are_detected(directory, text, language):
    assert enrich_one(text, directory).language == language


@pytest.mark.parametrize("text", ["Tak skal", "Gute Nacht", "🎉🎉🎉", "🎉 🚀 👍 😀"])
def test_too_little_text_gets_no_language(directory, text):
    e = enrich_one(text, directory)
    assert (e.language, e.language_confidence) == (None, None)


def test_a_half_dutch_half_english_post_is_one_of_the_two(directory):
    text = "Vandaag hebben we een mooi project afgerond. Thanks everyone for the amazing work!"
    assert enrich_one(text, directory).language in {"nl", "en"}
