"""ASGI middleware: a safety net, an access log without goal text, the bearer token, headers.

Order, outermost first: SafetyNet, AccessLog, CORS (Starlette's), BearerToken,
Headers. CORS sits outside the token check so that a browser's preflight
(OPTIONS, which carries no token) is answered, and so that a 401 still carries
the CORS headers a page needs to read it.
"""

from __future__ import annotations

import hmac
import json
import logging
import time

log = logging.getLogger("goalcheck.http")

# Paths that need the token when one is set. The page, widget.js, /openapi.json
# and /v1/health carry no student data and stay open so a browser can load them.
PROTECTED = ("/v1/", "/cds-services")
OPEN = ("/v1/health",)
API = ("/v1/", "/cds-services", "/openapi.json")


def _json_response(status: int, code: str, message: str, extra_headers=()):
    body = json.dumps({"error": {"status": status, "code": code, "message": message}}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
               (b"cache-control", b"no-store"), *extra_headers]
    return ({"type": "http.response.start", "status": status, "headers": headers},
            {"type": "http.response.body", "body": body})


def loggable_path(path: str, known: frozenset[str]) -> str:
    """The path as the log may show it: a route's own path, never what a client put in it."""
    if path in known:
        return path
    if path.startswith("/v1/rules/"):
        return "/v1/rules/{rule}"
    return "(other path)"


class SafetyNet:
    """Turns any exception that escapes a handler into a JSON 500, logging only its type.

    Starlette's own error middleware would log the exception message, which could
    quote request data; this logs the exception's class name and nothing else.
    """

    def __init__(self, app, known: frozenset[str] = frozenset()) -> None:
        self.app = app
        self.known = known

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def tracking_send(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:  # the last line of defence: never a traceback with data in it
            log.error("internal error %s on %s %s", type(exc).__name__, scope.get("method"),
                      loggable_path(scope.get("path", ""), self.known))
            if not started:
                for message in _json_response(500, "internal_error", "internal error; see the server log"):
                    await send(message)


class AccessLog:
    """One line per request: method, route (never the query string, the body, or free text
    a client put in the path), status, time."""

    def __init__(self, app, known: frozenset[str] = frozenset()) -> None:
        self.app = app
        self.known = known

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        status = 0
        began = time.perf_counter()

        async def tracking_send(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        finally:
            ms = (time.perf_counter() - began) * 1000
            log.info("%s %s %s %.1fms", scope.get("method"), loggable_path(scope.get("path", ""), self.known), status, ms)


class BearerToken:
    """Requires ``Authorization: Bearer TOKEN`` on the API when a token is set."""

    def __init__(self, app, token: str | None) -> None:
        self.app = app
        self.token = token.encode() if token else None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or self.token is None or not self._protected(scope["path"]):
            return await self.app(scope, receive, send)
        if scope["method"] == "OPTIONS" or self._authorised(scope):
            return await self.app(scope, receive, send)
        for message in _json_response(401, "unauthorized", "send the server's token: Authorization: Bearer TOKEN",
                                      [(b"www-authenticate", b'Bearer realm="goalcheck"')]):
            await send(message)

    @staticmethod
    def _protected(path: str) -> bool:
        return path.startswith(PROTECTED) and path not in OPEN

    def _authorised(self, scope) -> bool:
        for name, value in scope.get("headers", []):
            if name == b"authorization":
                scheme, _, given = value.partition(b" ")
                return scheme.lower() == b"bearer" and hmac.compare_digest(given.strip(), self.token)
        return False


class Headers:
    """nosniff and no-referrer everywhere; ``no-store`` on API answers (they hold student data)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        api = scope["path"].startswith(API)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                headers += [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]
                if api and b"cache-control" not in names:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
