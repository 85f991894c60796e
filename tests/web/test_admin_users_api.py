"""The staff accounts of the administration API (API.md "Administration", users) over HTTP:
answers and their schemas, refusals naming the field, who may call what, deactivation ending
browser sessions, tokens and live sockets at once, and the one-time password's forced
change at the next sign-in."""

from __future__ import annotations

import re
import time

import jsonschema
import pytest
import requests
import socketio

from queue_server.services import accounts
from tests.conftest import bearer

API = "/api/v1"
USERS = f"{API}/admin/users"
NEW_PASSWORD = "sandi-pilihan-rina-1"
RINA = {"name": "rina", "display_name": "Rina Marlina", "role": "officer",
        "counters": ["loket-1"]}


def schema_of(spec: dict, name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}


def create(client, token: str, body: dict | None = None):
    return client.post(USERS, json=body or RINA, headers=bearer(token))


def error_of(response) -> tuple[int, str, str | None]:
    error = response.get_json()["error"]
    return response.status_code, error["code"], error["field"]


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf[-_]token" (?:value|content)="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def sign_in(client, name: str, password: str):
    token = csrf_of(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"name": name, "password": password,
                                       "csrf_token": token})


def change_password(client, current: str, new: str = NEW_PASSWORD, next_: str = ""):
    page = client.get("/account/password" + next_)
    return client.post("/account/password" + next_, data={
        "current": current, "new": new, "repeat": new,
        "csrf_token": csrf_of(page.get_data(as_text=True))})


# ---------------------------------------------------------------- answers


def test_an_admin_creates_lists_reads_edits_and_resets_an_officer(client, tokens):
    spec = client.get(f"{API}/openapi.json").get_json()
    admin = bearer(tokens["admin"])
    made = create(client, tokens["admin"])
    assert made.status_code == 201
    assert made.headers["Cache-Control"] == "no-store"
    body = made.get_json()
    jsonschema.validate(body, schema_of(spec, "UserCreated"))
    assert body["user"] == {"name": "rina", "display_name": "Rina Marlina", "role": "officer",
                            "agencies": [], "counters": ["loket-1"], "active": True,
                            "must_change_password": True}
    assert len(body["password"]) >= 10

    listed = client.get(USERS, headers=admin).get_json()["users"]
    assert "rina" in [u["name"] for u in listed]
    for user in listed:
        jsonschema.validate(user, schema_of(spec, "User"))
        assert set(user) == set(spec["components"]["schemas"]["User"]["properties"])
    assert client.get(f"{USERS}/rina", headers=admin).get_json()["user"] == body["user"]

    edited = client.patch(f"{USERS}/rina", json={"counters": ["loket-2", "loket-3"]},
                          headers=admin)
    assert edited.status_code == 200
    assert edited.get_json()["user"]["counters"] == ["loket-2", "loket-3"]
    assert edited.get_json()["user"]["display_name"] == "Rina Marlina"  # not sent: kept
    cleared = client.patch(f"{USERS}/rina", json={"display_name": None}, headers=admin)
    assert cleared.get_json()["user"]["display_name"] is None

    reset = client.post(f"{USERS}/rina/reset-password", headers=admin)
    assert reset.status_code == 200 and reset.headers["Cache-Control"] == "no-store"
    jsonschema.validate(reset.get_json(), schema_of(spec, "OneTimePassword"))
    assert reset.get_json()["password"] != body["password"]


def test_the_openapi_document_lists_the_users_routes(client):
    paths = client.get(f"{API}/openapi.json").get_json()["paths"]
    assert set(paths[f"{USERS}"]) == {"get", "post"}
    assert set(paths[f"{USERS}/{{name}}"]) == {"get", "patch"}
    assert set(paths[f"{USERS}/{{name}}/reset-password"]) == {"post"}
    create_body = paths[USERS]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert create_body["required"] == ["name", "role"]
    assert create_body["properties"]["counters"]["type"] == "array"
    assert paths[USERS]["post"]["responses"]["201"]["content"]["application/json"][
        "schema"] == {"$ref": "#/components/schemas/UserCreated"}


def test_the_audit_log_shows_before_and_after_and_never_the_password(client, tokens):
    admin = bearer(tokens["admin"])
    password = create(client, tokens["admin"]).get_json()["password"]
    client.patch(f"{USERS}/rina", json={"active": False}, headers=admin)
    reset = client.post(f"{USERS}/rina/reset-password", headers=admin).get_json()["password"]
    events = client.get(f"{API}/admin/audit", headers=admin).get_json()["events"]
    mine = [e for e in events if e["type"].startswith("user.")]
    assert [e["type"] for e in mine] == ["user.password_reset", "user.updated",
                                         "user.created"]
    assert all(e["actor"] == "user:admin" for e in mine)
    assert mine[2]["data"]["before"] is None
    assert mine[1]["data"]["before"]["active"] is True
    assert mine[1]["data"]["after"]["active"] is False
    text = str(events)
    assert password not in text and reset not in text and "argon2" not in text


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize(("change", "field"), [
    ({"name": "rina marlina"}, "name"),
    ({"name": None}, "name"),
    ({"role": "kepala"}, "role"),
    ({"display_name": "R" * 81}, "display_name"),
    ({"counters": ["loket-99"]}, "counters"),
    ({"counters": "loket-1"}, "counters"),
    ({"counters": []}, "counters"),
    ({"role": "supervisor", "agencies": ["kantor-pos"]}, "agencies"),
    ({"role": "supervisor", "agencies": []}, "agencies"),
    ({"password": "pilihan-saya-123"}, "password"),
])
def test_each_bad_field_is_a_400_naming_it(client, tokens, change, field):
    r = create(client, tokens["admin"], {**RINA, **change})
    assert error_of(r) == (400, "bad_request", field)
    assert client.get(f"{USERS}/rina", headers=bearer(tokens["admin"])).status_code == 404


@pytest.mark.parametrize(("change", "field"), [
    ({"active": "nee"}, "active"), ({"role": "kepala"}, "role"),
    ({"counters": [3]}, "counters"), ({"name": "budi"}, "name"),
])
def test_each_bad_edit_is_a_400_naming_it(client, tokens, change, field):
    create(client, tokens["admin"])
    r = client.patch(f"{USERS}/rina", json=change, headers=bearer(tokens["admin"]))
    assert error_of(r) == (400, "bad_request", field)


def test_a_taken_name_is_a_409_on_the_name(client, tokens):
    create(client, tokens["admin"])
    r = create(client, tokens["admin"], {**RINA, "counters": ["loket-2"]})
    assert error_of(r) == (409, "conflict", "name")
    assert "sudah dipakai" in r.get_json()["error"]["message"]


def test_an_admin_cannot_deactivate_their_own_account(client, tokens):
    r = client.patch(f"{USERS}/admin", json={"active": False},
                     headers=bearer(tokens["admin"]))
    assert error_of(r) == (409, "conflict", "active")
    assert "sendiri" in r.get_json()["error"]["message"]


def test_an_unknown_user_is_a_404(client, tokens):
    for r in (client.get(f"{USERS}/hantu", headers=bearer(tokens["admin"])),
              client.patch(f"{USERS}/hantu", json={"active": False},
                           headers=bearer(tokens["admin"])),
              client.post(f"{USERS}/hantu/reset-password", headers=bearer(tokens["admin"]))):
        assert error_of(r) == (404, "not_found", "name")


def test_a_supervisor_manages_officers_of_their_agency_only(client, tokens):
    here, other = tokens["supervisor_here"], tokens["supervisor_other"]
    assert create(client, here).status_code == 201
    assert error_of(create(client, here, {**RINA, "name": "budi", "counters": ["loket-6"]})
                    ) == (403, "forbidden", "counters")
    assert error_of(create(client, here, {"name": "kepala2", "role": "admin"})
                    ) == (403, "forbidden", "role")
    names = [u["name"] for u in client.get(USERS, headers=bearer(here)).get_json()["users"]]
    assert names == ["officer_here", "rina"]
    assert client.get(USERS, headers=bearer(other)).get_json()["users"] == [
        {"name": "officer_other", "display_name": None, "role": "officer", "agencies": [],
         "counters": ["loket-6"], "active": True, "must_change_password": False}]
    for r in (client.get(f"{USERS}/rina", headers=bearer(other)),
              client.patch(f"{USERS}/rina", json={"active": False}, headers=bearer(other)),
              client.post(f"{USERS}/rina/reset-password", headers=bearer(other)),
              client.get(f"{USERS}/supervisor_other", headers=bearer(here))):
        assert r.status_code == 403
    assert client.patch(f"{USERS}/rina", json={"active": False},
                        headers=bearer(here)).status_code == 200


# ---------------------------------------------------------------- sign-in and deactivation


def test_a_one_time_password_signs_in_to_the_password_page_until_it_is_changed(app, client,
                                                                             tokens):
    password = create(client, tokens["admin"]).get_json()["password"]
    signed = sign_in(client, "rina", password)
    assert signed.status_code == 302
    assert signed.headers["Location"] == "/account/password?next=/counter"
    held = client.get("/counter")
    assert held.status_code == 303 and held.headers["Location"].startswith(
        "/account/password")
    page = client.get("/account/password").get_data(as_text=True)
    assert "Kata sandi sementara: buat kata sandi baru sebelum melanjutkan." in page
    assert "Temporary password" in page
    api = client.get(f"{API}/counters")
    assert error_of(api) == (403, "password_change_required", None)

    done = change_password(client, password, next_="?next=/counter")
    assert done.status_code == 303 and done.headers["Location"] == "/counter"
    assert client.get("/counter").status_code == 200
    assert client.get(f"{API}/counters").status_code == 200
    assert "Kata sandi sementara" not in client.get("/account/password").get_data(True)
    fresh = app.test_client()
    assert sign_in(fresh, "rina", password).status_code == 401  # spent
    assert sign_in(fresh, "rina", NEW_PASSWORD).headers["Location"] == "/counter"


def test_signing_out_works_while_the_change_is_pending(client, tokens):
    password = create(client, tokens["admin"]).get_json()["password"]
    sign_in(client, "rina", password)
    token = csrf_of(client.get("/account/password").get_data(as_text=True))
    out = client.post("/logout", data={"csrf_token": token})
    assert out.status_code == 302 and out.headers["Location"] == "/login"
    assert client.get(f"{API}/counters").status_code == 401


def test_a_reset_password_signs_in_once_and_forces_the_change(app, client, tokens):
    first = create(client, tokens["admin"]).get_json()["password"]
    sign_in(client, "rina", first)
    change_password(client, first)
    assert client.get(f"{API}/counters").status_code == 200
    reset = client.post(f"{USERS}/rina/reset-password",
                        headers=bearer(tokens["supervisor_here"])).get_json()["password"]
    assert client.get(f"{API}/counters").status_code == 401  # the old session ended
    laptop = app.test_client()
    assert sign_in(laptop, "rina", NEW_PASSWORD).status_code == 401
    assert sign_in(laptop, "rina", reset).headers["Location"].startswith("/account/password")
    assert error_of(laptop.get(f"{API}/counters"))[1] == "password_change_required"
    change_password(laptop, reset, new="sandi-kedua-rina-2")
    assert laptop.get(f"{API}/counters").status_code == 200


def test_deactivating_ends_the_browser_session_and_the_tokens_at_once(app, client, tokens):
    admin = bearer(tokens["admin"])
    password = create(client, tokens["admin"]).get_json()["password"]
    sign_in(client, "rina", password)
    change_password(client, password)
    secret = accounts.create_user_token(app.extensions["loket"].hall, "rina").secret
    assert client.get(f"{API}/counters").status_code == 200
    assert client.get(f"{API}/counters", headers=bearer(secret)).status_code == 200

    off = client.patch(f"{USERS}/rina", json={"active": False}, headers=admin)
    assert off.get_json()["user"]["active"] is False
    assert error_of(client.get(f"{API}/counters")) == (401, "unauthorized", None)
    assert client.get("/counter").status_code == 302  # to the sign-in page
    assert client.get(f"{API}/counters", headers=bearer(secret)).status_code == 401
    assert sign_in(app.test_client(), "rina", NEW_PASSWORD).status_code == 401

    client.patch(f"{USERS}/rina", json={"active": True}, headers=admin)
    assert sign_in(client, "rina", NEW_PASSWORD).status_code == 302
    assert client.get(f"{API}/counters").status_code == 200
    assert client.get(f"{API}/counters", headers=bearer(secret)).status_code == 401


# ---------------------------------------------------------------- live sockets


def wait_disconnected(client: socketio.Client, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not client.connected:
            return True
        time.sleep(0.05)
    return False


def test_deactivating_drops_the_users_live_sockets_at_once(server):
    admin = {"Authorization": f"Bearer {server.tokens['admin']}"}
    made = requests.post(server.url + USERS, json=RINA, headers=admin, timeout=10).json()
    browser = requests.Session()
    page = browser.get(f"{server.url}/login", timeout=10).text
    browser.post(f"{server.url}/login", timeout=10, data={
        "name": "rina", "password": made["password"], "csrf_token": csrf_of(page)})
    page = browser.get(f"{server.url}/account/password", timeout=10).text
    browser.post(f"{server.url}/account/password", timeout=10, data={
        "current": made["password"], "new": NEW_PASSWORD, "repeat": NEW_PASSWORD,
        "csrf_token": csrf_of(page)})
    token = server.cli("token", "create", "--user", "rina").strip()
    cookie = f"loket_session={browser.cookies['loket_session']}"

    sockets = []
    for auth, headers in (({"token": token}, None), (None, {"Cookie": cookie})):
        sock = socketio.Client(reconnection=False)
        sock.connect(server.url, auth=auth, headers=headers, transports=["websocket"],
                     wait_timeout=10)
        assert sock.call("join", {"room": "counter:loket-1"}, timeout=5)["ok"]
        sockets.append(sock)
    try:
        off = requests.patch(f"{server.url}{USERS}/rina", json={"active": False},
                             headers=admin, timeout=10)
        assert off.status_code == 200
        # at once: well before the 5 s sweep that catches revocations made elsewhere
        assert all(wait_disconnected(s, timeout=2) for s in sockets)
        with pytest.raises(socketio.exceptions.ConnectionError):
            socketio.Client(reconnection=False).connect(
                server.url, auth={"token": token}, transports=["websocket"], wait_timeout=5)
    finally:
        for sock in sockets:
            sock.disconnect()


def test_deactivation_drops_sockets_in_the_same_request_not_at_a_sweep(app, client, tokens):
    """In-process, where no sweep runs: only the change itself can drop the socket."""
    create(client, tokens["admin"])
    loket = app.extensions["loket"]
    secret = accounts.create_user_token(loket.hall, "rina").secret
    rina = loket.socketio.test_client(app, auth={"token": secret})
    bystander = loket.socketio.test_client(app, auth={"token": tokens["officer_here"]})
    assert rina.is_connected() and bystander.is_connected()
    client.patch(f"{USERS}/rina", json={"display_name": "Rina"},
                 headers=bearer(tokens["admin"]))
    assert rina.is_connected()  # an ordinary edit leaves the socket alone
    client.patch(f"{USERS}/rina", json={"active": False}, headers=bearer(tokens["admin"]))
    assert not rina.is_connected()
    assert bystander.is_connected()
    bystander.disconnect()
