"""The officer's counter console in real Chromium, against `queue-server serve`: sign in
through the real form, pick a counter, serve citizens with the keyboard and the buttons,
transfer, call out of order, pause (the TV follows) — and nothing a hurried officer does
twice calls two citizens. Screens are 1366×768 laptops."""

from __future__ import annotations

import time

import pytest
import requests

from tests.browser.conftest import shoot
from tests.conftest import always_open_config, provision

API = "/api/v1"
LAPTOP = (1366, 768)
OFFICERS = {  # name -> (password, counters)
    "rina": ("rahasia-rina-123", ["loket-1"]),
    "budi": ("rahasia-budi-123", ["loket-2"]),
    "dewi": ("rahasia-dewi-123", ["loket-3"]),
    "sari": ("rahasia-sari-123", ["loket-1", "loket-3"]),
}


@pytest.fixture
def server(live_server_factory, tmp_path):
    """The shared `server` of tests/conftest.py, plus officers with passwords, made in-process
    before it starts (signing in goes through the real form)."""
    from queue_server.boot import prepare_data
    from queue_server.services import accounts
    from queue_server.services.hall import Hall
    from queue_server.settings import load_settings

    server = live_server_factory(config=always_open_config(tmp_path / "cfg"))
    server.tokens = provision(server.data_dir, server.config)
    settings = load_settings(server.config)
    store, _ = prepare_data(settings, server.data_dir)
    hall = Hall(store, settings)
    for name, (password, counters) in OFFICERS.items():
        accounts.create_user(hall, name, "officer", password, counters=counters)
    store.close()
    return server.start()


# ------------------------------------------------------------------ helpers


def api(server, method: str, path: str, who: str = "admin", body: dict | None = None,
        ok: bool = True) -> dict:
    r = requests.request(method, f"{server.url}{API}{path}", json=body, timeout=10,
                         headers={"Authorization": f"Bearer {server.tokens[who]}"})
    if ok:
        assert r.status_code in (200, 201), r.text
    return r.json()


def issue(server, service: str = "ktp-el", n: int = 1, **extra) -> list[dict]:
    return [api(server, "POST", "/tickets", "kiosk", {"service_id": service, **extra})["ticket"]
            for _ in range(n)]


def console_state(server, counter: str) -> dict:
    return api(server, "GET", f"/counters/{counter}/console")


def waiting_of(server, service: str = "ktp-el") -> int:
    services = requests.get(f"{server.url}{API}/services", timeout=10).json()["services"]
    return next(s for s in services if s["id"] == service)["waiting"]


def sign_in(new_page, server, name: str, size: tuple[int, int] = LAPTOP):
    page = new_page(*size)
    page.dialogs = []  # type: ignore[attr-defined]
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    page.goto(f"{server.url}/counter")
    assert "/login" in page.url  # anonymous: to the sign-in form first
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", OFFICERS[name][0])
    page.click("button[type=submit]")
    page.wait_for_url("**/counter")
    return page


def wait_ready(page, snapshots: int = 1) -> None:
    page.wait_for_function(
        f"document.body.dataset.live === '1' && window.__loketConsole.snapshots >= {snapshots}"
        " && window.__loketConsole.state.snapshot !== null"  # of the counter now chosen
        " && document.body.dataset.busy === '0'", timeout=15000)


def idle(page) -> None:
    """No request in flight, the last snapshot applied, and the next press of call-next
    counts as a new press (not the second half of a double press)."""
    page.wait_for_function("document.body.dataset.busy === '0' && "
                           "document.body.dataset.pressWindow !== 'open'", timeout=10000)


def keys_seen(page) -> int:
    return page.evaluate("window.__loketConsole.keys")


def wait_keys_handled(page, before: int, presses: int) -> None:
    """The console's keydown handler has run for these presses (acting on them or not), so
    whatever a press would send has been sent by now."""
    page.wait_for_function(f"window.__loketConsole.keys >= {before + presses}", timeout=5000)


def current_code(page) -> str:
    return page.get_attribute("#current", "data-code") or ""


def wait_current(page, code: str, status: str | None = None) -> None:
    condition = f"document.getElementById('current').dataset.code === {code!r}"
    if status:
        condition += f" && document.getElementById('current').dataset.status === {status!r}"
    page.wait_for_function(condition, timeout=10000)
    idle(page)


def toast_text(page) -> str:
    page.wait_for_selector("#toast:not([hidden])", timeout=5000)
    return page.inner_text("#toast-text")


def fits_laptop(page) -> None:
    width, height = LAPTOP
    sizes = page.evaluate("({w: document.scrollingElement.scrollWidth, "
                          "h: document.scrollingElement.scrollHeight})")
    assert sizes["w"] <= width, sizes  # never a horizontal scrollbar
    assert sizes["h"] <= height, sizes  # the lists scroll inside their panels
    for selector in ("#btn-next", "#btn-skip", "#btn-pause", ".stats-panel"):
        box = page.locator(selector).bounding_box()
        assert box and box["x"] + box["width"] <= width and box["y"] + box["height"] <= height, \
            selector


def clean(page) -> None:
    assert page.dialogs == []  # no alert/confirm/prompt, ever
    assert page.errors == []


def open_display(new_page, server):
    page = new_page(1920, 1080)
    page.goto(f"{server.url}/display?device_token={server.tokens['display']}")
    page.wait_for_function("window.__loketDisplay.snapshots >= 1 && "
                           "document.body.dataset.live === '1'", timeout=15000)
    return page


# ------------------------------------------------------------------ tests


def test_officer_serves_a_morning_with_the_keyboard(new_page, server):
    issue(server, "ktp-el", 3)
    issue(server, "ikd-kia", 1, priority=True, priority_kind="lansia")
    page = sign_in(new_page, server, "rina")
    # one counter: no picker, straight to the desk
    wait_ready(page)
    assert page.is_hidden("#picker") and page.is_visible("#desk")
    assert page.inner_text("#counter-name") == "Loket 1"
    assert page.inner_text("#waiting-count") == "4"
    assert page.is_disabled("#btn-finish") and page.is_disabled("#btn-recall")
    assert "F1" in page.inner_text("#btn-next") and "F8" in page.inner_text("#btn-skip")

    page.keyboard.press("F1")  # call next: the priority citizen goes first
    wait_current(page, "E001", "called")
    assert "PRIORITAS · Lansia" in page.inner_text("#current")
    assert "dipanggil ke Loket 1" in toast_text(page)
    assert page.is_disabled("#btn-next") is False and page.is_enabled("#btn-recall")

    page.keyboard.press("F2")  # recall
    page.wait_for_function("document.getElementById('toast-text').textContent"
                           ".includes('dipanggil ulang')", timeout=5000)
    idle(page)
    page.click("#btn-start")  # start serving
    wait_current(page, "E001", "serving")
    assert "SEDANG DILAYANI" in page.inner_text("#current")
    assert page.is_disabled("#btn-start") and page.is_disabled("#btn-skip")
    page.keyboard.press("F4")  # finish
    page.wait_for_function("document.getElementById('current').dataset.status === 'none'",
                           timeout=10000)
    idle(page)
    assert page.inner_text("#stat-finished") == "1"

    page.keyboard.press("Space")  # Space calls next as well
    wait_current(page, "A001", "called")
    shoot(page, "console-current-ticket")
    fits_laptop(page)

    page.keyboard.press("F8")  # not present: skipped
    page.wait_for_selector("#skipped-list li[data-code=A001] button[data-recall]")
    idle(page)
    assert current_code(page) == ""
    assert page.inner_text("#stat-skipped") == "1"
    # the citizen turns up: recall from the skipped list
    page.click("#skipped-list li[data-code=A001] button[data-recall]")
    wait_current(page, "A001", "called")
    assert page.locator("#skipped-list li[data-code=A001]").count() == 0
    page.keyboard.press("F3")
    wait_current(page, "A001", "serving")
    page.keyboard.press("F4")
    page.wait_for_function("document.getElementById('current').dataset.status === 'none'",
                           timeout=10000)
    idle(page)
    assert page.inner_text("#waiting-count") == "2"
    assert page.inner_text("#stat-called") == "2"  # E001 and A001; the recalls are not calls
    state = console_state(server, "loket-1")
    assert state["current"] is None and [t["code"] for t in state["waiting"]] == ["A002", "A003"]
    clean(page)


def test_keys_rest_while_typing_or_in_a_dialog_and_f1_is_not_help(new_page, server):
    issue(server, "ktp-el", 2)
    page = sign_in(new_page, server, "rina")
    wait_ready(page)
    page.click("#btn-call")  # a dialog with an input
    page.wait_for_selector("#call-dialog[open]")
    before = keys_seen(page)
    page.keyboard.press("F1")
    page.keyboard.press("Space")
    page.keyboard.press("F4")
    wait_keys_handled(page, before, 3)
    assert page.evaluate("window.__loketConsole.requests") == 0
    assert page.input_value("#call-code") == " "  # Space typed into the field
    page.keyboard.press("Escape")
    page.wait_for_selector("#call-dialog", state="hidden")
    assert waiting_of(server) == 2
    # a held key is one press
    page.keyboard.down("F1")
    wait_current(page, "A001")
    before = keys_seen(page)
    page.evaluate("""() => window.dispatchEvent(new KeyboardEvent('keydown',
        {key: 'F1', code: 'F1', repeat: true, bubbles: true, cancelable: true}))""")
    wait_keys_handled(page, before, 1)
    idle(page)
    page.keyboard.up("F1")
    assert waiting_of(server) == 1
    assert page.evaluate("window.__loketConsole.requests") == 1
    # F1's default (the browser's help) is prevented
    prevented = page.evaluate("""() => {
        const e = new KeyboardEvent('keydown', {key: 'F1', code: 'F1', bubbles: true,
                                                cancelable: true});
        document.body.dispatchEvent(e); return e.defaultPrevented; }""")
    assert prevented
    idle(page)
    # Space with the focus on a button calls next; it does not also press that button
    page.focus("#btn-pause")
    page.keyboard.press("Space")
    wait_current(page, "A002")
    assert page.is_hidden("#pause-dialog")
    assert waiting_of(server) == 0
    clean(page)


def test_the_buttons_are_the_servers_allowed_actions(new_page, server):
    """The page keeps no copy of the state machine: it enables what the console state's
    allowed_actions lists and explains the rest from blocked_actions' reason codes."""
    issue(server, "ktp-el", 1)
    page = sign_in(new_page, server, "rina")
    wait_ready(page)
    assert page.is_enabled("#btn-next") and page.is_enabled("#btn-call")
    assert page.get_attribute("#btn-finish", "title") == "Belum ada warga di loket ini."
    assert page.get_attribute("#btn-recall", "title") == "Belum ada nomor yang sedang dipanggil."

    def next_refused(route):  # the same snapshot, except that the server refuses call-next
        response = route.fetch()
        state = response.json()
        state["allowed_actions"] = [a for a in state["allowed_actions"] if a != "next"]
        state["blocked_actions"]["next"] = "paused"
        route.fulfill(response=response, json=state)

    page.route("**/api/v1/counters/loket-1/console", next_refused)
    page.reload()
    wait_ready(page)
    assert page.is_disabled("#btn-next") and page.is_enabled("#btn-call")
    assert page.get_attribute("#btn-next", "title") == \
        "Loket sedang istirahat; tekan Lanjutkan dulu."
    before = keys_seen(page)
    page.keyboard.press("F1")
    wait_keys_handled(page, before, 1)
    assert "istirahat" in toast_text(page)
    assert waiting_of(server) == 1 and page.evaluate("window.__loketConsole.requests") == 0
    clean(page)


def test_a_double_press_calls_exactly_one_citizen(new_page, server):
    issue(server, "ktp-el", 6)
    page = sign_in(new_page, server, "rina")
    wait_ready(page)

    # two key presses in one tick
    page.evaluate("""() => { for (let i = 0; i < 2; i++) window.dispatchEvent(new KeyboardEvent(
        'keydown', {key: 'F1', code: 'F1', bubbles: true, cancelable: true})); }""")
    wait_current(page, "A001")
    assert waiting_of(server) == 5
    # two quick presses of the real keyboard
    page.keyboard.press("F1")
    page.keyboard.press("F1")
    wait_current(page, "A002")
    idle(page)
    assert waiting_of(server) == 4
    # a double click in script, and a real double click
    page.evaluate("() => { const b = document.getElementById('btn-next'); b.click(); b.click(); }")
    wait_current(page, "A003")
    assert waiting_of(server) == 3
    page.dblclick("#btn-next")
    wait_current(page, "A004")
    idle(page)
    assert waiting_of(server) == 2
    assert page.evaluate("window.__loketConsole.requests") == 4  # one request per press
    # the server agrees: four called, the previous three skipped as absent
    state = console_state(server, "loket-1")
    assert state["current"]["code"] == "A004"
    assert sorted(s["ticket"]["code"] for s in state["skipped"]) == ["A001", "A002", "A003"]
    clean(page)


def test_a_second_press_just_after_the_call_came_back_calls_nobody_new(new_page, server):
    # the server answers call-next in milliseconds: a double tap's second press lands after
    # the answer, when no request is in flight any more
    issue(server, "ktp-el", 3)
    page = sign_in(new_page, server, "rina")
    wait_ready(page)
    apart_ms = page.evaluate("""async () => {
        const press = () => window.dispatchEvent(new KeyboardEvent('keydown',
            {key: 'F1', code: 'F1', bubbles: true, cancelable: true}));
        const first = performance.now();
        press();
        while (document.getElementById('current').dataset.code !== 'A001'
               || document.body.dataset.busy !== '0') {
            await new Promise((resolve) => setTimeout(resolve, 5));
        }
        press();
        return performance.now() - first;
    }""")
    assert apart_ms < 500, "the machine was too slow to press twice within a double tap"
    idle(page)
    assert current_code(page) == "A001"
    assert waiting_of(server) == 2
    assert page.evaluate("window.__loketConsole.requests") == 1
    # once the double-tap time has passed, a press is a press again
    page.keyboard.press("F1")
    wait_current(page, "A002")
    assert waiting_of(server) == 1
    clean(page)


def test_transfer_through_the_searchable_dialog(new_page, server):
    issue(server, "ktp-el", 2)
    page = sign_in(new_page, server, "rina")
    other = sign_in(new_page, server, "dewi")  # Loket 3 serves Kartu Keluarga
    wait_ready(page)
    wait_ready(other)
    assert other.inner_text("#waiting-count") == "0"
    page.keyboard.press("F1")
    wait_current(page, "A001")

    page.keyboard.press("F9")
    page.wait_for_selector("#transfer-dialog[open]")
    assert page.inner_text("#transfer-code") == "A001"
    assert page.is_disabled("#transfer-go")  # nothing chosen yet
    page.keyboard.press("F1")  # keys rest while the dialog is open
    page.keyboard.type("kartu kel")
    page.wait_for_selector("#transfer-list .choice.selected[data-id=kartu-keluarga]")
    ids = page.eval_on_selector_all("#transfer-list .choice", "els => els.map(e => e.dataset.id)")
    assert "kartu-keluarga" in ids and "ktp-el" not in ids and "skck" not in ids
    assert "B · Kartu Keluarga" in page.inner_text("#transfer-go")
    shoot(page, "console-transfer-dialog")
    page.fill("#transfer-reason", "Perlu perbaikan data KK dulu")
    page.keyboard.press("Enter")
    page.wait_for_selector("#transfer-dialog", state="hidden")
    assert "A001 dialihkan ke B · Kartu Keluarga" in toast_text(page)
    idle(page)
    assert current_code(page) == ""
    assert page.locator("#waiting-list li[data-code=A001]").count() == 0
    assert page.inner_text("#waiting-count") == "1"
    # the citizen now waits at the other service, on the other officer's screen, live
    other.wait_for_selector("#waiting-list li[data-code=A001]", timeout=5000)
    assert "dari KTP-el" in other.inner_text("#waiting-list li[data-code=A001]")
    [moved] = console_state(server, "loket-3")["waiting"]
    assert moved["code"] == "A001" and moved["service_id"] == "kartu-keluarga"
    assert moved["transferred_from"] == "ktp-el"
    assert requests.get(f"{server.url}{API}/services", timeout=10).ok
    # and she serves it: the transfer shows on her current ticket
    other.keyboard.press("F1")
    wait_current(other, "A001")
    assert "Dialihkan dari KTP-el" in other.inner_text("#current")

    # to a counter this time, found by its number; a Transfer arrives as "sent to this counter"
    page.keyboard.press("F1")
    wait_current(page, "A002")
    page.keyboard.press("F9")
    page.fill("#transfer-search", "loket 2")
    page.wait_for_selector("#transfer-list .choice.selected[data-id=loket-2]")
    page.click("#transfer-go")
    page.wait_for_selector("#transfer-dialog", state="hidden")
    idle(page)
    state = console_state(server, "loket-2")
    assert [(t["code"], t["target_counter_id"]) for t in state["waiting"]] == [("A002", "loket-2")]
    clean(page)
    clean(other)


def test_call_a_specific_number_with_a_reason(new_page, server):
    issue(server, "ktp-el", 4)
    page = sign_in(new_page, server, "rina")
    wait_ready(page)
    page.click("#btn-call")
    page.wait_for_selector("#call-dialog[open]")
    assert page.locator("#call-list .choice").count() == 4
    page.keyboard.type("a003")
    page.wait_for_selector("#call-list .choice.selected[data-code=A003]")
    assert page.locator("#call-list .choice").count() == 1
    shoot(page, "console-call-dialog")
    page.click("#call-go")  # no reason yet: said in the dialog, nothing sent
    page.wait_for_selector("#call-dialog .dialog-error:not([hidden])")
    assert "alasan" in page.inner_text("#call-dialog .dialog-error")
    assert page.evaluate("window.__loketConsole.requests") == 0
    page.click("#call-quick [data-reason='Nomornya terlewat']")
    assert page.input_value("#call-reason") == "Nomornya terlewat"
    page.click("#call-go")
    page.wait_for_selector("#call-dialog", state="hidden")
    wait_current(page, "A003", "called")
    assert [t["code"] for t in console_state(server, "loket-1")["waiting"]] == \
        ["A001", "A002", "A004"]
    # a number that is not waiting here is said so, plainly
    page.click("#waiting-list li[data-code=A002]")  # a row opens the dialog with it chosen
    page.wait_for_selector("#call-dialog[open]")
    assert "A002" in page.inner_text("#call-go")
    page.fill("#call-code", "Z999")
    page.wait_for_selector("#call-list .none")
    assert "Z999 tidak ada di antrian" in page.inner_text("#call-list")
    page.fill("#call-code", "")
    page.click("#call-list .choice[data-code=A002]")
    page.fill("#call-reason", "Berkas susulan")
    page.keyboard.press("Enter")
    page.wait_for_selector("#call-dialog", state="hidden")
    wait_current(page, "A002")
    clean(page)


def test_pause_with_a_reason_shows_on_the_display_and_resume(new_page, server):
    issue(server, "ktp-el", 2)
    display = open_display(new_page, server)
    page = sign_in(new_page, server, "rina")
    wait_ready(page)
    tile = display.locator("[data-counter=loket-1]")
    assert "paused" not in (tile.get_attribute("class") or "")

    page.click("#btn-pause")
    page.wait_for_selector("#pause-dialog[open]")
    page.click("#pause-form button[type=submit]")  # no reason: asked for, nothing sent
    page.wait_for_selector("#pause-dialog .dialog-error:not([hidden])")
    page.click("#pause-quick [data-pause=Salat]")
    page.wait_for_selector("#pause-dialog", state="hidden")
    page.wait_for_selector("#paused-banner:not([hidden])")
    idle(page)
    assert "Salat" in page.inner_text("#paused-banner")
    assert page.inner_text("#counter-status") == "ISTIRAHAT"
    assert page.is_disabled("#btn-next") and page.is_disabled("#btn-call")
    display.wait_for_function(
        "document.querySelector('[data-counter=loket-1]').classList.contains('paused')",
        timeout=5000)
    page.keyboard.press("F1")  # nothing is called during the break: said in the page
    assert "istirahat" in toast_text(page)
    assert waiting_of(server) == 2
    shoot(page, "console-paused")
    fits_laptop(page)

    page.click("#banner-resume")
    page.wait_for_selector("#paused-banner", state="hidden")
    idle(page)
    display.wait_for_function(
        "!document.querySelector('[data-counter=loket-1]').classList.contains('paused')",
        timeout=5000)
    page.keyboard.press("F1")
    wait_current(page, "A001")
    # a typed reason works too, and the button toggles to Resume
    page.click("#btn-pause")
    page.fill("#pause-reason", "Mengantar berkas ke Dukcapil")
    page.keyboard.press("Enter")
    page.wait_for_selector("#paused-banner:not([hidden])")
    assert console_state(server, "loket-1")["counter"]["pause_reason"] == \
        "Mengantar berkas ke Dukcapil"
    idle(page)
    assert page.inner_text("#btn-pause") == "Lanjutkan"
    page.click("#btn-pause")
    page.wait_for_selector("#paused-banner", state="hidden")
    idle(page)
    clean(page)
    assert display.errors == []


def test_errors_are_plain_messages_in_the_page(new_page, server):
    issue(server, "ktp-el", 2)
    page = sign_in(new_page, server, "rina")
    wait_ready(page)
    # a number called elsewhere leaves the open dialog's list, live
    page.click("#btn-call")
    page.wait_for_selector("#call-list .choice[data-code=A002]")
    api(server, "POST", "/counters/loket-2/call-next")  # A001
    page.wait_for_selector("#call-list .choice[data-code=A001]", state="detached")
    busy = console_state(server, "loket-2")["current"]
    api(server, "POST", f"/tickets/{busy['id']}/finish")
    issue(server, "ktp-el", 1)  # A003
    # the page's view is held up (its snapshots do not arrive) while Loket 2 calls A002:
    # the server refuses the stale choice, and says why in the dialog
    page.wait_for_selector("#call-list .choice[data-code=A003]")
    page.click("#call-list .choice[data-code=A002]")
    page.fill("#call-reason", "Warga prioritas mendesak")
    page.route("**/api/v1/counters/loket-1/console", lambda route: route.abort())
    failures = page.evaluate("window.__loketConsole.refreshFailures")
    called = api(server, "POST", "/counters/loket-2/call-next")["ticket"]
    assert called["code"] == "A002"
    # the call's event reached the page and the refresh it set off was held up
    page.wait_for_function(f"window.__loketConsole.refreshFailures > {failures}", timeout=5000)
    page.click("#call-go")
    page.wait_for_selector("#call-dialog .dialog-error:not([hidden])")
    message = page.inner_text("#call-dialog .dialog-error")
    assert "hanya tiket yang menunggu yang bisa dipanggil" in message
    assert "Traceback" not in message and "{" not in message
    assert page.is_visible("#call-dialog")  # stays open to pick another
    page.unroute("**/api/v1/counters/loket-1/console")
    page.keyboard.press("Escape")
    page.wait_for_selector("#call-dialog", state="hidden")
    # the network drops: one plain sentence, and the live badge says so
    page.context.set_offline(True)
    page.wait_for_selector("#live.offline", timeout=15000)
    assert "Menyambungkan ulang" in page.inner_text("#live")
    page.keyboard.press("F1")
    page.wait_for_function("document.getElementById('toast-text').textContent"
                           ".includes('Tidak terhubung ke server')", timeout=20000)
    idle(page)
    page.context.set_offline(False)
    page.wait_for_selector("#live.online", timeout=20000)
    wait_ready(page)
    page.keyboard.press("F1")
    wait_current(page, "A003")
    assert page.dialogs == []
    # the only failed loads were the refused call and the offline attempts
    unexpected = [e for e in page.errors if "/tickets/" not in e and "ERR_INTERNET_DISCONNECTED"
                  not in e and "WebSocket" not in e and "socket.io" not in e]
    assert unexpected == [], page.errors


def test_picker_remembers_the_counter_and_the_language(new_page, server):
    issue(server, "kartu-keluarga", 1)
    page = sign_in(new_page, server, "sari")  # two counters: she picks
    page.wait_for_selector("#picker:not([hidden])")
    assert page.is_hidden("#desk")
    picks = page.eval_on_selector_all("#picker-list .pick", "els => els.map(e => e.dataset.pick)")
    assert picks == ["loket-1", "loket-3"]
    shoot(page, "console-picker")
    page.click("[data-pick=loket-3]")
    wait_ready(page)
    assert page.inner_text("#counter-name") == "Loket 3"
    assert page.inner_text("#waiting-count") == "1"
    page.reload()
    wait_ready(page)  # remembered: straight to Loket 3
    assert page.inner_text("#counter-name") == "Loket 3"

    page.click("#switch")  # Ganti loket
    page.wait_for_selector("#picker:not([hidden])")
    page.click("[data-pick=loket-1]")
    page.wait_for_function("document.body.dataset.counter === 'loket-1'")
    wait_ready(page)
    assert page.inner_text("#counter-name") == "Loket 1"
    assert page.inner_text("#waiting-count") == "0"
    issue(server, "ktp-el", 1)  # the new room is live
    page.wait_for_function("document.getElementById('waiting-count').textContent === '1'",
                           timeout=5000)

    assert "Panggil berikutnya" in page.inner_text("#btn-next")
    page.click("#lang")
    assert "Call next" in page.inner_text("#btn-next")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.inner_text("#live") == "Online"  # the switch keeps what the dot says
    page.reload()
    wait_ready(page)
    assert "Call next" in page.inner_text("#btn-next")
    assert "Waiting" in page.text_content(".waiting-panel h2")
    page.keyboard.press("F1")
    wait_current(page, "A001")
    assert "called to Loket 1" in toast_text(page)
    shoot(page, "console-english")
    page.click("#lang")
    assert "Panggil berikutnya" in page.inner_text("#btn-next")
    clean(page)


def test_two_officers_press_call_next_at_the_same_moment(new_page, server):
    issue(server, "ktp-el", 3)
    display = open_display(new_page, server)
    rina = sign_in(new_page, server, "rina")
    budi = sign_in(new_page, server, "budi")
    wait_ready(rina)
    wait_ready(budi)
    # both clicks are set to fire at the same wall-clock instant, in two browsers
    at = int(time.time() * 1000) + 800
    for page in (rina, budi):
        page.evaluate("at => setTimeout(() => document.getElementById('btn-next').click(), "
                      "at - Date.now())", at)
    for page in (rina, budi):
        page.wait_for_function("document.getElementById('current').dataset.code !== ''",
                               timeout=10000)
        idle(page)
    codes = {current_code(rina), current_code(budi)}
    assert codes == {"A001", "A002"}
    assert waiting_of(server) == 1
    display.wait_for_function("['A001', 'A002'].every(c => "
                              "document.getElementById('calls').textContent.includes(c))",
                              timeout=5000)
    # each console shows the other's call leaving the shared waiting list
    for page in (rina, budi):
        page.wait_for_function("document.getElementById('waiting-count').textContent === '1'",
                               timeout=5000)
    shoot(rina, "console-race-loket-1")
    shoot(budi, "console-race-loket-2")
    shoot(display, "console-race-display")
    clean(rina)
    clean(budi)
    assert display.errors == []


def test_a_session_ended_elsewhere_says_so_and_offers_sign_in(new_page, server):
    issue(server, "ktp-el", 1)
    page = sign_in(new_page, server, "rina")
    wait_ready(page)
    # she signs out in another tab of the same browser
    other = page.context.new_page()
    other.goto(f"{server.url}/counter")
    other.click(".staff-bar button.link")
    other.wait_for_url("**/login")
    page.wait_for_function("document.getElementById('toast-text').textContent"
                           ".includes('Sesi Anda berakhir')", timeout=20000)
    link = page.locator("#toast a")
    assert link.get_attribute("href") == "/login?next=%2Fcounter"
    assert page.is_disabled("#btn-next")
    before = keys_seen(page)
    page.keyboard.press("F1")
    wait_keys_handled(page, before, 1)
    assert waiting_of(server) == 1
    link.click()
    page.wait_for_url("**/login**")
    assert page.dialogs == []
    assert [e for e in page.errors if "/console" not in e] == [], page.errors
