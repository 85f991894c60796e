"""When this process evaluates the hall's alarms (services/alarms.py): after the ticket and
counter changes that can raise or clear one (at most once per `pause`; the sweep catches the
rest within 5 s), when a printer reports, when the message queue comes or goes, and at every
sweep. It keeps the printers' last readings, which only the spooler of this process knows."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from queue_server.services import alarms
from queue_server.services.hall import Hall, Outcome
from queue_server.services.outbox import QueueState
from queue_server.services.printing import PrinterHealth

log = logging.getLogger(__name__)

# outcomes after which an alarm may have appeared or gone
ALARM_CAUSES = {"issued", "called", "finished", "cancelled", "transferred",
                "counter_paused", "counter_resumed"}


class AlarmTriggers:
    def __init__(self, hall: Hall, queue_state: Callable[[], QueueState | None]) -> None:
        self.hall = hall
        self._queue_state = queue_state
        self._printers: dict[str, PrinterHealth] | None = None  # known once the spooler says
        # an evaluation costs a few reads: after ticket changes at most one per this many
        # seconds
        self.pause = 1.0
        self._evaluated_at = 0.0

    def evaluate(self) -> None:
        self._evaluated_at = time.monotonic()
        printers = None if self._printers is None else tuple(
            alarms.PrinterReading(name, h.ok, h.paper, h.message,
                                  h.last_error_at or self.hall.now())
            for name, h in sorted(self._printers.items()))
        state = self._queue_state()
        alarms.evaluate(self.hall, printers, state.reading() if state is not None else None)

    def after(self, outcome: Outcome) -> None:
        """A committed outcome (a hall listener)."""
        if time.monotonic() - self._evaluated_at >= self.pause and \
                any(e.type in ALARM_CAUSES for e in outcome.events):
            self.evaluate()

    def printer_reported(self, name: str, health: PrinterHealth) -> None:
        self._printers = {**(self._printers or {}), name: health}
        try:
            self.evaluate()
        except Exception:  # the printer's news still goes out
            log.exception("alarm evaluation after a printer change failed")

    def message_queue_changed(self) -> None:
        try:
            self.evaluate()
        except Exception:
            log.exception("alarm evaluation after a message queue change failed")
