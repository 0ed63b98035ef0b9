"""Commands for the enrichment: analyze text, re-enrich the archive, train and evaluate the
classifier. Each parses its options, calls one library function and prints the result."""

import json
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from pipeline.cli_output import DateOption, JsonOption, console, errors, print_json, utc
from pipeline.settings import get_settings


def register(app: typer.Typer) -> None:
    app.command()(analyze)
    app.command()(reenrich)
    app.command()(train)
    app.command()(evaluate)


def _json_lines(stream, bad: list[int]) -> Iterator[tuple[object, str]]:
    """(id, text) per good line; the numbers of bad lines are collected in ``bad``."""
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            yield record["id"], str(record["text"])
        except (ValueError, KeyError, TypeError):
            errors.print(f'line {number} is not a JSON object with "id" and "text": skipped')
            bad.append(number)


def _summary_line(key, e) -> str:
    parts = [f"{key}: {e.language or '?'}", e.sentiment or "-"]
    if e.labels:
        parts.append("categories " + ", ".join(e.labels))
    if e.triage:
        parts.append(f"triage {e.triage.action}")
    if e.entities:
        parts.append("entities " + ", ".join(f"{x.text} ({x.label})" for x in e.entities))
    if e.pii:
        parts.append("personal data " + ", ".join(p.kind for p in e.pii))
    return " · ".join(parts)


def analyze(
    as_json: JsonOption = False,
    archive: Annotated[
        bool,
        typer.Option(
            "--archive",
            help="Also link names and @-handles to the people in the archive (needs the "
            "database); without it, only the directory file's entries are linked.",
        ),
    ] = False,
) -> None:
    """Enrich texts: JSON lines {"id", "text"} on stdin; one line per text on stdout
    (with --json: the whole enrichment as JSON lines). A bad line is reported and skipped,
    and the exit code is then 1.

    Example: echo '{"id": 1, "text": "Vi søker utvikler i Oslo #jobb"}' | archivist analyze --json
    """
    from pipeline.enrich import build_directory, enrich_texts, read_directory_file
    from pipeline.runs import load_directory

    settings = get_settings()
    if archive:
        directory = load_directory(settings)
    else:
        directory = build_directory(read_directory_file(settings.directory_path), [])
    bad: list[int] = []
    for key, enrichment in enrich_texts(_json_lines(sys.stdin, bad), directory):
        if as_json:
            record = {"id": key, **enrichment.model_dump(mode="json")}
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            console.print(_summary_line(key, enrichment), highlight=False, markup=False)
    if bad:
        raise typer.Exit(1)


def reenrich(
    since: Annotated[datetime, DateOption],
    until: Annotated[datetime, DateOption],
    as_json: JsonOption = False,
) -> None:
    """Enrich again every version archived in [since, until) that the current enricher has
    not seen (after a model or directory upgrade) and re-index those posts. The archived
    versions are not touched; the new enrichment records are added beside the old ones.

    Example: archivist reenrich --since 2026-01-01 --until 2026-02-01
    """
    from pipeline.runs import reenrich as run_reenrich

    summary = run_reenrich(get_settings(), utc(since), utc(until))
    if as_json:
        print_json(summary.__dict__)
        return
    console.print(
        f"{summary.enriched} version(s) enriched by {summary.enricher}; "
        f"{summary.indexed} post(s) re-indexed, {len(summary.index_failed)} failed",
        highlight=False,
    )


def train(
    workdir: Annotated[
        Path, typer.Option(help="Where the corpus files and the training runs are written.")
    ] = Path("build/train"),
) -> None:
    """Generate the labelled corpus and train the classifier (categories, sentiment, triage)
    with `spacy train`; the result replaces the versioned model the enrichment loads.
    Seeded: the same code gives the same corpus and the same model.

    Example: archivist train --workdir build/train
    """
    from pipeline.enrich.training.train import train_classifier

    path = train_classifier(workdir)
    console.print(f"classifier saved to {path}", highlight=False)


def _score_table(title: str, scores: dict) -> Table:
    table = Table("label", "precision", "recall", "F1", "support", title=title)
    for label, s in scores.items():
        table.add_row(label, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.support))
    return table


def evaluate(as_json: JsonOption = False) -> None:
    """Evaluate the enrichment on the corpus's held-out families (phrasings the classifier
    never saw): per-category precision, recall and F1, sentiment, triage, language accuracy,
    and personal-data precision and recall on generated valid and look-alike identifiers.

    Example: archivist evaluate --json
    """
    from pipeline.enrich.training.evaluate import evaluate as run_evaluate

    report = run_evaluate()
    if as_json:
        print_json(report.to_dict())
        return
    console.print(f"held-out examples: {report.examples}", highlight=False)
    console.print(_score_table("categories", report.categories))
    console.print(f"categories macro-F1: {report.categories_macro_f1:.3f}", highlight=False)
    console.print(_score_table("sentiment", report.sentiment))
    console.print(f"sentiment accuracy: {report.sentiment_accuracy:.3f}", highlight=False)
    console.print(_score_table("triage", report.triage))
    console.print(f"triage macro-F1: {report.triage_macro_f1:.3f}", highlight=False)
    console.print(
        f"language accuracy: {report.language_accuracy:.3f} on {report.language_examples} posts",
        highlight=False,
    )
    console.print(_score_table("personal data", report.personal_data))
