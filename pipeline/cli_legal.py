"""Commands for legal and operations: verify, checkpoint, holds, retention, erasure, export,
the audit trail. Each parses its options, calls one library function and prints the result."""

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from pipeline.cli_output import DateOption, JsonOption, console, print_json, utc
from pipeline.settings import get_settings

hold_app = typer.Typer(help="Legal holds: create, list, release.", no_args_is_help=True)
retention_app = typer.Typer(help="Retention policies and disposition.", no_args_is_help=True)
export_app = typer.Typer(invoke_without_command=True, no_args_is_help=True)
audit_app = typer.Typer(help="The audit trail: list and export.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command()(verify)
    app.command()(checkpoint)
    app.command()(erase)
    app.add_typer(hold_app, name="hold")
    app.add_typer(retention_app, name="retention")
    app.add_typer(export_app, name="export")
    app.add_typer(audit_app, name="audit")


# --- integrity --------------------------------------------------------------------------


def verify(
    raw: Annotated[bool, typer.Option(help="Also re-hash every raw payload file.")] = True,
    as_json: JsonOption = False,
) -> None:
    """Recompute every digest and hash chain, compare with the latest signed checkpoint,
    check the raw payloads and the database rights. Exit 0 when intact, 1 otherwise, naming
    every altered, missing, inserted or reordered record.

    Example: archivist verify --json
    """
    from pipeline.archive.verify import verify_archive

    report = verify_archive(get_settings(), raw=raw)
    if as_json:
        print_json(report.as_dict())
    else:
        checked = ", ".join(f"{n} {what}" for what, n in report.checked.items())
        against = f"checkpoint {report.checkpoint}" if report.checkpoint else "no checkpoint yet"
        console.print(f"checked {checked} against {against} in {report.seconds}s", highlight=False)
        for p in report.problems:
            console.print(f"  {p.kind:<9} {p.record}: {p.detail}", highlight=False, markup=False)
        console.print("intact" if report.intact else f"{len(report.problems)} problem(s)")
    raise typer.Exit(0 if report.intact else 1)


def checkpoint(as_json: JsonOption = False) -> None:
    """Sign the heads of every hash chain and write the manifest to the database and to the
    checkpoint directory (copy that to write-once storage). With ARCHIVIST_TSA_URL set, an
    RFC 3161 time-stamp token is written beside it; an authority that is down is reported
    and tried again by the next checkpoint.

    Example: archivist checkpoint
    """
    from pipeline.archive.checkpoint import write_checkpoint

    settings = get_settings()
    written = write_checkpoint(settings)
    time_stamp = written.time_stamp
    if as_json:
        print_json({**written.as_dict(), "time_stamp": time_stamp and time_stamp.as_dict()})
        return
    chains = written.manifest["chains"]["versions"]
    console.print(
        f"checkpoint {written.id}: {len(chains)} source chain(s), "
        f"{written.manifest['counts']['versions']} versions, "
        f"{written.manifest['counts']['audit_events']} audit events; "
        f"key {written.manifest['key_id']}; written to {settings.checkpoint_path}",
        highlight=False,
    )
    if time_stamp is not None:
        console.print(time_stamp.summary, highlight=False, markup=False)


# --- holds ------------------------------------------------------------------------------


@hold_app.command("create")
def hold_create(
    matter: Annotated[str, typer.Argument(help="Name of the matter, e.g. 'Acme v Nordlys'.")],
    custodian: Annotated[
        list[str] | None, typer.Option(help="Person id, handle or name; repeatable.")
    ] = None,
    source: Annotated[list[str] | None, typer.Option(help="Source key; repeatable.")] = None,
    since: Annotated[datetime | None, DateOption] = None,
    until: Annotated[datetime | None, DateOption] = None,
    query: Annotated[
        str | None, typer.Option(help='Words, "phrases", OR, -word (PostgreSQL web search).')
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Place a legal hold: matching records can no longer be removed by retention, erasure
    or any other path, including records captured later while the hold is active.

    Example: archivist hold create "Acme v Nordlys" --custodian "Anna de Vries" --since 2024-01-01
    """
    from pipeline.archive.db import transaction
    from pipeline.archive.holds import HoldCriteria, create_hold
    from pipeline.legal import actor_for

    settings = get_settings()
    criteria = HoldCriteria(custodian or [], source or [], utc(since), utc(until), query)
    with transaction(settings) as session:
        hold, held = create_hold(session, actor_for(settings, "legal"), matter, criteria)
    if as_json:
        print_json({"id": hold.id, "matter": matter, "posts": held, **criteria.as_dict()})
    else:
        console.print(f"hold {hold.id} on {matter!r}: {held} post(s) held now", highlight=False)


@hold_app.command("list")
def hold_list(
    released: Annotated[bool, typer.Option(help="Include released holds.")] = False,
    as_json: JsonOption = False,
) -> None:
    """List the holds with the number of posts each holds now.

    Example: archivist hold list --released
    """
    from pipeline.archive.db import transaction
    from pipeline.archive.holds import list_holds

    with transaction(get_settings()) as session:
        holds = list_holds(session, include_released=released)
    rows = [
        {
            "id": h.id,
            "matter": h.matter,
            "posts": n,
            "custodians": h.custodians,
            "sources": h.sources,
            "since": h.since,
            "until": h.until,
            "query": h.query,
            "created_at": h.created_at,
            "created_by": h.created_by,
            "released_at": h.released_at,
            "released_by": h.released_by,
            "release_reason": h.release_reason,
        }
        for h, n in holds
    ]
    if as_json:
        print_json(rows)
        return
    table = Table("id", "matter", "posts", "criteria", "created", "released")
    for r in rows:
        criteria = ", ".join(
            f"{k}={v}" for k in ("custodians", "sources", "since", "until", "query") if (v := r[k])
        )
        released_at = (
            f"{r['released_at']:%Y-%m-%d} by {r['released_by']}" if r["released_at"] else ""
        )
        table.add_row(
            str(r["id"]),
            r["matter"],
            str(r["posts"]),
            criteria or "everything",
            f"{r['created_at']:%Y-%m-%d} by {r['created_by']}",
            released_at,
        )
    console.print(table)


@hold_app.command("release")
def hold_release(
    matter: Annotated[str, typer.Argument(help="The matter whose hold ends.")],
    reason: Annotated[str, typer.Option(help="Why the hold ends (kept in the audit trail).")],
) -> None:
    """Release a legal hold, explicitly and audited; retention applies again afterwards.

    Example: archivist hold release "Acme v Nordlys" --reason "settled 2026-10-01"
    """
    from pipeline.archive.db import transaction
    from pipeline.archive.holds import release_hold
    from pipeline.legal import actor_for

    settings = get_settings()
    with transaction(settings) as session:
        release_hold(session, actor_for(settings, "legal"), matter, reason)
    console.print(f"hold on {matter!r} released", highlight=False)


# --- retention and erasure ----------------------------------------------------------------


@retention_app.command("run")
def retention_run(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would go and why; remove nothing.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Dispose of every post past its retention period and under no legal hold: content
    removed from the archive, the index and the raw store; a tombstone keeps the chain
    verifiable; a signed certificate records what, when, which policy and by whom.

    Example: archivist retention run --dry-run
    """
    from pipeline.legal import run_retention

    report = run_retention(get_settings(), dry_run=dry_run)
    if as_json:
        print_json(report.as_dict())
        return
    verb = "would be removed" if report.dry_run else "removed"
    for d in report.due:
        console.print(
            f"  {'would remove' if report.dry_run else 'removed'} {d.post_id}: "
            f"policy {d.policy}, expired {d.expires_at:%Y-%m-%d}",
            highlight=False,
        )
    for d in report.held:
        console.print(
            f"  kept {d.post_id}: expired under {d.policy} but on legal hold", highlight=False
        )
    console.print(
        f"{len(report.due)} post(s) {verb}, {len(report.held)} kept by holds, "
        f"{len(report.without_policy)} without any policy"
        + ("" if report.dry_run else f"; certificates {report.dispositions}"),
        highlight=False,
    )


@retention_app.command("check")
def retention_check(as_json: JsonOption = False) -> None:
    """Show how many posts each policy governs and list any post no policy covers.

    Example: archivist retention check
    """
    from pipeline.legal import plan_retention

    report = plan_retention(get_settings())
    if as_json:
        print_json({"by_policy": dict(report.by_policy), "without_policy": report.without_policy})
    else:
        for policy, n in sorted(report.by_policy.items()):
            console.print(f"  {policy}: {n} post(s)", highlight=False)
        for post_id in report.without_policy:
            console.print(f"  no policy: {post_id}", highlight=False)
    raise typer.Exit(1 if report.without_policy else 0)


def erase(
    person: Annotated[
        str,
        typer.Argument(help="Person id (as `archivist show` gives it), or a name or handle."),
    ],
    reason: Annotated[str, typer.Option(help="The request, e.g. 'GDPR art. 17 request 2026-114'.")],
    as_json: JsonOption = False,
) -> None:
    """Carry out an erasure request: the person's posts are disposed of and their profile
    replaced by the erasure marker, except posts a legal hold or a legal-duty retention
    policy keeps, which are restricted (hidden from PR and recruitment) with the reason. A
    name two people share is refused: give the id.

    Example: archivist erase yammer.nordlys:user:1550674 --reason "GDPR art. 17 request 2026-114"
    """
    from pipeline.legal import erase_person

    report = erase_person(get_settings(), person, reason)
    if as_json:
        print_json(report.as_dict())
        return
    for post_id, why in report.restricted.items():
        console.print(f"  restricted {post_id}: {why}", highlight=False, markup=False)
    profile = "profile erased" if report.profile_erased else "profile kept"
    if not report.restricted and not report.profile_erased:
        profile = "no profile in the archive"
    console.print(
        f"{report.person}: {len(report.erased)} post(s) erased, "
        f"{len(report.restricted)} restricted; {profile}",
        highlight=False,
        markup=False,
    )


# --- export -------------------------------------------------------------------------------


@export_app.callback()
def export_create(
    ctx: typer.Context,
    out: Annotated[Path | None, typer.Option(help="The zip file to write.")] = None,
    hold: Annotated[str | None, typer.Option(help="Export what this matter's hold holds.")] = None,
    query: Annotated[
        str | None, typer.Option(help='Export posts matching words, "phrases", OR, -word.')
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Write an eDiscovery export: every version of every matching record (JSON Lines), the
    native payloads, a load file, a chain-of-custody report and a signed manifest; or check
    one offline with `export verify`.

    Example: archivist export --hold "Acme v Nordlys" --out acme.zip
    """
    from pipeline.archive.db import transaction
    from pipeline.archive.export import write_export
    from pipeline.archive.signing import load_or_create_key
    from pipeline.exc import ConfigurationError
    from pipeline.legal import actor_for

    if ctx.invoked_subcommand is not None:
        return
    if not (hold or query) or out is None:
        raise ConfigurationError("say what to export and where: --hold MATTER or --query Q, --out")
    settings = get_settings()
    key = load_or_create_key(settings.signing_key_path)
    with transaction(settings) as session:
        report = write_export(
            session, actor_for(settings, "legal"), key, out, settings.raw_dir, hold, query
        )
    if as_json:
        print_json(report.as_dict())
    else:
        missing = len(report.natives_missing)
        console.print(
            f"{out}: {report.posts} posts, {report.versions} versions, "
            f"{report.natives} native files"
            + (f", {missing} missing from the raw store (see custody.txt)" if missing else "")
            + f"; signed with key {report.key_id}",
            highlight=False,
        )


@export_app.command("verify")
def export_verify(
    path: Annotated[Path, typer.Argument(help="The export zip.")],
    public_key: Annotated[
        str | None,
        typer.Option(
            help="The archive's public key (base64; `archivist checkpoint --json` prints it). "
            "Without it the signature is checked against the key inside the export."
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Check an export offline: the signature and its key id, every file's hash, files
    missing or added, every version's digest, the load file against the versions. Exit 0
    when intact, 1 otherwise.

    Example: archivist export verify acme.zip --public-key "$(cat archivist-public-key.txt)"
    """
    from pipeline.archive.export import verify_export

    check = verify_export(path, public_key)
    if as_json:
        print_json(check.as_dict())
    else:
        for problem in check.problems:
            console.print(f"  {problem}", highlight=False, markup=False)
        state = "intact" if check.intact else f"{len(check.problems)} problem(s)"
        console.print(
            f"{path}: {check.documents} documents, {check.versions} versions, "
            f"{check.files} files, key {check.key_id}: {state}",
            highlight=False,
        )
        if check.trust_note:
            console.print(check.trust_note, highlight=False)
    raise typer.Exit(0 if check.intact else 1)


# --- audit trail --------------------------------------------------------------------------


@audit_app.command("list")
def audit_list(
    action: Annotated[str | None, typer.Option(help="Only this action, e.g. search.")] = None,
    actor: Annotated[str | None, typer.Option(help="Only this person.")] = None,
    since: Annotated[datetime | None, DateOption] = None,
    limit: Annotated[int, typer.Option(min=1)] = 100,
    as_json: JsonOption = False,
) -> None:
    """List audit events, oldest first: when, who, in which role, what, on which query or
    ids, with how many results. The listing is itself audited.

    Example: archivist audit list --action export --json
    """
    from pipeline.legal import audit_events

    events = audit_events(get_settings(), "legal", utc(since), action, actor, limit)
    if as_json:
        print_json(events)
        return
    for e in events:
        console.print(
            f"{e['seq']:>6} {e['at'][:19]} {e['actor']} ({e['role']}) {e['action']} "
            f"{json.dumps(e['target'], ensure_ascii=False)} → {e['result_count']}",
            highlight=False,
            markup=False,
        )


@audit_app.command("export")
def audit_export(
    out: Annotated[Path, typer.Option(help="JSON Lines file to write.")],
    since: Annotated[datetime | None, DateOption] = None,
    as_json: JsonOption = False,
) -> None:
    """Write the audit trail (with each event's chain hash) as JSON Lines; the export is
    itself recorded in the trail.

    Example: archivist audit export --out audit-2026.jsonl --since 2026-01-01
    """
    from pipeline.legal import export_audit_trail

    count = export_audit_trail(get_settings(), "legal", out, utc(since))
    if as_json:
        print_json({"file": str(out), "events": count})
    else:
        console.print(f"{count} audit events written to {out}", highlight=False)
