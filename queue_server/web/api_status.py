"""GET /api/v1/admin/status: the IT officer's status page in one answer (version, uptime,
disk, database and WAL size, last backup, printers, screens, Redis, recent errors).
Declared on the API registry of web/api.py; the use case is services/system_status.py."""

from __future__ import annotations

from typing import Any

from flask import jsonify

from queue_server.services import system_status
from queue_server.services.system_status import SystemStatus
from queue_server.web.api import _ext, api
from queue_server.web.auth import current_principal
from queue_server.web.schema_parts import nullable
from queue_server.web.schemas import SCHEMAS

_INT = {"type": "integer", "minimum": 0}
SCHEMAS.update({
    "SystemStatus": {
        "type": "object",
        "required": ["version", "now", "started_at", "uptime_seconds", "data_dir", "disk",
                     "database", "backup", "printers", "devices", "message_queue", "errors"],
        "properties": {
            "version": {"type": "string"},
            "now": {"type": "string", "format": "date-time"},
            "started_at": {"type": "string", "format": "date-time",
                           "description": "when this server process started"},
            "uptime_seconds": _INT,
            "data_dir": {"type": "string"},
            "disk": {"oneOf": [{"type": "null"}, {
                "type": "object", "required": ["free_bytes", "total_bytes"],
                "description": "the disk of the data folder",
                "properties": {"free_bytes": _INT, "total_bytes": _INT}}]},
            "database": {"type": "object", "required": ["bytes", "wal_bytes"],
                         "properties": {"bytes": _INT, "wal_bytes": _INT}},
            "backup": {"type": "object", "required": ["last", "stale", "dir"], "properties": {
                "last": {"oneOf": [{"$ref": "#/components/schemas/Backup"},
                                   {"type": "null"}]},
                "stale": {"type": "boolean",
                          "description": "no backup, or the last is older than a day"},
                "dir": {"type": "string"}}},
            "printers": {"type": "array", "items": {
                "type": "object", "required": ["name", "ok", "message", "paper"],
                "properties": {
                    "name": {"type": "string"}, "ok": nullable("boolean"),
                    "message": {"type": "string"},
                    "paper": {"type": "string", "enum": ["ok", "near_end", "out", "unknown"]},
                    "pending_jobs": _INT,
                    "held_jobs": {**_INT, "description": "jobs held because one failed twice "
                                  "in a row: nothing is sent until the printer is healthy"},
                    "last_success_at": nullable("string", format="date-time")}}},
            "devices": {"type": "array", "description": "kiosks, TVs and survey tablets "
                        "not revoked, with their last heartbeat", "items": {
                "type": "object",
                "required": ["name", "kind", "counter_id", "last_seen_at", "page", "address",
                             "silent"],
                "properties": {
                    "name": {"type": "string"}, "kind": {"type": "string"},
                    "counter_id": nullable("string"),
                    "last_seen_at": nullable("string", format="date-time"),
                    "page": nullable("string"),
                    "address": nullable("string", description="client address of the "
                                        "last heartbeat"),
                    "silent": {"type": "boolean", "description": "never beat, or silent "
                               "longer than the screen_offline alarm waits (90 s)"}}}},
            "message_queue": {"oneOf": [{"type": "null"}, {
                "type": "object", "required": ["url", "ok", "error"],
                "description": "Redis, when several server processes share the hall",
                "properties": {"url": {"type": "string"}, "ok": {"type": "boolean"},
                               "error": nullable("string")}}]},
            "errors": {"type": "array", "description": "the last ERROR records of the "
                       "server's log file, newest first", "items": {
                "type": "object", "required": ["at", "level", "logger", "message", "detail"],
                "properties": {
                    "at": {"type": "string", "format": "date-time"},
                    "level": {"type": "string"}, "logger": {"type": "string"},
                    "message": {"type": "string"}, "detail": nullable("string")}}},
        },
    },
})


def status_json(status: SystemStatus) -> dict[str, Any]:
    time = _ext().serializer.time
    last = status.last_backup
    return {
        "version": status.version,
        "now": time(status.now),
        "started_at": time(system_status.started_at(status)),
        "uptime_seconds": status.uptime_seconds,
        "data_dir": str(status.data_dir),
        "disk": {"free_bytes": status.disk.free_bytes, "total_bytes": status.disk.total_bytes}
        if status.disk else None,
        "database": {"bytes": status.database_bytes, "wal_bytes": status.wal_bytes},
        "backup": {
            "last": {"file": last.path.name, "made_at": time(last.made_at),
                     "size_bytes": last.size_bytes, "tickets": last.tickets} if last else None,
            "stale": status.backup_stale, "dir": str(status.backup_dir)},
        "printers": [{"name": name, **report} for name, report in status.printers.items()],
        "devices": [{"name": d.beat.device, "kind": d.beat.kind,
                     "counter_id": d.beat.counter_id, "last_seen_at": time(d.beat.last_seen_at),
                     "page": d.beat.page, "address": d.beat.address, "silent": d.silent}
                    for d in status.devices],
        "message_queue": {"url": status.message_queue.url, "ok": status.message_queue.ok,
                          "error": status.message_queue.error}
        if status.message_queue else None,
        "errors": [{"at": time(e.moment), "level": e.level, "logger": e.logger,
                    "message": e.message, "detail": e.detail} for e in status.errors],
    }


@api.route("/admin/status", "GET", summary="The IT officer's status page: version, uptime, "
           "disk, database and WAL size, last backup, printers, screens with their last "
           "heartbeat and address, Redis, recent errors of the log", who="admin",
           tag="administration", response="SystemStatus", errors=(401, 403))
def admin_status() -> Any:
    ext = _ext()
    printers = ext.printer_status() if ext.printer_status else {}
    status = system_status.system_status(ext.hall, current_principal(), ext.data_dir,
                                         printers)
    return jsonify(status_json(status))
