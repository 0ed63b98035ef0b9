"""The query language: the parser on its own, then every construct against the local
Elasticsearch-API server on a small organisation captured through the Yammer export path."""

import base64
import json
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from pipeline.exc import UsageError
from pipeline.runs import ingest
from pipeline.sample.organisation import Group, Member, Message, Organisation
from pipeline.sample.yammer_export import write_yammer_exports
from search.client import get_client
from search.indexer import posts_alias
from search.paging import search_fingerprint
from search.query import histogram_interval, search_posts
from search.querylang import QuerySyntaxError, parse_query
from tests.conftest import run_cli

# --- the parser -------------------------------------------------------------------------


def _text_clauses(clause: dict) -> list[dict]:
    return clause["dis_max"]["queries"]


def test_words_search_every_text_field_and_are_all_required():
    clause = parse_query("vacature utrecht")
    first, second = clause["bool"]["must"]
    fields = [next(iter(q["match"])) for q in _text_clauses(first)]
    assert set(fields) == {
        "text",
        "text.nl",
        "text.nb",
        "text.en",
        "title",
        "author.name",
        "group.name",
    }
    assert _text_clauses(second)[0] == {"match": {"text": {"query": "utrecht", "operator": "and"}}}


def test_and_binds_tighter_than_or_and_the_pipe_is_or():
    assert parse_query("a b OR c") == parse_query("(a AND b) | c")
    clause = parse_query("a b OR c")
    left, right = clause["bool"]["should"]
    assert len(left["bool"]["must"]) == 2 and "dis_max" in right
    assert clause["bool"]["minimum_should_match"] == 1


def test_not_and_minus_exclude():
    assert parse_query("-intern") == parse_query("NOT intern")
    assert "must_not" in parse_query("-intern")["bool"]
    assert parse_query("a -(b OR c)")["bool"]["must"][1]["bool"]["must_not"][0]["bool"]["should"]


def test_phrases_and_proximity():
    exact = _text_clauses(parse_query('"open day"'))[0]
    near = _text_clauses(parse_query('"open day"~5'))[0]
    assert exact == {"match_phrase": {"text": {"query": "open day", "slop": 0}}}
    assert near == {"match_phrase": {"text": {"query": "open day", "slop": 5}}}


def test_wildcards_and_fuzzy_words():
    wildcard = _text_clauses(parse_query("Vac*"))
    assert wildcard[0] == {"wildcard": {"text": {"value": "vac*"}}}
    assert {next(iter(q["wildcard"])) for q in wildcard} == {
        "text",
        "title",
        "author.name",
        "group.name",
    }
    assert _text_clauses(parse_query("vacatur~"))[0]["match"]["text"]["fuzziness"] == "AUTO"
    assert _text_clauses(parse_query("vacatur~1"))[0]["match"]["text"]["fuzziness"] == 1


def test_field_operators_map_to_their_fields():
    assert parse_query("category:Vacancy") == {"term": {"enrichment.labels": "vacancy"}}
    assert parse_query("lang:NL") == {"term": {"enrichment.language": "nl"}}
    assert parse_query("is:deleted") == {"term": {"is_deleted": True}}
    assert parse_query("is:edited") == {"term": {"is_edited": True}}
    assert parse_query("before:2024-05-01") == {
        "range": {"created_at": {"lt": "2024-05-01T00:00:00+00:00"}}
    }
    assert parse_query("after:2024-05-01T10:00:00+02:00") == {
        "range": {"created_at": {"gte": "2024-05-01T10:00:00+02:00"}}
    }
    assert parse_query("tag:#Utrecht") == parse_query("tag:Utrecht")
    author = parse_query('author:"Kari Nordmann"')["bool"]["should"]
    assert {"match_phrase": {"author.name": "Kari Nordmann"}} in author
    entity = parse_query("entity:team:sales")["bool"]["should"]
    assert {"term": {"enrichment.entities.id": "team:sales"}} in entity
    source = parse_query("source:yammer")["bool"]["should"]
    assert {"prefix": {"source": "yammer."}} in source


def test_an_empty_query_matches_everything_and_urls_are_words():
    assert parse_query("  ") == {"match_all": {}}
    assert "dis_max" in parse_query("https://nordlys.example/blog")


def test_pseudonymised_roles_cannot_search_authors():
    fields = [
        next(iter(q["match"])) for q in _text_clauses(parse_query("kari", author_searchable=False))
    ]
    assert "author.name" not in fields
    with pytest.raises(QuerySyntaxError, match="'author:' is not available to this role"):
        parse_query("author:kari", author_searchable=False)


SYNTAX_ERRORS = [
    ('vacature "open dag', "unclosed quote at character 10"),
    ("((", "unclosed '(' at character 2"),
    ("(a", "unclosed '(' at character 1"),
    ("a)", "unmatched ')' at character 2"),
    ("a ()", "empty parentheses at character 3"),
    ("AND OR NOT", "'AND' needs a term before it at character 1"),
    ("a OR", "'OR' needs a term after it at character 3"),
    ("a AND OR b", "'AND' needs a term after it at character 3"),
    ("x (a OR ) b", "'OR' needs a term after it at character 6"),
    ("a NOT", "'NOT' needs a term after it at character 3"),
    ("a - b", "'-' needs a term right after it at character 3; e.g. -intern"),
    ("~~~", "'~' must follow a word or a phrase at character 1"),
    ("a~b", "'~' after a word needs an edit distance of 0, 1 or 2 at character 2; e.g. word~1"),
    ("vacature~3", "fuzzy edit distance 3 is too large at character 9; at most 2"),
    (
        '"a b"~x',
        """'~' after a phrase needs how many positions apart at character 6; e.g. "a b"~5""",
    ),
    ('"a b"~500', "the phrase's words are too far apart at character 1; at most ~100"),
    ('a ""', "empty phrase at character 3"),
    ("*ing", "a wildcard cannot start a word at character 1"),
    ("vac*~", "a word cannot be both a wildcard and fuzzy at character 1"),
    ("a*b*c*d*e*f*", "too many wildcards in one word at character 1; at most 5"),
    (
        "utrecht foo:bar",
        "unknown field 'foo:' at character 9; fields: author:, source:, group:, lang:, tag:, "
        "entity:, category:, before:, after:, is:",
    ),
    (
        "visibility:private_group",
        "unknown field 'visibility:' at character 1; fields: author:, source:, group:, lang:, "
        "tag:, entity:, category:, before:, after:, is:",
    ),
    (
        "category:gossip",
        "unknown category 'gossip' at character 10; categories: vacancy, pr_story, complaint, "
        "confidential, scam, event, legal_risk",
    ),
    (
        "author: kari",
        """'author:' needs a value right after it at character 1; e.g. author:"Kari Nordmann\"""",
    ),
    ("a tag:", "'tag:' needs a value right after it at character 3; e.g. tag:#utrecht"),
    ('author:"kari"~2', "'~' cannot follow the value of 'author:' at character 8"),
    ("is:new", "unknown 'is:new' at character 4; use is:deleted or is:edited"),
    ("before:2024-13-01", "'2024-13-01' is not a date at character 8; write YYYY-MM-DD"),
    ("after:yesterday", "'yesterday' is not a date at character 7; write YYYY-MM-DD"),
    ("(" * 11 + "a" + ")" * 11, "parentheses nested deeper than 10 at character 11"),
    (" ".join(["w"] * 51), "too many words at character 101; at most 50 words or phrases"),
    ("w" * 1001, "the query goes on too long at character 1001; at most 1000 characters"),
]


@pytest.mark.parametrize(("query", "message"), SYNTAX_ERRORS)
def test_syntax_errors_say_what_is_wrong_and_where(query, message):
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(query)
    assert str(caught.value) == message
    assert isinstance(caught.value, UsageError)
    assert caught.value.position == int(message.split("at character ")[1].split(";")[0])


def test_the_histogram_interval_follows_the_months_the_matches_span():
    assert [histogram_interval(m) for m in (1, 2, 3, 24, 25, 240, 241)] == [
        "day",
        "day",
        "week",
        "week",
        "month",
        "month",
        "year",
    ]


# --- against the search engine ----------------------------------------------------------

START = datetime(2024, 3, 4, tzinfo=UTC)
ANNA = Member(
    1558120000,
    "Anna de Vries",
    "anna@nordlys.example",
    "nl",
    "Recruiter",
    "Recruitment",
    "Utrecht",
    START - timedelta(days=300),
)
KARI = Member(
    1558120037,
    "Kari Nordmann",
    "kari@nordlys.example",
    "nb",
    "Consultant",
    "Advisory",
    "Oslo",
    START - timedelta(days=200),
)
JAMES = Member(
    1558120074,
    "James Smith",
    "james@nordlys.example",
    "en",
    "Manager",
    "Advisory",
    "London",
    START - timedelta(days=100),
)
PIET = Member(
    1558120111,
    "Piet Jansen",
    "piet@nordlys.example",
    "nl",
    "Manager",
    "HR",
    "Utrecht",
    START - timedelta(days=900),
)
UTRECHT = Group(48213377, "Utrecht kantoor", False, "nl")
OSLO = Group(48213478, "Oslo-kontoret", False, "nb")
LONDON = Group(48213579, "London office", False, "en")
HR = Group(48213680, "HR vertrouwelijk", True, "nl")
# name: (group, sender, day, body)
MESSAGES = {
    "vacancy_nl": (
        UTRECHT,
        ANNA,
        0,
        "Vacature: wij zoeken een senior consultant voor ons "
        "kantoor in Utrecht. Reageer voor vrijdag! #vacature #utrecht",
    ),
    "vacancy_nb": (
        OSLO,
        KARI,
        1,
        "Ledig stilling: vi søker en erfaren konsulent til "
        "kontoret i Oslo. Søk innen fredag! #stilling",
    ),
    "open_day": (
        LONDON,
        JAMES,
        2,
        "Join us for the open day at our office next Friday, with drinks afterwards. #openday",
    ),
    "sunny_day": (
        LONDON,
        JAMES,
        3,
        "An open and sunny day at our office, the whole team worked from the roof terrace.",
    ),
    "customer_win": (
        None,
        ANNA,
        4,
        "Geweldig nieuws: Nordlys heeft het project bij de "
        "gemeente Utrecht gewonnen. Trots op het team!",
    ),
    "reorganisation": (
        HR,
        PIET,
        5,
        "Vertrouwelijk: de reorganisatie van het kantoor in "
        "Utrecht gaat in april door. Niet delen.",
    ),
    "dm": (
        None,
        JAMES,
        5,
        "Between us: the salary review for the Utrecht team is confidential until April.",
    ),
    "coffee": (
        LONDON,
        JAMES,
        6,
        "The coffee machine on the third floor is broken again, a real test of my patience.",
    ),
    "brochure": (LONDON, JAMES, 7, "Please review the text of the new brochure before Thursday."),
    "edited": (
        UTRECHT,
        PIET,
        8,
        "Open dag op vrijdag in ons kantoor in Utrecht, iedereen is welkom.",
    ),
    "reply": (UTRECHT, KARI, 9, "Interesse! Ik stuur mijn cv vandaag nog."),
}
FIRST_ID = 3_104_454_998_400_000


def _organisation() -> Organisation:
    """Eleven posts: one edited after the first export, one reply deleted after it, one in a
    private group and one direct message."""
    messages = []
    for i, (name, (group, sender, day, body)) in enumerate(MESSAGES.items()):
        message_id = FIRST_ID + i
        when = START + timedelta(days=day, hours=10)
        message = Message(message_id, message_id, None, group, sender, body, when, name)
        if name == "dm":
            message = Message(
                message_id,
                message_id,
                None,
                None,
                sender,
                body,
                when,
                name,
                private_conversation=True,
                participants=(JAMES.id, ANNA.id),
            )
        if name == "edited":
            message = Message(
                message_id,
                message_id,
                None,
                group,
                sender,
                body + " (bijgewerkt: het wordt zaterdag)",
                when,
                name,
                edited_at=START + timedelta(days=11),
                original_body=body,
            )
        if name == "reply":
            message = Message(
                message_id,
                FIRST_ID,
                FIRST_ID,
                group,
                sender,
                body,
                when,
                name,
                deleted_at=START + timedelta(days=12),
            )
        messages.append(message)
    return Organisation([ANNA, KARI, JAMES, PIET], [UTRECHT, OSLO, LONDON, HR], messages, START, 14)


@pytest.fixture(scope="module")
def archive(session_settings, tmp_path_factory):
    prefix = f"{session_settings.index_prefix}ql{uuid.uuid4().hex[:6]}-"
    settings = session_settings.model_copy(update={"index_prefix": prefix})
    account = f"q{uuid.uuid4().hex[:10]}"
    for path in write_yammer_exports(_organisation(), tmp_path_factory.mktemp("querylang")):
        ingest(settings, "yammer-export", path, account=account)
    ids = {name: f"yammer.{account}:{FIRST_ID + i}" for i, name in enumerate(MESSAGES)}
    return settings, get_client(settings), posts_alias(prefix), ids, account


@pytest.fixture(scope="module")
def documents(archive) -> dict[str, dict]:
    """What is indexed, as the ground truth the enrichment-dependent operators are checked
    against."""
    _, es, alias, _, _ = archive
    hits = es.search(index=alias, query={"match_all": {}}, size=100)["hits"]["hits"]
    return {h["_id"]: h["_source"] for h in hits}


def found(archive, query: str, role: str = "legal", **options) -> set[str]:
    _, es, alias, _, _ = archive
    result = search_posts(es, alias, query, role, size=100, facets=False, **options)
    assert result.total == len(result.hits) and result.next_page is None
    return {h.post_id for h in result.hits}


def named(archive, *names: str) -> set[str]:
    return {archive[3][n] for n in names}


def test_the_organisation_is_indexed_with_its_edit_and_deletion(archive, documents):
    assert set(documents) == set(archive[3].values())
    assert documents[archive[3]["edited"]]["is_edited"]
    assert documents[archive[3]["reply"]]["is_deleted"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"open day"', {"open_day"}),
        ('"open day"~1', {"open_day"}),
        ('"open day"~3', {"open_day", "sunny_day"}),
        ("machne~1", {"coffee"}),
        ("brochre~", {"brochure"}),
        ("brochre", set()),
        ("te?t", {"coffee", "brochure"}),
        ("kanto*", {"vacancy_nl", "reorganisation", "edited", "reply"}),  # text or group name
        ("stilling OR vacature", {"vacancy_nl", "vacancy_nb"}),
        ("stilling | vacature", {"vacancy_nl", "vacancy_nb"}),
        ("(stilling OR vacature) Oslo", {"vacancy_nb"}),
        ("office -coffee", {"open_day", "sunny_day", "brochure"}),
        ("office NOT (coffee OR brochure)", {"open_day", "sunny_day"}),
        ("Utrecht team", {"customer_win", "dm"}),
        ('author:"Kari Nordmann"', {"vacancy_nb", "reply"}),
        ("author:james", {"open_day", "sunny_day", "dm", "coffee", "brochure"}),
        ('group:"London office"', {"open_day", "sunny_day", "coffee", "brochure"}),
        ("group:Oslo-kontoret", {"vacancy_nb"}),
        ('group:"HR vertrouwelijk"', {"reorganisation"}),
        ("tag:#Utrecht", {"vacancy_nl"}),
        ("tag:stilling", {"vacancy_nb"}),
        ("is:edited", {"edited"}),
        ("is:deleted", {"reply"}),
        ("is:deleted OR is:edited", {"reply", "edited"}),
        ("before:2024-03-07", {"vacancy_nl", "vacancy_nb", "open_day"}),
        ("after:2024-03-12", {"edited", "reply"}),
        ("after:2024-03-06 before:2024-03-08", {"open_day", "sunny_day"}),
        ("source:x", set()),
    ],
)
def test_each_construct_finds_what_it_should_and_no_more(archive, query, expected):
    assert found(archive, query) == named(archive, *expected)


def test_source_matches_the_key_the_platform_and_the_connector(archive):
    everything = set(archive[3].values())
    account = archive[4]
    assert found(archive, "source:yammer") == everything
    assert found(archive, f"source:yammer.{account}") == everything
    assert found(archive, "source:yammer-export") == everything
    assert found(archive, f"source:yammer.{account}x") == set()


def test_enrichment_operators_match_the_indexed_enrichment(archive, documents):
    enrichments = {pid: d["enrichment"] for pid, d in documents.items()}
    languages = {e["language"] for e in enrichments.values()}
    assert {"nl", "en"} <= languages
    for language in languages:
        expected = {pid for pid, e in enrichments.items() if e["language"] == language}
        assert found(archive, f"lang:{language}") == expected
    labels = {label for e in enrichments.values() for label in e["labels"]}
    assert labels, "the classifier labelled none of the posts"
    for label in labels:
        expected = {pid for pid, e in enrichments.items() if label in e["labels"]}
        assert found(archive, f"category:{label}") == expected
    texts = {x["text"].lower() for e in enrichments.values() for x in e["entities"]}
    assert texts, "the recogniser found no entity"
    for text in texts:  # in any letter case
        expected = {
            pid
            for pid, e in enrichments.items()
            if text in {x["text"].lower() for x in e["entities"]}
        }
        assert found(archive, f'entity:"{text}"') == expected
    linked = {x["id"] for e in enrichments.values() for x in e["entities"] if x.get("id")}
    for entity_id in linked:
        expected = {
            pid
            for pid, e in enrichments.items()
            if entity_id in {x.get("id") for x in e["entities"]}
        }
        assert found(archive, f'entity:"{entity_id}"') == expected


def test_facet_counts_equal_the_hits_counted_by_hand(archive, documents):
    _, es, alias, _, _ = archive
    result = search_posts(es, alias, "", "legal", size=100)
    assert result.total == len(documents)
    by_hand = {
        "source": Counter(d["source"] for d in documents.values()),
        "author": Counter(d["author"]["name"] for d in documents.values()),
        "group": Counter(d["group"]["name"] for d in documents.values() if d.get("group")),
        "visibility": Counter(d["visibility"] for d in documents.values()),
        "language": Counter(d["enrichment"]["language"] for d in documents.values()),
        "categories": Counter(c for d in documents.values() for c in d["enrichment"]["labels"]),
        "hashtags": Counter(h for d in documents.values() for h in d["enrichment"]["hashtags"]),
        "entities": Counter(
            text
            for d in documents.values()
            for text in {e["text"] for e in d["enrichment"]["entities"]}
        ),
    }
    for name, counts in by_hand.items():  # the ten largest, ties in alphabetical order
        top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:10]
        assert result.facets[name] == top, name
    assert dict(result.facets["visibility"]) == {
        "company_internal": 9,
        "private_group": 1,
        "direct_message": 1,
    }
    narrowed = search_posts(es, alias, "office", "analyst", size=100)
    assert dict(narrowed.facets["group"]) == {"London office": 4}
    assert dict(narrowed.facets["author"]) == {"James Smith": 4}


def test_the_histogram_counts_posts_per_day_and_sums_to_the_total(archive):
    _, es, alias, _, _ = archive
    result = search_posts(es, alias, "", "legal", size=1)
    assert sum(posts for _, posts in result.histogram) == result.total == 11
    days = dict(result.histogram)
    assert days["2024-03-04"] == 1 and days["2024-03-09"] == 2 and days["2024-03-13"] == 1
    assert list(days) == sorted(days) and len(days) == 10  # every day from the first to the last
    office = search_posts(es, alias, "office", "analyst", size=1)
    assert sum(posts for _, posts in office.histogram) == office.total == 4


@pytest.mark.parametrize(("sort", "query"), [("newest", ""), ("oldest", ""), ("relevance", "in")])
def test_paging_returns_every_post_once_in_order(archive, documents, sort, query):
    _, es, alias, _, _ = archive
    everything = search_posts(es, alias, query, "legal", size=100, sort=sort, facets=False)
    pages, cursor = [], None
    while True:
        page = search_posts(es, alias, query, "legal", 3, sort=sort, after=cursor, facets=False)
        assert page.total == everything.total
        pages.append([h.post_id for h in page.hits])
        cursor = page.next_page
        if cursor is None:
            break
    seen = [pid for page in pages for pid in page]
    assert seen == [h.post_id for h in everything.hits]
    assert len(seen) == len(set(seen)) == everything.total and len(pages[-1]) <= 3
    dates = [documents[pid]["created_at"] for pid in seen]
    if sort != "relevance":
        assert dates == sorted(dates, reverse=sort == "newest")


def test_a_cursor_only_continues_its_own_search(archive):
    _, es, alias, _, _ = archive
    first = search_posts(es, alias, "", "legal", size=2, facets=False)
    assert first.next_page
    with pytest.raises(UsageError, match="belongs to another search"):
        search_posts(es, alias, "office", "legal", 2, after=first.next_page, facets=False)
    with pytest.raises(UsageError, match="belongs to another search"):
        search_posts(es, alias, "", "pr", 2, after=first.next_page, facets=False)
    with pytest.raises(UsageError, match="not one a search gave out"):
        search_posts(es, alias, "", "legal", 2, after="bm90IGEgY3Vyc29y", facets=False)
    last = search_posts(es, alias, "", "legal", 20, after=first.next_page, facets=False)
    assert len(last.hits) == 9 and last.next_page is None
    again = search_posts(es, alias, "", "legal", 20, after=first.next_page, facets=False)
    assert again.hits == last.hits  # a cursor holds nothing on the server: it can be reused


def test_a_cursor_is_refused_unless_it_is_exactly_what_a_search_gave_out(archive):
    _, es, alias, _, _ = archive
    search = search_fingerprint(
        alias=alias, query="", role="legal", categories=[], sort="newest", pseudonymised=False
    )
    given = search_posts(es, alias, "", "legal", 2, sort="newest", facets=False).next_page
    fields = json.loads(base64.urlsafe_b64decode(given + "=" * (-len(given) % 4)))
    assert set(fields) == {"after", "seen", "search"} and fields["search"] == search
    for forged in ({**fields, "pit": "elsewhere"}, {**fields, "after": "x"}, [1, 2]):
        cursor = base64.urlsafe_b64encode(json.dumps(forged).encode()).decode()
        with pytest.raises(UsageError, match="not one a search gave out"):
            search_posts(es, alias, "", "legal", 2, sort="newest", after=cursor, facets=False)


CRAFTED = [
    "Vertrouwelijk OR NOT Vertrouwelijk",
    "is:deleted OR -is:deleted",
    'group:"HR vertrouwelijk" OR category:confidential OR salary',
    "(a OR NOT a) OR (is:edited OR NOT is:edited)",
    '"visibility private_group" OR vertrouwelijk~2 OR review*',
]


@pytest.mark.parametrize("role", ["pr", "recruitment", "analyst"])
def test_no_query_widens_what_a_role_sees(archive, role):
    _, es, alias, _, _ = archive
    visible = search_posts(es, alias, "", role, size=100, facets=False)
    allowed = {h.post_id for h in visible.hits}
    assert len(allowed) == visible.total < 11
    for query in CRAFTED:
        try:
            result = search_posts(es, alias, query, role, size=100, facets=False)
        except QuerySyntaxError:
            continue
        assert {h.post_id for h in result.hits} <= allowed and result.total <= visible.total
    assert named(archive, "reorganisation", "dm").isdisjoint(found(archive, "", role="pr"))


QUERY_PIECES = st.sampled_from(
    [
        '"',
        "(",
        ")",
        "-",
        "*",
        "?",
        "~",
        "~2",
        ":",
        "|",
        "#",
        "\\",
        " ",
        "AND",
        "OR",
        "NOT",
        "author:",
        "category:",
        "is:",
        "before:",
        "after:",
        "tag:",
        "entity:",
        "visibility:",
        "office",
        "Utrecht",
        "kantoor",
        "2024-03-06",
        "vacancy",
        "deleted",
        "é",
        "\x00",
        "/",
    ]
)
RANDOM_QUERIES = st.one_of(
    st.text(max_size=60),
    st.lists(st.one_of(QUERY_PIECES, st.text(max_size=3)), max_size=12).map("".join),
)


@hypothesis_settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=RANDOM_QUERIES)
def test_random_text_gives_results_or_a_syntax_error_never_a_server_error(archive, query):
    _, es, alias, _, _ = archive
    try:
        result = search_posts(es, alias, query, "pr", size=20, facets=False)
    except QuerySyntaxError as exc:
        assert 1 <= exc.position <= len(query)
        return
    assert result.total <= 11


def test_the_search_command_prints_facets_histogram_and_the_next_page(archive):
    settings, *_ = archive
    done = run_cli(
        "search",
        "",
        "--role",
        "legal",
        "--limit",
        "4",
        "--sort",
        "oldest",
        "--json",
        settings=settings,
    )
    assert done.returncode == 0, done.stderr
    page = json.loads(done.stdout)
    assert page["total"] == 11 and len(page["hits"]) == 4 and page["next_page"]
    assert {"value": "London office", "count": 4} in page["facets"]["group"]
    assert sum(bar["posts"] for bar in page["histogram"]) == 11
    following = run_cli(
        "search",
        "",
        "--role",
        "legal",
        "--limit",
        "4",
        "--sort",
        "oldest",
        "--after",
        page["next_page"],
        "--json",
        "--no-facets",
        settings=settings,
    )
    assert following.returncode == 0, following.stderr
    second = json.loads(following.stdout)
    assert second["facets"] == {} and second["histogram"] == []
    first_ids = {h["post_id"] for h in page["hits"]}
    assert len(second["hits"]) == 4 and not first_ids & {h["post_id"] for h in second["hits"]}
    shown = run_cli("search", "office", "--limit", "2", settings=settings)
    assert shown.returncode == 0, shown.stderr
    assert "4 posts match" in shown.stdout and "London office 4" in shown.stdout
    assert "posts over time" in shown.stdout and "next page: --after " in shown.stdout


def test_a_syntax_error_is_one_sentence_and_exit_code_2(archive):
    settings, *_ = archive
    done = run_cli("search", "vacature OR", settings=settings)
    assert done.returncode == 2
    assert done.stderr.strip() == "error: 'OR' needs a term after it at character 10"
    wrong_field = run_cli("search", "utrecht foo:bar", settings=settings)
    assert (
        wrong_field.returncode == 2 and "unknown field 'foo:' at character 9" in wrong_field.stderr
    )
    wrong_sort = run_cli("search", "x", "--sort", "loudest", settings=settings)
    assert wrong_sort.returncode == 2
    assert (
        wrong_sort.stderr.strip()
        == "error: unknown sort 'loudest'; sorts: relevance, newest, oldest"
    )
    pseudonymised = run_cli("search", "author:kari", "--role", "recruitment", settings=settings)
    assert pseudonymised.returncode == 2 and "Traceback" not in pseudonymised.stderr
