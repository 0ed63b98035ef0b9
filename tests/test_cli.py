"""The command line as a user meets it: help with examples, services, one-line errors."""

import json
import socket

import pytest

from pipeline.exc import ServiceError
from pipeline.services import search_url
from tests.conftest import free_port, run_cli

COMMANDS = [
    ["ingest"],
    ["search"],
    ["show"],
    ["analyze"],
    ["sample"],
    ["demo"],
    ["services", "up"],
    ["services", "down"],
    ["services", "status"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_an_example(command):
    done = run_cli(*command, "--help")
    assert done.returncode == 0
    help_text = " ".join(done.stdout.split())
    assert "Example: " in help_text
    assert f"archivist {' '.join(command)}" in help_text.split("Example: ", 1)[1]


def test_services_status_reports_the_running_local_services(settings):
    done = run_cli("services", "status", "--json")
    statuses = {s["name"]: s for s in json.loads(done.stdout)}
    assert statuses["postgresql"]["running"] and statuses["postgresql"]["local"]
    assert (
        statuses["elasticsearch"]["url"] == f"http://127.0.0.1:{settings.local_elasticsearch_port}"
    )


def test_a_taken_port_is_one_clear_message(settings, tmp_path):
    with socket.socket() as squatter:
        port = free_port()
        squatter.bind(("127.0.0.1", port))
        squatter.listen()
        other = settings.model_copy(update={"home": tmp_path, "local_elasticsearch_port": port})
        with pytest.raises(ServiceError, match=f"port {port} is taken by another program"):
            search_url(other)


def test_configured_urls_start_nothing(tmp_path):
    configured = run_cli(
        "services",
        "status",
        "--json",
        env={
            "ARCHIVIST_HOME": str(tmp_path),
            "ARCHIVIST_DATABASE_URL": "postgresql+psycopg2://u:secret@db.example/a",
            "ARCHIVIST_ELASTICSEARCH_URL": "https://search.example:9200",
        },
    )
    statuses = {s["name"]: s for s in json.loads(configured.stdout)}
    assert statuses["postgresql"]["url"] == "postgresql+psycopg2://u:***@db.example/a"
    assert not statuses["postgresql"]["local"] and not statuses["elasticsearch"]["local"]
    assert not (tmp_path / "postgres").exists() and not (tmp_path / "search").exists()


def test_an_unreachable_database_is_one_line_without_traceback():
    done = run_cli(
        "show", "x", env={"ARCHIVIST_DATABASE_URL": "postgresql+psycopg2://nobody@127.0.0.1:1/none"}
    )
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stderr.startswith("error: cannot reach the archive database")
    assert "Traceback" not in done.stderr
