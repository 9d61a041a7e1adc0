"""The ASGI application: routes, middleware and error handlers, around one warm Checker."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from goalcheck_http import cds, openapi, web
from goalcheck_http.api import Api
from goalcheck_http.errors import HANDLERS
from goalcheck_http.middleware import AccessLog, BearerToken, Headers, SafetyNet
from goalcheck_http.service import CheckService
from goalcheck_http.settings import Settings


def create_app(checker, settings: Settings | None = None) -> Starlette:
    """The app for one Checker (built by the caller: the slow part) and its settings."""
    settings = settings or Settings()
    service = CheckService(checker)
    feedback = cds.FeedbackCounts()
    document = openapi.build(settings)

    async def openapi_json(request: Request) -> JSONResponse:
        return JSONResponse(document)

    routes = [
        *Api(service, settings, feedback).routes(),
        *cds.routes(service, feedback, settings.max_body_bytes, settings.max_goals),
        Route("/openapi.json", openapi_json, methods=["GET"]),
        *web.routes(),
    ]
    known = frozenset(r.path for r in routes if "{" not in r.path)
    middleware = [
        Middleware(SafetyNet, known=known),
        Middleware(AccessLog, known=known),
        Middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                   allow_headers=["Content-Type", "Authorization"], max_age=600),
        Middleware(BearerToken, token=settings.token),
        Middleware(Headers),
    ]
    app = Starlette(routes=routes, middleware=middleware, exception_handlers=HANDLERS)
    app.state.service = service
    app.state.feedback = feedback
    app.state.settings = settings
    return app
