"""The sign-in cookie over https and the server behind a TLS reverse proxy (issue 13,
defect 4): the session cookie carries Secure when the hall is reached over https ([site]
public_url) or when [server] secure_cookies says so; with [server] trusted_proxies = 1 the
client address comes from X-Forwarded-For, so the per-address limits count the real client,
and with 0 (the default) that header is ignored: anyone can forge it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from queue_server.services import accounts
from queue_server.web.app import create_app

API = "/api/v1"
PROXY = "10.0.0.1"


@pytest.fixture
def make_app(tmp_path, settings, clock):
    apps = []

    def make(public_url: str = "http://192.0.2.10:8080", **server):
        changed = replace(settings,
                          site=replace(settings.site, public_url=public_url),
                          server=replace(settings.server, async_mode="threading", **server))
        app = create_app(changed, data_dir=tmp_path / f"data-{len(apps)}", clock=clock,
                         testing=True)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.extensions["loket"].hall.store.close()


def session_set_cookie(app) -> str:
    """The Set-Cookie of the session the sign-in page opens (it holds the CSRF token)."""
    answer = app.test_client().get("/login")
    [cookie] = [c for c in answer.headers.getlist("Set-Cookie")
                if c.startswith("loket_session=")]
    return cookie


def flags(set_cookie: str) -> set[str]:
    return {part.strip().split("=")[0].lower() for part in set_cookie.split(";")[1:]}


# ---------------------------------------------------------------- Secure


def test_an_https_public_url_makes_the_session_cookie_secure(make_app):
    cookie = session_set_cookie(make_app("https://antrian.lebongkab.go.id"))
    assert {"secure", "httponly", "samesite"} <= flags(cookie)


def test_an_http_public_url_leaves_secure_off_so_the_lan_can_sign_in(make_app):
    cookie = session_set_cookie(make_app("http://192.0.2.10:8080"))
    assert "secure" not in flags(cookie) and "httponly" in flags(cookie)


@pytest.mark.parametrize(("public_url", "secure_cookies", "expected"), [
    ("http://192.0.2.10:8080", True, True),  # https added in front of an http address
    ("https://antrian.lebongkab.go.id", False, False),
])
def test_the_secure_cookies_key_overrides_the_public_url(make_app, public_url,
                                                         secure_cookies, expected):
    cookie = session_set_cookie(make_app(public_url, secure_cookies=secure_cookies))
    assert ("secure" in flags(cookie)) is expected


def test_a_secure_session_still_signs_in_over_https(make_app):
    app = make_app("https://antrian.lebongkab.go.id")
    accounts.create_user(app.extensions["loket"].hall, "rina", "officer",
                         "rahasia-rina-123", counters=["loket-1"])
    client = app.test_client()
    page = client.get("/login", base_url="https://antrian.lebongkab.go.id")
    token = page.get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    # over https flask-wtf also wants a same-site Referer (Referrer-Policy: same-origin
    # keeps sending it)
    signed = client.post("/login", base_url="https://antrian.lebongkab.go.id",
                         headers={"Referer": "https://antrian.lebongkab.go.id/login"},
                         data={"name": "rina", "password": "rahasia-rina-123",
                               "csrf_token": token})
    assert signed.status_code == 302 and "secure" in flags(signed.headers["Set-Cookie"])
    assert client.get("/counter", base_url="https://antrian.lebongkab.go.id").status_code \
        == 200


# ---------------------------------------------------------------- behind a proxy


def ask_pairing(client, forwarded_for: str | None, remote: str = PROXY):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post(f"{API}/pairing", json={"kind": "kiosk"}, headers=headers,
                       environ_base={"REMOTE_ADDR": remote})


def test_behind_one_trusted_proxy_the_pairing_limit_counts_the_forwarded_client(make_app):
    client = make_app(trusted_proxies=1).test_client()
    for _ in range(5):
        assert ask_pairing(client, "192.0.2.50").status_code == 201
    refused = ask_pairing(client, "192.0.2.50")
    assert refused.status_code == 429
    assert refused.get_json()["error"]["code"] == "rate_limited"
    assert 0 < int(refused.headers["Retry-After"]) <= 15 * 60
    # another screen behind the same proxy is another client
    assert ask_pairing(client, "192.0.2.51").status_code == 201
    # a client that prepends a forged address is still counted by what the proxy appended
    assert ask_pairing(client, "203.0.113.9, 192.0.2.50").status_code == 429


def test_without_trusted_proxies_a_forged_forwarded_for_does_not_escape_the_limit(make_app):
    client = make_app().test_client()
    for n in range(5):
        assert ask_pairing(client, f"192.0.2.{n}").status_code == 201
    refused = ask_pairing(client, "192.0.2.99")
    assert refused.status_code == 429 and "Retry-After" in refused.headers


def signed_in_addresses(app) -> list[str]:
    with app.extensions["loket"].hall.store.read() as tx:
        return [r[0] for r in tx.conn.execute("SELECT ip FROM sign_in_attempts ORDER BY id")]


@pytest.mark.parametrize(("proxies", "expected"), [(1, "192.0.2.60"), (0, PROXY)])
def test_sign_in_throttling_sees_the_forwarded_client_only_behind_a_trusted_proxy(
        make_app, proxies, expected):
    app = make_app(trusted_proxies=proxies)
    client = app.test_client()
    page = client.get("/login", environ_base={"REMOTE_ADDR": PROXY})
    token = page.get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    answer = client.post("/login", data={"name": "hantu", "password": "salah-sandi-000",
                                         "csrf_token": token},
                         headers={"X-Forwarded-For": "192.0.2.60"},
                         environ_base={"REMOTE_ADDR": PROXY})
    assert answer.status_code == 401
    assert signed_in_addresses(app) == [expected]


def test_a_request_without_a_session_cookie_builds_no_signing_serializer(make_app):
    """Kiosks, TVs, phones and token clients carry no session cookie: they get an empty
    session without the serializer a signed cookie needs; a browser's cookie is still read."""
    app = make_app()
    interface = app.session_interface
    built = []
    real = interface.get_signing_serializer

    def counted(flask_app):
        built.append(1)
        return real(flask_app)

    interface.get_signing_serializer = counted
    client = app.test_client()
    assert client.get(f"{API}/services").status_code == 200
    assert built == []
    client.get("/login")  # opens a session (its CSRF token): the cookie is signed
    assert built and client.get_cookie("loket_session") is not None
    built.clear()
    assert client.get("/login").status_code == 200
    assert built  # the browser's cookie is read with the serializer
