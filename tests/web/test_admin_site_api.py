"""GET/PUT /admin/site and /admin/schedule, and the holiday paste: every bad field is a 400
(a duplicate date a 409) naming it, only admins get in, and a change shows on the next
ticket, TV state and printed ticket without a restart."""

from __future__ import annotations

from dataclasses import replace

import jsonschema
import pytest

import printer
from queue_server.services import printing
from tests.conftest import bearer
from tests.web.test_api import API, envelope_of, issue

NETWORK = printer.PrinterConfig(name="default", kind="network", host="127.0.0.1", port=9,
                                timeout=0.5)


@pytest.fixture
def settings(base_settings):
    # the hall's printer, but on this machine: the spooler below never reaches a network
    return replace(base_settings, printers={"default": NETWORK}, kiosk_printers={})


def get(client, tokens, path: str, who: str = "admin"):
    return client.get(f"{API}{path}", headers=bearer(tokens.get(who)))


def put(client, tokens, path: str, body, who: str = "admin"):
    return client.put(f"{API}{path}", json=body, headers=bearer(tokens.get(who)))


def site(client, tokens) -> dict:
    r = get(client, tokens, "/admin/site")
    assert r.status_code == 200, r.get_data(as_text=True)
    return r.get_json()


def schedule(client, tokens) -> dict:
    r = get(client, tokens, "/admin/schedule")
    assert r.status_code == 200, r.get_data(as_text=True)
    return r.get_json()


def schedule_change(client, tokens, **changes) -> dict:
    body = schedule(client, tokens)
    del body["next_closed"]
    return {**body, **changes}


# ---------------------------------------------------------------- happy paths


def test_an_admin_reads_the_site_as_config_seeded_it(client, tokens, settings):
    assert site(client, tokens) == {
        "name": settings.site.name, "short_name": settings.site.short_name,
        "running_text": settings.site.running_text, "running_text_en": "",
        "ticket_footer": settings.site.ticket_footer, "public_url": settings.site.public_url}


def test_an_admin_replaces_the_site(client, tokens):
    body = {**site(client, tokens), "running_text": "Selamat datang di MPP",
            "running_text_en": "Welcome to the MPP", "public_url": "https://mpp.lebongkab.go.id/"}
    r = put(client, tokens, "/admin/site", body)
    assert r.status_code == 200, r.get_data(as_text=True)
    saved = {**body, "public_url": "https://mpp.lebongkab.go.id"}  # as config cleans it
    assert r.get_json() == saved
    assert site(client, tokens) == saved


def test_the_schedule_shows_hours_holidays_and_the_next_closed_days(client, tokens):
    body = schedule(client, tokens)
    assert body["hours"] == {"monday": "08:00-15:00", "tuesday": "08:00-15:00",
                             "wednesday": "08:00-15:00", "thursday": "08:00-15:00",
                             "friday": "08:00-11:30, 13:30-15:30", "saturday": "closed",
                             "sunday": "closed"}
    assert body["holidays"][:2] == [{"date": "2026-12-24", "name": "Cuti Bersama Hari Raya Natal"},
                                    {"date": "2026-12-25", "name": "Hari Raya Natal"}]
    # the clock stands on Monday 2 March 2026: this week's weekend, then the holidays
    assert body["next_closed"][:2] == [
        {"date": "2026-03-07", "name": None, "reason": "closed_day"},
        {"date": "2026-03-08", "name": None, "reason": "closed_day"}]
    rest = body["next_closed"][2:]
    assert [day["date"] for day in rest] == [h["date"] for h in body["holidays"]]
    assert all(day["reason"] == "holiday" and day["name"] for day in rest)


def test_an_admin_replaces_the_schedule_and_gets_the_new_closed_days(client, tokens):
    hours = {**schedule(client, tokens)["hours"], "saturday": "08:00-12:00"}
    holidays = [{"date": "2026-03-03", "name": "  Libur daerah  "}]
    r = put(client, tokens, "/admin/schedule", schedule_change(
        client, tokens, hours=hours, holidays=holidays))
    assert r.status_code == 200, r.get_data(as_text=True)
    body = r.get_json()
    assert body["hours"]["saturday"] == "08:00-12:00"
    assert body["holidays"] == [{"date": "2026-03-03", "name": "Libur daerah"}]
    assert body["next_closed"][:2] == [
        {"date": "2026-03-03", "name": "Libur daerah", "reason": "holiday"},
        {"date": "2026-03-08", "name": None, "reason": "closed_day"}]
    assert schedule(client, tokens) == body


def test_a_day_left_out_of_the_hours_is_closed_as_in_config(client, tokens):
    r = put(client, tokens, "/admin/schedule", {"hours": {"friday": "08:00-11:00"},
                                                "holidays": []})
    assert r.status_code == 200, r.get_data(as_text=True)
    hours = r.get_json()["hours"]
    assert hours["friday"] == "08:00-11:00" and hours["monday"] == "closed"


def test_a_pasted_list_is_read_without_saving(client, tokens):
    before = schedule(client, tokens)
    text = ("# 2027\n2027-01-01 Tahun Baru 2027 Masehi\n2027-02-30 Salah\n\n"
            "2027-03-10 Hari Suci Nyepi\n2027-01-01 Lagi")
    r = client.post(f"{API}/admin/schedule/holidays/parse", json={"text": text},
                    headers=bearer(tokens["admin"]))
    assert r.status_code == 200, r.get_data(as_text=True)
    body = r.get_json()
    assert body["holidays"] == [{"date": "2027-01-01", "name": "Tahun Baru 2027 Masehi"},
                                {"date": "2027-03-10", "name": "Hari Suci Nyepi"}]
    assert [p["line"] for p in body["problems"]] == [3, 6]
    assert "sudah ada di baris 2" in body["problems"][1]["message"]
    assert schedule(client, tokens) == before


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(("field", "value", "words"), [
    ("name", "   ", "Nama gedung wajib diisi"),
    ("short_name", "", "Nama singkat wajib diisi"),
    ("running_text", 5, "harus teks"),
    ("running_text_en", None, "harus"),
    ("ticket_footer", ["x"], "harus"),
    ("public_url", "192.168.1.10:8080", "Alamat publik harus alamat http(s)"),
    ("public_url", "ftp://mpp.example", "Alamat publik"),
    ("logo", "logo.png", "tidak dikenal"),
])
def test_each_bad_site_field_is_a_400_at_that_field(client, tokens, field, value, words):
    before = site(client, tokens)
    r = put(client, tokens, "/admin/site", {**before, "running_text": "Baru", field: value})
    error = envelope_of(r, 400, "bad_request", field)
    assert words in error["message"]
    assert site(client, tokens) == before  # nothing half-saved


def test_a_missing_site_field_is_a_400_at_that_field(client, tokens):
    body = site(client, tokens)
    del body["ticket_footer"]
    envelope_of(put(client, tokens, "/admin/site", body), 400, "bad_request", "ticket_footer")


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"hours": "08:00-15:00"}, "hours", "Jam layanan harus objek"),
    ({"hours": {"friday": "8-12"}}, "hours.friday", "Jam layanan hari Jumat harus JJ:MM"),
    ({"hours": {"monday": "15:00-08:00"}}, "hours.monday", "jam tutup harus setelah"),
    ({"hours": {"tuesday": "08:00-12:00, 11:00-15:00"}}, "hours.tuesday", "tumpang tindih"),
    ({"hours": {"saturday": None}}, "hours.saturday", "harus teks"),
    ({"hours": {"jumat": "08:00-11:00"}}, "hours.jumat", "Hari 'jumat' tidak dikenal"),
    ({"holidays": {"2026-12-25": "Natal"}}, "holidays", "Hari libur harus daftar"),
    ({"holidays": ["2026-12-25 Natal"]}, "holidays[1]", "harus objek"),
    ({"holidays": [{"date": "2026-12-25", "name": "Natal"}, {"date": "2026-13-01",
                                                             "name": "X"}]},
     "holidays[2].date", "Tanggal hari libur ke-2 harus tanggal"),
    ({"holidays": [{"name": "Natal"}]}, "holidays[1].date", "wajib diisi"),
    ({"holidays": [{"date": "2026-12-25", "name": "  "}]}, "holidays[1].name", "wajib diisi"),
    ({"holidays": [{"date": "2026-12-25", "name": 7}]}, "holidays[1].name", "harus teks"),
    ({"holidays": [{"date": "2026-12-25", "name": "Natal", "libur": True}]},
     "holidays[1].libur", "tidak dikenal"),
    ({"hours": None, "weekly": {}}, "weekly", "tidak dikenal"),
])
def test_each_bad_schedule_field_is_a_400_at_that_field(client, tokens, changes, field,
                                                        words):
    before = schedule(client, tokens)
    body = {**schedule_change(client, tokens, holidays=[]), **changes}
    error = envelope_of(put(client, tokens, "/admin/schedule", body), 400, "bad_request",
                        field)
    assert words in error["message"]
    assert schedule(client, tokens) == before


def test_a_missing_part_of_the_schedule_is_a_400(client, tokens):
    envelope_of(put(client, tokens, "/admin/schedule", {"hours": {}}), 400, "bad_request",
                "holidays")


def test_a_date_given_twice_is_a_409_at_the_second(client, tokens):
    before = schedule(client, tokens)
    body = schedule_change(client, tokens, holidays=[
        {"date": "2026-12-25", "name": "Natal"}, {"date": "2026-12-31", "name": "Akhir"},
        {"date": "2026-12-25", "name": "Natal lagi"}])
    error = envelope_of(put(client, tokens, "/admin/schedule", body), 409, "conflict",
                        "holidays[3].date")
    assert "hari libur ke-1" in error["message"]
    assert schedule(client, tokens) == before


def test_a_paste_that_is_not_text_is_a_400(client, tokens):
    r = client.post(f"{API}/admin/schedule/holidays/parse", json={"text": 5},
                    headers=bearer(tokens["admin"]))
    envelope_of(r, 400, "bad_request", "text")


# ---------------------------------------------------------------- who


ROUTES = [("GET", "/admin/site"), ("PUT", "/admin/site"), ("GET", "/admin/schedule"),
          ("PUT", "/admin/schedule"), ("POST", "/admin/schedule/holidays/parse")]


@pytest.mark.parametrize(("who", "status"), [
    (None, 401), ("kiosk", 403), ("display", 403), ("officer_here", 403),
    ("supervisor_here", 403), ("supervisor_other", 403), ("admin", 200)])
def test_only_an_admin_reads_or_changes_the_site_and_the_schedule(client, tokens, who,
                                                                  status):
    bodies = {"/admin/site": site(client, tokens),
              "/admin/schedule": schedule_change(client, tokens),
              "/admin/schedule/holidays/parse": {"text": "2026-12-25 Natal"}}
    for method, path in ROUTES:
        r = client.open(f"{API}{path}", method=method,
                        json=bodies[path] if method != "GET" else None,
                        headers=bearer(tokens[who]) if who else {})
        if status == 200:
            assert r.status_code == 200, (method, path, r.get_data(as_text=True))
        else:
            envelope_of(r, status, "unauthorized" if status == 401 else "forbidden")


# ---------------------------------------------------------------- live, and recorded


def test_a_site_change_shows_on_the_next_ticket_tv_state_and_paper(app, client, tokens):
    body = {**site(client, tokens), "public_url": "http://10.0.0.7:8080",
            "running_text": "Hari ini layanan KTP-el sampai pukul 14.00",
            "running_text_en": "Today ID cards until 2 pm", "ticket_footer": "Terima kasih"}
    assert put(client, tokens, "/admin/site", body).status_code == 200

    ticket = issue(client, tokens, "ktp-el")
    assert ticket["track_url"].startswith("http://10.0.0.7:8080/t/")
    state = client.get(f"{API}/display/state", headers=bearer(tokens["display"])).get_json()
    assert state["running_text"] == "Hari ini layanan KTP-el sampai pukul 14.00"
    assert state["running_text_en"] == "Today ID cards until 2 pm"

    sent: list[bytes] = []
    hall = app.extensions["loket"].hall
    spooler = printing.Spooler(hall, {"default": NETWORK},
                               send=lambda config, data: sent.append(data),
                               status=lambda config: printer.PrinterStatus(True, "ok", "ok"))
    assert spooler.run_due() == 1
    assert b"Terima kasih" in sent[0]
    assert b"http://10.0.0.7:8080/t/" in sent[0]  # the QR code's address


def test_a_holiday_put_today_closes_the_kiosk_services_at_once(client, tokens):
    body = schedule_change(client, tokens, holidays=[{"date": "2026-03-02",
                                                      "name": "Libur daerah"}])
    assert put(client, tokens, "/admin/schedule", body).status_code == 200
    services = client.get(f"{API}/services").get_json()["services"]
    assert {s["closed_reason"] for s in services} == {"holiday"}


def test_each_change_is_one_event_with_before_and_after(client, tokens):
    before = site(client, tokens)
    put(client, tokens, "/admin/site", {**before, "ticket_footer": "Baru"})
    hours = {**schedule(client, tokens)["hours"], "friday": "08:00-11:00"}
    put(client, tokens, "/admin/schedule", schedule_change(client, tokens, hours=hours))
    put(client, tokens, "/admin/site", {**before, "ticket_footer": "Baru"})  # no change

    events = client.get(f"{API}/admin/audit", headers=bearer(tokens["admin"])).get_json()
    mine = [e for e in events["events"] if e["type"] in ("site.updated", "schedule.updated")]
    assert [e["type"] for e in mine] == ["schedule.updated", "site.updated"]
    schedule_event, site_event = mine
    assert site_event["actor"] == "user:admin"
    assert site_event["data"] == {"entity": "site", "id": "site", "before": before,
                                  "after": {**before, "ticket_footer": "Baru"}}
    assert schedule_event["data"]["entity"] == "schedule"
    assert schedule_event["data"]["id"] == "schedule"
    assert schedule_event["data"]["before"]["hours"]["friday"] == "08:00-11:30, 13:30-15:30"
    assert schedule_event["data"]["after"]["hours"]["friday"] == "08:00-11:00"
    assert "next_closed" not in schedule_event["data"]["after"]


# ---------------------------------------------------------------- the document


def test_openapi_lists_the_routes_and_answers_match_their_schemas(client, tokens):
    spec = client.get(f"{API}/openapi.json").get_json()
    paths = spec["paths"]
    assert set(paths[f"{API}/admin/site"]) == {"get", "put"}
    assert set(paths[f"{API}/admin/schedule"]) == {"get", "put"}
    assert set(paths[f"{API}/admin/schedule/holidays/parse"]) == {"post"}
    put_schedule = paths[f"{API}/admin/schedule"]["put"]
    assert "409" in put_schedule["responses"]
    assert put_schedule["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ScheduleChange"}

    def check(answer: dict, name: str) -> None:
        jsonschema.validate(answer, {"$ref": f"#/components/schemas/{name}",
                                     "components": spec["components"]})

    check(site(client, tokens), "SiteConfig")
    check(schedule(client, tokens), "Schedule")
    check(schedule_change(client, tokens), "ScheduleChange")
    r = client.post(f"{API}/admin/schedule/holidays/parse", json={"text": "x\n2026-12-25 N"},
                    headers=bearer(tokens["admin"]))
    check(r.get_json(), "HolidayPaste")
