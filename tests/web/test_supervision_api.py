"""GET /api/v1/supervision, POST /api/v1/alarms/{id}/ack and the heartbeat route on the app
fixture (real SQLite, fake clock), and `alarm.raised` / `alarm.cleared` reaching the rooms
of the agency and of the admins (never a TV's) through the Socket.IO test client."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import bearer
from tests.web.test_admin_pages import people, signed_in  # noqa: F401  (a fixture)
from tests.web.test_catalog_updated import socket_for

API = "/api/v1"


def issue(client, tokens, service: str = "ktp-el") -> dict:
    r = client.post(f"{API}/tickets", json={"service_id": service},
                    headers=bearer(tokens["kiosk"]))
    assert r.status_code == 201
    return r.get_json()["ticket"]


def supervision(client, token: str, query: str = "") -> dict:
    r = client.get(f"{API}/supervision{query}", headers=bearer(token))
    assert r.status_code == 200, r.get_data(True)
    return r.get_json()


def alarms_of(client, token: str) -> dict[str, dict]:
    return {a["kind"]: a for a in supervision(client, token)["alarms"]}


def messages(socket, name: str) -> list[dict]:
    return [m["args"][0] for m in socket.get_received() if m["name"] == name]


def test_the_snapshot_shows_the_queue_counters_services_and_quota(app, client, tokens,
                                                                    clock):
    admin = tokens["admin"]
    for _ in range(3):
        issue(client, tokens)
    issue(client, tokens, "skck")  # Polres: not the Dukcapil supervisor's
    clock.advance(minutes=7)
    r = client.post(f"{API}/counters/loket-1/call-next", headers=bearer(tokens["officer_here"]))
    assert r.status_code == 200
    client.post(f"{API}/counters/loket-2/pause", json={"reason": "salat zuhur"},
                headers=bearer(admin))
    body = supervision(client, tokens["supervisor_here"])
    assert [a["id"] for a in body["agencies"]] == ["dukcapil"]
    (dukcapil,) = body["agencies"]
    assert (dukcapil["waiting"], dukcapil["longest_wait_minutes"],
            dukcapil["served_today"]) == (2, 7, 0)
    counters = {c["id"]: c for c in dukcapil["counters"]}
    assert counters["loket-1"]["status"] == "calling"
    assert counters["loket-1"]["officer"] == "officer_here"
    assert counters["loket-1"]["current_ticket"] == "A001"
    assert (counters["loket-2"]["status"], counters["loket-2"]["pause_reason"]) == (
        "paused", "salat zuhur")
    ktp = next(s for s in dukcapil["services"] if s["id"] == "ktp-el")
    assert (ktp["waiting"], ktp["quota_used"], ktp["daily_quota"]) == (2, 3, 150)
    everything = supervision(client, admin)
    assert {"dukcapil", "polres"} <= {a["id"] for a in everything["agencies"]}
    only = supervision(client, admin, "?agency_id=polres")
    assert [a["id"] for a in only["agencies"]] == ["polres"]
    assert only["agencies"][0]["waiting"] == 1


def test_an_unknown_agency_is_a_404_with_its_field(client, tokens):
    r = client.get(f"{API}/supervision?agency_id=atlantis", headers=bearer(tokens["admin"]))
    assert r.status_code == 404
    assert r.get_json()["error"]["field"] == "agency_id"


def test_a_long_wait_reaches_the_agency_room_live_and_is_acknowledged(app, client, tokens,
                                                                     clock):
    agency = socket_for(app, tokens["supervisor_here"], "agency:dukcapil")
    admins = socket_for(app, tokens["admin"], "admin:all")
    other = socket_for(app, tokens["supervisor_other"], "agency:samsat")
    tv = socket_for(app, tokens["display"], "display:all")
    issue(client, tokens)
    clock.advance(minutes=61)
    app.extensions["loket"].realtime.alarms.evaluate()  # what the 5-second sweep runs
    raised = [m for m in messages(agency, "alarm.raised") if m["alarm"]["kind"] == "long_wait"]
    assert len(raised) == 1
    alarm = raised[0]["alarm"]
    assert (alarm["service_id"], alarm["agency_id"], alarm["acknowledged_by"]) == (
        "ktp-el", "dukcapil", None)
    assert alarm["since"].endswith("+07:00")
    assert isinstance(raised[0]["event_id"], int)
    assert any(m["alarm"]["id"] == alarm["id"] for m in messages(admins, "alarm.raised"))
    assert not [m for m in messages(other, "alarm.raised") if m["alarm"]["agency_id"]]
    assert messages(tv, "alarm.raised") == []  # the TV never shows alarms

    r = client.post(f"{API}/alarms/{alarm['id']}/ack", json={},
                    headers=bearer(tokens["supervisor_here"]))
    assert r.status_code == 200
    assert r.get_json()["alarm"]["acknowledged_by"] == "supervisor_here"
    assert alarms_of(client, tokens["admin"])["long_wait"]["acknowledged_by"] == \
        "supervisor_here"

    app.extensions["loket"].realtime.alarms.pause = 0  # as if the last check was a while ago
    client.post(f"{API}/counters/loket-1/call-next", headers=bearer(tokens["officer_here"]))
    cleared = [m for m in messages(agency, "alarm.cleared") if m["alarm"]["id"] == alarm["id"]]
    assert len(cleared) == 1  # the call itself re-evaluated: no wait for the sweep
    assert "long_wait" not in alarms_of(client, tokens["admin"])


def test_acknowledging_a_missing_alarm_is_a_404(client, tokens):
    for raw in ("999", "abc"):
        r = client.post(f"{API}/alarms/{raw}/ack", json={}, headers=bearer(tokens["admin"]))
        assert r.status_code == 404
        assert r.get_json()["error"]["field"] == "id"


def test_a_tv_that_stops_beating_raises_screen_offline(app, client, tokens, clock):
    r = client.post(f"{API}/devices/heartbeat", json={"page": "display"},
                    headers=bearer(tokens["display"]))
    assert r.status_code == 204 and r.get_data() == b""
    clock.advance(seconds=100)
    app.extensions["loket"].realtime.alarms.evaluate()
    offline = alarms_of(client, tokens["supervisor_here"])["screen_offline"]
    assert (offline["device"], offline["agency_id"]) == ("tv-1", None)
    client.post(f"{API}/devices/heartbeat", json={"page": "display"},
                headers=bearer(tokens["display"]))
    app.extensions["loket"].realtime.alarms.evaluate()
    assert "screen_offline" not in alarms_of(client, tokens["admin"])


def test_a_heartbeat_needs_a_known_page(client, tokens):
    r = client.post(f"{API}/devices/heartbeat", json={"page": "lobby"},
                    headers=bearer(tokens["kiosk"]))
    assert r.status_code == 400
    assert r.get_json()["error"]["field"] == "page"


# ---------------------------------------------------------------- the /supervisor page


@pytest.mark.usefixtures("people")
def test_the_supervisor_page_opens_for_supervisors_and_admins_only(client, tokens):
    assert client.get("/supervisor").headers["Location"].startswith("/login")
    signed_in(client, "rina")
    assert client.get("/supervisor").status_code == 403
    assert client.get("/supervisor", headers=bearer(tokens["display"])).status_code == 403
    signed_in(client, "sari")
    page = client.get("/supervisor")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Pengawasan" in html and "/static/js/supervisor.js" in html
    data = json.loads(re.search(r'id="admin-data">(.*?)</script>', html, re.S).group(1))
    assert [a["id"] for a in data["agencies"]] == ["dukcapil"]  # the rooms it joins
    signed_in(client, "kepala")
    assert client.get("/supervisor/").status_code == 200
    assert client.get("/static/sound/alarm.wav").status_code == 200


def test_the_spoolers_printer_news_raises_and_clears_printer_alarms(app, client, tokens):
    from queue_server.services.printing import PrinterHealth

    realtime = app.extensions["loket"].realtime
    agency = socket_for(app, tokens["supervisor_other"], "agency:samsat")
    realtime.printing.printer("kios-lobi", PrinterHealth(ok=False, message="offline",
                                                       paper="out"))
    (raised,) = messages(agency, "alarm.raised")  # the hall's printer: every agency's
    assert (raised["alarm"]["kind"], raised["alarm"]["device"]) == ("printer_down", "kios-lobi")
    assert "kertas habis" in raised["alarm"]["message"]
    realtime.printing.printer("kios-lobi", PrinterHealth(ok=True, message="siap", paper="low"))
    assert [m["alarm"]["kind"] for m in messages(agency, "alarm.raised")] == ["paper_low"]
    assert set(alarms_of(client, tokens["supervisor_other"])) == {"paper_low"}
    realtime.printing.printer("kios-lobi", PrinterHealth(ok=True, message="siap", paper="ok"))
    assert alarms_of(client, tokens["admin"]) == {}
