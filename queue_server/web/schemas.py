"""The JSON Schema of every shape `serialize.Serializer` writes: the OpenAPI document is
built from these, and a test validates real answers against them, so the two cannot drift."""

from __future__ import annotations

from typing import Any

from queue_server.domain.console_actions import Blocked, ConsoleAction

from .schema_parts import TIME
from .schema_parts import nullable as _nullable
from .schemas_running import RUNNING_SCHEMAS

# persyaratan: the documents to bring, one string each
REQUIREMENTS = {"type": "array", "items": {"type": "string"}}
CONSOLE_ACTIONS = [a.value for a in ConsoleAction]
BLOCKED_REASONS = [b.value for b in Blocked]
STATUS = {"type": "string",
          "enum": ["waiting", "called", "serving", "done", "no_show", "cancelled"]}

# the schedule: one "08:00-12:00, 13:00-15:00" | "closed" per weekday, holidays by date
WEEK_HOURS = {"type": "object", "additionalProperties": False, "properties": {
    day: {"type": "string", "examples": ["08:00-11:30, 13:30-15:00", "closed"]}
    for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")}}
HOLIDAY = {"type": "object", "required": ["date", "name"], "properties": {
    "date": {"type": "string", "format": "date"}, "name": {"type": "string"}}}

# the estimate in words, one wording for every surface (domain.eta_words): "segera",
# "± 14 menit", "± 1 jam 15 menit"; null when eta_minutes is
ETA_TEXT = {"eta_text": _nullable("string", description="the wait in Indonesian words"),
            "eta_text_en": _nullable("string", description="the wait in English words")}

ID = {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]{0,39}$"}
# the catalogue as the administration API reads and writes it (services/catalogue_shapes)
CATALOGUE_SCHEMAS: dict[str, dict[str, Any]] = {
    "Agency": {"type": "object", "required": ["id", "name", "short_name"], "properties": {
        "id": ID, "name": {"type": "string"}, "name_en": {"type": "string"},
        "short_name": {"type": "string"}, "active": {"type": "boolean"},
        # null: the badge comes from the short name, distinct in the hall (domain/badges.py)
        "badge": {"type": ["string", "null"], "pattern": "^[A-Z0-9]{2,3}$"},
        # a file name in the data folder's logos/, served at /media/logos/<logo>
        "logo": {"type": ["string", "null"]}}},
    "ServiceConfig": {"type": "object", "required": [
        "id", "agency_id", "prefix", "name", "service_minutes"], "properties": {
        "id": ID, "agency_id": ID, "prefix": {"type": "string", "pattern": "^[A-Z]{1,3}$"},
        "name": {"type": "string"}, "name_en": {"type": "string"},
        "daily_quota": _nullable("integer", minimum=1),
        "online_quota": _nullable("integer", minimum=0),
        "max_wait_minutes": _nullable("integer", minimum=1),
        "service_minutes": {"type": "number", "exclusiveMinimum": 0},
        "requirements": REQUIREMENTS,
        "hours": {"oneOf": [WEEK_HOURS, {"type": "null"}],
                  "description": "the days this service sets itself; null: the site's"},
        "active": {"type": "boolean"},
        # bookings: all three or none (null: the service takes no bookings)
        "slot_minutes": _nullable("integer", minimum=5, maximum=240),
        "slot_capacity": _nullable("integer", minimum=1, maximum=500),
        "booking_days_ahead": _nullable("integer", minimum=0, maximum=90)}},
    "CounterConfig": {"type": "object", "required": ["id", "number", "agency_id",
                                                     "services"], "properties": {
        "id": ID, "name": {"type": "string"}, "number": {"type": "integer", "minimum": 1},
        "agency_id": ID, "services": {"type": "object", "additionalProperties": {
            "type": "number", "exclusiveMinimum": 0}}, "active": {"type": "boolean"}}},
    "ZoneConfig": {"type": "object", "required": ["id", "name"], "properties": {
        "id": ID, "name": {"type": "string"},
        "agencies": {"type": "array", "items": ID},
        "counters": {"type": "array", "items": ID}}},
}

SCHEMAS: dict[str, dict[str, Any]] = {
    **CATALOGUE_SCHEMAS,
    "Error": {
        "type": "object",
        "required": ["ok", "error"],
        "properties": {
            "ok": {"const": False},
            "error": {
                "type": "object",
                "required": ["code", "message", "field"],
                "properties": {
                    "code": {"type": "string", "examples": ["quota_reached"]},
                    "message": {"type": "string"},
                    "field": _nullable("string"),
                },
            },
        },
    },
    "Ticket": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "code": {"type": "string", "examples": ["A001"]},
            "number": {"type": "integer"},
            "service_id": {"type": "string"},
            "agency_id": {"type": "string"},
            "status": STATUS,
            "priority": {"type": "boolean"},
            "priority_kind": _nullable("string", enum=["lansia", "disabilitas", "ibu_hamil",
                                                       None]),
            "language": {"type": "string", "enum": ["id", "en"]},
            "issued_at": TIME,
            "called_at": _nullable("string", format="date-time"),
            "started_at": _nullable("string", format="date-time"),
            "finished_at": _nullable("string", format="date-time"),
            "counter_id": _nullable("string"),
            "target_counter_id": _nullable("string"),
            "transferred_from": _nullable("string"),
            "people_ahead": {"type": "integer"},
            "eta_minutes": _nullable("integer"),
            **ETA_TEXT,
            "track_url": {"type": "string", "format": "uri"},
            "booking_code": _nullable("string", description="the booking its check-in "
                                      "came from; null: a walk-in"),
        },
    },
    "CounterRef": {
        "type": "object",
        "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                       "number": {"type": "integer"}},
    },
    "Call": {
        "type": "object",
        "properties": {
            "ticket": {"$ref": "#/components/schemas/Ticket"},
            "counter": {"$ref": "#/components/schemas/CounterRef"},
            "text": {"type": "string"},
            "audio": {"type": "array", "items": {"type": "string"}},
            "recall": {"type": "boolean"},
            "at": TIME,
            "event_id": {"type": "integer"},
            "agency": {"type": ["object", "null"]},
        },
    },
    "Service": {
        "type": "object",
        "properties": {
            "id": {"type": "string"},
            "prefix": {"type": "string"},
            "name": {"type": "string"},
            "name_en": {"type": "string"},
            "agency": {"type": "object", "properties": {
                "id": {"type": "string"}, "name": {"type": "string"},
                "short_name": {"type": "string"},
                # distinct in the hall (domain/badges.py); the kiosk's tile without a logo
                "badge": {"type": "string", "pattern": "^[A-Z0-9]{2,3}$"},
                "logo_url": _nullable("string", description="/media/logos/<file>")}},
            "open": {"type": "boolean"},
            "closed_reason": _nullable("string", enum=["paused", "holiday", "outside_hours",
                                                       "quota_reached", None]),
            "closed_message": _nullable("string"),
            "closed_message_en": _nullable("string"),
            "waiting": {"type": "integer"},
            "quota_left": _nullable("integer"),
            "eta_minutes": _nullable("integer"),
            **ETA_TEXT,
            "requirements": REQUIREMENTS,
            # when a closed service takes tickets again, in the site's zone; null while
            # open and when unknown (paused, no hours)
            "next_open_at": _nullable("string", format="date-time"),
        },
    },
    "ServiceList": {
        "type": "object",
        "required": ["services", "hall"],
        "properties": {
            "services": {"type": "array", "items": {"$ref": "#/components/schemas/Service"}},
            "hall": {
                "type": "object",
                "required": ["open", "closed_reason", "next_open_at"],
                "properties": {
                    "open": {"type": "boolean"},
                    # one reason shared by every service, or `closed` when they differ
                    "closed_reason": _nullable("string", enum=[
                        "paused", "holiday", "outside_hours", "quota_reached", "closed",
                        None]),
                    "closed_message": _nullable("string"),
                    "closed_message_en": _nullable("string"),
                    "next_open_at": _nullable("string", format="date-time"),
                },
            },
        },
    },
    "Counter": {
        "type": "object",
        "properties": {
            "id": {"type": "string"},
            "name": {"type": "string"},
            "number": {"type": "integer"},
            "agency_id": {"type": "string"},
            "service_ids": {"type": "array", "items": {"type": "string"}},
            "status": {"type": "string", "enum": ["open", "paused", "closed"]},
            "pause_reason": _nullable("string"),
            "current_ticket": {"oneOf": [{"$ref": "#/components/schemas/Ticket"},
                                         {"type": "null"}]},
        },
    },
    "DisplayState": {
        "type": "object",
        "properties": {
            "event_id": {"type": "integer"},
            "zone": {"type": "object"},
            "calls": {"type": "array", "items": {"$ref": "#/components/schemas/Call"}},
            "counters": {"type": "array", "items": {"type": "object"}},
            "waiting": {"type": "object", "additionalProperties": {"type": "integer"}},
            "running_text": {"type": "string"},
            "running_text_en": {"type": "string"},
            "now": TIME,
        },
    },
    "AuditPage": {
        "type": "object",
        "properties": {
            "events": {"type": "array", "items": {"type": "object", "properties": {
                "id": {"type": "integer"}, "type": {"type": "string"}, "at": TIME,
                "actor": {"type": "string"}, "ticket_code": _nullable("string"),
                "counter_id": _nullable("string"), "service_id": _nullable("string"),
                "data": {"type": "object"}}}},
            "next_cursor": _nullable("string"),
        },
    },
    "User": {
        "type": "object",
        "required": ["name", "display_name", "role", "agencies", "counters", "active",
                     "must_change_password"],
        "properties": {
            "name": {"type": "string", "examples": ["rina"]},
            "display_name": _nullable("string", maxLength=80),
            "role": {"type": "string", "enum": ["admin", "supervisor", "officer"]},
            "agencies": {"type": "array", "items": {"type": "string"}},
            "counters": {"type": "array", "items": {"type": "string"}},
            "active": {"type": "boolean"},
            "must_change_password": {"type": "boolean",
                                     "description": "holds a one-time password not yet "
                                                    "replaced"},
        },
    },
    "UserCreated": {
        "type": "object",
        "required": ["user", "password"],
        "properties": {
            "user": {"$ref": "#/components/schemas/User"},
            "password": {"type": "string", "description": "one-time password, shown once"},
        },
    },
    "OneTimePassword": {
        "type": "object",
        "required": ["password"],
        "properties": {"password": {"type": "string",
                                    "description": "one-time password, shown once"}},
    },
    "Track": {
        "type": "object",
        "properties": {
            "code": {"type": "string"},
            "service": {"type": "object", "properties": {
                "id": {"type": "string", "description": "the phone follows `service:ID`"},
                "name": {"type": "string"}, "name_en": {"type": "string"},
                "agency": {"type": "string"}, "requirements": REQUIREMENTS}},
            "status": STATUS,
            "people_ahead": {"type": "integer"},
            "eta_minutes": _nullable("integer"),
            **ETA_TEXT,
            "counter": {"oneOf": [{"$ref": "#/components/schemas/CounterRef"},
                                  {"type": "null"}]},
            "language": {"type": "string"},
            "issued_at": TIME,
            "called_at": _nullable("string", format="date-time"),
            "print": {"oneOf": [{"$ref": "#/components/schemas/PrintState"},
                                {"type": "null"}]},
            "event_id": {"type": "integer", "description":
                         "the newest event this answer includes: a phone drops live "
                         "messages at or below it (left out of room messages)"},
        },
    },
    "CounterState": {
        "type": "object",
        "properties": {
            "id": {"type": "string"}, "name": {"type": "string"}, "number": {"type": "integer"},
            "agency_id": {"type": "string"},
            "status": {"type": "string", "enum": ["open", "paused", "closed"]},
            "pause_reason": _nullable("string"),
            "service_ids": {"type": "array", "items": {"type": "string"}},
        },
    },
    "Console": {
        "type": "object",
        "properties": {
            "event_id": {"type": "integer"},
            "counter": {"$ref": "#/components/schemas/CounterState"},
            "current": {"oneOf": [{"$ref": "#/components/schemas/Ticket"}, {"type": "null"}]},
            "waiting": {"type": "array", "items": {"$ref": "#/components/schemas/Ticket"}},
            "skipped": {"type": "array", "items": {"type": "object", "properties": {
                "ticket": {"$ref": "#/components/schemas/Ticket"},
                "recallable": {"type": "boolean"}, "later_calls": {"type": "integer"}}}},
            "stats": {"type": "object", "properties": {
                "called": {"type": "integer"}, "finished": {"type": "integer"},
                "skipped": {"type": "integer"},
                "mean_service_minutes": _nullable("number")}},
            "forfeit_after": {"type": "integer"},
            "allowed_actions": {"type": "array", "items": {"type": "string",
                                                           "enum": CONSOLE_ACTIONS}},
            "blocked_actions": {"type": "object", "additionalProperties": {
                "type": "string", "enum": BLOCKED_REASONS}},
            "transfer_counters": {
                "type": "array", "description": "the counters the current ticket may be "
                "sent to (POST /tickets/{id}/transfer with counter_id): those serving its "
                "service, not this one", "items": {
                    "type": "object", "required": ["id", "name", "number", "agency_id",
                                                   "service_ids", "status"],
                    "properties": {
                        "id": {"type": "string"}, "name": {"type": "string"},
                        "number": {"type": "integer"}, "agency_id": {"type": "string"},
                        "service_ids": {"type": "array", "items": {"type": "string"}},
                        "status": {"type": "string", "enum": ["open", "paused", "closed"]}}}},
            "recent": {"type": "array", "description": "the tickets this counter called today "
                       "(or recalled), the latest call first, at most 10, the current one left "
                       "out: the console reprints one with POST /tickets/{id}/reprint",
                       "items": {"$ref": "#/components/schemas/Ticket"}},
            "can_reprint": {"type": "boolean", "description": "a printer is configured for a "
                            "reprint from the console"},
        },
    },
    "Pairing": {
        "type": "object",
        "properties": {"code": {"type": "string", "examples": ["K7Q-4MZ"]},
                       "secret": {"type": "string"}, "expires_in": {"type": "integer"}},
    },
    "PairingStatus": {
        "type": "object",
        "properties": {
            "status": {"type": "string",
                       "enum": ["pending", "approved", "collected", "expired"]},
            "token": {"type": "string"}, "device": {"type": "string"},
            "kind": {"type": "string"}, "code": {"type": "string"},
        },
    },
    "SiteConfig": {
        "type": "object",
        "required": ["name", "short_name", "running_text", "running_text_en", "ticket_footer",
                     "public_url"],
        "properties": {
            "name": {"type": "string", "examples": ["Mal Pelayanan Publik Kabupaten Lebong"]},
            "short_name": {"type": "string"},
            "running_text": {"type": "string"},
            "running_text_en": {"type": "string"},
            "ticket_footer": {"type": "string"},
            "public_url": {"type": "string", "examples": ["http://192.168.1.10:8080"]},
        },
    },
    "ScheduleChange": {
        "type": "object",
        "required": ["hours", "holidays"],
        "properties": {
            "hours": WEEK_HOURS,
            "holidays": {"type": "array", "items": HOLIDAY},
            "next_closed": {"description": "ignored: derived from the rest"},
        },
    },
    "Schedule": {
        "type": "object",
        "required": ["hours", "holidays", "next_closed"],
        "properties": {
            "hours": WEEK_HOURS,
            "holidays": {"type": "array", "items": HOLIDAY},
            "next_closed": {"type": "array", "items": {
                "type": "object", "required": ["date", "name", "reason"], "properties": {
                    "date": {"type": "string", "format": "date"}, "name": _nullable("string"),
                    "reason": {"type": "string", "enum": ["holiday", "closed_day"]}}},
                "description": "the next 10 days the hall is closed, from today (local days)"},
        },
    },
    "HolidayPaste": {
        "type": "object",
        "required": ["holidays", "problems"],
        "properties": {
            "holidays": {"type": "array", "items": HOLIDAY},
            "problems": {"type": "array", "items": {
                "type": "object", "required": ["line", "message"], "properties": {
                    "line": {"type": "integer", "minimum": 1}, "message": {"type": "string"}}}},
        },
    },
    "PrintState": {
        "type": "object",
        "properties": {
            "status": {"type": "string", "enum": ["pending", "sent", "failed"]},
            "attempts": {"type": "integer"},
            "copy": {"type": "boolean"},
            "reason": {"type": "string", "enum": ["issue", "reprint"]},
            "error": _nullable("string"),
        },
    },
    "PrintJob": {
        "type": "object",
        "properties": {
            "job": {"type": "object", "properties": {
                "id": {"type": "integer"}, "printer": {"type": "string"},
                "status": {"type": "string"}}},
        },
    },
}
SCHEMAS.update(RUNNING_SCHEMAS)  # reports, supervision, the measured estimate
