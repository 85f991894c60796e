"""A restart with the same config.toml never undoes an admin's edit and says so; a value the
admin never touched still follows the file; `config apply` makes the file win."""

from __future__ import annotations

import logging

from queue_server.boot import prepare_data
from queue_server.services import admin_catalogue, tickets
from queue_server.services.seeding import seed_catalog
from queue_server.settings import parse_settings
from tests.conftest import ADMIN, CONFIG, KIOSK


def quota(hall, service_id: str = "ktp-el"):
    return hall.current_catalog().services[service_id].daily_quota


def config_with(old: str, new: str):
    text = CONFIG.read_text(encoding="utf-8")
    assert old in text
    return parse_settings(text.replace(old, new, 1), CONFIG)


def test_an_admin_edit_survives_a_restart_and_the_kept_value_is_reported(hall, settings):
    admin_catalogue.update(hall, ADMIN, "service", "ktp-el", {"daily_quota": 200})
    report = seed_catalog(hall.store, settings)
    assert quota(hall) == 200
    assert report.kept == ["kept admin edit of services.ktp-el.daily_quota: 200, "
                           "config says 150"]
    assert report.changes == []


def test_the_start_up_log_names_each_kept_edit(hall, settings, tmp_path, caplog):
    admin_catalogue.update(hall, ADMIN, "service", "ktp-el", {"daily_quota": 200})
    with caplog.at_level(logging.INFO, logger="queue_server.boot"):
        store, _ = prepare_data(settings, tmp_path)  # the hall fixture's file
        store.close()
    assert "config: kept admin edit of services.ktp-el.daily_quota: 200, config says 150" \
        in caplog.messages


def test_a_value_the_admin_never_touched_follows_the_file(hall):
    admin_catalogue.update(hall, ADMIN, "service", "ktp-el", {"daily_quota": 200})
    edited = config_with("max_wait_minutes = 60", "max_wait_minutes = 75")
    report = seed_catalog(hall.store, edited)
    service = hall.current_catalog().services["ktp-el"]
    assert (service.daily_quota, service.max_wait_minutes) == (200, 75)
    assert "services: updated ktp-el (max_wait_minutes)" in report.changes


def test_things_the_admin_created_or_deactivated_stay_as_the_admin_left_them(hall, settings):
    admin_catalogue.create(hall, ADMIN, "service", {
        "id": "paspor", "agency_id": "dukcapil", "prefix": "PS", "name": "Paspor",
        "service_minutes": 5})
    admin_catalogue.update(hall, ADMIN, "service", "ikd-kia", {"active": False})
    seed_catalog(hall.store, settings)
    catalog = hall.current_catalog()
    assert catalog.services["paspor"].active
    assert "ikd-kia" not in catalog.services  # still deactivated, nobody waits for it


def test_a_counter_whose_services_the_admin_set_keeps_them(hall, settings):
    admin_catalogue.update(hall, ADMIN, "counter", "loket-1", {"services": {"ktp-el": 3}})
    report = seed_catalog(hall.store, settings)
    assert hall.current_catalog().counters["loket-1"].service_weights == {"ktp-el": 3.0}
    assert any(line.startswith("kept admin edit of counters.loket-1.services")
               for line in report.kept)


def test_config_apply_makes_the_file_win_and_forgets_the_edits(hall, settings):
    admin_catalogue.update(hall, ADMIN, "service", "ktp-el", {"daily_quota": 200})
    report = seed_catalog(hall.store, settings, keep_admin_edits=False)
    assert quota(hall) == 150 and report.kept == []
    assert "services: updated ktp-el (daily_quota)" in report.changes
    # from now on the file's values are plain config values again
    assert seed_catalog(hall.store, config_with("daily_quota = 150", "daily_quota = 90"))
    assert quota(hall) == 90


def test_a_service_removed_from_the_file_keeps_its_waiting_tickets_callable(hall):
    waiting = tickets.issue_ticket(hall, KIOSK, "ikd-kia").ticket.ticket
    text = CONFIG.read_text(encoding="utf-8")
    start = text.index('  [[agencies.services]]\n  id = "ikd-kia"')
    end = text.index("[[agencies]]", start)  # its agency's last service
    text = (text[:start] + text[end:]).replace('"ktp-el" = 2, "ikd-kia" = 1',
                                                    '"ktp-el" = 2')
    report = seed_catalog(hall.store, parse_settings(text, CONFIG))
    assert "services: deactivated ikd-kia" in report.changes
    catalog = hall.current_catalog()
    assert not catalog.offered(catalog.services["ikd-kia"])
    called = tickets.call_next(hall, ADMIN, "loket-1").ticket.ticket
    assert called.code == waiting.code


def test_a_deactivated_service_stays_while_a_citizen_is_at_the_counter_then_goes(hall):
    tickets.issue_ticket(hall, KIOSK, "ikd-kia")
    called = tickets.call_next(hall, ADMIN, "loket-1").ticket.ticket
    admin_catalogue.update(hall, ADMIN, "service", "ikd-kia", {"active": False})
    assert "ikd-kia" in hall.current_catalog().services  # still being served
    tickets.start(hall, ADMIN, called.id)
    tickets.finish(hall, ADMIN, called.id)
    admin_catalogue.update(hall, ADMIN, "service", "ktp-el", {"daily_quota": 151})
    assert "ikd-kia" not in hall.current_catalog().services  # history only, never offered
