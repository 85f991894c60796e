"""The SKM results in real Chromium against `queue-server serve`: citizens served at Dukcapil
and Samsat answer the survey through the API (as their phones do); a Dukcapil supervisor
opens /skm and sees the IKM of their answers (the number the test computes itself), the
NRR bars with the lowest unsur in red, the tables and the suggestions; one more answer and a
refresh show the new IKM. The printable report, the public page (anyone, no names) and the
TV's IKM slide (only where `[skm] show_on_tv` is on). Screenshots go to /tmp/shots/ and
test-artifacts/screenshots/."""

from __future__ import annotations

import io
import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
import requests

from tests.browser.conftest import shoot
from tests.conftest import always_open_config, provision
from tests.live_server import LiveServer

API = "/api/v1"
PASSWORD = "rahasia-super-123"
LAPTOP = (1366, 768)
SHOTS = Path("/tmp/shots")
# nine answers (U1..U9) per citizen: U3 (waktu penyelesaian) is the weak one
DUKCAPIL = [(4, 3, 2, 4, 3, 4, 4, 3, 3), (3, 3, 2, 4, 4, 3, 4, 3, 4), (4, 4, 3, 4, 3, 4, 3, 3, 3)]
LATE = (1, 2, 1, 2, 2, 1, 2, 2, 1)
SAMSAT = [(3, 3, 3, 3, 3, 3, 3, 3, 3), (4, 3, 3, 4, 3, 3, 3, 4, 3)]


def config_with_slide(folder: Path, on: bool) -> Path:
    path = always_open_config(folder)
    with path.open("a", encoding="utf-8") as out:
        out.write(f"\n[skm]\nshow_on_tv = {'true' if on else 'false'}\n")
    return path


def start_server(folder: Path, *, slide: bool) -> LiveServer:
    from queue_server.boot import prepare_data
    from queue_server.services import accounts
    from queue_server.services.hall import Hall
    from queue_server.settings import load_settings

    config = config_with_slide(folder / "cfg", slide)
    data_dir = folder / "data"
    tokens = provision(data_dir, config)
    settings = load_settings(config)
    store, _ = prepare_data(settings, data_dir)
    accounts.create_user(Hall(store, settings), "kabid-dukcapil", "supervisor", PASSWORD,
                         agencies=["dukcapil"])
    store.close()
    live = LiveServer(data_dir, config)
    live.tokens = tokens
    return live.start()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = start_server(tmp_path_factory.mktemp("skm"), slide=True)
    yield live
    live.stop()


def call(server, method: str, path: str, body: dict | None = None, who: str | None = "admin"):
    headers = {"Authorization": f"Bearer {server.tokens[who]}"} if who else {}
    r = requests.request(method, f"{server.url}{API}{path}", json=body, timeout=10,
                         headers=headers)
    assert r.status_code in (200, 201), r.text
    return r.json()


def served_and_answered(server, service_id: str, counter_id: str, answers: tuple[int, ...],
                        suggestion: str | None = None) -> None:
    """A citizen takes a ticket, is served to the end, and answers on their phone (the
    ticket's tracking token, no sign-in)."""
    ticket = call(server, "POST", "/tickets", {"service_id": service_id}, who="kiosk")["ticket"]
    called = call(server, "POST", f"/counters/{counter_id}/call-next")["ticket"]
    assert called["id"] == ticket["id"]
    call(server, "POST", f"/tickets/{ticket['id']}/start")
    call(server, "POST", f"/tickets/{ticket['id']}/finish")
    body = {"ticket_token": ticket["track_url"].rstrip("/").rsplit("/", 1)[-1],
            "answers": {f"U{i + 1}": a for i, a in enumerate(answers)},
            "profile": {"age": "30_39", "sex": "P", "education": "sma", "occupation": "swasta"},
            "suggestion": suggestion}
    call(server, "POST", "/skm/responses", body, who=None)


def expected_ikm(responses: list[tuple[int, ...]]) -> Decimal:
    """PermenPAN-RB 14/2017 by hand: the mean of each unsur × 1/9, summed, × 25, half-up."""
    n = len(responses)
    total = sum((Fraction(sum(r[i] for r in responses), n) * Fraction(1, 9) for i in range(9)),
                Fraction(0)) * 25
    return Decimal(total.numerator) / Decimal(total.denominator)


def id_ikm(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)).replace(".", ",")


def screenshot(page, name: str, *, full: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)
    shoot(page, name)


def sign_in(new_page, server, path: str):
    page = new_page(*LAPTOP)
    page.goto(f"{server.url}{path}")
    assert "/login" in page.url
    page.fill("input[name=name]", "kabid-dukcapil")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**{path.split('?')[0]}**")
    return page


def wait_loaded(page, hook: str = "__loketSkm", after: int = 0) -> None:
    page.wait_for_function(f"window.{hook} && window.{hook}.loads > {after}"
                           " && document.body.dataset.loading === '0'", timeout=20000)


def drawn_pixels(page) -> int:
    return page.evaluate("""(() => {
        const c = document.getElementById('chart-elements');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
        return n; })()""")


@pytest.fixture(scope="module")
def answered(server):
    for answers, text in zip(DUKCAPIL, ("Antrian cepat, terima kasih.", None,
                                         "Mohon tambah kursi di ruang tunggu."), strict=True):
        served_and_answered(server, "ktp-el", "loket-1", answers, text)
    for answers in SAMSAT:
        served_and_answered(server, "pkb-tahunan", samsat_counter(server), answers)
    return server


def samsat_counter(server) -> str:
    counters = call(server, "GET", "/counters")["counters"]
    return next(c["id"] for c in counters if "pkb-tahunan" in c["service_ids"])


def test_skm_shows_the_ikm_and_a_new_answer_after_a_refresh(new_page, answered):
    server = answered
    page = sign_in(new_page, server, "/skm?range=today")
    wait_loaded(page)
    assert page.errors == []
    ikm = expected_ikm(DUKCAPIL)
    assert page.locator("[data-figure=ikm] .value").inner_text() == id_ikm(ikm)
    assert page.locator("[data-figure=respondents] .value").inner_text() == "3"
    assert page.locator("#skm-empty").is_hidden()
    assert page.locator("[data-figure=quality] .value").inner_text() == "B"  # 83,33: Baik
    assert page.locator("[data-figure=min_sample] [data-sample]").get_attribute(
        "data-sample") == "met"  # 3 served, all 3 answered
    # the supervisor's agency only, and its service
    assert page.locator("#skm-by-agency tbody tr").count() == 1
    assert page.locator("#skm-by-agency tbody td.ikm").inner_text() == id_ikm(ikm)
    assert "KTP" in page.locator("#skm-by-service tbody td.name").first.inner_text()

    # the bars are the API's NRR and the lowest unsur (U3) is red, in the table too
    assert drawn_pixels(page) > 2000
    bars = page.evaluate("window.__loketSkm.charts.elements.data.datasets[0]")
    nrr = [round(sum(r[i] for r in DUKCAPIL) / 3, 2) for i in range(9)]
    assert bars["data"] == nrr
    assert bars["backgroundColor"][2] == "#c0392b" and bars["backgroundColor"].count("#c0392b") == 1
    assert page.locator("#skm-elements tr.lowest").get_attribute("data-code") == "U3"
    assert "U3" in page.locator("#skm-lowest").inner_text()

    # the follow-up plan's own module is mounted at its section, for the same period
    followups = page.locator("#skm-followups")
    assert followups.is_visible()
    page.wait_for_function("document.querySelectorAll('#skm-followups > *').length > 1")

    suggestions = page.locator("#skm-suggestion-list tbody tr")
    assert suggestions.count() == 2
    assert "Mohon tambah kursi" in suggestions.first.inner_text()  # the newest first
    assert page.locator("#skm-csv").get_attribute("href").endswith("format=csv")
    assert "from=" in page.locator("#skm-print").get_attribute("href")
    screenshot(page, "skm-results")
    page.set_viewport_size({"width": 1366, "height": 1700})
    screenshot(page, "skm-results-full")
    page.set_viewport_size({"width": LAPTOP[0], "height": LAPTOP[1]})

    # one more citizen, unhappy; a refresh shows the new IKM (live on refresh)
    served_and_answered(server, "ktp-el", "loket-1", LATE)
    page.reload()
    wait_loaded(page)
    newer = expected_ikm([*DUKCAPIL, LATE])
    assert newer < ikm
    assert page.locator("[data-figure=ikm] .value").inner_text() == id_ikm(newer)
    assert page.locator("[data-figure=respondents] .value").inner_text() == "4"
    screenshot(page, "skm-results-after-refresh")

    # English: the texts follow, the figure keeps its value in the English format
    page.click("#admin-lang")
    assert page.locator("#page-title").inner_text() == "Citizen Satisfaction Survey"
    assert page.locator("[data-figure=ikm] .value").inner_text() == id_ikm(newer).replace(",", ".")
    page.click("#admin-lang")
    assert page.errors == []


def test_a_period_without_answers_says_so(new_page, answered):
    page = sign_in(new_page, answered, "/skm?range=custom&from=2026-01-01&to=2026-01-31")
    wait_loaded(page)
    assert page.locator("#skm-empty").is_visible() and page.locator("#skm-lowest").is_hidden()
    assert page.locator("[data-figure=ikm] .value").inner_text() == "–"
    assert "Belum ada warga yang dilayani" in page.locator("[data-figure=min_sample]").inner_text()
    assert page.locator("#skm-suggestion-list tbody").inner_text().strip() == \
        "Belum ada saran pada periode ini."
    assert page.errors == []


def test_the_xlsx_export_downloads_the_same_ikm(new_page, answered):
    page = sign_in(new_page, answered, "/skm?range=today")
    wait_loaded(page)
    shown = page.locator("[data-figure=ikm] .value").inner_text()
    with page.expect_download() as download:
        page.click("#skm-xlsx")
    assert download.value.suggested_filename.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()), data_only=True)
    numbers = {round(cell, 2) for sheet in book.worksheets for row in sheet.iter_rows()
               for cell in (c.value for c in row) if isinstance(cell, float)}
    assert float(shown.replace(",", ".")) in numbers


def test_the_printed_report_has_method_results_profile_plan_and_signature(new_page, answered):
    server = answered
    today = call(server, "GET", "/skm/public", who=None)["period"]["until"]
    page = sign_in(new_page, server, f"/skm/print?from={today}&to={today}&agency_id=dukcapil")
    wait_loaded(page, "__loketSkmPrint")
    assert page.errors == []
    result = call(server, "GET", f"/skm/results?from={today}&to={today}&agency_id=dukcapil")
    assert page.locator("[data-figure=ikm] .value").inner_text() == \
        f"{result['ikm']:.2f}".replace(".", ",")
    assert "Krejcie–Morgan" in page.locator("[data-figure=sample]").inner_text()
    assert page.locator("#prt-elements tbody tr").count() == 9
    assert page.locator("#prt-rows thead th.name").inner_text() == "Layanan"  # one agency
    assert "Perempuan" in page.locator("#prt-profile").inner_text()
    assert "Mohon tambah kursi" in page.locator("#prt-suggestions").inner_text()
    assert "null" not in page.locator("#sheet").inner_text()  # no stray empty value
    # no follow-up plan yet: a row per unsur to fill in by hand
    assert page.locator("#prt-followups tbody tr").count() == 9
    assert "Kependudukan" in page.locator("#prt-agency").inner_text()
    page.fill("#prt-head", "Drs. Budi Santoso")
    assert page.locator("#sig-name").inner_text() == "Drs. Budi Santoso"
    page.set_viewport_size({"width": 1000, "height": 1400})
    screenshot(page, "skm-print", full=True)
    page.emulate_media(media="print")
    assert page.locator("#print-bar").is_hidden()
    pdf = page.pdf(format="A4", print_background=True)  # what "Cetak / simpan PDF" makes
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pdf.startswith(b"%PDF") and 2 <= pages <= 3, pages  # results, then the profile on


def test_the_printed_report_lists_the_periods_follow_up_plan(new_page, server):
    first, last = "2026-01-01", "2026-06-30"  # a half-year of its own: no answers, a plan
    for element, action, status in (
            ("U3", "Tambah satu loket perekaman KTP-el pada jam sibuk", "done"),
            ("U8", "Kotak saran dan nomor WhatsApp pengaduan di ruang tunggu", "planned")):
        call(server, "POST", "/skm/followups", {
            "period_from": first, "period_to": last, "agency_id": "dukcapil",
            "element": element, "action": action, "owner": "Kepala Bidang Pelayanan",
            "due_date": "2026-07-31", "status": status})
    plan = call(server, "GET", f"/skm/followups?from={first}&to={last}&agency_id=dukcapil")
    page = sign_in(new_page, server, f"/skm/print?from={first}&to={last}&agency_id=dukcapil")
    wait_loaded(page, "__loketSkmPrint")
    rows = page.locator("#prt-followups tbody tr")
    assert rows.count() == 2
    assert "Tambah satu loket" in rows.first.inner_text() and "Selesai" in rows.first.inner_text()
    assert "Direncanakan" in rows.nth(1).inner_text()
    share = f"{plan['figures']['followed_up_pct']:.1f}".replace(".", ",")
    assert f"{share}%" in page.locator("#prt-followups tfoot").inner_text()
    assert page.locator("[data-figure=respondents] .value").inner_text() == "0"
    assert page.errors == []


def test_the_public_page_shows_each_agencys_ikm_to_anyone_without_names(new_page, answered):
    public = call(answered, "GET", "/skm/public", who=None)
    page = new_page(390, 844)  # a phone: the MPP's website links here
    page.goto(f"{answered.url}/skm/public")
    wait_loaded(page, "__loketSkmPublic")
    assert "/login" not in page.url and page.errors == []
    assert page.locator("[data-figure=ikm] .value").inner_text() == \
        f"{public['hall']['ikm']:.2f}".replace(".", ",")
    row = page.locator('#pub-agencies tr[data-key="samsat"]')
    assert row.locator("td").nth(2).inner_text() == id_ikm(expected_ikm(SAMSAT))
    text = page.locator("body").inner_text()
    for secret in ("kabid-dukcapil", "kepala", "Mohon tambah kursi", "Antrian cepat"):
        assert secret not in text, secret
    assert "sementara" in page.locator("#pub-period").inner_text()  # the period still runs
    screenshot(page, "skm-public", full=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    screenshot(page, "skm-public-wide")


def open_tv(new_page, server):
    page = new_page(1920, 1080)
    page.clock.install()
    page.goto(f"{server.url}/display?device_token={server.tokens['display']}")
    page.wait_for_function("window.__loketDisplay && window.__loketDisplay.snapshots > 0",
                           timeout=15000)
    return page


def test_the_tv_shows_the_ikm_slide_now_and_then(new_page, answered):
    page = open_tv(new_page, answered)
    assert page.locator("#skm-slide").is_hidden()
    page.clock.fast_forward(21_000)  # the first slide comes 20 s after the screen settles
    page.locator("#skm-slide").wait_for(state="visible", timeout=10000)
    assert page.locator("#ticker").is_hidden()
    dukcapil = page.locator('#skm-slide [data-key="dukcapil"]')
    public = call(answered, "GET", "/skm/public", who=None)
    shown = next(a for a in public["agencies"] if a["id"] == "dukcapil")
    assert dukcapil.locator(".ikm").inner_text() == f"{shown['ikm']:.2f}".replace(".", ",")
    assert dukcapil.locator(".quality").inner_text() == shown["quality"]
    assert page.locator('#skm-slide [data-key="pajak"]').count() == 0  # no answers: not shown
    assert "kabid" not in page.locator("#skm-slide").inner_text()
    # the jump of the fake clock lapses the socket's heartbeat: let it reconnect first
    page.locator("#status").wait_for(state="hidden", timeout=10000)
    screenshot(page, "tv-skm")
    page.clock.fast_forward(16_000)  # after fifteen seconds the running text is back
    page.locator("#skm-slide").wait_for(state="hidden", timeout=10000)
    assert page.locator("#ticker").is_visible()


def test_the_tv_never_shows_the_slide_when_the_hall_keeps_it_off(new_page, tmp_path):
    live = start_server(tmp_path, slide=False)
    try:
        page = open_tv(new_page, live)
        page.clock.fast_forward(400_000)  # two rounds of the slide's rotation
        page.wait_for_timeout(500)
        assert page.locator("#skm-slide").count() == 0
        assert page.locator("#ticker").is_visible()
    finally:
        live.stop()
