"""goalcheck serve's JSON API, through the ASGI app (no sockets): contract, bad input, safety defaults."""

from __future__ import annotations

import asyncio
import json
import logging

import httpx
import pytest
from openapi_spec_validator import validate as validate_openapi

from conftest import ROOT, run_cli
from goalcheck import __version__
from goalcheck_http import openapi
from goalcheck_http.app import create_app
from goalcheck_http.settings import Settings, SettingsError

TOKEN = "s3cret-token-for-tests"


def call(app, method: str, path: str, **kwargs) -> httpx.Response:
    """One request through the ASGI app, synchronously."""
    async def go():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await client.request(method, path, **kwargs)
    return asyncio.run(go())


@pytest.fixture(scope="module")
def app(checker):
    return create_app(checker, Settings(max_goals=5, max_body_bytes=64 * 1024))


@pytest.fixture(scope="module")
def token_app(checker):
    return create_app(checker, Settings(token=TOKEN, cors_origins=("http://vendor.test",)))


GOALS = [
    {"id": "rosa-1", "text": "By the annual review, during classroom writing tasks, Rosa will copy a three-sentence "
                             "passage from the board with letters sized correctly in 4 of 5 work samples.", "age": 8},
    {"id": "rosa-2", "text": "Rosa will increase grip strength to 15 lb.", "age": 8},
    {"id": "pt-1", "text": "pt will don shirt w/ min A", "age": 64},
]


def _goal_view(goal: dict) -> dict:
    """What the CLI and the API must agree on for one goal (paths and locations differ by design)."""
    return {k: v for k, v in goal.items() if k != "location"}


# --- the contract: the same JSON the CLI prints -------------------------------------------
def test_check_goals_returns_the_cli_json_contract(app, tmp_path):
    source = tmp_path / "goals.jsonl"
    source.write_text("\n".join(json.dumps(g) for g in GOALS) + "\n", encoding="utf-8")
    cli = json.loads(run_cli("check", "--format", "json", str(source)).stdout)

    response = call(app, "POST", "/v1/check/goals", json={"goals": GOALS})

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    doc = response.json()
    assert set(doc) == set(cli) == {"goalcheck", "schema", "model", "files", "summary"}
    assert doc["goalcheck"] == __version__ and doc["schema"] == cli["schema"] and doc["model"] == cli["model"]
    assert [_goal_view(g) for g in doc["files"][0]["goals"]] == [_goal_view(g) for g in cli["files"][0]["goals"]]
    assert doc["summary"] == cli["summary"]
    assert [g["location"]["index"] for g in doc["files"][0]["goals"]] == [0, 1, 2]


def test_check_text_finds_goals_in_a_draft_like_the_cli(app):
    draft = ROOT / "examples" / "iep-draft.md"
    cli = json.loads(run_cli("check", "--format", "json", str(draft)).stdout)

    response = call(app, "POST", "/v1/check/text", json={"text": draft.read_text(encoding="utf-8")})

    assert response.status_code == 200
    doc = response.json()
    assert doc["files"][0]["path"] == "<text>"
    assert doc["files"][0]["goals"] == cli["files"][0]["goals"]
    assert doc["summary"]["goals"] == cli["summary"]["goals"] >= 5


def test_goals_may_be_plain_strings_and_metadata_defaults_apply(app):
    body = {"goals": ["Rosa will increase grip strength to 15 lb.",
                      {"text": "Devon will do his laundry with his mother on weekends.", "age": 17, "id": 7}],
            "age": 9, "transition": False}
    goals = call(app, "POST", "/v1/check/goals", json=body).json()["files"][0]["goals"]
    assert goals[0]["metadata"] == {"age": 9, "transition": False} and goals[0]["id"] is None
    assert goals[1]["metadata"] == {"age": 17, "transition": False} and goals[1]["id"] == "7"
    assert goals[0]["label"] == "medical"


def test_whole_numbers_written_with_a_decimal_point_are_whole_numbers(app):
    # JSON Schema counts 8.0 as an integer; the result says 8, as the CLI would.
    body = {"goals": [{"text": "Ava will write her name.", "id": 3.0, "grade": 2.0}], "age": 8.0}
    goal = call(app, "POST", "/v1/check/goals", json=body).json()["files"][0]["goals"][0]
    assert goal["id"] == "3" and goal["metadata"] == {"age": 8, "grade": 2}


def test_rules_and_explain_match_the_cli(app):
    cli_rules = json.loads(run_cli("rules", "--format", "json").stdout)
    assert call(app, "GET", "/v1/rules").json() == cli_rules
    by_id = call(app, "GET", "/v1/rules/gc201").json()
    by_name = call(app, "GET", "/v1/rules/no-timeframe").json()
    assert by_id == by_name and by_id["id"] == "GC201"
    assert set(by_id["explanation"]) == {"What it flags", "Why it matters", "Example", "A better version"}


def test_unknown_rule_is_a_json_404(app):
    response = call(app, "GET", "/v1/rules/GC999")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_rule"


def test_health_reports_model_limits_and_feedback_counts(app):
    health = call(app, "GET", "/v1/health").json()
    assert health["status"] == "ok" and health["goalcheck"] == __version__
    assert health["limits"]["max_goals"] == 5
    assert health["model"]["name"]
    assert set(health["feedback"]) == {"goalcheck-order-sign", "goalcheck-goal-edit"}


# --- bad input: a 4xx with a JSON error body, never a 500 -----------------------------------
BAD_BODIES = [
    ("malformed JSON", "/v1/check/goals", b'{"goals": [', "application/json", 400, "invalid_json"),
    ("invalid UTF-8", "/v1/check/text", b'{"text": "caf\xe9"}', "application/json", 400, "invalid_utf8"),
    ("UTF-16", "/v1/check/text", '{"text": "Ava will write"}'.encode("utf-16"), "application/json", 400, "invalid_utf8"),
    ("lone surrogate", "/v1/check/text", b'{"text": "Ava \\ud800 will write"}', "application/json", 400, "invalid_unicode"),
    ("NaN", "/v1/check/goals", b'{"goals": ["Ava will write"], "age": NaN}', "application/json", 400, "invalid_json"),
    ("deep nesting", "/v1/check/goals", b"[" * 20_000 + b"]" * 20_000, "application/json", 400, "invalid_json"),
    ("huge integer", "/v1/check/goals", b'{"goals": ["x"], "age": ' + b"9" * 5000 + b"}", "application/json", 400, "invalid_json"),
    ("empty body", "/v1/check/text", b"", "application/json", 400, "invalid_json"),
    ("not an object", "/v1/check/goals", b'["Ava will write"]', "application/json", 422, "invalid_request"),
    ("goals is a number", "/v1/check/goals", b'{"goals": 5}', "application/json", 422, "invalid_request"),
    ("text is a number", "/v1/check/text", b'{"text": 5}', "application/json", 422, "invalid_request"),
    ("age is a string", "/v1/check/goals", b'{"goals": [{"text": "Ava will write", "age": "eight"}]}', "application/json", 422, "invalid_request"),
    ("age is 8.5", "/v1/check/goals", b'{"goals": ["Ava will write"], "age": 8.5}', "application/json", 422, "invalid_request"),
    ("age out of range", "/v1/check/text", b'{"text": "Ava will write", "age": 300}', "application/json", 422, "invalid_request"),
    ("empty text", "/v1/check/text", b'{"text": ""}', "application/json", 422, "invalid_request"),
    ("blank text", "/v1/check/text", b'{"text": " \\n\\t "}', "application/json", 422, "invalid_request"),
    ("blank goal", "/v1/check/goals", b'{"goals": ["Ava will write", "   "]}', "application/json", 422, "invalid_request"),
    ("no goals", "/v1/check/goals", b'{"goals": []}', "application/json", 422, "invalid_request"),
    ("too many goals", "/v1/check/goals", json.dumps({"goals": ["Ava will write"] * 6}).encode(), "application/json", 422, "invalid_request"),
    ("unknown field", "/v1/check/goals", b'{"goals": ["Ava will write"], "agee": 8}', "application/json", 422, "invalid_request"),
    ("goal too long", "/v1/check/goals", json.dumps({"goals": ["a" * 5001]}).encode(), "application/json", 422, "invalid_request"),
    ("form post", "/v1/check/text", b"text=Ava+will+write", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
    ("no content type", "/v1/check/text", b'{"text": "Ava will write"}', None, 415, "unsupported_media_type"),
    ("oversized body", "/v1/check/text", json.dumps({"text": "Ava will write. " * 5000}).encode(), "application/json", 413, "body_too_large"),
    ("FHIR without resourceType", "/v1/check/fhir", b'{"id": "g1"}', "application/fhir+json", 422, "invalid_request"),
]


@pytest.mark.parametrize("name,path,body,media,status,code", BAD_BODIES, ids=[b[0] for b in BAD_BODIES])
def test_bad_input_is_a_4xx_with_a_json_error(app, name, path, body, media, status, code):
    headers = {"content-type": media} if media else {}
    response = call(app, "POST", path, content=body, headers=headers)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error == {"status": status, "code": code, "message": error["message"]}
    assert error["message"] and "\n" not in error["message"]
    assert response.headers["cache-control"] == "no-store"
    documented = openapi.build(Settings())["paths"][path]["post"]["responses"]
    assert str(status) in documented, f"{status} is not in the OpenAPI document for {path}"


def test_error_messages_name_the_field(app):
    body = {"goals": [{"text": "Ava will write"}, {"text": "Ben will cut", "grade": "third"}]}
    message = call(app, "POST", "/v1/check/goals", json=body).json()["error"]["message"]
    assert message == "body.goals[1].grade must be a whole number"


def test_a_chunked_body_over_the_limit_is_refused_as_it_arrives(app):
    async def chunks():
        for _ in range(100):
            yield b" " * 1024  # no Content-Length: counted as it streams in

    response = call(app, "POST", "/v1/check/text", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body_too_large"


def test_unknown_paths_and_methods_are_json(app):
    missing = call(app, "GET", "/v2/check")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    wrong = call(app, "DELETE", "/v1/check/goals")
    assert wrong.status_code == 405 and wrong.json()["error"]["code"] == "method_not_allowed"
    assert "POST" in wrong.headers["allow"]


# --- safe defaults ------------------------------------------------------------------------------
def test_token_is_required_when_set(token_app):
    body = {"goals": ["Ava will write her name."]}
    assert call(token_app, "POST", "/v1/check/goals", json=body).status_code == 401
    wrong = call(token_app, "POST", "/v1/check/goals", json=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "unauthorized"
    assert wrong.headers["www-authenticate"].startswith("Bearer")
    ok = call(token_app, "POST", "/v1/check/goals", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200
    assert call(token_app, "GET", "/cds-services").status_code == 401
    # Nothing with student data: the page, the widget, the OpenAPI document and health stay open.
    for path in ("/", "/widget.js", "/openapi.json", "/v1/health"):
        assert call(token_app, "GET", path).status_code == 200, path


def test_cors_only_for_configured_origins(app, token_app):
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type,authorization"}
    allowed = call(token_app, "OPTIONS", "/v1/check/goals", headers={"Origin": "http://vendor.test", **preflight})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "http://vendor.test"
    other = call(token_app, "OPTIONS", "/v1/check/goals", headers={"Origin": "http://evil.test", **preflight})
    assert "access-control-allow-origin" not in other.headers
    # The default: no origin at all.
    simple = call(app, "GET", "/v1/health", headers={"Origin": "http://vendor.test"})
    assert "access-control-allow-origin" not in simple.headers


@pytest.mark.parametrize("kwargs,message", [
    ({"host": "0.0.0.0"}, "a token is required to listen on 0.0.0.0"),
    ({"host": "192.168.1.20"}, "a token is required"),
    ({"token": "short"}, "at least 16 characters"),
    ({"cors_origins": ("*",)}, "must be a scheme and host"),
    ({"max_goals": 0}, "--max-goals"),
])
def test_unsafe_settings_are_refused(kwargs, message):
    with pytest.raises(SettingsError, match=message):
        Settings(**kwargs)


def test_loopback_is_the_default_and_needs_no_token():
    assert Settings().host == "127.0.0.1"
    assert Settings(host="::1").token is None and Settings(host="localhost").token is None
    assert Settings(host="0.0.0.0", token=TOKEN).host == "0.0.0.0"


def test_serve_refuses_a_public_address_without_a_token():
    result = run_cli("serve", "--host", "0.0.0.0", "--port", "0", env={"GOALCHECK_TOKEN": ""})
    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    assert lines == ["goalcheck serve: a token is required to listen on 0.0.0.0 (not a loopback address); "
                     "set GOALCHECK_TOKEN or --token"]


def test_serve_without_the_http_extra_says_what_to_install(monkeypatch):
    import sys

    from click.testing import CliRunner

    from goalcheck_http.command import serve

    monkeypatch.setitem(sys.modules, "uvicorn", None)  # as if goalcheck[http] were not installed
    monkeypatch.delitem(sys.modules, "goalcheck_http.server", raising=False)
    result = CliRunner().invoke(serve, ["--port", "0"])
    assert result.exit_code == 2
    assert "install goalcheck[http]" in result.output


def test_goal_text_is_never_logged(app, caplog):
    marker = "Zebulon-7f3a will button his coat"
    caplog.set_level(logging.DEBUG)
    call(app, "POST", "/v1/check/goals", json={"goals": [marker]})
    call(app, "POST", "/v1/check/text", json={"text": marker, "age": -4})
    call(app, "POST", "/v1/check/goals", content=f'{{"goals": ["{marker}"'.encode(), headers={"content-type": "application/json"})
    call(app, "GET", f"/v1/rules/{marker}")  # free text in a path is not logged either
    call(app, "GET", f"/{marker}?goal={marker}")
    server_log = _server_log(caplog)
    assert "POST /v1/check/goals 200" in server_log  # the access log is there...
    assert "GET /v1/rules/{rule} 404" in server_log and "GET (other path) 404" in server_log
    assert "Zebulon" not in server_log  # ...and names no goal


def _server_log(caplog) -> str:
    """Everything logged but the test's own HTTP client (httpx logs the URLs it requests)."""
    return "\n".join(f"{r.name} {r.getMessage()}" for r in caplog.records if not r.name.startswith(("httpx", "httpcore")))


def test_an_internal_error_is_a_json_500_that_logs_no_data(checker, caplog):
    class Broken:
        plugins = checker.plugins

        def describe_model(self):
            return {}

        def check_goals(self, goals):
            raise RuntimeError(f"failed on {goals[0].text}")  # a message that quotes the goal

    caplog.set_level(logging.DEBUG)
    response = call(create_app(Broken()), "POST", "/v1/check/goals", json={"goals": ["Zebulon will tie his shoes"]})
    assert response.status_code == 500
    assert response.json()["error"] == {"status": 500, "code": "internal_error", "message": "internal error; see the server log"}
    assert "internal error RuntimeError on POST /v1/check/goals" in _server_log(caplog)
    assert "Zebulon" not in _server_log(caplog)


def test_concurrent_requests_share_one_checker_and_agree(app):
    texts = [g["text"] for g in GOALS] * 8
    alone = {t: call(app, "POST", "/v1/check/goals", json={"goals": [t]}).json()["files"][0]["goals"][0] for t in set(texts)}

    async def all_at_once():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await asyncio.gather(*(client.post("/v1/check/goals", json={"goals": [t]}) for t in texts))

    responses = asyncio.run(all_at_once())
    assert all(r.status_code == 200 for r in responses)
    assert [r.json()["files"][0]["goals"][0] for r in responses] == [alone[t] for t in texts]


# --- the OpenAPI document --------------------------------------------------------------------
def test_openapi_document_is_valid_and_served(app):
    served = call(app, "GET", "/openapi.json").json()
    validate_openapi(served)
    assert served == openapi.build(Settings(max_goals=5, max_body_bytes=64 * 1024))
    assert served["components"]["schemas"]["CheckGoalsRequest"]["properties"]["goals"]["maxItems"] == 5


def test_openapi_documents_every_route(app):
    served = {(r.path, m) for r in app.routes for m in r.methods if m != "HEAD"}
    documented = {(path, method.upper()) for path, item in openapi.build(Settings())["paths"].items() for method in item}
    assert served == documented


def test_openapi_documents_every_error_response():
    doc = openapi.build(Settings())
    for path, item in doc["paths"].items():
        for method, op in item.items():
            codes = set(op["responses"])
            if "requestBody" in op:
                assert {"400", "413", "415", "422"} <= codes, (method, path)
            if op.get("security") != []:
                assert "401" in codes, (method, path)
    assert "404" in doc["paths"]["/v1/rules/{rule}"]["get"]["responses"]


# --- the page and the widget: no external assets ---------------------------------------------
def test_page_and_widget_use_no_external_asset(app):
    page = call(app, "GET", "/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "connect-src 'self'" in csp
    assert "http" not in page.text.replace("http-equiv", "")
    for path in ("/static/app.css",):
        css = call(app, "GET", path).text
        assert "@import" not in css and "url(" not in css
    for path in ("/static/app.js", "/widget.js"):
        js = call(app, "GET", path).text
        assert "import(" not in js and "XMLHttpRequest" not in js
        assert "innerHTML" not in js  # goal text is only ever set as text


def test_widget_is_one_self_contained_script(app):
    widget = call(app, "GET", "/widget.js")
    assert widget.headers["content-type"].startswith("text/javascript")
    assert widget.headers["cross-origin-resource-policy"] == "cross-origin"
    assert "GoalcheckCore.css = " in widget.text and "textarea[data-goalcheck]" in widget.text
