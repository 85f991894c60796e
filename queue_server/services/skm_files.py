"""SKM results as files, in the usual tabulation of PermenPAN-RB 14/2017 (this module
formats what services/skm_results.py and the domain computed; it never recomputes).

XLSX: sheet 1 has one row per respondent with U1–U9 as numbers, then the rows "Jumlah nilai
per unsur", "NRR per unsur" and "NRR tertimbang", then the IKM, mutu and kinerja; sheet 2
the respondents' profile (count and % per option); sheet 3 the suggestions. CSV: the
responses, one per row (UTF-8 with a BOM, as the reports' CSV, for Excel on Windows)."""

from __future__ import annotations

import csv
import io

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook

from queue_server.domain import skm as q

from .report_files import CSV, XLSX, ReportFile
from .reports import period_name
from .skm_results import Results

CHANNEL_LABELS = {"phone": "Ponsel", "survey": "Tablet loket"}
PROFILE_HEADERS = tuple(p.label for p in q.PROFILE)


def _name(found: Results) -> str:
    first, last = found.first.isoformat(), found.last.isoformat()
    scope = found.service_id or found.agency_id
    return f"skm-{first if first == last else f'{first}_{last}'}" + (f"-{scope}" if scope
                                                                       else "")


def _scope_text(found: Results) -> str:
    if found.service_id:
        return found.service_names.get(found.service_id, found.service_id)
    if found.agency_id:
        return found.agency_names.get(found.agency_id, found.agency_id)
    return "Seluruh layanan"


def results_file(found: Results, kind: str) -> ReportFile:
    if kind == "csv":
        return ReportFile(f"{_name(found)}.csv", CSV, _csv(found))
    return ReportFile(f"{_name(found)}.xlsx", XLSX, _xlsx(found))


def _respondent(found: Results, r: q.SkmResponse) -> list[object]:
    return [r.day, found.agency_names.get(r.agency_id, r.agency_id),
            found.service_names.get(r.service_id, r.service_id),
            CHANNEL_LABELS.get(r.channel, r.channel), *r.answers,
            *(p.label_of(r.profile(p.field)) for p in q.PROFILE)]


RESPONDENT_HEADERS = ("No", "Tanggal", "Instansi", "Layanan", "Kanal", *q.CODES,
                      *PROFILE_HEADERS)


def _csv(found: Results) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*RESPONDENT_HEADERS, "Loket", "Saran"])
    for i, r in enumerate(found.responses, start=1):
        writer.writerow([i, *_respondent(found, r), r.counter_id or "", r.suggestion or ""])
    return out.getvalue().encode("utf-8-sig")


def _xlsx(found: Results) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    fmt = {
        "title": book.add_format({"bold": True, "font_size": 13}),
        "head": book.add_format({"bold": True, "text_wrap": True, "valign": "top",
                                 "bg_color": "#E8EEF4", "border": 1, "align": "center"}),
        "bold": book.add_format({"bold": True}),
        "whole": book.add_format({"num_format": "0"}),
        "nrr": book.add_format({"bold": True, "num_format": "0.00"}),
        "weighted": book.add_format({"bold": True, "num_format": "0.000"}),
        "ikm": book.add_format({"bold": True, "num_format": "0.00", "font_size": 12}),
        "pct": book.add_format({"num_format": "0.0"}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
    }
    heading = (f"{found.site_name} — Survei Kepuasan Masyarakat (PermenPAN-RB 14/2017) — "
               f"{_scope_text(found)}")
    _tabulation(book, fmt, found, heading)
    _profile(book, fmt, found, heading)
    _suggestions(book, fmt, found, heading)
    book.close()
    return buffer.getvalue()


def _tabulation(book: Workbook, fmt: dict[str, Format], found: Results, heading: str) -> None:
    ws = book.add_worksheet("Tabulasi")
    ws.write_string(0, 0, heading, fmt["title"])
    ws.write_string(1, 0, f"Periode: {period_name(found.first, found.last)}")
    ws.write_row(3, 0, RESPONDENT_HEADERS, fmt["head"])
    ws.freeze_panes(4, 1)
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 11)
    ws.set_column(2, 3, 30)
    ws.set_column(4, 4, 12)
    ws.set_column(5, 5 + len(q.CODES) - 1, 6)
    ws.set_column(5 + len(q.CODES), len(RESPONDENT_HEADERS) - 1, 18)
    first_u = 5  # the column of U1
    row = 4
    for i, r in enumerate(found.responses, start=1):
        ws.write_number(row, 0, i, fmt["whole"])
        for j, value in enumerate(_respondent(found, r), start=1):
            if isinstance(value, int):
                ws.write_number(row, j, value, fmt["whole"])
            else:
                ws.write_string(row, j, str(value))
        row += 1
    score = found.total.score
    empty = score.respondents == 0
    row += 1
    lines = (("Jumlah nilai per unsur", lambda e: e.total, fmt["whole"]),
             ("NRR per unsur", lambda e: float(e.nrr), fmt["nrr"]),
             ("NRR tertimbang (NRR × 1/9)", lambda e: float(e.nrr_weighted), fmt["weighted"]))
    for label, read, cell in lines:
        ws.write_string(row, 0, label, fmt["bold"])
        for j, element in enumerate(score.elements):
            if empty:
                ws.write_blank(row, first_u + j, None)
            else:
                ws.write_number(row, first_u + j, read(element), cell)
        row += 1
    row += 1
    total = found.total
    facts: list[tuple[str, object, Format | None]] = [
        ("Jumlah responden", total.respondents, fmt["whole"]),
        ("Populasi (warga dilayani)", total.population, fmt["whole"]),
        ("Sampel minimum (Krejcie–Morgan)", total.min_sample, fmt["whole"]),
        ("Sampel terpenuhi", "Ya" if total.sample_met else "Belum", None),
        ("IKM (Σ NRR tertimbang × 25)", float(score.ikm) if score.ikm is not None else None,
         fmt["ikm"]),
        ("Mutu pelayanan", score.band.quality if score.band else "—", fmt["bold"]),
        ("Kinerja unit pelayanan", score.band.performance if score.band else "—", fmt["bold"]),
        ("Unsur terendah", ", ".join(score.lowest) or "—", None),
    ]
    for label, value, cell in facts:
        ws.write_string(row, 0, label, fmt["bold"])
        if value is None:
            ws.write_blank(row, 1, None)
        elif isinstance(value, int | float):
            ws.write_number(row, 1, value, cell)
        else:
            ws.write_string(row, 1, str(value), cell)
        row += 1
    row += 1
    ws.write_string(row, 0, "Unsur", fmt["head"])
    ws.write_string(row, 1, "Kode", fmt["head"])
    for j, element in enumerate(q.ELEMENTS):
        ws.write_string(row + 1 + j, 0, element.name)
        ws.write_string(row + 1 + j, 1, element.code)


def _profile(book: Workbook, fmt: dict[str, Format], found: Results, heading: str) -> None:
    ws = book.add_worksheet("Profil responden")
    ws.write_string(0, 0, heading, fmt["title"])
    ws.write_string(1, 0, f"Periode: {period_name(found.first, found.last)}")
    ws.set_column(0, 0, 30)
    ws.set_column(1, 2, 12)
    respondents = found.total.respondents
    row = 3
    for counts in found.profile:
        ws.write_row(row, 0, (counts.field.label, "Jumlah", "%"), fmt["head"])
        row += 1
        for code, count in counts.counts:
            ws.write_string(row, 0, counts.field.label_of(code))
            ws.write_number(row, 1, count, fmt["whole"])
            if respondents:
                ws.write_number(row, 2, round(count * 100 / respondents, 1), fmt["pct"])
            else:
                ws.write_blank(row, 2, None)
            row += 1
        ws.write_string(row, 0, "Jumlah", fmt["bold"])
        ws.write_number(row, 1, respondents, fmt["whole"])
        row += 2


def _suggestions(book: Workbook, fmt: dict[str, Format], found: Results,
                 heading: str) -> None:
    ws = book.add_worksheet("Saran")
    ws.write_string(0, 0, heading, fmt["title"])
    ws.write_row(2, 0, ("Tanggal", "Layanan", "Saran"), fmt["head"])
    ws.set_column(0, 0, 11)
    ws.set_column(1, 1, 30)
    ws.set_column(2, 2, 90)
    for i, s in enumerate(found.suggestions, start=3):
        ws.write_string(i, 0, s.day)
        ws.write_string(i, 1, s.service)
        ws.write_string(i, 2, s.text, fmt["wrap"])
