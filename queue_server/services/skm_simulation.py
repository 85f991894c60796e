"""The simulated citizens' SKM answers for `queue-server simulate`: after a ticket is
finished, a share of citizens answer through the real use case (services/skm.py), from
their phone or on the counter's survey tablet, with the scores of domain/simulated_answers.

Its own random stream per day, so turning answers on or off never changes the day's tickets."""

from __future__ import annotations

import random
from datetime import date

from queue_server.domain import simulated_answers as answers
from queue_server.domain.access import ANONYMOUS, Principal
from queue_server.domain.errors import QueueError
from queue_server.domain.models import DeviceKind, Ticket

from . import skm
from .hall import Hall


class SimulatedRespondents:
    def __init__(self, hall: Hall, seed: int, day: date, rate: float) -> None:
        if not 0 <= rate <= 1:
            raise ValueError("the SKM answer rate is a share between 0 and 1")
        self.hall, self.seed, self.rate = hall, seed, rate
        self.rng = random.Random(f"{seed}:{day.isoformat()}:skm")
        self.tastes: dict[str, answers.ServiceTaste] = {}
        self.answered = 0

    def taste(self, service_id: str) -> answers.ServiceTaste:
        if service_id not in self.tastes:
            self.tastes[service_id] = answers.service_taste(self.seed, service_id)
        return self.tastes[service_id]

    def after_finish(self, ticket: Ticket) -> None:
        """Maybe answer for a ticket just finished (at the hall's current moment)."""
        if self.rate == 0 or self.rng.random() >= self.rate:
            return
        who: Principal = ANONYMOUS
        if ticket.counter_id and self.rng.random() < answers.TABLET_SHARE:
            who = Principal(kind="device", name=f"survey-{ticket.counter_id}",
                            device_kind=DeviceKind.SURVEY,
                            counters=frozenset({ticket.counter_id}))
        body = {"ticket_token": ticket.track_token,
                "answers": answers.draw_answers(self.rng, self.taste(ticket.service_id)),
                "profile": answers.draw_profile(self.rng),
                "suggestion": answers.draw_suggestion(self.rng)}
        try:
            skm.submit_response(self.hall, who, body)
        except QueueError:
            return  # answered already, or not done after all: the real refusals
        self.answered += 1
