"""API (API.md "Bookings"): slots, booking, manage, cancel, check-in, the staff list and
the staff's no-show mark, declared on the API registry of web/api.py. Names and phone
numbers are only in the staff list's answer."""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify, request

from queue_server.domain.bookings import Booking
from queue_server.domain.errors import BadRequest
from queue_server.services import bookings
from queue_server.web.api import api
from queue_server.web.api_spec import Body
from queue_server.web.auth import current_principal
from queue_server.web.idempotency_header import idempotency_key, request_fingerprint
from queue_server.web.schemas import SCHEMAS
from queue_server.web.schemas_bookings import (
    BOOKING_SCHEMAS,
    CHECK_IN,
    LIST_QUERY,
    MAKE_BOOKING,
    SLOTS_QUERY,
)

# schemas.py is shared by every part: the routes answering these shapes add them
SCHEMAS.update(BOOKING_SCHEMAS)
STAFF = "staff of the booking's agency (admin: all; officers of its counters)"
SCOPED = "admin; a supervisor for their agencies; an officer for their counters' agencies"


def _ext():
    return current_app.extensions["loket"]


def _arg(name: str) -> str:
    value = request.args.get(name)
    if not value:
        raise BadRequest(f"Parameter '{name}' wajib diisi.", field=name)
    return value


def _address() -> str | None:
    """The citizen's address for the per-address limit. Behind a trusted reverse proxy
    ([booking] trusted_proxies) it is the last address of X-Forwarded-For: the one that
    proxy saw (earlier entries are whatever the client claimed)."""
    direct = request.remote_addr
    if direct in _ext().hall.config.booking.trusted_proxies:
        forwarded = [a.strip() for a in request.headers.get("X-Forwarded-For", "").split(",")]
        if forwarded[-1]:
            return forwarded[-1]
    return direct


def public_booking(b: Booking) -> dict[str, Any]:
    """What anyone holding the code reads: no name, no phone."""
    return {"code": b.code, "service_id": b.service_id, "date": b.day.isoformat(),
            "start": f"{b.start:%H:%M}", "end": f"{b.end:%H:%M}", "status": b.status.value,
            "ticket_code": b.ticket_code,
            "manage_url": f"{_ext().serializer.public_url}/booking/manage/{b.code}"}


def staff_booking(b: Booking) -> dict[str, Any]:
    time = _ext().serializer.time
    return {**public_booking(b), "agency_id": b.agency_id, "name": b.name, "phone": b.phone,
            "created_at": time(b.created_at), "checked_in_at": time(b.checked_in_at)}


@api.route("/booking/slots", "GET", summary="A day's booking slots of a service with places "
           "left (none on closed days and holidays, past the days ahead, or for a service "
           "without bookings)", who="anyone", tag="bookings", response="Slot", wrap="slots",
           many=True, query=SLOTS_QUERY, errors=(400, 404))
def booking_slots() -> Any:
    found = bookings.slots(_ext().hall, _arg("service_id"), _arg("date"))
    return jsonify({"slots": [{"start": f"{s.start:%H:%M}", "end": f"{s.end:%H:%M}",
                               "capacity": s.capacity, "left": s.left} for s in found]})


@api.route("/bookings", "POST", summary="Book a slot: a 6-character code and the manage "
           "page's address (send an Idempotency-Key header so a repeated request returns the "
           "same booking)", who="anyone (rate-limited per address)", tag="bookings",
           body=MAKE_BOOKING, response="Booking", wrap="booking", status=201,
           errors=(400, 404, 409, 422, 429))
def make_booking(body: dict[str, Any]) -> Any:
    made = bookings.book(_ext().hall, current_principal(), service_id=body["service_id"],
                         day=body["date"], start=body["start"], name=body["name"],
                         phone=body["phone"], address=_address(),
                         idempotency_key=idempotency_key(),
                         request_fingerprint=request_fingerprint(body))
    return jsonify({"booking": public_booking(made)}), 201


@api.route("/bookings/<code>", "GET", summary="A booking by its code", who="anyone with "
           "the code", tag="bookings", response="Booking", wrap="booking", errors=(404,))
def get_booking(code: str) -> Any:
    return jsonify({"booking": public_booking(bookings.get_booking(_ext().hall, code))})


@api.route("/bookings/<code>/cancel", "POST", summary="Cancel a booking: its place is free "
           "again", who="anyone with the code, staff", tag="bookings", body=Body(()),
           response="Booking", wrap="booking", errors=(404, 409))
def cancel_booking(code: str, body: dict[str, Any]) -> Any:
    changed = bookings.cancel(_ext().hall, current_principal(), code)
    return jsonify({"booking": public_booking(changed)})


@api.route("/bookings/<code>/check-in", "POST", summary="Check a booking in: 201 with its "
           "ticket, queued from the slot's start; again: 200 with the same ticket",
           who="kiosk device, " + STAFF, tag="bookings", body=CHECK_IN, response="Ticket",
           wrap="ticket", status=201, errors=(401, 403, 404, 409))
def check_in(code: str, body: dict[str, Any]) -> Any:
    done = bookings.check_in(_ext().hall, current_principal(), code, body["language"])
    ticket = done.outcome.ticket
    assert ticket is not None
    return jsonify({"ticket": _ext().serializer.ticket(ticket)}), 201 if done.created else 200


@api.route("/bookings", "GET", summary="A day's bookings with names and check-in state, in "
           "slot order", who=SCOPED, tag="bookings", response="BookingList",
           query=LIST_QUERY, errors=(400, 401, 403, 404))
def list_bookings() -> Any:
    found = bookings.list_bookings(_ext().hall, current_principal(), day=_arg("date"),
                                   service_id=request.args.get("service_id"))
    return jsonify({"bookings": [staff_booking(b) for b in found]})


@api.route("/bookings/<code>/missed", "POST", summary="Mark a booking nobody checked in as "
           "missed, once its check-in window is over", who=STAFF, tag="bookings",
           body=Body(()), response="StaffBooking", wrap="booking",
           errors=(401, 403, 404, 409))
def mark_missed(code: str, body: dict[str, Any]) -> Any:
    changed = bookings.mark_missed(_ext().hall, current_principal(), code)
    return jsonify({"booking": staff_booking(changed)})
