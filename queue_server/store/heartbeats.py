"""The latest sign of life of each kiosk and TV (one row a device, overwritten)."""

from __future__ import annotations

from datetime import datetime

from queue_server.domain.alarms import Heartbeat

from .base import Table
from .rows import from_db_time, to_db_time


class HeartbeatTable(Table):
    def beat(self, device: str, kind: str, page: str, at: datetime) -> None:
        self.conn.execute(
            "INSERT INTO device_heartbeats (device, kind, last_seen_at, page) "
            "VALUES (?, ?, ?, ?) ON CONFLICT(device) DO UPDATE SET kind = excluded.kind, "
            "last_seen_at = excluded.last_seen_at, page = excluded.page",
            (device, kind, to_db_time(at), page))

    def of_paired_devices(self) -> list[Heartbeat]:
        """Heartbeats of devices still paired (not revoked, a token still live): a revoked
        screen is expected to be silent."""
        return [Heartbeat(r[0], r[1], from_db_time(r[2]))  # type: ignore[arg-type]
                for r in self._all(
                    "SELECT h.device, h.kind, h.last_seen_at FROM device_heartbeats h "
                    "JOIN devices d ON d.name = h.device WHERE d.revoked_at IS NULL AND EXISTS "
                    "(SELECT 1 FROM tokens t WHERE t.device_id = d.id AND t.revoked_at IS NULL) "
                    "ORDER BY h.device")]
