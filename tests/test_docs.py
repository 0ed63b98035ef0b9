"""Documentation is part of the product: these fail when the docs fall behind the code."""

import re
from pathlib import Path

from pipeline.cli import app
from pipeline.settings import settings_reference

ROOT = Path(__file__).resolve().parents[1]


def test_the_operators_guide_carries_the_generated_settings_reference():
    guide = (ROOT / "docs" / "operators.md").read_text()
    embedded = re.search(
        r"<!-- settings-reference:start -->\n(.*)\n<!-- settings-reference:end -->", guide, re.S
    )
    assert embedded and embedded.group(1) == settings_reference()


def test_the_readme_gives_the_two_commands_and_tours_every_command():
    readme = (ROOT / "README.md").read_text()
    assert "make demo" in readme and "make test" in readme
    for command in app.registered_commands:
        assert f"archivist {command.name or command.callback.__name__}" in readme
