"""Adds ``goalcheck lsp`` to the command line. pygls is imported only when the command runs."""

from __future__ import annotations

import ipaddress
import sys

import click

import goalcheck
from goalcheck.types import ExitCode

LOOPBACK_NAMES = ("localhost",)


@goalcheck.hookimpl
def goalcheck_register_commands(cli):
    cli.add_command(lsp)


@click.command()
@click.option("--stdio", "transport", flag_value="stdio", default=True,
              help="Talk LSP over standard input and output (the default; what editors start).")
@click.option("--tcp", "transport", flag_value="tcp", help="Listen for one client on a TCP port instead.")
@click.option("--ws", "transport", flag_value="ws",
              help="Listen on a WebSocket instead (for browser editors such as Monaco or CodeMirror).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on with --tcp/--ws. Anything but loopback exposes goal text to the network.")
@click.option("--port", type=click.IntRange(1, 65535), default=2087, show_default=True, help="Port for --tcp/--ws.")
@click.option("--log-file", type=click.Path(dir_okay=False), help="Write the server's log here (default: standard error).")
@click.option("--log-level", type=click.Choice(["error", "warning", "info", "debug"]), default="warning",
              show_default=True, help="How much to log. Goal text is never logged.")
def lsp(transport, host, port, log_file, log_level):
    """Run the goalcheck language server, for editors that speak LSP.

    The server checks Markdown and plain-text documents as you type and sends
    diagnostics (one per finding, code = rule id), hovers (verdict, evidence,
    the rule's explanation) and code actions (apply a fix, ignore a rule for a
    goal, add a term to the project's vocabulary). It reads the project's
    configuration as `goalcheck check` does, and settings from the editor.

    \b
    Editors start it themselves, e.g. Neovim:
      vim.lsp.start({name = "goalcheck", cmd = {"goalcheck", "lsp"}})
    Browser editors connect to:
      goalcheck lsp --ws --port 2087
    """
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
        if transport == "ws":
            import websockets  # noqa: F401
    except ImportError:
        click.echo('goalcheck lsp: error: the language server needs pygls; install goalcheck[lsp] '
                   '(pip install "goalcheck[lsp]")', err=True)
        sys.exit(ExitCode.ERROR)
    if transport != "stdio" and not _is_loopback(host):
        click.echo(f"goalcheck lsp: warning: listening on {host}: goal text will cross the network unencrypted",
                   err=True)
    from goalcheck_lsp.server import serve

    serve(transport, host, port, log_file, log_level)


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
