"""The reports API: JSON as documented, the same figures as CSV and XLSX files, 400s that
name the field, and each supervisor inside their agencies."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import jsonschema
import pytest
from openpyxl import load_workbook

from tests.conftest import MONDAY_9AM, bearer
from tests.web.test_api import API, envelope_of, issue
from tests.web.test_openapi import schema_of

DAY = "2026-03-02"


@pytest.fixture
def day(client, tokens, clock):
    """09:00 two KTP-el tickets (Dukcapil) and one PKB (Samsat); 09:10 loket-1 calls the
    first KTP-el, starts at 09:12, finishes at 09:20 (wait 10, service 8); 09:30 loket-6
    calls the PKB and skips it (wait 30, no-show). The second KTP-el still waits."""
    def post(path: str, who: str) -> dict:
        r = client.post(f"{API}{path}", headers=bearer(tokens[who]))
        assert r.status_code == 200, r.get_data(as_text=True)
        return r.get_json()["ticket"]

    def at(minute: int) -> None:
        clock.set(MONDAY_9AM + timedelta(minutes=minute))

    first = issue(client, tokens, "ktp-el")
    issue(client, tokens, "ktp-el")
    issue(client, tokens, "pkb-tahunan")
    at(10)
    assert post("/counters/loket-1/call-next", "officer_here")["id"] == first["id"]
    at(12)
    post(f"/tickets/{first['id']}/start", "officer_here")
    at(20)
    post(f"/tickets/{first['id']}/finish", "officer_here")
    at(30)
    pkb = post("/counters/loket-6/call-next", "admin")
    at(31)
    post(f"/tickets/{pkb['id']}/skip", "admin")
    at(60)


def get(client, tokens, path: str, who: str = "admin", **query):
    return client.get(f"{API}/reports/{path}", query_string=query, headers=bearer(tokens[who]))


def test_the_summary_json_has_every_figure_of_each_row(client, tokens, day):
    r = get(client, tokens, "summary", **{"from": DAY, "to": DAY, "by": "service"})
    assert r.status_code == 200, r.get_data(as_text=True)
    body = r.get_json()
    jsonschema.validate(body, schema_of(client.get(f"{API}/openapi.json").get_json(),
                                        "ReportSummary"))
    assert (body["from"], body["to"], body["by"]) == (DAY, DAY, "service")
    rows = {row["key"]: row for row in body["rows"]}
    assert list(rows) == ["ktp-el", "pkb-tahunan"]
    ktp = rows["ktp-el"]
    assert (ktp["issued"], ktp["called"], ktp["served"], ktp["no_show"]) == (2, 1, 1, 0)
    assert ktp["wait_minutes"] == {"mean": 10.0, "p50": 10.0, "p90": 10.0, "max": 10.0}
    assert ktp["service_minutes"] == {"mean": 8.0, "p50": 8.0, "p90": 8.0}
    assert ktp["within_max_wait_pct"] == 100.0
    assert ktp["priority"] == {"issued": 0, "served": 0, "wait_p50": None}
    pkb = rows["pkb-tahunan"]
    assert (pkb["called"], pkb["no_show"], pkb["wait_minutes"]["max"]) == (1, 1, 30.0)
    assert pkb["service_minutes"]["mean"] is None
    total = body["total"]
    assert (total["key"], total["issued"], total["called"], total["served"]) == ("", 3, 2, 1)


def test_the_daily_json_adds_a_row_per_counter(client, tokens, day):
    r = get(client, tokens, "daily", date=DAY)
    assert r.status_code == 200, r.get_data(as_text=True)
    body = r.get_json()
    jsonschema.validate(body, schema_of(client.get(f"{API}/openapi.json").get_json(),
                                        "DailyReport"))
    assert body["by"] == "service" and body["from"] == body["to"] == DAY
    assert [(c["key"], c["called"]) for c in body["counters"]] == [("loket-1", 1),
                                                                   ("loket-6", 1)]


def test_the_csv_is_utf8_with_a_bom_and_the_same_figures(client, tokens, day):
    r = get(client, tokens, "summary", **{"from": DAY, "format": "csv"})
    assert r.status_code == 200
    assert r.mimetype == "text/csv"
    assert r.headers["Content-Disposition"] == \
        f'attachment; filename="laporan-{DAY}-layanan.csv"'
    raw = r.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [(x["Kelompok"], x["Kode"]) for x in lines] == [
        ("Layanan", "ktp-el"), ("Layanan", "pkb-tahunan"), ("Jumlah", "")]
    assert lines[0]["Nama"] == "KTP-el (Rekam & Cetak)"
    assert (lines[0]["Tiket diambil"], lines[0]["Dilayani"]) == ("2", "1")
    assert lines[0]["Waktu layanan p50 (menit)"] == "8.0"
    assert lines[1]["Waktu layanan p50 (menit)"] == ""  # nobody served: empty, not 0
    assert lines[2]["Tiket diambil"] == "3"


def test_the_daily_csv_holds_the_service_and_counter_rows(client, tokens, day):
    r = get(client, tokens, "daily", date=DAY, format="csv")
    lines = list(csv.DictReader(io.StringIO(r.get_data().decode("utf-8-sig"))))
    assert [(x["Kelompok"], x["Kode"]) for x in lines] == [
        ("Layanan", "ktp-el"), ("Layanan", "pkb-tahunan"), ("Jumlah", ""),
        ("Loket", "loket-1"), ("Loket", "loket-6")]


def test_the_xlsx_has_real_numbers_a_title_and_a_frozen_header(client, tokens, day):
    r = get(client, tokens, "daily", date=DAY, format="xlsx")
    assert r.status_code == 200
    assert r.mimetype == \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "laporan-harian-2026-03-02.xlsx" in r.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(r.get_data()))
    assert book.sheetnames == ["Layanan", "Loket"]
    sheet = book["Layanan"]
    assert sheet["A1"].value.startswith("Mal Pelayanan Publik Kabupaten Lebong")
    assert "Senin, 2 Maret 2026" in sheet["A1"].value
    assert sheet.freeze_panes == "D4"
    headers = [c.value for c in sheet[3]]
    assert headers[:4] == ["Kelompok", "Kode", "Nama", "Tiket diambil"]
    ktp = {h: c for h, c in zip(headers, sheet[4], strict=True)}
    assert ktp["Kode"].value == "ktp-el"
    for name, value in (("Tiket diambil", 2), ("Dilayani", 1),
                        ("Waktu tunggu p50 (menit)", 10), ("Dalam batas tunggu (%)", 100)):
        assert ktp[name].data_type == "n" and ktp[name].value == value
    assert sheet.column_dimensions["C"].width > 30
    counters = book["Loket"]
    assert [counters.cell(row=i, column=2).value for i in (4, 5)] == ["loket-1", "loket-6"]
    assert counters.cell(row=4, column=6).data_type == "n"


def test_a_summary_xlsx_has_one_sheet_named_after_its_grouping(client, tokens, day):
    r = get(client, tokens, "summary", **{"from": DAY, "by": "counter", "format": "xlsx"})
    book = load_workbook(io.BytesIO(r.get_data()))
    assert book.sheetnames == ["Loket"]


@pytest.mark.parametrize(("path", "query", "field"), [
    ("summary", {"from": "2026-3-2"}, "from"),
    ("summary", {"from": DAY, "to": "besok"}, "to"),
    ("summary", {"from": "2025-03-01", "to": DAY}, "to"),  # 367 days
    ("summary", {"by": "week"}, "by"),
    ("summary", {"format": "pdf"}, "format"),
    ("daily", {"date": "02-03-2026"}, "date"),
    ("daily", {"format": "ods"}, "format"),
])
def test_bad_queries_are_400_naming_the_field(client, tokens, path, query, field):
    envelope_of(get(client, tokens, path, **query), 400, "bad_request", field)


def test_366_days_is_the_longest_range(client, tokens):
    r = get(client, tokens, "summary", **{"from": "2025-03-02", "to": DAY})
    assert r.status_code == 200, r.get_data(as_text=True)


def test_a_supervisor_never_sees_rows_of_another_agency(client, tokens, day):
    for by in ("service", "agency", "counter", "officer"):
        body = get(client, tokens, "summary", "supervisor_here", **{"from": DAY, "by": by}
                   ).get_json()
        assert "pkb-tahunan" not in {r["key"] for r in body["rows"]}
        assert "samsat" not in {r["key"] for r in body["rows"]}
        assert "loket-6" not in {r["key"] for r in body["rows"]}
        assert body["total"]["issued"] == 2
    daily = get(client, tokens, "daily", "supervisor_other", date=DAY).get_json()
    assert [r["key"] for r in daily["rows"]] == ["pkb-tahunan"]
    assert [r["key"] for r in daily["counters"]] == ["loket-6"]
    envelope_of(get(client, tokens, "summary", "supervisor_here", agency_id="samsat"),
                403, "forbidden", "agency_id")
    envelope_of(get(client, tokens, "summary", "supervisor_here", agency_id="imigrasi"),
                404, "not_found", "agency_id")


def test_officers_devices_and_strangers_get_no_report(client, tokens):
    envelope_of(get(client, tokens, "summary", "officer_here"), 403, "forbidden")
    envelope_of(get(client, tokens, "daily", "kiosk", format="csv"), 403, "forbidden")
    r = client.get(f"{API}/reports/daily")
    envelope_of(r, 401, "unauthorized")
