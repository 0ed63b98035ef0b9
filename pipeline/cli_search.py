"""Commands that follow the links between posts: a post's cross-links, and everything about
one person, organisation or product. Each is one audited read (``pipeline.legal``)."""

from dataclasses import asdict
from typing import Annotated

import typer
from rich.markup import escape

from pipeline.cli_output import JsonOption, RoleOption, console, print_json
from pipeline.settings import get_settings
from search.visibility import place


def register(app: typer.Typer) -> None:
    app.command()(related)
    app.command()(entity)


def related(
    post_id: Annotated[str, typer.Argument(metavar="ID", help="Post id, as search prints it.")],
    role: RoleOption = "analyst",
    as_json: JsonOption = False,
) -> None:
    """A post's cross-links, grouped, each group with its reason: the thread, posts that
    share a link, posts that mention the same people, products or hashtags, the author on
    other platforms, similar text.

    Example: archivist related yammer.nordlys:3104454998924589 --role pr
    """
    from pipeline.legal import related_audited
    from search.client import get_client
    from search.indexer import posts_alias

    settings = get_settings()
    es = get_client(settings)
    groups = related_audited(settings, es, posts_alias(settings.index_prefix), post_id, role)
    if as_json:
        print_json({"post_id": post_id, "groups": [asdict(g) for g in groups]})
        return
    if not groups:
        console.print(f"nothing in the archive links to {escape(post_id)}", highlight=False)
    for group in groups:
        console.print(f"[bold]{escape(group.reason)}[/] ({len(group.hits)})", highlight=False)
        for hit in group.hits:
            _print_hit(hit)


def entity(
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME", help='A name ("Anna de Vries", "Northstar") or a directory id.'
        ),
    ],
    role: RoleOption = "analyst",
    as_json: JsonOption = False,
) -> None:
    """Everything about one person, organisation or product across internal and external
    sources: the posts, newest first, how many each source holds, and who or what is named
    beside it.

    Example: archivist entity "Anna de Vries" --json
    """
    from pipeline.legal import entity_audited
    from search.client import get_client
    from search.indexer import posts_alias

    settings = get_settings()
    es = get_client(settings)
    page = entity_audited(settings, es, posts_alias(settings.index_prefix), name, role)
    if as_json:
        print_json(asdict(page))
        return
    known = ", ".join(x for x in (page.label, page.id) if x)
    console.print(
        f"[bold]{escape(page.entity)}[/]{f' ({escape(known)})' if known else ''}: "
        f"{page.total} posts",
        highlight=False,
    )
    if page.by_source:
        console.print("by source: " + _counts(page.by_source), highlight=False)
    if page.related_entities:
        console.print("named beside it: " + _counts(page.related_entities), highlight=False)
    for hit in page.posts:
        _print_hit(hit)


def _counts(pairs: list[tuple[str, int]]) -> str:
    return ", ".join(f"{escape(name)} {count}" for name, count in pairs)


def _print_hit(hit) -> None:
    when = f"{hit.created_at:%Y-%m-%d %H:%M}" if hit.created_at else "?"
    where = escape(place(hit.group, hit.visibility))
    who = escape(hit.author or "")
    console.print(f"  {escape(hit.post_id)} {when} {who} · {where}", highlight=False)
    console.print("    " + " ".join(hit.text.split())[:200], highlight=False, markup=False)
