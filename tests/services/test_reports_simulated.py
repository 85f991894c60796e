"""A simulated 5,000-ticket day (services/simulation.py, through the real use cases): the
report's counts are exactly what the simulation says it committed."""

from __future__ import annotations

from datetime import date

from queue_server.services import reports
from queue_server.services.simulation import simulate
from tests.conftest import ADMIN, without_quotas

TODAY = date(2026, 3, 2)  # the FakeClock's Monday
PAST_MONDAY = date(2026, 2, 23)


def test_a_simulated_5000_ticket_day_reports_the_counts_the_simulation_committed(
        make_hall, settings):
    hall = make_hall(without_quotas(settings))
    simulated = simulate(hall.store, hall.config, PAST_MONDAY, today=TODAY,
                         tickets_per_day=5000, seed=3).as_json()
    assert simulated["issued"] > 4500 and simulated["transferred"] > 0
    found = reports.summary(hall, ADMIN, from_=PAST_MONDAY.isoformat(), by="service")
    total = found.total
    assert (total.issued, total.served, total.no_show, total.cancelled,
            total.transferred_out) == (simulated["issued"], simulated["served"],
                                       simulated["no_show"], simulated["cancelled"],
                                       simulated["transferred"])
    by_service = {r.key: {"issued": r.issued, "served": r.served, "no_show": r.no_show,
                          "cancelled": r.cancelled} for r in found.rows}
    assert by_service == simulated["by_service"]
    # the night closes every ticket: each one issued ended served, absent or cancelled
    assert total.issued == total.served + total.no_show + total.cancelled
    assert total.wait.p50 is not None and total.wait.p50 <= total.wait.p90 <= total.wait.max
