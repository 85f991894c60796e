"""The report as a file: CSV or XLSX of exactly the figures services/reports.py computed
(this module formats, it never recomputes).

CSV: UTF-8 with a byte-order mark, comma-separated, a point for decimals. The BOM is there
because Excel on an Indonesian Windows opens BOM-less UTF-8 as ANSI and garbles names; the
separators stay the standard ones so every other tool reads the file. To open figures in
Excel, the XLSX is the better choice: its cells are numbers whatever the PC's locale."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import xlsxwriter

from queue_server.domain.report_figures import Figures

from .reports import GROUP_LABELS, Daily, Summary, period_name

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"

# header, how to read it from a row, is it a number of minutes/percent (one decimal)
COLUMNS: tuple[tuple[str, Callable[[Figures], object], bool], ...] = (
    ("Kode", lambda f: f.key, False),
    ("Nama", lambda f: f.name, False),
    ("Tiket diambil", lambda f: f.issued, False),
    ("Dipanggil", lambda f: f.called, False),
    ("Dilayani", lambda f: f.served, False),
    ("Tidak hadir", lambda f: f.no_show, False),
    ("Dibatalkan", lambda f: f.cancelled, False),
    ("Dialihkan", lambda f: f.transferred_out, False),
    ("Waktu tunggu rata-rata (menit)", lambda f: f.wait.mean, True),
    ("Waktu tunggu p50 (menit)", lambda f: f.wait.p50, True),
    ("Waktu tunggu p90 (menit)", lambda f: f.wait.p90, True),
    ("Waktu tunggu maks (menit)", lambda f: f.wait.max, True),
    ("Waktu layanan rata-rata (menit)", lambda f: f.service.mean, True),
    ("Waktu layanan p50 (menit)", lambda f: f.service.p50, True),
    ("Waktu layanan p90 (menit)", lambda f: f.service.p90, True),
    ("Dalam batas tunggu (%)", lambda f: f.within_max_wait_pct, True),
    ("Prioritas diambil", lambda f: f.priority_issued, False),
    ("Prioritas dilayani", lambda f: f.priority_served, False),
    ("Waktu tunggu p50 prioritas (menit)", lambda f: f.priority_wait_p50, True),
)
HEADERS = ("Kelompok", *(c[0] for c in COLUMNS))
TOTAL_LABEL = "Jumlah"


@dataclass(frozen=True, slots=True)
class ReportFile:
    filename: str
    mimetype: str
    content: bytes


@dataclass(frozen=True, slots=True)
class _Sheet:
    label: str  # the grouping, Indonesian: the sheet's name and the CSV's first column
    rows: Sequence[Figures]
    total: Figures | None


def _period(first: str, last: str) -> str:
    return first if first == last else f"{first}_{last}"


def summary_file(summary: Summary, kind: str) -> ReportFile:
    label = GROUP_LABELS[summary.by]
    sheets = [_Sheet(label, summary.rows, summary.total)]
    name = (f"laporan-{_period(summary.first.isoformat(), summary.last.isoformat())}-"
            f"{label.lower()}")
    return _made(kind, name, sheets, summary, "Laporan ringkas")


def daily_file(daily: Daily, kind: str) -> ReportFile:
    sheets = [_Sheet(GROUP_LABELS["service"], daily.services.rows, daily.services.total),
              _Sheet(GROUP_LABELS["counter"], daily.counters, None)]
    return _made(kind, f"laporan-harian-{daily.day.isoformat()}", sheets, daily.services,
                 "Laporan harian")


def _made(kind: str, name: str, sheets: list[_Sheet], summary: Summary,
          title: str) -> ReportFile:
    if kind == "csv":
        return ReportFile(f"{name}.csv", CSV, _csv(sheets))
    heading = f"{summary.site_name} — {title} {period_name(summary.first, summary.last)}"
    return ReportFile(f"{name}.xlsx", XLSX, _xlsx(sheets, heading))


def _csv(sheets: list[_Sheet]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for sheet in sheets:
        for f in sheet.rows:
            writer.writerow([sheet.label, *(_text(read(f)) for _, read, _ in COLUMNS)])
        if sheet.total is not None:
            writer.writerow([TOTAL_LABEL, *(_text(read(sheet.total)) for _, read, _ in COLUMNS)])
    return out.getvalue().encode("utf-8-sig")


def _text(value: object) -> object:
    return "" if value is None else value


def _xlsx(sheets: list[_Sheet], heading: str) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    title = book.add_format({"bold": True, "font_size": 13})
    head = book.add_format({"bold": True, "text_wrap": True, "valign": "top",
                            "bg_color": "#E8EEF4", "border": 1})
    whole = book.add_format({"num_format": "0"})
    tenth = book.add_format({"num_format": "0.0"})
    bold = {"text": book.add_format({"bold": True}),
            "whole": book.add_format({"bold": True, "num_format": "0"}),
            "tenth": book.add_format({"bold": True, "num_format": "0.0"})}
    for sheet in sheets:
        ws = book.add_worksheet(sheet.label)
        ws.write_string(0, 0, heading, title)
        ws.write_row(2, 0, HEADERS, head)
        ws.freeze_panes(3, 3)  # header row and the grouping/key/name columns stay in view
        ws.set_row(2, 45)
        ws.set_column(0, 0, 10)
        ws.set_column(1, 1, 16)
        ws.set_column(2, 2, 40)
        ws.set_column(3, len(HEADERS) - 1, 13)
        lines = [(sheet.label, f, False) for f in sheet.rows]
        if sheet.total is not None:
            lines.append((TOTAL_LABEL, sheet.total, True))
        for i, (label, f, is_total) in enumerate(lines, start=3):
            ws.write_string(i, 0, label, bold["text"] if is_total else None)
            for j, (_, read, decimal) in enumerate(COLUMNS, start=1):
                value = read(f)
                if value is None:
                    ws.write_blank(i, j, None)
                elif isinstance(value, str):
                    ws.write_string(i, j, value, bold["text"] if is_total else None)
                else:
                    fmt = ("tenth" if decimal else "whole")
                    ws.write_number(i, j, value,
                                    bold[fmt] if is_total else (tenth if decimal else whole))
    book.close()
    return buffer.getvalue()
