"""The ``archivist`` command line: thin commands over library functions.

Every command has an example in its help, ``--json`` where output is data, and errors come
out as one sentence with a non-zero exit, never a traceback.
"""

import html
import logging
import os
import sys
import warnings
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from pipeline import (
    cli_alerts,
    cli_backup,
    cli_enrich,
    cli_index,
    cli_insights,
    cli_legal,
    cli_search,
    cli_web,
)
from pipeline.cli_output import JsonOption, RoleOption, console, errors, print_json
from pipeline.exc import ArchivistError, UsageError
from pipeline.settings import get_settings
from schemas import Category
from search.visibility import place as place_of

app = typer.Typer(
    help="Archivist: archive, enrich and search an organisation's social media.\n\n"
    "Example: archivist ingest yammer-export export.zip",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
services_app = typer.Typer(help="Start, stop and inspect the local services.", no_args_is_help=True)
app.add_typer(services_app, name="services")

# --- services ---------------------------------------------------------------------------


def _status_table(statuses) -> Table:
    table = Table("service", "state", "url", "where")
    for s in statuses:
        state = "running" if s.running else "stopped"
        table.add_row(s.name, state, s.url, s.detail if s.local else "configured")
    return table


@services_app.command("up")
def services_up(as_json: JsonOption = False) -> None:
    """Start the local PostgreSQL and Elasticsearch-API server (if no URLs are configured).

    Example: archivist services up
    """
    from pipeline.services import start_services

    statuses = start_services(get_settings())
    print_json([s.__dict__ for s in statuses]) if as_json else console.print(
        _status_table(statuses)
    )


@services_app.command("down")
def services_down() -> None:
    """Stop the local services; their data stays under $ARCHIVIST_HOME.

    Example: archivist services down
    """
    from pipeline.services import stop_services

    stopped = stop_services(get_settings())
    console.print(f"stopped: {', '.join(stopped)}" if stopped else "no local service was running")


@services_app.command("status")
def services_status(as_json: JsonOption = False) -> None:
    """Show which services are running and where.

    Example: archivist services status --json
    """
    from pipeline.services import services_status as status

    statuses = status(get_settings())
    print_json([s.__dict__ for s in statuses]) if as_json else console.print(
        _status_table(statuses)
    )


# --- capture and search -----------------------------------------------------------------


def _summary_line(summary) -> str:
    line = (
        f"run {summary.run_id} ({summary.source or 'unknown source'}): fetched {summary.fetched}, "
        f"new {summary.new}, changed {summary.changed}, unchanged {summary.unchanged}, "
        f"quarantined {summary.quarantined}, indexed {summary.indexed}"
    )
    if summary.index_failed:
        line += f", index failures {summary.index_failed}"
    return line


@app.command()
def ingest(
    kind: Annotated[str, typer.Argument(help="Source kind, e.g. yammer-export.")],
    target: Annotated[str, typer.Argument(metavar="PATH_OR_URL", help="File or URL to capture.")],
    account: Annotated[
        str | None, typer.Option(help="Account name when the file does not say.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """One capture run for one source: capture, archive, enrich and index.

    Prints fetched / new / changed / unchanged / quarantined. Bad records are quarantined
    with their reason; good ones are archived.

    KIND is one of yammer-api, yammer-export, x-api, x-archive, mastodon, rss,
    linkedin-export, facebook-page.

    Example: archivist ingest yammer-export ~/Downloads/export.zip --json
    """
    from pipeline.runs import ingest as run_ingest

    with console.status(f"capturing {target}"):
        summary = run_ingest(get_settings(), kind, target, account=account)
    if as_json:
        print_json(summary.as_dict())
        return
    console.print(_summary_line(summary), highlight=False)
    for reason in summary.reasons:
        console.print(f"  quarantined {reason}", highlight=False)


@app.command()
def search(
    query: Annotated[
        str,
        typer.Argument(
            help='Words, "phrases", OR, NOT / -word, (groups), prefix*, fuzzy~, "a b"~5, '
            "author: source: group: lang: tag: entity: category: before: after: is:deleted "
            "is:edited (see the README)."
        ),
    ],
    role: RoleOption = "analyst",
    limit: Annotated[int, typer.Option(min=1, max=1000, help="Hits per page.")] = 20,
    category: Annotated[
        list[Category] | None,
        typer.Option(help="Only posts the enrichment put in this category; repeatable."),
    ] = None,
    sort: Annotated[str, typer.Option(help="relevance, newest or oldest.")] = "relevance",
    after: Annotated[
        str | None,
        typer.Option(metavar="CURSOR", help="The next-page cursor the previous page printed."),
    ] = None,
    facets: Annotated[
        bool,
        typer.Option(help="Count the matches per source, author, group, category... and day."),
    ] = True,
    as_json: JsonOption = False,
) -> None:
    """Search archived posts as a role: hits with highlights, facet counts, posts over time
    and a cursor for the next page.

    Example: archivist search 'vacature OR stilling -intern after:2024-04-01' --sort newest
    """
    from pipeline.legal import search_audited
    from search.client import get_client
    from search.indexer import posts_alias

    settings = get_settings()
    es, alias = get_client(settings), posts_alias(settings.index_prefix)
    categories = tuple(c.value for c in category or ())
    result = search_audited(
        settings,
        es,
        alias,
        role,
        query,
        size=limit,
        categories=categories,
        sort=sort,
        after=after,
        facets=facets,
    )
    if as_json:
        print_json(_search_json(result))
        return
    console.print(f"{result.total} posts match", highlight=False)
    for hit in result.hits:
        when = f"{hit.created_at:%Y-%m-%d %H:%M}" if hit.created_at else "?"
        place = escape(place_of(hit.group, hit.visibility))
        labels = f" · {', '.join(hit.categories)}" if hit.categories else ""
        author = escape(hit.author or "")
        console.print(f"[bold]{hit.post_id}[/] {when} {author} · {place}{labels}", highlight=False)
        console.print("  " + _snippet(hit.highlights, hit.text))
    _print_facets(result.facets)
    _print_histogram(result.histogram)
    if result.next_page:
        console.print(f"\nnext page: --after {result.next_page}", highlight=False)


def _snippet(highlights: list[str], text: str) -> str:
    """Highlights (escaped HTML whose only markup is <em>) or the text's start, as rich
    markup for the terminal."""
    if not highlights:
        return escape(text[:200])
    marked = " … ".join(highlights).replace("<em>", "\x00").replace("</em>", "\x01")
    plain = escape(html.unescape(marked))
    return plain.replace("\x00", "[reverse]").replace("\x01", "[/reverse]")


def _search_json(result) -> dict:
    return {
        "total": result.total,
        "hits": [h.__dict__ for h in result.hits],
        "facets": {
            name: [{"value": value, "count": count} for value, count in buckets]
            for name, buckets in result.facets.items()
        },
        "histogram": [{"period": period, "posts": posts} for period, posts in result.histogram],
        "next_page": result.next_page,
    }


def _print_facets(facets: dict[str, list[tuple[str, int]]]) -> None:
    shown = {name: buckets for name, buckets in facets.items() if buckets}
    if shown:
        console.print("\n[bold]facets[/]")
    for name, buckets in shown.items():
        counts = " · ".join(f"{escape(value)} {count}" for value, count in buckets)
        console.print(f"  {name:<11} {counts}", highlight=False)


def _print_histogram(histogram: list[tuple[str, int]]) -> None:
    """One line per period, with a bar scaled to the busiest one."""
    if not histogram:
        return
    console.print("\n[bold]posts over time[/]")
    busiest = max(posts for _, posts in histogram) or 1
    for period, posts in histogram:
        console.print(f"  {period}  {'█' * round(40 * posts / busiest):<40} {posts}")


@app.command()
def show(
    post_id: Annotated[str, typer.Argument(metavar="ID", help="Post id, as search prints it.")],
    versions: Annotated[
        bool,
        typer.Option("--versions", help="Every archived version (legal; others see the latest)."),
    ] = False,
    role: RoleOption = "analyst",
    as_json: JsonOption = False,
) -> None:
    """Show one archived post, and with --versions its whole history (an audited view).

    Example: archivist show yammer.nordlys:3104454998345087 --versions --role legal
    """
    from pipeline.legal import read_post

    history = read_post(get_settings(), post_id, role).versions
    shown = history if versions else history[-1:]
    if as_json:
        print_json(
            {
                "post_id": post_id,
                "versions": [
                    {
                        "version": v.version,
                        "archived_at": v.archived_at,
                        "content_sha256": v.content_sha256,
                        "capture_run": v.capture_run,
                        "disposition": v.disposition,
                        "post": v.post.model_dump(mode="json") if v.post else None,
                    }
                    for v in shown
                ],
            }
        )
        return
    latest = next((v.post for v in reversed(history) if v.post), None)
    if latest is None:
        console.print(f"[bold]{escape(post_id)}[/]: content removed; {len(history)} version(s)")
    else:
        author = escape(latest.author.name if latest.author else "?")
        place = escape(place_of(latest.group.name if latest.group else None, latest.visibility))
        console.print(
            f"[bold]{escape(post_id)}[/] by {author} in {place}; {len(history)} version(s)"
        )
    for v in shown:
        if v.post is None:
            state = f"content removed by disposition {v.disposition}"
        else:
            state = "deleted" if v.post.deleted_at else "live"
        console.print(
            f"\nversion {v.version} · archived {v.archived_at:%Y-%m-%d %H:%M:%S} · run "
            f"{v.capture_run} · {state} · sha256 {v.content_sha256[:16]}…",
            highlight=False,
        )
        if v.post is not None:
            console.print(v.post.text, highlight=False, markup=False)


@app.command()
def sample(
    out: Annotated[Path, typer.Argument(help="Directory to write the sample exports to.")],
    seed: Annotated[
        int, typer.Option(help="Random seed: the same seed, the same organisation.")
    ] = 7,
    employees: Annotated[int, typer.Option(min=3)] = 60,
    per_day: Annotated[int, typer.Option(min=1, help="Messages per day.")] = 12,
    days: Annotated[int, typer.Option(min=2)] = 14,
) -> None:
    """Write the sample organisation's files: two overlapping Yammer export zips, an X
    archive, a LinkedIn export and the company blog's feed.

    Example: archivist sample ./sample --seed 7
    """
    from pipeline.sample import build_organisation, write_yammer_exports
    from pipeline.sample.external import write_external

    org = build_organisation(seed=seed, employees=employees, messages_per_day=per_day, days=days)
    for path in [*write_yammer_exports(org, out), *write_external(org, out).values()]:
        console.print(str(path), highlight=False)


# --- demo -------------------------------------------------------------------------------


@app.command()
def demo(as_json: JsonOption = False) -> None:
    """Run the DAGs with Airflow on the sample organisation and print a summary.

    Starts the local services, runs the yammer_export DAG on two overlapping sample exports,
    then one capture DAG per external source (blog, X, Mastodon, Facebook, Yammer API,
    X archive, LinkedIn export) played over HTTP on 127.0.0.1 (`airflow dags test`), then
    people_analytics and weekly_report.

    Example: archivist demo
    """
    from pipeline.demo import run_demo

    with console.status("starting") as status:
        report = run_demo(get_settings(), lambda step: status.update(f"Airflow: {step}"))
    if as_json:
        print_json(report)
        return
    for run in report["runs"]:
        console.print(
            f"run {run['run']} {run['connector']:<15} new {run.get('new', 0)}, changed "
            f"{run.get('changed', 0)}, unchanged {run.get('unchanged', 0)}, quarantined "
            f"{run.get('quarantined', 0)}, indexed {run.get('indexed', 0)} ({run['status']})",
            highlight=False,
        )
    totals = report["archive"]
    console.print(
        f"archive: {totals['posts']} posts in {totals['versions']} versions; "
        'try: archivist search "vacature" or archivist search nordlys',
        highlight=False,
    )
    console.print(
        f"weekly report: {report['report']} (and .pdf); try: archivist insights advocacy "
        "--day 2024-03-20 --chart advocacy.png",
        highlight=False,
    )


cli_legal.register(app)
cli_backup.register(app)
cli_insights.register(app)
cli_enrich.register(app)
cli_index.register(app)
cli_search.register(app)
cli_web.register(app)
cli_alerts.register(app)


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


def main() -> None:
    warnings.filterwarnings("ignore")
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("pgserver").setLevel(logging.CRITICAL)
    try:
        app()
    except UsageError as exc:  # input that cannot be understood: the usage exit code
        errors.print(f"error: {_one_line(exc)}", highlight=False, markup=False)
        sys.exit(2)
    except ArchivistError as exc:
        errors.print(f"error: {_one_line(exc)}", highlight=False, markup=False)
        sys.exit(1)
    except KeyboardInterrupt:
        errors.print("interrupted")
        sys.exit(130)
    except Exception as exc:  # the last line of defence: one sentence, never a traceback
        if os.environ.get("ARCHIVIST_DEBUG"):
            raise
        errors.print(
            f"error: unexpected {exc.__class__.__name__}: {_one_line(exc)} "
            "(set ARCHIVIST_DEBUG=1 to see the traceback)",
            highlight=False,
            markup=False,
        )
        sys.exit(1)
