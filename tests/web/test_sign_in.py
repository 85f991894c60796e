"""People signing in through the browser: argon2 passwords, throttling, server-side sessions
(new id at every sign-in, ended by sign-out and password change), CSRF on every
cookie-authenticated change, and pages that answer by role."""

from __future__ import annotations

import re

import pytest

from queue_server.services import accounts
from tests.conftest import bearer

API = "/api/v1"
PASSWORD = "rahasia-rina-123"


@pytest.fixture
def people(app) -> dict[str, str]:
    hall = app.extensions["loket"].hall
    accounts.create_user(hall, "rina", "officer", PASSWORD, counters=["loket-1"])
    accounts.create_user(hall, "budi", "officer", "rahasia-budi-123", counters=["loket-6"])
    accounts.create_user(hall, "sari", "supervisor", "rahasia-sari-123",
                         agencies=["dukcapil"])
    accounts.create_user(hall, "kepala", "admin", "rahasia-kepala-1")
    return {"rina": PASSWORD, "budi": "rahasia-budi-123", "sari": "rahasia-sari-123",
            "kepala": "rahasia-kepala-1"}


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf[-_]token" (?:value|content)="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def sign_in(client, name: str, password: str, follow: bool = False):
    token = csrf_of(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"name": name, "password": password,
                                       "csrf_token": token}, follow_redirects=follow)


def session_cookie(client) -> str | None:
    cookie = client.get_cookie("loket_session")
    return cookie.value if cookie else None


def page_token(client) -> str:
    return csrf_of(client.get("/account/password").get_data(as_text=True))


# ---------------------------------------------------------------- signing in


def test_sign_in_opens_the_console_with_a_hardened_cookie(client, people):
    r = sign_in(client, "rina", PASSWORD)
    assert r.status_code == 302 and r.headers["Location"] == "/counter"
    set_cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in set_cookie and "SameSite=Lax" in set_cookie
    page = client.get("/counter")
    assert page.status_code == 200
    assert "rina" in page.get_data(as_text=True)


def test_wrong_password_is_refused_with_a_plain_message(client, people):
    r = sign_in(client, "rina", "salah-sekali")
    assert r.status_code == 401
    assert "Nama pengguna atau kata sandi salah" in r.get_data(as_text=True)
    r = sign_in(client, "nobody", "salah-sekali")
    assert r.status_code == 401  # the same answer: names cannot be probed
    assert client.get("/counter").status_code == 302


def test_sign_in_without_csrf_token_is_refused(client, people):
    client.get("/login")
    r = client.post("/login", data={"name": "rina", "password": PASSWORD})
    assert r.status_code == 403
    assert "Token keamanan" in r.get_data(as_text=True)


def test_five_failures_lock_the_name_for_five_minutes(client, people, clock):
    for _ in range(5):
        assert sign_in(client, "rina", "tebak-tebak-1").status_code == 401
    locked = sign_in(client, "rina", PASSWORD)
    assert locked.status_code == 429
    assert "Terlalu banyak percobaan" in locked.get_data(as_text=True)
    clock.advance(minutes=5, seconds=1)
    assert sign_in(client, "rina", PASSWORD).status_code == 302


def test_every_sign_in_gets_a_new_session_and_the_old_cookie_is_worthless(app, client,
                                                                          people):
    client.get("/login")
    before = session_cookie(client)
    sign_in(client, "rina", PASSWORD)
    first = session_cookie(client)
    assert first != before
    other = app.test_client()
    other.set_cookie("loket_session", before)
    assert other.get("/counter").status_code == 302  # the pre-sign-in cookie opens nothing
    client.post("/logout", data={"csrf_token": page_token(client)})
    sign_in(client, "rina", PASSWORD)
    assert session_cookie(client) not in (first, before)
    db = app.extensions["loket"].hall.store
    with db.read() as s:
        rows = s.conn.execute("SELECT count(*), count(revoked_at) FROM web_sessions").fetchone()
    assert tuple(rows) == (2, 1)


def test_sign_out_ends_the_session_on_the_server(app, client, people):
    sign_in(client, "rina", PASSWORD)
    stolen = session_cookie(client)
    client.post("/logout", data={"csrf_token": page_token(client)})
    thief = app.test_client()
    thief.set_cookie("loket_session", stolen)
    assert thief.get("/counter").status_code == 302
    assert thief.get(f"{API}/counters/loket-1/console").status_code == 401


def test_password_change_ends_other_sessions_and_keeps_this_one(app, client, people):
    sign_in(client, "rina", PASSWORD)
    laptop = app.test_client()
    sign_in(laptop, "rina", PASSWORD)
    token = page_token(client)
    wrong = client.post("/account/password", data={
        "current": "bukan-ini-123", "new": "baru-sekali-123", "repeat": "baru-sekali-123",
        "csrf_token": token})
    assert wrong.status_code == 400 and "Kata sandi saat ini salah" in wrong.get_data(True)
    ok = client.post("/account/password", data={
        "current": PASSWORD, "new": "baru-sekali-123", "repeat": "baru-sekali-123",
        "csrf_token": token})
    assert ok.status_code == 200
    assert client.get("/counter").status_code == 200
    assert laptop.get("/counter").status_code == 302
    fresh = app.test_client()
    assert sign_in(fresh, "rina", PASSWORD).status_code == 401
    assert sign_in(fresh, "rina", "baru-sekali-123").status_code == 302


def test_no_plaintext_password_in_the_database_or_the_log(app, client, people, caplog,
                                                          tmp_path):
    caplog.set_level("DEBUG")
    sign_in(client, "rina", PASSWORD)
    sign_in(app.test_client(), "rina", "salah-salah-99")
    store = app.extensions["loket"].hall.store
    with store.read() as s:
        hashes = [r[0] for r in s.conn.execute("SELECT password_hash FROM users")]
    assert all(h.startswith("$argon2id$") for h in hashes)
    raw = b"".join(p.read_bytes() for p in store.path.parent.glob("loket.db*"))
    for secret in (PASSWORD, "salah-salah-99", *people.values()):
        assert secret.encode() not in raw
        assert secret not in caplog.text


# ---------------------------------------------------------------- CSRF on the API


def test_cookie_authenticated_api_changes_need_the_csrf_header(client, people, tokens):
    client.post(f"{API}/tickets", json={"service_id": "ktp-el"},
                headers=bearer(tokens["kiosk"]))
    sign_in(client, "rina", PASSWORD)
    token = csrf_of(client.get("/counter").get_data(as_text=True))
    missing = client.post(f"{API}/counters/loket-1/call-next")
    assert missing.status_code == 403
    assert missing.get_json()["error"]["code"] == "csrf_failed"
    wrong = client.post(f"{API}/counters/loket-1/call-next",
                        headers={"X-CSRFToken": token[:-4] + "AAAA"})
    assert wrong.status_code == 403
    ok = client.post(f"{API}/counters/loket-1/call-next", headers={"X-CSRFToken": token})
    assert ok.status_code == 200 and ok.get_json()["ticket"]["code"] == "A001"
    # reads need no token, and bearer callers never do
    assert client.get(f"{API}/counters/loket-1/console").status_code == 200
    assert client.post(f"{API}/tickets", json={"service_id": "ktp-el"},
                       headers=bearer(tokens["kiosk"])).status_code == 201


def test_the_session_is_scoped_like_a_token(client, people):
    sign_in(client, "rina", PASSWORD)
    token = csrf_of(client.get("/counter").get_data(as_text=True))
    r = client.post(f"{API}/counters/loket-6/call-next", headers={"X-CSRFToken": token})
    assert r.status_code == 403 and r.get_json()["error"]["code"] == "forbidden"


def test_actions_record_the_person_who_did_them(app, client, people, tokens):
    client.post(f"{API}/tickets", json={"service_id": "ktp-el"},
                headers=bearer(tokens["kiosk"]))
    sign_in(client, "rina", PASSWORD)
    token = csrf_of(client.get("/counter").get_data(as_text=True))
    client.post(f"{API}/counters/loket-1/call-next", headers={"X-CSRFToken": token})
    with app.extensions["loket"].hall.store.read() as s:
        actors = {(r[0], r[1]) for r in s.conn.execute("SELECT type, actor FROM events")}
    assert ("issued", "device:kiosk-1") in actors
    assert ("signed_in", "user:rina") in actors
    assert ("called", "user:rina") in actors


# ---------------------------------------------------------------- pages by role

PAGES = ["/counter", "/admin/devices", "/account/password"]
#                 anonymous  officer  supervisor  admin
EXPECTED = {
    "/counter": (302, 200, 200, 200),
    "/admin/devices": (302, 403, 403, 200),
    "/account/password": (302, 200, 200, 200),
}


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("who", ["anonymous", "rina", "sari", "kepala"])
def test_staff_pages_answer_by_role(client, people, path, who):
    if who != "anonymous":
        sign_in(client, who, people[who])
    r = client.get(path)
    expected = EXPECTED[path][["anonymous", "rina", "sari", "kepala"].index(who)]
    assert r.status_code == expected
    if expected == 302:
        assert r.headers["Location"].startswith("/login")


@pytest.mark.parametrize("who", ["kiosk", "display"])
def test_device_tokens_do_not_open_staff_pages(client, tokens, who):
    for path in ("/counter", "/admin/devices"):
        r = client.get(path, headers=bearer(tokens[who]))
        assert r.status_code == 403
        assert "Tidak berwenang" in r.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/kiosk", "/display", "/login"])
def test_public_pages_open_for_everyone(client, path):
    assert client.get(path).status_code == 200


def test_demo_pages_do_not_exist_outside_demo(client):
    assert client.get("/demo/printed").status_code == 404


# ---------------------------------------------------------------- pairing and revocation


def test_admin_pairs_a_screen_by_its_code_and_the_token_is_handed_over_once(app, client,
                                                                            people):
    asked = client.post(f"{API}/pairing", json={"kind": "display"})
    assert asked.status_code == 201
    code, secret = asked.get_json()["code"], asked.get_json()["secret"]
    assert re.fullmatch(r"[A-Z2-9]{3}-[A-Z2-9]{3}", code)
    assert client.get(f"{API}/pairing/{secret}").get_json() == {"status": "pending",
                                                                "code": code}
    admin = app.test_client()
    sign_in(admin, "kepala", people["kepala"])
    page = admin.get(f"/admin/devices?code={code}").get_data(as_text=True)
    assert code in page
    done = admin.post("/admin/devices", data={"action": "approve", "code": code,
                                              "device": "tv-lantai-2",
                                              "csrf_token": csrf_of(page)})
    assert done.status_code == 302
    approved = client.get(f"{API}/pairing/{secret}").get_json()
    assert approved["status"] == "approved" and approved["device"] == "tv-lantai-2"
    assert client.get(f"{API}/display/state",
                      headers=bearer(approved["token"])).status_code == 200
    assert client.get(f"{API}/pairing/{secret}").get_json() == {"status": "collected"}
    with app.extensions["loket"].hall.store.read() as s:
        kept = [str(v) for r in s.conn.execute("SELECT * FROM pairing_requests") for v in r]
    assert not any(approved["token"] in v for v in kept)  # the token is not kept in clear


def test_only_admins_approve_pairing(app, client, people):
    code = client.post(f"{API}/pairing", json={"kind": "kiosk"}).get_json()["code"]
    sign_in(client, "sari", people["sari"])
    r = client.post("/admin/devices", data={"action": "approve", "code": code,
                                            "device": "kiosk-x",
                                            "csrf_token": page_token(client)})
    assert r.status_code == 403


def test_revoking_a_device_on_the_admin_page_stops_its_token_at_once(app, client, people,
                                                                     tokens):
    assert client.get(f"{API}/display/state",
                      headers=bearer(tokens["display"])).status_code == 200
    admin = app.test_client()
    sign_in(admin, "kepala", people["kepala"])
    page = admin.get("/admin/devices").get_data(as_text=True)
    assert "tv-1" in page
    admin.post("/admin/devices", data={"action": "revoke", "device": "tv-1",
                                       "csrf_token": csrf_of(page)})
    r = client.get(f"{API}/display/state", headers=bearer(tokens["display"]))
    assert r.status_code == 401
