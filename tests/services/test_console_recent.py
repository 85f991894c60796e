"""The console's recent tickets (to reprint a lost one): today's tickets this counter called,
latest call first, each once, the current one left out; and whether a reprint from the
console has a printer. Real SQLite file, fake clock."""

from __future__ import annotations

from dataclasses import replace

from queue_server.services import counter_console, printing, tickets
from tests.conftest import KIOSK, officer
from tests.services.test_printing import NETWORK

RINA = officer("loket-1", name="rina")


def issue(hall, n: int) -> list[str]:
    return [tickets.issue_ticket(hall, KIOSK, "ktp-el").ticket.ticket.code for _ in range(n)]


def recent_codes(hall, counter: str = "loket-1") -> list[str]:
    return [t.code for t in counter_console.console_state(hall, RINA, counter).recent]


def test_recent_lists_todays_calls_of_this_counter_latest_first_without_the_current(hall):
    a, b, c, d = issue(hall, 4)
    tickets.call_next(hall, RINA, "loket-1")
    tickets.call_next(hall, RINA, "loket-1")
    tickets.call_next(hall, RINA, "loket-1")
    state = counter_console.console_state(hall, RINA, "loket-1")
    assert state.current.ticket.code == c
    assert [t.code for t in state.recent] == [b, a]
    assert d not in recent_codes(hall)  # waiting, never called


def test_a_recall_brings_a_ticket_to_the_top_once(hall):
    a, b, _ = issue(hall, 3)
    first = tickets.call_next(hall, RINA, "loket-1").ticket.ticket
    tickets.skip(hall, RINA, first.id)
    tickets.call_next(hall, RINA, "loket-1")  # b at the desk
    tickets.recall(hall, RINA, first.id, "loket-1")  # a turned up: a again
    assert counter_console.console_state(hall, RINA, "loket-1").current.ticket.code == a
    assert recent_codes(hall) == [b]
    tickets.call_next(hall, RINA, "loket-1")
    assert recent_codes(hall) == [a, b]


def test_calls_of_another_counter_or_of_yesterday_are_not_listed(hall, clock):
    issue(hall, 2)
    tickets.call_next(hall, RINA, "loket-1")
    tickets.call_next(hall, RINA, "loket-1")
    clock.advance(hours=24)
    (today,) = issue(hall, 1)
    tickets.call_next(hall, RINA, "loket-1")
    assert recent_codes(hall) == []  # only yesterday's calls came before the current one
    other = officer("loket-2", name="budi")
    assert counter_console.console_state(hall, other, "loket-2").recent == []
    issue(hall, 1)
    tickets.call_next(hall, RINA, "loket-1")
    assert recent_codes(hall) == [today]


def test_at_most_ten_recent_tickets(hall):
    codes = issue(hall, 13)
    for _ in codes:
        tickets.call_next(hall, RINA, "loket-1")
    recent = recent_codes(hall)
    assert recent == list(reversed(codes[:-1]))[:counter_console.RECENT_SHOWN]
    assert len(recent) == 10


def test_the_console_can_reprint_only_with_a_printer(make_hall, settings):
    no_printer = make_hall(replace(settings, printers={}, kiosk_printers={}))
    assert counter_console.console_state(no_printer, RINA, "loket-1").can_reprint is False
    printing_hall = make_hall(replace(settings, printers={"default": NETWORK},
                                      kiosk_printers={}), name="printing.db")
    state = counter_console.console_state(printing_hall, RINA, "loket-1")
    assert state.can_reprint is True
    (code,) = issue(printing_hall, 1)
    ticket = tickets.call_next(printing_hall, RINA, "loket-1").ticket.ticket
    job = printing.reprint(printing_hall, RINA, ticket.id, printing_hall.settings.printers, {})
    assert job.copy and ticket.code == code
