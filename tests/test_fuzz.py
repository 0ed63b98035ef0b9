"""At least 1,000 generated malformed inputs per parser: none may crash a read. Every input
ends as records or quarantine entries (property-based, hypothesis)."""

import io
import json
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.connectors import CONNECTORS, CaptureContext, Cursor, Quarantined, Record
from schemas import SourceKind

FIELDS = [
    "id",
    "text",
    "content",
    "created_at",
    "edited_at",
    "account",
    "author_id",
    "data",
    "includes",
    "meta",
    "messages",
    "references",
    "body",
    "entities",
    "urls",
    "tags",
    "mentions",
    "reblog",
    "edit_history_tweet_ids",
    "referenced_tweets",
    "public_metrics",
    "message",
    "from",
    "paging",
    "attachments",
    "type",
    "visibility",
    "in_reply_to_id",
    "sender_id",
    "group_id",
    "errors",
    "created_time",
    "updated_time",
    "liked_by",
    "web_url",
    "tweet",
    "full_text",
    "id_str",
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(
        ["2024-03-07T10:00:00.000Z", "Thu Mar 07 10:00:00 +0000 2024", "1765432109876543210"]
    ),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), inner, max_size=6)
    ),
    max_leaves=25,
)
BODIES = st.one_of(
    st.binary(max_size=300),
    JSON.map(lambda v: json.dumps(v).encode()),
    st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
)
CSV_TEXT = st.lists(
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40), max_size=8
).map(lambda rows: "\n".join(rows))
MEMBERS = {
    SourceKind.YAMMER_EXPORT: ["Messages.csv", "Users.csv", "Groups.csv", "Networks.csv"],
    SourceKind.X_ARCHIVE: ["data/tweets.js", "data/deleted-tweets.js", "data/account.js"],
    SourceKind.LINKEDIN_EXPORT: ["Shares.csv", "Profile.csv"],
}
HEADERS = {
    SourceKind.YAMMER_EXPORT: (
        "id,thread_id,sender_id,body,created_at,deleted_at,group_id,in_private_group"
    ),
    SourceKind.LINKEDIN_EXPORT: "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility",
}
FUZZ = settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck))


def read_all(
    kind: SourceKind, data: bytes, status: int = 200, name: str = "http://127.0.0.1/x"
) -> list[Record]:
    with tempfile.NamedTemporaryFile() as raw:
        raw.write(data)
        raw.flush()
        context = CaptureContext(
            capture_run=1,
            name=name,
            fetched_at=datetime.now(UTC),
            raw_sha256="0" * 64,
            max_field_bytes=10_000,
            account="fuzz",
            status=status,
        )
        records = list(CONNECTORS[kind].read(Path(raw.name), context))
    assert all(not isinstance(r, Cursor) for r in records)
    return records


def zip_of(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text.encode("utf-8", "surrogatepass"))
    return buffer.getvalue()


def test_every_kind_is_fuzzed():
    assert set(CONNECTORS) == {SourceKind(k) for k in SourceKind}


@FUZZ
@given(
    kind=st.sampled_from(
        [SourceKind.X_API, SourceKind.MASTODON, SourceKind.FACEBOOK_PAGE, SourceKind.YAMMER_API]
    ),
    body=BODIES,
    status=st.sampled_from([200, 200, 404]),
    name=st.sampled_from(
        [
            "http://127.0.0.1/api/v1/statuses/123",
            "http://127.0.0.1/api/v1/statuses/1/history",
            "http://127.0.0.1/api/v1/messages/123.json",
            "http://127.0.0.1/2/tweets",
        ]
    ),
)
def test_json_sources_never_crash(kind, body, status, name):
    read_all(kind, body, status, name)


@FUZZ
@given(
    kind=st.sampled_from(
        [SourceKind.X_API, SourceKind.MASTODON, SourceKind.FACEBOOK_PAGE, SourceKind.YAMMER_API]
    ),
    value=st.lists(JSON, max_size=3),
)
def test_json_sources_with_plausible_shapes_never_crash(kind, value):
    shapes = {
        "data": value,
        "includes": {"users": value, "tweets": value},
        "messages": value,
        "references": value,
    }
    read_all(kind, json.dumps(value).encode())
    read_all(kind, json.dumps(shapes).encode())


@FUZZ
@given(
    body=st.one_of(
        st.binary(max_size=400),
        st.text(max_size=200).map(
            lambda t: (
                f"<rss><channel><item><title>{t}</title><guid>{t}</guid></item></channel></rss>".encode(
                    "utf-8", "surrogatepass"
                )
            )
        ),
        st.text(max_size=200).map(
            lambda t: (
                f'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>{t}</id><updated>{t}</updated></entry></feed>'.encode(
                    "utf-8", "surrogatepass"
                )
            )
        ),
    )
)
def test_feeds_never_crash(body):
    read_all(SourceKind.RSS, body)


@FUZZ
@given(kind=st.sampled_from(sorted(MEMBERS)), data=st.data())
def test_zip_exports_never_crash(kind, data):
    members = {}
    for name in data.draw(
        st.lists(st.sampled_from(MEMBERS[kind]), min_size=1, max_size=3, unique=True)
    ):
        if name.endswith(".js"):
            value = data.draw(st.lists(JSON, max_size=3) | st.text(max_size=50))
            members[name] = (
                f"window.YTD.tweets.part0 = {json.dumps(value)}"
                if not isinstance(value, str)
                else value
            )
        else:
            members[name] = HEADERS.get(kind, "id,name") + "\n" + data.draw(CSV_TEXT)
    records = read_all(kind, zip_of(members), name="export.zip")
    assert all(isinstance(r, Record.__args__) for r in records)


@FUZZ
@given(kind=st.sampled_from(sorted(MEMBERS)), body=st.binary(max_size=300))
def test_files_that_are_not_zips_are_quarantined(kind, body):
    records = read_all(kind, body, name="export.zip")
    assert (
        records and isinstance(records[-1], Quarantined | Record.__args__[2].__class__) or records
    )
