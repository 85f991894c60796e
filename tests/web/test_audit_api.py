"""The audit log: every change by a person or device, newest first, scoped and paged."""

from __future__ import annotations

from tests.conftest import bearer
from tests.web.test_api import API, envelope_of, issue


def audit(client, tokens, who: str = "admin", **query) -> dict:
    r = client.get(f"{API}/admin/audit", query_string=query, headers=bearer(tokens[who]))
    assert r.status_code == 200, r.get_data(as_text=True)
    return r.get_json()


def call_next(client, tokens, counter: str = "loket-1", who: str = "officer_here") -> dict:
    r = client.post(f"{API}/counters/{counter}/call-next", headers=bearer(tokens[who]))
    assert r.status_code == 200, r.get_data(as_text=True)
    return r.get_json()["ticket"]


def test_an_admin_reads_todays_changes_newest_first_with_who_and_which_ticket(client, tokens):
    ticket = issue(client, tokens, "ktp-el")
    call_next(client, tokens)
    events = audit(client, tokens)["events"]
    assert [e["id"] for e in events] == sorted((e["id"] for e in events), reverse=True)
    called, issued = events[0], events[1]
    assert (called["type"], called["ticket_code"], called["counter_id"], called["actor"]) == \
        ("called", ticket["code"], "loket-1", "user:officer_here")
    assert (issued["type"], issued["ticket_code"], issued["actor"]) == \
        ("issued", ticket["code"], "device:kiosk-1")
    assert called["at"].endswith("+07:00")
    # the people and devices made for the test are in the log too (no ticket)
    assert any(e["type"] == "token_created" and e["ticket_code"] is None for e in events)


def test_filters_by_type_and_actor(client, tokens):
    issue(client, tokens, "ktp-el")
    issue(client, tokens, "pkb-tahunan")
    call_next(client, tokens)
    assert {e["type"] for e in audit(client, tokens, type="issued")["events"]} == {"issued"}
    mine = audit(client, tokens, actor="user:officer_here")["events"]
    assert [e["type"] for e in mine] == ["called"]


def test_pages_of_fifty_follow_each_other_without_gaps(client, tokens):
    for _ in range(60):
        issue(client, tokens, "ktp-el")
    first = audit(client, tokens)
    assert len(first["events"]) == 50 and first["next_cursor"]
    second = audit(client, tokens, cursor=first["next_cursor"])
    ids = [e["id"] for e in first["events"] + second["events"]]
    assert ids == sorted(set(ids), reverse=True)
    assert second["events"][0]["id"] == first["events"][-1]["id"] - 1
    assert second["next_cursor"] is None  # 60 issued + the fixture's users and tokens


def test_a_supervisor_sees_only_what_touched_their_agencies(client, tokens):
    issue(client, tokens, "ktp-el")  # Dukcapil
    issue(client, tokens, "pkb-tahunan")  # Samsat
    call_next(client, tokens, "loket-6", "officer_other")
    dukcapil = audit(client, tokens, "supervisor_here")["events"]
    assert [(e["type"], e["ticket_code"]) for e in dukcapil] == [("issued", "A001")]
    samsat = audit(client, tokens, "supervisor_other")["events"]
    assert {e["type"] for e in samsat} == {"issued", "called"}
    assert all(e["ticket_code"].startswith("F") for e in samsat)


def test_a_ticket_sent_out_of_an_agency_is_in_the_log_of_both_agencies_supervisors(
        client, tokens):
    ticket = issue(client, tokens, "ktp-el")  # Dukcapil, still waiting
    r = client.post(f"{API}/tickets/{ticket['id']}/transfer", json={"service_id": "pkb-tahunan"},
                    headers=bearer(tokens["admin"]))
    assert r.status_code == 200, r.get_data(as_text=True)
    for who in ("supervisor_here", "supervisor_other"):  # from Dukcapil, to Samsat
        moved = [e for e in audit(client, tokens, who)["events"] if e["type"] == "transferred"]
        assert [(e["ticket_code"], e["data"]["from_service"], e["data"]["to_service"])
                for e in moved] == [(ticket["code"], "ktp-el", "pkb-tahunan")], who


def test_days_are_the_halls_local_days(client, tokens):
    issue(client, tokens, "ktp-el")
    assert audit(client, tokens, **{"from": "2026-03-02", "to": "2026-03-02"})["events"]
    assert audit(client, tokens, **{"from": "2026-03-01", "to": "2026-03-01"})["events"] == []


def test_bad_dates_and_cursors_are_refused_naming_the_field(client, tokens):
    for query, field in (({"from": "02-03-2026"}, "from"), ({"to": "kemarin"}, "to"),
                         ({"from": "2026-03-02", "to": "2026-03-01"}, "to"),
                         ({"from": "2025-01-01", "to": "2026-03-02"}, "to"),
                         ({"cursor": "abc"}, "cursor")):
        r = client.get(f"{API}/admin/audit", query_string=query,
                       headers=bearer(tokens["admin"]))
        envelope_of(r, 400, "bad_request", field)


def test_a_supervisor_sees_the_admin_changes_of_their_agency_and_officers(client, tokens):
    admin = bearer(tokens["admin"])
    client.patch(f"{API}/admin/services/ktp-el", json={"daily_quota": 120}, headers=admin)
    client.patch(f"{API}/admin/services/pkb-tahunan", json={"daily_quota": 90},
                 headers=admin)
    client.patch(f"{API}/admin/users/officer_here", json={"display_name": "Rina"},
                 headers=admin)
    client.patch(f"{API}/admin/users/officer_other", json={"display_name": "Budi"},
                 headers=admin)
    client.patch(f"{API}/admin/agencies/dukcapil", json={"short_name": "Disdukcapil"},
                 headers=admin)
    seen = {(e["type"], e["data"].get("id")) for e in
            audit(client, tokens, "supervisor_here")["events"] if "entity" in e["data"]}
    assert seen == {("service.updated", "ktp-el"), ("user.updated", "officer_here"),
                    ("agency.updated", "dukcapil")}
