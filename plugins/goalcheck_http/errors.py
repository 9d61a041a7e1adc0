"""Every error is JSON: ``{"error": {"status": 422, "code": "...", "message": "..."}}``.

Messages describe the problem, never repeat the goal text, so an error can be
logged or shown anywhere.
"""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse

log = logging.getLogger("goalcheck.http")

_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: "body_too_large"}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"error": {"status": status, "code": code, "message": message}}
    return JSONResponse(body, status_code=status, headers={"Cache-Control": "no-store", **(headers or {})})


async def api_error(request: Request, exc: ApiError) -> JSONResponse:
    return error_response(exc.status, exc.code, exc.message, exc.headers)


async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
    """Starlette's own 404/405 (unknown path, wrong method), as JSON; keeps the Allow header."""
    message = {404: f"no such endpoint: {request.url.path[:200]}",
               405: f"{request.method} is not allowed here"}.get(exc.status_code, str(exc.detail))
    return error_response(exc.status_code, _HTTP_CODES.get(exc.status_code, "http_error"), message,
                          dict(exc.headers or {}))


HANDLERS = {ApiError: api_error, HTTPException: http_error}
