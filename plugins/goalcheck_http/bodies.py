"""Reading a JSON request body: size limit, media type, UTF-8, JSON, then the schema.

Each problem is a 4xx with a JSON error body (see :mod:`errors`), never a 500:
413 too large, 415 not JSON, 400 not UTF-8 or not JSON, 422 not what the schema
allows (wrong types, empty text, too many goals).
"""

from __future__ import annotations

import json
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from starlette.requests import Request

from goalcheck_http.errors import ApiError

JSON_TYPES = ("application/json",)
FHIR_TYPES = ("application/json", "application/fhir+json")
_TYPE_WORDS = {"integer": "a whole number", "string": "a string", "boolean": "true or false", "object": "a JSON object",
               "array": "a list", "number": "a number", "null": "null"}


def validator(schema: dict) -> Draft202012Validator:
    return Draft202012Validator(schema)


def whole(value: Any) -> Any:
    """JSON Schema counts 8.0 as an integer, so the API accepts it: as the int 8."""
    return int(value) if isinstance(value, float) else value


async def read_json(request: Request, schema_validator: Draft202012Validator, max_bytes: int,
                    media_types: tuple[str, ...] = JSON_TYPES) -> Any:
    """The body, parsed and checked against the schema."""
    return validate(parse_json(await read_raw(request, max_bytes, media_types)), schema_validator)


async def read_raw(request: Request, max_bytes: int, media_types: tuple[str, ...] = JSON_TYPES) -> bytes:
    """The body's bytes, after the media type and size checks."""
    check_media_type(request, media_types)
    return await read_body(request, max_bytes)


def validate(data: Any, schema_validator: Draft202012Validator) -> Any:
    error = best_match(schema_validator.iter_errors(data))
    if error is not None:
        raise ApiError(422, "invalid_request", describe(error))
    return data


def check_media_type(request: Request, allowed: tuple[str, ...]) -> None:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in allowed:
        shown = f"got {media[:60]!r}" if media else "no Content-Type"
        raise ApiError(415, "unsupported_media_type", f"send the body as {' or '.join(allowed)} ({shown})")


async def read_body(request: Request, max_bytes: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise ApiError(400, "bad_content_length", "Content-Length is not a number")
        if int(declared) > max_bytes:
            raise _too_large(max_bytes)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:  # a body sent without Content-Length (chunked) is counted as it arrives
            raise _too_large(max_bytes)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(max_bytes: int) -> ApiError:
    return ApiError(413, "body_too_large", f"the body is larger than the limit of {max_bytes} bytes")


def parse_json(body: bytes) -> Any:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, "invalid_utf8", f"the body is not valid UTF-8 (byte 0x{body[exc.start]:02x} at offset {exc.start})") from None
    if not text.strip():
        raise ApiError(400, "invalid_json", "the body is empty; send a JSON object")
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        raise ApiError(400, "invalid_json", "the JSON is nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise ApiError(400, "invalid_json", f"the body is not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
    except ValueError as exc:  # NaN, or an integer with thousands of digits
        raise ApiError(400, "invalid_json", f"the body is not valid JSON ({str(exc)[:120]})") from None
    try:
        # A \ud800 escape decodes to a lone surrogate: valid JSON syntax, but not text.
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise ApiError(400, "invalid_unicode", "the JSON has a \\u escape that is not a character (a lone surrogate)") from None
    except (RecursionError, ValueError):
        raise ApiError(400, "invalid_json", "the JSON is nested too deeply") from None
    return data


def _reject_constant(name: str):
    raise ValueError(f"{name} is not allowed in JSON")


def describe(error: ValidationError) -> str:
    """One line naming the field and the rule it breaks, without echoing the value."""
    where = _path(error)
    schema, rule = error.schema, error.validator
    if rule == "type":
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        return f"{where} must be {' or '.join(_TYPE_WORDS.get(t, t) for t in types)}"
    if rule == "required":
        missing = [k for k in schema["required"] if isinstance(error.instance, dict) and k not in error.instance]
        return f"{where}: \"{missing[0] if missing else '?'}\" is required"
    if rule == "additionalProperties":
        unknown = sorted(k for k in error.instance if k not in schema.get("properties", {}))
        return f"{where}: unknown field \"{unknown[0][:40]}\"; allowed: {', '.join(schema.get('properties', {}))}"
    if rule in ("minLength", "pattern"):
        return f"{where} is empty"
    if rule == "maxLength":
        return f"{where} is {len(error.instance)} characters; at most {schema['maxLength']} are allowed"
    if rule in ("minimum", "maximum"):
        return f"{where} must be from {schema.get('minimum')} to {schema.get('maximum')}"
    if rule == "minItems":
        return f"{where} must have at least {schema['minItems']} item(s)"
    if rule == "maxItems":
        return f"{where} has {len(error.instance)} items; at most {schema['maxItems']} are allowed per request"
    if rule in ("enum", "const"):
        allowed = schema["enum"] if rule == "enum" else [schema["const"]]
        return f"{where} must be {' or '.join(json.dumps(a) for a in allowed)}"
    if rule == "anyOf":
        return f"{where} must be a goal: a non-empty string, or an object with a \"text\" string"
    return f"{where} is not allowed here ({rule})"


def _path(error: ValidationError) -> str:
    out = "body"
    for part in error.absolute_path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out
