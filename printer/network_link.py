"""Network printers: raw TCP to port 9100 (JetDirect / "RAW" printing)."""

from __future__ import annotations

import contextlib
import errno
import socket

from .config import PrinterConfig
from .errors import PrinterError, connection_lost


class NetworkLink:
    """Raw TCP to port 9100 (JetDirect / "RAW" printing)."""

    def __init__(self, config: PrinterConfig) -> None:
        self.config = config
        where = config.label
        try:
            self.sock = socket.create_connection((config.host, config.port),
                                                 timeout=config.timeout)
        except ConnectionRefusedError:
            raise PrinterError("refused", f"Printer {where} menolak koneksi — periksa "
                               "kabel/daya printer dan nomor port (biasanya 9100)") from None
        except TimeoutError:
            raise PrinterError("timeout", f"Printer {where} tidak menjawab dalam "
                               f"{config.timeout:g} detik — periksa printer menyala, kabel "
                               "jaringan dan alamat IP") from None
        except socket.gaierror:
            raise PrinterError("not_found", f"Alamat printer {config.host!r} tidak dikenal "
                               "— periksa host di config.toml") from None
        except OSError as exc:
            if exc.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EHOSTDOWN):
                raise PrinterError("not_found", f"Printer {where} tidak terjangkau di "
                                   "jaringan — periksa kabel jaringan dan alamat IP") from None
            raise PrinterError("io", f"Tidak bisa terhubung ke printer {where}: "
                               f"{exc.strerror or exc}") from None
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def write(self, data: bytes) -> None:
        try:
            self.sock.sendall(data)
        except TimeoutError:
            raise PrinterError("timeout", f"Printer {self.config.label} tidak menerima data "
                               f"dalam {self.config.timeout:g} detik — hasil cetak tidak pasti",
                               maybe_printed=True) from None
        except OSError:
            raise connection_lost(self.config) from None

    def read_byte(self) -> int | None:
        try:
            answer = self.sock.recv(1)
        except TimeoutError:
            return None
        except OSError:
            raise connection_lost(self.config) from None
        if not answer:  # the printer closed the connection
            raise connection_lost(self.config)
        return answer[0]

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.close()
