"""Printing tickets without ever making a citizen wait for a printer.

The issue transaction only records a pending print job. The spooler, a background task,
sends due jobs with bounded time, records every attempt as an event, retries with backoff,
marks a retry after a possibly partial print with ULANG/COPY, and reports printer health.
A job that fails twice in a row is held with its printer (the rule: domain/print_jobs.py):
the printer shows as down, which raises its alarm, and is probed every few seconds until it
reports healthy; then the held jobs go again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import printer
from queue_server.domain import access
from queue_server.domain.catalog import Catalog
from queue_server.domain.errors import Forbidden, NotFound
from queue_server.domain.eta_words import wait_words
from queue_server.domain.kiosk_reprint import kiosk_reprint_refusal
from queue_server.domain.models import DeviceKind, Ticket, TicketStatus
from queue_server.domain.print_jobs import (
    COPY_MARK,
    HoldReason,
    PrintJob,
    PrintStatus,
    failed,
    may_release,
    released,
    reprint_joins,
    succeeded,
    will_print,
)
from queue_server.services.estimates import ticket_info
from queue_server.services.hall import Hall, require
from queue_server.store import Transaction

log = logging.getLogger(__name__)

DEFAULT_PRINTER = "default"
STATUS_POLL_SECONDS = 60.0
# a held printer is probed this often: a citizen's ticket waits on it
HOLD_POLL_SECONDS = 5.0
# longer than one attempt can take (every printer step is bounded by its timeout)
CLAIM_LEASE = timedelta(minutes=2)

HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember")
PRIORITY_LABELS = {
    "id": {"lansia": "PRIORITAS - Lansia", "disabilitas": "PRIORITAS - Disabilitas",
           "ibu_hamil": "PRIORITAS - Ibu Hamil", None: "PRIORITAS"},
    "en": {"lansia": "PRIORITY - Senior", "disabilitas": "PRIORITY - Disability",
           "ibu_hamil": "PRIORITY - Pregnant", None: "PRIORITY"},
}
# a ticket checked in from an online booking (its queue time is the slot's start)
BOOKING_MARK = {"id": "RESERVASI", "en": "BOOKING"}


def printer_of(printers: dict[str, Any], kiosk_printers: dict[str, str],
               principal: access.Principal) -> str | None:
    """A kiosk's own printer, else the site's default; None when that is not configured."""
    name = (kiosk_printers.get(principal.name, DEFAULT_PRINTER)
            if principal.device_kind is DeviceKind.KIOSK else DEFAULT_PRINTER)
    return name if name in printers else None


def printer_for(printers: dict[str, Any], kiosk_printers: dict[str, str],
                principal: access.Principal) -> str | None:
    """Where a newly issued ticket prints: only kiosk tickets print (a walk-in ticket made
    by staff is read out, not printed)."""
    if principal.device_kind is not DeviceKind.KIOSK:
        return None
    return printer_of(printers, kiosk_printers, principal)


def new_job(ticket_id: int, printer_name: str, now: datetime, actor: str, *,
            reason: str = "issue", copy: bool = False) -> PrintJob:
    return PrintJob(id=0, ticket_id=ticket_id, printer=printer_name,
                    status=PrintStatus.PENDING, reason=reason, copy=copy, attempts=0,
                    created_at=now, updated_at=now, next_attempt_at=now, actor=actor)


def ticket_print(hall: Hall, tx: Transaction, catalog: Catalog, ticket: Ticket,
                 copy: bool) -> printer.TicketPrint:
    """What goes on paper, in the ticket's language."""
    site = hall.settings.site
    language = ticket.language if ticket.language in ("id", "en") else "id"
    service = catalog.services.get(ticket.service_id)
    agency = catalog.agencies.get(ticket.agency_id)
    info = ticket_info(hall, tx, catalog, ticket, hall.now())
    waiting = ticket.status is TicketStatus.WAITING
    # the first paper carries the minutes the answer gave at issue (measured later by the
    # ETA accuracy report); a copy printed later tells the estimate of its own moment
    given = None if copy else tx.eta.given(ticket.id)
    eta = given if given is not None else info.eta_minutes
    priority = (PRIORITY_LABELS[language][ticket.priority_kind.value if ticket.priority_kind
                                          else None] if ticket.priority else None)
    return printer.TicketPrint(
        site_name=site.name,
        agency_name=agency.name if agency else "",
        service_name=(service.name_en if language == "en" else service.name) if service
        else ticket.service_id,
        code=ticket.code,
        issued_at=hall.local(ticket.issued_at),
        zone_label=site.zone_label or hall.local(ticket.issued_at).strftime("%Z"),
        people_ahead=info.people_ahead if waiting else None,
        # the kiosk's and the phone's words (nobody ahead: "segera", never "± 0 menit")
        eta_text=wait_words(eta, language) if waiting else None,
        track_url=f"{site.link_url}/t/{ticket.track_token}",
        footer=site.ticket_footer,
        language=language,
        priority_label=priority,
        booking_mark=BOOKING_MARK[language] if ticket.booking_code else None,
        copy_mark=COPY_MARK[language] if copy else None,
        logo_path=hall.settings.source.parent / site.logo
        if site.logo and hall.settings.source else None,
    )


@dataclass
class PrinterHealth:
    ok: bool | None = None  # None: not tried yet
    message: str = "belum digunakan"
    paper: str = "unknown"
    last_success_at: datetime | None = None
    last_error_at: datetime | None = None


@dataclass
class Spooler:
    """Sends pending jobs. `send`/`status` are printer.send_job/query_status by default;
    the callbacks tell the realtime layer about job and printer changes."""

    hall: Hall
    printers: dict[str, Any]
    send: Callable[[Any, bytes], Any] = printer.send_job
    status: Callable[[Any], Any] = printer.query_status
    on_job: Callable[[PrintJob, Ticket, int], None] | None = None  # job, ticket, event id
    on_printer: Callable[[str, PrinterHealth], None] | None = None
    health: dict[str, PrinterHealth] = field(default_factory=dict)
    sleep: Callable[[float], None] | None = None

    def __post_init__(self) -> None:
        self._wake = threading.Event()
        self._stopped = False
        # held printers a probe found unwell since their hold (what DROPPED waits for)
        self._seen_unwell: set[str] = set()
        for name in self.printers:
            self.health.setdefault(name, PrinterHealth())

    # -- the loop

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stopped = True
        self._wake.set()

    def run_forever(self) -> None:
        """The background task: send what is due, then sleep until the next due job, a new
        job (wake) or the next printer status poll."""
        last_poll: dict[str, float] = {}
        import time

        while not self._stopped:
            try:
                self.run_due()
                now_mono = time.monotonic()
                held = self.held_printers()
                for name in self.printers:
                    every = HOLD_POLL_SECONDS if name in held else STATUS_POLL_SECONDS
                    if now_mono - last_poll.get(name, 0.0) >= every:
                        last_poll[name] = now_mono
                        if self.poll(name):
                            self.run_due()  # the held job prints now, not at the next round
            except Exception:  # the spooler must outlive any one bad job or printer
                log.exception("print spooler round failed")
            self._wake.clear()
            self._wake.wait(self._seconds_to_next())

    def _seconds_to_next(self) -> float:
        with self.hall.store.read() as tx:
            due = tx.print_jobs.next_due()
            longest = HOLD_POLL_SECONDS if tx.print_jobs.held() else STATUS_POLL_SECONDS
        if due is None:
            return longest
        return min(max((due - self.hall.now()).total_seconds(), 0.05), longest)

    def held_printers(self) -> set[str]:
        with self.hall.store.read() as tx:
            return set(tx.print_jobs.held())

    def run_due(self) -> int:
        """Try every job that is due now; returns how many were tried. Jobs are claimed
        first: several server processes may share one hall's database."""
        with self.hall.store.write() as tx:
            due = tx.print_jobs.claim(self.hall.now(), CLAIM_LEASE)
        for job in due:
            self.attempt(job)
        return len(due)

    def attempt(self, job: PrintJob) -> PrintJob:
        config = self.printers.get(job.printer)
        with self.hall.store.read() as tx:
            catalog = self.hall.catalog(tx)
            ticket = tx.tickets.get(job.ticket_id)
            data = None
            if config is not None:
                model = ticket_print(self.hall, tx, catalog, ticket, job.copy)
                data = printer.render_ticket(model, paper_mm=config.paper_mm,
                                             profile=config.profile)
        now = self.hall.now()
        useful = _waits_today(self.hall, ticket, now)
        if config is None:
            result = failed(job, kind="config", message=f"printer {job.printer!r} is not "
                            "in config", now=now, still_useful=False)
        elif not will_print(job, useful):
            result = failed(job, kind="obsolete", message="tiket sudah dipanggil atau "
                            "kedaluwarsa; tidak dicetak lagi", now=now, still_useful=False)
        else:
            try:
                reported = self.send(config, data or b"")
            except printer.PrinterError as exc:
                now = self.hall.now()
                result = failed(job, kind=exc.kind, message=exc.message, now=now,
                                still_useful=will_print(job, useful),
                                maybe_printed=exc.maybe_printed)
                if result.held:
                    self._seen_unwell.discard(job.printer)  # what counts comes after now
                self._printer_state(job.printer, ok=False,
                                    message=hold_message(result) if result.held
                                    else exc.message,
                                    paper="out" if exc.kind == "paper_out" else None, at=now)
            else:
                now = self.hall.now()
                result = succeeded(job, now)
                self._printer_state(job.printer, ok=True, message="siap",
                                    paper=getattr(reported, "paper", None), at=now)
        with self.hall.store.write() as tx:
            tx.print_jobs.save(result)
            event = tx.events.append(
                "printed" if result.status is PrintStatus.SENT else "print_failed",
                now, f"printer:{job.printer}", ticket_id=ticket.id, service_id=ticket.service_id,
                data={"code": ticket.code, "job": job.id, "printer": job.printer,
                      "attempt": result.attempts, "copy": result.copy,
                      "status": result.status.value, "error_kind": result.error_kind,
                      "error": result.last_error, "held": result.held},
            )
        if self.on_job:
            self.on_job(result, ticket, event.id)
        return result

    def poll(self, name: str) -> bool:
        """Ask the printer how it is. A held printer stays down until `may_release` lets
        its jobs go (True: they were released and are due now)."""
        config = self.printers[name]
        state = self.status(config)
        healthy = bool(state.online) and state.paper != "out"
        with self.hall.store.read() as tx:
            held = tx.print_jobs.held().get(name, [])
        if not held:
            self._seen_unwell.discard(name)
            self._printer_state(name, ok=healthy, message=state.message, paper=state.paper,
                                at=self.hall.now())
            return False
        if not healthy:
            self._seen_unwell.add(name)
        if not may_release([j.hold_reason or HoldReason.UNWELL for j in held],
                           healthy_now=healthy, seen_unwell_since_hold=name in self._seen_unwell):
            why = hold_message(held[0]) + ("" if healthy else f"; sekarang: {state.message}")
            self._printer_state(name, ok=False, message=why, paper=state.paper,
                                at=self.hall.now())
            return False
        self.release(name)
        self._printer_state(name, ok=True, message=state.message, paper=state.paper,
                            at=self.hall.now())
        self.wake()
        return True

    def release(self, name: str) -> list[PrintJob]:
        """Let the held jobs of a printer go now, each recorded as an event."""
        now = self.hall.now()
        with self.hall.store.write() as tx:
            jobs = [released(job, now) for job in tx.print_jobs.held().get(name, [])]
            for job in jobs:
                tx.print_jobs.save(job)
                ticket = tx.tickets.get(job.ticket_id)
                tx.events.append("print_released", now, f"printer:{name}",
                                 ticket_id=ticket.id, service_id=ticket.service_id,
                                 data={"code": ticket.code, "job": job.id, "printer": name,
                                       "attempt": job.attempts})
        self._seen_unwell.discard(name)
        log.info("printer %s: healthy again, %d held job(s) released", name, len(jobs))
        return jobs

    def _printer_state(self, name: str, *, ok: bool, message: str, paper: str | None,
                       at: datetime) -> None:
        health = self.health.setdefault(name, PrinterHealth())
        changed = health.ok != ok or health.message != message
        health.ok, health.message = ok, message
        if paper:
            health.paper = paper
        if ok:
            health.last_success_at = at
        else:
            health.last_error_at = at
        if changed:
            log.log(logging.INFO if ok else logging.WARNING, "printer %s: %s", name, message)
            if self.on_printer:
                self.on_printer(name, health)

    def report(self) -> dict[str, dict[str, Any]]:
        """What /api/v1/health shows per printer."""
        with self.hall.store.read() as tx:
            pending = tx.print_jobs.pending_counts()
            held = tx.print_jobs.held()
        out = {}
        for name, health in self.health.items():
            out[name] = {
                "ok": health.ok,
                "message": health.message,
                "paper": health.paper,
                "pending_jobs": pending.get(name, 0),
                "held_jobs": len(held.get(name, [])),
                "last_success_at": self.hall.local(health.last_success_at).isoformat(
                    timespec="seconds") if health.last_success_at else None,
            }
        return out


def hold_message(job: PrintJob) -> str:
    """What the printer's alarm says while a job is held: what happened, what to do."""
    what = (f"{job.attempts} kali gagal berturut-turut ({job.last_error}); tiket ditahan dan "
            "dicetak sekali setelah printer melapor siap")
    if job.hold_reason is HoldReason.DROPPED:
        # its status said OK while it dropped the job: only a restart proves it is well
        return what + " — matikan lalu nyalakan printer, atau periksa kabelnya"
    return what + " — periksa printer"


# ---------------------------------------------------------------- reprint


def _waits_today(hall: Hall, ticket: Ticket, now: datetime) -> bool:
    """The citizen still waits for this ticket, today: what an issue job's paper is for."""
    return ticket.status is TicketStatus.WAITING and ticket.day == hall.today(now)


def reprint(hall: Hall, principal: access.Principal, ticket_id: int,
            printers: dict[str, Any], kiosk_printers: dict[str, str]) -> PrintJob:
    """Print a ticket again, marked ULANG/COPY (a citizen lost it, or the printer jammed)."""
    require(access.can_reprint(principal), principal.kind == "anonymous",
            "mencetak ulang tiket")
    name = printer_of(printers, kiosk_printers, principal)
    if name is None:
        raise NotFound("Tidak ada printer yang dikonfigurasi untuk mencetak ulang.",
                       field="printer")
    now = hall.now()
    with hall.store.write() as tx:
        ticket = tx.tickets.get(ticket_id)
        if principal.device_kind is DeviceKind.KIOSK:  # unattended: its own, just issued
            refusal = kiosk_reprint_refusal(principal.actor, ticket, now)
            if refusal is not None:
                raise Forbidden(refusal, field="id")
        if principal.is_staff:
            catalog = hall.catalog(tx)
            require(access.can_view_ticket(principal, ticket, catalog.counters.values()),
                    False, f"mencetak ulang tiket {ticket.code}")
        waiting = tx.print_jobs.latest_of_ticket(ticket.id)
        if waiting is not None and reprint_joins(waiting, name,
                                                 _waits_today(hall, ticket, now)):
            return waiting  # one slip when the printer is back, not the held one and a copy
        job = tx.print_jobs.insert(new_job(ticket.id, name, now, principal.actor,
                                           reason="reprint", copy=True))
        tx.events.append("reprint_requested", now, principal.actor, ticket_id=ticket.id,
                         service_id=ticket.service_id,
                         data={"code": ticket.code, "job": job.id, "printer": name})
    return job
