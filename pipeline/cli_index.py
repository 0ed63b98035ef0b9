"""Commands for the search index, derived from the archive: rebuild it, reconcile it. Each
parses its options, calls one library function and prints the result."""

from typing import Annotated

import typer

from pipeline.cli_output import JsonOption, console, print_json
from pipeline.settings import get_settings

index_app = typer.Typer(help="The search index, derived from the archive.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(index_app, name="index")


def _drift_lines(report) -> list[str]:
    summary = (
        f"checked {report.checked} documents: {report.missing} missing, {report.stale} stale, "
        f"{report.extra} extra"
    )
    lines = [summary if report.dry_run else f"{summary}; {report.repaired} repaired"]
    for kind, post_ids in report.named.items():
        more = getattr(report, kind) - 10
        if post_ids:
            lines.append(f"  {kind}: {', '.join(post_ids[:10])}{f' and {more} more' * (more > 0)}")
    lines += [f"  not repaired {pid}: {reason}" for pid, reason in report.failures[:10]]
    return lines


@index_app.command("rebuild")
def index_rebuild(as_json: JsonOption = False) -> None:
    """Build a new search index from the archive and swap the alias to it in one step;
    searches meanwhile use the old index, and a failed build is removed. Then reconcile what
    was captured during the build. Needed after a schema upgrade.

    Example: archivist index rebuild
    """
    from pipeline.maintenance import rebuild_search_index

    with console.status("rebuilding the search index from the archive"):
        report = rebuild_search_index(get_settings())
    caught_up = report.caught_up
    if as_json:
        print_json(
            {"index": report.index, "indexed": report.indexed, "caught_up": caught_up.as_dict()}
        )
    else:
        console.print(
            f"{report.indexed} posts indexed into {report.index}; the alias now points there; "
            f"{caught_up.repaired} written meanwhile caught up",
            highlight=False,
        )
    raise typer.Exit(1 if caught_up.failed else 0)


@index_app.command("reconcile")
def index_reconcile(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only report the drift; change nothing.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Compare every document in the search index with the archive (version, content hash,
    history, restriction, enrichment) and repair the drift: index what is missing or stale,
    remove what the archive does not have. A document the index still refuses is quarantined
    with its reason. Exit 1 when drift was found (--dry-run) or could not be repaired.

    Example: archivist index reconcile --dry-run --json
    """
    from pipeline.maintenance import reconcile_search_index

    with console.status("comparing the search index with the archive"):
        report = reconcile_search_index(get_settings(), dry_run=dry_run)
    if as_json:
        print_json(report.as_dict())
    else:
        for line in _drift_lines(report):
            console.print(line, highlight=False, markup=False)
    raise typer.Exit(1 if report.failed or (dry_run and report.drifted) else 0)
