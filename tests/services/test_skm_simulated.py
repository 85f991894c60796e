"""A simulated month with SKM answers (services/simulation.py through the real use cases):
the results reproduce an IKM computed here, independently, from the stored rows, and the
population is the citizens the database says were served."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from fractions import Fraction

from queue_server.domain import simulated_answers
from queue_server.domain.errors import BadRequest, Conflict
from queue_server.domain.skm import CODES, PROFILE_FIELDS
from queue_server.services import skm
from queue_server.services.simulation import simulate
from tests.conftest import ADMIN

TODAY = date(2026, 3, 2)  # the FakeClock's Monday
FEBRUARY = [date(2026, 2, 1) + timedelta(days=i) for i in range(28)]


def simulate_february(hall, **kwargs) -> dict[str, int]:
    totals = {"days": 0, "served": 0, "skm_responses": 0}
    for day in FEBRUARY:
        try:
            done = simulate(hall.store, hall.config, day, today=TODAY, tickets_per_day=60,
                            seed=7, **kwargs).as_json()
        except (BadRequest, Conflict):
            continue  # a weekend or a holiday: the hall is closed
        for key in totals:
            totals[key] += done[key]
    return totals


def rows(hall, sql: str, *params) -> list[tuple]:
    with hall.store.read() as tx:
        return [tuple(r) for r in tx.conn.execute(sql, params)]


def ikm_of(answers: list[tuple[int, ...]]) -> str:
    """The regulation's arithmetic written out again: IKM = Σ_u (Σ score_u / n) / 9 × 25,
    in hundredths, rounded half up."""
    n = len(answers)
    points = sum(sum(a) for a in answers)
    hundredths = Fraction(points * 25 * 100, 9 * n)
    whole = int(hundredths + Fraction(1, 2))  # positive: int() floors
    return f"{whole // 100}.{whole % 100:02d}"


def test_a_simulated_month_reproduces_the_ikm_of_its_raw_rows(hall):
    made = simulate_february(hall)
    assert made["days"] >= 18
    stored = rows(hall, "SELECT u1, u2, u3, u4, u5, u6, u7, u8, u9, service_id, channel "
                        "FROM skm_responses WHERE day BETWEEN '2026-02-01' AND '2026-02-28'")
    assert len(stored) == made["skm_responses"]
    # about 30 % of the served answer; both channels are used
    assert 0.22 < len(stored) / made["served"] < 0.38
    assert {r[10] for r in stored} == {"phone", "survey"}

    found = skm.results(hall, ADMIN, from_="2026-02-01", to="2026-02-28", by="service")
    served = rows(hall, "SELECT COUNT(*) FROM tickets WHERE status = 'done' "
                        "AND day BETWEEN '2026-02-01' AND '2026-02-28'")[0][0]
    assert found.total.population == served == made["served"]
    assert found.total.respondents == len(stored)
    assert str(found.total.score.ikm) == ikm_of([r[:9] for r in stored])
    by_service = {r.key: r for r in found.rows}
    for service_id in {r[9] for r in stored}:
        mine = [r[:9] for r in stored if r[9] == service_id]
        assert str(by_service[service_id].score.ikm) == ikm_of(mine), service_id


def test_each_service_has_its_own_score_distribution_from_the_seed():
    tastes = {s: simulated_answers.service_taste(7, s) for s in ("ktp-el", "skck", "teller")}
    assert len({round(t.mean, 3) for t in tastes.values()}) == 3
    assert all(2.6 <= t.mean <= 3.7 for t in tastes.values())
    assert simulated_answers.service_taste(7, "skck") == tastes["skck"]
    rng = random.Random(1)
    taste = tastes["ktp-el"]
    drawn = [simulated_answers.draw_answers(rng, taste) for _ in range(3000)]
    means = {c: sum(d[c] for d in drawn) / len(drawn) for c in CODES}
    assert means["U4"] > means["U3"]  # free services, slow queues
    assert all(1 <= d[c] <= 4 for d in drawn for c in CODES)
    for field, shares in simulated_answers.PROFILE_SHARES.items():
        assert set(shares) == set(PROFILE_FIELDS[field].codes())


def test_no_answers_when_the_rate_is_zero_and_the_tickets_stay_the_same(make_hall, settings):
    with_answers, without = make_hall(settings, name="a.db"), make_hall(settings, name="b.db")
    day = date(2026, 2, 23)
    first = simulate(with_answers.store, with_answers.config, day, today=TODAY,
                     tickets_per_day=80, seed=3).as_json()
    second = simulate(without.store, without.config, day, today=TODAY, tickets_per_day=80,
                      seed=3, skm_rate=0).as_json()
    assert first["skm_responses"] > 0 and second["skm_responses"] == 0
    assert {k: v for k, v in first.items() if k != "skm_responses"} == {
        k: v for k, v in second.items() if k != "skm_responses"}


def test_the_command_takes_the_answer_rate_and_refuses_one_outside_zero_to_one(tmp_path):
    from tests.test_cli_simulate import PAST_MONDAY
    from tests.test_cli_simulate import simulate as run_command

    done = run_command(tmp_path / "data", "--date", PAST_MONDAY, "--tickets", "60",
                       "--skm-rate", "0.5")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert 0.35 < summary["skm_responses"] / summary["served"] < 0.65
    bad = run_command(tmp_path / "other", "--date", PAST_MONDAY, "--skm-rate", "1.5")
    assert bad.returncode == 2 and "skm-rate" in bad.stderr
