"""The JSON Schemas of pengaduan and of the SKM follow-up (docs/api-changes.md, "SKM follow-up
and complaints (issue 11)"), and the request bodies of their routes. The routes' modules
merge COMPLAINT_SCHEMAS into the OpenAPI document's components (schemas.SCHEMAS)."""

from __future__ import annotations

from typing import Any

from queue_server.domain.complaints import CATEGORIES, CODE_LENGTH, TEXT_MAX, ComplaintStatus
from queue_server.domain.followups import ELEMENTS, FollowupStatus
from queue_server.web.api_spec import Body, Field

from .schema_parts import TIME
from .schema_parts import nullable as _nullable

DATE = {"type": "string", "format": "date"}
_CATEGORY = {"type": "string", "enum": list(CATEGORIES)}
_CODE = {"type": "string", "minLength": CODE_LENGTH, "maxLength": CODE_LENGTH,
         "description": "8 characters without 0/O, 1/I/L"}
_COMPLAINT_STATUS = {"type": "string", "enum": [s.value for s in ComplaintStatus]}
_FOLLOWUP_STATUS = {"type": "string", "enum": [s.value for s in FollowupStatus]}

COMPLAINT_SCHEMAS: dict[str, dict[str, Any]] = {}
_PUBLIC = {
    "code": _CODE, "category": _CATEGORY, "text": {"type": "string"},
    "status": _COMPLAINT_STATUS, "created_at": TIME,
    "due_date": {**DATE, "description": "the answer's deadline: 5 working days"},
    "answer": _nullable("string"), "answered_at": _nullable("string", format="date-time"),
    "overdue": {"type": "boolean", "description": "deadline passed and not answered"},
}
COMPLAINT_SCHEMAS["PublicComplaint"] = {
    "type": "object", "required": list(_PUBLIC), "additionalProperties": False,
    "description": "what the citizen holding the code reads: never staff names or the contact",
    "properties": _PUBLIC,
}
_STAFF = {
    **_PUBLIC, "id": {"type": "integer"}, "contact": _nullable("string"),
    "answered_by": _nullable("string"), "agency_id": _nullable("string"),
    "service_id": _nullable("string"), "ticket_code": _nullable("string"),
    "channel": {"type": "string", "enum": ["phone", "survey", "web"]},
}
COMPLAINT_SCHEMAS["Complaint"] = {
    "type": "object", "required": list(_STAFF), "properties": _STAFF,
}
COMPLAINT_SCHEMAS["ComplaintList"] = {
    "type": "object", "required": ["complaints"],
    "properties": {"complaints": {"type": "array",
                                  "items": {"$ref": "#/components/schemas/Complaint"}}},
}
_FOLLOWUP = {
    "id": {"type": "integer"}, "period_from": DATE, "period_to": DATE,
    "agency_id": _nullable("string", description="null: an action of the whole hall"),
    "element": {"type": "string", "enum": list(ELEMENTS)},
    "action": {"type": "string"}, "owner": {"type": "string"}, "due_date": DATE,
    "status": _FOLLOWUP_STATUS, "done_date": _nullable("string", format="date"),
    "overdue": {"type": "boolean"}, "created_at": TIME, "created_by": {"type": "string"},
    "updated_at": TIME,
}
COMPLAINT_SCHEMAS["Followup"] = {
    "type": "object", "required": list(_FOLLOWUP), "properties": _FOLLOWUP,
}
COMPLAINT_SCHEMAS["FollowupList"] = {
    "type": "object", "required": ["from", "to", "followups", "figures"],
    "properties": {
        "from": DATE, "to": DATE,
        "followups": {"type": "array", "items": {"$ref": "#/components/schemas/Followup"}},
        "figures": {"type": "object", "required": [
            "actions", "done", "followed_up_pct", "mean_days_to_follow_up"], "properties": {
            "actions": {"type": "integer"}, "done": {"type": "integer"},
            "followed_up_pct": _nullable("number", description="done ÷ actions × 100"),
            "mean_days_to_follow_up": _nullable(
                "number", description="mean of done_date − the local day it was planned"),
        }},
    },
}

# ---------------------------------------------------------------- request bodies

FILE_COMPLAINT = Body((
    Field("category", str, required=True, choices=tuple(CATEGORIES), max_length=40),
    Field("text", str, required=True, max_length=TEXT_MAX + 200,
          description="10–2,000 characters once trimmed"),
    Field("contact", str, nullable=True, max_length=200,
          description="optional phone number or e-mail address"),
    Field("ticket_token", str, nullable=True, max_length=100,
          description="the ticket's tracking token: links its service and agency"),
    Field("agency_id", str, nullable=True, max_length=40,
          description="the agency it is about, when no ticket is given"),
))
UPDATE_COMPLAINT = Body((
    Field("status", str, required=True, choices=("in_progress", "answered"), max_length=20),
    Field("answer", str, nullable=True, max_length=TEXT_MAX + 200,
          description="required with answered: 10–2,000 characters"),
))
_DAY = {"max_length": 10, "format": "date"}
NEW_FOLLOWUP = Body((
    Field("period_from", str, required=True, description="YYYY-MM-DD", **_DAY),
    Field("period_to", str, required=True, description="YYYY-MM-DD", **_DAY),
    Field("agency_id", str, nullable=True, max_length=40,
          description="null: the whole hall (admins only)"),
    Field("element", str, required=True, choices=ELEMENTS, max_length=3),
    Field("action", str, required=True, max_length=1200),
    Field("owner", str, required=True, max_length=200),
    Field("due_date", str, required=True, description="YYYY-MM-DD", **_DAY),
    Field("status", str, default="planned", choices=tuple(s.value for s in FollowupStatus),
          max_length=20),
    Field("done_date", str, nullable=True, description="done: today unless given", **_DAY),
))
CHANGE_FOLLOWUP = Body((
    Field("action", str, max_length=1200), Field("owner", str, max_length=200),
    Field("due_date", str, description="YYYY-MM-DD", **_DAY),
    Field("status", str, choices=tuple(s.value for s in FollowupStatus), max_length=20),
    Field("done_date", str, nullable=True, **_DAY),
))
