"""SKM collection in real Chromium against `queue-server serve`: a citizen answers the nine
unsur on the phone page (390×844) and on the survey tablet at the counter after the officer
presses Finish on the real console; the answer lands once, with its channel; a reload never
offers a second time; a network error loses nothing. Screenshots: /tmp/shots/skm-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from tests.conftest import always_open_config, provision

API = "/api/v1"
SHOTS = Path("/tmp/shots")
PHONE = (390, 844)
TABLET = (1280, 800)
OFFICER = ("rina", "rahasia-rina-123", "loket-1")
SCORES = [4, 3, 4, 2, 3, 4, 4, 1, 3]  # U1..U9 as the citizen taps them


@pytest.fixture
def server(live_server_factory, tmp_path):
    return hall_with_tablet(live_server_factory, tmp_path)


def hall_with_tablet(live_server_factory, tmp_path):
    """The hall served for real, with an officer at Loket 1 (signs in through the form) and
    a survey tablet paired at Loket 1, made in-process before it starts."""
    from queue_server.boot import prepare_data
    from queue_server.services import accounts
    from queue_server.services.hall import Hall
    from queue_server.settings import load_settings

    server = live_server_factory(config=always_open_config(tmp_path / "cfg"))
    server.tokens = provision(server.data_dir, server.config)
    store, _ = prepare_data(load_settings(server.config), server.data_dir)
    hall = Hall(store, load_settings(server.config))
    name, password, counter = OFFICER
    accounts.create_user(hall, name, "officer", password, counters=[counter])
    server.tokens["tablet"] = accounts.create_device_token(
        hall, "tablet-loket-1", "survey", counter_id=counter).secret
    store.close()
    return server.start()


def shoot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"skm-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def post(server, path: str, who: str = "admin", body: dict | None = None) -> dict:
    r = requests.post(f"{server.url}{API}{path}", json=body or {}, timeout=10,
                      headers={"Authorization": f"Bearer {server.tokens[who]}"})
    assert r.status_code in (200, 201), r.text
    return r.json()


def served_ticket(server) -> dict:
    ticket = post(server, "/tickets", "kiosk", {"service_id": "ktp-el"})["ticket"]
    post(server, "/counters/loket-2/call-next")
    post(server, f"/tickets/{ticket['id']}/finish")
    return ticket


def stored_response(server, ticket_id: int):
    from queue_server.boot import DB_FILE
    from queue_server.store import open_store

    store = open_store(server.data_dir / DB_FILE)
    try:
        with store.read() as tx:
            return tx.skm.for_ticket(ticket_id)
    finally:
        store.close()


def step_is(page, step: str) -> None:
    page.wait_for_selector(f".skm-screen[data-step='{step}']", timeout=5000)


def answer_elements(page, *, keyboard: bool = False) -> None:
    for i, score in enumerate(SCORES, start=1):
        step_is(page, f"U{i}")
        assert f"Pertanyaan {i} dari 9" in page.inner_text(".skm-head")
        if keyboard:
            page.keyboard.press(str(score))
        else:
            page.click(f".skm-choice[data-score='{score}']")
    step_is(page, "age")


def answer_profile(page, *, skip_last: bool = False) -> None:
    for field, choice in (("age", 2), ("sex", 2), ("education", 5), ("occupation", 4)):
        step_is(page, field)
        if skip_last and field == "occupation":
            page.click(".skm-nav button:has-text('Lewati')")
        else:
            page.click(f".skm-options button:nth-child({choice})")
    step_is(page, "suggestion")


def test_a_citizen_rates_the_service_on_the_phone_and_is_not_asked_twice(new_page, server):
    ticket = served_ticket(server)
    phone = new_page(*PHONE, is_mobile=True, has_touch=True)
    phone.goto(ticket["track_url"])
    phone.wait_for_selector("#skm-start:visible", timeout=10000)
    assert phone.inner_text("#skm-start") == "Beri penilaian"
    shoot(phone, "phone-offer")
    phone.click("#skm-start")
    step_is(phone, "U1")
    # focus moves to the question, so a screen reader reads it first
    assert phone.evaluate("document.activeElement.classList.contains('skm-title')")
    assert phone.text_content(".skm-kicker") == "Persyaratan"
    assert phone.locator(".skm-choice").count() == 4
    shoot(phone, "phone-question")
    answer_elements(phone)
    shoot(phone, "phone-profile")
    answer_profile(phone)
    phone.fill("#skm-suggestion", "Kursi ruang tunggu ditambah.")
    phone.click(".skm-nav button:has-text('Berikutnya')")
    step_is(phone, "summary")
    summary = phone.inner_text(".skm-answers")
    assert "Sangat sesuai" in summary and "Kursi ruang tunggu ditambah." in summary
    shoot(phone, "phone-summary")
    phone.click("#skm-send")
    phone.wait_for_selector(".skm-thanks", timeout=10000)
    assert "Terima kasih!" in phone.inner_text(".skm-thanks")
    shoot(phone, "phone-thanks")

    stored = stored_response(server, ticket["id"])
    assert stored is not None and stored.channel == "phone"
    assert list(stored.answers) == SCORES
    assert (stored.age, stored.sex, stored.education, stored.occupation) == \
        ("20_29", "P", "s1", "swasta")
    assert stored.suggestion == "Kursi ruang tunggu ditambah."

    phone.reload()
    phone.wait_for_selector("#skm-answered:visible", timeout=10000)
    assert phone.is_hidden("#skm-start")
    assert "sudah kami terima" in phone.inner_text("#skm-answered")
    shoot(phone, "phone-after-reload")
    assert phone.errors == []


def test_the_form_appears_live_when_the_ticket_is_finished_and_speaks_english(new_page,
                                                                            server):
    ticket = post(server, "/tickets", "kiosk", {"service_id": "ktp-el"})["ticket"]
    phone = new_page(*PHONE, is_mobile=True, has_touch=True)
    phone.goto(ticket["track_url"])
    phone.wait_for_function("document.body.dataset.live === '1'", timeout=15000)
    assert phone.is_hidden("#skm")  # not before the citizen is served
    post(server, "/counters/loket-1/call-next")
    post(server, f"/tickets/{ticket['id']}/finish")
    phone.wait_for_selector("#skm-start:visible", timeout=5000)
    phone.click("#skm-start")
    step_is(phone, "U1")
    phone.click(".skm-choice[data-score='3']")
    step_is(phone, "U2")
    phone.click("#lang")
    phone.wait_for_function("(document.querySelector('.skm-title') || {textContent: ''})"
                            ".textContent.includes('How easy')", timeout=5000)
    assert "Question 2 of 9" in phone.inner_text(".skm-head")
    phone.click(".skm-nav button:has-text('Back')")
    step_is(phone, "U1")
    # the answer given in Indonesian is still pressed, now labelled in English
    assert phone.get_attribute(".skm-choice[data-score='3']", "aria-pressed") == "true"
    assert phone.inner_text(".skm-choice[data-score='3']") == "Appropriate"
    shoot(phone, "phone-english")


def test_a_network_error_keeps_every_answer_and_a_retry_sends_them(new_page, server):
    ticket = served_ticket(server)
    phone = new_page(*PHONE, is_mobile=True, has_touch=True)
    phone.goto(ticket["track_url"])
    phone.click("#skm-start")
    answer_elements(phone)
    answer_profile(phone, skip_last=True)
    phone.click(".skm-nav button:has-text('Berikutnya')")
    step_is(phone, "summary")
    phone.route("**/api/v1/skm/responses", lambda route: route.abort())
    phone.click("#skm-send")
    phone.wait_for_selector("#skm-retry", timeout=10000)
    assert "Jawaban Anda tetap tersimpan" in phone.inner_text(".skm-error")
    shoot(phone, "phone-offline")
    assert stored_response(server, ticket["id"]) is None
    phone.unroute("**/api/v1/skm/responses")
    phone.click("#skm-retry")
    phone.wait_for_selector(".skm-thanks", timeout=10000)
    stored = stored_response(server, ticket["id"])
    assert list(stored.answers) == SCORES and stored.occupation is None
    phone.errors.clear()  # the aborted request's console line is what this test provoked


def test_a_reload_halfway_resumes_where_the_citizen_was(new_page, server):
    ticket = served_ticket(server)
    phone = new_page(*PHONE, is_mobile=True, has_touch=True)
    phone.goto(ticket["track_url"])
    phone.click("#skm-start")
    for i, score in enumerate(SCORES[:4], start=1):
        phone.click(f".skm-choice[data-score='{score}']")
        step_is(phone, f"U{i + 1}")
    phone.reload()  # a phone's browser reloads a page left in the background
    phone.click("#skm-start")
    step_is(phone, "U5")
    phone.click(".skm-nav button:has-text('Kembali')")
    step_is(phone, "U4")
    assert phone.get_attribute(f".skm-choice[data-score='{SCORES[3]}']", "aria-pressed") == "true"


def test_an_answer_already_in_is_thanked_not_counted_twice(new_page, server):
    ticket = served_ticket(server)
    phone = new_page(*PHONE, is_mobile=True, has_touch=True)
    phone.goto(ticket["track_url"])
    phone.click("#skm-start")
    answer_elements(phone)
    # meanwhile the same citizen answered on another device
    token = ticket["track_url"].rsplit("/", 1)[1]
    requests.post(f"{server.url}{API}/skm/responses", timeout=10, json={
        "ticket_token": token, "answers": {f"U{i}": 2 for i in range(1, 10)}}).raise_for_status()
    for _ in range(4):
        phone.click(".skm-nav button:has-text('Lewati')")
    phone.click(".skm-nav button:has-text('Berikutnya')")
    phone.click("#skm-send")
    phone.wait_for_selector(".skm-thanks.already", timeout=10000)
    assert phone.inner_text(".skm-thanks") == \
        "Penilaian untuk tiket ini sudah diterima. Terima kasih."
    assert list(stored_response(server, ticket["id"]).answers) == [2] * 9
    phone.errors.clear()  # the 409 is the answer this test provoked


# ------------------------------------------------------------------ the counter's tablet


def sign_in_console(new_page, server):
    name, password, _ = OFFICER
    page = new_page(1366, 768)
    page.goto(f"{server.url}/counter")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/counter")
    page.wait_for_function("document.body.dataset.live === '1' && "
                           "document.body.dataset.busy === '0'", timeout=15000)
    return page


def press(console, button: str, code: str, status: str | None) -> None:
    console.click(button)
    condition = f"document.getElementById('current').dataset.code === {code!r}"
    if status:
        condition += f" && document.getElementById('current').dataset.status === {status!r}"
    console.wait_for_function(condition + " && document.body.dataset.busy === '0'",
                              timeout=10000)


def test_the_counters_tablet_asks_the_citizen_the_officer_just_finished(new_page, server):
    tablet = new_page(*TABLET, has_touch=True)
    tablet.goto(f"{server.url}/survey?device_token={server.tokens['tablet']}")
    tablet.wait_for_function("document.body.dataset.mode === 'idle' && "
                             "document.body.dataset.live === '1'", timeout=15000)
    assert "device_token" not in tablet.url
    idle_text = tablet.inner_text("#idle")
    assert "Terima kasih telah dilayani" in idle_text and "Loket 1" in idle_text
    shoot(tablet, "tablet-idle")

    ticket = post(server, "/tickets", "kiosk", {"service_id": "ktp-el"})["ticket"]
    console = sign_in_console(new_page, server)
    press(console, "#btn-next", ticket["code"], "called")
    press(console, "#btn-start", ticket["code"], "serving")
    assert tablet.get_attribute("body", "data-mode") == "idle"  # not before Finish
    console.click("#btn-finish")
    tablet.wait_for_function(f"document.body.dataset.mode === 'form' && "
                             f"document.body.dataset.ticket === {ticket['code']!r}",
                             timeout=5000)
    assert f"Tiket {ticket['code']}" in tablet.inner_text(".skm-head")
    assert "rina" not in tablet.inner_text("body").lower()  # never the officer's name
    shoot(tablet, "tablet-form")
    answer_elements(tablet, keyboard=True)  # 1–4 on a keypad work as taps
    answer_profile(tablet)
    tablet.click(".skm-nav button:has-text('Berikutnya')")
    step_is(tablet, "summary")
    shoot(tablet, "tablet-summary")
    tablet.click("#skm-send")
    tablet.wait_for_function("document.body.dataset.mode === 'thanks'", timeout=10000)
    assert "kembali ke layar awal" in tablet.inner_text("#back-soon").lower()
    shoot(tablet, "tablet-thanks")
    stored = stored_response(server, ticket["id"])
    assert stored.channel == "survey" and stored.counter_id == "loket-1"
    assert list(stored.answers) == SCORES
    # back to idle by itself after about ten seconds
    tablet.wait_for_function("document.body.dataset.mode === 'idle'", timeout=15000)
    assert tablet.errors == [] and console.errors == []


def test_a_tablet_back_from_a_lost_connection_still_asks_the_last_citizen(new_page, server):
    """The finish is made while the tablet's server is down (by another process, as the CLI
    or a second server without Redis would): no emit ever reaches the tablet, and its
    rejoin's survey.state still opens the form."""
    from queue_server.boot import prepare_data
    from queue_server.services import tickets
    from queue_server.services.hall import Hall
    from queue_server.settings import load_settings
    from tests.conftest import ADMIN

    tablet = new_page(*TABLET, has_touch=True)
    tablet.goto(f"{server.url}/survey?device_token={server.tokens['tablet']}")
    tablet.wait_for_function("document.body.dataset.mode === 'idle' && "
                             "document.body.dataset.live === '1'", timeout=15000)
    ticket = post(server, "/tickets", "kiosk", {"service_id": "ktp-el"})["ticket"]
    post(server, "/counters/loket-1/call-next")
    server.stop()
    tablet.wait_for_selector("#offline:visible", timeout=15000)
    settings = load_settings(server.config)
    store, _ = prepare_data(settings, server.data_dir)
    tickets.finish(Hall(store, settings), ADMIN, ticket["id"])
    store.close()
    server.start()
    tablet.wait_for_function(f"document.body.dataset.mode === 'form' && "
                             f"document.body.dataset.ticket === {ticket['code']!r}",
                             timeout=20000)
    assert tablet.is_hidden("#offline")
    tablet.errors.clear()  # the failed requests of the minutes offline were provoked here


def test_a_tablet_whose_finish_message_was_lost_learns_it_from_the_heartbeat(new_page,
                                                                             server):
    """The server's survey.ticket never reaches the tablet (dropped on the way, as a socket
    that reconnects between commit and emit loses it): the room's heartbeat names an event
    the tablet never heard, and its resync from the snapshot opens the form."""
    dropped: list[str] = []

    def drop_finishes(ws) -> None:
        to_server = ws.connect_to_server()
        ws.on_message(lambda message: to_server.send(message))

        def from_server(message) -> None:
            if isinstance(message, str) and '"survey.ticket"' in message:
                dropped.append(message)
                return
            ws.send(message)

        to_server.on_message(from_server)

    tablet = new_page(*TABLET, has_touch=True)
    tablet.route_web_socket("**/socket.io/**", drop_finishes)
    tablet.goto(f"{server.url}/survey?device_token={server.tokens['tablet']}")
    tablet.wait_for_function("document.body.dataset.mode === 'idle' && "
                             "document.body.dataset.live === '1'", timeout=15000)
    ticket = post(server, "/tickets", "kiosk", {"service_id": "ktp-el"})["ticket"]
    post(server, "/counters/loket-1/call-next")
    post(server, f"/tickets/{ticket['id']}/start")
    post(server, f"/tickets/{ticket['id']}/finish")
    tablet.wait_for_function(f"document.body.dataset.mode === 'form' && "
                             f"document.body.dataset.ticket === {ticket['code']!r}",
                             timeout=20000)
    assert dropped  # the form came from the resync, not from the message


def test_an_unpaired_tablet_shows_its_pairing_code(new_page, server):
    tablet = new_page(*TABLET)
    tablet.goto(f"{server.url}/survey")
    tablet.wait_for_function("/^[A-Z2-9]{3}-[A-Z2-9]{3}$/.test("
                             "document.querySelector('.pair-code').textContent)", timeout=10000)
    assert "belum dipasangkan" in tablet.inner_text("#pairing")
    shoot(tablet, "tablet-unpaired")

