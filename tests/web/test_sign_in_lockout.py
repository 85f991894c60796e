"""The sign-in page's lockout (issue 13, defect 6), through HTTP: it is per (name,
address), so a PC guessing an officer's password shuts that officer out of that PC only,
and the refusal says when to try again (Retry-After)."""

from __future__ import annotations

import pytest

from queue_server.services import accounts
from tests.web.test_sign_in import csrf_of

PASSWORD = "rahasia-rina-123"


@pytest.fixture
def rina(app) -> str:
    accounts.create_user(app.extensions["loket"].hall, "rina", "officer", PASSWORD,
                         counters=["loket-1"])
    return "rina"


def sign_in_from(client, address: str, password: str):
    page = client.get("/login", environ_base={"REMOTE_ADDR": address})
    return client.post("/login", data={"name": "rina", "password": password,
                                       "csrf_token": csrf_of(page.get_data(as_text=True))},
                       environ_base={"REMOTE_ADDR": address})


def test_guessing_from_one_pc_locks_the_officer_there_only_and_says_when(app, rina, clock):
    guesser = app.test_client()
    for _ in range(5):
        assert sign_in_from(guesser, "10.0.0.31", "tebak-tebak-1").status_code == 401
    locked = sign_in_from(guesser, "10.0.0.31", PASSWORD)
    assert locked.status_code == 429
    assert locked.headers["Retry-After"] == str(5 * 60)
    assert "Terlalu banyak percobaan" in locked.get_data(as_text=True)
    at_her_counter = app.test_client()
    assert sign_in_from(at_her_counter, "10.0.0.32", PASSWORD).status_code == 302
