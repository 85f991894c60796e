"""The OpenAPI document is generated from the route declarations, is a valid OpenAPI 3.1
document, and real answers validate against its schemas."""

from __future__ import annotations

import re

import jsonschema
import pytest
from openapi_spec_validator import validate

from tests.conftest import bearer

API = "/api/v1"


@pytest.fixture
def spec(client) -> dict:
    return client.get(f"{API}/openapi.json").get_json()


def schema_of(spec: dict, name: str) -> dict:
    # resolve "#/components/..." refs against the whole document
    return {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}


def test_openapi_document_is_valid_and_lists_every_route(app, spec):
    validate(spec)
    documented = {(method.upper(), path) for path, ops in spec["paths"].items()
                  for method in ops}
    routes = {(m, re.sub(r"<(\w+)>", r"{\1}", rule.rule))
              for rule in app.url_map.iter_rules() if rule.rule.startswith(API)
              for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert documented == routes


def test_issue_request_schema_comes_from_the_validator(spec):
    body = spec["paths"][f"{API}/tickets"]["post"]["requestBody"]["content"][
        "application/json"]["schema"]
    assert body["required"] == ["service_id"]
    assert body["properties"]["language"]["enum"] == ["id", "en"]
    assert body["additionalProperties"] is False


def test_real_answers_validate_against_the_documented_schemas(client, tokens, spec):
    admin = bearer(tokens["admin"])
    ticket = client.post(f"{API}/tickets", json={"service_id": "ktp-el"},
                         headers=bearer(tokens["kiosk"])).get_json()["ticket"]
    jsonschema.validate(ticket, schema_of(spec, "Ticket"))
    assert set(ticket) == set(spec["components"]["schemas"]["Ticket"]["properties"])

    client.post(f"{API}/counters/loket-1/call-next", headers=admin)
    for service in client.get(f"{API}/services").get_json()["services"]:
        jsonschema.validate(service, schema_of(spec, "Service"))
    for counter in client.get(f"{API}/counters", headers=admin).get_json()["counters"]:
        jsonschema.validate(counter, schema_of(spec, "Counter"))
    state = client.get(f"{API}/display/state", headers=admin).get_json()
    jsonschema.validate(state, schema_of(spec, "DisplayState"))
    assert set(state["calls"][0]) == set(spec["components"]["schemas"]["Call"]["properties"])
    token = ticket["track_url"].rsplit("/", 1)[1]
    tracked = client.get(f"{API}/track/{token}").get_json()["ticket"]
    jsonschema.validate(tracked, schema_of(spec, "Track"))
    assert set(tracked) == set(spec["components"]["schemas"]["Track"]["properties"])
    error = client.get(f"{API}/tickets/999", headers=admin).get_json()
    jsonschema.validate(error, schema_of(spec, "Error"))
