"""API (API.md "Supervision"): routes declared on the API registry of web/api.py — the
supervisor's live picture, acknowledging an alarm, and the heartbeat of kiosks and TVs."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request

from queue_server.domain.errors import NotFound
from queue_server.services import alarms, supervision
from queue_server.store.alarms import AlarmRow
from queue_server.web.api import _ext, api
from queue_server.web.api_spec import Body, Field
from queue_server.web.auth import current_principal
from queue_server.web.serialize import Serializer

WHO = "admin; a supervisor for their agencies"


def alarm_json(ser: Serializer, a: AlarmRow) -> dict[str, Any]:
    return {"id": a.id, "kind": a.kind.value, "agency_id": a.agency_id,
            "service_id": a.service_id, "counter_id": a.counter_id, "device": a.device,
            "since": ser.time(a.since), "message": a.message,
            "acknowledged_by": a.acknowledged_by}


def supervision_json(ser: Serializer, s: supervision.Supervision) -> dict[str, Any]:
    return {
        "agencies": [{
            "id": a.id, "name": a.name, "waiting": a.waiting,
            "longest_wait_minutes": a.longest_wait_minutes, "served_today": a.served_today,
            "counters": [{"id": c.id, "name": c.name, "status": c.status,
                          "pause_reason": c.pause_reason, "officer": c.officer,
                          "current_ticket": c.current_ticket, "idle_minutes": c.idle_minutes}
                         for c in a.counters],
            "services": [{"id": v.id, "name": v.name, "waiting": v.waiting,
                          "quota_used": v.quota_used, "daily_quota": v.daily_quota}
                         for v in a.services],
        } for a in s.agencies],
        "alarms": [alarm_json(ser, a) for a in s.alarms],
    }


@api.route("/supervision", "GET", summary="The live picture of the agencies one supervises: "
           "queues, counters, services (waiting, quota used) and open alarms", who=WHO,
           tag="supervision", response="Supervision",
           query=(Field("agency_id", str, max_length=40, description="only this agency"),),
           errors=(401, 403, 404))
def supervision_state() -> Any:
    agency_id = request.args.get("agency_id") or None
    state = supervision.supervision(_ext().hall, current_principal(), agency_id)
    return jsonify(supervision_json(_ext().serializer, state))


@api.route("/alarms/<alarm_id>/ack", "POST", summary="Acknowledge an alarm: who did is "
           "recorded (and logged as an event); the alarm stays until its cause is gone",
           who=WHO, tag="supervision", body=Body(()), response="Alarm", wrap="alarm",
           errors=(400, 401, 403, 404))
def acknowledge(alarm_id: str, body: dict[str, Any]) -> Any:
    if not alarm_id.isdigit() or len(alarm_id) > 12:
        raise NotFound(f"Alarm {alarm_id!r} tidak ditemukan.", field="id")
    row = alarms.acknowledge(_ext().hall, current_principal(), int(alarm_id))
    return jsonify({"alarm": alarm_json(_ext().serializer, row)})


HEARTBEAT = Body((Field("page", str, required=True, choices=("kiosk", "display", "survey")),))


@api.route("/devices/heartbeat", "POST", summary="A kiosk, TV or survey tablet page says it "
           "is alive (every 30 s); one silent for 90 s raises screen_offline",
           who="kiosk, display or survey device", tag="devices", body=HEARTBEAT, status=204,
           errors=(400, 401, 403))
def heartbeat(body: dict[str, Any]) -> Any:
    alarms.heartbeat(_ext().hall, current_principal(), body["page"], request.remote_addr)
    return Response(status=204)
