"""API: citizens' complaints and suggestions (pengaduan) and the staff's answers
(docs/api-changes.md), declared on the API registry of web/api.py."""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify, request

from queue_server.domain.errors import NotFound
from queue_server.services import complaints
from queue_server.services.complaints import Filed
from queue_server.web.api import api
from queue_server.web.api_spec import Field
from queue_server.web.auth import current_principal
from queue_server.web.schemas import SCHEMAS
from queue_server.web.schemas_complaints import (
    COMPLAINT_SCHEMAS,
    FILE_COMPLAINT,
    UPDATE_COMPLAINT,
)

# schemas.py is shared by every part: the routes answering these shapes add them
SCHEMAS.update(COMPLAINT_SCHEMAS)
SCOPED = "admin; a supervisor for their agencies' complaints and those of no agency"
LIST_QUERY = (
    Field("status", str, choices=("new", "in_progress", "answered"), max_length=20),
    Field("agency_id", str, max_length=40),
)


def _hall():
    return current_app.extensions["loket"].hall


def _time(moment: Any) -> str | None:
    return current_app.extensions["loket"].serializer.time(moment)


def _id(raw: str) -> int:
    if not raw.isdigit() or len(raw) > 12:
        raise NotFound(f"Pengaduan {raw!r} tidak ditemukan.", field="id")
    return int(raw)


def public_complaint(filed: Filed) -> dict[str, Any]:
    """What anyone holding the code reads: no staff name, no contact."""
    c = filed.complaint
    return {"code": c.code, "category": c.category, "text": c.text,
            "status": c.status.value, "created_at": _time(c.created_at),
            "due_date": c.due_date.isoformat(), "answer": c.answer,
            "answered_at": _time(c.answered_at), "overdue": filed.overdue}


def staff_complaint(filed: Filed) -> dict[str, Any]:
    c = filed.complaint
    return {**public_complaint(filed), "id": c.id, "contact": c.contact,
            "answered_by": c.answered_by, "agency_id": c.agency_id,
            "service_id": c.service_id, "ticket_code": c.ticket_code, "channel": c.channel}


@api.route("/complaints", "POST", summary="File a complaint or suggestion (pengaduan): a "
           "tracking code and the answer's deadline (5 working days)", who="anyone "
           "(rate-limited per address; a survey tablet is not counted)", tag="complaints",
           body=FILE_COMPLAINT, response="PublicComplaint", wrap="complaint", status=201,
           errors=(404, 429))
def file_complaint(body: dict[str, Any]) -> Any:
    filed = complaints.file_complaint(
        _hall(), current_principal(), category=body["category"], text=body["text"],
        contact=body["contact"], ticket_token=body["ticket_token"],
        agency_id=body["agency_id"], address=request.remote_addr)
    return jsonify({"complaint": public_complaint(filed)}), 201


@api.route("/complaints/<code>", "GET", summary="A complaint by its tracking code: status, "
           "deadline and the answer", who="anyone with the code", tag="complaints",
           response="PublicComplaint", wrap="complaint", errors=(404,))
def track_complaint(code: str) -> Any:
    if code.isdigit():  # staff ids are not codes: the alphabet has no 0 or 1 anyway
        raise NotFound("Kode pengaduan tidak ditemukan. Periksa kembali kode Anda.",
                       field="code")
    return jsonify({"complaint": public_complaint(complaints.track(_hall(), code))})


@api.route("/complaints", "GET", summary="The complaints in the caller's scope, newest "
           "first, overdue ones marked", who=SCOPED, tag="complaints",
           response="ComplaintList", query=LIST_QUERY, errors=(401, 403, 404))
def list_complaints() -> Any:
    found = complaints.list_complaints(_hall(), current_principal(),
                                       status=request.args.get("status"),
                                       agency_id=request.args.get("agency_id"))
    return jsonify({"complaints": [staff_complaint(f) for f in found]})


@api.route("/complaints/<complaint_id>", "PATCH", summary="Take a complaint up "
           "(in_progress) or answer it (answered, with the answer; who and when recorded)",
           who=SCOPED, tag="complaints", body=UPDATE_COMPLAINT, response="Complaint",
           wrap="complaint", errors=(401, 403, 404, 409))
def update_complaint(complaint_id: str, body: dict[str, Any]) -> Any:
    filed = complaints.update_complaint(_hall(), current_principal(), _id(complaint_id),
                                        status=body["status"], answer=body["answer"])
    return jsonify({"complaint": staff_complaint(filed)})
