"""The web page (/), its assets and the embeddable /widget.js, all served from the package.

``core.js`` and ``core.css`` (rendering one goal's feedback, applying safe fixes)
are shared: the page gets them in ``/static/app.js`` and ``/static/app.css``,
the widget in ``/widget.js`` (one file, so a vendor adds one script tag). No
asset comes from anywhere else, and the page's Content-Security-Policy says so.
"""

from __future__ import annotations

import json
from importlib import resources

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
            "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


def _asset(name: str) -> str:
    return resources.files("goalcheck_http").joinpath("static", name).read_text(encoding="utf-8")


def bundles() -> dict[str, tuple[str, str]]:
    """Path -> (media type, body), built once at start-up."""
    core_js, core_css = _asset("core.js"), _asset("core.css")
    widget_css = core_css + _asset("widget.css")
    return {
        "/": ("text/html; charset=utf-8", _asset("index.html")),
        "/static/app.js": ("text/javascript; charset=utf-8", core_js + "\n" + _asset("page.js")),
        "/static/app.css": ("text/css; charset=utf-8", core_css + "\n" + _asset("page.css")),
        "/widget.js": ("text/javascript; charset=utf-8",
                       core_js + f"\nGoalcheckCore.css = {json.dumps(widget_css)};\n" + _asset("widget.js")),
    }


def routes() -> list[Route]:
    served = bundles()

    def endpoint(path: str):
        media, body = served[path]
        headers = {"Cache-Control": "no-cache"}
        if path == "/":
            headers["Content-Security-Policy"] = PAGE_CSP
        if path == "/widget.js":
            # Loaded by a <script> tag on a vendor's page: allow that across origins.
            headers["Cross-Origin-Resource-Policy"] = "cross-origin"

        async def serve(request: Request) -> Response:
            return Response(body, media_type=media, headers=headers)

        return serve

    return [Route(path, endpoint(path), methods=["GET"]) for path in served]
