"""Commands for the HTTP API and the web UI: serve them, and create the tokens they accept."""

from typing import Annotated

import typer

from pipeline.cli_output import JsonOption, console, errors, print_json
from pipeline.settings import get_settings

token_app = typer.Typer(help="API tokens for the HTTP API and the web UI.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.add_typer(token_app, name="token")


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
) -> None:
    """Serve the HTTP API (OpenAPI at /openapi.json, try it at /docs) and the web UI, until
    Ctrl-C. Starts the local services when none are configured; log in with a token from
    `archivist token create`.

    Example: archivist serve --port 8000
    """
    from search.api import serve as run_server

    console.print(f"serving on http://{host}:{port}/ (Ctrl-C stops)", highlight=False)
    run_server(get_settings(), host, port)


@token_app.command("create")
def token_create(
    user: Annotated[str, typer.Option(help="Who uses the token; the audit trail names them.")],
    role: Annotated[str, typer.Option(help="analyst, legal, pr, recruitment or admin.")],
    as_json: JsonOption = False,
) -> None:
    """Create an API token for a user in a role and print it, once: only its SHA-256 is kept
    (in ARCHIVIST_API_TOKENS_FILE).

    Example: archivist token create --user anna --role legal
    """
    from pipeline.api_tokens import create_token

    settings = get_settings()
    token = create_token(settings, user, role)
    if as_json:
        print_json({"user": user, "role": role, "token": token})
        return
    console.print(token, highlight=False, markup=False)  # alone on stdout, for scripts
    errors.print(
        f"token for {user} ({role}); it is not shown again: use it as "
        "'Authorization: Bearer TOKEN' or on the web UI's login page",
        highlight=False,
        style="dim",
    )
