"""Paper rendering: a decoded ticket drawn as the thermal paper would show it (PNG, with
a QR code a phone can scan) and as plain text, for the emulator, demo mode and tests."""

from __future__ import annotations

import functools
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont

from .escpos_decoder import (
    DecodedBarcode,
    DecodedImage,
    DecodedLine,
    DecodedQr,
    DecodedTicket,
    Feed,
    TextRun,
)

INCOMPLETE_MARK = "[TIDAK LENGKAP: koneksi terputus sebelum potong kertas]"

# Paper geometry: whole paper width and printable width in dots at 203 dpi, columns.
PAPER = {80: (640, 576, 48), 58: (464, 384, 32)}
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
CELL_W, CELL_H, LINE_PITCH = 12, 24, 30  # Epson font A cell, default line spacing
QR_LEVEL = {"L": qrcode.constants.ERROR_CORRECT_L, "M": qrcode.constants.ERROR_CORRECT_M,
            "Q": qrcode.constants.ERROR_CORRECT_Q, "H": qrcode.constants.ERROR_CORRECT_H}


def columns_for(paper_mm: int) -> int:
    """Characters per line of font A on this paper (80 mm when unknown)."""
    return PAPER[paper_mm if paper_mm in PAPER else 80][2]


@functools.lru_cache(maxsize=16)
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    name = "DejaVuSansMono-Bold.ttf" if bold else "DejaVuSansMono.ttf"
    try:
        return ImageFont.truetype(str(FONT_DIR / name), size)
    except OSError:
        return ImageFont.load_default()


def _run_image(run: TextRun, text: str) -> Image.Image:
    """One run of text at its character size, drawn 4x larger then scaled to the cell grid
    so 2x-4x sizes stay crisp."""
    factor = 4
    font = _font(run.bold, 19 * factor)
    big = Image.new("L", (max(len(text), 1) * CELL_W * factor, CELL_H * factor),
                    0 if run.invert else 255)
    draw = ImageDraw.Draw(big)
    for k, char in enumerate(text):  # one cell per character, like the printer
        draw.text((k * CELL_W * factor + factor, factor), char,
                  fill=255 if run.invert else 0, font=font)
    if run.underline:
        y = (CELL_H - 2) * factor
        draw.rectangle((0, y, big.width, y + run.underline * factor),
                       fill=255 if run.invert else 0)
    size = (len(text) * CELL_W * run.width, CELL_H * run.height)
    return big.resize(size, Image.Resampling.LANCZOS)


def _wrap_runs(line: DecodedLine, dots: int) -> list[list[tuple[TextRun, str]]]:
    """Split a line where the printer would wrap it: at the printable width."""
    rows: list[list[tuple[TextRun, str]]] = [[]]
    used = 0
    for run in line.runs:
        text = run.text
        while text:
            fit = max((dots - used) // (CELL_W * run.width), 0)
            if fit == 0:
                rows.append([])
                used = 0
                fit = max(dots // (CELL_W * run.width), 1)
            part, text = text[:fit], text[fit:]
            rows[-1].append((run, part))
            used += len(part) * CELL_W * run.width
    return rows


def _x(align: str, width: int, dots: int) -> int:
    if align == "center":
        return max((dots - width) // 2, 0)
    if align == "right":
        return max(dots - width, 0)
    return 0


def _strip(dots: int, height: int) -> Image.Image:
    return Image.new("L", (dots, height), 255)


def _line_strips(line: DecodedLine, dots: int) -> list[Image.Image]:
    if not line.runs:
        return [_strip(dots, max(LINE_PITCH, CELL_H * line.blank_height + 6))]
    strips = []
    for row in _wrap_runs(line, dots):
        images = [_run_image(run, text) for run, text in row]
        height = max((im.height for im in images), default=CELL_H)
        strip = _strip(dots, max(LINE_PITCH, height + 6))
        x = _x(line.align, sum(im.width for im in images), dots)
        for im in images:  # runs share a baseline
            strip.paste(im, (x, height - im.height))
            x += im.width
        strips.append(strip)
    return strips


def _qr_strip(qr: DecodedQr, dots: int) -> Image.Image:
    code = qrcode.QRCode(error_correction=QR_LEVEL.get(qr.error_level, QR_LEVEL["L"]),
                         border=4)
    code.add_data(qr.payload)
    code.make(fit=True)
    matrix = code.get_matrix()  # includes the quiet zone
    box = max(1, min(qr.size, dots // len(matrix)))
    side = len(matrix) * box
    image = Image.new("L", (side, side), 255)
    draw = ImageDraw.Draw(image)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                draw.rectangle((x * box, y * box, (x + 1) * box - 1, (y + 1) * box - 1), fill=0)
    strip = _strip(dots, side)
    strip.paste(image, (_x(qr.align, side, dots), 0))
    return strip


def _barcode_strip(barcode: DecodedBarcode, dots: int) -> Image.Image:
    label = f"[barcode {barcode.kind} {barcode.data}]"
    text = _run_image(TextRun(label[: dots // CELL_W]), label[: dots // CELL_W])
    strip = _strip(dots, text.height + 12)
    ImageDraw.Draw(strip).rectangle((0, 0, dots - 1, strip.height - 1), outline=0, width=2)
    strip.paste(text, (_x(barcode.align, text.width, dots), 6))
    return strip


def _image_strip(picture: DecodedImage, dots: int) -> Image.Image:
    image = picture.to_pil()
    if image.width > dots:
        image = image.crop((0, 0, dots, image.height))
    strip = _strip(dots, image.height)
    strip.paste(image, (_x(picture.align, image.width, dots), 0))
    return strip


def render_png(ticket: DecodedTicket, path: Path | str, *, paper_mm: int = 80) -> Path:
    """The ticket as the paper would show it: a white paper-width canvas, text honouring
    alignment, bold and size, QR codes as real (scannable) QR images."""
    paper, dots, _ = PAPER[paper_mm if paper_mm in PAPER else 80]
    strips: list[Image.Image] = []
    for block in ticket.blocks:
        if isinstance(block, DecodedLine):
            strips.extend(_line_strips(block, dots))
        elif isinstance(block, DecodedQr):
            strips.append(_qr_strip(block, dots))
        elif isinstance(block, DecodedBarcode):
            strips.append(_barcode_strip(block, dots))
        elif isinstance(block, DecodedImage):
            strips.append(_image_strip(block, dots))
        elif isinstance(block, Feed):
            strips.append(_strip(dots, max(block.dots, 1)))
    margin = (paper - dots) // 2
    height = sum(s.height for s in strips) + 2 * margin
    if not ticket.complete:
        height += 3 * LINE_PITCH
    canvas = Image.new("RGB", (paper, max(height, 2 * margin + 1)), "white")
    y = margin
    for strip in strips:
        canvas.paste(strip, (margin, y))
        y += strip.height
    if not ticket.complete:
        # the emulator's own note, in red: not something the printer printed
        draw = ImageDraw.Draw(canvas)
        teeth = [(x, y + (8 if (x // 8) % 2 else 0)) for x in range(0, paper + 8, 8)]
        draw.line(teeth, fill=(200, 0, 0), width=2)
        font = _font(True, 14)
        draw.text((margin, y + 20), INCOMPLETE_MARK, fill=(200, 0, 0), font=font)
    target = Path(path)
    temporary = target.with_name(f".{target.name}.tmp")
    canvas.save(temporary, format="PNG")
    temporary.replace(target)
    return target


def render_text(ticket: DecodedTicket, *, columns: int = 48) -> str:
    """The ticket as plain text: aligned lines, `[qr PAYLOAD]` / `[barcode …]` markers,
    and the incomplete mark when no cut arrived."""
    out: list[str] = []
    for block in ticket.blocks:
        if isinstance(block, DecodedLine):
            text = block.text  # plain text has no character sizes: align on the paper
            if block.align == "center":
                text = text.center(columns)
            elif block.align == "right":
                text = text.rjust(columns)
            out.append(text.rstrip())
        elif isinstance(block, DecodedQr):
            out.append(f"[qr {block.payload}]")
        elif isinstance(block, DecodedBarcode):
            out.append(f"[barcode {block.kind} {block.data}]")
        elif isinstance(block, DecodedImage):
            out.append(f"[image {block.width * block.scale_x}x{block.height * block.scale_y}]")
        elif isinstance(block, Feed):
            out.append("")
    while out and not out[-1]:
        out.pop()
    while out and not out[0]:
        out.pop(0)
    if not ticket.complete:
        out.append(INCOMPLETE_MARK)
    return "\n".join(out) + "\n"


def ticket_summary(ticket: DecodedTicket) -> str:
    """The biggest text on the ticket (its number) and its QR payload, for log lines."""
    lines = [line for line in ticket.lines if line.text.strip()]
    biggest = max(lines, key=lambda line: line.size[0] * line.size[1], default=None)
    parts = [biggest.text.strip() if biggest else "(tanpa teks)"]
    parts.extend(ticket.qr_payloads[:1])
    if not ticket.complete:
        parts.append("TIDAK LENGKAP")
    return "  ".join(parts)
