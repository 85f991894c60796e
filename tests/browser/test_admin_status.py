"""Status sistem (/admin/status) in real Chromium at 1366×768 against `queue-server serve`
printing on the project's emulator: the figures the IT officer reads match the server's
own answer, a screen's heartbeat shows with its address, the log's error shows, and "Buat
cadangan sekarang" makes a backup that turns the red tile green. Screenshots:
admin-status-no-backup.png (before) and admin-status.png (after)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import requests

from queue_server import __version__
from tests.browser.conftest import shoot
from tests.conftest import always_open_config, provision

API = "/api/v1"
PASSWORD = "rahasia-admin-123"


def make_server(live_server_factory, tmp_path, emulator):
    from queue_server.boot import prepare_data
    from queue_server.services import accounts
    from queue_server.services.hall import Hall
    from queue_server.settings import load_settings

    server = live_server_factory(config=always_open_config(
        tmp_path / "cfg", printer_port=emulator.port, printer_timeout=1.0))
    server.tokens = provision(server.data_dir, server.config)
    settings = load_settings(server.config)
    store, _ = prepare_data(settings, server.data_dir)
    accounts.create_user(Hall(store, settings), "it-mpp", "admin", PASSWORD)
    store.close()
    return server.start()


def call(server, method: str, path: str, who: str, body: dict | None = None):
    return requests.request(method, f"{server.url}{API}{path}", json=body, timeout=15,
                            headers={"Authorization": f"Bearer {server.tokens[who]}"})


def text(page, selector: str) -> str:
    return page.locator(selector).inner_text().strip()


def test_the_it_officer_reads_the_status_and_makes_a_backup(new_page, live_server_factory,
                                                            tmp_path, emulator):
    server = make_server(live_server_factory, tmp_path, emulator)
    issued = call(server, "POST", "/tickets", "kiosk", {"service_id": "ktp-el"})
    assert issued.status_code == 201, issued.text
    assert call(server, "POST", "/devices/heartbeat", "kiosk", {"page": "kiosk"}) \
        .status_code == 204
    with (server.data_dir / "loket.log").open("a", encoding="utf-8") as log:
        log.write("2026-12-02 07:30:00,000 ERROR queue_server.printing: printer lantai-2: "
                  "kertas macet\nTraceback (most recent call last):\n"
                  "OSError: [Errno 5] Input/output error\n")

    page = new_page(1366, 768)
    page.goto(f"{server.url}/admin/status")
    assert "/login" in page.url
    page.fill("input[name=name]", "it-mpp")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/status")
    page.wait_for_function("() => document.getElementById('st-version').textContent !== '–'",
                           timeout=15000)
    # the printer has printed the ticket by the time the page reads it
    page.wait_for_function("() => document.querySelector('#printers tr[data-printer=default]')"
                           "?.textContent.includes('Siap')", timeout=20000)
    status = call(server, "GET", "/admin/status", "admin").json()

    assert text(page, "#st-version") == __version__
    assert text(page, "a[data-nav=status]") == "Status sistem"
    assert page.locator("a[data-nav=status]").get_attribute("aria-current") == "page"
    assert "berjalan" in text(page, "#st-started")
    free_gb = status["disk"]["free_bytes"] / 1024 ** 3
    shown_gb = float(text(page, "#st-disk").split()[0].replace(".", "").replace(",", "."))
    assert text(page, "#st-disk").endswith(" GB") and abs(shown_gb - free_gb) < 0.5
    assert str(server.data_dir) in text(page, "#st-disk-sub")
    assert text(page, "#st-db").endswith(("KB", "MB")) and text(page, "#st-wal").startswith("WAL")
    assert text(page, "#st-backup") == "belum ada"
    assert text(page, "#st-backup-sub") == "buat cadangan pertama sekarang"
    assert "is-bad" in page.locator("#tile-backup").get_attribute("class")
    assert page.locator("#tile-backup .figure").evaluate(
        "n => getComputedStyle(n).color") == "rgb(185, 28, 28)"  # var(--bad): red
    assert text(page, "#st-queue") == "tidak dipakai"

    printer = page.locator("#printers tr[data-printer=default]")
    assert "cukup" in printer.inner_text() or "tidak diketahui" in printer.inner_text()
    kiosk = page.locator("#devices tr[data-device=kiosk-1]").inner_text()
    assert "Kios" in kiosk and "127.0.0.1" in kiosk and "Aktif" in kiosk
    tv = page.locator("#devices tr[data-device=tv-lobi]").inner_text()
    assert "Layar TV" in tv and "belum pernah" in tv and "Diam" in tv
    first_error = page.locator("#errors tbody tr").first.inner_text()
    logged = datetime(2026, 12, 2, 7, 30).astimezone(ZoneInfo("Asia/Jakarta"))  # PC's clock
    assert (logged.strftime("%H:%M:%S") if logged.date().isoformat() == status["now"][:10]
            else logged.strftime("%Y-%m-%d %H:%M")) in first_error
    assert "printer lantai-2: kertas macet" in first_error
    assert "OSError: [Errno 5] Input/output error" in first_error
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1366  # no sideways scroll
    shoot(page, "admin-status-no-backup")

    page.click("#backup-now")
    page.wait_for_function("() => document.getElementById('admin-notice').textContent"
                           ".startsWith('Cadangan dibuat')", timeout=30000)
    page.wait_for_function("() => !document.getElementById('tile-backup').classList"
                           ".contains('is-bad')",
                           timeout=15000)
    listed = call(server, "GET", "/admin/backups", "admin").json()
    assert listed["last"]["file"] in text(page, "#admin-notice")
    assert "1 tiket" in text(page, "#st-backup-sub")
    assert text(page, "#st-backup") == listed["last"]["made_at"][11:19]
    shoot(page, "admin-status")

    page.click("#admin-lang")  # the English table covers the page
    assert text(page, "#page-title") == "System status"
    assert text(page, "#st-queue") == "not used"
    assert "Alive" in page.locator("#devices tr[data-device=kiosk-1]").inner_text()
    assert page.errors == []  # type: ignore[attr-defined]
