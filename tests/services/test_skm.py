"""SKM use cases on a real hall: the survey tablet answers only for its own counter, what a
response records (and what it never does), the audit event, and the period the hall
publishes."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from queue_server.domain.access import ANONYMOUS, Principal
from queue_server.domain.errors import Forbidden, NotFound
from queue_server.domain.models import DeviceKind, Ticket
from queue_server.services import skm, tickets
from queue_server.settings import SkmSettings
from tests.conftest import ADMIN, KIOSK, MONDAY_9AM, officer, supervisor

THREES = {f"U{i}": 3 for i in range(1, 10)}


def survey_tablet(counter: str) -> Principal:
    return Principal(kind="device", name=f"tablet-{counter}", device_kind=DeviceKind.SURVEY,
                     counters=frozenset({counter}))


def serve(hall, clock, service="ktp-el", counter="loket-1") -> Ticket:
    ticket = tickets.issue_ticket(hall, KIOSK, service).ticket.ticket
    clock.advance(minutes=3)
    tickets.call_next(hall, officer(counter), counter)
    clock.advance(minutes=5)
    return tickets.finish(hall, officer(counter), ticket.id).ticket.ticket


def respond(hall, who, ticket: Ticket, answers=None, **extra):
    return skm.submit_response(hall, who, {"ticket_token": ticket.track_token,
                                           "answers": answers or THREES, **extra})


def test_a_survey_tablet_answers_for_its_own_counter_only(hall, clock):
    mine, other = serve(hall, clock), serve(hall, clock, "ktp-el", "loket-2")
    with pytest.raises(Forbidden) as refused:
        respond(hall, survey_tablet("loket-1"), other)
    assert refused.value.field == "ticket_token"
    made = respond(hall, survey_tablet("loket-1"), mine)
    assert (made.channel, made.counter_id) == ("survey", "loket-1")
    assert respond(hall, ANONYMOUS, other).channel == "phone"


def test_a_response_records_service_counter_and_day_but_never_the_officer(hall, clock):
    ticket = serve(hall, clock)
    made = respond(hall, ANONYMOUS, ticket, profile={"sex": "L"})
    with hall.store.read() as tx:
        stored = tx.skm.for_ticket(ticket.id)
        columns = [r[1] for r in tx.conn.execute("PRAGMA table_info(skm_responses)")]
        audit = [e for e in tx.events.of_ticket(ticket.id) if e.type == "skm.answered"]
    assert stored == made
    assert (stored.service_id, stored.agency_id, stored.counter_id, stored.day) == (
        "ktp-el", "dukcapil", "loket-1", "2026-03-02")
    assert stored.answers == (3,) * 9 and stored.sex == "L" and stored.age is None
    assert not any("officer" in c or "actor" in c or "user" in c for c in columns)
    assert len(audit) == 1 and audit[0].data == {"channel": "phone"}
    assert "U1" not in str(audit[0].data)


def test_an_unknown_token_is_not_found_at_its_field(hall):
    with pytest.raises(NotFound) as missing:
        skm.submit_response(hall, ANONYMOUS, {"ticket_token": "nope", "answers": THREES})
    assert missing.value.field == "ticket_token"


def test_results_by_agency_put_each_agency_beside_its_own_population(hall, clock):
    respond(hall, ANONYMOUS, serve(hall, clock), answers={**THREES, "U1": 4})
    serve(hall, clock)
    respond(hall, ANONYMOUS, serve(hall, clock, "pkb-tahunan", "loket-6"),
            answers={f"U{i}": 2 for i in range(1, 10)})
    found = skm.results(hall, ADMIN, from_="2026-03-02", by="agency")
    rows = {r.key: r for r in found.rows}
    assert (rows["dukcapil"].respondents, rows["dukcapil"].population) == (1, 2)
    assert (rows["samsat"].respondents, rows["samsat"].population) == (1, 1)
    assert str(rows["samsat"].score.ikm) == "50.00"
    assert (found.total.respondents, found.total.population) == (2, 3)
    assert rows["dukcapil"].sample_met is False and rows["samsat"].sample_met is True
    own = skm.results(hall, supervisor("samsat"), from_="2026-03-02", by="agency")
    assert [r.key for r in own.rows] == ["samsat"]


def test_public_shows_the_last_completed_period_once_it_has_answers(make_hall, settings,
                                                                     clock):
    hall = make_hall(replace(settings, skm=SkmSettings(period="month")))
    clock.set(MONDAY_9AM - timedelta(days=14))  # Monday 16 February 2026
    respond(hall, ANONYMOUS, serve(hall, clock), answers={f"U{i}": 4 for i in range(1, 10)})
    clock.set(MONDAY_9AM)
    respond(hall, ANONYMOUS, serve(hall, clock), answers={f"U{i}": 2 for i in range(1, 10)})
    shown = skm.public(hall)
    assert shown.complete is True
    assert (shown.period.first.isoformat(), shown.period.last.isoformat()) == (
        "2026-02-01", "2026-02-28")
    assert shown.period.name() == "Februari 2026"
    assert (shown.hall.respondents, str(shown.hall.ikm)) == (1, "100.00")
    by_id = {a.agency.id: a for a in shown.agencies}
    assert by_id["dukcapil"].score.band.quality == "A"
    assert by_id["samsat"].score.respondents == 0 and by_id["samsat"].score.ikm is None


def test_two_answers_racing_for_one_ticket_leave_one_the_index_refuses_the_other(hall, clock):
    from queue_server.domain.errors import Conflict

    made = respond(hall, ANONYMOUS, serve(hall, clock))
    # the second got past the service's check before the first committed: the store decides
    with pytest.raises(Conflict) as second, hall.store.write() as tx:
        tx.skm.insert(replace(made, id=0, channel="survey"))
    assert second.value.field == "ticket_token"
    with hall.store.read() as tx:
        assert tx.skm.count("2026-03-02", "2026-03-02") == 1
