"""The pengaduan API: anyone files (201 with a code and the deadline), bad bodies are 400 at
their field, the code shows status and answer without staff names or contact, the staff list
and answers are scoped, and one address cannot flood it."""

from __future__ import annotations

from datetime import UTC, datetime

import jsonschema
import pytest

from tests.conftest import bearer
from tests.web.test_api import API, envelope_of, issue
from tests.web.test_openapi import schema_of

TEXT = "Antrean KTP-el terlalu lama, petugas baru datang jam sembilan."


def file(client, **body):
    return client.post(f"{API}/complaints", json={"category": "waiting_time", "text": TEXT,
                                                   **body})


def filed(client, **body) -> dict:
    r = file(client, **body)
    assert r.status_code == 201, r.get_data(as_text=True)
    return r.get_json()["complaint"]


def staff_list(client, tokens, who="admin", **query):
    return client.get(f"{API}/complaints", query_string=query, headers=bearer(tokens[who]))


def patch(client, tokens, complaint_id, who="admin", **body):
    return client.patch(f"{API}/complaints/{complaint_id}", json=body,
                        headers=bearer(tokens[who]))


def test_anyone_files_and_gets_a_code_and_a_five_working_day_deadline(client):
    r = file(client, contact="0812 3456 7890")
    assert r.status_code == 201, r.get_data(as_text=True)
    body = r.get_json()
    jsonschema.validate(body["complaint"], schema_of(
        client.get(f"{API}/openapi.json").get_json(), "PublicComplaint"))
    made = body["complaint"]
    assert len(made["code"]) == 8 and not set(made["code"]) & set("0O1IL")
    assert made["status"] == "new"
    # filed Monday 2 March 2026: Tue 3, Wed 4, Thu 5, Fri 6, Mon 9
    assert made["due_date"] == "2026-03-09"
    assert made["created_at"].endswith("+07:00")
    assert "contact" not in made and "answered_by" not in made


@pytest.mark.parametrize("body, field", [
    ({"category": "rude"}, "category"),
    ({"text": "pendek"}, "text"),
    ({"text": "x" * 2001}, "text"),
    ({"contact": "bukan kontak"}, "contact"),
    ({"contact": "nama@contoh"}, "contact"),
    ({"agency_id": 7}, "agency_id"),
    ({"extra": 1}, "extra"),
])
def test_a_bad_complaint_is_400_at_its_field(client, body, field):
    envelope_of(file(client, **body), 400, "bad_request", field)


def test_a_missing_category_is_400_at_its_field(client):
    r = client.post(f"{API}/complaints", json={"text": TEXT})
    envelope_of(r, 400, "bad_request", "category")


def test_an_unknown_ticket_token_or_agency_is_404_at_its_field(client):
    envelope_of(file(client, ticket_token="no-such-token"), 404, "not_found", "ticket_token")
    envelope_of(file(client, agency_id="nowhere"), 404, "not_found", "agency_id")


def test_a_ticket_token_links_the_complaint_to_its_service_and_agency(client, tokens):
    ticket = issue(client, tokens, "pkb-tahunan")
    made = filed(client, ticket_token=ticket["track_url"].rsplit("/", 1)[1])
    row = next(c for c in staff_list(client, tokens).get_json()["complaints"]
               if c["code"] == made["code"])
    assert (row["agency_id"], row["service_id"], row["ticket_code"], row["channel"]) == \
        ("samsat", "pkb-tahunan", ticket["code"], "phone")


def test_the_code_shows_status_and_answer_but_never_staff_or_contact(client, tokens, clock):
    made = filed(client, contact="warga@contoh.id")
    code = made["code"]
    staff_id = staff_list(client, tokens).get_json()["complaints"][0]["id"]
    clock.advance(hours=2)
    r = patch(client, tokens, staff_id, status="answered",
              answer="Mulai besok loket KTP-el dibuka tepat pukul 08.00.")
    assert r.status_code == 200, r.get_data(as_text=True)
    staff = r.get_json()["complaint"]
    assert (staff["answered_by"], staff["contact"]) == ("admin", "warga@contoh.id")
    seen = client.get(f"{API}/complaints/{code.lower()}").get_json()["complaint"]
    assert seen["status"] == "answered"
    assert seen["answer"] == "Mulai besok loket KTP-el dibuka tepat pukul 08.00."
    assert seen["answered_at"].startswith("2026-03-02T11:00")
    text = str(seen)
    assert "admin" not in text and "warga@contoh.id" not in text


def test_an_unknown_code_is_404(client):
    envelope_of(client.get(f"{API}/complaints/ABCDEFGH"), 404, "not_found", "code")
    envelope_of(client.get(f"{API}/complaints/O0O0"), 404, "not_found", "code")


def test_staff_take_it_up_then_answer_and_the_answer_is_final(client, tokens):
    filed(client)
    cid = staff_list(client, tokens).get_json()["complaints"][0]["id"]
    assert patch(client, tokens, cid, status="in_progress").get_json()["complaint"][
        "status"] == "in_progress"
    envelope_of(patch(client, tokens, cid, status="answered"), 400, "bad_request", "answer")
    envelope_of(patch(client, tokens, cid, status="answered", answer="ok"), 400,
                "bad_request", "answer")
    assert patch(client, tokens, cid, status="answered",
                 answer="Terima kasih, sudah kami tindak lanjuti.").status_code == 200
    envelope_of(patch(client, tokens, cid, status="in_progress"), 409, "invalid_transition",
                "status")
    envelope_of(patch(client, tokens, 9999, status="in_progress"), 404, "not_found", "id")


def test_overdue_ones_are_marked_once_the_deadline_passed(client, tokens, clock):
    made = filed(client)
    clock.advance(days=7)  # Monday 9 March: the deadline day, still in time
    assert staff_list(client, tokens).get_json()["complaints"][0]["overdue"] is False
    clock.advance(days=1)
    assert staff_list(client, tokens).get_json()["complaints"][0]["overdue"] is True
    assert client.get(f"{API}/complaints/{made['code']}").get_json()["complaint"][
        "overdue"] is True


def test_the_staff_list_filters_by_status_and_validates_against_its_schema(client, tokens):
    filed(client)
    filed(client, category="facilities")
    first = staff_list(client, tokens).get_json()["complaints"][-1]["id"]
    patch(client, tokens, first, status="in_progress")
    body = staff_list(client, tokens, status="in_progress").get_json()
    jsonschema.validate(body, schema_of(client.get(f"{API}/openapi.json").get_json(),
                                        "ComplaintList"))
    assert [c["id"] for c in body["complaints"]] == [first]
    assert len(staff_list(client, tokens, status="new").get_json()["complaints"]) == 1
    envelope_of(staff_list(client, tokens, status="closed"), 400, "bad_request", "status")


def test_a_supervisor_sees_their_agencies_and_the_unassigned_only(client, tokens):
    ktp = issue(client, tokens, "ktp-el")
    pkb = issue(client, tokens, "pkb-tahunan")
    mine = filed(client, ticket_token=ktp["track_url"].rsplit("/", 1)[1])["code"]
    theirs = filed(client, ticket_token=pkb["track_url"].rsplit("/", 1)[1])["code"]
    nobody = filed(client)["code"]
    seen = {c["code"]: c for c in staff_list(client, tokens, "supervisor_here").get_json()[
        "complaints"]}
    assert set(seen) == {mine, nobody}
    every = {c["code"]: c["id"] for c in staff_list(client, tokens).get_json()["complaints"]}
    assert set(every) == {mine, theirs, nobody}
    envelope_of(patch(client, tokens, every[theirs], "supervisor_here",
                      status="in_progress"), 403, "forbidden", "id")
    assert patch(client, tokens, every[nobody], "supervisor_here",
                 status="in_progress").status_code == 200
    envelope_of(staff_list(client, tokens, "supervisor_here", agency_id="samsat"), 403,
                "forbidden", "agency_id")
    only = staff_list(client, tokens, "supervisor_here", agency_id="dukcapil").get_json()
    assert [c["code"] for c in only["complaints"]] == [mine]


@pytest.mark.parametrize("who, status", [(None, 401), ("officer_here", 403),
                                         ("kiosk", 403), ("display", 403)])
def test_nobody_but_admins_and_supervisors_reads_or_answers(client, tokens, who, status):
    filed(client)
    headers = bearer(tokens[who]) if who else {}
    assert client.get(f"{API}/complaints", headers=headers).status_code == status
    r = client.patch(f"{API}/complaints/1", json={"status": "in_progress"}, headers=headers)
    assert r.status_code == status


def test_one_address_is_limited_and_the_window_passes(client, clock):
    for _ in range(10):
        filed(client)
    envelope_of(file(client), 429, "rate_limited", None)
    other = client.post(f"{API}/complaints", json={"category": "other", "text": TEXT},
                        environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 201
    clock.advance(minutes=10, seconds=1)
    assert file(client).status_code == 201


def test_a_refused_complaint_does_not_count_against_the_address(client):
    for _ in range(12):
        assert file(client, text="pendek").status_code == 400
    assert file(client).status_code == 201


def test_filing_appends_an_event_without_the_text_or_contact(app, client):
    made = filed(client, contact="0812 3456 7890")
    hall = app.extensions["loket"].hall
    with hall.store.read() as tx:
        row = tx.conn.execute("SELECT type, actor, data FROM events WHERE type LIKE "
                              "'complaint.%'").fetchone()
    assert (row["type"], row["actor"]) == ("complaint.filed", "anonymous")
    assert made["code"] in row["data"] and "0812" not in row["data"] and TEXT not in row["data"]


def test_the_deadline_skips_the_sites_holidays(client, clock):
    clock.set(datetime(2026, 12, 18, 3, tzinfo=UTC))  # Friday 18 December, 10:00 WIB
    # config.toml: 24 and 25 December closed → Mon 21, Tue 22, Wed 23, Mon 28, Tue 29
    assert filed(client)["due_date"] == "2026-12-29"


def test_a_survey_tablet_files_for_every_citizen_and_is_not_limited(app, client, tokens):
    from queue_server.services import accounts

    hall = app.extensions["loket"].hall
    tablet = accounts.create_device_token(hall, "survey-loket-1", "survey",
                                          counter_id="loket-1").secret
    for _ in range(12):
        r = client.post(f"{API}/complaints", json={"category": "facilities", "text": TEXT},
                        headers=bearer(tablet))
        assert r.status_code == 201, r.get_data(as_text=True)
    channels = {c["channel"] for c in staff_list(client, tokens).get_json()["complaints"]}
    assert channels == {"survey"}
    assert file(client).status_code == 201  # the tablet's filings left the address alone
