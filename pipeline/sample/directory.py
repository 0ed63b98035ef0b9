"""The sample organisation's directory file: what its entity ruler knows besides its people."""

import json
from pathlib import Path

from pipeline.sample import texts
from pipeline.sample.organisation import NETWORK

COMPETITORS = ["Fjordsoft", "Kanaal Consulting", "Thamesbridge Partners"]


def _table(kind: str, name: str, aliases: list[str] = ()) -> str:
    lines = [f"[[{kind}]]", f"name = {json.dumps(name, ensure_ascii=False)}"]
    if aliases:
        lines.append(f"aliases = {json.dumps(list(aliases), ensure_ascii=False)}")
    return "\n".join(lines)


def directory_toml() -> str:
    org = NETWORK["name"]
    parts = [
        f"[organisation]\nname = {json.dumps(org)}\naliases = {json.dumps([org.split()[0]])}",
        *(_table("teams", team) for team in texts.TEAMS),
        *(_table("products", product) for product in texts.PRODUCTS),
        *(_table("competitors", name) for name in COMPETITORS),
        *(_table("offices", city, [f"{city} office"]) for city in texts.CITIES.values()),
    ]
    return "\n\n".join(parts) + "\n"


def write_directory(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(directory_toml(), encoding="utf-8")
    return path
