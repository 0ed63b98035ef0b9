"""Commands for backups of the archive database: make one, and prove one restores. Each
parses its options, calls one library function and prints the result."""

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli_output import JsonOption, console, print_json
from pipeline.settings import get_settings

backup_app = typer.Typer(
    help="Backups of the archive database, and the restore test.", no_args_is_help=True
)
Directory = Annotated[Path, typer.Argument(metavar="DIR", help="The backup's directory.")]


def register(app: typer.Typer) -> None:
    app.add_typer(backup_app, name="backup")


@backup_app.command("create")
def backup_create(directory: Directory, as_json: JsonOption = False) -> None:
    """Dump the archive database (pg_dump, one consistent snapshot) into a new directory with
    the checkpoint files it covers and a manifest signed by the archive's key: chain heads,
    counts, the dump's SHA-256. The raw store is files: copy it with rsync or an object-store
    sync (payloads never change, so copies are incremental).

    Example: archivist backup create /backups/archivist-2026-12-01
    """
    from pipeline.archive.backup import create_backup

    backup = create_backup(get_settings(), directory)
    if as_json:
        print_json(backup.manifest)
        return
    dump = backup.manifest["dump"]
    console.print(
        f"backed up {backup.versions} versions ({dump['bytes']:,} bytes, sha256 "
        f"{dump['sha256'][:16]}...) to {directory}",
        highlight=False,
    )


@backup_app.command("verify")
def backup_verify(directory: Directory, as_json: JsonOption = False) -> None:
    """The restore test: check the manifest's signature and the dump's digest, restore it
    into a scratch database on the archive's server, verify every chain, digest, right and
    checkpoint there, compare the heads with the manifest, and drop the scratch database.
    Exit 0 when the backup restores intact, 1 otherwise.

    Example: archivist backup verify /backups/archivist-2026-12-01
    """
    from pipeline.archive.backup import verify_backup

    report = verify_backup(get_settings(), directory)
    if as_json:
        print_json(report.as_dict())
    else:
        for p in report.problems:
            console.print(f"  {p.kind:<9} {p.record}: {p.detail}", highlight=False, markup=False)
        verdict = "restores intact" if report.intact else f"{len(report.problems)} problem(s)"
        console.print(
            f"{directory}: {report.restored_versions} versions restored and verified in "
            f"{report.seconds}s; {verdict}",
            highlight=False,
        )
    raise typer.Exit(0 if report.intact else 1)
