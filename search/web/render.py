"""What the templates format with: links, highlights, dates, places and version diffs.

Everything a post says is escaped; only the highlighter's own ``<em>`` marks and the diff's
``<ins>``/``<del>`` become markup.
"""

import difflib
import re
from datetime import datetime
from urllib.parse import quote, urlencode

from markupsafe import Markup, escape

PLACES = {
    "company_internal": "All Company",
    "direct_message": "a direct message",
    "public_external": "public",
    "private_group": "a private group",
}
# A facet's name -> the query-language operator that filters on one of its values.
FACET_OPERATORS = {
    "source": "source",
    "sources": "source",
    "language": "lang",
    "languages": "lang",
    "lang": "lang",
    "hashtags": "tag",
    "tags": "tag",
    "author": "author",
    "authors": "author",
    "group": "group",
    "groups": "group",
    "entities": "entity",
    "entity": "entity",
}
CATEGORY_FACETS = frozenset({"categories", "category", "labels"})
HIGHLIGHT_MARK = re.compile(r"&lt;(/?)em&gt;")


def search_link(q: str, categories=(), **extra) -> str:
    """The search page for this query and these filters."""
    params = [("q", q), *(("category", c) for c in categories)]
    params += [(k, v) for k, v in extra.items() if v]
    return "/search?" + urlencode(params)


def facet_link(name: str, value: str, q: str, categories: tuple[str, ...], sort: str) -> str | None:
    """The search narrowed to one facet value; None for a facet the query language cannot
    filter on."""
    if name in CATEGORY_FACETS:
        return search_link(q, tuple(dict.fromkeys([*categories, value])), sort=sort)
    operator = FACET_OPERATORS.get(name)
    if operator is None:
        return None
    term = f'{operator}:"{value}"' if re.search(r'[\s"():]', value) else f"{operator}:{value}"
    return search_link(f"{q} {term}".strip(), categories, sort=sort)


def post_link(post_id: str) -> str:
    return "/posts/" + quote(post_id, safe=":@")


def entity_link(entity: str) -> str:
    return "/entities/" + quote(entity, safe=":@")


def highlight(fragment: str) -> Markup:
    """A highlighted fragment, escaped, with the search engine's ``<em>`` marks kept."""
    return Markup(HIGHLIGHT_MARK.sub(r"<\1mark>", str(escape(fragment))))


def when(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if value else "date unknown"


def place(group: str | None, visibility: str) -> str:
    """Where a post was published, as a person would say it."""
    return group or PLACES.get(str(visibility), str(visibility))


def word_diff(before: str, after: str) -> Markup:
    """``after`` with the words removed since ``before`` struck through and the new ones
    marked."""
    old, new = before.split(), after.split()
    parts: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(' '.join(old[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(' '.join(new[j1:j2]))}</ins>")
        if op == "equal":
            parts.append(str(escape(" ".join(old[i1:i2]))))
    return Markup(" ".join(parts))


FILTERS = {"highlight": highlight, "when": when, "word_diff": word_diff}
GLOBALS = {
    "search_link": search_link,
    "facet_link": facet_link,
    "post_link": post_link,
    "entity_link": entity_link,
    "place": place,
}
