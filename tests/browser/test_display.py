"""The lobby TV and the citizen's phone in real Chromium, against `queue-server serve`: calls
show and speak within a second, in order, once; nothing replays after a reload or a restart;
a blocked browser asks for one tap; the page stays bounded."""

from __future__ import annotations

from html import escape

import requests

from tests.browser.conftest import shoot

API = "/api/v1"


def post(server, path: str, who: str = "admin", body: dict | None = None) -> dict:
    r = requests.post(f"{server.url}{API}{path}", json=body or {}, timeout=10,
                      headers={"Authorization": f"Bearer {server.tokens[who]}"})
    assert r.status_code in (200, 201), r.text
    return r.json()


def issue(server, service: str = "ktp-el", language: str = "id") -> dict:
    return post(server, "/tickets", "kiosk", {"service_id": service,
                                              "language": language})["ticket"]


def open_display(new_page, server, width=1920, height=1080, zone: str | None = None,
                 autoplay: bool = True):
    page = new_page(width, height, autoplay=autoplay)
    query = f"?device_token={server.tokens['display']}" + (f"&zone={zone}" if zone else "")
    page.goto(f"{server.url}/display{query}")
    page.wait_for_function("window.__loketDisplay.snapshots >= 1 && "
                           "document.body.dataset.live === '1'", timeout=15000)
    return page


def wait_idle(page) -> None:
    """The screen has its snapshot, hears live events (or polls) and has nothing queued to
    say: had anything been going to be spoken, it would have been by now."""
    page.wait_for_function("document.body.dataset.idle === '1'", timeout=15000)


def spoken(page) -> list[dict]:
    return page.evaluate("window.__loketDisplay.spoken")


def test_a_call_reaches_display_and_phone_within_a_second(new_page, server):
    ticket = issue(server)
    display = open_display(new_page, server)
    phone = new_page(390, 844, is_mobile=True, has_touch=True)
    phone.goto(ticket["track_url"])  # public_url follows the served port on localhost
    phone.wait_for_function("document.body.dataset.live === '1'", timeout=15000)
    shoot(phone, "phone-waiting")

    post(server, "/counters/loket-2/call-next")
    display.wait_for_function("document.getElementById('now-code').textContent === 'A001'",
                              timeout=1000)
    phone.wait_for_selector(".state.called", timeout=1000)
    assert "Silakan menuju Loket 2" in phone.inner_text("#state")
    assert display.inner_text("#now-counter") == "Loket 2"
    assert display.inner_text("#now-agency").startswith("Dinas Kependudukan")
    shoot(phone, "phone-called")
    display.wait_for_function("window.__loketDisplay.spoken.length === 1", timeout=20000)
    shoot(display, "display-landscape")
    assert display.errors == [] and phone.errors == []


def test_display_plays_chime_then_fragments_in_order_once(new_page, server):
    issue(server, "kartu-keluarga")
    display = open_display(new_page, server)
    call = post(server, "/counters/loket-3/call-next")["ticket"]
    assert call["code"] == "B001"
    display.wait_for_function("window.__loketDisplay.spoken.length === 1", timeout=20000)
    state = requests.get(f"{server.url}{API}/display/state", timeout=10,
                         headers={"Authorization": f"Bearer {server.tokens['display']}"}).json()
    expected = state["calls"][0]["audio"]
    played = display.evaluate("window.__loketDisplay.audio")
    assert [p["url"] for p in played] == expected
    assert {p["result"] for p in played} == {"ended"}
    assert expected[0] == "/audio/chime.mp3" and len(expected) == 7
    # a recall is spoken again, marked as such
    post(server, f"/tickets/{call['id']}/recall")
    display.wait_for_function("window.__loketDisplay.spoken.length === 2", timeout=20000)
    assert not display.locator("#now-recall").is_hidden()
    assert spoken(display)[1]["text"].startswith("Panggilan ulang")


def test_reload_does_not_replay_calls(new_page, server):
    issue(server)
    display = open_display(new_page, server)
    post(server, "/counters/loket-1/call-next")
    display.wait_for_function("window.__loketDisplay.spoken.length === 1", timeout=20000)
    display.reload()
    display.wait_for_function("window.__loketDisplay.snapshots >= 1", timeout=15000)
    assert display.inner_text("#now-code") == "A001"  # shown …
    wait_idle(display)
    assert spoken(display) == []  # … not spoken again


def test_after_a_restart_the_display_shows_calls_made_meanwhile_without_speaking(
        new_page, server):
    issue(server)
    issue(server)
    display = open_display(new_page, server)
    post(server, "/counters/loket-1/call-next")
    display.wait_for_function("window.__loketDisplay.spoken.length === 1", timeout=20000)
    snapshots = display.evaluate("window.__loketDisplay.snapshots")

    display.context.set_offline(True)  # the TV's network drops while the server restarts
    server.stop()
    server.start()
    post(server, "/counters/loket-2/call-next")  # made while the TV could not hear it
    display.context.set_offline(False)
    display.wait_for_function("document.getElementById('now-code').textContent === 'A002'",
                              timeout=30000)
    assert display.evaluate("window.__loketDisplay.snapshots") > snapshots
    wait_idle(display)
    assert [s["code"] for s in spoken(display)] == ["A001"]
    # and the next live call speaks again
    issue(server)
    post(server, "/counters/loket-1/call-next")
    display.wait_for_function("window.__loketDisplay.spoken.length === 2", timeout=20000)
    assert spoken(display)[1]["code"] == "A003"


def test_blocked_audio_shows_the_tap_overlay_and_one_tap_enables_sound(new_page, server):
    # launched without --autoplay-policy=no-user-gesture-required: Chromium blocks sound
    display = open_display(new_page, server, autoplay=False)
    overlay = display.locator("#sound-overlay")
    overlay.wait_for(state="visible", timeout=5000)
    assert "Ketuk untuk mengaktifkan suara" in overlay.inner_text()
    shoot(display, "display-sound-blocked")
    overlay.click()
    overlay.wait_for(state="hidden", timeout=5000)
    issue(server, "skck")
    post(server, "/counters/loket-15/call-next")
    display.wait_for_function("window.__loketDisplay.spoken.length === 1", timeout=20000)
    results = {p["result"] for p in display.evaluate("window.__loketDisplay.audio")}
    assert results == {"ended"}


def test_without_websockets_the_display_polls_and_still_speaks_fresh_calls(new_page,
                                                                            server):
    page = new_page(1920, 1080)
    page.route("**/socket.io/**", lambda route: route.abort())  # long-polling transport
    page.route_web_socket("**/socket.io/**", lambda ws: ws.close())  # and the websocket
    page.goto(f"{server.url}/display?device_token={server.tokens['display']}")
    page.wait_for_function("window.__loketDisplay.snapshots >= 1", timeout=20000)
    # at least one healthy poll before the call, and the socket never got through
    page.wait_for_function("window.__loketDisplay.status().lastPollOk", timeout=10000)
    assert page.evaluate("window.__loketDisplay.status().socketOnline") is False
    issue(server, "teller")
    post(server, "/counters/loket-20/call-next")
    page.wait_for_function("document.getElementById('now-code').textContent === 'X001'",
                           timeout=10000)
    page.wait_for_function("window.__loketDisplay.spoken.length === 1", timeout=20000)


def test_portrait_display_and_zone_filter(new_page, server):
    issue(server, "ktp-el")
    issue(server, "pkb-tahunan")
    post(server, "/counters/loket-1/call-next")
    post(server, "/counters/loket-6/call-next")
    display = open_display(new_page, server, 1080, 1920, zone="zona-b")
    assert display.inner_text("#now-code") == "F001"  # the Dukcapil call is zone A's
    assert display.inner_text("#zone-name").startswith("Zona B")
    assert display.locator("[data-counter=loket-1]").count() == 0
    assert display.locator("[data-counter=loket-6]").count() == 1
    shoot(display, "display-portrait-zona-b")


def test_dom_stays_bounded_over_many_calls(new_page, server):
    for _ in range(45):
        issue(server, "pkb-tahunan")
    display = open_display(new_page, server)
    counts = []
    for n in range(45):
        post(server, "/counters/loket-6/call-next")
        if n in (9, 44):
            display.wait_for_function(
                f"document.getElementById('now-code').textContent === 'F{n + 1:03d}'",
                timeout=10000)
            counts.append(display.evaluate("document.getElementsByTagName('*').length"))
    assert display.locator("#calls li").count() <= 8
    assert counts[1] <= counts[0]  # 35 more calls added nothing (the waiting strip shrank)


def track(server, ticket: dict) -> dict:
    token = ticket["track_url"].rsplit("/", 1)[-1]
    return requests.get(f"{server.url}{API}/track/{token}", timeout=10).json()["ticket"]


def test_phone_lists_the_documents_to_bring_until_the_citizen_is_served(new_page, server):
    ticket = issue(server, "ktp-el")
    expected = track(server, ticket)["service"]["requirements"]
    assert expected
    # in the page as served, before any script runs
    html = requests.get(ticket["track_url"], timeout=10).text
    assert 'class="docs"' in html and all(escape(d, quote=False) in html for d in expected)
    phone = new_page(390, 844, is_mobile=True, has_touch=True)
    phone.goto(ticket["track_url"])
    phone.wait_for_function("document.body.dataset.live === '1'", timeout=15000)
    docs = phone.locator("#docs")
    assert docs.is_visible()
    assert docs.locator("h2").inner_text() == "Dokumen yang perlu dibawa"
    assert docs.locator("li").all_inner_texts() == expected
    # under the service name, and nothing spills past the card on a small phone
    assert phone.evaluate("document.getElementById('service').getBoundingClientRect().bottom"
                          " <= document.getElementById('docs').getBoundingClientRect().top")
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= 390
    shoot(phone, "phone-documents")
    phone.locator("#lang").tap()
    assert docs.locator("h2").inner_text() == "Documents to bring"
    assert docs.locator("li").all_inner_texts() == expected
    phone.locator("#lang").tap()

    post(server, "/counters/loket-1/call-next")
    phone.wait_for_selector(".state.called", timeout=5000)
    assert docs.is_visible()  # on the way to the counter, still worth a look
    post(server, f"/tickets/{ticket['id']}/start", body={})
    post(server, f"/tickets/{ticket['id']}/finish", body={})
    phone.wait_for_selector(".state.done", timeout=5000)
    assert docs.is_hidden()
    assert phone.errors == []


def test_phone_shows_no_documents_for_a_service_without_them(new_page, server):
    services = requests.get(f"{server.url}{API}/services", timeout=10).json()["services"]
    bare = next(s for s in services if s["open"] and not s["requirements"])
    ticket = issue(server, bare["id"])
    phone = new_page(390, 844, is_mobile=True, has_touch=True)
    phone.goto(ticket["track_url"])
    phone.wait_for_function("document.body.dataset.live === '1'", timeout=15000)
    assert phone.locator("#docs").is_hidden()
    # and a cancelled ticket hides the list of a service that has one
    other = issue(server, "ktp-el")
    phone.goto(other["track_url"])
    phone.wait_for_function("document.body.dataset.live === '1'", timeout=15000)
    assert phone.locator("#docs").is_visible()
    post(server, f"/tickets/{other['id']}/cancel", body={"reason": None})
    phone.wait_for_selector(".state.gone", timeout=5000)
    assert phone.locator("#docs").is_hidden()
    assert phone.errors == []
