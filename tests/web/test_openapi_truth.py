"""The OpenAPI document says what the server really does (issue 13, defect 9), and the API
keeps a paused counter from calling and a transfer from jumping a queue (defects 11, 13):
real answers through the Flask client, checked against the document's own schemas."""

from __future__ import annotations

import jsonschema
import pytest

from tests.conftest import bearer

API = "/api/v1"


@pytest.fixture
def spec(client) -> dict:
    return client.get(f"{API}/openapi.json").get_json()


def with_components(spec: dict, schema: dict) -> dict:
    return {**schema, "components": spec["components"]}


def answer_schema(spec: dict, path: str, method: str = "post", status: str = "200") -> dict:
    content = spec["paths"][f"{API}{path}"][method]["responses"][status]["content"]
    return with_components(spec, content["application/json"]["schema"])


def request_schema(spec: dict, path: str) -> dict:
    body = spec["paths"][f"{API}{path}"]["post"]["requestBody"]["content"]
    return with_components(spec, body["application/json"]["schema"])


def valid(schema: dict, value: object) -> bool:
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.FormatChecker()).is_valid(value)


def officer(tokens) -> dict[str, str]:
    return bearer(tokens["officer_here"])  # loket-1: Dukcapil, KTP-el


def issue(client, tokens, service: str = "ktp-el") -> dict:
    r = client.post(f"{API}/tickets", json={"service_id": service},
                    headers=bearer(tokens["kiosk"]))
    assert r.status_code == 201, r.get_data(as_text=True)
    return r.get_json()["ticket"]


def call_next(client, tokens):
    return client.post(f"{API}/counters/loket-1/call-next", headers=officer(tokens))


# ---------------------------------------------------------------- defect 9: the document


def test_call_next_with_nobody_waiting_answers_a_null_ticket_the_document_allows(
        client, tokens, spec):
    documented = answer_schema(spec, "/counters/{counter_id}/call-next")
    empty = call_next(client, tokens)
    assert (empty.status_code, empty.get_json()) == (200, {"ticket": None})
    assert valid(documented, empty.get_json())
    issue(client, tokens)
    called = call_next(client, tokens).get_json()
    assert called["ticket"]["status"] == "called"
    assert valid(documented, called)
    assert not valid(documented, {"ticket": "A001"})  # still says what a ticket is


@pytest.mark.parametrize(("path", "body"), [
    ("/counters/{counter_id}/pause", {}),
    ("/tickets/{ticket_id}/call", {"counter_id": "loket-1"}),
])
def test_a_reason_must_say_something_in_the_document_and_on_the_server(
        client, tokens, spec, path, body):
    schema = request_schema(spec, path)
    assert schema["properties"]["reason"]["minLength"] == 1
    ticket = issue(client, tokens)
    url = API + path.format(counter_id="loket-1", ticket_id=ticket["id"])
    for blank in ("", "   "):
        assert not valid(schema, {**body, "reason": blank})
        r = client.post(url, json={**body, "reason": blank}, headers=officer(tokens))
        assert r.status_code == 400, r.get_data(as_text=True)
        assert r.get_json()["error"]["field"] == "reason"
    assert valid(schema, {**body, "reason": "salat"})


@pytest.mark.parametrize("body", [{}, {"reason": "x"}, {"service_id": None},
                                  {"service_id": None, "counter_id": None}])
def test_a_transfer_without_a_destination_is_invalid_by_the_document_and_refused(
        client, tokens, spec, body):
    schema = request_schema(spec, "/tickets/{ticket_id}/transfer")
    ticket = issue(client, tokens)
    assert not valid(schema, body)
    r = client.post(f"{API}/tickets/{ticket['id']}/transfer", json=body,
                    headers=officer(tokens))
    assert r.status_code == 400
    assert r.get_json()["error"]["field"] == "service_id"


def test_a_transfer_names_a_service_or_a_counter_or_both(spec):
    operation = spec["paths"][f"{API}/tickets/{{ticket_id}}/transfer"]["post"]
    assert operation["requestBody"]["required"] is True  # no body is no destination
    schema = request_schema(spec, "/tickets/{ticket_id}/transfer")
    for body in ({"service_id": "kartu-keluarga"}, {"counter_id": "loket-2"},
                 {"service_id": "kartu-keluarga", "counter_id": "loket-3", "reason": None}):
        assert valid(schema, body), body


def test_a_report_as_a_file_has_its_content_type_documented(client, tokens, spec):
    content = spec["paths"][f"{API}/reports/daily"]["get"]["responses"]["200"]["content"]
    r = client.get(f"{API}/reports/daily?format=csv", headers=bearer(tokens["admin"]))
    assert r.status_code == 200
    assert r.mimetype in content
    assert set(content) == {"application/json", "text/csv",
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


# ---------------------------------------------------------------- defect 11: pause


def test_calling_a_ticket_at_a_paused_counter_is_409_like_call_next(client, tokens):
    ticket = issue(client, tokens)
    r = client.post(f"{API}/counters/loket-1/pause", json={"reason": "salat zuhur"},
                    headers=officer(tokens))
    assert r.status_code == 200
    by_number = client.post(f"{API}/tickets/{ticket['id']}/call", headers=officer(tokens),
                            json={"counter_id": "loket-1", "reason": "lansia"})
    next_one = call_next(client, tokens)
    assert by_number.status_code == next_one.status_code == 409
    assert by_number.get_json()["error"] == next_one.get_json()["error"]
    assert by_number.get_json()["error"]["code"] == "conflict"
    waiting = client.get(f"{API}/tickets/{ticket['id']}", headers=officer(tokens))
    assert waiting.get_json()["ticket"]["status"] == "waiting"


# ---------------------------------------------------------------- defect 13: transfers


def test_a_transfer_to_another_agencys_counter_is_409_with_an_indonesian_reason(
        client, tokens):
    issue(client, tokens)
    ticket = call_next(client, tokens).get_json()["ticket"]
    r = client.post(f"{API}/tickets/{ticket['id']}/transfer", headers=officer(tokens),
                    json={"counter_id": "loket-6"})
    assert r.status_code == 409
    error = r.get_json()["error"]
    assert error["field"] == "counter_id"
    assert error["message"].startswith(f"Tiket {ticket['code']} tidak bisa dialihkan ke ")
    assert "tidak melayani" in error["message"]


def test_the_console_lists_the_counters_a_transfer_may_go_to(client, tokens, spec):
    issue(client, tokens)
    call_next(client, tokens)
    state = client.get(f"{API}/counters/loket-1/console", headers=officer(tokens)).get_json()
    assert valid(with_components(spec, {"$ref": "#/components/schemas/Console"}), state)
    assert [c["id"] for c in state["transfer_counters"]] == ["loket-2"]
    assert "ktp-el" in state["transfer_counters"][0]["service_ids"]


def test_the_audit_api_shows_a_transfer_with_who_and_from_where_to_where(client, tokens):
    issue(client, tokens)
    ticket = call_next(client, tokens).get_json()["ticket"]
    r = client.post(f"{API}/tickets/{ticket['id']}/transfer", headers=officer(tokens),
                    json={"service_id": "kartu-keluarga", "counter_id": "loket-3"})
    assert r.status_code == 200, r.get_data(as_text=True)
    page = client.get(f"{API}/admin/audit?type=transferred",
                      headers=bearer(tokens["admin"])).get_json()
    [event] = page["events"]
    assert (event["actor"], event["ticket_code"], event["counter_id"]) == (
        "user:officer_here", ticket["code"], "loket-1")
    assert {k: event["data"][k] for k in ("from_service", "from_counter", "to_service",
                                          "to_counter")} == {
        "from_service": "ktp-el", "from_counter": "loket-1",
        "to_service": "kartu-keluarga", "to_counter": "loket-3"}
