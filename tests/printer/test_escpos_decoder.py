"""The emulator's decoder over the exact bytes python-escpos produces."""

from __future__ import annotations

import pytest
from escpos.printer import Dummy
from PIL import Image

from printer import decode, render_ticket
from printer.escpos_decoder import DecodedTicket, EscPosDecoder, StatusRequest
from tests.printer.conftest import TRACK_URL, make_ticket


def dummy() -> Dummy:
    return Dummy(profile="TM-T20II")


@pytest.mark.parametrize("paper_mm", [80, 58])
@pytest.mark.parametrize("language", ["id", "en"])
def test_a_rendered_ticket_decodes_back_to_its_code_url_and_alignment(paper_mm, language):
    [ticket] = decode(render_ticket(make_ticket(language=language), paper_mm=paper_mm))
    assert ticket.complete
    assert ticket.qr_payloads == [TRACK_URL]
    assert ticket.qr_codes[0].align == "center" and ticket.qr_codes[0].error_level == "M"
    code = next(line for line in ticket.lines if line.text == "A012")
    assert code.align == "center" and code.size == (4, 4) and code.bold
    assert not ticket.unknown


def test_bytes_split_anywhere_decode_the_same(tmp_path):
    logo = tmp_path / "logo.png"
    Image.new("RGB", (200, 80), "black").save(logo)
    data = render_ticket(make_ticket(logo_path=logo, copy_mark="ULANG"))
    decoder = EscPosDecoder()
    events = []
    for k in range(len(data)):  # the worst case: one byte per TCP segment
        events.extend(decoder.feed(data[k:k + 1]))
    assert events == decode(data)


def test_status_requests_are_reported_in_stream_order_and_are_not_content():
    decoder = EscPosDecoder()
    events = decoder.feed(b"\x10\x04\x01\x10\x04\x04\x1b@hi\n\x1dV\x00\x10\x04\x01")
    assert [type(e) for e in events] == [StatusRequest, StatusRequest, DecodedTicket,
                                         StatusRequest]
    assert [e.n for e in events if isinstance(e, StatusRequest)] == [1, 4, 1]
    assert decoder.finish() is None
    assert decode(b"\x10\x04\x01\x10\x04\x04") == []


def test_status_bytes_inside_a_picture_are_picture_data():
    p = dummy()
    image = Image.new("1", (16, 2), 1)
    # a row whose bytes are exactly DLE EOT: must not be answered as a status request
    for x in (3, 13):
        image.putpixel((x, 0), 0)
    p.image(image)
    events = EscPosDecoder().feed(p.output)
    assert not any(isinstance(e, StatusRequest) for e in events)


def test_raster_images_keep_their_pixels():
    p = dummy()
    image = Image.new("1", (24, 8), 1)
    for x in range(0, 24, 3):
        image.putpixel((x, x % 8), 0)
    p.image(image)
    p.cut()
    [ticket] = decode(p.output)
    [picture] = ticket.images
    assert (picture.width, picture.height) == (24, 8)
    pixels = picture.to_pil()
    for x in range(24):
        for y in range(8):
            black = x % 3 == 0 and y == x % 8
            assert (pixels.getpixel((x, y)) == 0) == black


def test_text_styles_are_tracked():
    p = dummy()
    p.set(align="right", bold=True, underline=1)
    p.textln("kanan")
    p.set(align="left", bold=False, underline=0, double_width=True, double_height=True)
    p.textln("besar")
    p.set(normal_textsize=True, invert=True)
    p.textln("terbalik")
    p.cut()
    [ticket] = decode(p.output)
    right, big, inverse = (ticket.lines[0], ticket.lines[1], ticket.lines[2])
    assert (right.text, right.align, right.bold, right.runs[0].underline) == ("kanan", "right",
                                                                             True, 1)
    assert (big.text, big.align, big.size, big.bold) == ("besar", "left", (2, 2), False)
    assert inverse.invert and inverse.size == (1, 1)


def test_esc_bang_mode_byte_sets_bold_and_double_size_together():
    [ticket] = decode(b"\x1b!\x38X\n\x1b!\x00y\n\x1dV\x00")
    assert ticket.lines[0].bold and ticket.lines[0].size == (2, 2)
    assert not ticket.lines[1].bold and ticket.lines[1].size == (1, 1)


def test_mid_line_alignment_changes_apply_to_the_next_line():
    [ticket] = decode(b"ab\x1ba\x01cd\nef\n\x1dV\x00")
    assert [(line.text, line.align) for line in ticket.lines] == [("abcd", "left"),
                                                                  ("ef", "center")]


def test_text_is_decoded_in_the_selected_code_page():
    [ticket] = decode(b"\x80\n\x1bt\x10\x80\n\x1bt\x00\xf1\n\x1dV\x00")
    assert [line.text for line in ticket.lines] == ["Ç", "€", "±"]  # CP437, CP1252, CP437


def test_python_escpos_magic_encoding_round_trips():
    p = dummy()
    p.textln("Déjà vu ± ½ €")  # python-escpos switches code pages as it needs
    p.cut()
    [ticket] = decode(p.output)
    assert ticket.lines[0].text == "Déjà vu ± ½ €"


def test_feed_lines_and_dots():
    [ticket] = decode(b"a\x1bd\x03b\n\x1bJ\x40c\n\x1dV\x00")
    assert [line.text for line in ticket.lines] == ["a", "", "", "b", "c"]


def test_hardware_barcodes_of_both_function_types(capsys):
    p = dummy()
    p.barcode("12345", "CODE39", function_type="A")
    p.barcode("{BLOKET-42", "CODE128", function_type="B")
    p.cut()
    capsys.readouterr()  # python-escpos talks on stdout when printing barcodes
    [ticket] = decode(p.output)
    assert [(b.kind, b.data) for b in ticket.barcodes] == [("CODE39", "12345"),
                                                           ("CODE128", "{BLOKET-42")]


def test_unknown_commands_are_skipped_and_recorded():
    [ticket] = decode(b"\x1b\x99ab\x1d\x99cd\n\x1c\x99\x1b@\x1dV\x00")
    assert ticket.lines[0].text == "abcd"
    assert ticket.unknown == ("ESC 0x99", "GS 0x99", "FS 0x99")


def test_known_but_irrelevant_commands_are_skipped_quietly():
    data = (b"\x1b3\x20\x1b2\x1bM\x01\x1b{\x00\x1dL\x00\x00\x1dH\x02\x1dh\x50"
            b"\x1bp\x00\x19\xfa\x10\x14\x01\x00\x01\x1d(A\x02\x00\x00\x02ok\n\x1dV\x00")
    [ticket] = decode(data)
    assert ticket.lines[0].text == "ok"
    assert ticket.unknown == ("GS ( A function",)


def test_a_stream_without_cut_is_one_incomplete_ticket():
    [ticket] = decode(b"\x1b@halo\nsetengah")
    assert not ticket.complete
    assert [line.text for line in ticket.lines] == ["halo", "setengah"]


def test_a_cut_of_blank_paper_is_not_a_ticket():
    assert decode(b"\x1b@\x1bd\x06\x1dV\x00") == []
    assert decode(b"") == []


def test_several_tickets_in_one_stream():
    data = render_ticket(make_ticket(code="A001")) + render_ticket(make_ticket(code="B002"))
    first, second = decode(data)
    assert "A001" in first.text and "B002" in second.text
    assert first.complete and second.complete


def test_a_command_cut_off_by_the_end_of_the_stream_is_recorded():
    decoder = EscPosDecoder()
    decoder.feed(b"halo\n\x1dv0\x00\x10\x00\x10\x00\xff")  # image header promises 256 bytes
    tail = decoder.finish()
    assert tail is not None and not tail.complete
    assert tail.unknown and tail.unknown[0].startswith("truncated command")
