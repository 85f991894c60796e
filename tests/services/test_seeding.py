"""Config is seeded idempotently: restarts change nothing, edits update what changed and
history is never lost."""

from __future__ import annotations

from pathlib import Path

from queue_server.services import tickets
from queue_server.services.seeding import seed_catalog
from queue_server.settings import parse_settings
from queue_server.store import open_store
from tests.conftest import ADMIN, CONFIG, KIOSK


def test_seeding_the_same_config_twice_changes_nothing(tmp_path: Path, settings):
    store = open_store(tmp_path / "loket.db")
    first = seed_catalog(store, settings).changes
    assert len(first) > 50  # 10 agencies, 23 services, 22 counters, zones ...
    with store.read() as s:
        version = s.catalog.version()
    assert seed_catalog(store, settings).changes == []
    with store.read() as s:
        assert s.catalog.version() == version
    store.close()


def test_editing_config_updates_what_changed_and_keeps_history(tmp_path: Path, make_hall,
                                                               settings):
    hall = make_hall(settings)
    t = tickets.issue_ticket(hall, KIOSK, "skck").ticket.ticket
    tickets.call_next(hall, ADMIN, "loket-15")

    text = CONFIG.read_text(encoding="utf-8")
    text = text.replace('name = "SKCK (Surat Keterangan Catatan Kepolisian)"',
                        'name = "SKCK Online & Legalisir"')
    # the bank leaves the hall: its services and counters disappear from config
    start = text.index('[[agencies]]\nid = "bank-bengkulu"')
    end = text.index('[[agencies]]\nid = "kemenag"')
    text = text[:start] + text[end:]
    for n in (20, 21):
        block_start = text.index(f'[[counters]]\nid = "loket-{n}"')
        block_end = text.index("[[counters]]", block_start + 5)
        text = text[:block_start] + text[block_end:]
    text = text.replace('"pertanahan", "bank-bengkulu"]', '"pertanahan"]')
    edited = parse_settings(text, CONFIG)

    changes = seed_catalog(hall.store, edited).changes
    assert "services: updated skck (name)" in changes
    assert "agencies: deactivated bank-bengkulu" in changes
    assert "services: deactivated teller" in changes
    assert "counters: deactivated loket-20" in changes

    catalog = hall.current_catalog()
    assert catalog.services["skck"].name == "SKCK Online & Legalisir"
    assert "teller" not in catalog.services
    assert "loket-20" not in catalog.counters
    with hall.store.read() as s:
        kept = s.tickets.get(t.id)
        assert kept.code == "S001"
        assert [e.type for e in s.events.of_ticket(t.id)] == ["issued", "called"]
    # numbering of the renamed service continues
    assert tickets.issue_ticket(hall, KIOSK, "skck").ticket.ticket.code == "S002"
    # and putting the bank back revives it
    assert "agencies: updated bank-bengkulu (active)" in seed_catalog(hall.store, settings).changes


def test_a_changed_list_of_requirements_reaches_the_catalogue_on_restart(make_hall, settings):
    hall = make_hall(settings)
    assert hall.current_catalog().services["skck"].requirements[0] == \
        "KTP-el dan KK (fotokopi)"
    text = CONFIG.read_text(encoding="utf-8").replace(
        '"Pas foto 4x6 berlatar merah, 6 lembar",', '"Pas foto 4x6 berlatar merah, 4 lembar",')
    changes = seed_catalog(hall.store, parse_settings(text, CONFIG)).changes
    assert changes == ["services: updated skck (requirements)"]
    assert "Pas foto 4x6 berlatar merah, 4 lembar" in \
        hall.current_catalog().services["skck"].requirements
