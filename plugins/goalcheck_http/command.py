"""``goalcheck serve``: the click command. Imports the web stack only when it runs."""

from __future__ import annotations

import sys

import click

from goalcheck_http.settings import DEFAULT_HOST, DEFAULT_MAX_BODY, DEFAULT_MAX_GOALS, DEFAULT_PORT


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--host", default=DEFAULT_HOST, show_default=True,
              help="Address to listen on. Anything but a loopback address needs a token.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port; the address is printed).")
@click.option("--token", envvar="GOALCHECK_TOKEN", show_envvar=True,
              help="Require 'Authorization: Bearer TOKEN' on the API (at least 16 characters). "
                   "Prefer the environment variable: a command line is visible to other users.")
@click.option("--cors-origin", "cors_origins", multiple=True, metavar="ORIGIN",
              help="Let pages from ORIGIN (https://iep.example.org) call the API, e.g. through widget.js. "
                   "Repeat for several. None by default.")
@click.option("--max-body-bytes", default=DEFAULT_MAX_BODY, show_default=True, type=int,
              help="Largest request body accepted (413 above it).")
@click.option("--max-goals", default=DEFAULT_MAX_GOALS, show_default=True, type=int,
              help="Most goals checked in one request (422 above it).")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["debug", "info", "warning", "error"]),
              help="Server log level. Logs name requests and timings, never goal text.")
def serve(host, port, token, cors_origins, max_body_bytes, max_goals, log_level):
    """Serve goalcheck over HTTP: a JSON API, a web page and an embeddable widget.

    \b
    Open http://127.0.0.1:8765/ to type goals and see feedback as you type.
      /v1/...           JSON API (the JSON `goalcheck check --format json` prints)
      /openapi.json     its OpenAPI document
      /widget.js        one <script> tag adds feedback to textareas marked data-goalcheck
      /cds-services     HL7 CDS Hooks 2.0 services for EHRs (draft FHIR Goals)

    Safe by default: listens on 127.0.0.1 only; a token is required to listen on
    any other address; no cross-origin access unless --cors-origin allows it;
    bodies and goals per request are limited; goal text is never logged. One
    warm checker (the configuration found from the current folder) serves every
    request.
    """
    from goalcheck_http.settings import Settings, SettingsError

    try:
        settings = Settings(host=host, port=port, token=token or None, cors_origins=tuple(cors_origins),
                            max_body_bytes=max_body_bytes, max_goals=max_goals)
    except SettingsError as exc:
        click.echo(f"goalcheck serve: {exc}", err=True)
        sys.exit(2)
    try:
        from goalcheck_http.server import run
    except ImportError as exc:
        click.echo(f"goalcheck serve: install goalcheck[http] to use this command (missing {exc.name})", err=True)
        sys.exit(2)
    sys.exit(run(settings, log_level))
