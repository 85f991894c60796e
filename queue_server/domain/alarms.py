"""Alarms are derived state: given a snapshot of the hall, which conditions need a person.

Pure rules, no clock of their own and no storage: the use case (services/alarms.py) reads
the snapshot, asks `conditions`, and diffs the answer against the alarms still open. A
condition is identified by (kind, subject), so one condition is one alarm however often
it is evaluated."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from .catalog import Catalog
from .models import CounterStatus

SCREEN_SILENCE = timedelta(seconds=90)  # three missed heartbeats (they come every 30 s)
QUOTA_SHARE = 0.8
# a message queue that does not answer this long is an outage, not a blip (screens on other
# processes still converge through the database, only a few seconds later)
QUEUE_OUTAGE = timedelta(seconds=10)


class AlarmKind(StrEnum):
    LONG_WAIT = "long_wait"
    IDLE_COUNTER = "idle_counter"
    PRINTER_DOWN = "printer_down"
    PAPER_LOW = "paper_low"
    QUOTA_NEARLY_REACHED = "quota_nearly_reached"
    SCREEN_OFFLINE = "screen_offline"
    MESSAGE_QUEUE_DOWN = "message_queue_down"


PRINTER_KINDS = frozenset({AlarmKind.PRINTER_DOWN, AlarmKind.PAPER_LOW})
QUEUE_KINDS = frozenset({AlarmKind.MESSAGE_QUEUE_DOWN})
HALL_KINDS = frozenset(AlarmKind) - PRINTER_KINDS - QUEUE_KINDS


@dataclass(frozen=True, slots=True)
class Condition:
    kind: AlarmKind
    subject: str  # "service:ID", "counter:ID", "printer:NAME", "device:NAME"
    since: datetime
    message: str
    agency_id: str | None = None
    service_id: str | None = None
    counter_id: str | None = None
    device: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind.value, self.subject)


@dataclass(frozen=True, slots=True)
class CounterActivity:
    counter_id: str
    busy: bool  # calling or serving someone now
    last_activity_at: datetime | None  # its latest event today


@dataclass(frozen=True, slots=True)
class Heartbeat:
    device: str
    kind: str  # "kiosk" | "display"
    last_seen_at: datetime


@dataclass(frozen=True, slots=True)
class PrinterReading:
    name: str
    ok: bool | None  # None: not tried yet
    paper: str  # "ok" | "low" | "out" | "unknown"
    message: str
    since: datetime  # its last error (or, not known, when the snapshot was taken)


@dataclass(frozen=True, slots=True)
class QueueReading:
    """The message queue as this process last saw it."""

    ok: bool
    down_since: datetime | None  # the first failure of the current outage


@dataclass(frozen=True, slots=True)
class Snapshot:
    now: datetime
    catalog: Catalog
    oldest_waiting: dict[str, datetime]  # service id -> issue time of its oldest waiting
    waiting: dict[str, int]  # service id -> tickets waiting today
    issued: dict[str, int]  # service id -> tickets issued today
    counters: dict[str, CounterActivity] = field(default_factory=dict)
    heartbeats: tuple[Heartbeat, ...] = ()  # of devices still paired (revoked ones left out)
    idle_minutes: int = 10
    # None: this process does not know the printers, so their alarms are left as they are
    printers: tuple[PrinterReading, ...] | None = None
    # None: this process uses no message queue, so its alarm is left as it is
    message_queue: QueueReading | None = None


def judged_kinds(snapshot: Snapshot) -> frozenset[AlarmKind]:
    """The kinds the snapshot can decide; an open alarm of another kind is left alone."""
    return HALL_KINDS | (PRINTER_KINDS if snapshot.printers is not None else frozenset()) | \
        (QUEUE_KINDS if snapshot.message_queue is not None else frozenset())


def conditions(snapshot: Snapshot) -> list[Condition]:
    return [*long_waits(snapshot), *idle_counters(snapshot), *quotas(snapshot),
            *silent_screens(snapshot), *printers(snapshot.printers or ()),
            *queue_outage(snapshot)]


def long_waits(s: Snapshot) -> Iterable[Condition]:
    for service_id, oldest in s.oldest_waiting.items():
        service = s.catalog.services.get(service_id)
        if service is None or not service.max_wait_minutes:
            continue
        limit = oldest + timedelta(minutes=service.max_wait_minutes)
        if s.now >= limit:
            minutes = int((s.now - oldest).total_seconds() // 60)
            yield Condition(
                AlarmKind.LONG_WAIT, f"service:{service_id}", limit,
                f"{service.name}: warga menunggu {minutes} menit (batas "
                f"{service.max_wait_minutes} menit).",
                agency_id=service.agency_id, service_id=service_id)


def idle_counters(s: Snapshot) -> Iterable[Condition]:
    """Open, staffed today (it has acted; one nobody opened is unstaffed, which long_wait
    tells), nobody at it now, and its services have people waiting: idle counts from its
    last action or from when the oldest of those people came, whichever is later."""
    for counter in s.catalog.counters.values():
        activity = s.counters.get(counter.id)
        if not counter.active or counter.status is not CounterStatus.OPEN or \
                activity is None or activity.busy or activity.last_activity_at is None:
            continue
        queued = [s.oldest_waiting[sid] for sid in counter.service_weights
                  if s.waiting.get(sid, 0) > 0 and sid in s.oldest_waiting]
        if not queued:
            continue
        idle_from = max(min(queued), activity.last_activity_at)
        limit = idle_from + timedelta(minutes=s.idle_minutes)
        if s.now >= limit:
            minutes = int((s.now - idle_from).total_seconds() // 60)
            yield Condition(
                AlarmKind.IDLE_COUNTER, f"counter:{counter.id}", limit,
                f"{counter.name} buka tanpa memanggil selama {minutes} menit, "
                f"padahal ada warga menunggu.",
                agency_id=counter.agency_id, counter_id=counter.id)


def quota_used_share(issued: int, daily_quota: int | None) -> float | None:
    return None if not daily_quota else issued / daily_quota


def quotas(s: Snapshot) -> Iterable[Condition]:
    for service in s.catalog.services.values():
        issued = s.issued.get(service.id, 0)
        share = quota_used_share(issued, service.daily_quota)
        if share is not None and share >= QUOTA_SHARE:
            yield Condition(
                AlarmKind.QUOTA_NEARLY_REACHED, f"service:{service.id}", s.now,
                f"{service.name}: kuota hari ini terpakai {issued} dari "
                f"{service.daily_quota} ({round(share * 100)} %).",
                agency_id=service.agency_id, service_id=service.id)


def screen_is_silent(last_seen_at: datetime | None, now: datetime) -> bool:
    """A screen that never beat, or whose last heartbeat is older than SCREEN_SILENCE."""
    return last_seen_at is None or now - last_seen_at > SCREEN_SILENCE


def silent_screens(s: Snapshot) -> Iterable[Condition]:
    for beat in s.heartbeats:
        if screen_is_silent(beat.last_seen_at, s.now):
            what = {"kiosk": "Kios", "survey": "Tablet survei"}.get(beat.kind, "Layar TV")
            yield Condition(
                AlarmKind.SCREEN_OFFLINE, f"device:{beat.device}",
                beat.last_seen_at + SCREEN_SILENCE,
                f"{what} {beat.device} tidak mengirim tanda hidup sejak "
                f"{int((s.now - beat.last_seen_at).total_seconds())} detik.",
                device=beat.device)


def printers(readings: Iterable[PrinterReading]) -> Iterable[Condition]:
    for p in readings:
        if p.ok is False:
            why = "kertas habis" if p.paper == "out" else p.message
            yield Condition(AlarmKind.PRINTER_DOWN, f"printer:{p.name}", p.since,
                            f"Printer {p.name} tidak dapat mencetak: {why}.", device=p.name)
        elif p.paper == "low":
            yield Condition(AlarmKind.PAPER_LOW, f"printer:{p.name}", p.since,
                            f"Kertas printer {p.name} hampir habis.", device=p.name)



def queue_outage(s: Snapshot) -> Iterable[Condition]:
    q = s.message_queue
    if q is None or q.ok or q.down_since is None or s.now - q.down_since < QUEUE_OUTAGE:
        return
    seconds = int((s.now - q.down_since).total_seconds())
    yield Condition(
        AlarmKind.MESSAGE_QUEUE_DOWN, "message_queue", q.down_since,
        f"Antrean pesan (Redis) tidak menjawab sejak {seconds} detik: layar yang tersambung "
        f"ke proses server lain menyusul lewat database, beberapa detik terlambat.")
