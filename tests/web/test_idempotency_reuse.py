"""An Idempotency-Key names one request: sent again with the same request it is a retry and
gets the first answer; sent again with another request it is refused (422), where it used to
return the first ticket silently (a citizen asking for SIM got a KTP-el ticket back)."""

from __future__ import annotations

from tests.conftest import bearer
from tests.web.test_api import envelope_of

API = "/api/v1"


def post_ticket(client, tokens, body: dict, key: str, who: str = "kiosk"):
    return client.post(f"{API}/tickets", json=body,
                       headers={**bearer(tokens[who]), "Idempotency-Key": key})


def waiting(client) -> int:
    return sum(s["waiting"] for s in client.get(f"{API}/services").get_json()["services"])


def test_the_same_key_with_the_same_body_returns_the_first_ticket(client, tokens):
    first = post_ticket(client, tokens, {"service_id": "ktp-el"}, "tap-1")
    again = post_ticket(client, tokens, {"service_id": "ktp-el"}, "tap-1")
    assert first.status_code == again.status_code == 201
    assert again.get_json()["ticket"]["id"] == first.get_json()["ticket"]["id"]
    assert waiting(client) == 1


def test_the_same_key_with_another_service_is_refused_and_issues_nothing(client, tokens):
    first = post_ticket(client, tokens, {"service_id": "ktp-el"}, "tap-1")
    assert first.status_code == 201
    other = post_ticket(client, tokens, {"service_id": "kartu-keluarga"}, "tap-1")
    error = envelope_of(other, 422, "idempotency_key_reused", "Idempotency-Key")
    assert "Idempotency-Key" in error["message"]
    assert waiting(client) == 1


def test_the_same_key_with_another_priority_or_language_is_refused(client, tokens):
    assert post_ticket(client, tokens, {"service_id": "ktp-el"}, "tap-1").status_code == 201
    for changed in ({"priority": True}, {"language": "en"}, {"priority_kind": "lansia"}):
        r = post_ticket(client, tokens, {"service_id": "ktp-el", **changed}, "tap-1")
        envelope_of(r, 422, "idempotency_key_reused")


def test_spelling_out_the_defaults_is_still_the_same_request(client, tokens):
    """The fingerprint is of the body as read: key order and defaults do not matter."""
    first = post_ticket(client, tokens, {"service_id": "ktp-el"}, "tap-1")
    again = client.post(f"{API}/tickets", data='{"language": "id", "priority": false, '
                        '"service_id": "ktp-el"}', content_type="application/json",
                        headers={**bearer(tokens["kiosk"]), "Idempotency-Key": "tap-1"})
    assert again.status_code == 201, again.get_data(as_text=True)
    assert again.get_json()["ticket"]["id"] == first.get_json()["ticket"]["id"]


def test_keys_are_per_caller(client, tokens):
    """An admin reusing a kiosk's key is another request of another caller, not a replay."""
    first = post_ticket(client, tokens, {"service_id": "ktp-el"}, "tap-1")
    by_admin = post_ticket(client, tokens, {"service_id": "kartu-keluarga"}, "tap-1", who="admin")
    assert by_admin.status_code == 201
    assert by_admin.get_json()["ticket"]["id"] != first.get_json()["ticket"]["id"]


def test_a_key_remembered_before_fingerprints_is_still_a_retry(app, client, tokens):
    """Keys stored before migration 0012 have no fingerprint: honoured as plain retries."""
    first = post_ticket(client, tokens, {"service_id": "ktp-el"}, "tap-1").get_json()["ticket"]
    store = app.extensions["loket"].hall.store
    with store.write() as tx:
        tx.conn.execute("UPDATE idempotency_keys SET fingerprint = NULL")
    again = post_ticket(client, tokens, {"service_id": "kartu-keluarga"}, "tap-1")
    assert again.status_code == 201
    assert again.get_json()["ticket"]["id"] == first["id"]


def test_call_next_with_the_same_key_returns_the_same_citizen(client, tokens):
    for _ in range(2):
        post_ticket(client, tokens, {"service_id": "ktp-el"}, key=str(_))
    officer = {**bearer(tokens["officer_here"]), "Idempotency-Key": "press-1"}
    first = client.post(f"{API}/counters/loket-1/call-next", headers=officer)
    again = client.post(f"{API}/counters/loket-1/call-next", headers=officer)
    assert first.status_code == again.status_code == 200
    assert again.get_json()["ticket"]["id"] == first.get_json()["ticket"]["id"]


def test_the_openapi_document_lists_422_for_the_routes_that_take_a_key(client):
    paths = client.get(f"{API}/openapi.json").get_json()["paths"]
    assert "422" in paths[f"{API}/tickets"]["post"]["responses"]
    assert "422" in paths[f"{API}/counters/{{counter_id}}/call-next"]["post"]["responses"]
