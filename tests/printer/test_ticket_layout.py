"""The ticket's ESC/POS bytes, as python-escpos produces them for real printer profiles."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from PIL import Image

from printer import TicketPrint, decode, printable, render_ticket
from printer.ticket_layout import DEFAULT_PROFILES, format_issued_at
from tests.printer.conftest import TRACK_URL, WIB, make_ticket

WIDTHS = {80: 48, 58: 32}  # paper_mm -> characters per line of the default profile


def only_ticket(data: bytes):
    [ticket] = decode(data)
    return ticket


@pytest.mark.parametrize("paper_mm", [80, 58])
@pytest.mark.parametrize("language", ["id", "en"])
def test_the_code_is_printed_bold_in_at_least_double_size(paper_mm, language):
    data = render_ticket(make_ticket(language=language), paper_mm=paper_mm)
    # GS ! n sets width (high nibble) and height (low nibble) multipliers before the code
    size = re.search(rb"\x1d!(.)[^\n]*A012\n", data, re.DOTALL)
    assert size is not None
    assert size.group(1)[0] >> 4 >= 1 and size.group(1)[0] & 0x0F >= 1
    [line] = [line for line in only_ticket(data).lines if line.text == "A012"]
    assert line.size[0] >= 2 and line.size[1] >= 2
    assert line.bold and line.align == "center"


@pytest.mark.parametrize("paper_mm", [80, 58])
def test_native_qr_carries_the_tracking_url(paper_mm):
    data = render_ticket(make_ticket(), paper_mm=paper_mm)
    url = TRACK_URL.encode()
    length = len(url) + 3  # cn, fn, m
    store = b"\x1d(k" + bytes((length & 0xFF, length >> 8)) + b"1P0" + url
    assert store in data
    assert b"\x1d(k\x03\x001Q0" in data  # print the stored symbol
    assert data.index(b"\x1ba\x01") < data.index(store)  # centred by ESC a, not by escpos


@pytest.mark.parametrize("paper_mm", [80, 58])
def test_the_ticket_ends_with_a_cut(paper_mm):
    data = render_ticket(make_ticket(), paper_mm=paper_mm)
    assert re.search(rb"\x1dV(\x00|\x01|0|1|[ABab].)$", data, re.DOTALL)
    assert data.startswith(b"\x1b@")
    assert only_ticket(data).complete


def test_copy_mark_is_printed_inverted_and_large_at_the_top():
    data = render_ticket(make_ticket(copy_mark="ULANG"))
    lines = [line for line in only_ticket(data).lines if line.text.strip()]
    first = lines[0]
    assert first.text.strip() == "ULANG"
    assert first.invert and first.bold and first.size == (2, 2)
    assert "tidak berlaku" in lines[1].text  # says why it is there
    assert not lines[1].invert


def test_without_copy_mark_nothing_is_inverted_and_no_mark_is_printed():
    data = render_ticket(make_ticket(copy_mark=None))
    assert b"ULANG" not in data and b"\x1dB\x01" not in data
    assert not any(line.invert for line in only_ticket(data).lines)


def test_copy_mark_in_english():
    lines = only_ticket(render_ticket(make_ticket(copy_mark="COPY", language="en"))).lines
    texts = [line.text.strip() for line in lines if line.text.strip()]
    assert texts[0] == "COPY" and texts[1] == "Any earlier copy is void"


@pytest.mark.parametrize(("language", "expected"), [
    ("id", "Senin, 02 Maret 2026 09:00 WIB"),
    ("en", "Monday, 2 March 2026 09:00 WIB"),
])
def test_issue_time_is_written_out_in_the_ticket_language(language, expected):
    assert format_issued_at(datetime(2026, 3, 2, 9, 0, tzinfo=WIB), language, "WIB") == expected
    text = only_ticket(render_ticket(make_ticket(language=language))).text
    assert expected in text


@pytest.mark.parametrize(("language", "ahead", "wait", "scan"), [
    ("id", "Di depan Anda: 4 orang", "Perkiraan tunggu: ± 15 menit",
     "Pindai untuk pantau antrian"),
    ("en", "People ahead: 4", "Estimated wait: ~15 min", "Scan to follow your queue"),
])
def test_people_ahead_wait_and_scan_hint_in_each_language(language, ahead, wait, scan):
    text = only_ticket(render_ticket(make_ticket(language=language))).text
    assert ahead in text and wait in text and scan in text


def test_unknown_people_ahead_and_wait_are_left_out():
    text = only_ticket(render_ticket(make_ticket(people_ahead=None, eta_text=None))).text
    assert "Di depan Anda" not in text and "Perkiraan tunggu" not in text


def test_site_agency_service_and_priority_are_printed_centred():
    ticket = only_ticket(render_ticket(make_ticket(priority_label="PRIORITAS - Lansia")))
    by_text = {line.text: line for line in ticket.lines}
    assert by_text["Mal Pelayanan Publik Kabupaten Lebong"].bold
    assert "Dinas Kependudukan dan Pencatatan Sipil" in by_text
    assert "KTP-el - Perekaman" in by_text
    priority = by_text["PRIORITAS - Lansia"]
    assert priority.bold and priority.size[1] >= 2
    assert all(line.align == "center" for line in ticket.lines if line.text.strip())


def test_no_priority_line_without_priority():
    assert "PRIORITAS" not in only_ticket(render_ticket(make_ticket())).text


@pytest.mark.parametrize("paper_mm", [80, 58])
def test_every_line_fits_the_paper_width(paper_mm):
    footer = ("Terima kasih telah menunggu dengan tertib. Simpan tiket ini sampai nomor "
              "Anda dipanggil. Informasi pengaduan: WhatsApp 0812-3456-7890 atau "
              "datang ke meja informasi.")
    ticket = only_ticket(render_ticket(make_ticket(footer=footer), paper_mm=paper_mm))
    columns = WIDTHS[paper_mm]
    for line in ticket.lines:
        assert len(line.text) * line.size[0] <= columns, line.text
    footer_lines = [line.text for line in ticket.lines
                    if line.text and line.text.split()[0] in footer.split()]
    assert len(footer_lines) >= 3  # really wrapped, not cut off
    assert " ".join(" ".join(footer_lines).split()).endswith("ke meja informasi.")


def test_footer_line_breaks_are_kept():
    text = only_ticket(render_ticket(make_ticket(footer="Baris satu\nBaris dua"))).text
    assert "Baris satu\nBaris dua" in text


def test_text_is_sent_in_cp437_selected_once():
    data = render_ticket(make_ticket())
    assert data.startswith(b"\x1b@\x1bt\x00")  # ESC t 0 = CP437 right after init
    assert len(re.findall(rb"\x1bt", data)) == 1  # no per-character code page switching
    assert b"\xf1 15 menit" in data  # "±" is CP437 0xF1
    assert "KTP-el - Perekaman" in only_ticket(data).text  # the en dash became ASCII


def test_characters_outside_the_code_page_become_readable_ascii():
    assert printable("KTP–el — “Baru” … 5×") == 'KTP-el - "Baru" ... 5x'
    assert printable("Café ± · é") == "Café ± · é"  # all in CP437
    assert printable("Łódź") == "Lódz"  # ó is in CP437; ź loses its accent, Ł is mapped
    assert printable("antri 😀") == "antri ?"


def test_control_characters_cannot_inject_printer_commands():
    data = render_ticket(make_ticket(footer="Hati-hati\x1b@\x1dV\x00 akhir",
                                     site_name="MPP\x1dB\x01"))
    assert data.count(b"\x1b@") == 1
    assert data.count(b"\x1dB\x01") == 0
    ticket = only_ticket(data)
    assert "Hati-hati @ V  akhir" in ticket.text


def test_rendering_prints_nothing_to_stdout(capsys, tmp_path):
    logo = tmp_path / "logo.png"
    image = Image.new("RGBA", (800, 300), (0, 0, 0, 0))
    image.paste((20, 60, 160, 255), (100, 50, 700, 250))
    image.save(logo)
    for paper_mm in (80, 58):
        for language in ("id", "en"):
            render_ticket(make_ticket(language=language, logo_path=logo, copy_mark="ULANG",
                                      priority_label="PRIORITAS"), paper_mm=paper_mm)
    render_ticket(make_ticket(), profile="POS-5890")  # QR as a picture on that model
    captured = capsys.readouterr()
    assert captured.out == ""


def test_logo_is_printed_as_a_raster_image_that_fits_the_paper(tmp_path):
    logo = tmp_path / "logo.png"
    Image.new("RGB", (1200, 400), "black").save(logo)
    data = render_ticket(make_ticket(logo_path=logo), paper_mm=58)
    assert b"\x1dv0" in data
    [image] = only_ticket(data).images
    assert image.width <= 384 and image.height <= 160


def test_a_missing_logo_does_not_stop_the_ticket(tmp_path):
    data = render_ticket(make_ticket(logo_path=tmp_path / "nope.png"))
    assert "A012" in only_ticket(data).text


def test_default_profiles_are_real_python_escpos_profiles():
    assert DEFAULT_PROFILES == {80: "TM-T20II", 58: "Sunmi-V2"}


def test_an_explicit_profile_sets_the_line_width():
    data = render_ticket(make_ticket(), paper_mm=80, profile="TM-T88V")  # 42 columns
    assert b"-" * 42 + b"\n" in data and b"-" * 43 not in data


def test_a_model_without_native_qr_gets_the_qr_as_a_picture():
    data = render_ticket(make_ticket(), paper_mm=58, profile="POS-5890")
    assert b"\x1d(k" not in data
    assert only_ticket(data).images


@pytest.mark.parametrize(("changes", "message"), [
    ({"issued_at": datetime(2026, 3, 2, 9, 0)}, "timezone-aware"),
    ({"language": "fr"}, "language"),
    ({"code": " "}, "code"),
])
def test_invalid_print_models_are_rejected(changes, message):
    with pytest.raises(ValueError, match=message):
        make_ticket(**changes)


def test_unknown_profile_and_paper_width_are_rejected():
    with pytest.raises(ValueError, match="profile"):
        render_ticket(make_ticket(), profile="No-Such-Printer")
    with pytest.raises(ValueError, match="paper_mm"):
        render_ticket(make_ticket(), paper_mm=76)


def test_print_model_is_immutable():
    ticket: TicketPrint = make_ticket()
    with pytest.raises(AttributeError):
        ticket.code = "B001"  # type: ignore[misc]
