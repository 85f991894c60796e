"""Raising, clearing and acknowledging alarms, and the heartbeats of kiosks and TVs.

The rules are domain/alarms.py; this use case reads the hall's snapshot, diffs the
conditions against the open rows of `alarms`, and raises (row + `alarm.raised`) or clears
(cleared_at + `alarm.cleared`) in one transaction, then publishes so the realtime layer
tells the supervisors. Evaluating twice changes nothing the second time."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from queue_server.domain import access
from queue_server.domain.alarms import (
    AlarmKind,
    Condition,
    CounterActivity,
    PrinterReading,
    QueueReading,
    Snapshot,
    conditions,
    judged_kinds,
)
from queue_server.domain.errors import BadRequest, Forbidden, NotFound
from queue_server.domain.models import DeviceKind
from queue_server.services.hall import Hall, Outcome, require
from queue_server.store import Transaction
from queue_server.store.alarms import AlarmRow
from queue_server.store.rows import from_db_time, to_db_time

log = logging.getLogger(__name__)


def read_snapshot(hall: Hall, tx: Transaction,
                  printers: tuple[PrinterReading, ...] | None,
                  message_queue: QueueReading | None = None) -> Snapshot:
    now = hall.now()
    day = hall.today(now)
    catalog = hall.catalog(tx)
    busy = tx.tickets.at_counters()
    activity = tx.alarms.counter_activity(hall.start_of_day(now), list(catalog.counters))
    return Snapshot(
        now=now, catalog=catalog,
        oldest_waiting=tx.alarms.oldest_waiting(day),
        waiting=tx.tickets.waiting_counts(day),
        issued=tx.tickets.issued_counts(day),
        counters={cid: CounterActivity(cid, cid in busy,
                                       activity[cid][0] if cid in activity else None)
                  for cid in catalog.counters},
        heartbeats=tuple(tx.heartbeats.of_paired_devices()),
        idle_minutes=hall.config.queue.idle_alarm_minutes,
        printers=printers, message_queue=message_queue)


def _diff(found: list[Condition], open_rows: list[AlarmRow], judged: Iterable[AlarmKind]
          ) -> tuple[list[Condition], list[AlarmRow]]:
    judged = set(judged)
    wanted = {c.key: c for c in found}
    have = {a.key: a for a in open_rows}
    raise_ = [c for k, c in wanted.items() if k not in have]
    clear = [a for k, a in have.items() if k not in wanted and a.kind in judged]
    return raise_, clear


def evaluate(hall: Hall, printers: tuple[PrinterReading, ...] | None = None,
             message_queue: QueueReading | None = None) -> Outcome:
    """Bring the open alarms in line with the hall now. `printers` is what this process's
    spooler knows (None: not this process's business, their alarms stay as they are).
    A read decides first, so the usual answer (nothing changed) takes no write lock."""
    with hall.store.read() as tx:
        snap = read_snapshot(hall, tx, printers, message_queue)
        raise_, clear = _diff(conditions(snap), tx.alarms.open(), judged_kinds(snap))
    if not raise_ and not clear:
        return Outcome(ticket=None, events=[])
    with hall.store.write() as tx:
        snap = read_snapshot(hall, tx, printers, message_queue)  # again, under the lock: another
        raise_, clear = _diff(conditions(snap), tx.alarms.open(), judged_kinds(snap))
        for condition in raise_:
            row = tx.alarms.raise_(condition)
            tx.events.append("alarm.raised", snap.now, "system",
                             counter_id=row.counter_id, service_id=row.service_id,
                             data=alarm_data(row))
        for row in clear:
            tx.alarms.clear(row.id, snap.now)
            tx.events.append("alarm.cleared", snap.now, "system",
                             counter_id=row.counter_id, service_id=row.service_id,
                             data=alarm_data(row))
        outcome = Outcome(ticket=None, events=list(tx.written), catalog=snap.catalog)
    return hall.publish(outcome)


# ---------------------------------------------------------------- who sees which alarm


def can_see(p: access.Principal, alarm: AlarmRow) -> bool:
    """Admins every alarm; a supervisor their agencies' and the hall's shared devices'
    (printers and screens serve every agency, so an agency-less alarm is theirs too)."""
    if p.is_admin:
        return True
    if p.role is not access.Role.SUPERVISOR:
        return False
    return alarm.agency_id is None or alarm.agency_id in p.agencies


def require_supervision(p: access.Principal) -> None:
    require(p.is_admin or p.role is access.Role.SUPERVISOR, p.kind == "anonymous",
            "melihat supervisi")


def open_alarms(hall: Hall, p: access.Principal, agency_id: str | None = None
                ) -> list[AlarmRow]:
    require_supervision(p)
    with hall.store.read() as tx:
        rows = tx.alarms.open()
    return [a for a in rows if can_see(p, a)
            and (agency_id is None or a.agency_id in (None, agency_id))]


def acknowledge(hall: Hall, p: access.Principal, alarm_id: int) -> AlarmRow:
    require_supervision(p)
    with hall.store.write() as tx:
        row = tx.alarms.get(alarm_id)
        if row is None:
            raise NotFound(f"Alarm {alarm_id} tidak ditemukan.", field="id")
        if not can_see(p, row):  # another agency's: refused, not hidden behind a 404
            raise Forbidden(f"Alarm {alarm_id} milik instansi lain.", field="id")
        if row.cleared_at is not None:
            raise BadRequest("Alarm ini sudah selesai; tidak perlu diakui.", field="id")
        now = hall.now()
        tx.alarms.acknowledge(alarm_id, p.name, now)
        acked = tx.alarms.get(alarm_id)
        assert acked is not None
        tx.events.append("alarm.acknowledged", now, p.actor, counter_id=row.counter_id,
                         service_id=row.service_id, data=alarm_data(acked))
        outcome = Outcome(ticket=None, events=list(tx.written))
    hall.publish(outcome)
    return acked


# ---------------------------------------------------------------- heartbeats


def heartbeat(hall: Hall, p: access.Principal, page: str, address: str | None = None) -> None:
    """A kiosk, TV or survey tablet page says it is alive; only such devices send one.
    `address`: where it came from, for the IT officer's status page."""
    if p.kind == "anonymous":
        require(False, True, "mengirim tanda hidup")
    if p.device_kind not in (DeviceKind.KIOSK, DeviceKind.DISPLAY, DeviceKind.SURVEY):
        raise Forbidden("Hanya kios, layar TV dan tablet survei yang mengirim tanda hidup.")
    if page != p.device_kind.value:
        raise Forbidden(f"Perangkat {p.device_kind.value} tidak menampilkan halaman "
                         f"{page!r}.", field="page")
    with hall.store.write() as tx:
        tx.heartbeats.beat(p.name, p.device_kind.value, page, hall.now(), address)


# ---------------------------------------------------------------- alarms in events


def alarm_data(a: AlarmRow) -> dict[str, Any]:
    """An alarm as its events hold it (the realtime layer rebuilds it from here)."""
    return {"alarm_id": a.id, "kind": a.kind.value, "subject": a.subject,
            "agency_id": a.agency_id, "service_id": a.service_id, "counter_id": a.counter_id,
            "device": a.device, "since": to_db_time(a.since), "message": a.message,
            "acknowledged_by": a.acknowledged_by}


def alarm_of(data: dict[str, Any], cleared_at: datetime | None = None) -> AlarmRow:
    return AlarmRow(int(data["alarm_id"]), AlarmKind(data["kind"]), data["subject"],
                    data.get("agency_id"), data.get("service_id"), data.get("counter_id"),
                    data.get("device"), from_db_time(data["since"]),  # type: ignore[arg-type]
                    data["message"], cleared_at, data.get("acknowledged_by"))
