"""Commands for saved searches and alerts. Each parses its options, calls one library
function (``pipeline.alerting``) and prints the result."""

from dataclasses import asdict
from datetime import datetime
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from pipeline.cli_output import DateOption, JsonOption, RoleOption, console, print_json, utc
from pipeline.settings import get_settings

saved_app = typer.Typer(
    help="Saved searches: add, list, delete. They run as their role and raise alerts.",
    no_args_is_help=True,
)
alerts_app = typer.Typer(
    help="Alerts from saved searches: run, list, install the ready-made lexicons.",
    no_args_is_help=True,
)

UserOption = Annotated[str, typer.Option(help="Whose saved searches.")]
WebhookOption = Annotated[
    str | None, typer.Option(help="URL that gets each run's new alerts as JSON (POST).")
]
EmailOption = Annotated[str | None, typer.Option(help="Address that gets each run's digest.")]


def register(app: typer.Typer) -> None:
    app.add_typer(saved_app, name="saved")
    app.add_typer(alerts_app, name="alerts")


def _saved_table(searches) -> Table:
    table = Table("id", "name", "role", "query", "notifies")
    for s in searches:
        channels = ", ".join(c for c in (s.webhook, s.email) if c) or "-"
        query = s.query + (f" [{s.lexicon}]" if s.lexicon else "")
        table.add_row(str(s.id), escape(s.name), s.role, escape(query), escape(channels))
    return table


@saved_app.command("add")
def saved_add(
    name: Annotated[str, typer.Argument(help="A name for the search, unique per user.")],
    query: Annotated[str, typer.Argument(help="The query, as `archivist search` takes it.")],
    user: UserOption,
    role: RoleOption = "analyst",
    webhook: WebhookOption = None,
    email: EmailOption = None,
    as_json: JsonOption = False,
) -> None:
    """Save a search: every run of the alerts DAG runs it as its role on what was indexed
    since the run before and alerts on each new match (an audited configuration change).

    Example: archivist saved add "Complaints" "nordlys category:complaint" --user anna --role pr
    """
    from pipeline.alerting import save_search

    search = save_search(get_settings(), user, role, name, query, webhook, email)
    if as_json:
        print_json(asdict(search))
    else:
        console.print(
            f"saved search {search.id} {search.name!r} for {user}", highlight=False, markup=False
        )


@saved_app.command("list")
def saved_list(user: UserOption, as_json: JsonOption = False) -> None:
    """List a user's active saved searches.

    Example: archivist saved list --user anna --json
    """
    from pipeline.alerting import list_saved_searches

    searches = list_saved_searches(get_settings(), user)
    if as_json:
        print_json([asdict(s) for s in searches])
    elif searches:
        console.print(_saved_table(searches))
    else:
        console.print(f"{user} has no saved searches", highlight=False)


@saved_app.command("delete")
def saved_delete(
    search_id: Annotated[int, typer.Argument(metavar="ID", help="As `saved list` shows it.")],
    user: UserOption,
    as_json: JsonOption = False,
) -> None:
    """Stop a saved search; the alerts it raised stay (an audited configuration change).

    Example: archivist saved delete 3 --user anna
    """
    from pipeline.alerting import delete_saved_search

    search = delete_saved_search(get_settings(), user, search_id)
    if as_json:
        print_json(asdict(search))
    else:
        console.print(
            f"deleted saved search {search.id} {search.name!r}", highlight=False, markup=False
        )


@alerts_app.command("run")
def alerts_run(
    since: Annotated[datetime, DateOption],
    until: Annotated[datetime, DateOption],
    as_json: JsonOption = False,
) -> None:
    """Run every active saved search on what was indexed in [since, until), record the new
    alerts and notify each saved search once; what the hourly DAG does for each hour.
    Running an interval again adds nothing.

    Example: archivist alerts run --since 2026-12-01T09:00:00 --until 2026-12-01T10:00:00
    """
    from pipeline.alerting import evaluate_saved_searches

    run = evaluate_saved_searches(get_settings(), utc(since), utc(until))
    if as_json:
        print_json(asdict(run))
        return
    searches = len({d.saved_search_id for d in run.digests if not d.late})
    console.print(f"{run.alerts} new alert(s) from {searches} saved search(es)", highlight=False)
    for digest in run.digests:
        late = " (earlier alerts)" if digest.late else ""
        if digest.error:
            console.print(
                f"  {digest.saved_search}{late}: notification failed: {digest.error}",
                highlight=False,
                markup=False,
            )
        elif digest.late:
            console.print(
                f"  {digest.saved_search}: {digest.posts} earlier alert(s) {digest.status}",
                highlight=False,
                markup=False,
            )


@alerts_app.command("list")
def alerts_list(
    user: UserOption,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="Alerts to show.")] = 100,
    as_json: JsonOption = False,
) -> None:
    """List a user's alerts, newest first, with how their notification went.

    Example: archivist alerts list --user anna --json
    """
    from pipeline.alerting import list_alerts

    alerts = list_alerts(get_settings(), user, limit)
    if as_json:
        print_json([asdict(a) for a in alerts])
        return
    if not alerts:
        console.print(f"{user} has no alerts", highlight=False)
        return
    table = Table("alert", "saved search", "post", "matched", "notification")
    for a in alerts:
        outcome = a.notify_status + (f": {a.notify_error}" if a.notify_error else "")
        table.add_row(
            str(a.id),
            escape(a.saved_search),
            f"{a.post_id} v{a.version}",
            f"{a.matched_at:%Y-%m-%d %H:%M}",
            escape(outcome),
        )
    console.print(table)


@alerts_app.command("install-lexicons")
def alerts_install_lexicons(
    user: UserOption,
    role: RoleOption = "analyst",
    organisation: Annotated[
        list[str] | None,
        typer.Option(
            help="A name or handle of the organisation; repeatable. Default: the directory file's."
        ),
    ] = None,
    webhook: WebhookOption = None,
    email: EmailOption = None,
    as_json: JsonOption = False,
) -> None:
    """Save the ready-made alert lexicons for a user: negative mentions of the organisation,
    personal data leaks, confidential content. One the user already has is left alone.

    Example: archivist alerts install-lexicons --user lisa --role legal --email lisa@example.com
    """
    from pipeline.alerting import install_lexicons

    added = install_lexicons(get_settings(), user, role, tuple(organisation or ()), webhook, email)
    if as_json:
        print_json([asdict(s) for s in added])
    elif added:
        console.print(_saved_table(added))
    else:
        console.print(f"{user} already has every lexicon", highlight=False)
