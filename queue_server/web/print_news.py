"""The print spooler's news on the sockets: a kiosk and the citizen's phone follow their
ticket's print job; the admin and the agencies' consoles see each printer's health, which
the alarms hear first (web/alarm_triggers.py)."""

from __future__ import annotations

from flask_socketio import SocketIO

from queue_server.domain.models import Ticket
from queue_server.domain.print_jobs import PrintJob
from queue_server.services.hall import Hall
from queue_server.services.printing import PrinterHealth
from queue_server.web.alarm_triggers import AlarmTriggers
from queue_server.web.serialize import Serializer


class PrintNews:
    def __init__(self, socketio: SocketIO, hall: Hall, serializer: Serializer,
                 alarms: AlarmTriggers) -> None:
        self.socketio = socketio
        self.hall = hall
        self.serializer = serializer
        self.alarms = alarms

    def job(self, job: PrintJob, ticket: Ticket, event_id: int) -> None:
        """The spooler's `on_job`: a ticket's print job moved."""
        body = {"code": ticket.code, "event_id": event_id,
                **(self.serializer.print_state(job) or {})}
        self.socketio.emit("print.updated", body,
                           to=[f"ticket:{ticket.track_token}", f"agency:{ticket.agency_id}"])

    def printer(self, name: str, health: PrinterHealth) -> None:
        """The spooler's `on_printer`: a printer's health changed."""
        self.alarms.printer_reported(name, health)
        catalog = self.hall.current_catalog()
        rooms = ["admin:all", *(f"agency:{a}" for a in catalog.agencies)]
        self.socketio.emit("printer.status", {"printer": name, "ok": bool(health.ok),
                                              "message": health.message,
                                              "paper": health.paper}, to=rooms)
