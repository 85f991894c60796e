"""The site and the schedule edited by an admin: the restart rule (an admin's edit survives
re-seeding, config still applies to what no admin touched), all-or-nothing changes, and the
live view every process reads."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from queue_server.domain.access import ANONYMOUS
from queue_server.domain.errors import BadRequest, Conflict, Forbidden, Unauthorized
from queue_server.domain.opening import parse_spans
from queue_server.services import site_admin
from queue_server.services.hall import Hall
from queue_server.services.seeding import seed_catalog
from queue_server.services.site_admin import seed_site
from tests.conftest import ADMIN, supervisor

SITE_BODY = {
    "name": "Mal Pelayanan Publik Kabupaten Lebong",
    "short_name": "MPP Kab. Lebong",
    "running_text": "Selamat datang",
    "running_text_en": "Welcome",
    "ticket_footer": "Terima kasih",
    "public_url": "http://192.168.1.10:8080/",
}


def site_body(hall: Hall, **changes: str) -> dict[str, str]:
    return {**site_admin.get_site(hall, ADMIN).shape(), **changes}


def schedule_body(hall: Hall, **changes) -> dict:
    shape = site_admin.get_schedule(hall, ADMIN).schedule.shape()
    return {**shape, **changes}


def version(hall: Hall) -> int:
    with hall.store.read() as tx:
        return tx.catalog.version()


# ---------------------------------------------------------------- the restart rule


def test_seeding_the_same_config_again_reports_nothing(hall: Hall, settings) -> None:
    report = seed_catalog(hall.store, settings)
    assert (report.changes, report.kept) == ([], [])


def test_an_admin_edit_survives_reseeding_and_the_kept_value_is_reported(hall, settings):
    site_admin.put_site(hall, ADMIN, site_body(hall, running_text="Halo semua"))
    report = seed_catalog(hall.store, settings)
    assert report.changes == []
    config_text = settings.site.running_text
    assert report.kept == [f"kept admin edit of site.running_text: 'Halo semua', config says "
                           f"{config_text!r}"]
    assert hall.current_catalog() and hall.settings.site.running_text == "Halo semua"
    # a second restart keeps it again, and says so again
    assert seed_catalog(hall.store, settings).kept == report.kept


def test_a_config_change_of_a_key_no_admin_touched_applies_on_restart(hall, settings):
    site_admin.put_site(hall, ADMIN, site_body(hall, running_text="Halo semua"))
    edited = replace(settings, site=replace(settings.site, ticket_footer="Footer baru",
                                            running_text="Config baru"))
    report = seed_catalog(hall.store, edited)
    assert report.changes == ["site_settings: updated site.ticket_footer"]
    assert report.kept == ["kept admin edit of site.running_text: 'Halo semua', config says "
                           "'Config baru'"]
    hall.current_catalog()
    assert hall.settings.site.ticket_footer == "Footer baru"
    assert hall.settings.site.running_text == "Halo semua"


def test_hours_are_kept_per_weekday(hall, settings):
    body = schedule_body(hall)
    body["hours"] = {**body["hours"], "friday": "08:00-11:00, 14:00-16:00"}
    site_admin.put_schedule(hall, ADMIN, body)
    config = replace(settings, hours={**settings.hours, 0: parse_spans("07:30-15:00")})
    report = seed_catalog(hall.store, config)
    assert report.changes == ["site_settings: updated schedule.hours (monday)"]
    assert report.kept == ["kept admin edit of schedule.hours.friday: '08:00-11:00, "
                           "14:00-16:00', config says '08:00-11:30, 13:30-15:30'"]
    hall.current_catalog()
    assert hall.settings.hours[0] == parse_spans("07:30-15:00")
    assert hall.settings.hours[4] == parse_spans("08:00-11:00, 14:00-16:00")


def test_the_holiday_list_is_kept_as_a_whole(hall, settings):
    body = schedule_body(hall)
    body["holidays"] = [*body["holidays"], {"date": "2026-06-01", "name": "Hari Lahir Pancasila"}]
    site_admin.put_schedule(hall, ADMIN, body)
    more = {**settings.site.holidays, date(2026, 8, 17): "Hari Kemerdekaan RI"}
    report = seed_catalog(hall.store, replace(settings, site=replace(settings.site,
                                                                    holidays=more)))
    assert report.changes == []
    [kept] = report.kept
    assert kept.startswith("kept admin edit of schedule.holidays: ")
    assert "only in config: 2026-08-17" in kept and "only the admin's: 2026-06-01" in kept
    hall.current_catalog()
    assert date(2026, 6, 1) in hall.settings.site.holidays
    assert date(2026, 8, 17) not in hall.settings.site.holidays


def test_config_apply_lets_the_file_win_everywhere(hall, settings):
    site_admin.put_site(hall, ADMIN, site_body(hall, running_text="Halo semua"))
    report = seed_catalog(hall.store, settings, keep_admin_edits=False)
    assert report.changes == ["site_settings: updated site.running_text"]
    assert report.kept == []
    hall.current_catalog()
    assert hall.settings.site.running_text == settings.site.running_text


def test_the_old_running_text_key_becomes_the_admins_running_text(hall, settings):
    with hall.store.write() as tx:
        tx.site.set("running_text", "Teks lama dari database")
    report = seed_catalog(hall.store, settings)
    assert report.changes == ["site_settings: running_text moved to site.running_text"]
    with hall.store.read() as tx:
        assert tx.site.get("running_text") is None
        assert tx.site.get("site.running_text") == "Teks lama dari database"
    # from now on it is an admin's edit like any other
    assert seed_catalog(hall.store, settings).kept[0].startswith(
        "kept admin edit of site.running_text: 'Teks lama dari database'")


def test_a_database_seeded_before_the_site_keys_reads_configs_values(make_hall, settings):
    hall = make_hall(settings)
    with hall.store.write() as tx:
        for key in ("site.name", "schedule.hours", "schedule.holidays"):
            tx.site.delete(key)
        tx.catalog.bump_version()
    hall.current_catalog()
    assert hall.settings.site.name == settings.site.name
    assert hall.settings.hours == settings.hours
    with hall.store.write() as tx:
        seed_site(tx, settings)
        assert tx.site.get("site.name") == settings.site.name


# ---------------------------------------------------------------- changes


def test_a_put_of_the_site_saves_every_field_and_marks_only_what_changed(hall):
    before = version(hall)
    saved = site_admin.put_site(hall, ADMIN, SITE_BODY)
    assert saved.public_url == "http://192.168.1.10:8080"  # the registry's clean value
    assert hall.settings.site.public_url == "http://192.168.1.10:8080"
    assert hall.site.running_text_en == "Welcome"
    assert version(hall) == before + 1
    with hall.store.read() as tx:
        marked = tx.admin_edits.of("site")["site"]
    # the name is config's already: not an edit, so config may still change it
    assert marked == {"site.short_name", "site.running_text", "site.running_text_en",
                      "site.ticket_footer", "site.public_url"}


def test_a_refused_field_saves_nothing(hall):
    before_version = version(hall)
    before = site_admin.get_site(hall, ADMIN)
    with pytest.raises(BadRequest) as refused:
        site_admin.put_site(hall, ADMIN, {**SITE_BODY, "public_url": "192.168.1.10"})
    assert refused.value.field == "public_url"
    assert site_admin.get_site(hall, ADMIN) == before
    assert version(hall) == before_version
    with hall.store.read() as tx:
        assert tx.admin_edits.of("site") == {}


def test_a_schedule_with_a_duplicate_date_saves_nothing(hall):
    body = schedule_body(hall)
    body["hours"] = {**body["hours"], "saturday": "08:00-12:00"}
    body["holidays"] = [{"date": "2026-12-25", "name": "Natal"},
                        {"date": "2026-12-25", "name": "Natal lagi"}]
    before = site_admin.get_schedule(hall, ADMIN).schedule
    with pytest.raises(Conflict) as refused:
        site_admin.put_schedule(hall, ADMIN, body)
    assert refused.value.field == "holidays[2].date"
    assert site_admin.get_schedule(hall, ADMIN).schedule == before


def test_a_put_that_changes_nothing_writes_no_event(hall):
    before = version(hall)
    site_admin.put_site(hall, ADMIN, site_body(hall))
    site_admin.put_schedule(hall, ADMIN, schedule_body(hall))
    assert version(hall) == before
    with hall.store.read() as tx:
        assert tx.conn.execute("SELECT COUNT(*) FROM events WHERE type IN "
                               "('site.updated', 'schedule.updated')").fetchone()[0] == 0


def test_another_process_sees_the_edit_on_its_next_catalogue_read(hall, settings):
    other = Hall(hall.store, settings, clock=hall.clock)
    assert other.settings.site.ticket_footer == settings.site.ticket_footer
    site_admin.put_site(hall, ADMIN, site_body(hall, ticket_footer="Baru"))
    assert other.settings.site.ticket_footer == settings.site.ticket_footer  # cached
    assert other.fresh_settings().site.ticket_footer == "Baru"  # what a page load asks
    assert other.settings.site.ticket_footer == "Baru"


def test_a_holiday_put_closes_the_services_that_day(hall, clock):
    from queue_server.services.hall_views import list_services

    today = hall.local(clock()).date().isoformat()
    body = schedule_body(hall)
    site_admin.put_schedule(hall, ADMIN, {**body, "holidays": [
        *body["holidays"], {"date": today, "name": "Libur daerah"}]})
    views = list_services(hall)
    assert {v.availability.reason for v in views} == {"holiday"}
    assert views[0].availability.message == "Hari libur: Libur daerah"


def test_only_admins_read_or_change_the_site_and_the_schedule(hall):
    with pytest.raises(Unauthorized):
        site_admin.get_site(hall, ANONYMOUS)
    for call in (lambda p: site_admin.get_site(hall, p),
                 lambda p: site_admin.put_schedule(hall, p, {}),
                 lambda p: site_admin.parse_holidays(hall, p, "")):
        with pytest.raises(Forbidden):
            call(supervisor("dukcapil"))
