"""A property-based run of schemathesis against the served OpenAPI document, through the ASGI app.

Every operation is called with generated requests, valid and invalid; schemathesis
checks that nothing is a 5xx, that every status and body is the one documented,
that valid bodies are accepted and invalid ones refused. Bounded by max_examples
so the run stays well under two minutes.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.python import asgi

from goalcheck_http import openapi
from goalcheck_http.settings import Settings

SETTINGS = Settings()
# The document the app serves (test_http_api checks that they are equal); loaded here so
# pytest can collect one test per operation without building a Checker first.
schema = schemathesis.openapi.from_dict(openapi.build(SETTINGS))


@pytest.fixture(scope="module")
def client(checker):
    from goalcheck_http.app import create_app

    with asgi.get_client(create_app(checker, SETTINGS)) as session:
        yield session


@schema.parametrize()
@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_openapi_document(case, client):
    case.call_and_validate(session=client, base_url=f"http://{asgi.HOST}")
