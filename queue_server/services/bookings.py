"""Bookings (antrian online, docs/booking.md): a citizen books a slot of a service from home
and checks in at the kiosk, which issues an ordinary ticket queued from the slot's start;
staff read the day's bookings and mark no-shows; the server marks missed bookings and erases
names and phones after `[booking] retention_days`. Rules in domain/bookings.py."""

from __future__ import annotations

import secrets
import weakref
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from queue_server.domain import access
from queue_server.domain import bookings as rules
from queue_server.domain.bookings import Booking, BookingStatus, Slot, SlotRule
from queue_server.domain.catalog import Catalog
from queue_server.domain.errors import (
    BadRequest,
    Conflict,
    Forbidden,
    NotFound,
    QuotaReached,
    ServiceClosed,
)
from queue_server.domain.idempotency import check_same_request
from queue_server.domain.models import DeviceKind, Role, Service
from queue_server.store import Transaction

from .address_limits import AddressLimit
from .hall import Hall, Outcome, require
from .sweep_pace import SweepPace
from .ticket_work import finish_outcome, new_ticket, ticket_transaction

# phones on one Wi-Fi or behind one carrier NAT share an address: generous for people
BOOKINGS_PER_ADDRESS = 10
BOOKING_WINDOW = timedelta(minutes=10)
SWEEP_EVERY = timedelta(minutes=1)  # the realtime sweep runs every 5 s; this is enough
LANGUAGES = ("id", "en")
_limits: weakref.WeakKeyDictionary[Hall, AddressLimit] = weakref.WeakKeyDictionary()
_sweep_pace = SweepPace(SWEEP_EVERY)


def booking_limit(hall: Hall) -> AddressLimit:
    found = _limits.get(hall)
    if found is None:
        found = _limits[hall] = AddressLimit(BOOKINGS_PER_ADDRESS, BOOKING_WINDOW,
                                             "reservasi")
    return found


def _today(hall: Hall) -> date:
    return hall.local(hall.now()).date()


def _rule(service: Service) -> SlotRule | None:
    return rules.slot_rule(service.slot_minutes, service.slot_capacity,
                           service.booking_days_ahead)


def _service(hall: Hall, catalog: Catalog, service_id: object) -> Service:
    return hall.service_of(catalog, service_id)


def _slots_of(hall: Hall, tx: Transaction, service: Service, day: date) -> list[Slot]:
    """The day's slots with places left, or none (no bookings, closed, out of range)."""
    rule = _rule(service)
    if rule is None or not hall.catalog(tx).offered(service):
        return []
    now_local = hall.local(hall.now())
    if not rules.is_bookable_day(day, now_local.date(), rule):
        return []
    spans = rules.day_spans(day, service.hours, hall.settings.site.holidays, demo=hall.demo)
    return rules.day_slots(day, now_local, spans, rule, service.online_quota,
                           tx.bookings.taken(service.id, day))


def slots(hall: Hall, service_id: object, day: object) -> list[Slot]:
    """Anyone: the slots of a day (none on closed days and holidays, past the days ahead,
    or for a service that takes no bookings)."""
    wanted = rules.parse_day(day)
    with hall.store.read() as tx:
        service = _service(hall, hall.catalog(tx), service_id)
        return _slots_of(hall, tx, service, wanted)


# ---------------------------------------------------------------- booking


def book(hall: Hall, principal: access.Principal, *, service_id: object, day: object,
         start: object, name: object, phone: object = None,
         address: str | None = None, idempotency_key: str | None = None,
         request_fingerprint: str | None = None) -> Booking:
    """Anyone may book (per address at most BOOKINGS_PER_ADDRESS per BOOKING_WINDOW). The
    place is counted and taken in one BEGIN IMMEDIATE transaction, so concurrent bookings
    of the last places cannot overfill a slot. A request sent again with its
    `idempotency_key` (a phone that lost the answer) gets the booking the key made, not a
    second place, whatever the address's limit says meanwhile."""
    key = f"booking:{idempotency_key}" if idempotency_key else None
    if key is not None:
        with hall.store.read() as tx:
            earlier = _retried(tx, principal, key, request_fingerprint)
        if earlier is not None:
            return earlier
    limit = booking_limit(hall)
    now = hall.now()
    limit.check(address, now)
    wanted, at = rules.parse_day(day), rules.parse_clock(start)
    clean_name, clean_phone = rules.clean_name(name), rules.clean_phone(phone)
    with hall.store.write() as tx:
        if key is not None:  # the same key twice at once: the second waited for this lock
            earlier = _retried(tx, principal, key, request_fingerprint)
            if earlier is not None:
                return earlier
        service = _service(hall, hall.catalog(tx), service_id)
        slot = _open_slot(hall, tx, service, wanted, at)
        if slot.left <= 0:
            raise QuotaReached("Slot ini sudah penuh atau kuota reservasi hari itu sudah "
                               "habis. Silakan pilih jam atau hari lain.", field="start")
        if clean_phone and tx.bookings.active_for_phone(service.id, wanted, clean_phone):
            raise Conflict("Nomor telepon ini sudah punya reservasi aktif untuk layanan ini "
                           "pada hari itu.", field="phone")
        code = _free_code(tx)
        new_id = tx.bookings.insert(code=code, service_id=service.id,
                                    agency_id=service.agency_id, day=wanted, start=slot.start,
                                    end=slot.end, name=clean_name, phone=clean_phone, now=now)
        # no name or phone in the log: the events outlive the retention period
        tx.events.append("booking.made", now, principal.actor, service_id=service.id,
                         data={"entity": "booking", "id": code, "day": wanted.isoformat(),
                               "start": f"{slot.start:%H:%M}"})
        if key is not None:
            tx.idempotency.remember(principal.actor, key, None, now, request_fingerprint,
                                    booking_id=new_id)
        made = tx.bookings.get(new_id)
    assert made is not None
    limit.record(address, now)
    return made


def _retried(tx: Transaction, principal: access.Principal, key: str,
             fingerprint: str | None) -> Booking | None:
    """The booking an Idempotency-Key already made, or None when the key is new; the key
    sent with another request is refused (domain/idempotency.py)."""
    earlier = tx.idempotency.recall(principal.actor, key)
    if earlier is None or earlier.booking_id is None:
        return None
    check_same_request(earlier, fingerprint)
    return tx.bookings.get(earlier.booking_id)


def _open_slot(hall: Hall, tx: Transaction, service: Service, day: date, at: object) -> Slot:
    rule = _rule(service)
    if rule is None:
        raise ServiceClosed(f"{service.name} tidak menerima reservasi.", field="service_id")
    if not hall.catalog(tx).offered(service):
        raise ServiceClosed(f"{service.name} tidak lagi tersedia.", field="service_id")
    today = _today(hall)
    first, last = rules.bookable_days(today, rule.days_ahead)
    if day < first:
        raise BadRequest("Tanggal sudah lewat.", field="date")
    if day > last:
        raise BadRequest(f"Reservasi hanya dapat dibuat sampai {last:%d-%m-%Y} "
                         f"({rule.days_ahead} hari ke depan).", field="date")
    if not rules.day_spans(day, service.hours, hall.settings.site.holidays, demo=hall.demo):
        holiday = hall.settings.site.holidays.get(day)
        raise ServiceClosed(f"Layanan tutup pada {day:%d-%m-%Y}"
                            f"{f' ({holiday})' if holiday else ''}.", field="date")
    found = rules.find_slot(_slots_of(hall, tx, service, day), at)  # type: ignore[arg-type]
    if found is None:
        raise BadRequest("Jam ini bukan awal slot yang masih tersedia hari itu.",
                         field="start")
    return found


def _free_code(tx: Transaction) -> str:
    # 31^6 ≈ 887 million codes: a clash is rare, and a retry costs one indexed read
    while True:
        code = rules.new_code(secrets.choice)
        if not tx.bookings.code_taken(code):
            return code


def _by_code(tx: Transaction, code: object) -> Booking:
    normal = rules.normal_code(code) if isinstance(code, str) else None
    found = tx.bookings.by_code(normal) if normal else None
    if found is None:
        raise NotFound("Kode reservasi tidak ditemukan. Periksa kembali kode Anda.",
                       field="code")
    return found


def get_booking(hall: Hall, code: object) -> Booking:
    """Anyone holding the code (the web layer leaves out the name and phone)."""
    with hall.store.read() as tx:
        return _by_code(tx, code)


def cancel(hall: Hall, principal: access.Principal, code: object) -> Booking:
    """The code holder (or staff with it) frees the place for someone else."""
    now = hall.now()
    with hall.store.write() as tx:
        found = _by_code(tx, code)
        rules.move(found, BookingStatus.CANCELLED)
        if rules.is_past_window(found, now, hall.config.site.zone):
            raise rules.BookingExpired("Waktu reservasi sudah lewat; tidak dapat dibatalkan.",
                                       field="code")
        tx.bookings.set_status(found.id, BookingStatus.CANCELLED, now)
        tx.events.append("booking.cancelled", now, principal.actor,
                         service_id=found.service_id,
                         data={"entity": "booking", "id": found.code})
        changed = tx.bookings.get(found.id)
    assert changed is not None
    return changed


# ---------------------------------------------------------------- check-in


@dataclass(frozen=True, slots=True)
class CheckIn:
    outcome: Outcome
    created: bool  # False: checked in before, the same ticket again


def _may_check_in(principal: access.Principal, agency_id: str, catalog: Catalog) -> bool:
    return principal.device_kind is DeviceKind.KIOSK or access.can_view_agency(
        principal, agency_id, catalog.counters.values())


def check_in(hall: Hall, principal: access.Principal, code: object,
             language: object = "id") -> CheckIn:
    """A kiosk (or staff) checks the booking in: an ordinary ticket of its service, waiting
    as if issued at the slot's start (or now, if earlier). Again: the same ticket."""
    if language not in LANGUAGES:
        raise BadRequest("Bahasa harus 'id' atau 'en'.", field="language")
    zone = hall.config.site.zone
    require(principal.device_kind is DeviceKind.KIOSK or principal.is_staff,
            principal.kind == "anonymous", "check-in reservasi")
    with ticket_transaction(hall, principal) as work:
        found = _by_code(work.tx, code)
        require(_may_check_in(principal, found.agency_id, work.catalog), False,
                "check-in reservasi instansi ini")
        if found.status is BookingStatus.CHECKED_IN and found.ticket_id is not None:
            ticket = work.tx.tickets.get(found.ticket_id)
            work.touched[ticket.id] = ticket
            created = False
        else:
            rules.move(found, BookingStatus.CHECKED_IN)
            rules.ensure_check_in_window(found, work.now, zone)
            service = _service(hall, work.catalog, found.service_id)
            if not work.catalog.offered(service):
                raise ServiceClosed(f"{service.name} tidak lagi tersedia.", field="code")
            ticket = new_ticket(work, principal, service, False, None, str(language),
                                queued_at=rules.queue_moment(found, work.now, zone),
                                booking_code=found.code)
            work.tx.bookings.set_status(found.id, BookingStatus.CHECKED_IN, work.now,
                                        ticket_id=ticket.id)
            work.tx.events.append("booking.checked_in", work.now, principal.actor,
                                  ticket_id=ticket.id, service_id=service.id,
                                  data={"entity": "booking", "id": found.code,
                                        "code": ticket.code})
            created = True
    return CheckIn(finish_outcome(hall, work, ticket), created)


# ---------------------------------------------------------------- staff


def _staff_scope(hall: Hall, principal: access.Principal, catalog: Catalog,
                 what: str) -> frozenset[str] | None:
    """The agencies whose bookings this person sees (None: all): admins all, supervisors
    theirs, officers the agencies of their counters; devices and anonymous never."""
    require(principal.is_staff, principal.kind == "anonymous", what)
    if principal.is_admin:
        return None
    if principal.role is Role.SUPERVISOR:
        return principal.agencies
    return frozenset(c.agency_id for c in catalog.counters.values()
                     if c.id in principal.counters)


def list_bookings(hall: Hall, principal: access.Principal, *, day: object,
                  service_id: object = None) -> list[Booking]:
    """A day's bookings with names, in slot order, within the caller's scope."""
    wanted = rules.parse_day(day)
    with hall.store.read() as tx:
        catalog = hall.catalog(tx)
        scope = _staff_scope(hall, principal, catalog, "melihat reservasi")
        if service_id not in (None, ""):
            service = _service(hall, catalog, service_id)
            if scope is not None and service.agency_id not in scope:
                raise Forbidden("Anda tidak berwenang melihat reservasi layanan ini.",
                                field="service_id")
            ids: list[str] | None = [service.id]
        else:
            ids = None if scope is None else [
                s.id for s in tx.catalog.all_services() if s.agency_id in scope]
        return tx.bookings.of_day(wanted, ids)


def mark_missed(hall: Hall, principal: access.Principal, code: object) -> Booking:
    """Staff of the agency mark a booking nobody checked in once its window is over."""
    now = hall.now()
    require(principal.is_staff, principal.kind == "anonymous", "menandai reservasi")
    with hall.store.write() as tx:
        found = _by_code(tx, code)
        scope = _staff_scope(hall, principal, hall.catalog(tx), "menandai reservasi")
        if scope is not None and found.agency_id not in scope:
            raise Forbidden("Anda tidak berwenang menandai reservasi instansi ini.",
                            field="code")
        rules.move(found, BookingStatus.MISSED)
        if not rules.is_past_window(found, now, hall.config.site.zone):
            raise Conflict("Waktu check-in reservasi ini belum lewat.", field="status")
        _mark_missed(tx, found, now, principal.actor)
        changed = tx.bookings.get(found.id)
    assert changed is not None
    return changed


def _mark_missed(tx: Transaction, booking: Booking, now: datetime, actor: str) -> None:
    tx.bookings.set_status(booking.id, BookingStatus.MISSED, now)
    tx.events.append("booking.missed", now, actor, service_id=booking.service_id,
                     data={"entity": "booking", "id": booking.code})


# ---------------------------------------------------------------- the server's own sweep


@dataclass(frozen=True, slots=True)
class Swept:
    missed: int
    erased: int


def sweep(hall: Hall, *, force: bool = False) -> Swept | None:
    """Mark bookings missed once their check-in window is over, and erase names and phones
    of the days past `[booking] retention_days`. The realtime sweep calls this every few
    seconds; it works at most once per SWEEP_EVERY (None when it did not run) and writes
    only when there is something to change."""
    now = hall.now()
    if not _sweep_pace.due(hall, now, force=force):
        return None
    zone = hall.config.site.zone
    today = _today(hall)
    cutoff = rules.erase_before(today, hall.config.booking.retention_days)
    with hall.store.read() as tx:
        overdue = [b for b in tx.bookings.still_booked_before(today)
                   if rules.is_past_window(b, now, zone)]
    missed = erased = 0
    with hall.store.write() as tx:
        for booking in overdue:
            current = tx.bookings.get(booking.id)
            if current is not None and current.status is BookingStatus.BOOKED:
                _mark_missed(tx, current, now, "system")
                missed += 1
        start = datetime.combine(cutoff, datetime.min.time(), zone).astimezone(now.tzinfo)
        erased = tx.bookings.erase_personal(cutoff, start, now)
    return Swept(missed, erased)
