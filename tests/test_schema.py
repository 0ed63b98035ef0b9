"""One schema, derived layers: the mapping, the table and the migrations follow schemas/."""

import rfc8785
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.archive.db import get_engine
from pipeline.archive.models import Base, post_versions
from schemas import Post
from schemas.canonical import canonical_json
from schemas.fields import Column
from search.mapping import make_post_mapping


def test_every_post_field_is_in_the_index_mapping():
    properties = make_post_mapping()["properties"]
    assert set(Post.model_fields) <= set(properties)
    assert properties["created_at"] == {"type": "date"}
    assert properties["visibility"]["type"] == "keyword"
    assert properties["author"]["properties"]["name"]["type"] == "text"


def test_post_text_is_analysed_per_language():
    text = make_post_mapping()["properties"]["text"]
    assert {name: f["analyzer"] for name, f in text["fields"].items()} == {
        "nl": "dutch",
        "nb": "norwegian",
        "en": "english",
    }


def test_raw_html_is_kept_but_not_searchable():
    html = make_post_mapping()["properties"]["html"]
    assert html["index"] is False


def test_version_table_columns_come_from_the_schema():
    marked = {
        name
        for name, f in Post.model_fields.items()
        if any(isinstance(m, Column) for m in f.metadata)
    }
    assert marked <= set(post_versions.columns.keys())
    assert not post_versions.c.post_id.nullable
    assert post_versions.c.deleted_at.nullable


def test_migrations_produce_exactly_the_models(settings):
    engine = get_engine(settings)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_version_rows_refuse_update_delete_and_truncate_even_to_their_owner(
    settings, sample_exports, account
):
    """The application's role has no such rights at all (tests/test_integrity.py); the
    triggers stop the tables' owner too."""
    from pipeline.runs import archive, capture
    from pipeline.services import database_urls

    archive(settings, capture(settings, "yammer-export", sample_exports[0], account=account))
    engine = sa.create_engine(database_urls(settings)[1], poolclass=sa.pool.NullPool)
    for statement in (
        "UPDATE post_versions SET document = '{}' WHERE source = :s",
        "DELETE FROM post_versions WHERE source = :s",
        "TRUNCATE post_versions CASCADE",
    ):
        with engine.connect() as connection:
            try:
                connection.execute(sa.text(statement), {"s": f"yammer.{account}"})
                raise AssertionError(f"{statement} was allowed")
            except sa.exc.DBAPIError as exc:
                assert "append-only" in str(exc.orig)


def float_fields(model, seen=()) -> list[str]:
    import typing

    from pydantic import BaseModel

    found = []
    for name, field in model.model_fields.items():
        for kind in [field.annotation, *typing.get_args(field.annotation)]:
            for inner in [kind, *typing.get_args(kind)]:
                if inner is float:
                    found.append(f"{model.__name__}.{name}")
                elif isinstance(inner, type) and issubclass(inner, BaseModel) and inner not in seen:
                    found += float_fields(inner, (*seen, model))
    return found


def test_archived_documents_hold_no_floats():
    """Version rows are canonicalised on the fast path, which is RFC 8785 only without floats
    (schemas/canonical.py); a float field in Post would need the slow path there."""
    assert float_fields(Post) == []


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(st.dictionaries(st.text(), json_values, max_size=6))
@settings(max_examples=500)
def test_canonical_json_is_rfc_8785(value):
    """The fast path and the reference implementation agree on any JSON object."""
    assert canonical_json(value) == rfc8785.dumps(value)


def test_the_fast_path_covers_archive_records_and_floats_take_the_reference_path():
    document = {"text": 'Vi søker 😀 \u0000 "quoted" ,1.5]', "engagement": {"likes": 3}}
    assert canonical_json(document) == rfc8785.dumps(document)
    assert canonical_json({"score": 1e21}) == b'{"score":1e+21}'
