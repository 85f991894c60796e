"""Turning rows into domain objects and back. Times are stored as fixed-width UTC text so
that text order is time order (isoformat with its microseconds always written: left to
itself it drops zero microseconds, and the text would not sort)."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, time
from typing import Any

from queue_server.domain.models import (
    Agency,
    Counter,
    CounterStatus,
    Event,
    PriorityKind,
    Service,
    Ticket,
    TicketStatus,
    Zone,
)
from queue_server.domain.print_jobs import PrintJob, PrintStatus


def to_db_time(moment: datetime | None) -> str | None:
    """UTC as `2026-12-04T02:05:03.120000+00:00`. isoformat, not strftime: the same text
    in half the time, and a request saves many."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_db_time(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def hours_to_json(hours: dict[int, tuple[tuple[time, time], ...]]) -> str:
    return json.dumps(
        {str(day): [[f"{a:%H:%M:%S}", f"{b:%H:%M:%S}"] for a, b in spans]
         for day, spans in sorted(hours.items())},
        separators=(",", ":"),
    )


def hours_from_json(text: str | None) -> dict[int, tuple[tuple[time, time], ...]]:
    if not text:
        return {}
    return {
        int(day): tuple((time.fromisoformat(a), time.fromisoformat(b)) for a, b in spans)
        for day, spans in json.loads(text).items()
    }


Hours = dict[int, tuple[tuple[time, time], ...]]


def agency(row: sqlite3.Row) -> Agency:
    return Agency(row["id"], row["name"], row["short_name"], row["position"],
                  name_en=row["name_en"] or "", active=bool(row["active"]),
                  badge=row["badge"] or "", logo=row["logo"] or "")


def agency_columns(a: Agency) -> dict[str, Any]:
    return {"id": a.id, "name": a.name, "name_en": a.name_en or None,
            "short_name": a.short_name, "position": a.position, "active": int(a.active),
            "badge": a.badge or None, "logo": a.logo or None}


def service(row: sqlite3.Row, site_hours: Hours | None = None) -> Service:
    """`site_hours`: the site's week, under the days the service sets itself."""
    own = hours_from_json(row["own_hours"]) if row["own_hours"] is not None else None
    hours = {**(site_hours or {}), **(own or {})} if (site_hours or own) else \
        hours_from_json(row["hours"])
    return Service(
        id=row["id"], agency_id=row["agency_id"], prefix=row["prefix"], name=row["name"],
        name_en=row["name_en"] or row["name"], daily_quota=row["daily_quota"],
        max_wait_minutes=row["max_wait_minutes"],
        avg_service_minutes=row["avg_service_minutes"], position=row["position"],
        paused_reason=row["paused_reason"], hours=hours,
        requirements=tuple(json.loads(row["requirements"] or "[]")),
        online_quota=row["online_quota"], active=bool(row["active"]), own_hours=own,
        slot_minutes=row["slot_minutes"], slot_capacity=row["slot_capacity"],
        booking_days_ahead=row["booking_days_ahead"],
    )


def service_columns(s: Service) -> dict[str, Any]:
    """The columns a config file or an admin sets (not the pause, which officers set)."""
    return {
        "id": s.id, "agency_id": s.agency_id, "prefix": s.prefix, "name": s.name,
        "name_en": s.name_en, "daily_quota": s.daily_quota, "online_quota": s.online_quota,
        "max_wait_minutes": s.max_wait_minutes, "avg_service_minutes": s.avg_service_minutes,
        "own_hours": hours_to_json(s.own_hours) if s.own_hours else None,
        # the resolved week, read only where the site's schedule is not stored yet
        "hours": hours_to_json(s.hours),
        "requirements": json.dumps(list(s.requirements), ensure_ascii=False),
        "position": s.position, "active": int(s.active),
        "slot_minutes": s.slot_minutes, "slot_capacity": s.slot_capacity,
        "booking_days_ahead": s.booking_days_ahead,
    }


def counter(row: sqlite3.Row, weights: dict[str, float]) -> Counter:
    return Counter(
        id=row["id"], name=row["name"], number=row["number"], agency_id=row["agency_id"],
        service_weights=weights, status=CounterStatus(row["status"]),
        pause_reason=row["pause_reason"], active=bool(row["active"]),
    )


def counter_columns(c: Counter) -> dict[str, Any]:
    return {"id": c.id, "number": c.number, "name": c.name, "agency_id": c.agency_id,
            "position": c.number, "active": int(c.active)}


def zone_columns(z: Zone) -> dict[str, Any]:
    return {"id": z.id, "name": z.name, "agencies": json.dumps(list(z.agencies)),
            "counters": json.dumps(list(z.counters))}


def zone(row: sqlite3.Row) -> Zone:
    return Zone(row["id"], row["name"], tuple(json.loads(row["agencies"] or "[]")),
                tuple(json.loads(row["counters"] or "[]")))


TICKET_COLUMNS = (
    "id, code, number, day, service_id, agency_id, status, priority, priority_kind, language, "
    "issued_at, called_at, started_at, finished_at, counter_id, target_counter_id, "
    "transferred_from, call_count, track_token, issued_by, booking_code"
)


def ticket(row: sqlite3.Row) -> Ticket:
    return Ticket(
        id=row["id"], code=row["code"], number=row["number"], day=row["day"],
        service_id=row["service_id"], agency_id=row["agency_id"],
        status=TicketStatus(row["status"]), priority=bool(row["priority"]),
        priority_kind=PriorityKind(row["priority_kind"]) if row["priority_kind"] else None,
        language=row["language"], issued_at=from_db_time(row["issued_at"]),  # type: ignore[arg-type]
        called_at=from_db_time(row["called_at"]), started_at=from_db_time(row["started_at"]),
        finished_at=from_db_time(row["finished_at"]), counter_id=row["counter_id"],
        target_counter_id=row["target_counter_id"], transferred_from=row["transferred_from"],
        call_count=row["call_count"], track_token=row["track_token"],
        issued_by=row["issued_by"], booking_code=row["booking_code"],
    )


def print_job(row: sqlite3.Row) -> PrintJob:
    return PrintJob(
        id=row["id"], ticket_id=row["ticket_id"], printer=row["printer"],
        status=PrintStatus(row["status"]), reason=row["reason"], copy=bool(row["copy"]),
        attempts=row["attempts"], created_at=from_db_time(row["created_at"]),  # type: ignore[arg-type]
        updated_at=from_db_time(row["updated_at"]),  # type: ignore[arg-type]
        next_attempt_at=from_db_time(row["next_attempt_at"]), actor=row["actor"],
        last_error=row["last_error"], error_kind=row["error_kind"],
    )


def event(row: sqlite3.Row) -> Event:
    return Event(
        id=row["id"], type=row["type"], at=from_db_time(row["at"]),  # type: ignore[arg-type]
        actor=row["actor"], ticket_id=row["ticket_id"], counter_id=row["counter_id"],
        service_id=row["service_id"], data=json.loads(row["data"]),
    )
