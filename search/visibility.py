"""Roles and what each may see: one rule, as Elasticsearch filter clauses for every query and
fetch (``visibility_filter``) and in Python for one indexed document (``may_see``).

- legal: everything: every visibility class, every version, deleted and restricted posts.
- analyst and admin: every visibility class and restricted posts too (analysts do the
  monitoring; a restriction after an erasure request hides a post from PR and recruitment),
  but no deleted post (a deleted post is for legal) and, on a fetch, only the latest version.
- pr and recruitment: only public_external and company_internal posts; never one the
  enrichment labelled confidential or legal_risk, never one in which it found personal data,
  never a restricted or a deleted post; on a fetch only the latest version.

A post whose latest version the enrichment has not seen (capture runs enrich before they
index, so this is one whose enrichment failed or was skipped) has no category and no
personal-data finding. For pr and recruitment it fails closed: it is shown only if it is
public_external, which anyone outside can read on the platform anyway; a company_internal
post stays hidden until its enrichment shows it is harmless.

How a role reads what it may see is decided here too: whether it is legal (``is_legal``), and
for the roles that see authors as pseudonyms, what of a post is masked (``pseudonymise``),
the one rule every read path applies.
"""

from collections.abc import Callable
from copy import deepcopy
from typing import Any

from pipeline.exc import ConfigurationError
from schemas import Category, Visibility

ROLES = ("analyst", "legal", "pr", "recruitment", "admin")
# The record's keepers: they see every version, and place holds and export.
LEGAL_ROLES = frozenset({"legal"})
MONITORING = frozenset({"analyst", "admin"})
OUTWARD_VISIBILITY = (Visibility.COMPANY_INTERNAL.value, Visibility.PUBLIC_EXTERNAL.value)
SENSITIVE_LABELS = (Category.CONFIDENTIAL.value, Category.LEGAL_RISK.value)

NOT_DELETED: dict[str, Any] = {"bool": {"must_not": [{"term": {"is_deleted": True}}]}}
OUTWARD_FILTER: list[dict[str, Any]] = [
    {"terms": {"visibility": list(OUTWARD_VISIBILITY)}},
    {
        "bool": {
            "must_not": [
                {"term": {"is_deleted": True}},
                {"term": {"restricted": True}},
                {"terms": {"enrichment.labels": list(SENSITIVE_LABELS)}},
                {"exists": {"field": "enrichment.pii.kind"}},
            ]
        }
    },
    {
        "bool": {
            "should": [
                {"exists": {"field": "enrichment.enricher"}},
                {"term": {"visibility": Visibility.PUBLIC_EXTERNAL.value}},
            ],
            "minimum_should_match": 1,
        }
    },
]


def check_role(role: str) -> str:
    if role not in ROLES:
        raise ConfigurationError(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    return role


def is_legal(role: str) -> bool:
    return check_role(role) in LEGAL_ROLES


def sees_every_version(role: str) -> bool:
    """Whether a fetch returns the post's whole history (edits, deletion) or its latest
    version only."""
    return is_legal(role)


def visibility_filter(role: str) -> list[dict[str, Any]]:
    """The filter clauses every query and every fetch for ``role`` must carry, outside the
    user's query so that nothing typed into it can widen them."""
    if is_legal(role):
        return []
    if role in MONITORING:
        return [deepcopy(NOT_DELETED)]
    return deepcopy(OUTWARD_FILTER)


def may_see(role: str, document: dict[str, Any]) -> bool:
    """``visibility_filter`` in Python, for one indexed document (IndexedPost fields)."""
    if is_legal(role):
        return True
    if document.get("is_deleted"):
        return False
    if role in MONITORING:
        return True
    return _outward_may_see(document)


def _outward_may_see(document: dict[str, Any]) -> bool:
    if document.get("visibility") not in OUTWARD_VISIBILITY or document.get("restricted"):
        return False
    enrichment = document.get("enrichment")
    if not enrichment:
        return document["visibility"] == Visibility.PUBLIC_EXTERNAL.value
    sensitive = set(enrichment.get("labels") or ()) & set(SENSITIVE_LABELS)
    return not sensitive and not enrichment.get("pii")


# --- how a role reads a post --------------------------------------------------------------

# Where a post was published, by its visibility class, as a person would say it.
PLACES = {
    Visibility.COMPANY_INTERNAL.value: "All Company",
    Visibility.DIRECT_MESSAGE.value: "a direct message",
    Visibility.PUBLIC_EXTERNAL.value: "public",
    Visibility.PRIVATE_GROUP.value: "a private group",
}
WITHHELD = "withheld"


def place(group: str | None, visibility: str) -> str:
    """The post's group, or where it was published as a person would say it."""
    return group or PLACES.get(str(visibility), str(visibility))


def pseudonymise(document: dict[str, Any], pseudonym: Callable[[str], str]) -> dict[str, Any]:
    """A post document (Post or IndexedPost fields, as JSON) as a role that sees authors as
    pseudonyms may read it. The author and every person the post mentions become a stable
    pseudonym with no name or handle. Gone are whatever else leads to them: the platform URL
    (it always leads to the author's profile, and on Mastodon or X it carries the handle), the
    HTML (profile links and display names), the attachments' URLs, the platform link among
    ``urls`` and the provenance's pointers into the raw capture. The text stays: it is what
    was published."""
    masked = {
        **document,
        "author": document.get("author") and _pseudonymous(document["author"], pseudonym),
        "mentions": [_pseudonymous(m, pseudonym) for m in document.get("mentions") or []],
        "url": None,
        "html": None,
        "urls": [u for u in document.get("urls") or [] if u != document.get("url")],
        "attachments": [{**a, "url": None} for a in document.get("attachments") or []],
    }
    if provenance := document.get("provenance"):
        masked["provenance"] = {**provenance, "raw_sha256": WITHHELD, "raw_locator": WITHHELD}
    if enrichment := document.get("enrichment"):
        people = [pseudonym(p) for p in enrichment.get("mentioned_people") or []]
        entities = [_pseudonymous_entity(e, pseudonym) for e in enrichment.get("entities") or []]
        masked["enrichment"] = {**enrichment, "mentioned_people": people, "entities": entities}
    return masked


def _pseudonymous_entity(entity: dict[str, Any], pseudonym: Callable[[str], str]) -> dict:
    """A person the directory linked keeps the link as a pseudonym: their archive id is what
    authors' pseudonyms are made from, so shown in clear it would unmask what they wrote."""
    if entity.get("label") == "PERSON" and entity.get("id"):
        return {**entity, "id": pseudonym(entity["id"])}
    return entity


def _pseudonymous(person: dict[str, Any], pseudonym: Callable[[str], str]) -> dict[str, Any]:
    alias = pseudonym(person["id"])
    return {"id": alias, "name": alias, "handle": None}
