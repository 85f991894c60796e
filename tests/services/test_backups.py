"""Backups and restores of the hall's database (issue 13, "Backup and restore"): online and
consistent while tickets are issued, verified, pruned by keep_days, made once a night by one
of several server processes, and restored with today's numbering past anything issued since."""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from queue_server.services import backups, tickets
from queue_server.services.hall import Hall
from queue_server.settings import BackupSettings
from queue_server.store import open_store
from queue_server.store.folder import BACKUP_LOCK, SERVER_LOCK, FolderLock
from tests.conftest import ADMIN, KIOSK, kiosk_principal, officer, without_quotas


@pytest.fixture
def busy_hall(make_hall, settings) -> Hall:
    return make_hall(without_quotas(settings))


def _issue(hall: Hall, service_id: str, n: int) -> list[str]:
    return [tickets.issue_ticket(hall, KIOSK, service_id).ticket.ticket.code for _ in range(n)]


def _backup(hall: Hall, folder: Path, keep_days: int = 14) -> backups.BackupInfo:
    return backups.make_backup(hall.store.path, folder, now=hall.now(),
                               zone=hall.config.site.zone, keep_days=keep_days)


def _number(code: str) -> int:
    return int(code.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))


def test_backup_made_while_tickets_are_issued_is_one_consistent_verified_moment(
        busy_hall, tmp_path):
    services = ["ktp-el", "kartu-keluarga", "akta-capil", "skck"]
    for service_id in services:
        _issue(busy_hall, service_id, 300)  # enough pages that the copy takes a while
    stop, issued_meanwhile = threading.Event(), []

    def kiosks() -> None:
        n = 0
        while not stop.is_set():
            service_id = services[n % len(services)]
            issued_meanwhile.append(
                tickets.issue_ticket(busy_hall, kiosk_principal("kiosk-2"), service_id))
            n += 1

    worker = threading.Thread(target=kiosks)
    worker.start()
    try:
        while len(issued_meanwhile) < 5:  # the kiosk is writing when the copy starts
            threading.Event().wait(0.01)
        before = len(issued_meanwhile)
        made = [_backup(busy_hall, tmp_path / "backups") for _ in range(3)]
        during = len(issued_meanwhile) - before
    finally:
        stop.set()
        worker.join()

    assert len({m.path for m in made}) == 3  # three in one minute: three names
    for info in made:
        copy = sqlite3.connect(info.path)
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        count = copy.execute("SELECT count(*) FROM tickets").fetchone()[0]
        assert count == info.tickets >= 1200
        # a ticket and its number commit together: in a torn copy they would disagree
        per_service = dict(copy.execute(
            "SELECT service_id, count(*) FROM tickets GROUP BY service_id").fetchall())
        sequences = dict(copy.execute("SELECT service_id, last FROM sequences").fetchall())
        assert per_service == sequences
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        copy.close()
        assert not Path(f"{info.path}-wal").exists()
    assert during > 0  # the kiosk kept issuing while the copies were made
    assert {b.path for b in backups.list_backups(tmp_path / "backups")} == \
        {m.path for m in made}
    assert made[0].path.name.startswith(f"loket-{busy_hall.local(busy_hall.now()):%Y-%m-%dT%H%M}")


def test_last_backup_is_the_newest_verified_copy_and_stale_after_a_day(hall, clock, tmp_path):
    folder = tmp_path / "backups"
    assert backups.last_backup(folder) is None
    assert backups.is_stale(None, clock())
    first = _backup(hall, folder)
    clock.advance(hours=2)
    second = _backup(hall, folder)
    (folder / "loket-2030-01-01T0200.sqlite3").write_bytes(b"half a copy")  # never verified
    last = backups.last_backup(folder)
    assert last is not None and last.path == second.path and last.made_at > first.made_at
    assert not backups.is_stale(last, clock())
    clock.advance(hours=25)
    assert backups.is_stale(last, clock())


def test_keep_days_prunes_only_old_backups_and_never_the_last_one(hall, clock, tmp_path):
    folder = tmp_path / "backups"
    old = _backup(hall, folder, keep_days=14)
    clock.advance(days=10)
    middle = _backup(hall, folder, keep_days=14)
    unrelated = folder / "notes.txt"
    unrelated.write_text("kept")
    clock.advance(days=5)  # `old` is now 15 days old
    newest = _backup(hall, folder, keep_days=14)
    assert not old.path.exists() and not Path(f"{old.path}.json").exists()
    assert middle.path.exists() and newest.path.exists() and unrelated.exists()

    clock.advance(days=100)  # a PC switched off for months: its only backups are old
    assert backups.prune(folder, 14, clock()) == [middle.path]
    assert newest.path.exists()


def test_a_second_backup_while_one_is_made_is_refused(hall, tmp_path):
    with FolderLock(hall.store.path.parent, BACKUP_LOCK).held_for(), \
            pytest.raises(backups.BackupRunning) as refused:
        _backup(hall, tmp_path / "backups")
    assert refused.value.code == "backup_running"


def test_only_admins_may_list_or_make_backups(hall):
    with pytest.raises(Exception) as refused:
        backups.back_up_now(hall, officer("loket-1"), hall.store.path)
    assert getattr(refused.value, "code", None) == "forbidden"
    assert backups.view(hall, ADMIN, hall.store.path.parent).stale


def test_nightly_backup_is_made_once_after_its_hour_by_one_of_two_processes(
        make_hall, settings, clock, tmp_path):
    # the fake clock starts Monday 09:00 WIB; the nightly hour is 10:00 here
    settings = replace(settings, backup=BackupSettings(dir=str(tmp_path / "nightly"), hour=10))
    first = make_hall(settings)
    second = Hall(first.store, settings, clock=clock)  # another serving process, same folder
    database = first.store.path
    assert backups.nightly_if_due(first, database) is None  # 09:00: not yet
    clock.advance(hours=1, minutes=1)
    made = [backups.nightly_if_due(hall, database) for hall in (first, second, first)]
    assert made[0] is not None and made[1:] == [None, None]
    assert len(backups.list_backups(tmp_path / "nightly")) == 1
    view = backups.view(first, ADMIN, database.parent)
    assert view.next_at == made[0].made_at.replace(hour=3, minute=0, second=0,
                                                   microsecond=0) + timedelta(days=1)
    clock.advance(days=1)
    assert backups.nightly_if_due(second, database) is not None  # the next night


def test_restore_continues_every_sequence_above_the_150_tickets_issued_after_the_backup(
        busy_hall, clock, tmp_path):
    hall = busy_hall
    _issue(hall, "ktp-el", 40)
    _issue(hall, "kartu-keluarga", 25)
    made = _backup(hall, tmp_path / "backups")
    # since the backup: 150 more, one service ("skck") had none at backup time
    after = (_issue(hall, "ktp-el", 60) + _issue(hall, "kartu-keluarga", 50)
             + _issue(hall, "skck", 40))
    assert len(after) == 150
    highest = {}
    for code in after:
        prefix = code.rstrip("0123456789")
        highest[prefix] = max(highest.get(prefix, 0), _number(code))
    database = hall.store.path
    hall.store.close()  # the server is stopped for a restore

    done = backups.restore(database, made.path, now=clock(), zone=hall.config.site.zone)

    assert done.tickets == 65
    assert done.set_aside is not None and done.set_aside.exists()  # kept, never deleted
    lines = done.lines()
    ktp = hall.config.service("ktp-el").prefix
    assert f"{ktp}: lanjut dari {ktp}101 → {ktp}301" in lines  # 100 known, +200
    restored = Hall(open_store(database), hall.settings, clock=clock)
    try:
        for service_id in ("ktp-el", "kartu-keluarga", "skck", "akta-capil"):
            code = _issue(restored, service_id, 1)[0]
            prefix = code.rstrip("0123456789")
            assert code not in after
            assert _number(code) > highest.get(prefix, 0) + 199
    finally:
        restored.store.close()


def test_restore_over_a_damaged_database_jumps_from_the_backups_numbers(busy_hall, clock,
                                                                         tmp_path):
    hall = busy_hall
    _issue(hall, "kartu-keluarga", 10)
    made = _backup(hall, tmp_path / "backups")
    database = hall.store.path
    hall.store.close()
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        path.unlink(missing_ok=True)
    database.write_bytes(b"not a database after the power cut" * 100)

    done = backups.restore(database, made.path, now=clock(), zone=hall.config.site.zone,
                           margin=500)

    assert done.set_aside is not None
    assert done.set_aside.read_bytes().startswith(b"not a database")
    kk = next(j for j in done.jumps if j.service_id == "kartu-keluarga")
    assert (kk.last_known, kk.last) == (10, 510)
    restored = Hall(open_store(database), hall.settings, clock=clock)
    try:
        assert _number(_issue(restored, "kartu-keluarga", 1)[0]) == 511
    finally:
        restored.store.close()


def test_restore_refuses_a_file_that_is_not_a_sound_backup(hall, clock, tmp_path):
    bad = tmp_path / "loket-2026-03-01T0200.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    database = hall.store.path
    hall.store.close()
    with pytest.raises(backups.BackupFailed):
        backups.restore(database, bad, now=clock(), zone=hall.config.site.zone)
    with sqlite3.connect(database) as still:  # the database was not touched
        assert still.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_restore_refuses_while_a_server_holds_the_data_folder(hall, clock, tmp_path):
    made = _backup(hall, tmp_path / "backups")
    database = hall.store.path
    with FolderLock(database.parent, SERVER_LOCK).held_for(shared=True), \
            pytest.raises(backups.ServerRunning) as refused:
        backups.restore(database, made.path, now=clock(), zone=hall.config.site.zone)
    assert "hentikan dulu" in refused.value.message
    assert json.loads(Path(f"{made.path}.json").read_text())["integrity_check"] == "ok"


def test_a_restore_is_in_the_restored_hall_s_audit_log_with_its_file_and_the_numbers_left_free(
        busy_hall, clock, tmp_path):
    from queue_server.services import audit

    hall = busy_hall
    _issue(hall, "ktp-el", 5)
    made = _backup(hall, tmp_path / "backups")
    _issue(hall, "ktp-el", 3)  # on paper, gone from the copy
    database = hall.store.path
    hall.store.close()

    done = backups.restore(database, made.path, now=clock(), zone=hall.config.site.zone,
                           margin=10)

    restored = Hall(open_store(database), hall.settings, clock=clock)
    try:
        page = audit.audit_page(restored, ADMIN, type="database_restored")
        assert [e.type for e in page.events] == ["database_restored"]
        event = page.events[0]
        assert event.actor == "cli"
        assert event.data["backup"] == made.path.name and event.data["tickets"] == 5
        assert done.set_aside is not None and event.data["set_aside"] == done.set_aside.name
        ktp = hall.config.service("ktp-el").prefix
        assert {"service_id": "ktp-el", "from": f"{ktp}009", "to": f"{ktp}019"} \
            in event.data["jumps"]
    finally:
        restored.store.close()
