"""The JSON API, versioned under /v1. Check answers are the JSON document ``goalcheck check --format json`` prints."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from goalcheck import __version__
from goalcheck.readers import Metadata, Source

from goalcheck_http import schemas
from goalcheck_http.bodies import FHIR_TYPES, parse_json, read_json, read_raw, validate, validator, whole
from goalcheck_http.errors import ApiError
from goalcheck_http.service import CheckService, goal_from_request


class Api:
    def __init__(self, service: CheckService, settings, feedback) -> None:
        self.service = service
        self.settings = settings
        self.feedback = feedback
        self.text_schema = validator(schemas.check_text_request(settings.max_text_chars))
        self.goals_schema = validator(schemas.check_goals_request(settings.max_goals))
        self.fhir_schema = validator(schemas.FHIR_REQUEST)

    def routes(self) -> list[Route]:
        return [
            Route("/v1/health", self.health, methods=["GET"]),
            Route("/v1/rules", self.rules, methods=["GET"]),
            Route("/v1/rules/{rule}", self.explain, methods=["GET"]),
            Route("/v1/check/text", self.check_text, methods=["POST"]),
            Route("/v1/check/goals", self.check_goals, methods=["POST"]),
            Route("/v1/check/fhir", self.check_fhir, methods=["POST"]),
        ]

    async def health(self, request: Request) -> JSONResponse:
        s = self.settings
        return JSONResponse({
            "status": "ok",
            "goalcheck": __version__,
            "model": self.service.model,
            "limits": {"max_body_bytes": s.max_body_bytes, "max_goals": s.max_goals,
                       "max_text_chars": s.max_text_chars},
            "feedback": self.feedback.snapshot(),
        })

    async def rules(self, request: Request) -> JSONResponse:
        return JSONResponse(self.service.rules())

    async def explain(self, request: Request) -> JSONResponse:
        key = request.path_params["rule"]
        found = self.service.rule(key)
        if found is None:
            raise ApiError(404, "unknown_rule", f"no rule {key[:40]!r}; GET /v1/rules lists them")
        return JSONResponse(found)

    async def check_text(self, request: Request) -> JSONResponse:
        body = await read_json(request, self.text_schema, self.settings.max_body_bytes)
        metadata = Metadata(age=whole(body.get("age")), grade=whole(body.get("grade")), transition=body.get("transition"))
        doc = await run_in_threadpool(self.service.check_text, body["text"], body.get("format", "markdown"), metadata)
        return JSONResponse(doc)

    async def check_goals(self, request: Request) -> JSONResponse:
        body = await read_json(request, self.goals_schema, self.settings.max_body_bytes)
        defaults = {k: body.get(k) for k in ("age", "grade", "transition")}
        goals = [goal_from_request(item, i, defaults) for i, item in enumerate(body["goals"])]
        return JSONResponse(await run_in_threadpool(self.service.check_goals, goals))

    async def check_fhir(self, request: Request) -> JSONResponse:
        # Validated for shape here, then read by the fhir reader from the raw bytes,
        # exactly as `goalcheck check --input-format fhir` reads a file.
        raw = await read_raw(request, self.settings.max_body_bytes, FHIR_TYPES)
        validate(parse_json(raw), self.fhir_schema)
        source = Source("<fhir>", raw, Metadata())
        doc = await run_in_threadpool(self.service.check_source, source, "fhir")
        return JSONResponse(doc)

