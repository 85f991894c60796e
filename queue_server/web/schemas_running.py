"""The JSON Schemas of running and accounting for the hall: reports, supervision and its
alarms, and the measured estimate (API.md "Reports", "Supervision"); merged into
schemas.SCHEMAS, the OpenAPI document's components."""

from __future__ import annotations

from typing import Any

from queue_server.domain.alarms import AlarmKind

from .schema_parts import TIME
from .schema_parts import nullable as _nullable

RUNNING_SCHEMAS: dict[str, dict[str, Any]] = {}
_MINUTES = _nullable("number", description="minutes, one decimal; null: no such tickets")
RUNNING_SCHEMAS["ReportRow"] = {
    "type": "object",
    "required": ["key", "name", "issued", "called", "served", "no_show", "cancelled",
                 "transferred_out", "wait_minutes", "service_minutes", "within_max_wait_pct",
                 "priority"],
    "properties": {
        "key": {"type": "string", "description": "agency/service/counter id, user:NAME, "
                                                 "YYYY-MM-DD or HH:00; \"\" for the total"},
        "name": {"type": "string"},
        **{k: {"type": "integer"} for k in ("issued", "called", "served", "no_show",
                                            "cancelled", "transferred_out")},
        "wait_minutes": {"type": "object", "required": ["mean", "p50", "p90", "max"],
                         "properties": {k: _MINUTES for k in ("mean", "p50", "p90", "max")}},
        "service_minutes": {"type": "object", "required": ["mean", "p50", "p90"],
                            "properties": {k: _MINUTES for k in ("mean", "p50", "p90")}},
        "within_max_wait_pct": _nullable("number"),
        "priority": {"type": "object", "required": ["issued", "served", "wait_p50"],
                     "properties": {"issued": {"type": "integer"},
                                    "served": {"type": "integer"}, "wait_p50": _MINUTES}},
    },
}
_BOOKING_COUNTS = {"type": "object", "required": ["booked", "checked_in", "missed",
                                                   "cancelled"],
                   "properties": {k: {"type": "integer", "minimum": 0} for k in (
                       "booked", "checked_in", "missed", "cancelled")}}
RUNNING_SCHEMAS["ReportSummary"] = {
    "type": "object",
    "required": ["from", "to", "by", "rows", "total"],
    "properties": {
        "from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"},
        "by": {"type": "string", "enum": ["agency", "service", "counter", "officer", "day",
                                          "hour"]},
        "rows": {"type": "array", "items": {"$ref": "#/components/schemas/ReportRow"}},
        "total": {"$ref": "#/components/schemas/ReportRow"},
        "bookings": {"type": "object", "description": "bookings of the period (booked: "
                     "every place held, whatever became of it)", "properties": {
                         "by_service": {"type": "object",
                                        "additionalProperties": _BOOKING_COUNTS},
                         "total": _BOOKING_COUNTS}},
    },
}
RUNNING_SCHEMAS["DailyReport"] = {
    "type": "object",
    "required": [*RUNNING_SCHEMAS["ReportSummary"]["required"], "counters"],
    "properties": {
        **RUNNING_SCHEMAS["ReportSummary"]["properties"],
        "counters": {"type": "array", "items": {"$ref": "#/components/schemas/ReportRow"}},
    },
}

# supervision (API.md "Supervision"): the live picture and its alarms
ALARM_KINDS = [kind.value for kind in AlarmKind]  # the domain's list, not a copy
RUNNING_SCHEMAS["Alarm"] = {
    "type": "object",
    "required": ["id", "kind", "agency_id", "service_id", "counter_id", "device", "since",
                 "message", "acknowledged_by"],
    "properties": {
        "id": {"type": "integer"}, "kind": {"type": "string", "enum": ALARM_KINDS},
        "agency_id": _nullable("string"), "service_id": _nullable("string"),
        "counter_id": _nullable("string"), "device": _nullable("string"), "since": TIME,
        "message": {"type": "string"}, "acknowledged_by": _nullable("string"),
    },
}
RUNNING_SCHEMAS["Supervision"] = {
    "type": "object",
    "required": ["agencies", "alarms"],
    "properties": {
        "agencies": {"type": "array", "items": {"type": "object", "required": [
            "id", "waiting", "longest_wait_minutes", "served_today", "counters", "services"],
            "properties": {
                "id": {"type": "string"}, "name": {"type": "string"},
                "waiting": {"type": "integer"}, "longest_wait_minutes": {"type": "integer"},
                "served_today": {"type": "integer"},
                "counters": {"type": "array", "items": {"type": "object", "required": [
                    "id", "status", "officer", "current_ticket", "idle_minutes"],
                    "properties": {
                        "id": {"type": "string"}, "name": {"type": "string"},
                        "status": {"type": "string", "enum": [
                            "open", "calling", "serving", "paused", "closed"]},
                        "pause_reason": _nullable("string"), "officer": _nullable("string"),
                        "current_ticket": _nullable("string"),
                        "idle_minutes": _nullable("integer")}}},
                "services": {"type": "array", "items": {"type": "object", "required": [
                    "id", "waiting", "quota_used", "daily_quota"], "properties": {
                        "id": {"type": "string"}, "name": {"type": "string"},
                        "waiting": {"type": "integer"}, "quota_used": {"type": "integer"},
                        "daily_quota": _nullable("integer")}}}}}},
        "alarms": {"type": "array", "items": {"$ref": "#/components/schemas/Alarm"}},
    },
}

# the accuracy of the wait estimate given at issue (API.md "Reports")
RUNNING_SCHEMAS["EtaAccuracy"] = {
    "type": "object",
    "required": ["tickets", "mae_minutes", "p90_abs_error_minutes", "within_5_minutes_pct",
                 "by_service"],
    "properties": {
        "tickets": {"type": "integer"}, "mae_minutes": _nullable("number"),
        "p90_abs_error_minutes": _nullable("number"),
        "within_5_minutes_pct": _nullable("number"),
        "by_service": {"type": "array", "items": {"type": "object", "required": [
            "service_id", "tickets", "mae_minutes"], "properties": {
                "service_id": {"type": "string"}, "tickets": {"type": "integer"},
                "mae_minutes": _nullable("number")}}},
    },
}
