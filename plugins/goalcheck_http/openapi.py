"""The OpenAPI 3.1 document served at /openapi.json, every error response included.

Written here by hand from :mod:`schemas` (the same schemas the server validates
with); the tests validate it with openapi-spec-validator and run schemathesis
against it.
"""

from __future__ import annotations

import copy
from typing import Any

from goalcheck import __version__

from goalcheck_http import schemas
from goalcheck_http.cds import SERVICES

_JSON = "application/json"


def build(settings) -> dict[str, Any]:
    components = _components(settings)
    paths = {
        "/v1/health": {"get": _op("health", "Is the server up; the model; limits; CDS feedback counts.",
                                  {"200": _ok("Health", "The server is up.")}, secured=False)},
        "/v1/rules": {"get": _op("listRules", "Every rule, as `goalcheck rules --format json` prints them.",
                                 {"200": _ok_schema({"type": "array", "items": _ref("Rule")}, "The rules.")})},
        "/v1/rules/{rule}": {"get": {
            **_op("explainRule", "One rule and its explanation, by id (GC201) or name (no-timeframe).",
                  {"200": _ok("Rule", "The rule."), "404": _resp("NotFound")}),
            "parameters": [{"name": "rule", "in": "path", "required": True, "schema": {"type": "string"},
                            "description": "A rule id or name."}],
        }},
        "/v1/check/text": {"post": _check_op("checkText", "Find the goals in a draft and check each one.",
                                             "CheckTextRequest")},
        "/v1/check/goals": {"post": _check_op("checkGoals", "Check goals given one by one.", "CheckGoalsRequest")},
        "/v1/check/fhir": {"post": _check_op("checkFhir", "Check the Goals in a FHIR R4 Goal, CarePlan or Bundle.",
                                             "FhirResource", media=("application/json", "application/fhir+json"))},
        "/cds-services": {"get": _op("cdsDiscovery", "CDS Hooks discovery: the services and their prefetch.",
                                     {"200": _ok("CdsDiscovery", "The CDS services.")}, tags=["CDS Hooks"])},
    }
    for service in SERVICES:
        name = service.id.replace("goalcheck-", "").replace("-", " ").title().replace(" ", "")
        paths[f"/cds-services/{service.id}"] = {"post": _body_op(
            f"cds{name}", f"CDS Hooks service on the `{service.hook}` hook: cards for the goals.",
            f"Cds{name}Request", {"200": _ok("CdsResponse", "Cards; an empty list when there is nothing to say.")},
            tags=["CDS Hooks"])}
        paths[f"/cds-services/{service.id}/feedback"] = {"post": _body_op(
            f"cds{name}Feedback", "CDS Hooks feedback: counted per outcome; nothing else is kept.",
            "CdsFeedbackRequest", {"200": _ok("CdsFeedbackResponse", "The feedback was counted.")},
            tags=["CDS Hooks"])}
        components["schemas"][f"Cds{name}Request"] = schemas.cds_request(service.hook, service.context)
    paths.update(_web_paths())
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "goalcheck",
            "version": __version__,
            "description": "Checks draft occupational-therapy goals: educational, medical or ambiguous, and "
                           "measurable. Check answers are the JSON document `goalcheck check --format json` prints. "
                           "Every error is JSON: `{\"error\": {\"status\", \"code\", \"message\"}}`. A bearer token is "
                           "needed only when the server was started with one.",
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "security": [{}, {"bearer": []}],
        "paths": paths,
        "components": components,
    }


def _components(settings) -> dict[str, Any]:
    cds = copy.deepcopy(schemas.cds_response_schema())
    defs = cds.pop("$defs")
    for key in ("$schema", "$id"):
        cds.pop(key, None)
    out = {
        "Error": schemas.ERROR,
        "CheckTextRequest": schemas.check_text_request(settings.max_text_chars),
        "CheckGoalsRequest": schemas.check_goals_request(settings.max_goals),
        "FhirResource": schemas.FHIR_REQUEST,
        "CheckResult": schemas.CHECK_RESULT,
        "Rule": schemas.RULE,
        "Health": schemas.HEALTH,
        "CdsDiscovery": schemas.DISCOVERY,
        "CdsFeedbackRequest": schemas.FEEDBACK_REQUEST,
        "CdsFeedbackResponse": schemas.FEEDBACK_RESPONSE,
        "CdsResponse": _rebase(cds),
        **{f"Cds_{name}": _rebase(schema) for name, schema in defs.items()},
    }
    return {
        "schemas": out,
        "responses": _error_responses(),
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                       "description": "The token given to `goalcheck serve` (GOALCHECK_TOKEN)."}},
    }


def _rebase(schema: Any) -> Any:
    """The card schema's ``#/$defs/x`` references, pointed at ``#/components/schemas/Cds_x``."""
    if isinstance(schema, dict):
        return {k: (v.replace("#/$defs/", "#/components/schemas/Cds_") if k == "$ref" else _rebase(v))
                for k, v in schema.items()}
    if isinstance(schema, list):
        return [_rebase(v) for v in schema]
    return schema


def _error_responses() -> dict[str, Any]:
    def error(description: str, codes: str, headers: dict | None = None) -> dict:
        out = {"description": f"{description} Codes: {codes}.", "content": {_JSON: {"schema": _ref("Error")}}}
        if headers:
            out["headers"] = headers
        return out

    return {
        "BadRequest": error("The body is not valid UTF-8 or not valid JSON.",
                            "invalid_utf8, invalid_json, invalid_unicode, bad_content_length"),
        "Unauthorized": error("A token is set and the request did not send it.", "unauthorized",
                              {"WWW-Authenticate": {"schema": {"type": "string"}}}),
        "NotFound": error("No such rule.", "unknown_rule"),
        "TooLarge": error("The body is larger than the server's limit (--max-body-bytes).", "body_too_large"),
        "UnsupportedMediaType": error("The body was not sent as JSON.", "unsupported_media_type"),
        "Invalid": error("The JSON is not what the schema allows: a wrong type, an empty text, an unknown field, "
                         "more goals than the limit (--max-goals).", "invalid_request"),
    }


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _resp(name: str) -> dict:
    return {"$ref": f"#/components/responses/{name}"}


def _ok(schema: str, description: str) -> dict:
    return _ok_schema(_ref(schema), description)


def _ok_schema(schema: dict, description: str) -> dict:
    return {"description": description, "content": {_JSON: {"schema": schema}}}


def _op(op_id: str, summary: str, responses: dict, secured: bool = True, tags=None) -> dict:
    if secured:
        responses = {**responses, "401": _resp("Unauthorized")}
    out = {"operationId": op_id, "summary": summary, "responses": responses}
    if not secured:
        out["security"] = []
    if tags:
        out["tags"] = tags
    return out


def _body_op(op_id: str, summary: str, schema: str, responses: dict, media=(_JSON,), tags=None) -> dict:
    errors = {"400": _resp("BadRequest"), "413": _resp("TooLarge"), "415": _resp("UnsupportedMediaType"),
              "422": _resp("Invalid")}
    return {
        **_op(op_id, summary, {**responses, **errors}, tags=tags),
        "requestBody": {"required": True, "content": {m: {"schema": _ref(schema)} for m in media}},
    }


def _check_op(op_id: str, summary: str, schema: str, media=(_JSON,)) -> dict:
    return _body_op(op_id, summary, schema, {"200": _ok("CheckResult", "The JSON document the CLI prints.")}, media)


def _web_paths() -> dict[str, Any]:
    def page(op_id: str, summary: str, media: str) -> dict:
        return {"get": {"operationId": op_id, "summary": summary, "security": [], "tags": ["Web"],
                        "responses": {"200": {"description": summary, "content": {media: {"schema": {"type": "string"}}}}}}}

    return {
        "/": page("webPage", "The web page: type goals, see the feedback.", "text/html"),
        "/widget.js": page("widget", "The embeddable script: feedback on marked textareas.", "text/javascript"),
        "/static/app.js": page("pageScript", "The web page's script.", "text/javascript"),
        "/static/app.css": page("pageStyles", "The web page's styles.", "text/css"),
        "/openapi.json": {"get": {"operationId": "openapi", "summary": "This document.", "security": [],
                                  "responses": {"200": _ok_schema({"type": "object"}, "The OpenAPI document.")}}},
    }
