"""Paper rendering: the PNG a phone can scan and the plain-text copy of a ticket."""

from __future__ import annotations

import pytest
from PIL import Image, ImageChops

from printer import decode, render_png, render_text, render_ticket
from printer.paper import INCOMPLETE_MARK
from tests.printer.conftest import TRACK_URL, make_ticket, scanned


@pytest.mark.parametrize("paper_mm", [80, 58])
def test_the_png_qr_really_scans_to_the_tracking_url(tmp_path, paper_mm):
    [ticket] = decode(render_ticket(make_ticket(), paper_mm=paper_mm))
    png = render_png(ticket, tmp_path / "t.png", paper_mm=paper_mm)
    assert scanned(png) == [TRACK_URL]
    with Image.open(png) as image:
        assert image.width == {80: 640, 58: 464}[paper_mm]  # the paper, at 203 dpi


def test_the_png_is_white_paper_with_dark_big_code(tmp_path):
    [ticket] = decode(render_ticket(make_ticket()))
    with Image.open(render_png(ticket, tmp_path / "t.png")) as image:
        gray = image.convert("L")
        assert gray.getpixel((2, 2)) == 255
        dark = sum(gray.histogram()[:128])
        assert 0.02 < dark / (gray.width * gray.height) < 0.5


def test_render_png_falls_back_to_pillows_font(tmp_path, monkeypatch):
    monkeypatch.setattr("printer.paper.FONT_DIR", tmp_path / "no-fonts")
    [ticket] = decode(render_ticket(make_ticket()))
    assert scanned(render_png(ticket, tmp_path / "t.png")) == [TRACK_URL]


def test_render_text_has_the_lines_and_a_qr_marker():
    [ticket] = decode(render_ticket(make_ticket(priority_label="PRIORITAS - Lansia")))
    text = render_text(ticket)
    assert "A012" in text and "PRIORITAS - Lansia" in text
    assert f"[qr {TRACK_URL}]" in text
    assert "Mal Pelayanan Publik Kabupaten Lebong" in text
    assert INCOMPLETE_MARK not in text
    assert next(line for line in text.splitlines() if "Nomor Antrian" in line).startswith(" ")


def test_render_text_marks_barcodes_and_incomplete_tickets():
    [ticket] = decode(b"\x1dk\x04123\x00halo\n")
    text = render_text(ticket)
    assert "[barcode CODE39 123]" in text
    assert text.rstrip().endswith(INCOMPLETE_MARK)


def test_incomplete_ticket_png_carries_the_mark(tmp_path):
    [ticket] = decode(render_ticket(make_ticket())[:300])
    png = render_png(ticket, tmp_path / "half.png")
    with Image.open(png) as image:
        r, g, _ = image.convert("RGB").split()
    red = ImageChops.multiply(r.point(lambda v: 255 if v > 150 else 0),
                              g.point(lambda v: 255 if v < 80 else 0))
    assert red.getbbox()  # the emulator's own red note, not printed content
