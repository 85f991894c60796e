"""The `queue.order` message of a `service:ID` room: what a phone reads its place from. It
must be the order call-next follows and the very numbers the track answer gives (normal
and ratio mode, one counter or several), carry no tracking token, and be sent once per
service per change however many commits a burst holds."""

from __future__ import annotations

import json

import pytest
import requests

from queue_server.domain.eta_words import wait_words
from queue_server.domain.models import PriorityMode
from queue_server.services import counter_console, hall_views, service_queue, tickets
from queue_server.web.service_rooms import (
    REFRESH_SECONDS,
    REFRESH_TICK_SECONDS,
    ServiceRooms,
    order_message,
)
from tests.conftest import ADMIN, KIOSK, officer, with_queue, without_quotas
from tests.web.test_scale_out import two_servers

__all__ = ["two_servers"]  # the fixture, used by name below

MODES = {
    "strict": {"priority_mode": PriorityMode.STRICT},
    # one priority citizen after every two regular calls at a counter
    "ratio": {"priority_mode": PriorityMode.RATIO, "regular_per_priority": 2},
}


@pytest.fixture(params=sorted(MODES))
def mode_hall(request, make_hall, settings):
    return make_hall(with_queue(without_quotas(settings), **MODES[request.param]))


def issue(hall, clock, service: str, kind: str | None = None):
    clock.advance(minutes=2)  # waits differ, so the counters' weights matter
    return tickets.issue_ticket(hall, KIOSK, service, priority=kind is not None,
                                priority_kind=kind).ticket.ticket


def track(hall, ticket) -> tuple[int, int | None]:
    info = hall_views.track_view(hall, ticket.track_token)[0]
    return info.people_ahead, info.eta_minutes


def message(hall, service_id: str) -> dict:
    return order_message(service_queue.service_queue(hall, service_id), 1)


def test_one_counter_the_codes_come_in_the_order_call_next_calls_them(mode_hall, clock):
    hall = mode_hall
    # loket-1 alone (loket-2 on a break) serves KTP-el (weight 2) and IKD (weight 1)
    counter_console.set_paused(hall, ADMIN, "loket-2", True, "istirahat")
    plan = [("ktp-el", None), ("ikd-kia", None), ("ikd-kia", "lansia"), ("ktp-el", None),
            ("ikd-kia", None), ("ktp-el", "disabilitas"), ("ktp-el", None), ("ikd-kia", None)]
    issued = [issue(hall, clock, s, k) for s, k in plan]
    orders = {s: message(hall, s) for s in ("ktp-el", "ikd-kia")}
    for s, sent in orders.items():
        # a phone's answer is the track answer, ticket by ticket
        mine = [t for t in issued if t.service_id == s]
        assert sorted(sent["codes"]) == sorted(t.code for t in mine)
        for t in mine:
            i = sent["codes"].index(t.code)
            assert (sent["ahead"][i], sent["eta_minutes"][i]) == track(hall, t)

    called = []
    clock.advance(minutes=1)
    while (next_ := tickets.call_next(hall, officer("loket-1"), "loket-1").ticket) is not None:
        called.append(next_.ticket.code)
    assert len(called) == len(issued)
    for sent in orders.values():
        # each service's list is loket-1's calls of that service, in that order, and a
        # code's people ahead is how many loket-1 called before it (of either service)
        assert sent["codes"] == [c for c in called if c in sent["codes"]]
        assert sent["ahead"] == [called.index(c) for c in sent["codes"]]


def test_several_counters_with_their_own_orders_give_each_phone_the_track_answer(
        mode_hall, clock):
    hall = mode_hall
    # Kartu Keluarga: loket-3 weighs it 2, loket-4 and loket-5 1, beside their other
    # services; each counter orders its queue its own way and the nearest one counts
    plan = [("kartu-keluarga", None), ("pindah-datang", None), ("akta-capil", None),
            ("kartu-keluarga", "lansia"), ("akta-capil", None), ("kartu-keluarga", None),
            ("pindah-datang", "ibu_hamil"), ("kartu-keluarga", None), ("akta-capil", None),
            ("kartu-keluarga", None)]
    issued = [issue(hall, clock, s, k) for s, k in plan]
    # one counter has called already: in ratio mode its streak differs from the others'
    tickets.call_next(hall, officer("loket-4"), "loket-4")
    clock.advance(minutes=1)
    for s in ("kartu-keluarga", "pindah-datang", "akta-capil"):
        sent = message(hall, s)
        waiting = [t for t in issued if t.service_id == s
                   and hall_views.track_view(hall, t.track_token)[0].ticket.status.value
                   == "waiting"]
        assert sorted(sent["codes"]) == sorted(t.code for t in waiting)
        assert sent["ahead"] == sorted(sent["ahead"])  # nearest call first
        for t in waiting:
            i = sent["codes"].index(t.code)
            assert (sent["ahead"][i], sent["eta_minutes"][i]) == track(hall, t), t.code
            assert sent["eta_text"][i] == wait_words(sent["eta_minutes"][i])


def test_the_message_carries_codes_and_estimates_only_never_a_tracking_token(hall, clock):
    made = [issue(hall, clock, "ktp-el") for _ in range(3)]
    sent = message(hall, "ktp-el")
    assert set(sent) == {"service_id", "event_id", "codes", "ahead", "eta_minutes",
                         "eta_text", "eta_text_en"}
    wire = json.dumps(sent)
    for t in made:
        assert t.track_token not in wire
        assert f"/t/{t.track_token}" not in wire
    assert sent["codes"] == [t.code for t in made]
    assert sent["eta_text"][0] == "segera" and sent["eta_text_en"][0] == "soon"


class Recorder:
    """The socket side of ServiceRooms: what was emitted, to which room; the worker is run
    by the test, as the event loop would run it a moment after the commits."""

    def __init__(self, hall, *, listening=lambda room: True) -> None:
        self.sent: list[tuple[str, dict, str]] = []
        self.marks: list[dict[str, int]] = []
        self.workers: list = []
        self.rooms = ServiceRooms(
            hall, lambda name, body, room: self.sent.append((name, body, room)),
            listening=listening, spawn=self.workers.append, sleep=lambda s: None,
            sent=self.marks.append)
        hall.subscribe(self.rooms.changed)

    def run_worker(self) -> list[tuple[str, dict, str]]:
        assert len(self.workers) == 1, "one worker at a time"
        self.workers.pop()()
        out, self.sent = self.sent, []
        return out


def test_a_burst_of_commits_is_one_message_per_service_after_them(hall, clock):
    rooms = Recorder(hall)
    last = None
    for _ in range(5):
        last = tickets.issue_ticket(hall, KIOSK, "skck")  # Polres's SKCK at its own counter
    sent = rooms.run_worker()
    assert [(name, room) for name, _, room in sent] == [("queue.order", "service:skck")]
    body = sent[0][1]
    assert body["event_id"] == last.events[-1].id  # the newest commit it tells
    assert len(body["codes"]) == 5
    assert rooms.marks == [{"service:skck": body["event_id"]}]


def test_a_call_tells_every_service_of_the_counters_that_could_call_it_once(hall, clock):
    for service in ("ktp-el", "ikd-kia", "ktp-el", "skck"):
        issue(hall, clock, service)
    rooms = Recorder(hall)
    tickets.call_next(hall, officer("loket-1"), "loket-1")
    sent = rooms.run_worker()
    # loket-1 and loket-2 serve both KTP-el and IKD; SKCK's queue did not move
    assert sorted(room for _, _, room in sent) == ["service:ikd-kia", "service:ktp-el"]
    assert rooms.workers == []  # the worker ended: nothing more to tell


def test_no_message_is_worked_out_for_a_room_nobody_follows(hall, clock):
    rooms = Recorder(hall, listening=lambda room: room == "service:skck")
    tickets.issue_ticket(hall, KIOSK, "ktp-el")
    assert rooms.workers == []
    tickets.issue_ticket(hall, KIOSK, "skck")
    assert [room for _, _, room in rooms.run_worker()] == ["service:skck"]


def test_anyone_joins_a_service_room_over_a_real_socket_and_hears_codes_not_tokens(server):
    from tests.web.test_realtime import Watcher, post

    made = [post(server, "/tickets", server.tokens["kiosk"], {"service_id": "ktp-el"}).json()
            ["ticket"] for _ in range(3)]
    phone = Watcher(server.url, None)  # a phone has no token
    try:
        assert phone.client.call("join", {"room": "service:ktp-el"}, timeout=5) == \
            {"ok": True, "room": "service:ktp-el"}
        unknown = phone.client.call("join", {"room": "service:tidak-ada"}, timeout=5)
        assert unknown["ok"] is False and unknown["error"]["code"] == "not_found"
        post(server, "/counters/loket-1/call-next", server.tokens["admin"])
        sent = phone.next("queue.order", timeout=10)
        assert sent["service_id"] == "ktp-el"
        assert sent["codes"] == [t["code"] for t in made[1:]]
        assert sent["ahead"] == [0, 1]
        wire = json.dumps(sent)
        for t in made:
            assert t["track_url"].rsplit("/", 1)[1] not in wire
    finally:
        phone.close()


def test_every_minute_the_followed_services_are_sent_again_as_the_clock_moved_them(hall,
                                                                                   clock):
    counter_console.set_paused(hall, ADMIN, "loket-2", True, "istirahat")
    for _ in range(2):
        issue(hall, clock, "ktp-el")
    tickets.call_next(hall, officer("loket-1"), "loket-1")  # A001 at the desk, A002 next
    rooms = Recorder(hall, listening=lambda room: False)  # no commit in between
    sent: list[tuple[str, dict, str]] = []

    def emit(name, body, room):
        sent.append((name, body, room))

    joined = ["service:ktp-el", "display:all", "ticket:abc", "counter:loket-1"]
    assert rooms.rooms.refresh(joined, emit) == 1
    clock.advance(minutes=4)  # A001 has been at the desk four minutes longer
    assert rooms.rooms.refresh(joined, emit) == 1
    (_, before, room), (_, after, _) = sent
    assert room == "service:ktp-el" and before["codes"] == after["codes"] == ["A002"]
    with hall.store.read() as tx:
        assert after["event_id"] == tx.events.last_id()  # the reading's own moment
    assert after["eta_minutes"][0] < before["eta_minutes"][0]
    assert rooms.rooms.refresh(["display:all"], emit) == 0  # nobody follows a service


def test_the_minutes_refreshes_are_spread_over_the_minute_not_sent_in_one_burst(hall):
    """A hall of 120 followed services: each tick sends two of them (120 over 60 ticks),
    the stalest first, so every phone hears again within the minute and a call's TVs
    never wait behind one message to every phone of the hall."""
    now = [0.0]
    rooms = ServiceRooms(hall, lambda *a: None, listening=lambda room: True,
                         spawn=lambda fn: None, sleep=lambda s: None, sent=lambda m: None,
                         monotonic=lambda: now[0])
    followed = [f"service:s{i:03d}" for i in range(120)] + ["display:all", "ticket:abc"]
    assert rooms.refresh_due(followed) == []  # first seen: placed when they joined
    now[0] = REFRESH_SECONDS - 1
    assert rooms.refresh_due(followed) == []
    told: list[str] = []
    for tick in range(60):
        now[0] = REFRESH_SECONDS + tick * REFRESH_TICK_SECONDS
        due = rooms.refresh_due(followed)
        assert len(due) == 2, (tick, due)
        rooms._was_told(room.split(":", 1)[1] for room in due)
        told += due
    assert sorted(told) == sorted(followed[:120])  # each once, within the minute
    assert rooms.refresh_due(followed) == []


def test_a_service_just_sent_by_a_change_is_not_refreshed_again_for_a_minute(hall, clock):
    now = [0.0]
    issue(hall, clock, "ktp-el")
    recorder = Recorder(hall)
    recorder.rooms._monotonic = lambda: now[0]
    followed = ["service:ktp-el", "service:skck"]
    recorder.rooms.refresh_due(followed)  # both seen at 0
    now[0] = REFRESH_SECONDS - 5
    tickets.call_next(hall, officer("loket-1"), "loket-1")
    assert "service:ktp-el" in [room for _, _, room in recorder.run_worker()]
    now[0] = REFRESH_SECONDS
    assert recorder.rooms.refresh_due(followed) == ["service:skck"]  # ktp-el is fresh


def test_a_phone_on_one_process_is_placed_by_a_call_made_on_the_other(two_servers):
    from tests.web.test_realtime import Watcher

    (a, b), tokens = two_servers

    def post_to(server, path, token, body=None):
        r = requests.post(f"{server.url}/api/v1{path}", json=body or {}, timeout=10,
                          headers={"Authorization": f"Bearer {tokens[token]}"})
        assert r.status_code < 300, r.text
        return r.json()

    made = [post_to(b, "/tickets", "kiosk", {"service_id": "skck"})["ticket"]
            for _ in range(3)]
    phone = Watcher(a.url, None)
    try:
        assert phone.client.call("join", {"room": "service:skck"}, timeout=5)["ok"]
        post_to(b, "/counters/loket-15/call-next", "admin")
        # the issues' own message may still be on its way (B sends it 0.1 s after them)
        sent = phone.next("queue.order", timeout=10)  # through the message queue
        while made[0]["code"] in sent["codes"]:
            sent = phone.next("queue.order", timeout=10)
        assert sent["codes"] == [t["code"] for t in made[1:]]
        assert sent["ahead"] == [0, 1]
    finally:
        phone.close()
