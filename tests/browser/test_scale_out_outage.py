"""The lobby TV and a citizen's phone in real Chromium on process A while the calls are made
on process B and the test stops and restarts their Redis: every call shows within 15 s,
each is spoken exactly once, the one made during the outage too."""

from __future__ import annotations

import time

from tests.browser.conftest import shoot
from tests.browser.test_display import open_display, spoken
from tests.web.test_scale_out_outage import health, outage_hall, post, wait_for

__all__ = ["outage_hall"]  # the fixture, used by name below


def shows(page, code: str, timeout: float = 15000) -> None:
    page.wait_for_function(f"document.getElementById('now-code').textContent === '{code}'",
                           timeout=timeout)


def test_the_tv_on_one_process_shows_and_speaks_once_every_call_made_on_the_other_through_a_queue_outage(  # noqa: E501
        new_page, outage_hall):
    redis, (a, b), tokens = outage_hall
    a.tokens = tokens
    tickets = [post(b, "/tickets", tokens["kiosk"], {"service_id": "skck"})["ticket"]
               for _ in range(3)]
    tv = open_display(new_page, a)
    phone = new_page(390, 844, is_mobile=True, has_touch=True)
    phone.goto(tickets[1]["track_url"].replace(b.url, a.url))  # the phone is on A as well
    phone.wait_for_function("document.body.dataset.live === '1'", timeout=15000)

    call = "/counters/loket-15/call-next"
    assert post(b, call, tokens["admin"])["ticket"]["code"] == "S001"
    shows(tv, "S001")  # live, through the queue
    tv.wait_for_function("window.__loketDisplay.spoken.length === 1", timeout=30000)

    redis.stop()
    assert post(b, call, tokens["admin"])["ticket"]["code"] == "S002"
    shows(tv, "S002")  # the heartbeat of A named a call the TV never heard: it resynced
    phone.wait_for_selector(".state.called", timeout=15000)
    tv.wait_for_function("window.__loketDisplay.spoken.length === 2", timeout=30000)
    assert tv.evaluate("window.__loketDisplay.resyncs") >= 1
    shoot(tv, "display-call-during-queue-outage")
    shoot(phone, "phone-called-during-queue-outage")

    redis.start()
    wait_for(lambda: health(b)["message_queue"]["ok"] and
             health(b)["message_queue"]["pending"] == 0, 20, 0.5)
    assert post(b, call, tokens["admin"])["ticket"]["code"] == "S003"
    shows(tv, "S003")
    tv.wait_for_function("window.__loketDisplay.spoken.length >= 3", timeout=30000)
    time.sleep(6)  # the kept messages' replay and a heartbeat round: nothing more is said
    said = spoken(tv)
    assert [s["code"] for s in said] == ["S001", "S002", "S003"]
    assert len({s["event_id"] for s in said}) == 3
    # each call once in the list, newest first: the replay after the outage added nothing
    listed = tv.eval_on_selector_all("#calls li .code",
                                     "els => els.map(e => e.firstChild.textContent)")
    assert listed == ["S003", "S002", "S001"]
    assert tv.errors == [] and phone.errors == []


def test_the_console_on_one_process_shows_a_citizen_issued_on_the_other_while_the_queue_is_down(
        new_page, outage_hall):
    redis, (a, b), tokens = outage_hall
    page = new_page(1366, 768)
    page.goto(f"{a.url}/counter")
    page.fill("input[name=name]", "bayu")
    page.fill("input[name=password]", "rahasia-bayu-123")
    page.click("button[type=submit]")
    page.wait_for_url("**/counter")
    page.wait_for_function("document.body.dataset.live === '1' && "
                           "window.__loketConsole.state.snapshot !== null", timeout=15000)
    waiting = "window.__loketConsole.state.snapshot.waiting.map(t => t.code).join(',')"
    post(b, "/tickets", tokens["kiosk"], {"service_id": "skck"})
    page.wait_for_function(f"{waiting} === 'S001'", timeout=15000)  # live, through the queue

    redis.stop()
    post(b, "/tickets", tokens["kiosk"], {"service_id": "skck"})
    # A's heartbeat for counter:loket-15 names the issue the console never heard: it refetches
    page.wait_for_function(f"{waiting} === 'S001,S002'", timeout=15000)
    shoot(page, "console-ticket-during-queue-outage")
    assert page.errors == []
