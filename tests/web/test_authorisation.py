"""Who may call what: every endpoint of the API against every kind of caller.

Callers: anonymous, kiosk device, display device, officer of loket-1 ("here"), officer of
loket-6 (Samsat, "other"), supervisor of Dukcapil ("here"), supervisor of Samsat ("other"),
admin. The ticket under test is a Dukcapil KTP-el ticket, served at loket-1."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.conftest import bearer

API = "/api/v1"
CALLERS = ("anonymous", "kiosk", "display", "officer_here", "officer_other",
           "supervisor_here", "supervisor_other", "admin")


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    path: str  # {id} and {token} are filled from the prepared ticket
    prepare: str  # none | waiting | called | serving | skipped
    expected: tuple[int, ...]  # one status per caller, in CALLERS order
    body: dict | None = None
    rule: str | None = None  # the route it covers, when the path names a real id


ANYONE = (200,) * 8
#               anon kiosk disp  off+  off-  sup+  sup-  admin
OFFICER_RULE = (401, 403, 403, 200, 403, 200, 403, 200)
STAFF_VIEW = (401, 403, 403, 200, 403, 200, 403, 200)
USER_RULE = (401, 403, 403, 403, 403, 200, 403, 200)  # an officer of loket-1 (Dukcapil)
ADMIN_ONLY = (401, 403, 403, 403, 403, 403, 403, 200)
ADMIN_CREATES = (401, 403, 403, 403, 403, 403, 403, 201)
SCOPED_READ = (401, 403, 403, 403, 403, 200, 200, 200)  # each supervisor sees their own
SCOPED_CREATES = (401, 403, 403, 403, 403, 201, 403, 201)  # in Dukcapil

CASES = [
    Case("health", "GET", "/health", "none", ANYONE),
    Case("services", "GET", "/services", "none", ANYONE),
    Case("openapi", "GET", "/openapi.json", "none", ANYONE),
    Case("issue", "POST", "/tickets", "none", (401, 201, 403, 403, 403, 201, 403, 201),
         {"service_id": "ktp-el"}),
    Case("get ticket", "GET", "/tickets/{id}", "waiting", STAFF_VIEW),
    Case("track", "GET", "/track/{token}", "waiting", ANYONE),
    Case("counters", "GET", "/counters", "none", (401, 403, 403, 200, 200, 200, 200, 200)),
    Case("call-next", "POST", "/counters/loket-1/call-next", "waiting", OFFICER_RULE),
    Case("call specific", "POST", "/tickets/{id}/call", "waiting", OFFICER_RULE,
         {"counter_id": "loket-1", "reason": "lansia datang terlambat"}),
    Case("recall", "POST", "/tickets/{id}/recall", "called", OFFICER_RULE),
    Case("recall skipped", "POST", "/tickets/{id}/recall", "skipped", OFFICER_RULE,
         {"counter_id": "loket-1"}),
    Case("start", "POST", "/tickets/{id}/start", "called", OFFICER_RULE),
    Case("finish", "POST", "/tickets/{id}/finish", "serving", OFFICER_RULE),
    Case("skip", "POST", "/tickets/{id}/skip", "called", OFFICER_RULE),
    Case("cancel waiting", "POST", "/tickets/{id}/cancel", "waiting", OFFICER_RULE),
    Case("transfer", "POST", "/tickets/{id}/transfer", "serving", OFFICER_RULE,
         {"service_id": "kartu-keluarga"}),
    Case("reprint", "POST", "/tickets/{id}/reprint", "waiting",
         (401, 202, 403, 202, 403, 202, 403, 202)),
    Case("console", "GET", "/counters/loket-1/console", "none", OFFICER_RULE),
    Case("pause", "POST", "/counters/loket-1/pause", "none", OFFICER_RULE,
         {"reason": "salat zuhur"}),
    Case("resume", "POST", "/counters/loket-1/resume", "paused", OFFICER_RULE),
    Case("pairing request", "POST", "/pairing", "none", (201,) * 8, {"kind": "display"}),
    Case("pairing status", "GET", "/pairing/{secret}", "pairing", ANYONE),
    Case("display state", "GET", "/display/state", "none",
         (401, 200, 200, 200, 200, 200, 200, 200)),
    Case("audit", "GET", "/admin/audit", "none", (401, 403, 403, 403, 403, 200, 200, 200)),
    # the site and the schedule are the hall's own: admins only
    Case("site", "GET", "/admin/site", "none", ADMIN_ONLY),
    Case("edit site", "PUT", "/admin/site", "none", ADMIN_ONLY, {
        "name": "Mal Pelayanan Publik Kabupaten Lebong", "short_name": "MPP Lebong",
        "running_text": "Selamat datang", "running_text_en": "Welcome",
        "ticket_footer": "Terima kasih", "public_url": "http://127.0.0.1:8080"}),
    Case("schedule", "GET", "/admin/schedule", "none", ADMIN_ONLY),
    Case("edit schedule", "PUT", "/admin/schedule", "none", ADMIN_ONLY, {
        "hours": {"monday": "08:00-15:00", "friday": "08:00-11:30, 13:30-15:30"},
        "holidays": [{"date": "2026-12-25", "name": "Hari Raya Natal"}]}),
    Case("paste holidays", "POST", "/admin/schedule/holidays/parse", "none", ADMIN_ONLY,
         {"text": "2026-12-25 Hari Raya Natal"}),
    # staff accounts: a supervisor manages the officers of their agency's counters only
    Case("users", "GET", "/admin/users", "none", (401, 403, 403, 403, 403, 200, 200, 200)),
    Case("create user", "POST", "/admin/users", "none",
         (401, 403, 403, 403, 403, 201, 403, 201),
         {"name": "petugas-baru", "role": "officer", "counters": ["loket-1"]}),
    Case("user", "GET", "/admin/users/{name}", "officer", USER_RULE),
    Case("edit user", "PATCH", "/admin/users/{name}", "officer", USER_RULE,
         {"display_name": "Petugas Dukcapil"}),
    Case("reset password", "POST", "/admin/users/{name}/reset-password", "officer",
         USER_RULE),
    # the catalogue: agencies and zones are the admin's; a supervisor edits their agency's
    # services and counters (another agency's are refused, not hidden behind a 404)
    Case("agencies", "GET", "/admin/agencies", "none", SCOPED_READ),
    Case("create agency", "POST", "/admin/agencies", "none", ADMIN_CREATES,
         {"id": "imigrasi", "name": "Kantor Imigrasi", "short_name": "Imigrasi"}),
    Case("edit agency", "PATCH", "/admin/agencies/dukcapil", "none", ADMIN_ONLY,
         {"short_name": "Dukcapil Lebong"}, rule="/admin/agencies/<id>"),
    # admins only; an agency that does not exist is 404 for them (uploads: test_agency_logos)
    Case("agency logo", "PUT", "/admin/agencies/no-such-agency/logo", "none",
         (401, 403, 403, 403, 403, 403, 403, 404), {"not": "an image"},
         rule="/admin/agencies/<id>/logo"),
    Case("services config", "GET", "/admin/services", "none", SCOPED_READ),
    Case("create service", "POST", "/admin/services", "none", SCOPED_CREATES,
         {"id": "paspor", "agency_id": "dukcapil", "prefix": "PS", "name": "Paspor",
          "service_minutes": 5}),
    Case("edit service", "PATCH", "/admin/services/ktp-el", "none", USER_RULE,
         {"daily_quota": 120}, rule="/admin/services/<id>"),
    Case("counters config", "GET", "/admin/counters", "none", SCOPED_READ),
    Case("create counter", "POST", "/admin/counters", "none", SCOPED_CREATES,
         {"id": "loket-98", "number": 98, "agency_id": "dukcapil",
          "services": {"ktp-el": 1}}),
    Case("edit counter", "PATCH", "/admin/counters/loket-1", "none", USER_RULE,
         {"name": "Loket 1 Perekaman"}, rule="/admin/counters/<id>"),
    Case("zones", "GET", "/admin/zones", "none", ADMIN_ONLY),
    Case("create zone", "POST", "/admin/zones", "none", ADMIN_CREATES,
         {"id": "zona-x", "name": "Zona X", "agencies": ["dukcapil"]}),
    Case("edit zone", "PATCH", "/admin/zones/zona-a", "none", ADMIN_ONLY,
         {"name": "Zona A"}, rule="/admin/zones/<id>"),
    Case("export config", "GET", "/admin/config.toml", "none", ADMIN_ONLY),
    Case("system status", "GET", "/admin/status", "none", ADMIN_ONLY),
    Case("backups", "GET", "/admin/backups", "none", ADMIN_ONLY),
    Case("make a backup", "POST", "/admin/backups", "none", ADMIN_CREATES),
    # reports: each supervisor their own agencies; another agency's by name is refused
    Case("report summary", "GET", "/reports/summary", "none", SCOPED_READ),
    Case("report summary of dukcapil", "GET", "/reports/summary?agency_id=dukcapil", "none",
         USER_RULE, rule="/reports/summary"),
    Case("report daily", "GET", "/reports/daily", "none", SCOPED_READ),
    Case("report daily xlsx", "GET", "/reports/daily?format=xlsx", "none", SCOPED_READ,
         rule="/reports/daily"),
    Case("eta accuracy", "GET", "/reports/eta-accuracy", "none", SCOPED_READ),
    # supervision: each supervisor their own agencies; heartbeats from kiosks and TVs only
    Case("supervision", "GET", "/supervision", "none", SCOPED_READ),
    Case("supervision of dukcapil", "GET", "/supervision?agency_id=dukcapil", "none",
         USER_RULE, rule="/supervision"),
    Case("acknowledge alarm", "POST", "/alarms/{id}/ack", "alarm", USER_RULE,
         rule="/alarms/<alarm_id>/ack"),
    Case("kiosk heartbeat", "POST", "/devices/heartbeat", "none",
         (401, 204, 403, 403, 403, 403, 403, 403), {"page": "kiosk"}),
    Case("display heartbeat", "POST", "/devices/heartbeat", "none",
         (401, 403, 204, 403, 403, 403, 403, 403), {"page": "display"}),
    # SKM: the questionnaire and the published figures are everyone's; a response is
    # refused for no caller, the ticket's token decides (tests/web/test_api_skm.py)
    Case("skm questionnaire", "GET", "/skm/questionnaire", "none", ANYONE),
    Case("skm public", "GET", "/skm/public", "none", ANYONE),
    Case("skm response", "POST", "/skm/responses", "none", (404,) * 8,
         {"ticket_token": "no-such-token", "answers": {f"U{i}": 3 for i in range(1, 10)}}),
    # SKM collection: the phone's offer goes with the token; the tablet's state is a
    # survey device's only (its own cases: tests/web/test_survey_device_collection.py)
    Case("phone skm offer", "GET", "/track/{token}/skm", "waiting", ANYONE),
    Case("survey tablet state", "GET", "/survey/state", "none",
         (401, 403, 403, 403, 403, 403, 403, 403)),
    Case("skm results", "GET", "/skm/results", "none", SCOPED_READ),
    Case("skm results of dukcapil", "GET", "/skm/results?agency_id=dukcapil", "none",
         USER_RULE, rule="/skm/results"),
    # SKM follow-up: scoped like the reports; a supervisor plans for their own agency only
    Case("skm followups", "GET", "/skm/followups", "none", SCOPED_READ),
    Case("skm followups of dukcapil", "GET", "/skm/followups?agency_id=dukcapil", "none",
         USER_RULE, rule="/skm/followups"),
    Case("plan skm followup", "POST", "/skm/followups", "none", SCOPED_CREATES,
         {"period_from": "2026-03-01", "period_to": "2026-03-31", "agency_id": "dukcapil",
          "element": "U3", "action": "Tambah loket pada jam sibuk", "owner": "Kepala Dinas",
          "due_date": "2026-04-30"}),
    Case("change skm followup", "PATCH", "/skm/followups/999", "none",
         (401, 403, 403, 403, 403, 404, 404, 404), {"status": "done"},
         rule="/skm/followups/<followup_id>"),
    # pengaduan: anyone files and reads by code; the list and answers are scoped
    Case("file complaint", "POST", "/complaints", "none", (201,) * 8,
         {"category": "waiting_time", "text": "Antrean terlalu lama hari ini."}),
    Case("complaint by code", "GET", "/complaints/ABCDEFGH", "none", (404,) * 8,
         rule="/complaints/<code>"),
    Case("complaints", "GET", "/complaints", "none", SCOPED_READ),
    Case("answer complaint", "PATCH", "/complaints/999", "none",
         (401, 403, 403, 403, 403, 404, 404, 404), {"status": "in_progress"},
         rule="/complaints/<complaint_id>"),
    # bookings: anyone reads slots, books and manages with the code; check-in is for kiosks
    # and staff, the day's list with names is scoped (officers: their counters' agencies)
    Case("booking slots", "GET", "/booking/slots?service_id=ktp-el&date=2026-03-02", "none",
         ANYONE, rule="/booking/slots"),
    Case("make booking", "POST", "/bookings", "none", (404,) * 8,  # anyone reaches the lookup
         {"service_id": "tidak-ada", "date": "2026-03-02", "start": "09:00", "name": "Budi"}),
    Case("booking by code", "GET", "/bookings/ABCDEF", "none", (404,) * 8,
         rule="/bookings/<code>"),
    Case("cancel booking", "POST", "/bookings/ABCDEF/cancel", "none", (404,) * 8,
         rule="/bookings/<code>/cancel"),
    Case("check in booking", "POST", "/bookings/ABCDEF/check-in", "none",
         (401, 404, 403, 404, 404, 404, 404, 404), rule="/bookings/<code>/check-in"),
    Case("mark booking missed", "POST", "/bookings/ABCDEF/missed", "none",
         (401, 403, 403, 404, 404, 404, 404, 404), rule="/bookings/<code>/missed"),
    Case("bookings of a day", "GET", "/bookings?date=2026-03-02", "none",
         (401, 403, 403, 200, 200, 200, 200, 200), rule="/bookings"),
    Case("bookings of a service", "GET", "/bookings?date=2026-03-02&service_id=ktp-el",
         "none", (401, 403, 403, 200, 403, 200, 403, 200), rule="/bookings"),
]


def prepare(client, tokens, state: str) -> dict | None:
    if state == "none":
        return None
    admin = bearer(tokens["admin"])
    if state == "paused":
        r = client.post(f"{API}/counters/loket-1/pause", json={"reason": "istirahat"},
                        headers=admin)
        assert r.status_code == 200
        return {}
    if state == "pairing":
        return client.post(f"{API}/pairing", json={"kind": "kiosk"}).get_json()
    if state == "alarm":  # a Dukcapil citizen waiting past the service's max wait
        from queue_server.services import alarms

        hall = client.application.extensions["loket"].hall
        client.post(f"{API}/tickets", json={"service_id": "ktp-el"},
                    headers=bearer(tokens["kiosk"]))
        hall.clock.advance(minutes=61)
        alarms.evaluate(hall)
        with hall.store.read() as tx:
            return {"alarm_id": next(a.id for a in tx.alarms.open() if a.kind == "long_wait")}
    if state == "officer":
        r = client.post(f"{API}/admin/users", headers=admin, json={
            "name": "petugas-dukcapil", "role": "officer", "counters": ["loket-1"]})
        assert r.status_code == 201
        return {"name": r.get_json()["user"]["name"]}
    r = client.post(f"{API}/tickets", json={"service_id": "ktp-el"},
                    headers=bearer(tokens["kiosk"]))
    ticket = r.get_json()["ticket"]
    steps: dict[str, list[Callable]] = {
        "waiting": [],
        "called": [lambda: client.post(f"{API}/counters/loket-1/call-next", headers=admin)],
        "serving": [lambda: client.post(f"{API}/counters/loket-1/call-next", headers=admin),
                    lambda: client.post(f"{API}/tickets/{ticket['id']}/start", headers=admin)],
        "skipped": [lambda: client.post(f"{API}/counters/loket-1/call-next", headers=admin),
                    lambda: client.post(f"{API}/tickets/{ticket['id']}/skip", headers=admin)],
    }
    for step in steps[state]:
        assert step().status_code == 200
    return ticket


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@pytest.mark.parametrize("caller", CALLERS)
def test_authorisation_matrix(client, tokens, case: Case, caller: str):
    ticket = prepare(client, tokens, case.prepare)
    path = case.path
    if ticket and "secret" in ticket:
        path = path.format(secret=ticket["secret"])
    elif ticket and "alarm_id" in ticket:
        path = path.format(id=ticket["alarm_id"])
    elif ticket and "name" in ticket:
        path = path.format(name=ticket["name"])
    elif ticket:
        path = path.format(id=ticket["id"], token=ticket["track_url"].rsplit("/", 1)[1])
    headers = bearer(tokens.get(caller)) if caller != "anonymous" else {}
    r = client.open(API + path, method=case.method, json=case.body, headers=headers)
    expected = case.expected[CALLERS.index(caller)]
    assert r.status_code == expected, f"{caller} {case.method} {path}: {r.get_data(True)}"
    if expected >= 400:
        body = r.get_json()
        assert body["ok"] is False
        assert body["error"]["code"] == {401: "unauthorized", 403: "forbidden",
                                         404: "not_found"}[expected]


def test_matrix_covers_every_api_route(app):
    """A new endpoint without a row above fails here."""
    covered = {(c.method, c.rule) for c in CASES if c.rule}
    covered |= {(c.method, c.path.replace("{id}", "<ticket_id>").replace("{token}", "<token>")
                .replace("{secret}", "<secret>").replace("loket-1", "<counter_id>")
                .replace("{name}", "<name>"))
               for c in CASES if not c.rule}
    routes = {(m, rule.rule.removeprefix(API)) for rule in app.url_map.iter_rules()
              if rule.rule.startswith(API) for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes <= covered, routes - covered


def test_a_revoked_token_stops_working_at_once(app, client, tokens):
    from queue_server.services import accounts

    headers = bearer(tokens["kiosk"])
    assert client.post(f"{API}/tickets", json={"service_id": "ktp-el"},
                       headers=headers).status_code == 201
    accounts.revoke_token(app.extensions["loket"].hall, "kiosk-1")
    r = client.post(f"{API}/tickets", json={"service_id": "ktp-el"}, headers=headers)
    assert r.status_code == 401
    assert r.get_json()["error"]["code"] == "unauthorized"


def test_tokens_are_stored_only_as_hashes(app, tokens):
    store = app.extensions["loket"].hall.store
    raw = store.path.read_bytes() + store.path.with_name("loket.db-wal").read_bytes() \
        if store.path.with_name("loket.db-wal").exists() else store.path.read_bytes()
    for secret in tokens.values():
        assert secret.encode() not in raw
