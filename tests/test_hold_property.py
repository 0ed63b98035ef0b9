"""Property: whatever the policies, holds, dates and deletion requests, no record under an
active legal hold ever loses content. Hypothesis draws the cases; the archive is the real
PostgreSQL; which posts are held is worked out independently here, in Python."""

import contextlib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from pipeline.archive import audit, store
from pipeline.archive.db import transaction
from pipeline.archive.holds import HoldCriteria, create_hold, release_hold
from pipeline.exc import NotFound
from pipeline.legal import erase_person, run_retention
from schemas import PersonRef, Post, Provenance, Source, Visibility
from tests.test_legal import contents

AUTHORS = ["ann", "bob", "cem", "dia"]
WORDS = ["alpha", "beta", "gamma", "delta", "omega"]
EPOCH = datetime(2014, 1, 1, tzinfo=UTC)
LEGAL = audit.Actor("property", "legal")

days = st.integers(min_value=0, max_value=13 * 365)
post_specs = st.lists(
    st.tuples(
        st.sampled_from(AUTHORS),
        days,
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=3),
        st.booleans(),  # edited: a second version with one more word
    ),
    min_size=2,
    max_size=10,
)
hold_specs = st.lists(
    st.tuples(
        st.lists(st.sampled_from(AUTHORS), max_size=2, unique=True),
        st.none() | days,
        st.none() | st.integers(min_value=1, max_value=6 * 365),
        st.none() | st.sampled_from(WORDS),
    ),
    max_size=3,
)
requests = st.lists(
    st.one_of(
        st.just(("retention", None)),
        st.tuples(st.just("erase"), st.sampled_from(AUTHORS)),
        st.tuples(st.just("release"), st.integers(min_value=0, max_value=2)),
    ),
    min_size=1,
    max_size=5,
)
policies = st.lists(
    st.tuples(st.integers(min_value=1, max_value=12 * 365), st.booleans()),
    min_size=1,
    max_size=3,
)


@dataclass
class Spec:
    post_id: str
    author: str
    created_at: datetime
    texts: list[str]


@dataclass
class Hold:
    matter: str
    custodians: list[str]
    since: datetime | None
    until: datetime | None
    word: str | None
    active: bool = True

    def holds(self, post: Spec) -> bool:
        return (
            (not self.custodians or post.author in self.custodians)
            and (self.since is None or post.created_at >= self.since)
            and (self.until is None or post.created_at < self.until)
            and (self.word is None or any(self.word in text.split() for text in post.texts))
        )


def archive_posts(settings, source: str, specs) -> list[Spec]:
    archived = []
    with transaction(settings) as session:
        store.upsert_source(session, Source(key=source, platform="yammer", account=source))
        run = store.start_capture_run(
            session,
            source=source,
            connector="yammer-export",
            connector_version="test",
            target="property",
            fetched_at=datetime.now(UTC),
        )
        posts = []
        for number, (author, day, words, edited) in enumerate(specs):
            created_at = EPOCH + timedelta(days=day)
            texts = [" ".join(words)] + ([" ".join([*words, "edited"])] if edited else [])
            spec = Spec(f"{source}:{number}", author, created_at, texts)
            archived.append(spec)
            for text in texts:
                posts.append(make_post(source, number, author, created_at, text, run))
        store.archive_records(session, run, posts)
    return archived


def make_post(source, number, author, created_at, text, run) -> Post:
    return Post(
        post_id=f"{source}:{number}",
        source=source,
        native_id=str(number),
        author=PersonRef(id=f"{source}:person:{author}", name=author),
        created_at=created_at,
        text=text,
        visibility=Visibility.COMPANY_INTERNAL,
        provenance=Provenance(
            capture_run=run,
            connector="yammer-export",
            connector_version="test",
            fetched_at=datetime.now(UTC),
            raw_sha256=uuid.uuid4().hex * 2,
            raw_locator=f"property#{number}",
        ),
    )


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=post_specs, hold_list=hold_specs, steps=requests, periods=policies)
def test_no_held_record_is_ever_removed(own_archive, specs, hold_list, steps, periods):
    source = f"prop.{uuid.uuid4().hex[:12]}"
    rules = "".join(
        f'[[policy]]\nname = "p{i}"\ndays = {length}\n'
        + (f'sources = ["{source}"]\n' if scoped else "")
        for i, (length, scoped) in enumerate(periods)
    )
    own_archive.retention_path.write_text(rules)
    posts = archive_posts(own_archive, source, specs)
    holds = []
    with transaction(own_archive) as session:
        for number, (custodians, since, length, word) in enumerate(hold_list):
            start = EPOCH + timedelta(days=since) if since is not None else None
            end = start + timedelta(days=length) if start is not None and length else None
            hold = Hold(f"{source}-{number}", custodians, start, end, word)
            holds.append(hold)
            criteria = HoldCriteria(custodians, [source], start, end, word)
            create_hold(session, LEGAL, hold.matter, criteria)

    for action, argument in steps:
        held = {p.post_id for p in posts if any(h.active and h.holds(p) for h in holds)}
        if action == "retention":
            run_retention(own_archive, dry_run=False)
        elif action == "erase":
            with contextlib.suppress(NotFound):  # nothing of theirs is left to erase
                erase_person(own_archive, f"{source}:person:{argument}", "property test")
        elif argument < len(holds) and holds[argument].active:
            with transaction(own_archive) as session:
                release_hold(session, LEGAL, holds[argument].matter, "property test")
            holds[argument].active = False
        kept = contents(own_archive, source)
        removed = {post_id for post_id, versions in kept.items() if not all(versions)}
        assert not removed & held, f"held posts lost content after {action} {argument}"
        event(f"{action}: {'some' if removed else 'no'} posts removed, {len(held)} held")
