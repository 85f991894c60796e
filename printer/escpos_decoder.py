"""An ESC/POS decoder for what python-escpos sends: the emulator's "print head".

It parses commands structurally (length prefixes included), so a DLE EOT byte pair inside
a picture or a QR payload is data, not a status request. It is incremental: `feed()` takes
bytes as they arrive from a socket and returns the status requests to answer and the
tickets finished by a cut, in stream order. Unknown commands are logged, recorded on the
ticket and skipped.

One module on purpose (over 400 lines): one state machine over one command set.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Literal

from escpos.capabilities import CAPABILITIES
from escpos.constants import BARCODE_TYPE_A, BARCODE_TYPE_B
from PIL import Image, ImageOps

log = logging.getLogger(__name__)

Align = Literal["left", "center", "right"]
ALIGNS: dict[int, Align] = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center",
                            50: "right"}
QR_LEVELS = {48: "L", 49: "M", 50: "Q", 51: "H"}
BARCODE_NAMES = {
    **{int(code[2]): name for name, code in BARCODE_TYPE_A.items() if name != "CODABAR"},
    **{int(code[2]): name for name, code in BARCODE_TYPE_B.items() if name != "CODABAR"},
}
ESC, FS, GS, DLE = 0x1B, 0x1C, 0x1D, 0x10

# Fixed-length commands: (prefix, second byte) -> total length in bytes. What they set
# does not change the printed content this decoder models, so they are skipped quietly.
_SKIP: dict[tuple[int, int], int] = {
    **{(ESC, ord(c)): 3 for c in " %3+A?GJKMRTUVeru{=-!aEdt"},
    **{(ESC, ord(c)): 2 for c in "2<LSv"},
    (ESC, ord("$")): 4, (ESC, ord("\\")): 4, (ESC, ord("p")): 5, (ESC, ord("B")): 4,
    (ESC, ord("W")): 10,
    **{(GS, ord(c)): 3 for c in "!BHIbhwfaEr|/T"},
    **{(GS, ord(c)): 4 for c in "LWP$\\"},
    (GS, ord("^")): 5, (GS, ord(":")): 2,
    **{(FS, ord(c)): 2 for c in ".&"}, **{(FS, ord(c)): 3 for c in "!-CW"},
    (FS, ord("S")): 4, (FS, ord("p")): 4,
}


# ---------------------------------------------------------------- what comes out


@dataclass(frozen=True)
class TextRun:
    text: str
    bold: bool = False
    underline: int = 0
    invert: bool = False
    width: int = 1  # character size multipliers (GS ! / ESC !)
    height: int = 1
    font: int = 0


@dataclass(frozen=True)
class DecodedLine:
    runs: tuple[TextRun, ...]
    align: Align = "left"
    blank_height: int = 1  # an empty line's character height

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    @property
    def bold(self) -> bool:
        return any(run.bold for run in self.runs if run.text.strip())

    @property
    def invert(self) -> bool:
        return any(run.invert for run in self.runs if run.text.strip())

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) multipliers: the largest on the line."""
        if not self.runs:
            return (1, self.blank_height)
        return (max(r.width for r in self.runs), max(r.height for r in self.runs))


@dataclass(frozen=True)
class DecodedQr:
    payload: str
    size: int = 3  # module size in dots
    error_level: str = "L"
    model: int = 2
    align: Align = "left"


@dataclass(frozen=True)
class DecodedBarcode:
    kind: str
    data: str
    align: Align = "left"


@dataclass(frozen=True)
class DecodedImage:
    """A monochrome picture: `bits` rows of `(width + 7) // 8` bytes, MSB first, 1 = black."""

    width: int
    height: int
    bits: bytes
    align: Align = "left"
    scale_x: int = 1
    scale_y: int = 1

    def to_pil(self) -> Image.Image:
        """Black on white, scaled as the printer would print it."""
        row = (self.width + 7) // 8
        raw = Image.frombytes("1", (row * 8, self.height), self.bits[: row * self.height])
        # PIL's "1" mode reads a set bit as white; on paper a set bit is a black dot
        image = ImageOps.invert(raw.crop((0, 0, self.width, self.height)).convert("L"))
        if self.scale_x != 1 or self.scale_y != 1:
            image = image.resize((self.width * self.scale_x, self.height * self.scale_y),
                                 Image.Resampling.NEAREST)
        return image


@dataclass(frozen=True)
class Feed:
    """Paper fed by a number of dots (ESC J)."""

    dots: int


Block = DecodedLine | DecodedQr | DecodedBarcode | DecodedImage | Feed


@dataclass(frozen=True)
class DecodedTicket:
    blocks: tuple[Block, ...]
    complete: bool  # False: no cut arrived (the connection ended first)
    unknown: tuple[str, ...] = ()  # commands skipped without understanding them

    @property
    def lines(self) -> list[DecodedLine]:
        return [b for b in self.blocks if isinstance(b, DecodedLine)]

    @property
    def qr_codes(self) -> list[DecodedQr]:
        return [b for b in self.blocks if isinstance(b, DecodedQr)]

    @property
    def qr_payloads(self) -> list[str]:
        return [q.payload for q in self.qr_codes]

    @property
    def barcodes(self) -> list[DecodedBarcode]:
        return [b for b in self.blocks if isinstance(b, DecodedBarcode)]

    @property
    def images(self) -> list[DecodedImage]:
        return [b for b in self.blocks if isinstance(b, DecodedImage)]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def has_content(self) -> bool:
        """Anything a person would see: a cut of blank paper is not a ticket."""
        return any(b.text.strip() if isinstance(b, DecodedLine) else not isinstance(b, Feed)
                   for b in self.blocks)


@dataclass(frozen=True)
class StatusRequest:
    """DLE EOT n: the sender waits for one status byte."""

    n: int


Event = StatusRequest | DecodedTicket


# ---------------------------------------------------------------- code pages


_TABLES: dict[int, str] = {}


def code_page_table(n: int) -> str:
    """The 256 characters of ESC t table `n`, per python-escpos' printer database."""
    if n not in _TABLES:
        name = CAPABILITIES["profiles"]["default"]["codePages"].get(str(n), "Unknown")
        encoding = CAPABILITIES["encodings"].get(name, {})
        high: str | None = None
        if "python_encode" in encoding:
            high = bytes(range(128, 256)).decode(encoding["python_encode"], errors="replace")
        elif "data" in encoding:
            high = "".join(encoding["data"])
        if high is None or len(high) != 128:
            log.warning("ESC t %d (%s): unknown code page, decoding as CP437", n, name)
            high = bytes(range(128, 256)).decode("cp437")
        _TABLES[n] = "".join(chr(i) for i in range(128)) + high
    return _TABLES[n]


# ---------------------------------------------------------------- the decoder


class _Need(Exception):
    """The command at the cursor is not complete yet: wait for more bytes."""


@dataclass
class _Modes:
    align: Align = "left"
    bold: bool = False
    underline: int = 0
    invert: bool = False
    width: int = 1
    height: int = 1
    font: int = 0
    code_page: int = 0


@dataclass
class _Sheet:
    blocks: list[Block] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


class EscPosDecoder:
    """Incremental decoder: `feed(bytes) -> events`, then `finish()` at end of stream."""

    def __init__(self) -> None:
        self._buf = bytearray()
        self._modes = _Modes()
        self._sheet = _Sheet()
        self._runs: list[TextRun] = []
        self._line_align: Align = "left"
        self._line_has_graphics = False
        self._qr = {"model": 2, "size": 3, "level": "L", "data": b""}
        self._graphics: DecodedImage | None = None

    # -- public

    def feed(self, data: bytes) -> list[Event]:
        self._buf += data
        events: list[Event] = []
        i = 0
        while i < len(self._buf):
            try:
                i = self._step(i, events)
            except _Need:
                break
        del self._buf[:i]
        return events

    def finish(self) -> DecodedTicket | None:
        """The stream ended: what was printed since the last cut, if anything."""
        if self._buf:
            self._unknown(f"truncated command {bytes(self._buf[:8]).hex(' ')}")
            self._buf.clear()
        self._flush_line(keep_blank=False)
        ticket = DecodedTicket(tuple(self._sheet.blocks), complete=False,
                               unknown=tuple(self._sheet.unknown))
        self._sheet = _Sheet()
        return ticket if ticket.has_content else None

    # -- line building

    def _text(self, raw: bytes) -> None:
        table = code_page_table(self._modes.code_page)
        text = "".join(table[b] for b in raw)
        m = self._modes
        if not self._runs:
            self._line_align = m.align  # ESC a counts only at the start of a line
        run = TextRun(text, m.bold, m.underline, m.invert, m.width, m.height, m.font)
        last = self._runs[-1] if self._runs else None
        if last is not None and (last.bold, last.underline, last.invert, last.width,
                                 last.height, last.font) == (run.bold, run.underline,
                                                             run.invert, run.width,
                                                             run.height, run.font):
            self._runs[-1] = TextRun(last.text + text, m.bold, m.underline, m.invert, m.width,
                                     m.height, m.font)
        else:
            self._runs.append(run)

    def _flush_line(self, *, keep_blank: bool = True) -> None:
        if self._runs:
            self._sheet.blocks.append(DecodedLine(tuple(self._runs), self._line_align))
        elif keep_blank and not self._line_has_graphics:
            self._sheet.blocks.append(DecodedLine((), self._modes.align, self._modes.height))
        self._runs = []
        self._line_has_graphics = False

    def _block(self, block: Block) -> None:
        if self._runs:
            self._flush_line()
        self._sheet.blocks.append(block)

    def _cut(self, events: list[Event]) -> None:
        if self._runs:
            self._flush_line()
        ticket = DecodedTicket(tuple(self._sheet.blocks), complete=True,
                               unknown=tuple(self._sheet.unknown))
        self._sheet = _Sheet()
        if ticket.has_content:
            events.append(ticket)

    def _unknown(self, what: str) -> None:
        log.info("ESC/POS: skipped %s", what)
        self._sheet.unknown.append(what)

    # -- parsing

    def _need(self, i: int, n: int) -> None:
        if len(self._buf) < i + n:
            raise _Need

    def _u16(self, i: int) -> int:
        return self._buf[i] | self._buf[i + 1] << 8

    def _step(self, i: int, events: list[Event]) -> int:
        b = self._buf[i]
        if b >= 0x20 and b != 0x7F:
            j = i
            while j < len(self._buf) and self._buf[j] >= 0x20 and self._buf[j] != 0x7F:
                j += 1
            self._text(bytes(self._buf[i:j]))
            return j
        if b in (0x0A, 0x0C):  # LF, FF (standard mode): print the line
            self._flush_line()
            return i + 1
        if b == 0x09:  # HT: next 8-column tab stop
            column = sum(len(r.text) * r.width for r in self._runs)
            self._text(b" " * (8 - column % 8))
            return i + 1
        if b == DLE:
            return self._dle(i, events)
        if b == ESC:
            return self._esc(i, events)
        if b == GS:
            return self._gs(i, events)
        if b == FS:
            return self._fs(i)
        if b not in (0x00, 0x0D, 0x07, 0x7F):  # NUL, CR, BEL, DEL: nothing to print
            self._unknown(f"control byte 0x{b:02x}")
        return i + 1

    def _dle(self, i: int, events: list[Event]) -> int:
        self._need(i, 2)
        c = self._buf[i + 1]
        if c == 0x04:  # DLE EOT n [a]: real-time status request
            self._need(i, 3)
            n = self._buf[i + 2]
            if n in (7, 8):
                self._need(i, 4)
                return i + 4
            events.append(StatusRequest(n))
            return i + 3
        if c == 0x05:  # DLE ENQ n: real-time request to recover
            self._need(i, 3)
            return i + 3
        if c == 0x14:  # DLE DC4 fn ...: real-time pulse / power-off / buffer clear
            self._need(i, 3)
            size = {1: 5, 2: 5, 3: 7, 7: 5, 8: 10}.get(self._buf[i + 2], 3)
            self._need(i, size)
            return i + size
        self._unknown(f"DLE 0x{c:02x}")
        return i + 1

    def _esc(self, i: int, events: list[Event]) -> int:
        self._need(i, 2)
        c = self._buf[i + 1]
        m = self._modes
        if c == ord("@"):  # initialise: unprinted data is dropped, modes reset
            self._runs = []
            self._modes = _Modes()
            return i + 2
        if c in (ord("i"), ord("m")):  # old partial-cut commands
            self._cut(events)
            return i + 2
        if c == ord("*"):  # ESC * m nL nH d: column bit image, part of the current line
            self._need(i, 5)
            mode, width = self._buf[i + 2], self._u16(i + 3)
            rows = 1 if mode in (0, 1) else 3
            self._need(i, 5 + width * rows)
            self._column_image(bytes(self._buf[i + 5: i + 5 + width * rows]), width, mode)
            return i + 5 + width * rows
        if c == ord("D"):  # ESC D n1..nk NUL: tab stops
            end = self._buf.find(0, i + 2)
            if end < 0:
                self._need(i, 35)
                end = i + 34
            return end + 1
        if c == ord("&"):  # ESC & y c1 c2 [x d1..d(y*x)]...: user-defined characters
            self._need(i, 5)
            y, first, last = self._buf[i + 2], self._buf[i + 3], self._buf[i + 4]
            j = i + 5
            for _ in range(max(last - first + 1, 0)):
                self._need(j, 1)
                j += 1 + y * self._buf[j]
            self._need(j, 0)
            self._unknown("ESC & (user-defined characters)")
            return j
        if c == ord("c"):  # ESC c 3|4|5 n: paper sensors, panel buttons
            self._need(i, 4)
            return i + 4
        size = _SKIP.get((ESC, c))
        if size is None:
            self._unknown(f"ESC 0x{c:02x}")
            return i + 2
        self._need(i, size)
        n = self._buf[i + 2] if size > 2 else 0
        if c == ord("a"):
            m.align = ALIGNS.get(n, m.align)
        elif c == ord("E"):
            m.bold = bool(n & 1)
        elif c == ord("-"):
            m.underline = n & 0x03 if n < 48 else n - 48
        elif c == ord("!"):  # print modes: font, bold, double height/width, underline
            m.font, m.bold = n & 0x01, bool(n & 0x08)
            m.height, m.width = (2 if n & 0x10 else 1), (2 if n & 0x20 else 1)
            m.underline = 1 if n & 0x80 else 0
        elif c == ord("t"):
            m.code_page = n
        elif c == ord("M"):
            m.font = n & 0x01 if n < 48 else n - 48
        elif c == ord("d"):  # print and feed n lines: same as n line feeds
            for _ in range(max(n, 1) if self._runs else n):
                self._flush_line()
        elif c == ord("J"):  # print and feed n dots
            if self._runs:
                self._flush_line()
            self._sheet.blocks.append(Feed(n))
        return i + size

    def _gs(self, i: int, events: list[Event]) -> int:
        self._need(i, 2)
        c = self._buf[i + 1]
        m = self._modes
        if c == ord("V"):  # cut; function B and later carry a feed amount
            self._need(i, 3)
            size = 4 if self._buf[i + 2] in (65, 66, 97, 98, 103, 104) else 3
            self._need(i, size)
            self._cut(events)
            return i + size
        if c == ord("v"):  # GS v 0 m xL xH yL yH d: raster bit image
            self._need(i, 8)
            mode, row, height = self._buf[i + 3], self._u16(i + 4), self._u16(i + 6)
            self._need(i, 8 + row * height)
            mode = mode - 48 if mode >= 48 else mode
            self._block(DecodedImage(row * 8, height, bytes(self._buf[i + 8: i + 8 + row * height]),
                                     m.align, 2 if mode & 1 else 1, 2 if mode & 2 else 1))
            return i + 8 + row * height
        if c == ord("("):  # GS ( fn pL pH ...: length-prefixed functions
            self._need(i, 5)
            end = i + 5 + self._u16(i + 3)
            self._need(end, 0)
            self._gs_paren(chr(self._buf[i + 2]), bytes(self._buf[i + 5:end]))
            return end
        if c == ord("8"):  # GS 8 L p1 p2 p3 p4 ...: graphics with a 4-byte length
            self._need(i, 7)
            length = int.from_bytes(self._buf[i + 3:i + 7], "little")
            self._need(i, 7 + length)
            self._gs_paren(chr(self._buf[i + 2]), bytes(self._buf[i + 7:i + 7 + length]))
            return i + 7 + length
        if c == ord("k"):
            return self._barcode(i)
        if c == ord("*"):  # GS * x y d: define downloaded bit image (x*y*8 bytes)
            self._need(i, 4)
            size = 4 + self._buf[i + 2] * self._buf[i + 3] * 8
            self._need(i, size)
            self._unknown("GS * (downloaded bit image)")
            return i + size
        size = _SKIP.get((GS, c))
        if size is None:
            self._unknown(f"GS 0x{c:02x}")
            return i + 2
        self._need(i, size)
        n = self._buf[i + 2]
        if c == ord("!"):
            m.width, m.height = (n >> 4 & 0x07) + 1, (n & 0x07) + 1
        elif c == ord("B"):
            m.invert = bool(n & 1)
        elif c == ord("/"):
            self._unknown("GS / (print downloaded bit image)")
        return i + size

    def _gs_paren(self, fn: str, body: bytes) -> None:
        if fn == "k" and len(body) >= 2 and body[0] == 49:  # QR code, cn = 49
            function, args = body[1], body[2:]
            if function == 65 and args:  # model: 49 model 1, 50 model 2, 51 micro
                self._qr["model"] = args[0] - 48
            elif function == 67 and args:
                self._qr["size"] = args[0]
            elif function == 69 and args:
                self._qr["level"] = QR_LEVELS.get(args[0], "L")
            elif function == 80:  # store data (after m = 48)
                self._qr["data"] = args[1:]
            elif function == 81:  # print the stored symbol
                payload = bytes(self._qr["data"]).decode("utf-8", errors="replace")
                self._block(DecodedQr(payload, int(self._qr["size"]), str(self._qr["level"]),
                                      int(self._qr["model"]), self._modes.align))
            return
        if fn == "k" and len(body) >= 2 and body[0] == 48 and body[1] == 81:
            self._block(DecodedBarcode("PDF417", "", self._modes.align))
            return
        if fn == "L" and len(body) >= 2:  # graphics: store raster (112) / print (50)
            if body[1] == 112 and len(body) >= 10:
                scale_x, scale_y = body[3], body[4]
                width = body[6] | body[7] << 8
                height = body[8] | body[9] << 8
                self._graphics = DecodedImage(width, height, bytes(body[10:]), "left",
                                              max(scale_x, 1), max(scale_y, 1))
            elif body[1] == 50 and self._graphics is not None:
                g = self._graphics
                self._block(DecodedImage(g.width, g.height, g.bits, self._modes.align,
                                         g.scale_x, g.scale_y))
            return
        self._unknown(f"GS ( {fn} function")

    def _barcode(self, i: int) -> int:
        self._need(i, 3)
        kind = self._buf[i + 2]
        if kind <= 6:  # function A: data ends with NUL
            end = self._buf.find(0, i + 3)
            if end < 0:
                self._need(i, 3 + 256)
                self._unknown("GS k without NUL")
                return i + 3
            data, after = bytes(self._buf[i + 3:end]), end + 1
        else:  # function B: length byte
            self._need(i, 4)
            n = self._buf[i + 3]
            self._need(i, 4 + n)
            data, after = bytes(self._buf[i + 4:i + 4 + n]), i + 4 + n
        name = BARCODE_NAMES.get(kind, f"type {kind}")
        self._block(DecodedBarcode(name, data.decode("latin-1"), self._modes.align))
        return after

    def _column_image(self, data: bytes, width: int, mode: int) -> None:
        rows = 1 if mode in (0, 1) else 3
        height = rows * 8
        row_bytes = (width + 7) // 8
        bits = bytearray(row_bytes * height)
        for x in range(width):
            for k in range(rows):
                byte = data[x * rows + k]
                for bit in range(8):
                    if byte & (0x80 >> bit):
                        y = k * 8 + bit
                        bits[y * row_bytes + x // 8] |= 0x80 >> (x % 8)
        if self._runs:
            self._flush_line()
        self._sheet.blocks.append(DecodedImage(
            width, height, bytes(bits), self._modes.align,
            2 if mode in (0, 32) else 1, 3 if mode in (0, 1) else 1))
        self._line_has_graphics = True

    def _fs(self, i: int) -> int:
        self._need(i, 2)
        c = self._buf[i + 1]
        if c == ord("("):  # FS ( fn pL pH ...
            self._need(i, 5)
            end = i + 5 + self._u16(i + 3)
            self._need(end, 0)
            return end
        if c == ord("q"):  # FS q n [xL xH yL yH d]...: define NV images
            self._need(i, 3)
            j = i + 3
            for _ in range(self._buf[i + 2]):
                self._need(j, 4)
                j += 4 + self._u16(j) * self._u16(j + 2) * 8
            self._need(j, 0)
            self._unknown("FS q (define NV bit image)")
            return j
        size = _SKIP.get((FS, c))
        if size is None:
            self._unknown(f"FS 0x{c:02x}")
            return i + 2
        self._need(i, size)
        if c == ord("p"):
            self._unknown("FS p (NV logo stored in the printer)")
        return i + size


def decode(data: bytes) -> list[DecodedTicket]:
    """Every ticket in `data`: one per cut, plus a last incomplete one when content
    follows the last cut. Status requests are not content."""
    decoder = EscPosDecoder()
    tickets = [e for e in decoder.feed(data) if isinstance(e, DecodedTicket)]
    tail = decoder.finish()
    if tail is not None:
        tickets.append(tail)
    return tickets
