"""Printer configuration: what a connection needs to reach one printer. Pure data; the
connections read it, and queue_server's settings registry checks a config.toml
`[printers.NAME]` table into it (this package imports nothing of queue_server)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from escpos.capabilities import CAPABILITIES

Kind = Literal["network", "usb", "serial", "cups", "file"]


@dataclass(frozen=True)
class PrinterConfig:
    name: str
    kind: Kind
    host: str | None = None
    port: int = 9100
    vendor_id: int | None = None
    product_id: int | None = None
    in_ep: int | None = None
    out_ep: int | None = None
    device: str | None = None
    baudrate: int = 9600
    queue: str | None = None
    path: str | None = None
    timeout: float = 5.0  # seconds; bounds every step (connect, each read, the send)
    paper_mm: int = 80
    profile: str | None = None

    @property
    def label(self) -> str:
        """How a person recognises this printer in a message."""
        if self.kind == "network":
            return f"{self.host}:{self.port}"
        if self.kind == "usb":
            return f"USB {self.vendor_id or 0:04x}:{self.product_id or 0:04x}"
        if self.kind == "serial":
            return f"serial {self.device}"
        if self.kind == "cups":
            return f"CUPS {self.queue}"
        return f"file {self.path}"


# Which keys each connection kind needs and may use, beside the COMMON ones; the settings
# registry (queue_server.settings.devices) declares the keys and checks tables against these.
KINDS: tuple[str, ...] = ("network", "usb", "serial", "cups", "file")
REQUIRED: dict[str, tuple[str, ...]] = {
    "network": ("host",),
    "usb": ("vendor_id", "product_id"),
    "serial": ("device",),
    "cups": ("queue",),
    "file": ("path",),
}
OPTIONAL: dict[str, tuple[str, ...]] = {
    "network": ("port",),
    "usb": ("in_ep", "out_ep"),
    "serial": ("baudrate",),
    "cups": (),
    "file": (),
}
COMMON = ("kind", "timeout", "paper_mm", "profile")
PROFILES: frozenset[str] = frozenset(CAPABILITIES["profiles"])  # python-escpos profiles
