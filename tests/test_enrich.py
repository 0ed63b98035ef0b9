"""The spaCy enrichment on real pipelines: language, hashtags, mentions, normalised URLs."""

import json

import pytest

from pipeline.enrich import enrich_texts, enricher_name, load_pipeline
from pipeline.enrich.urls import normalise_url
from tests.conftest import run_cli


def enrich_one(text: str):
    return next(enrich_texts([(0, text)]))[1]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Wij zoeken een nieuwe collega voor ons team in Utrecht", "nl"),
        ("Vi søker en ny utvikler til teamet vårt i Oslo", "nb"),
        ("We are hiring a backend developer for our London office", "en"),
        ("Wir suchen eine neue Kollegin für unser Team in Berlin", "de"),
    ],
)
def test_language_is_detected(text, language):
    assert enrich_one(text).language == language


def test_text_without_language_signal_has_none():
    assert enrich_one("").language is None
    assert enrich_one("👍 👍").language is None


def test_hashtags_mentions_and_urls():
    e = enrich_one(
        "Ny stilling! #Jobb #oslo — spør @kari eller @ola@mastodon.social: "
        "https://www.Nordlys.example/careers/?utm_source=yammer&id=7#apply"
    )
    assert e.hashtags == ["jobb", "oslo"]
    assert e.mentions == ["kari", "ola@mastodon.social"]
    assert e.urls == ["https://nordlys.example/careers?id=7"]


def test_lookalikes_are_not_tags_or_mentions():
    e = enrich_one("Mail jan@nordlys.example about issue # 5 in C#.")
    assert (e.hashtags, e.mentions) == ([], [])


def test_url_normalisation_for_cross_linking():
    assert (
        normalise_url("HTTP://WWW.Example.com:80/a/b/?b=2&a=1&fbclid=x")
        == "http://example.com/a/b?a=1&b=2"
    )
    assert normalise_url("www.example.com/post).") == "https://example.com/post"


def test_the_pipeline_is_built_from_its_config_and_named_with_its_version():
    nlp = load_pipeline()
    assert nlp.pipe_names == ["language", "social_tokens"]
    assert enricher_name().startswith("social@1.0.0+")
    assert enrich_one("x").enricher == enricher_name()


def test_analyze_command_reads_and_writes_json_lines():
    lines = "\n".join(
        json.dumps({"id": i, "text": t})
        for i, t in enumerate(["Vi ansetter! #jobb", "Hello world, we are hiring"])
    )
    done = run_cli("analyze", stdin=lines)
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(o["id"], o["language"], o["hashtags"]) for o in out] == [
        (0, "nb", ["jobb"]),
        (1, "en", []),
    ]


def test_analyze_rejects_a_bad_line_in_one_sentence():
    done = run_cli("analyze", stdin='{"id": 1, "text": "ok"}\nnot json\n')
    assert done.returncode == 1
    assert done.stderr.strip() == 'error: line 2 is not a JSON object with "id" and "text"'
