"""Start the server: build the Checker once, bind the socket, run uvicorn."""

from __future__ import annotations

import logging
import socket
import sys
import time

import click
import uvicorn

from goalcheck_http.app import create_app
from goalcheck_http.settings import Settings


def run(settings: Settings, log_level: str = "info") -> int:
    from goalcheck.checker import Checker
    from goalcheck.classifier import ModelError
    from goalcheck.config import ConfigError, resolve

    logging.basicConfig(level=log_level.upper(), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        began = time.perf_counter()
        checker = Checker(resolve(None))
    except (ConfigError, ModelError) as exc:
        click.echo(f"goalcheck serve: {exc}", err=True)
        return 2
    for problem in checker.plugins.problems:
        click.echo(f"goalcheck: warning: {problem}", err=True)
    logging.getLogger("goalcheck.http").info("checker ready in %.1fs", time.perf_counter() - began)
    try:
        sock = bind(settings.host, settings.port)
    except OSError as exc:
        click.echo(f"goalcheck serve: cannot listen on {settings.host}:{settings.port}: {exc.strerror or exc}", err=True)
        return 2
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"goalcheck serve: listening on http://{shown}:{port}/ (Ctrl+C to stop)", err=True)
    config = uvicorn.Config(create_app(checker, settings), log_config=None, log_level=log_level,
                            access_log=False,  # uvicorn's access log prints query strings; ours does not
                            server_header=False, proxy_headers=False, lifespan="off", timeout_keep_alive=5)
    uvicorn.Server(config).run(sockets=[sock])
    return 0


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
        # Listen now, so that a client that connects as soon as "listening on" is printed is
        # queued rather than refused while uvicorn starts its event loop.
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock
