"""Request bodies read defensively: a deeply nested JSON body is a 400 in the envelope (it
used to be a RecursionError, a 500 and a traceback per request), and a JSON body that is not
sent as JSON (text/plain, a form, no Content-Type) is a 415 on every route that reads one."""

from __future__ import annotations

import re

import pytest
import requests

from queue_server.web.api import api
from queue_server.web.json_body import MAX_DEPTH, nesting_depth
from tests.conftest import bearer
from tests.web.test_api import envelope_of

API = "/api/v1"


def nested(levels: int) -> str:
    """`{"a":{"a":…}}` `levels` deep: 5 bytes a level, ~6 KB for 1,200 levels."""
    return '{"a":' * levels + "1" + "}" * levels


def deep_list(levels: int) -> str:
    return "[" * levels + "]" * levels


def body_routes() -> list[tuple[str, str]]:
    """(method, path) of every API route that reads a JSON body, path parameters filled."""
    return [(r.method, API + re.sub(r"<(?:\w+:)?\w+>", "x1", r.rule))
            for r in api.routes if r.body is not None]


# ---------------------------------------------------------------- nesting


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 1_000, 1_200, 20_000])
@pytest.mark.parametrize("make", [nested, deep_list])
def test_a_deeply_nested_body_to_the_ticket_route_is_a_bad_request(client, tokens, levels,
                                                                     make):
    r = client.post(f"{API}/tickets", data=make(levels), content_type="application/json",
                    headers=bearer(tokens["kiosk"]))
    envelope_of(r, 400, "bad_request")


def test_a_hundred_thousand_levels_is_a_bad_request_not_a_crash(client, tokens):
    for raw in (deep_list(100_000), nested(100_000)):
        r = client.post(f"{API}/tickets", data=raw, content_type="application/json",
                        headers=bearer(tokens["kiosk"]))
        envelope_of(r, 400, "bad_request")


@pytest.mark.parametrize(("method", "path"), body_routes())
def test_every_json_route_refuses_a_deeply_nested_body_without_a_token(client, method, path):
    r = client.open(path, method=method, data=nested(1_000), content_type="application/json")
    envelope_of(r, 400, "bad_request")


def test_nesting_within_the_limit_still_reaches_the_route(client, tokens):
    """Depth is only refused above the limit: the deepest real body (weekly hours) is 4."""
    inside = '{"service_id": "ktp-el", "x": ' + nested(MAX_DEPTH - 2) + "}"
    r = client.post(f"{API}/tickets", data=inside, content_type="application/json",
                    headers=bearer(tokens["kiosk"]))
    envelope_of(r, 400, "bad_request", "x")  # the route's own check: an unknown field


def test_brackets_inside_strings_do_not_count_as_nesting():
    assert nesting_depth(b'{"a": "[[[[{{{{\\"[[[["}') == 1
    assert nesting_depth(b'[[], [[]], {"k": [1]}]') == 3


def test_deep_bodies_over_real_http_answer_400_and_leave_no_traceback(server):
    """The live server (gevent): the pairing route needs no token at all."""
    for raw in (nested(1_200), deep_list(1_200), deep_list(100_000)):
        r = requests.post(f"{server.url}{API}/pairing", data=raw, timeout=10,
                          headers={"Content-Type": "application/json"})
        assert r.status_code == 400, r.text
        assert r.json()["error"]["code"] == "bad_request"
    r = requests.post(f"{server.url}{API}/tickets", data=nested(1_200), timeout=10,
                      headers={"Content-Type": "application/json",
                               **bearer(server.tokens["kiosk"])})
    assert r.status_code == 400, r.text
    log = server.log_path.read_text(errors="replace")
    assert "Traceback" not in log and "RecursionError" not in log


# ---------------------------------------------------------------- media type


@pytest.mark.parametrize("content_type", [
    "text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x", "application/xml", None,
])
def test_a_json_body_not_sent_as_json_is_unsupported_media_type(client, tokens, content_type):
    kwargs = {"content_type": content_type} if content_type else {}
    r = client.post(f"{API}/tickets", data='{"service_id": "ktp-el"}',
                    headers=bearer(tokens["kiosk"]), **kwargs)
    error = envelope_of(r, 415, "unsupported_media_type")
    assert "application/json" in error["message"]
    # and nothing was issued
    services = client.get(f"{API}/services").get_json()["services"]
    assert sum(s["waiting"] for s in services) == 0


@pytest.mark.parametrize(("method", "path"), body_routes())
def test_every_json_route_refuses_text_plain(client, method, path):
    r = client.open(path, method=method, data='{"x": 1}', content_type="text/plain")
    envelope_of(r, 415, "unsupported_media_type")


@pytest.mark.parametrize("content_type", [
    "application/json", "application/json; charset=utf-8", "application/merge-patch+json",
])
def test_json_media_types_are_accepted(client, tokens, content_type):
    r = client.post(f"{API}/tickets", data='{"service_id": "ktp-el"}',
                    content_type=content_type, headers=bearer(tokens["kiosk"]))
    assert r.status_code == 201, r.get_data(as_text=True)


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/json"])
def test_an_empty_body_on_a_post_without_fields_keeps_working(client, tokens, content_type):
    """The console's call-next, start and finish send no body at all."""
    kwargs = {"content_type": content_type} if content_type else {}
    ticket = client.post(f"{API}/tickets", json={"service_id": "ktp-el"},
                         headers=bearer(tokens["kiosk"])).get_json()["ticket"]
    officer = bearer(tokens["officer_here"])
    r = client.post(f"{API}/counters/loket-1/call-next", headers=officer, **kwargs)
    assert r.status_code == 200, r.get_data(as_text=True)
    assert r.get_json()["ticket"]["id"] == ticket["id"]
    for action in ("start", "finish"):
        r = client.post(f"{API}/tickets/{ticket['id']}/{action}", headers=officer, data=b"",
                        **kwargs)
        assert r.status_code == 200, (action, r.get_data(as_text=True))
    assert r.get_json()["ticket"]["status"] == "done"


def test_a_route_without_a_body_ignores_what_it_is_sent(client, tokens):
    r = client.post(f"{API}/counters/loket-1/call-next", data="hello", content_type="text/plain",
                    headers=bearer(tokens["officer_here"]))
    assert r.status_code == 200, r.get_data(as_text=True)


def test_the_openapi_document_lists_415_for_every_route_with_a_body(client):
    spec = client.get(f"{API}/openapi.json").get_json()
    for method, path in body_routes():
        documented = re.sub(r"x1", "{}", path)
        [responses] = [ops[method.lower()]["responses"] for p, ops in spec["paths"].items()
                       if re.sub(r"\{\w+\}", "{}", p) == documented and method.lower() in ops]
        assert "415" in responses and "400" in responses, (method, path)
