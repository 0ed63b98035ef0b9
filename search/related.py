"""Cross-links: what else the archive holds about one post, in groups that each say why, and
entity pages that gather everything about one person, organisation or product.

Every query carries the role's visibility filter (``search.visibility``), so a link never
brings in a post the role could not find by searching.

Identity links. Two accounts are taken to be one person when they carry the same full name
(two words or more, written the same) on different platforms. That is the rule by which the
directory already links names to people across sources (``pipeline.enrich.directory``: a
full name links to one person id, staff first, on every platform; one-word names and bare
handles do not, since ``@ola`` on X says nothing about ``ola`` on Mastodon). It needs no
data beyond the index: every indexed post carries its author's name. Roles that see authors
as pseudonyms get no identity links and no posts found by an author's name: both would
undo the pseudonyms.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from elasticsearch import ApiError, Elasticsearch, TransportError

from pipeline.exc import NotFound
from search.query import Hit, as_hit, engine_error
from search.visibility import visibility_filter

GROUP_SIZE = 10
LINKS_PER_POST = 5
ENTITY_PAGE_SIZE = 20
RELATED_ENTITIES = 10
ORGANISATION = "org:"  # the organisation's own entry: nearly every post names it
PLATFORMS = {
    "yammer": "Yammer",
    "x": "X",
    "mastodon": "Mastodon",
    "linkedin": "LinkedIn",
    "facebook": "Facebook",
    "web": "the web",
}
OLDEST_FIRST = [{"created_at": {"order": "asc", "missing": "_last"}}]
NEWEST_FIRST = [{"created_at": {"order": "desc", "missing": "_last"}}]
Pseudonym = Callable[[str], str] | None
Source = dict[str, Any]
RawHit = dict[str, Any]


@dataclass(frozen=True)
class RelatedGroup:
    """``reason`` says why these posts are linked, as a person would; ``label`` is the kind
    of link: thread, link, entities, identity or similar."""

    reason: str
    label: str
    hits: list[Hit]


@dataclass(frozen=True)
class EntityPage:
    """``label`` is the entity's kind (PERSON, ORG, PRODUCT, ...) and ``id`` its directory
    id, when the enrichment knows them."""

    entity: str
    label: str | None
    id: str | None
    total: int
    by_source: list[tuple[str, int]]
    posts: list[Hit]
    related_entities: list[tuple[str, int]]


@dataclass(frozen=True)
class _Link:
    """One kind of link: the query that finds candidates, and how the posts it found split
    into groups, each with its reason."""

    label: str
    query: dict[str, Any]
    split: Callable[[list[RawHit]], list[tuple[str, list[RawHit]]]]
    sort: list | None = None


# --- related posts ------------------------------------------------------------------------


def related_posts(
    es: Elasticsearch, alias: str, post_id: str, role: str, pseudonym: Pseudonym = None
) -> list[RelatedGroup]:
    """The post's cross-links as ``role`` sees them, in this order: its thread, posts that
    share one of its links, posts that mention its entities or hashtags, its author's posts
    on other platforms, similar text. A post appears only in the first group that finds it,
    the post itself in none. A post the role may not see is not found."""
    post = _fetch(es, alias, post_id, role)
    seen = {post_id}
    groups: list[RelatedGroup] = []
    for link in _links(post, pseudonym):
        hits = _search(es, alias, role, link.query, seen, GROUP_SIZE, link.sort)
        for reason, kept in link.split(hits):
            if kept:
                seen.update(h["_id"] for h in kept)
                groups.append(
                    RelatedGroup(reason, link.label, [as_hit(h, pseudonym) for h in kept])
                )
    return groups


def _links(post: Source, pseudonym: Pseudonym) -> Iterator[_Link]:
    yield _Link("thread", _thread_query(post), _one("same thread"), OLDEST_FIRST)
    for key in list(url_keys(post))[:LINKS_PER_POST]:
        yield _Link("link", url_query(key), _sharing(key))
    if shared := _shared_terms(post):
        yield _Link("entities", _terms_query(shared), _mentioning(shared))
    name = _full_name(post)
    if name and pseudonym is None:
        yield _Link("identity", _identity_query(post, name), _by_platform(name))
    if post.get("text", "").strip():
        yield _Link("similar", _similar_query(post), _one("similar text"))


def _one(reason: str) -> Callable[[list[RawHit]], list[tuple[str, list[RawHit]]]]:
    return lambda hits: [(reason, hits)]


def _thread_query(post: Source) -> dict[str, Any]:
    """Replies, quotes and boosts of the post, the posts it answers or quotes, and the rest
    of its thread."""
    post_id = post["post_id"]
    should: list[dict[str, Any]] = [
        {"term": {field: post_id}} for field in ("thread_id", "reply_to_id", "quote_of_id")
    ]
    if post.get("thread_id"):
        should.append({"term": {"thread_id": post["thread_id"]}})
    parents = [post[f] for f in ("reply_to_id", "quote_of_id", "thread_id") if post.get(f)]
    if parents:
        should.append({"ids": {"values": parents}})
    return {"bool": {"should": should, "minimum_should_match": 1}}


def url_keys(document: Source) -> dict[str, None]:
    """The cross-linking keys of a post's links, in order and without repeats: the
    enrichment's (found in the text, normalised) and the platform's own (``urls``: the shared
    link, the feed item's address), normalised here."""
    from pipeline.enrich.urls import normalise_url  # here: the package loads spaCy

    enriched = (document.get("enrichment") or {}).get("urls") or []
    declared = (normalise_url(u) for u in document.get("urls") or [])
    return dict.fromkeys([*enriched, *declared])


def url_query(key: str) -> dict[str, Any]:
    """Posts whose text links to ``key``, or whose platform links begin like a raw form of
    it (http or https, with or without www., any query string); ``_sharing`` then keeps
    those whose link normalises to ``key``."""
    scheme, _, rest = key.partition("://")
    stem = rest.split("?", 1)[0]
    prefixes = sorted(
        {f"{s}://{host}{stem}" for s in {scheme, "http", "https"} for host in ("", "www.")}
    )
    return {
        "bool": {
            "should": [
                {"term": {"enrichment.urls": key}},
                *({"prefix": {"urls": p}} for p in prefixes),
            ],
            "minimum_should_match": 1,
        }
    }


def _sharing(key: str) -> Callable[[list[RawHit]], list[tuple[str, list[RawHit]]]]:
    def split(hits: list[RawHit]) -> list[tuple[str, list[RawHit]]]:
        return [(f"shares the link {key}", [h for h in hits if key in url_keys(h["_source"])])]

    return split


def _shared_terms(post: Source) -> dict[tuple[str, str], str]:
    """(field, value) → its name, for the post's entities that the directory knows (bar the
    organisation itself) and its hashtags."""
    enrichment = post.get("enrichment") or {}
    terms: dict[tuple[str, str], str] = {}
    for entity in enrichment.get("entities") or []:
        if entity.get("id") and not entity["id"].startswith(ORGANISATION):
            terms.setdefault(("enrichment.entities.id", entity["id"]), entity["text"])
    for tag in enrichment.get("hashtags") or []:
        terms.setdefault(("enrichment.hashtags", tag), f"#{tag}")
    return terms


def _terms_query(terms: dict[tuple[str, str], str]) -> dict[str, Any]:
    should = [{"term": {field: value}} for field, value in terms]
    return {"bool": {"should": should, "minimum_should_match": 1}}


def _mentioning(
    terms: dict[tuple[str, str], str],
) -> Callable[[list[RawHit]], list[tuple[str, list[RawHit]]]]:
    """One group; its reason names what the found posts share with the post."""

    def split(hits: list[RawHit]) -> list[tuple[str, list[RawHit]]]:
        present = set().union(*(_terms_of(h["_source"]) for h in hits))
        names = dict.fromkeys(name for term, name in terms.items() if term in present)
        return [("also mentions " + ", ".join(names), hits)]

    return split


def _terms_of(source: Source) -> set[tuple[str, str]]:
    enrichment = source.get("enrichment") or {}
    entities = {("enrichment.entities.id", e.get("id")) for e in enrichment.get("entities") or []}
    return entities | {("enrichment.hashtags", t) for t in enrichment.get("hashtags") or []}


def _full_name(post: Source) -> str | None:
    name = ((post.get("author") or {}).get("name") or "").strip()
    return name if len(name.split()) >= 2 else None


def _identity_query(post: Source, name: str) -> dict[str, Any]:
    return {
        "bool": {
            "filter": [{"term": {"author.name.raw": name}}],
            "must_not": [{"prefix": {"source": f"{_platform(post['source'])}."}}],
        }
    }


def _by_platform(name: str) -> Callable[[list[RawHit]], list[tuple[str, list[RawHit]]]]:
    """One group per platform, in the order the search found them."""

    def split(hits: list[RawHit]) -> list[tuple[str, list[RawHit]]]:
        platforms: dict[str, list[RawHit]] = {}
        for hit in hits:
            platforms.setdefault(_platform(hit["_source"]["source"]), []).append(hit)
        return [(f"{name} on {PLATFORMS.get(p, p)}", found) for p, found in platforms.items()]

    return split


def _platform(source: str) -> str:
    return source.split(".", 1)[0]


def _similar_query(post: Source) -> dict[str, Any]:
    return {
        "more_like_this": {
            "fields": ["text"],
            "like": post["text"],
            "min_term_freq": 1,
            "min_doc_freq": 1,
            "max_query_terms": 25,
            "minimum_should_match": "60%",
        }
    }


# --- entity pages -------------------------------------------------------------------------


def entity_page(
    es: Elasticsearch,
    alias: str,
    entity: str,
    role: str,
    pseudonym: Pseudonym = None,
    size: int = ENTITY_PAGE_SIZE,
) -> EntityPage:
    """Everything ``role`` may see about one person, organisation or product, newest first,
    with counts per source and the entities most often named beside it. ``entity`` is a name
    ("Anna de Vries", "Northstar") or a directory id ("product:northstar"). Posts are found
    by the entity's directory id when the enrichment linked it, else by its text; a person's
    own posts, on every platform, count too."""
    text, label, entity_id = _resolve(es, alias, entity, role)
    query = _entity_query(text, label, entity_id, by_name=pseudonym is None)
    response = _call(
        es,
        index=alias,
        query={"bool": {"must": [query], "filter": visibility_filter(role)}},
        size=size,
        sort=NEWEST_FIRST,
        track_total_hits=True,
        aggs={
            "sources": {"terms": {"field": "source", "size": 50}},
            "entities": {
                "terms": {"field": "enrichment.entities.text", "size": RELATED_ENTITIES + 5}
            },
        },
    )
    aggregations = response.get("aggregations") or {}
    own = {text.casefold(), entity.casefold()}
    return EntityPage(
        entity=text,
        label=label,
        id=pseudonym(entity_id) if pseudonym and entity_id and label == "PERSON" else entity_id,
        total=response["hits"]["total"]["value"],
        by_source=_buckets(aggregations.get("sources")),
        posts=[as_hit(h, pseudonym) for h in response["hits"]["hits"]],
        related_entities=[
            (name, n)
            for name, n in _buckets(aggregations.get("entities"))
            if name.casefold() not in own
        ][:RELATED_ENTITIES],
    )


def _resolve(
    es: Elasticsearch, alias: str, entity: str, role: str
) -> tuple[str, str | None, str | None]:
    """(name, label, directory id) of what the user asked for, from the posts that mention
    it: an id as given, or a name in any case; the name as given when no post names it."""
    wanted = entity.strip()
    query = {
        "bool": {
            "should": [
                {"term": {"enrichment.entities.id": wanted}},
                {"term": {"enrichment.entities.text": {"value": wanted, "case_insensitive": True}}},
            ],
            "minimum_should_match": 1,
        }
    }
    candidates = [
        found
        for hit in _search(es, alias, role, query, set(), GROUP_SIZE)
        for found in (hit["_source"].get("enrichment") or {}).get("entities") or []
        if found.get("id") == wanted or found["text"].casefold() == wanted.casefold()
    ]
    best = next((e for e in candidates if e.get("id")), candidates[0] if candidates else None)
    if best is None:
        return wanted, None, None
    return best["text"], best["label"], best.get("id")


def _entity_query(text: str, label: str | None, entity_id: str | None, by_name: bool) -> dict:
    """Mentions by id (or text), and with ``by_name`` a person's own posts: by the id and,
    on other platforms, by the full name (the identity rule above)."""
    if entity_id:
        should: list[dict[str, Any]] = [
            {"term": {"enrichment.entities.id": entity_id}},
            {"term": {"enrichment.mentioned_people": entity_id}},
        ]
    else:
        should = [{"term": {"enrichment.entities.text": {"value": text, "case_insensitive": True}}}]
    if by_name and entity_id:
        should.append({"term": {"author.id": entity_id}})
    if by_name and label in ("PERSON", None) and len(text.split()) >= 2:
        should.append({"term": {"author.name.raw": text}})
    return {"bool": {"should": should, "minimum_should_match": 1}}


def _buckets(aggregation: dict[str, Any] | None) -> list[tuple[str, int]]:
    return [(b["key"], b["doc_count"]) for b in (aggregation or {}).get("buckets", [])]


# --- the search engine ----------------------------------------------------------------------


def _fetch(es: Elasticsearch, alias: str, post_id: str, role: str) -> Source:
    query = {"bool": {"filter": [{"ids": {"values": [post_id]}}, *visibility_filter(role)]}}
    hits = _call(es, index=alias, query=query, size=1)["hits"]["hits"]
    if not hits:
        raise NotFound(f"no archived post has the id {post_id!r}")
    return hits[0]["_source"]


def _search(
    es: Elasticsearch,
    alias: str,
    role: str,
    query: dict[str, Any],
    exclude: set[str],
    size: int,
    sort: list | None = None,
) -> list[RawHit]:
    body: dict[str, Any] = {"must": [query], "filter": visibility_filter(role)}
    if exclude:
        body["must_not"] = [{"ids": {"values": sorted(exclude)}}]
    extra = {"sort": sort} if sort else {}
    return _call(es, index=alias, query={"bool": body}, size=size, **extra)["hits"]["hits"]


def _call(es: Elasticsearch, **request) -> dict[str, Any]:
    try:
        return es.search(**request).body
    except (ApiError, TransportError) as exc:
        raise engine_error(exc, "finding related posts") from exc
