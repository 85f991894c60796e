"""Settings with bookings switched on for a service of the real MPP Lebong config, shared
by the booking tests of the domain, the services and the API."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from queue_server.settings import Settings


def with_bookings(settings: Settings, service_id: str = "ktp-el", *, minutes: int = 30,
                  capacity: int = 4, days_ahead: int = 7, **more: Any) -> Settings:
    """`more`: other Service fields (online_quota, daily_quota …) of that service."""
    services = tuple(
        replace(s, slot_minutes=minutes, slot_capacity=capacity,
                booking_days_ahead=days_ahead, **more) if s.id == service_id else s
        for s in settings.services)
    return replace(settings, services=services)
