"""A transfer in real Chromium against `queue-server serve`: the console's picker offers only
the counters the server allows for the citizen (those serving their service: a ticket sent
to a counter goes first there), and the audit page shows who sent which ticket from where to
where."""

from __future__ import annotations

import pytest

from tests.browser.conftest import shoot
from tests.browser.test_console import LAPTOP, api, issue
from tests.conftest import always_open_config, provision

PEOPLE = {  # name -> (password, role, counters)
    "rina": ("rahasia-rina-123", "officer", ["loket-1"]),  # Dukcapil: KTP-el, IKD/KIA
    "it-mpp": ("rahasia-admin-123", "admin", []),
}


@pytest.fixture
def server(live_server_factory, tmp_path):
    from queue_server.boot import prepare_data
    from queue_server.services import accounts
    from queue_server.services.hall import Hall
    from queue_server.settings import load_settings

    server = live_server_factory(config=always_open_config(tmp_path / "cfg"))
    server.tokens = provision(server.data_dir, server.config)
    settings = load_settings(server.config)
    store, _ = prepare_data(settings, server.data_dir)
    hall = Hall(store, settings)
    for name, (password, role, counters) in PEOPLE.items():
        accounts.create_user(hall, name, role, password, counters=counters)
    store.close()
    return server.start()


def sign_in(new_page, server, name: str, path: str):
    page = new_page(*LAPTOP)
    page.goto(f"{server.url}{path}")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PEOPLE[name][0])
    page.click("button[type=submit]")
    page.wait_for_url(f"**{path}*")
    return page


# waits by selector only: the pages' Content-Security-Policy forbids evaluating strings
def idle(page) -> None:
    page.wait_for_selector('body[data-live="1"][data-busy="0"]', timeout=15000)


def wait_current(page, code: str) -> None:
    page.wait_for_selector(f'#current[data-code="{code}"]', timeout=10000)
    idle(page)


def offered(page, kind: str) -> list[str]:
    return page.eval_on_selector_all(
        f"#transfer-list .choice[data-kind={kind}]", "els => els.map(e => e.dataset.id)")


def test_the_picker_offers_only_counters_of_the_citizens_service_and_the_audit_shows_it(
        new_page, server):
    issue(server, "ktp-el")
    page = sign_in(new_page, server, "rina", "/counter")
    idle(page)
    page.wait_for_selector("#waiting-list li[data-code=A001]")
    page.keyboard.press("F1")
    wait_current(page, "A001")
    page.keyboard.press("F9")
    page.wait_for_selector("#transfer-dialog[open]")
    page.wait_for_selector("#transfer-list .choice[data-kind=counter]")
    # the hall has 20-odd counters; only Loket 2 also serves KTP-el
    assert offered(page, "counter") == ["loket-2"]
    assert offered(page, "counter") == [
        c["id"] for c in api(server, "GET", "/counters/loket-1/console")["transfer_counters"]]
    assert "kartu-keluarga" in offered(page, "service")  # other services stay open to it
    page.fill("#transfer-search", "loket 6")  # Samsat's counter: not even found
    page.wait_for_selector("#transfer-list .none")
    page.fill("#transfer-search", "loket")
    page.wait_for_selector("#transfer-list .choice.selected[data-id=loket-2]")
    shoot(page, "console-transfer-allowed-counters")
    page.fill("#transfer-reason", "Loket 1 printer foto rusak")
    page.click("#transfer-go")
    page.wait_for_selector("#transfer-dialog", state="hidden")
    idle(page)
    [moved] = api(server, "GET", "/counters/loket-2/console")["waiting"]
    assert (moved["code"], moved["target_counter_id"]) == ("A001", "loket-2")
    assert page.errors == []

    audit = sign_in(new_page, server, "it-mpp", "/admin/audit?type=transferred")
    row = audit.locator('#audit tr[data-type="transferred"]').first
    row.wait_for()
    assert "rina" in row.locator(".actor").inner_text()
    assert "A001" in row.locator(".what").inner_text()
    assert "Dialihkan" in row.locator(".type").inner_text()
    detail = row.locator(".detail").inner_text()
    assert "ktp-el (loket-1) → ktp-el (loket-2)" in detail
    assert "Loket 1 printer foto rusak" in detail
    assert audit.locator("#audit tbody tr").count() == 1
    shoot(audit, "audit-shows-transfer")
    assert audit.errors == []
