"""USB printers through python-escpos (pyusb/libusb), every transfer bounded in ms."""

from __future__ import annotations

import contextlib
from typing import Any

from .config import PrinterConfig
from .errors import PrinterError, connection_lost


class UsbLink:
    """USB through python-escpos (pyusb/libusb); writes and reads bounded in ms."""

    def __init__(self, config: PrinterConfig) -> None:
        import usb.core
        from escpos.exceptions import DeviceNotFoundError
        from escpos.printer import Usb

        self.config = config
        self.ms = max(1, int(config.timeout * 1000))
        ends = {k: v for k, v in (("in_ep", config.in_ep), ("out_ep", config.out_ep))
                if v is not None}
        self.printer = Usb(config.vendor_id, config.product_id, timeout=self.ms,
                           profile=config.profile or "default", **ends)
        try:
            self.printer.open()
        except DeviceNotFoundError as exc:
            detail = str(exc).splitlines()[-1] if str(exc).strip() else ""
            raise PrinterError("not_found", f"Printer {config.label} tidak ditemukan — "
                               "periksa kabel USB, daya printer dan vendor_id/product_id "
                               f"(lsusb); izin akses perangkat juga bisa kurang ({detail})"
                               ) from None
        except usb.core.NoBackendError:
            raise PrinterError("config", "Pustaka libusb tidak terpasang — pasang paket "
                               "Debian libusb-1.0-0") from None
        except usb.core.USBError as exc:
            raise PrinterError("io", f"Printer {config.label} tidak bisa dibuka: {exc}") \
                from None
        self.device: Any = self.printer.device

    def write(self, data: bytes) -> None:
        import usb.core

        try:
            self.device.write(self.printer.out_ep, data, self.ms)
        except usb.core.USBTimeoutError:
            raise PrinterError("timeout", f"Printer {self.config.label} tidak menerima data "
                               f"dalam {self.config.timeout:g} detik — hasil cetak tidak pasti",
                               maybe_printed=True) from None
        except usb.core.USBError:
            raise connection_lost(self.config) from None

    def read_byte(self) -> int | None:
        import usb.core

        try:
            answer = self.device.read(self.printer.in_ep, 64, self.ms)
        except usb.core.USBTimeoutError:
            return None
        except usb.core.USBError:
            raise connection_lost(self.config) from None
        return answer[0] if len(answer) else None

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.printer.close()
