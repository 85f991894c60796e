"""Where a ticket may be transferred: a counter only of the service it will be in, since a
ticket sent to a counter goes first there."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from queue_server.domain.calling import ensure_counter_calls
from queue_server.domain.catalog import Catalog
from queue_server.domain.errors import Conflict
from queue_server.domain.models import (
    Agency,
    Counter,
    CounterStatus,
    Service,
    Ticket,
    TicketStatus,
)
from queue_server.domain.transfers import counter_takes, counters_for, ensure_counter_takes

KTP = Service("ktp-el", "dukcapil", "A", "KTP-el", "KTP-el", None, None, 8)
KK = Service("kartu-keluarga", "dukcapil", "B", "Kartu Keluarga", "Family card", None, None, 8)
PKB = Service("pkb-tahunan", "samsat", "P", "PKB Tahunan", "Vehicle tax", None, None, 8)


def counter(id: str, number: int, agency: str, *services: str, **kw: Any) -> Counter:
    return Counter(id, f"Loket {number}", number, agency, dict.fromkeys(services, 1.0), **kw)


CATALOG = Catalog(
    version=1,
    agencies={"dukcapil": Agency("dukcapil", "Dukcapil", "Dukcapil"),
              "samsat": Agency("samsat", "Samsat", "Samsat")},
    services={s.id: s for s in (KTP, KK, PKB)},
    counters={c.id: c for c in (
        counter("loket-1", 1, "dukcapil", "ktp-el"),
        counter("loket-2", 2, "dukcapil", "ktp-el", "kartu-keluarga",
                status=CounterStatus.PAUSED),
        counter("loket-3", 3, "dukcapil", "kartu-keluarga"),
        counter("loket-4", 4, "dukcapil", "ktp-el", active=False),
        counter("loket-6", 6, "samsat", "pkb-tahunan"),
    )},
    zones={})


def ktp_ticket(counter_id: str | None = "loket-1") -> Ticket:
    return Ticket(id=1, code="A001", number=1, day="2026-03-02", service_id="ktp-el",
                  agency_id="dukcapil", status=TicketStatus.SERVING, priority=False,
                  priority_kind=None, language="id",
                  issued_at=datetime(2026, 3, 2, 2, tzinfo=UTC), track_token="t",
                  counter_id=counter_id)


def test_a_ticket_may_be_sent_only_to_the_other_counters_of_its_own_service():
    # loket-3 (another service) and loket-6 (another agency) are not offered; a paused
    # counter is (the ticket waits there for the break's end); a deactivated one is not
    assert [c.id for c in counters_for(CATALOG, ktp_ticket(), leaving="loket-1")] == [
        "loket-2"]
    assert [c.id for c in counters_for(CATALOG, ktp_ticket(None))] == ["loket-1", "loket-2"]


def test_a_counter_of_another_agency_is_refused_with_an_indonesian_reason():
    with pytest.raises(Conflict) as refused:
        ensure_counter_takes(CATALOG.counters["loket-6"], KTP, ktp_ticket())
    assert refused.value.field == "counter_id"
    assert refused.value.message.startswith(
        "Tiket A001 tidak bisa dialihkan ke Loket 6: loket itu tidak melayani KTP-el.")


def test_with_a_new_service_the_counter_must_serve_that_service():
    ensure_counter_takes(CATALOG.counters["loket-3"], KK, ktp_ticket())
    with pytest.raises(Conflict):
        ensure_counter_takes(CATALOG.counters["loket-1"], KK, ktp_ticket())
    assert not counter_takes(CATALOG.counters["loket-4"], "ktp-el")  # deactivated


@pytest.mark.parametrize(("status", "message"), [
    (CounterStatus.PAUSED, "Loket 2 sedang istirahat; tekan Lanjutkan dulu."),
    (CounterStatus.CLOSED, "Loket 2 sedang tutup."),
])
def test_a_paused_or_closed_counter_calls_nobody(status, message):
    ensure_counter_calls(CATALOG.counters["loket-1"])
    with pytest.raises(Conflict) as refused:
        ensure_counter_calls(counter("loket-2", 2, "dukcapil", "ktp-el", status=status))
    assert (refused.value.code, refused.value.field, refused.value.message) == (
        "conflict", "status", message)
