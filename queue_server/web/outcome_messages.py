"""The messages a committed outcome makes, and the rooms each goes to (API.md's Socket.IO
events): a call to its counter, agency and the TVs that show it, a ticket's change to its
phone, waiting counts to the screens of the services that moved, an alarm to supervisors,
a finished citizen's form to the survey tablet at that counter. Pure shaping: web/realtime.py
sends what this returns, in its order."""

from __future__ import annotations

from typing import Any

from queue_server.domain.catalog import Catalog
from queue_server.domain.models import WHOLE_HALL, Counter, Ticket
from queue_server.services import alarms, hall_views, survey_tablet
from queue_server.services.hall import Hall, Outcome
from queue_server.web.serialize import Serializer

ALARM_EVENTS = {"alarm.raised", "alarm.cleared", "alarm.acknowledged"}
TICKET_EVENTS = {"started", "finished", "skipped", "transferred", "cancelled"}

Message = tuple[str, dict[str, Any], set[str]]  # event name, body, rooms


class OutcomeMessages:
    def __init__(self, hall: Hall, serializer: Serializer) -> None:
        self.hall = hall
        self.serializer = serializer
        self._rooms: dict[tuple, frozenset[str]] = {}

    def alarm_message(self, event, catalog: Catalog) -> Message:
        from queue_server.web.api_supervision import alarm_json  # it imports the API
        alarm = alarms.alarm_of(event.data)
        agencies = [alarm.agency_id] if alarm.agency_id else list(catalog.agencies)
        body = {"alarm": alarm_json(self.serializer, alarm), "event_id": event.id}
        return event.type, body, {"admin:all", *(f"agency:{a}" for a in agencies)}

    def messages(self, outcome: Outcome, catalog: Catalog) -> list[Message]:
        """(event name, body, rooms) for each message an outcome causes, in event order."""
        ser = self.serializer
        out: list[Message] = []
        issued = False
        # Every message costs one send per watching screen (a hall may have thousands of
        # phones), so a call carries the new waiting counts itself, and the auto-finish of
        # the counter's previous citizen is not sent to displays: the call replaces it.
        calling = {e.counter_id for e in outcome.events if e.type in ("called", "recalled")}
        told_waiting: set[str] = set()
        for event in outcome.events:
            if event.type in ALARM_EVENTS:
                out.append(self.alarm_message(event, catalog))
                continue
            if event.type in ("counter_paused", "counter_resumed") and outcome.counter:
                body = {"counter": ser.counter_state(outcome.counter), "event_id": event.id,
                        "change": event.type}
                out.append(("counter.updated", body,
                            self.counter_rooms(catalog, outcome.counter)))
                continue
            info = outcome.tickets.get(event.ticket_id or 0)
            if info is None:
                continue  # account events and the like have no audience here
            ticket = info.ticket
            ticket_room = {f"ticket:{ticket.track_token}"}
            if event.type == "issued":
                issued = True
                out.append(("ticket.issued",
                            {"ticket": ser.ticket(info), "waiting": outcome.waiting,
                             "event_id": event.id},
                            self.service_rooms(catalog, ticket.service_id)))
            elif event.type in ("called", "recalled"):
                counter = catalog.counters.get(event.counter_id or "")
                if counter is None:
                    continue
                call = hall_views.make_call(self.hall, info, counter, event.id, event.at,
                                            event.type == "recalled",
                                            catalog.agencies.get(ticket.agency_id))
                body = {**ser.call(call), "waiting": outcome.waiting}
                rooms = self.counter_rooms(catalog, counter)
                told_waiting |= rooms
                out.append(("ticket.called", body, rooms))
                out.append(("ticket.called", {**body, "ticket": ser.track(info, catalog)},
                            ticket_room))
            elif event.type in TICKET_EVENTS:
                rooms = {f"agency:{ticket.agency_id}"}
                superseded = event.data.get("auto") and event.counter_id in calling
                for counter_id in (event.counter_id, ticket.target_counter_id):
                    counter = catalog.counters.get(counter_id or "")
                    if counter is not None:
                        rooms |= ({f"counter:{counter.id}"} if superseded
                                  else self.counter_rooms(catalog, counter))
                if event.type == "transferred":
                    rooms |= self.service_rooms(catalog, ticket.service_id)
                out.append(("ticket.updated", {"ticket": ser.ticket(info), "event_id": event.id,
                                               "change": event.type}, rooms))
                out.append(("ticket.updated", {"ticket": ser.track(info, catalog),
                                               "event_id": event.id, "change": event.type},
                            ticket_room))
                if event.type == "finished" and event.counter_id:
                    out.extend(self.survey_messages(event, ticket, catalog))
        if outcome.waiting and not issued and outcome.events:
            rooms: set[str] = set()
            for service_id in outcome.waiting:
                rooms |= self.service_rooms(catalog, service_id)
            rooms -= told_waiting
            if rooms:
                out.append(("queue.waiting", {"waiting": outcome.waiting,
                                              "event_id": outcome.events[-1].id}, rooms))
        return out

    def survey_messages(self, event, ticket: Ticket, catalog: Catalog) -> list[Message]:
        """The survey tablet at the counter that just finished a citizen shows their form."""
        from queue_server.web.api_survey import survey_ticket_json  # it imports the API
        shown = survey_tablet.survey_ticket(catalog, ticket, event.id)
        if shown is None:
            return []
        return [("survey.ticket", {"ticket": survey_ticket_json(self.serializer, shown),
                                   "counter_id": event.counter_id, "event_id": event.id},
                 {f"survey:{event.counter_id}"})]

    def display_rooms(self, catalog: Catalog, counters: list[Counter],
                      service_id: str | None) -> set[str]:
        # the same few answers are asked for on every event: keep them per catalog version
        key = (catalog.version, tuple(c.id for c in counters), service_id)
        cached = self._rooms.get(key)
        if cached is None:
            cached = frozenset(self._display_rooms(catalog, counters, service_id))
            if len(self._rooms) > 4096:
                self._rooms.clear()
            self._rooms[key] = cached
        return set(cached)

    def _display_rooms(self, catalog: Catalog, counters: list[Counter],
                       service_id: str | None) -> set[str]:
        rooms = {f"display:{WHOLE_HALL}"}
        for zone in catalog.zones.values():
            if any(zone.covers(c) for c in counters) or (
                    service_id is not None and service_id in
                    hall_views.zone_services(catalog, zone)):
                rooms.add(f"display:{zone.id}")
        return rooms

    def counter_rooms(self, catalog: Catalog, counter: Counter) -> set[str]:
        return {f"counter:{counter.id}", f"agency:{counter.agency_id}",
                *self.display_rooms(catalog, [counter], None)}

    def service_rooms(self, catalog: Catalog, service_id: str) -> set[str]:
        service = catalog.services.get(service_id)
        serving = [c for c in catalog.counters.values() if service_id in c.service_weights]
        rooms = {f"counter:{c.id}" for c in serving}
        if service is not None:
            rooms.add(f"agency:{service.agency_id}")
        return rooms | self.display_rooms(catalog, serving, service_id)
