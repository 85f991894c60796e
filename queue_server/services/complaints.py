"""Pengaduan (docs/complaints.md): a citizen files a complaint or suggestion — from the phone
page of their ticket, the survey tablet at the counter, or the plain form — and gets a
tracking code and the date of the answer; staff of the agency (admins: all) take it up and
answer it; the citizen reads the answer with the code. Rules in domain/complaints.py."""

from __future__ import annotations

import secrets
import weakref
from dataclasses import dataclass
from datetime import date, timedelta

from queue_server.domain import access
from queue_server.domain import complaints as rules
from queue_server.domain.complaints import Complaint, ComplaintStatus
from queue_server.domain.errors import BadRequest, Forbidden, NotFound
from queue_server.domain.models import DeviceKind, Role
from queue_server.store import Transaction

from .address_limits import AddressLimit
from .hall import Hall, live_settings, require

# phones on the hall's Wi-Fi may share one address: generous for people, not for a script
FILINGS_PER_ADDRESS = 10
FILING_WINDOW = timedelta(minutes=10)
LIST_LIMIT = 500
ENTITY = "complaint"
_limits: weakref.WeakKeyDictionary[Hall, AddressLimit] = weakref.WeakKeyDictionary()


@dataclass(frozen=True, slots=True)
class Filed:
    complaint: Complaint
    overdue: bool


def filing_limit(hall: Hall) -> AddressLimit:
    found = _limits.get(hall)
    if found is None:
        found = _limits[hall] = AddressLimit(FILINGS_PER_ADDRESS, FILING_WINDOW, "pengaduan")
    return found


def _today(hall: Hall) -> date:
    return hall.local(hall.now()).date()


def _channel(principal: access.Principal, ticket_token: str | None) -> str:
    if principal.device_kind is DeviceKind.SURVEY:
        return "survey"
    return "phone" if ticket_token else "web"


def file_complaint(hall: Hall, principal: access.Principal, *, category: object,
                   text: object, contact: object = None, ticket_token: object = None,
                   agency_id: object = None, address: str | None = None) -> Filed:
    """Anyone may file; one address at most FILINGS_PER_ADDRESS per FILING_WINDOW (a survey
    tablet files for every citizen of its counter, so it is not counted)."""
    limit = None if principal.device_kind is DeviceKind.SURVEY else filing_limit(hall)
    now = hall.now()
    if limit is not None:
        limit.check(address, now)
    clean = (rules.clean_category(category), rules.clean_text(text),
             rules.clean_contact(contact))
    if ticket_token is not None and (not isinstance(ticket_token, str) or not ticket_token):
        raise BadRequest("Token tiket tidak sah.", field="ticket_token")
    if agency_id is not None and not isinstance(agency_id, str):
        raise BadRequest("Instansi harus teks.", field="agency_id")
    with hall.store.write() as tx:
        ticket_id, agency, service = _linked(hall, tx, ticket_token, agency_id)
        settings = live_settings(hall.config, tx)
        due = rules.response_deadline(_today(hall), settings.hours, settings.site.holidays)
        code = _free_code(tx)
        new_id = tx.complaints.insert(
            code=code, ticket_id=ticket_id, agency_id=agency, service_id=service,
            channel=_channel(principal, ticket_token if isinstance(ticket_token, str)
                             else None),
            category=clean[0], text=clean[1], contact=clean[2], now=now, due_date=due)
        tx.events.append("complaint.filed", now, principal.actor, ticket_id=ticket_id,
                         service_id=service, data={"entity": ENTITY, "id": code,
                                                   "category": clean[0]})
        made = tx.complaints.get(new_id)
    assert made is not None
    if limit is not None:
        limit.record(address, now)
    return Filed(made, False)


def _linked(hall: Hall, tx: Transaction, token: object,
            agency_id: object) -> tuple[int | None, str | None, str | None]:
    """The ticket, agency and service a complaint is about: the ticket's when a token came,
    else the agency the citizen chose (or none: every supervisor sees it)."""
    catalog = hall.catalog(tx)
    if isinstance(token, str):
        try:
            ticket = tx.tickets.by_token(token)
        except NotFound:
            raise NotFound("Tiket tidak ditemukan; periksa tautan dari tiket Anda.",
                           field="ticket_token") from None
        if agency_id is not None and agency_id != ticket.agency_id:
            raise BadRequest("Instansi tidak sesuai dengan tiket.", field="agency_id")
        return ticket.id, ticket.agency_id, ticket.service_id
    if agency_id is None:
        return None, None, None
    agency = catalog.agencies.get(agency_id) if isinstance(agency_id, str) else None
    if agency is None or not agency.active:
        raise NotFound(f"Instansi {agency_id!r} tidak ditemukan.", field="agency_id")
    return None, agency.id, None


def _free_code(tx: Transaction) -> str:
    # 31^8 codes: a clash is astronomically rare, but a retry costs one indexed read
    while True:
        code = rules.new_code(secrets.choice)
        if not tx.complaints.code_taken(code):
            return code


def track(hall: Hall, code: str) -> Filed:
    """What anyone holding the code may read (the web layer leaves out staff and contact)."""
    normal = rules.normal_code(code)
    with hall.store.read() as tx:
        found = tx.complaints.by_code(normal) if normal else None
    if found is None:
        raise NotFound("Kode pengaduan tidak ditemukan. Periksa kembali kode Anda.",
                       field="code")
    return Filed(found, rules.is_overdue(found.status, found.due_date, _today(hall)))


# ---------------------------------------------------------------- staff


def _staff(principal: access.Principal, what: str) -> None:
    require(principal.is_admin or principal.role is Role.SUPERVISOR,
            principal.kind == "anonymous", what)


def _visible(principal: access.Principal, complaint: Complaint) -> bool:
    return principal.is_admin or complaint.agency_id is None or \
        complaint.agency_id in principal.agencies


def list_complaints(hall: Hall, principal: access.Principal, *, status: str | None = None,
                    agency_id: str | None = None) -> list[Filed]:
    """Admins every complaint; a supervisor those of their agencies and those of none."""
    _staff(principal, "melihat pengaduan")
    wanted = None
    if status:
        try:
            wanted = ComplaintStatus(status)
        except ValueError:
            raise BadRequest("Status harus new, in_progress atau answered.",
                             field="status") from None
    with hall.store.read() as tx:
        if agency_id:
            if agency_id not in {a.id for a in tx.catalog.all_agencies()}:
                raise NotFound(f"Instansi {agency_id!r} tidak ditemukan.", field="agency_id")
            if not access.supervises(principal, agency_id):
                raise Forbidden("Anda tidak berwenang melihat pengaduan instansi ini.",
                                field="agency_id")
        found = tx.complaints.listed(
            status=wanted, agencies=None if principal.is_admin else principal.agencies,
            agency_id=agency_id or None, limit=LIST_LIMIT)
    today = _today(hall)
    return [Filed(c, rules.is_overdue(c.status, c.due_date, today)) for c in found]


def update_complaint(hall: Hall, principal: access.Principal, complaint_id: int, *,
                     status: object, answer: object = None) -> Filed:
    """Take it up (in_progress) or answer it (answered, with the answer; who and when are
    recorded). An answered complaint stays as the citizen read it."""
    _staff(principal, "menangani pengaduan")
    now = hall.now()
    with hall.store.write() as tx:
        found = tx.complaints.get(complaint_id)
        if found is None:
            raise NotFound(f"Pengaduan {complaint_id} tidak ditemukan.", field="id")
        if not _visible(principal, found):
            raise Forbidden("Anda tidak berwenang menangani pengaduan instansi ini.",
                            field="id")
        target = rules.move(found.status, status)
        if target is ComplaintStatus.ANSWERED:
            reply = rules.clean_text(answer, "answer", rules.ANSWER_MIN, rules.ANSWER_MAX)
            tx.complaints.set_answered(found.id, reply, principal.name, now)
        else:
            if answer is not None:
                raise BadRequest("Jawaban hanya dikirim bersama status answered.",
                                 field="answer")
            tx.complaints.set_in_progress(found.id, now)
        tx.events.append("complaint.updated", now, principal.actor,
                         ticket_id=found.ticket_id, service_id=found.service_id,
                         data={"entity": ENTITY, "id": found.code, "status": target.value})
        changed = tx.complaints.get(found.id)
    assert changed is not None
    return Filed(changed, rules.is_overdue(changed.status, changed.due_date, _today(hall)))
