"""The survey tablet as a device: paired like a kiosk but placed at one counter (the
devices page asks which), scoped to that counter, alive on the supervisors' screens by its
heartbeat. On the app fixture: real SQLite in tmp, the fake clock, the Flask test client."""

from __future__ import annotations

import pytest

from queue_server.domain.errors import BadRequest
from queue_server.domain.models import DeviceKind
from queue_server.services import accounts, pairing
from tests.conftest import ADMIN, bearer
from tests.web.test_sign_in import csrf_of, people, sign_in  # noqa: F401  (people: a fixture)

API = "/api/v1"


def ask(client, kind: str = "survey") -> tuple[str, str]:
    asked = client.post(f"{API}/pairing", json={"kind": kind})
    assert asked.status_code == 201, asked.get_json()
    return asked.get_json()["code"], asked.get_json()["secret"]


@pytest.fixture
def admin_page(app, people):  # noqa: F811
    admin = app.test_client()
    sign_in(admin, "kepala", people["kepala"])
    return admin


def approve(admin, code: str, device: str, counter_id: str | None):
    page = admin.get(f"/admin/devices?code={code}").get_data(as_text=True)
    form = {"action": "approve", "code": code, "device": device, "csrf_token": csrf_of(page)}
    if counter_id is not None:
        form["counter_id"] = counter_id
    return admin.post("/admin/devices", data=form)


# ---------------------------------------------------------------- pairing


def test_an_admin_pairs_a_survey_tablet_at_the_counter_chosen_on_the_devices_page(
        app, client, admin_page):
    code, secret = ask(client)
    page = admin_page.get(f"/admin/devices?code={code}").get_data(as_text=True)
    assert f'data-pending="{code}" data-kind="survey"' in page
    assert '<option value="loket-3">Loket 3</option>' in page
    done = approve(admin_page, code, "tablet-loket-3", "loket-3")
    assert done.status_code == 302
    token = client.get(f"{API}/pairing/{secret}").get_json()["token"]
    principal = accounts.principal_for_token(app.extensions["loket"].hall, token)
    assert principal.device_kind is DeviceKind.SURVEY
    assert principal.counters == frozenset({"loket-3"})
    listed = admin_page.get("/admin/devices").get_data(as_text=True)
    assert "tablet-loket-3</td><td>tablet survei</td>\n      <td>Loket 3</td>" in listed


@pytest.mark.parametrize("counter_id, message", [
    (None, "Pilih loket tempat tablet survei ini berdiri."),
    ("", "Pilih loket tempat tablet survei ini berdiri."),
    ("loket-99", "Loket &#39;loket-99&#39; tidak ada atau tidak aktif."),
])
def test_a_survey_tablet_is_not_paired_without_a_real_counter(client, admin_page, counter_id,
                                                              message):
    code, secret = ask(client)
    refused = approve(admin_page, code, "tablet-x", counter_id)
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert message in page
    assert 'value="tablet-x"' in page  # what the admin typed stays in the form
    assert client.get(f"{API}/pairing/{secret}").get_json()["status"] == "pending"


def test_pairing_use_case_names_counter_id_as_the_field_at_fault(app, client):
    hall = app.extensions["loket"].hall
    survey_code, _ = ask(client)
    with pytest.raises(BadRequest) as missing:
        pairing.approve_pairing(hall, ADMIN, survey_code, "tablet-1")
    assert missing.value.field == "counter_id"
    with pytest.raises(BadRequest) as unknown:
        pairing.approve_pairing(hall, ADMIN, survey_code, "tablet-1", "loket-99")
    assert unknown.value.field == "counter_id"
    kiosk_code, _ = ask(client, "kiosk")
    with pytest.raises(BadRequest) as placed:
        pairing.approve_pairing(hall, ADMIN, kiosk_code, "kiosk-9", "loket-1")
    assert placed.value.field == "counter_id"
    # nothing half made: no device row for the refused approvals
    assert {d.name for d in pairing.devices(hall, ADMIN)} == set()


def test_a_deactivated_counter_cannot_take_a_survey_tablet(app):
    hall = app.extensions["loket"].hall
    with hall.store.write() as tx:
        tx.conn.execute("UPDATE counters SET active = 0 WHERE id = 'loket-2'")
        tx.catalog.bump_version()
    with pytest.raises(BadRequest) as refused:
        accounts.create_device_token(hall, "tablet-2", "survey", counter_id="loket-2")
    assert refused.value.field == "counter_id"


def test_a_tablet_paired_again_under_its_name_moves_to_the_new_counter(app):
    hall = app.extensions["loket"].hall
    first = accounts.create_device_token(hall, "tablet-a", "survey", counter_id="loket-1")
    second = accounts.create_device_token(hall, "tablet-a", "survey", counter_id="loket-4")
    # the device has one counter: both of its tokens now act at loket-4
    for issued in (first, second):
        assert accounts.principal_for_token(hall, issued.secret).counters == {"loket-4"}
    [row] = [d for d in pairing.devices(hall, ADMIN) if d.name == "tablet-a"]
    assert row.counter_id == "loket-4" and row.kind == "survey"


def test_kiosks_and_tvs_keep_acting_for_the_whole_hall(app, tokens):
    hall = app.extensions["loket"].hall
    for name in ("kiosk", "display"):
        assert accounts.principal_for_token(hall, tokens[name]).counters == frozenset()


# ---------------------------------------------------------------- what a tablet may do


def test_a_survey_tablet_cannot_act_at_its_counter_or_read_staff_answers(app, client):
    hall = app.extensions["loket"].hall
    tablet = bearer(accounts.create_device_token(hall, "tablet-1", "survey",
                                                 counter_id="loket-1").secret)
    assert client.post(f"{API}/counters/loket-1/call-next", headers=tablet).status_code == 403
    assert client.get(f"{API}/counters/loket-1/console", headers=tablet).status_code == 403
    assert client.get(f"{API}/counters", headers=tablet).status_code == 403
    assert client.post(f"{API}/tickets", json={"service_id": "ktp-el"},
                       headers=tablet).status_code == 403


def test_a_survey_tablet_sends_heartbeats_for_its_own_page_only(app, client):
    hall = app.extensions["loket"].hall
    tablet = bearer(accounts.create_device_token(hall, "tablet-1", "survey",
                                                 counter_id="loket-1").secret)
    beat = client.post(f"{API}/devices/heartbeat", json={"page": "survey"}, headers=tablet)
    assert beat.status_code == 204
    with hall.store.read() as tx:
        beats = {b.device: b.kind for b in tx.heartbeats.of_paired_devices()}
    assert beats == {"tablet-1": "survey"}
    wrong = client.post(f"{API}/devices/heartbeat", json={"page": "kiosk"}, headers=tablet)
    assert wrong.status_code == 403 and wrong.get_json()["error"]["field"] == "page"
