"""The latest sign of life of each kiosk and TV (one row a device, overwritten)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from queue_server.domain.alarms import Heartbeat

from .base import Table
from .rows import from_db_time, to_db_time


@dataclass(frozen=True)
class DeviceBeat:
    device: str
    kind: str
    counter_id: str | None  # a survey tablet's counter
    last_seen_at: datetime | None  # None: never beat
    page: str | None
    address: str | None  # the client address of its last heartbeat


class HeartbeatTable(Table):
    def beat(self, device: str, kind: str, page: str, at: datetime,
             address: str | None = None) -> None:
        self.conn.execute(
            "INSERT INTO device_heartbeats (device, kind, last_seen_at, page, address) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(device) DO UPDATE SET kind = excluded.kind, "
            "last_seen_at = excluded.last_seen_at, page = excluded.page, "
            "address = excluded.address",
            (device, kind, to_db_time(at), page, address))

    def of_paired_devices(self) -> list[Heartbeat]:
        """Heartbeats of devices still paired (not revoked, a token still live): a revoked
        screen is expected to be silent."""
        return [Heartbeat(r[0], r[1], from_db_time(r[2]))  # type: ignore[arg-type]
                for r in self._all(
                    "SELECT h.device, h.kind, h.last_seen_at FROM device_heartbeats h "
                    "JOIN devices d ON d.name = h.device WHERE d.revoked_at IS NULL AND EXISTS "
                    "(SELECT 1 FROM tokens t WHERE t.device_id = d.id AND t.revoked_at IS NULL) "
                    "ORDER BY h.device")]

    def of_every_device(self) -> list[DeviceBeat]:
        """Every device not revoked, with its last heartbeat if it ever sent one (the admin
        status page: a paired screen that never beat is worth seeing too)."""
        return [DeviceBeat(r[0], r[1], r[2], from_db_time(r[3]), r[4], r[5])
                for r in self._all(
                    "SELECT d.name, d.kind, d.counter_id, h.last_seen_at, h.page, h.address "
                    "FROM devices d LEFT JOIN device_heartbeats h ON h.device = d.name "
                    "WHERE d.revoked_at IS NULL ORDER BY d.kind, d.name")]
