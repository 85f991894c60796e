"""The JSON Schemas of bookings (API.md "Bookings"; docs/api-changes.md "Bookings (issue
12)") and the request bodies of their routes. api_bookings.py merges BOOKING_SCHEMAS into
the OpenAPI document's components (schemas.SCHEMAS)."""

from __future__ import annotations

from typing import Any

from queue_server.domain.bookings import CODE_LENGTH, NAME_MAX, BookingStatus
from queue_server.web.api_spec import Body, Field

from .schema_parts import nullable as _nullable

_DATE = {"type": "string", "format": "date"}
_CLOCK = {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$", "examples": ["08:30"]}
_CODE = {"type": "string", "minLength": CODE_LENGTH, "maxLength": CODE_LENGTH,
         "pattern": "^[2-9A-HJKMNP-Z]{6}$",
         "description": "6 characters without look-alikes (no 0/O, 1/I/L)"}
_PUBLIC = {
    "code": _CODE, "service_id": {"type": "string"}, "date": _DATE, "start": _CLOCK,
    "end": _CLOCK, "status": {"type": "string", "enum": [s.value for s in BookingStatus]},
    "ticket_code": _nullable("string", description="the ticket its check-in issued"),
    "manage_url": {"type": "string", "format": "uri",
                   "description": "the citizen's page of this booking (no personal data)"},
}
_STAFF = {
    **_PUBLIC, "agency_id": {"type": "string"},
    "name": _nullable("string", description="null once erased after the retention days"),
    "phone": _nullable("string", description="+62…; null when none was given or erased"),
    "created_at": {"type": "string", "format": "date-time"},
    "checked_in_at": _nullable("string", format="date-time"),
}

BOOKING_SCHEMAS: dict[str, dict[str, Any]] = {
    "Booking": {"type": "object", "required": list(_PUBLIC), "additionalProperties": False,
                "description": "what the code holder reads: never the name or phone",
                "properties": _PUBLIC},
    "StaffBooking": {"type": "object", "required": list(_STAFF), "properties": _STAFF},
    "BookingList": {"type": "object", "required": ["bookings"], "properties": {
        "bookings": {"type": "array", "items": {"$ref": "#/components/schemas/StaffBooking"}}}},
    "Slot": {"type": "object", "required": ["start", "end", "capacity", "left"],
             "properties": {"start": _CLOCK, "end": _CLOCK,
                            "capacity": {"type": "integer", "minimum": 1},
                            "left": {"type": "integer", "minimum": 0}}},
}

SLOTS_QUERY = (Field("service_id", str, required=True, max_length=40, nonblank=True),
               Field("date", str, required=True, max_length=10, format="date",
                     description="YYYY-MM-DD, a local day"))
LIST_QUERY = (Field("date", str, required=True, max_length=10, format="date"),
              Field("service_id", str, max_length=40))

MAKE_BOOKING = Body((
    Field("service_id", str, required=True, max_length=40),
    Field("date", str, required=True, max_length=10, format="date",
          description="YYYY-MM-DD"),
    Field("start", str, required=True, max_length=5, description="a slot's start, HH:MM"),
    Field("name", str, required=True, max_length=NAME_MAX * 2),
    Field("phone", str, nullable=True, max_length=30,
          description="Indonesian number (08…, +62…); one active booking per phone per "
          "service per day"),
))
CHECK_IN = Body((Field("language", str, default="id", choices=("id", "en")),))
