"""Fixtures for the printer package: a ticket model, a running emulator, its config."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import zxingcpp
from PIL import Image

from printer import PrinterConfig, PrinterEmulator, TicketPrint

WIB = ZoneInfo("Asia/Jakarta")
TRACK_URL = "https://antrian.lebongkab.go.id/t/Xy12abCD34"
TIMEOUT = 0.5  # seconds: every network step in these tests is bounded by it


def make_ticket(**changes: Any) -> TicketPrint:
    base = TicketPrint(
        site_name="Mal Pelayanan Publik Kabupaten Lebong",
        agency_name="Dinas Kependudukan dan Pencatatan Sipil",
        service_name="KTP-el – Perekaman",
        code="A012",
        issued_at=datetime(2026, 3, 2, 9, 0, tzinfo=WIB),  # a Monday
        people_ahead=4,
        # the caller's words (queue_server.domain.eta_words) in the ticket's language
        eta_text="~15 min" if changes.get("language") == "en" else "± 15 menit",
        track_url=TRACK_URL,
        footer="Terima kasih telah menunggu dengan tertib. Simpan tiket ini sampai "
               "nomor Anda dipanggil di layar.",
    )
    return replace(base, **changes)


def scanned(png: Path) -> list[str]:
    """What a phone camera reads off the printed PNG."""
    with Image.open(png) as image:
        return [result.text for result in zxingcpp.read_barcodes(image)]


@pytest.fixture
def ticket() -> Callable[..., TicketPrint]:
    return make_ticket


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[PrinterEmulator]:
    emu = PrinterEmulator(out_dir=tmp_path / "printed").start()
    try:
        yield emu
    finally:
        emu.stop()


@pytest.fixture
def network(emulator: PrinterEmulator) -> PrinterConfig:
    return PrinterConfig(name="kiosk", kind="network", host="127.0.0.1", port=emulator.port,
                         timeout=TIMEOUT)
