"""HTTP API v1 (API.md): thin views that parse, call one use case and serialise."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from queue_server import __version__
from queue_server.domain.errors import NotFound
from queue_server.domain.models import WHOLE_HALL
from queue_server.services import audit as audit_log
from queue_server.services import (
    counter_console,
    hall_views,
    pairing,
    printing,
    tickets,
)
from queue_server.services.hall import Outcome
from queue_server.web.api_spec import ApiRegistry, Body, Field
from queue_server.web.auth import current_principal
from queue_server.web.idempotency_header import idempotency_key, request_fingerprint
from queue_server.web.schemas import SCHEMAS

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")
api = ApiRegistry(blueprint, "/api/v1")

STAFF = "staff: officer, supervisor or admin, within their counters or agencies"
OFFICER = "the officer of the counter concerned, a supervisor of its agency, or an admin"


def _ext():
    return current_app.extensions["loket"]


def _ticket_id(raw: str) -> int:
    if not raw.isdigit() or len(raw) > 12:
        raise NotFound(f"Tiket {raw!r} tidak ditemukan.", field="id")
    return int(raw)


def _ticket_answer(outcome: Outcome, status: int = 200) -> tuple[Response, int]:
    ticket = _ext().serializer.ticket(outcome.ticket) if outcome.ticket else None
    return jsonify({"ticket": ticket}), status


@api.route("/health", "GET", summary="Is the server, its database and its printers well",
           who="anyone", tag="system")
def health() -> Any:
    ext = _ext()
    try:
        with ext.hall.store.read() as session:
            session.catalog.version()
        db = "ok"
    except Exception as exc:  # the point of a health check is to report, not to crash
        db = f"error: {exc.__class__.__name__}"
    printers = ext.printer_status() if ext.printer_status else {}
    from queue_server.web.api_backups import health_of_backups  # it declares routes on `api`

    body = {"ok": db == "ok", "version": __version__, "db": db, "printers": printers,
            "demo": ext.hall.demo, "now": ext.serializer.time(ext.hall.now()),
            "backup": health_of_backups(), "message_queue": _message_queue_health(ext)}
    return jsonify(body), 200 if db == "ok" else 503


def _message_queue_health(ext) -> dict[str, Any] | None:
    """null: one process, no message queue. While it is down the server still works (the
    screens of other processes converge through the database), so health stays 200."""
    state = ext.realtime.queue_state() if ext.realtime is not None else None
    if state is None:
        return None
    return {"ok": state.ok, "pending": state.pending, "dropped": state.dropped,
            "down_since": ext.serializer.time(state.down_since) if state.down_since else None,
            "error": state.error}


@api.route("/services", "GET", summary="Services with open state, waiting and estimated wait; "
           "the hall's state (closed: why, and when it opens again)",
           who="anyone", tag="queue", response="ServiceList")
def services() -> Any:
    views = hall_views.list_services(_ext().hall)
    return jsonify(_ext().serializer.services(views))


ISSUE = Body((
    Field("service_id", str, required=True, max_length=40),
    Field("priority", bool, default=False,
          description="lansia, disabilitas or ibu hamil: served first"),
    Field("priority_kind", str, nullable=True, choices=("lansia", "disabilitas", "ibu_hamil")),
    Field("language", str, default="id", choices=("id", "en")),
))


@api.route("/tickets", "POST", summary="Issue a ticket (send an Idempotency-Key header so a "
           "repeated request returns the same ticket)", who="kiosk device (or admin)",
           tag="tickets", body=ISSUE, response="Ticket", wrap="ticket", status=201,
           errors=(401, 403, 404, 409, 422))
def issue(body: dict[str, Any]) -> Any:
    outcome = tickets.issue_ticket(
        _ext().hall, current_principal(), body["service_id"], priority=body["priority"],
        priority_kind=body["priority_kind"], language=body["language"],
        idempotency_key=idempotency_key(), request_fingerprint=request_fingerprint(body))
    return _ticket_answer(outcome, 201)


@api.route("/tickets/<ticket_id>", "GET", summary="One ticket", who=STAFF, tag="tickets",
           response="Ticket", wrap="ticket", errors=(401, 403, 404))
def get_ticket(ticket_id: str) -> Any:
    info = tickets.get_ticket(_ext().hall, current_principal(), _ticket_id(ticket_id))
    return jsonify({"ticket": _ext().serializer.ticket(info)})


@api.route("/track/<token>", "GET", summary="A citizen follows their ticket (QR code)",
           who="anyone with the ticket's token", tag="tickets", response="Track",
           wrap="ticket", errors=(404,))
def track(token: str) -> Any:
    info, catalog, job, event_id = hall_views.track_view(_ext().hall, token)
    return jsonify({"ticket": _ext().serializer.track(info, catalog, job, event_id=event_id)})


@api.route("/counters", "GET", summary="Counters with their current ticket", who=STAFF,
           tag="counters", response="Counter", wrap="counters", many=True, errors=(401, 403))
def counters() -> Any:
    views = hall_views.list_counters(_ext().hall, current_principal())
    return jsonify({"counters": [_ext().serializer.counter(v) for v in views]})


@api.route("/counters/<counter_id>/call-next", "POST", summary="Call the next citizen (send "
           "an Idempotency-Key per press: a repeated press returns the same citizen)",
           who=OFFICER, tag="counters", response="Ticket", wrap="ticket", nullable=True,
           errors=(401, 403, 404, 409, 422))
def call_next(counter_id: str) -> Any:
    return _ticket_answer(tickets.call_next(_ext().hall, current_principal(), counter_id,
                                            idempotency_key=idempotency_key(),
                                            request_fingerprint=request_fingerprint({})))


@api.route("/counters/<counter_id>/console", "GET", summary="Everything an officer's console "
           "shows: current ticket, waiting list, skipped list, own counts", who=OFFICER,
           tag="counters", response="Console", errors=(401, 403, 404))
def console(counter_id: str) -> Any:
    state = counter_console.console_state(_ext().hall, current_principal(), counter_id)
    return jsonify(_ext().serializer.console(state))


PAUSE = Body((Field("reason", str, required=True, max_length=200, nonblank=True),))


@api.route("/counters/<counter_id>/pause", "POST", summary="Pause the counter (break): "
           "displays show it closed, call-next refuses", who=OFFICER, tag="counters",
           body=PAUSE, response="CounterState", wrap="counter", errors=(401, 403, 404, 409))
def pause(counter_id: str, body: dict[str, Any]) -> Any:
    outcome = counter_console.set_paused(_ext().hall, current_principal(), counter_id, True,
                                         body["reason"])
    return jsonify({"counter": _ext().serializer.counter_state(outcome.counter)})


@api.route("/counters/<counter_id>/resume", "POST", summary="Resume after a pause",
           who=OFFICER, tag="counters", body=Body(()), response="CounterState",
           wrap="counter", errors=(401, 403, 404, 409))
def resume(counter_id: str, body: dict[str, Any]) -> Any:
    outcome = counter_console.set_paused(_ext().hall, current_principal(), counter_id, False)
    return jsonify({"counter": _ext().serializer.counter_state(outcome.counter)})


CALL = Body((Field("counter_id", str, required=True, max_length=40),
             Field("reason", str, required=True, max_length=300, nonblank=True)))


@api.route("/tickets/<ticket_id>/call", "POST", summary="Call this ticket out of order",
           who=OFFICER, tag="tickets", body=CALL, response="Ticket", wrap="ticket",
           errors=(401, 403, 404, 409))
def call_specific(ticket_id: str, body: dict[str, Any]) -> Any:
    return _ticket_answer(tickets.call_specific(
        _ext().hall, current_principal(), _ticket_id(ticket_id), body["counter_id"],
        body["reason"]))


RECALL = Body((Field("counter_id", str, nullable=True, max_length=40),))


@api.route("/tickets/<ticket_id>/recall", "POST", summary="Announce again (or recall a "
           "skipped ticket within the forfeit window)", who=OFFICER, tag="tickets",
           body=RECALL, response="Ticket", wrap="ticket", errors=(401, 403, 404, 409))
def recall(ticket_id: str, body: dict[str, Any]) -> Any:
    return _ticket_answer(tickets.recall(_ext().hall, current_principal(),
                                         _ticket_id(ticket_id), body["counter_id"]))


def _simple_action(name: str, action: Any, summary: str) -> None:
    def view(ticket_id: str, body: dict[str, Any]) -> Any:
        return _ticket_answer(action(_ext().hall, current_principal(), _ticket_id(ticket_id)))

    view.__name__ = name
    api.route(f"/tickets/<ticket_id>/{name}", "POST", summary=summary, who=OFFICER,
              tag="tickets", body=Body(()), response="Ticket", wrap="ticket",
              errors=(401, 403, 404, 409))(view)


_simple_action("start", tickets.start, "Start serving a called citizen")
_simple_action("finish", tickets.finish, "Finish serving")
_simple_action("skip", tickets.skip, "Mark a called citizen as not present (no-show)")

CANCEL = Body((Field("reason", str, nullable=True, max_length=300),))


@api.route("/tickets/<ticket_id>/cancel", "POST", summary="Cancel a waiting or called ticket",
           who=OFFICER, tag="tickets", body=CANCEL, response="Ticket", wrap="ticket",
           errors=(401, 403, 404, 409))
def cancel(ticket_id: str, body: dict[str, Any]) -> Any:
    return _ticket_answer(tickets.cancel(_ext().hall, current_principal(),
                                         _ticket_id(ticket_id), body["reason"]))


TRANSFER = Body((
    Field("service_id", str, nullable=True, max_length=40),
    Field("counter_id", str, nullable=True, max_length=40),
    Field("reason", str, nullable=True, max_length=300),
), one_of=("service_id", "counter_id"))


@api.route("/tickets/<ticket_id>/transfer", "POST", summary="Send the citizen to another "
           "service or counter (same code, original issue time)", who=OFFICER, tag="tickets",
           body=TRANSFER, response="Ticket", wrap="ticket", errors=(401, 403, 404, 409))
def transfer(ticket_id: str, body: dict[str, Any]) -> Any:
    return _ticket_answer(tickets.transfer(
        _ext().hall, current_principal(), _ticket_id(ticket_id),
        service_id=body["service_id"], counter_id=body["counter_id"], reason=body["reason"]))


@api.route("/tickets/<ticket_id>/reprint", "POST", summary="Print the ticket again, marked "
           "ULANG/COPY", who="the kiosk that issued it, within 15 minutes of issue, or staff",
           tag="tickets", body=Body(()), response="PrintJob", status=202,
           errors=(401, 403, 404))
def reprint(ticket_id: str, body: dict[str, Any]) -> Any:
    ext = _ext()
    settings = ext.hall.settings
    principal, ticket = current_principal(), _ticket_id(ticket_id)
    job = printing.reprint(ext.hall, principal, ticket, settings.printers,
                           settings.kiosk_printers)
    if ext.spooler is not None:
        ext.spooler.wake()
    return jsonify({"job": {"id": job.id, "printer": job.printer,
                            "status": job.status.value}}), 202


PAIR = Body((Field("kind", str, required=True, choices=("kiosk", "display", "survey")),))


@api.route("/pairing", "POST", summary="An unpaired kiosk, TV or survey tablet asks to be "
           "paired: it gets a short code to show and a secret to collect its token with "
           "(429 with Retry-After while too many codes wait, from this address or in all)",
           who="anyone",
           tag="devices", body=PAIR, response="Pairing", status=201, errors=(429,))
def request_pairing(body: dict[str, Any]) -> Any:
    made = pairing.request_pairing(_ext().hall, body["kind"], address=request.remote_addr)
    return jsonify({"code": made.code, "secret": made.poll_secret,
                    "expires_in": made.expires_in_seconds}), 201


@api.route("/pairing/<secret>", "GET", summary="The screen collects its token once an admin "
           "approved its code (pending | approved | collected | expired)",
           who="the screen holding the secret", tag="devices", response="PairingStatus",
           errors=(404,))
def pairing_state(secret: str) -> Any:
    return jsonify(pairing.pairing_status(_ext().hall, secret))


ZONE = Field("zone", str, default=WHOLE_HALL, max_length=40,
             description="display zone id from config, or 'all' for the whole hall")


@api.route("/display/state", "GET", summary="Snapshot a TV renders from",
           who="display device or staff", tag="display", response="DisplayState",
           query=(ZONE,), errors=(401, 403, 404))
def display_state() -> Any:
    zone = request.args.get("zone", WHOLE_HALL) or WHOLE_HALL
    state = hall_views.display_state(_ext().hall, current_principal(), zone)
    return jsonify(_ext().serializer.display(state, _ext().hall.settings.site.name))


AUDIT_QUERY = (
    Field("from", str, max_length=10, format="date",
          description="first local day, YYYY-MM-DD (today)"),
    Field("to", str, max_length=10, format="date",
          description="last local day, YYYY-MM-DD (today)"),
    Field("actor", str, max_length=100, description="e.g. user:rina or device:kiosk-lobi"),
    Field("type", str, max_length=40, description="event type, e.g. called"),
    Field("cursor", str, max_length=20, description="next_cursor of the previous page"),
)


@api.route("/admin/audit", "GET", summary="The audit log: every change by a person or a "
           "device, newest first, 50 a page", who="admin; a supervisor for their agencies",
           tag="administration", response="AuditPage", query=AUDIT_QUERY,
           errors=(400, 401, 403))
def audit() -> Any:
    args = request.args
    page = audit_log.audit_page(_ext().hall, current_principal(), from_=args.get("from"),
                                to=args.get("to"), actor=args.get("actor"),
                                type=args.get("type"), cursor=args.get("cursor"))
    return jsonify(_ext().serializer.audit(page))


@api.route("/openapi.json", "GET", summary="This document", who="anyone", tag="system")
def openapi() -> Any:
    return jsonify(api.openapi("Loket API", __version__, SCHEMAS))
