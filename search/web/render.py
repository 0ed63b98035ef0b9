"""What the templates format with: links, highlights, dates, places and version diffs.

Everything a post says is escaped; only the highlighter's own ``<em>`` marks and the diff's
``<ins>``/``<del>`` become markup. Every ``href`` built from data goes through ``safe_url``:
a link from outside becomes a link only when it is http(s), so a ``javascript:`` URL from a
feed is shown as text.
"""

import difflib
import re
from datetime import datetime
from urllib.parse import quote, urlencode

from markupsafe import Markup, escape

from schemas.links import web_url
from search.query import escaped_fragment
from search.visibility import place

# A facet's name (``search.query.FACETS``) -> the query-language operator that filters on
# one of its values; the categories facet filters by category instead.
FACET_OPERATORS = {
    "source": "source",
    "language": "lang",
    "hashtags": "tag",
    "author": "author",
    "group": "group",
    "entities": "entity",
}
CATEGORY_FACET = "categories"
HIGHLIGHT_MARK = re.compile(r"<(/?)em>")


def search_link(q: str, categories=(), **extra) -> str:
    """The search page for this query and these filters."""
    params = [("q", q), *(("category", c) for c in categories)]
    params += [(k, v) for k, v in extra.items() if v]
    return safe_url("/search?" + urlencode(params))


def facet_link(name: str, value: str, q: str, categories: tuple[str, ...], sort: str) -> str | None:
    """The search narrowed to one facet value; None for a facet the query language cannot
    filter on."""
    if name == CATEGORY_FACET:
        return search_link(q, tuple(dict.fromkeys([*categories, value])), sort=sort)
    operator = FACET_OPERATORS.get(name)
    if operator is None:
        return None
    term = f'{operator}:"{value}"' if re.search(r'[\s"():]', value) else f"{operator}:{value}"
    return search_link(f"{q} {term}".strip(), categories, sort=sort)


def post_link(post_id: str) -> str:
    return safe_url("/posts/" + quote(post_id, safe=":@"))


def entity_link(entity: str) -> str:
    return safe_url("/entities/" + quote(entity, safe=":@"))


def safe_url(url: str | None) -> str | None:
    """``url`` when it may be an ``href``: one of this site's own paths, or an http(s) URL;
    None for anything else (``javascript:``, ``data:``, ``//elsewhere``), which the
    templates then show as text."""
    if url and url.startswith("/") and not url.startswith(("//", "/\\")):
        return url
    return web_url(url)


def highlight(fragment: str) -> Markup:
    """A highlight fragment in its one escaped form (``search.query.escaped_fragment``, a
    fixed point, so a hit's fragments pass through unchanged), its ``<em>`` marks shown as
    ``<mark>``."""
    return Markup(HIGHLIGHT_MARK.sub(r"<\1mark>", escaped_fragment(fragment)))


def when(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if value else "date unknown"


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
    "safe_url": safe_url,
    "place": place,
}
