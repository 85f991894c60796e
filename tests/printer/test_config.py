"""Printer configuration: a `[printers.NAME]` table becomes a PrinterConfig (read by the
settings registry, queue_server/settings/devices.py), and every error names its key."""

from __future__ import annotations

import pytest

from printer import PrinterConfig
from queue_server.settings import parse_printer_config


def test_a_network_printer_table_is_parsed_with_defaults():
    config = parse_printer_config("lobi", {"kind": "network", "host": "192.168.1.50"})
    assert config == PrinterConfig(name="lobi", kind="network", host="192.168.1.50")
    assert (config.port, config.timeout, config.paper_mm, config.profile) == (9100, 5.0, 80,
                                                                             None)
    assert config.label == "192.168.1.50:9100"


def test_usb_ids_accept_integers_and_hex_strings():
    config = parse_printer_config("kios", {"kind": "usb", "vendor_id": "0x04b8",
                                           "product_id": 3605, "out_ep": "0x01",
                                           "paper_mm": 58, "profile": "TM-T20II",
                                           "timeout": 2})
    assert (config.vendor_id, config.product_id, config.out_ep) == (0x04B8, 0x0E15, 1)
    assert config.timeout == 2.0 and isinstance(config.timeout, float)
    assert config.label == "USB 04b8:0e15"


@pytest.mark.parametrize("table", [
    {"kind": "serial", "device": "/dev/ttyUSB0", "baudrate": 19200},
    {"kind": "cups", "queue": "kiosk1"},
    {"kind": "file", "path": "/dev/usb/lp0"},
])
def test_every_kind_has_a_valid_table(table):
    assert parse_printer_config("p", table).kind == table["kind"]


@pytest.mark.parametrize(("table", "key", "words"), [
    ({"kind": "network", "host": "h", "hots": "x"}, "hots", "unknown key"),
    ({"host": "h"}, "kind", "required"),
    ({"kind": "bluetooth"}, "kind", "must be one of"),
    ({"kind": "network"}, "host", "required"),
    ({"kind": "usb", "vendor_id": 1}, "product_id", "required"),
    ({"kind": "serial"}, "device", "required"),
    ({"kind": "cups"}, "queue", "required"),
    ({"kind": "file"}, "path", "required"),
    ({"kind": "network", "host": "h", "port": "9100"}, "port", "integer"),
    ({"kind": "network", "host": "h", "port": True}, "port", "integer"),
    ({"kind": "network", "host": "h", "port": 70000}, "port", "between"),
    ({"kind": "network", "host": 5}, "host", "string"),
    ({"kind": "network", "host": "h", "timeout": "5"}, "timeout", "seconds"),
    ({"kind": "network", "host": "h", "timeout": 0}, "timeout", "seconds"),
    ({"kind": "network", "host": "h", "paper_mm": 76}, "paper_mm", "58 or 80"),
    ({"kind": "network", "host": "h", "profile": "TM-Nope"}, "profile", "profile"),
    ({"kind": "usb", "vendor_id": "04b8", "product_id": 1}, "vendor_id", "hex"),
    ({"kind": "usb", "vendor_id": "0xzz", "product_id": 1}, "vendor_id", "hex"),
    ({"kind": "usb", "vendor_id": 0x10000, "product_id": 1}, "vendor_id", "between"),
    ({"kind": "usb", "vendor_id": 1, "product_id": 1, "in_ep": 300}, "in_ep", "between"),
    ({"kind": "usb", "vendor_id": 1, "product_id": 1, "host": "h"}, "host", "not used"),
    ({"kind": "network", "host": "h", "queue": "q"}, "queue", "not used"),
])
def test_config_errors_name_the_key(table, key, words):
    with pytest.raises(ValueError) as error:
        parse_printer_config("kiosk", table)
    assert str(error.value).startswith(f"{key}: ")
    assert words in str(error.value)
    assert error.value.key == key  # type: ignore[attr-defined]
