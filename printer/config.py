"""Printer configuration: a config.toml `[printers.NAME]` table checked into a
PrinterConfig. Pure data and validation; the connections read it, never parse it."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Literal

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



class PrinterConfigError(ValueError):
    """A bad [printers.NAME] table; `key` is the offending key."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}")
        self.key = key


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
KEYS = frozenset(f.name for f in fields(PrinterConfig)) - {"name"}


def _text(key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise PrinterConfigError(key, f"must be a non-empty string, not {value!r}")
    return value.strip()


def _integer(key: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PrinterConfigError(key, f"must be an integer, not {value!r}")
    if not low <= value <= high:
        raise PrinterConfigError(key, f"must be between {low} and {high}, not {value}")
    return value


def _usb_id(key: str, value: Any, high: int) -> int:
    """An int, or a hex string as lsusb shows it ("0x04b8")."""
    if isinstance(value, str):
        text = value.strip().lower()
        if not text.startswith("0x"):
            raise PrinterConfigError(key, f'must be an integer or a hex string like "0x04b8", '
                                          f"not {value!r}")
        try:
            value = int(text, 16)
        except ValueError:
            raise PrinterConfigError(key, f"is not a hex number: {value!r}") from None
    return _integer(key, value, 0, high)


def parse_printer_config(name: str, table: dict[str, Any]) -> PrinterConfig:
    """A validated PrinterConfig from a config.toml `[printers.NAME]` table. Errors are
    PrinterConfigError (a ValueError) whose message starts with the offending key."""
    if not isinstance(table, dict):
        raise PrinterConfigError(name, "must be a table")
    for key in table:
        if key not in KEYS:
            known = ", ".join(sorted(KEYS))
            raise PrinterConfigError(key, f"unknown key (known keys: {known})")
    if "kind" not in table:
        raise PrinterConfigError("kind", f"is required (one of: {', '.join(KINDS)})")
    kind = table["kind"]
    if kind not in KINDS:
        raise PrinterConfigError("kind", f"must be one of {', '.join(KINDS)}, not {kind!r}")
    allowed = {*COMMON, *REQUIRED[kind], *OPTIONAL[kind]}
    for key in table:
        if key not in allowed:
            uses = ", ".join((*REQUIRED[kind], *OPTIONAL[kind])) or "no connection keys"
            raise PrinterConfigError(key, f'is not used by a printer of kind = "{kind}" '
                                          f"(it uses: {uses})")
    for key in REQUIRED[kind]:
        if key not in table:
            raise PrinterConfigError(key, f'is required for kind = "{kind}"')

    values: dict[str, Any] = {"name": name, "kind": kind}
    for key, value in table.items():
        if key in ("host", "device", "queue", "path", "profile"):
            values[key] = _text(key, value)
        elif key == "port":
            values[key] = _integer(key, value, 1, 65535)
        elif key in ("vendor_id", "product_id"):
            values[key] = _usb_id(key, value, 0xFFFF)
        elif key in ("in_ep", "out_ep"):
            values[key] = _usb_id(key, value, 0xFF)
        elif key == "baudrate":
            values[key] = _integer(key, value, 300, 921600)
        elif key == "paper_mm":
            if value not in (58, 80) or isinstance(value, bool):
                raise PrinterConfigError(key, f"must be 58 or 80, not {value!r}")
            values[key] = value
        elif key == "timeout":
            if isinstance(value, bool) or not isinstance(value, int | float) \
                    or not 0 < value <= 120:
                raise PrinterConfigError(key, f"must be a number of seconds between 0 and "
                                              f"120, not {value!r}")
            values[key] = float(value)
    profile = values.get("profile")
    if profile is not None and profile not in CAPABILITIES["profiles"]:
        raise PrinterConfigError("profile", f"{profile!r} is not a python-escpos printer "
                                            "profile (e.g. TM-T20II, TM-T88V, RP-F10-58mm)")
    return PrinterConfig(**values)
