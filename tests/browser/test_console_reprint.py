"""Reprinting from the officer's console in real Chromium, against `queue-server serve`
printing on the project's ESC/POS emulator over TCP: the current ticket's button and one of
the counter's recent tickets each print one ULANG copy, and the console still fits a
1024×768 screen with the recent list open."""

from __future__ import annotations

import pytest

from tests.browser.conftest import shoot
from tests.browser.test_console import (
    OFFICERS,
    api,
    clean,
    idle,
    issue,
    sign_in,
    wait_current,
    wait_ready,
)
from tests.conftest import always_open_config, provision

SMALL = (1024, 768)


def _with_officers(server):
    from queue_server.boot import prepare_data
    from queue_server.services import accounts
    from queue_server.services.hall import Hall
    from queue_server.settings import load_settings

    settings = load_settings(server.config)
    store, _ = prepare_data(settings, server.data_dir)
    hall = Hall(store, settings)
    for name, (password, counters) in OFFICERS.items():
        accounts.create_user(hall, name, "officer", password, counters=counters)
    store.close()
    return server.start()


@pytest.fixture
def server(live_server_factory, tmp_path, emulator):
    server = live_server_factory(config=always_open_config(
        tmp_path / "cfg", printer_port=emulator.port, printer_timeout=1.0))
    server.tokens = provision(server.data_dir, server.config)
    return _with_officers(server)


def printed_texts(emulator) -> list[str]:
    return [p.with_suffix(".txt").read_text(encoding="utf-8") for p in emulator.printed()]


def wait_toast(page, *words: str) -> str:
    """The toast once it says all these words (an earlier one may still be in view)."""
    page.wait_for_function(
        "(words) => !document.getElementById('toast').hidden && words.every((w) => "
        "document.getElementById('toast-text').textContent.includes(w))",
        arg=list(words), timeout=10000)
    return page.inner_text("#toast-text")


def fits(page, width: int, height: int) -> None:
    sizes = page.evaluate("({w: document.scrollingElement.scrollWidth, "
                          "h: document.scrollingElement.scrollHeight})")
    assert sizes["w"] <= width and sizes["h"] <= height, sizes
    for selector in ("#btn-next", "#btn-pause", "#current-reprint", "#recent-panel",
                     ".stats-panel"):
        box = page.locator(selector).bounding_box()
        assert box and box["x"] + box["width"] <= width and box["y"] + box["height"] <= height, \
            selector


def test_the_officer_reprints_the_current_ticket_and_a_recent_one(server, emulator,
                                                                   new_page):
    first, second, third = issue(server, n=3)
    emulator.wait_for(3, timeout=20)  # the kiosk's own three tickets
    for _ in range(2):  # the first two called, the second at the desk now
        api(server, "POST", "/counters/loket-1/call-next")
    page = sign_in(new_page, server, "rina", SMALL)
    wait_ready(page)
    wait_current(page, second["code"])
    button = page.locator("#current-reprint")
    assert button.is_visible() and button.is_enabled()
    assert page.inner_text("#recent-count") == "1"

    button.click()
    assert "dicetak ulang" in wait_toast(page, second["code"], "ULANG")
    idle(page)
    copy = emulator.wait_for(4, timeout=20)[-1].with_suffix(".txt").read_text(encoding="utf-8")
    assert second["code"] in copy and "ULANG" in copy

    page.click("#recent-panel summary")
    row = page.locator(f"#recent-list li[data-code='{first['code']}']")
    row.wait_for(state="visible", timeout=5000)
    assert "Cetak" in row.inner_text()
    fits(page, *SMALL)
    shoot(page, "console-reprint-recent-1024")
    row.locator("button[data-reprint]").click()
    wait_toast(page, first["code"])
    idle(page)
    emulator.wait_for(5, timeout=20)
    texts = printed_texts(emulator)
    assert first["code"] in texts[-1] and "ULANG" in texts[-1]
    assert third["code"] not in "".join(texts[3:])  # still waiting: nothing reprinted
    assert len(texts) == 5  # each press printed one copy

    # the same in English
    page.click("#lang")
    assert page.inner_text("#current-reprint") == "Reprint"
    assert "recent tickets" in page.text_content("#recent-panel summary")
    shoot(page, "console-reprint-recent-1024-en")
    clean(page)


def test_without_a_printer_the_reprint_buttons_say_why_they_are_off(live_server_factory,
                                                                      tmp_path, new_page):
    server = live_server_factory(config=always_open_config(tmp_path / "cfg"))
    server.tokens = provision(server.data_dir, server.config)
    server = _with_officers(server)
    first, second = issue(server, n=2)
    api(server, "POST", "/counters/loket-1/call-next")
    api(server, "POST", "/counters/loket-1/call-next")
    page = sign_in(new_page, server, "rina", SMALL)
    wait_ready(page)
    wait_current(page, second["code"])
    button = page.locator("#current-reprint")
    assert button.is_visible() and button.is_disabled()
    assert button.get_attribute("title") == "Tidak ada printer untuk mencetak ulang."
    page.click("#recent-panel summary")
    mini = page.locator(f"#recent-list li[data-code='{first['code']}'] button[data-reprint]")
    mini.wait_for(state="visible", timeout=5000)
    assert mini.is_disabled()
    clean(page)
