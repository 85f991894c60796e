"""Serial printers (RS-232 / USB-serial) through python-escpos (pyserial)."""

from __future__ import annotations

import contextlib
from typing import Any

from .config import PrinterConfig
from .errors import PrinterError, connection_lost


class SerialLink:
    """RS-232 / USB-serial through python-escpos (pyserial), with a write timeout too:
    with hardware flow control a switched-off printer would block a write forever."""

    def __init__(self, config: PrinterConfig) -> None:
        from escpos.exceptions import DeviceNotFoundError
        from escpos.printer import Serial

        self.config = config
        self.printer = Serial(devfile=config.device, baudrate=config.baudrate,
                              timeout=config.timeout, profile=config.profile or "default")
        try:
            self.printer.open()
        except DeviceNotFoundError:
            raise PrinterError("not_found", f"Port serial {config.device} tidak ada atau tidak "
                               "bisa dibuka — periksa kabel serial/USB-serial, nama device "
                               "dan izin grup dialout") from None
        self.port: Any = self.printer.device
        self.port.write_timeout = config.timeout

    def write(self, data: bytes) -> None:
        import serial

        try:
            self.port.write(data)
        except serial.SerialTimeoutException:
            raise PrinterError("timeout", f"Printer {self.config.label} tidak menerima data "
                               f"dalam {self.config.timeout:g} detik — periksa daya printer",
                               maybe_printed=True) from None
        except (serial.SerialException, OSError):
            raise connection_lost(self.config) from None

    def read_byte(self) -> int | None:
        import serial

        try:
            answer = self.port.read(1)
        except (serial.SerialException, OSError):
            raise connection_lost(self.config) from None
        return answer[0] if answer else None

    def close(self) -> None:
        # Not printer.close(): its flush() waits for the port to drain, possibly forever.
        with contextlib.suppress(Exception):
            self.port.reset_output_buffer()
            self.port.close()
        self.printer._device = False
