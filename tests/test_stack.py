"""The production stack's files: the Compose files are valid against the Compose
Specification's JSON schema and hang together, every password they interpolate is in the
example environment file, and the image's build instructions pass hadolint."""

import json
import re
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
import yaml

DOCKER = Path(__file__).resolve().parent.parent / "docker"
COMPOSE_FILES = ("compose.yml", "compose.es-cluster.yml")


class ComposeLoader(yaml.SafeLoader):
    """YAML as Compose reads it: ``!reset`` and ``!override`` (Compose's merge tags) keep
    their value."""


for tag in ("!reset", "!override"):
    ComposeLoader.add_constructor(
        tag,
        lambda loader, node: (
            loader.construct_mapping(node)
            if isinstance(node, yaml.MappingNode)
            else loader.construct_sequence(node)
            if isinstance(node, yaml.SequenceNode)
            else loader.construct_scalar(node)
        ),
    )


def compose(name: str) -> dict:
    return yaml.load((DOCKER / name).read_text(), Loader=ComposeLoader)  # noqa: S506


def compose_schema() -> dict:
    # The Compose Specification's schema, as check-jsonschema vendors it (kept current upstream).
    vendored = files("check_jsonschema.builtin_schemas.vendor").joinpath("compose-spec.json")
    return json.loads(vendored.read_text())


@pytest.mark.parametrize("name", COMPOSE_FILES)
def test_each_compose_file_is_valid_against_the_compose_specification(name):
    jsonschema.validate(compose(name), compose_schema())


def test_the_schema_check_would_catch_a_mistake():
    broken = compose("compose.yml")
    broken["services"]["postgres"]["healthcheck"]["retries"] = "ten"
    broken["services"]["postgres"]["restart_policy"] = "always"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, compose_schema())


def merged_services() -> dict[str, dict]:
    services: dict[str, dict] = {}
    for name in COMPOSE_FILES:
        for service, definition in compose(name)["services"].items():
            services[service] = {**services.get(service, {}), **definition}
    return services


def test_every_dependency_exists_and_every_long_running_service_has_a_health_check():
    services = merged_services()
    for name, service in services.items():
        for needed in service.get("depends_on", {}):
            assert needed in services, f"{name} depends on {needed}, which does not exist"
        one_shot = service.get("restart") == "no"
        assert one_shot or "healthcheck" in service, f"{name} has no health check"
    for needed in ("airflow-api-server", "airflow-scheduler", "airflow-dag-processor",
                   "airflow-triggerer", "archivist-api", "redis", "airflow-worker",
                   "elasticsearch-2", "elasticsearch-3"):  # fmt: skip
        assert needed in services
    assert services["airflow-worker"]["profiles"] == ["celery"]


def test_every_interpolated_variable_is_in_the_example_environment():
    text = "\n".join((DOCKER / name).read_text() for name in COMPOSE_FILES)
    used = set(re.findall(r"(?<!\$)\$\{([A-Z0-9_]+)", text))
    example = (DOCKER / "env.example").read_text()
    given = set(re.findall(r"^([A-Z0-9_]+)=", example, re.MULTILINE))
    assert used - given == set()
    assert "ELASTIC_PASSWORD" in used and "POSTGRES_PASSWORD" in used


def test_containers_get_no_superuser_password_and_no_secret_is_written_in():
    base = compose("compose.yml")
    for name in ("airflow-scheduler", "archivist-api"):
        environment = json.dumps(merged_services()[name].get("environment", {}))
        assert "POSTGRES_PASSWORD" not in environment and "ELASTIC_PASSWORD" not in environment
    literal = re.compile(r"(PASSWORD|SECRET|KEY)\w*:\s+(?!\$\{)\S+")
    text = (DOCKER / "compose.yml").read_text()
    assert not [m.group(0) for m in literal.finditer(text)], "a secret is written into compose"
    assert base["x-archivist"]["env_file"] == "archivist.env"


def test_the_image_build_instructions_pass_hadolint():
    hadolint = Path(sys.executable).with_name("hadolint")
    done = subprocess.run(
        [str(hadolint), "--no-color", str(DOCKER / "Dockerfile")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
