"""A ticket's print model and its ESC/POS bytes.

The bytes come from python-escpos (`Dummy` printer with a real printer profile), so what
the emulator and the tests decode is exactly what a real printer receives.

Code page: every ticket selects CP437 explicitly (`ESC t 0`) right after `ESC @`. It is
table 0 on every profile python-escpos knows and the power-on default of nearly every
ESC/POS printer, so the text cannot come out in a table the printer lacks. Text is
first made to fit CP437 (`printable`): typographic dashes and quotes become ASCII,
accents that CP437 lacks are dropped, control characters (an `ESC` in an admin-typed
footer would be a printer command) become spaces, anything else becomes "?".
"""

from __future__ import annotations

import logging
import textwrap
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

import qrcode
from escpos.capabilities import CAPABILITIES, get_profile
from escpos.constants import QR_ECLEVEL_M
from escpos.printer import Dummy
from PIL import Image

log = logging.getLogger(__name__)

Language = Literal["id", "en"]

# Real profiles from python-escpos' printer database. 80 mm: Epson TM-T20II (576 dots,
# 48 columns). 58 mm: the 384-dot / 32-column geometry of practically every 58 mm head;
# Sunmi-V2 is the database's 384-dot profile that declares native QR support.
DEFAULT_PROFILES: dict[int, str] = {80: "TM-T20II", 58: "Sunmi-V2"}
# Used only when a configured profile does not state its geometry.
FALLBACK_GEOMETRY: dict[int, tuple[int, int]] = {80: (576, 48), 58: (384, 32)}
CODE_PAGE = "CP437"

DAYS = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
MONTHS = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
           "September", "Oktober", "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}
TEXTS = {
    "id": {
        "number": "Nomor Antrian",
        "ahead": "Di depan Anda: {n} orang",
        "eta": "Perkiraan tunggu: {text}",
        "scan": "Pindai untuk pantau antrian",
        "void": "Cetakan sebelumnya tidak berlaku",
    },
    "en": {
        "number": "Queue number",
        "ahead": "People ahead: {n}",
        "eta": "Estimated wait: {text}",
        "scan": "Scan to follow your queue",
        "void": "Any earlier copy is void",
    },
}

# Characters CP437 lacks that tickets plausibly contain (names typed by an admin, copied
# from a word processor): an ASCII look-alike reads better than "?".
_ASCII_FOR = {
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-", "\u2018": "'", "\u2019": "'", "\u201a": "'",
    "\u2032": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2026": "...", "\u2022": "-", "\u00d7": "x", "\u2192": "->", "\u00a0": " ",
    "\u202f": " ", "\u2009": " ", "\u20ac": "EUR", "\u00a9": "(c)", "\u00ae": "(R)",
    # letters that do not decompose into a base letter plus an accent
    "\u0141": "L", "\u0142": "l", "\u0110": "D", "\u0111": "d", "\u00d8": "O", "\u00f8": "o",
    "\u0152": "OE", "\u0153": "oe",
}


@dataclass(frozen=True)
class TicketPrint:
    """Everything printed on one ticket, already localised by the caller."""

    site_name: str
    agency_name: str
    service_name: str
    code: str
    issued_at: datetime  # tz-aware, already in the site's zone
    people_ahead: int | None
    # the wait in words, as the kiosk and the phone say it ("segera", "± 14 menit"): the
    # caller writes them, so the paper has no wording of its own; None leaves the line out
    eta_text: str | None
    track_url: str
    zone_label: str = "WIB"
    footer: str = ""
    language: Language = "id"
    priority_label: str | None = None
    booking_mark: str | None = None  # e.g. "RESERVASI": checked in from an online booking
    copy_mark: str | None = None  # e.g. "ULANG": a retry/reprint, earlier copies are void
    logo_path: Path | None = None

    def __post_init__(self) -> None:
        if self.issued_at.tzinfo is None or self.issued_at.utcoffset() is None:
            raise ValueError("issued_at must be timezone-aware (in the site's zone)")
        if self.language not in TEXTS:
            raise ValueError(f"language must be 'id' or 'en', not {self.language!r}")
        if not self.code.strip():
            raise ValueError("code must not be empty")


# ---------------------------------------------------------------- text helpers


def _cp437_chars() -> frozenset[str]:
    return frozenset(bytes(range(128, 256)).decode("cp437"))


_CP437 = _cp437_chars()


def printable(text: str) -> str:
    """`text` reduced to characters CP437 can print; see the module docstring."""
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if char in "\r\n\t" or (ord(char) < 32 or ord(char) == 127):
            out.append(" ")
        elif ord(char) < 128 or char in _CP437:
            out.append(char)
        elif char in _ASCII_FOR:
            out.append(_ASCII_FOR[char])
        else:
            base = "".join(c for c in unicodedata.normalize("NFKD", char)
                           if not unicodedata.combining(c))
            out.append(base if base and all(ord(c) < 128 or c in _CP437 for c in base)
                       else "?")
    return "".join(out)


def format_issued_at(moment: datetime, language: Language, zone_label: str) -> str:
    """"Senin, 02 Maret 2026 09:00 WIB" / "Monday, 2 March 2026 09:00 WIB"."""
    day_name = DAYS[language][moment.weekday()]
    month = MONTHS[language][moment.month - 1]
    day = f"{moment.day:02d}" if language == "id" else str(moment.day)
    return f"{day_name}, {day} {month} {moment.year} {moment:%H:%M} {zone_label}".rstrip()


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(printable(text), max(width, 1), break_long_words=True) or [""]


# ---------------------------------------------------------------- geometry


@dataclass(frozen=True)
class _Geometry:
    profile: str
    dots: int | None  # None: the profile does not say; no images then
    columns: int
    native_qr: bool


def _geometry(paper_mm: int, profile: str | None) -> _Geometry:
    if paper_mm not in DEFAULT_PROFILES:
        raise ValueError(f"paper_mm must be 58 or 80, not {paper_mm!r}")
    name = profile or DEFAULT_PROFILES[paper_mm]
    if name not in CAPABILITIES["profiles"]:
        raise ValueError(f"unknown printer profile {name!r} (see python-escpos capabilities)")
    data = CAPABILITIES["profiles"][name]
    fallback_columns = FALLBACK_GEOMETRY[paper_mm][1]
    pixels = data.get("media", {}).get("width", {}).get("pixels")
    dots = pixels if isinstance(pixels, int) else None
    columns = data.get("fonts", {}).get("0", {}).get("columns", fallback_columns)
    return _Geometry(profile=name, dots=dots, columns=int(columns),
                     native_qr=bool(data.get("features", {}).get("qrCode")))


def _qr_dot_size(url: str, dots: int) -> int:
    """Module size so the code takes about half the paper width: big enough for a cheap
    phone camera, small enough to leave margins."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(url)
    # only the size is needed: best_fit picks the version without building the symbol
    # (make() also tries all eight masks in pure Python, ~4 ms per ticket on the server)
    modules = 17 + 4 * code.best_fit()
    return max(3, min(8, (dots // 2) // modules))


def _logo(path: Path, dots: int) -> Image.Image:
    """The logo scaled to at most half the paper width and 160 dots high."""
    with Image.open(path) as source:
        image = source.convert("RGBA")
    background = Image.new("RGBA", image.size, "white")
    image = Image.alpha_composite(background, image).convert("RGB")
    image.thumbnail((dots // 2, 160))
    return image


# ---------------------------------------------------------------- layout


def render_ticket(ticket: TicketPrint, *, paper_mm: int = 80, profile: str | None = None) -> bytes:
    """The ticket as ESC/POS bytes for a `paper_mm` printer of model `profile`."""
    geo = _geometry(paper_mm, profile)
    texts = TEXTS[ticket.language]
    cols = geo.columns
    p = Dummy(profile=geo.profile)

    p.hw("INIT")
    p.charcode(CODE_PAGE)  # ESC t: explicit, and no per-character code page switching
    p.set(align="center")

    if ticket.copy_mark:
        # A retry after a possibly partial print: make the earlier copy in the tray void.
        p.set(bold=True, invert=True, custom_size=True, width=2, height=2)
        for line in _wrap(ticket.copy_mark, cols // 2 - 2):
            p.textln(f" {line} ")
        p.set(bold=False, invert=False, custom_size=True, width=1, height=1)
        for line in _wrap(texts["void"], cols):
            p.textln(line)
        p.ln()

    if ticket.logo_path is not None:
        if geo.dots is None:
            log.warning("profile %s states no paper width: logo left out", geo.profile)
        else:
            try:
                p.image(_logo(ticket.logo_path, geo.dots), center=True)
            except OSError as exc:  # a missing logo must not stop the ticket
                log.warning("ticket logo %s not printed: %s", ticket.logo_path, exc)

    p.set(bold=True)
    for line in _wrap(ticket.site_name, cols):
        p.textln(line)
    p.set(bold=False)
    for text in (ticket.agency_name, ticket.service_name):
        if text.strip():
            for line in _wrap(text, cols):
                p.textln(line)
    p.textln("-" * cols)

    p.textln(printable(texts["number"]))
    code = printable(ticket.code.strip())
    scale = max(2, min(4, cols // len(code)))
    p.set(bold=True, custom_size=True, width=scale, height=scale)
    for line in _wrap(code, cols // scale):
        p.textln(line)
    p.set(bold=False, custom_size=True, width=1, height=1)

    if ticket.priority_label:
        p.set(bold=True, custom_size=True, width=1, height=2)
        for line in _wrap(ticket.priority_label, cols):
            p.textln(line)
        p.set(bold=False, custom_size=True, width=1, height=1)

    if ticket.booking_mark:
        # the officer sees at a glance that this citizen booked (and waits from the slot)
        p.set(bold=True, invert=True, custom_size=True, width=2, height=2)
        for line in _wrap(ticket.booking_mark, cols // 2 - 2):
            p.textln(f" {line} ")
        p.set(bold=False, invert=False, custom_size=True, width=1, height=1)

    p.textln(printable(format_issued_at(ticket.issued_at, ticket.language, ticket.zone_label)))
    if ticket.people_ahead is not None:
        p.textln(printable(texts["ahead"].format(n=ticket.people_ahead)))
    if ticket.eta_text is not None:
        p.textln(printable(texts["eta"].format(text=ticket.eta_text)))
    p.textln("-" * cols)

    if ticket.track_url:
        # Native QR cannot be centred by python-escpos: the ESC a set above centres it.
        if geo.native_qr:
            p.qr(ticket.track_url, native=True, ec=QR_ECLEVEL_M,
                 size=_qr_dot_size(ticket.track_url, geo.dots or FALLBACK_GEOMETRY[paper_mm][0]))
            p.ln()
        elif geo.dots is not None:  # the model has no QR command: send it as a picture
            p.qr(ticket.track_url, native=False, ec=QR_ECLEVEL_M, center=True,
                 size=_qr_dot_size(ticket.track_url, geo.dots))
        for line in _wrap(texts["scan"], cols):
            p.textln(line)

    if ticket.footer.strip():
        p.ln()
        # split on newlines only: str.splitlines() also splits on \x1c-\x1e (FS, GS...)
        for paragraph in ticket.footer.replace("\r\n", "\n").split("\n"):
            for line in _wrap(paragraph, cols):
                p.textln(line)

    p.set(align="left")
    if get_profile(geo.profile).supports("paperPartCut") or \
            get_profile(geo.profile).supports("paperFullCut"):
        p.cut()
    else:
        # No cutter in the profile: still end with GS V so the printer (it ignores it) and
        # the emulator (it ends the ticket there) agree where the ticket stops.
        p.print_and_feed(4)
        p.cut(feed=False)
    return p.output
