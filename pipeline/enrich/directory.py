"""The organisation's own directory as entity-ruler patterns: its people (from the archive),
teams, products, competitors and offices (from a TOML file), plus well-known places.

A name links to one directory entry across every source, so "Anna de Vries" in a tweet and
on Yammer both carry the staff member's id. Handles link @-mentions to the same people.
"""

import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from importlib.resources import files
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from schemas import EntityLabel
from schemas.canonical import canonical_json, sha256_hex


class _Named(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    aliases: list[str] = []


class DirectoryFile(BaseModel):
    """The file's shape (``ARCHIVIST_DIRECTORY_FILE``)::

        [organisation]
        name = "Nordlys Consulting"
        aliases = ["Nordlys"]

        [[teams]]
        name = "Data & AI"

    with ``[[products]]``, ``[[competitors]]`` and ``[[offices]]`` alike.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    organisation: _Named | None = None
    teams: list[_Named] = []
    products: list[_Named] = []
    competitors: list[_Named] = []
    offices: list[_Named] = []


@dataclass(frozen=True)
class Entry:
    label: EntityLabel
    id: str | None
    names: tuple[str, ...]


@dataclass(frozen=True)
class Directory:
    entries: tuple[Entry, ...] = ()
    handles: dict[str, str] = field(default_factory=dict)  # lower-case handle → person id

    def patterns(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Phrase patterns for two entity rulers: names of several words match in any case
        (the first list); one-word names ("People", "Finance") only as written (the second),
        or every "people" would be a team. The first entry to claim a name keeps it (people
        are listed staff first)."""
        claimed: set[str] = set()
        any_case, exact = [], []
        for entry in self.entries:
            for name in entry.names:
                key = name.casefold()
                if key in claimed:
                    continue
                claimed.add(key)
                pattern = {"label": entry.label.value, "pattern": name}
                if entry.id:
                    pattern["id"] = entry.id
                (any_case if len(name.split()) > 1 else exact).append(pattern)
        return any_case, exact

    @cached_property
    def digest(self) -> str:
        """Recorded with every enrichment: which directory its entities were linked against."""
        return sha256_hex(canonical_json([self.patterns(), sorted(self.handles.items())]))[:8]

    def person_for(self, mention: str) -> str | None:
        """The person whose handle is exactly ``mention``. A fediverse ``ola@instance``
        links only to someone known by that full handle, never to a local ``ola``: the
        directory knows no instances of the organisation's own, so a stranger elsewhere
        would pass for a staff member."""
        return self.handles.get(mention.lower().lstrip("@"))


def slug(name: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in name.casefold()).split())


def places() -> tuple[str, ...]:
    lines = files("pipeline.enrich").joinpath("data", "places.txt").read_text("utf-8")
    return tuple(s for s in (line.strip() for line in lines.splitlines()) if s and s[0] != "#")


def read_directory_file(path: Path) -> DirectoryFile:
    if not path.exists():
        return DirectoryFile()
    return DirectoryFile.model_validate(tomllib.loads(path.read_text("utf-8")))


def _named_entries(config: DirectoryFile) -> list[Entry]:
    groups = [
        (EntityLabel.ORG, "org", [config.organisation] if config.organisation else []),
        (EntityLabel.TEAM, "team", config.teams),
        (EntityLabel.PRODUCT, "product", config.products),
        (EntityLabel.ORG, "competitor", config.competitors),
        (EntityLabel.PLACE, "office", config.offices),
    ]
    return [
        Entry(label, f"{prefix}:{slug(item.name)}", (item.name, *item.aliases))
        for label, prefix, items in groups
        for item in items
    ]


def build_directory(config: DirectoryFile, people: list) -> Directory:
    """``people``: ``archive.queries.DirectoryPerson`` rows, staff first. Single-word names
    are left out of the patterns (too many ordinary words are also first names); their
    handles still link mentions."""
    person_entries = [
        Entry(EntityLabel.PERSON, p.id, (p.name,)) for p in people if len(p.name.split()) >= 2
    ]
    handles: dict[str, str] = {}
    for p in people:
        if p.handle:
            handles.setdefault(p.handle.lower().lstrip("@"), p.id)
    entries = [
        *_named_entries(config),
        *person_entries,
        Entry(EntityLabel.PLACE, None, places()),
    ]
    return Directory(entries=tuple(entries), handles=handles)
