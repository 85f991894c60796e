"""/reports and /reports/print in real Chromium, against `queue-server serve` on a week that
`queue-server simulate` filled: a Dukcapil supervisor sees the API's figures in the table,
the cards and five Chart.js charts (drawn, and plotting exactly the API's numbers), switches
the grouping, downloads CSV and XLSX of the same figures, switches to English, and opens the
printable monthly report (A4, the MPP's header, the signature of the head). Screenshots at
1366×768 go to test-artifacts/screenshots/."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import requests

from tests.browser.conftest import shoot
from tests.conftest import always_open_config
from tests.live_server import LiveServer, provision, run_cli

LAPTOP = (1366, 768)
PASSWORD = "rahasia-super-123"
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")
CHARTS = ("hourly", "wait", "outcome", "daily", "priority")


def hall_today() -> date:
    return datetime.now(ZoneInfo("Asia/Jakarta")).date()


# the last seven days of the month before this one: always past, always one month
LAST = hall_today().replace(day=1) - timedelta(days=1)
FIRST = LAST - timedelta(days=6)
MONTH = LAST.strftime("%Y-%m")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One live server for the module: the simulated week, a Dukcapil supervisor with a
    password and a token (to ask the API what the page should show), and an officer."""
    from queue_server.boot import prepare_data
    from queue_server.services import accounts
    from queue_server.services.hall import Hall
    from queue_server.settings import load_settings

    folder = tmp_path_factory.mktemp("reports")
    config = always_open_config(folder / "cfg")
    data_dir = folder / "data"
    tokens = provision(data_dir, config)
    settings = load_settings(config)
    store, _ = prepare_data(settings, data_dir)
    hall = Hall(store, settings)
    accounts.create_user(hall, "kabid-dukcapil", "supervisor", PASSWORD, agencies=["dukcapil"])
    tokens["supervisor"] = accounts.create_user_token(hall, "kabid-dukcapil").secret
    accounts.create_user(hall, "petugas-satu", "officer", PASSWORD, counters=["loket-1"])
    store.close()
    run_cli(config, data_dir, "simulate", "--date", FIRST.isoformat(), "--days", "7",
            "--tickets", "1000", "--seed", "11", timeout=300)
    live = LiveServer(data_dir, config)
    live.tokens = tokens
    live.start()
    yield live
    live.stop()


def summary(server, by: str, first: date = FIRST, last: date = LAST, **extra) -> dict:
    r = requests.get(f"{server.url}/api/v1/reports/summary", timeout=20,
                     params={"from": first.isoformat(), "to": last.isoformat(), "by": by, **extra},
                     headers={"Authorization": f"Bearer {server.tokens['supervisor']}"})
    assert r.status_code == 200, r.text
    return r.json()


def sign_in(new_page, server, path: str, name: str = "kabid-dukcapil"):
    page = new_page(*LAPTOP)
    page.goto(f"{server.url}{path}")
    assert "/login" in page.url
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**{path.split('?')[0]}**")
    return page


def loads(page) -> int:
    return page.evaluate("window.__loketReports ? window.__loketReports.loads : 0")


def wait_loaded(page, after: int = 0) -> None:
    page.wait_for_function(f"window.__loketReports && window.__loketReports.loads > {after}"
                           " && document.body.dataset.loading === '0'", timeout=20000)


def id_number(value: float | int | None, digits: int = 0) -> str:
    """How id-ID writes a figure: point for thousands, comma for decimals, a dash for none."""
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def reports_path(by: str = "service") -> str:
    return f"/reports?range=custom&from={FIRST}&to={LAST}&by={by}"


def chart_data(page, name: str) -> list[list]:
    return page.evaluate(f"window.__loketReports.charts['{name}'].data.datasets"
                         ".map((d) => d.data)")


def drawn_pixels(page, name: str) -> int:
    return page.evaluate(f"""(() => {{
        const c = document.getElementById('chart-{name}');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
        return n; }})()""")


def test_the_week_shows_the_apis_figures_in_table_cards_and_charts(new_page, server):
    by_service, by_hour, by_day = (summary(server, by) for by in ("service", "hour", "day"))
    total = by_service["total"]
    assert total["issued"] > 500  # the simulated week is there
    page = sign_in(new_page, server, reports_path())
    wait_loaded(page)
    assert page.errors == []

    names = page.locator("#rep-table tbody td.name").all_inner_texts()
    assert names == [row["name"] for row in by_service["rows"]]
    first = page.locator("#rep-table tbody tr").first.locator("td.num").all_inner_texts()
    row = by_service["rows"][0]
    assert first[:6] == [id_number(row[k]) for k in ("issued", "called", "served", "no_show",
                                                    "cancelled", "transferred_out")]
    assert first[7] == id_number(row["wait_minutes"]["p50"], 1)
    foot = page.locator("#rep-table tfoot td.num").all_inner_texts()
    assert foot[0] == id_number(total["issued"])
    wait_card = page.locator("[data-figure=wait_p50] .value").inner_text()
    assert wait_card == f"{id_number(total['wait_minutes']['p50'], 1)} mnt"
    assert "," in wait_card  # a decimal comma

    # every chart is drawn and plots the API's numbers as they are
    for name in CHARTS:
        assert drawn_pixels(page, name) > 2000, name
    assert chart_data(page, "hourly") == [[r["issued"] for r in by_hour["rows"]],
                                          [r["called"] for r in by_hour["rows"]]]
    assert chart_data(page, "wait") == [[r["wait_minutes"]["p50"] for r in by_service["rows"]],
                                        [r["wait_minutes"]["p90"] for r in by_service["rows"]]]
    assert chart_data(page, "outcome") == [[total["served"], total["no_show"], total["cancelled"],
                                            total["transferred_out"]]]
    assert chart_data(page, "daily")[0] == [r["issued"] for r in by_day["rows"]]
    assert len(by_day["rows"]) == 7
    assert chart_data(page, "priority")[0] == [r["priority"]["issued"] for r in by_service["rows"]]
    shoot(page, "reports-week-1366")
    page.set_viewport_size({"width": 1366, "height": 1900})
    shoot(page, "reports-week-charts-1366")
    page.set_viewport_size({"width": LAPTOP[0], "height": LAPTOP[1]})

    # another grouping: one more load, the table by counter; the address keeps the choice
    before = loads(page)
    page.select_option("#rep-by", "counter")
    wait_loaded(page, before)
    by_counter = summary(server, "counter")
    assert page.locator("#rep-table thead th.name").inner_text() == "Loket"
    assert page.locator("#rep-table tbody td.name").all_inner_texts() == \
        [r["name"] for r in by_counter["rows"]]
    assert "by=counter" in page.url

    # a supervisor's agencies only: by agency is Dukcapil alone
    before = loads(page)
    page.select_option("#rep-by", "agency")
    wait_loaded(page, before)
    assert page.locator("#rep-table tbody tr").count() == 1
    assert "Kependudukan" in page.locator("#rep-table tbody td.name").inner_text()

    # English: the texts and the number format follow, the figures stay the API's
    page.click("#admin-lang")
    assert page.locator("#page-title").inner_text() == "Reports"
    assert page.locator("#rep-table thead th.name").inner_text() == "Agency"
    assert page.locator("#rep-table tfoot td.num").first.inner_text() == f"{total['issued']:,}"
    page.click("#admin-lang")
    assert page.errors == []


def test_exports_download_the_same_figures_as_csv_and_xlsx(new_page, server, tmp_path):
    by_service = summary(server, "service")
    page = sign_in(new_page, server, reports_path())
    wait_loaded(page)
    with page.expect_download() as csv_download:
        page.click("#rep-csv")
    text = csv_download.value.path().read_bytes().decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0][:3] == ["Kelompok", "Kode", "Nama"]
    body = lines[1:]
    assert [line[2] for line in body[:-1]] == [r["name"] for r in by_service["rows"]]
    assert body[-1][0] == "Jumlah" and int(body[-1][3]) == by_service["total"]["issued"]

    with page.expect_download() as xlsx_download:
        page.click("#rep-xlsx")
    path = tmp_path / "report.xlsx"
    xlsx_download.value.save_as(path)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    rows = [r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0]]
    assert [r[2] for r in rows[:-1]] == [r["name"] for r in by_service["rows"]]
    assert rows[-1][3] == by_service["total"]["issued"]  # a number, not text
    assert isinstance(rows[0][3], int | float)

    # one day chosen: its daily report too, a sheet by service and one by counter
    assert page.locator("#rep-daily").is_hidden()
    page.goto(f"{server.url}/reports?range=custom&from={LAST}&to={LAST}&by=service")
    wait_loaded(page)
    with page.expect_download() as daily_download:
        page.click("#rep-daily")
    path = tmp_path / "daily.xlsx"
    daily_download.value.save_as(path)
    assert len(openpyxl.load_workbook(path).worksheets) == 2


def test_the_printable_monthly_report_is_an_a4_sheet_with_the_heads_signature(new_page, server):
    first_of_month = LAST.replace(day=1)
    month_total = summary(server, "agency", first_of_month, LAST)
    page = sign_in(new_page, server, reports_path())
    wait_loaded(page)
    assert page.get_attribute("#rep-print", "href") == f"/reports/print?month={MONTH}"
    assert page.get_attribute("#rep-print", "target") == "_blank"  # beside the page
    sheet = page
    sheet.goto(f"{server.url}/reports/print?month={MONTH}")
    sheet.wait_for_function("window.__loketReportPrint && window.__loketReportPrint.loads > 0"
                            " && document.body.dataset.loading === '0'", timeout=20000)
    month_name = f"{MONTHS[LAST.month - 1]} {LAST.year}"
    assert sheet.locator(".sheet-head .org").inner_text().upper() == \
        "MAL PELAYANAN PUBLIK KABUPATEN LEBONG"
    assert sheet.locator("#prt-period").inner_text() == f"1 {month_name} – {LAST.day} {month_name}"
    today = hall_today()
    assert sheet.locator(".sign-place").inner_text() == \
        f"Lebong, {today.day} {MONTHS[today.month - 1]} {today.year}"
    assert sheet.locator(".sign-role").inner_text() == "Kepala Mal Pelayanan Publik"
    assert sheet.locator("#prt-agency tfoot td.num").first.inner_text() == \
        id_number(month_total["total"]["issued"])
    assert sheet.locator("#prt-day tbody tr").count() == 7  # the simulated days of the month
    sheet.fill("#prt-head", "Drs. Hendra Saputra, M.Si")
    sheet.fill("#prt-nip", "197001011995031001")
    assert sheet.locator("#sig-name").inner_text() == "Drs. Hendra Saputra, M.Si"
    sheet.set_viewport_size({"width": 1366, "height": 1500})
    shoot(sheet, "reports-print-monthly")
    pdf = sheet.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    # the days start a second A4 page (break-before), the toolbar is not printed
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 2
    sheet.click("#prt-lang")  # English for a visitor's copy; the figures stay the same
    assert sheet.locator(".sign-role").inner_text() == "Head of the Public Service Mall"
    assert sheet.locator("#prt-status").inner_text() == "Ready to print."
    sheet.click("#prt-lang")
    assert sheet.errors == []


def test_only_staff_who_may_see_reports_open_them(new_page, server):
    page = new_page(*LAPTOP)
    page.goto(f"{server.url}/reports/print?month={MONTH}")
    assert "/login" in page.url
    page.fill("input[name=name]", "petugas-satu")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    answer = page.goto(f"{server.url}/reports")
    assert answer.status == 403
    page.errors.clear()  # the 403 is the point here
