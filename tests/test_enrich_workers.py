"""The enrichment on every core: worker processes give the records the calling process
would, in the order of the pages; triage is for posts from outside only."""

from pipeline.enrich import EMPTY_DIRECTORY, enrich_pages

COMPLAINT = (
    "@NordlysConsulting invoice 2024-0567 charged us twice, €1,200 too much. "
    "Three emails since 12/03 and no answer. Please fix this."
)
TEXTS = [
    "Vi søker en utvikler i Oslo! Send søknad innen fredag #jobb",
    "We zoeken een data engineer voor ons team in Utrecht #vacature",
    "Great keynote by Anna de Vries at the conference today 👏",
    COMPLAINT,
    "",
    "🎉🎉🎉",
]


def _pages(external: bool) -> list[list[tuple[int, str, bool]]]:
    items = [(key, text, external) for key, text in enumerate(TEXTS * 5)]
    return [items[start : start + 7] for start in range(0, len(items), 7)]


def test_workers_give_the_same_records_in_the_same_order():
    in_process = [r for page in enrich_pages(_pages(True), EMPTY_DIRECTORY, 1) for r in page]
    in_workers = [r for page in enrich_pages(_pages(True), EMPTY_DIRECTORY, 2) for r in page]
    assert [key for key, _ in in_workers] == list(range(len(TEXTS) * 5))
    assert in_workers == in_process
    languages = {TEXTS[key % len(TEXTS)]: e.language for key, e in in_workers}
    assert languages[TEXTS[0]] == "nb" and languages[TEXTS[1]] == "nl"


def test_only_posts_from_outside_get_a_triage():
    outside = dict(r for page in enrich_pages(_pages(True), EMPTY_DIRECTORY, 1) for r in page)
    inside = dict(r for page in enrich_pages(_pages(False), EMPTY_DIRECTORY, 1) for r in page)
    complaint = TEXTS.index(COMPLAINT)
    assert outside[complaint].triage is not None
    assert outside[complaint].triage.action.value == "engage_and_fix"
    assert inside[complaint].triage is None
    assert inside[complaint].categories == outside[complaint].categories


def test_a_post_without_words_has_no_sentiment():
    records = dict(r for page in enrich_pages(_pages(True), EMPTY_DIRECTORY, 1) for r in page)
    assert records[TEXTS.index("")].sentiment is None
    assert records[TEXTS.index("🎉🎉🎉")].sentiment is None
    assert records[0].sentiment is not None


def test_a_long_run_does_not_grow_the_vocabulary_once_warmed_up():
    from pipeline.enrich.nlp import WARM_UP_POSTS, load_pipeline

    def posts(start: int, count: int):
        return [(i, f"Vergadering over project woord{i} in Utrecht") for i in range(start, count)]

    nlp = load_pipeline("nl", EMPTY_DIRECTORY)
    list(enrich_pages([[(k, t, True) for k, t in posts(0, WARM_UP_POSTS)]], EMPTY_DIRECTORY, 1))
    warmed = len(nlp.vocab.strings)
    assert "woord17" in nlp.vocab.strings  # the warm-up's words stay
    list(enrich_pages([[(k, t, True) for k, t in posts(10**6, 10**6 + 3000)]], EMPTY_DIRECTORY, 1))
    assert len(nlp.vocab.strings) == warmed  # later words are freed with their memory zone
    assert f"woord{10**6 + 5}" not in nlp.vocab.strings
