"""The JSON shapes of API.md, written from domain objects and read models. Their JSON
Schemas are in `schemas.py`, which the OpenAPI document is built from; a test validates
real answers against them."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from queue_server.domain.catalog import Catalog
from queue_server.domain.eta_words import wait_words
from queue_server.domain.models import Counter, Ticket
from queue_server.domain.opening import hall_opening
from queue_server.domain.print_jobs import PrintJob
from queue_server.services import admin_users
from queue_server.services.audit import AuditPage
from queue_server.services.counter_console import ConsoleState
from queue_server.services.hall import TicketInfo
from queue_server.services.hall_views import CallView, CounterView, DisplayState, ServiceView


class Serializer:
    """Knows the site's clock zone and public address, which every answer needs. The
    address may be a function: the hall's live one, which an admin can change at any time."""

    def __init__(self, zone: ZoneInfo, public_url: str | Callable[[], str],
                 audio_urls=None) -> None:
        self.zone = zone
        self._public_url = public_url
        # the announcer plugs in here: Announcement -> ordered audio URLs
        self.audio_urls = audio_urls or (lambda announcement: [])

    @property
    def public_url(self) -> str:
        url = self._public_url() if callable(self._public_url) else self._public_url
        return url.rstrip("/")

    def time(self, moment: datetime | None) -> str | None:
        if moment is None:
            return None
        return moment.astimezone(self.zone).isoformat(timespec="seconds")

    def track_url(self, token: str) -> str:
        return f"{self.public_url}/t/{token}"

    def ticket(self, info: TicketInfo) -> dict[str, Any]:
        t: Ticket = info.ticket
        return {
            "id": t.id,
            "code": t.code,
            "number": t.number,
            "service_id": t.service_id,
            "agency_id": t.agency_id,
            "status": t.status.value,
            "priority": t.priority,
            "priority_kind": t.priority_kind.value if t.priority_kind else None,
            "language": t.language,
            "issued_at": self.time(t.issued_at),
            "called_at": self.time(t.called_at),
            "started_at": self.time(t.started_at),
            "finished_at": self.time(t.finished_at),
            "counter_id": t.counter_id,
            "target_counter_id": t.target_counter_id,
            "transferred_from": t.transferred_from,
            "people_ahead": info.people_ahead,
            "eta_minutes": info.eta_minutes,
            **self.eta_words(info.eta_minutes),
            "track_url": self.track_url(t.track_token),
            "booking_code": t.booking_code,
        }

    @staticmethod
    def eta_words(minutes: int | None) -> dict[str, str | None]:
        """The estimate in words (domain.eta_words), both languages: the pages switch."""
        return {"eta_text": wait_words(minutes), "eta_text_en": wait_words(minutes, "en")}

    def print_state(self, job: PrintJob | None) -> dict[str, Any] | None:
        if job is None:
            return None
        return {"status": job.status.value, "attempts": job.attempts, "copy": job.copy,
                "reason": job.reason, "error": job.last_error if job.status.value != "sent"
                else None}

    def track(self, info: TicketInfo, catalog: Catalog,
              job: PrintJob | None = None, *, event_id: int | None = None) -> dict[str, Any]:
        """What a citizen's phone sees: no internal ids, no personal data. `event_id`: the
        newest event a snapshot includes (GET /track, the page), left out elsewhere."""
        t = info.ticket
        service = catalog.services.get(t.service_id)
        agency = catalog.agencies.get(t.agency_id)
        counter = catalog.counters.get(t.counter_id or "")
        at_counter = t.status.value in ("called", "serving")
        return {
            "code": t.code,
            # the service's id is public (GET /services): the phone joins `service:ID`
            "service": {"id": t.service_id, "name": service.name if service else "",
                        "name_en": service.name_en if service else "",
                        "agency": agency.short_name if agency else "",
                        "requirements": list(service.requirements) if service else []},
            "status": t.status.value,
            "people_ahead": info.people_ahead,
            "eta_minutes": info.eta_minutes,
            **self.eta_words(info.eta_minutes),
            "counter": {"name": counter.name, "number": counter.number}
            if counter and at_counter else None,
            "language": t.language,
            "issued_at": self.time(t.issued_at),
            "called_at": self.time(t.called_at),
            "print": self.print_state(job),
            **({"event_id": event_id} if event_id is not None else {}),
        }

    def audit(self, page: AuditPage) -> dict[str, Any]:
        return {"events": [{
            "id": e.id, "type": e.type, "at": self.time(e.at), "actor": e.actor,
            "ticket_code": e.data.get("code") if e.ticket_id is not None else None,
            "counter_id": e.counter_id, "service_id": e.service_id, "data": e.data,
        } for e in page.events], "next_cursor": page.next_cursor}

    def user(self, row: admin_users.UserRow) -> dict[str, Any]:
        """A staff account (the same shape its events carry): never a password or hash."""
        return admin_users.shape(row)

    def counter_ref(self, c: Counter) -> dict[str, Any]:
        return {"id": c.id, "name": c.name, "number": c.number}

    def call(self, call: CallView) -> dict[str, Any]:
        return {
            "ticket": self.ticket(call.ticket),
            "counter": self.counter_ref(call.counter),
            "text": call.announcement.text,
            "audio": self.audio_urls(call.announcement),
            "recall": call.recall,
            "at": self.time(call.at),
            "event_id": call.event_id,
            "agency": {"id": call.agency.id, "name": call.agency.name,
                       "short_name": call.agency.short_name} if call.agency else None,
        }

    def service(self, view: ServiceView) -> dict[str, Any]:
        s, a, state = view.service, view.agency, view.availability
        return {
            "id": s.id,
            "prefix": s.prefix,
            "name": s.name,
            "name_en": s.name_en,
            "agency": {"id": a.id, "name": a.name, "short_name": a.short_name,
                       "badge": view.badge,
                       "logo_url": f"/media/logos/{a.logo}" if a.logo else None},
            "open": state.open,
            "closed_reason": state.reason,
            "closed_message": state.message,
            "closed_message_en": state.message_en,
            "waiting": view.waiting,
            "quota_left": state.quota_left,
            "eta_minutes": view.eta_minutes,
            **self.eta_words(view.eta_minutes),
            "requirements": list(s.requirements),
            "next_open_at": self.time(state.next_open_at),
        }

    def services(self, views: list[ServiceView]) -> dict[str, Any]:
        """The kiosk's list, with the hall's own state: whether any service takes tickets
        now, and if none does, why and when the first one opens again."""
        hall = hall_opening(v.availability for v in views)
        return {
            "services": [self.service(v) for v in views],
            "hall": {"open": hall.open, "closed_reason": hall.reason,
                     "closed_message": hall.message, "closed_message_en": hall.message_en,
                     "next_open_at": self.time(hall.next_open_at)},
        }

    def counter(self, view: CounterView) -> dict[str, Any]:
        c = view.counter
        return {
            "id": c.id,
            "name": c.name,
            "number": c.number,
            "agency_id": c.agency_id,
            "service_ids": c.service_ids,
            "status": c.status.value,
            "pause_reason": c.pause_reason,
            "current_ticket": self.ticket(view.current) if view.current else None,
        }

    def counter_state(self, c: Counter | None) -> dict[str, Any] | None:
        if c is None:
            return None
        return {**self.counter_ref(c), "agency_id": c.agency_id, "status": c.status.value,
                "pause_reason": c.pause_reason, "service_ids": c.service_ids}

    def console(self, state: ConsoleState) -> dict[str, Any]:
        return {
            "event_id": state.event_id,
            "counter": self.counter_state(state.counter),
            "current": self.ticket(state.current) if state.current else None,
            "waiting": [self.ticket(t) for t in state.waiting],
            "skipped": [{"ticket": self.ticket(TicketInfo(s.ticket, 0, None)),
                         "recallable": s.recallable, "later_calls": s.later_calls}
                        for s in state.skipped],
            "stats": dataclasses.asdict(state.stats),
            "forfeit_after": state.forfeit_after,
            "allowed_actions": [a.value for a, why in state.actions.items() if why is None],
            "blocked_actions": {a.value: why.value for a, why in state.actions.items()
                                if why is not None},
            "transfer_counters": [{**self.counter_ref(c), "agency_id": c.agency_id,
                                   "service_ids": c.service_ids, "status": c.status.value}
                                  for c in state.transfer_counters],
            "recent": [self.ticket(TicketInfo(t, 0, None)) for t in state.recent],
            "can_reprint": state.can_reprint,
        }

    def display(self, state: DisplayState, site_name: str) -> dict[str, Any]:
        return {
            "event_id": state.event_id,
            "zone": {"id": state.zone.id, "name": state.zone.name} if state.zone
            else {"id": "all", "name": site_name},
            "calls": [self.call(c) for c in state.calls],
            "counters": [
                {**self.counter_ref(c), "agency_id": c.agency_id, "status": c.status.value,
                 "current": {"code": t.code, "status": t.status.value} if t else None}
                for c, t in state.counters
            ],
            "waiting": state.waiting,
            "running_text": state.running_text,
            "running_text_en": state.running_text_en,
            "now": self.time(state.now),
        }


# ------------------------------------------------------------------ JSON Schemas
