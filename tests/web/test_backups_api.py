"""GET/POST /api/v1/admin/backups and the `backup` part of /api/v1/health (issue 13's agreed
contract): admins list and make verified backups, a second one while one runs is a 409
backup_running, and the health answer says when the last one was made and if it is stale."""

from __future__ import annotations

from dataclasses import replace

import jsonschema
import pytest

from queue_server.store.folder import BACKUP_LOCK, FolderLock
from tests.conftest import bearer
from tests.web.test_api import API, envelope_of, issue


@pytest.fixture
def settings(base_settings, tmp_path):
    return replace(base_settings, backup=replace(base_settings.backup,
                                                 dir=str(tmp_path / "usb")))


def _spec_check(client, answer: dict, name: str) -> None:
    spec = client.get(f"{API}/openapi.json").get_json()
    jsonschema.validate(answer, {"$ref": f"#/components/schemas/{name}",
                                 "components": spec["components"]})


def test_admin_makes_a_verified_backup_and_sees_it_listed_and_in_health(client, tokens,
                                                                         tmp_path, clock):
    issue(client, tokens)
    before = client.get(f"{API}/health").get_json()["backup"]
    assert before == {"last_at": None, "stale": True}
    listed = client.get(f"{API}/admin/backups", headers=bearer(tokens["admin"]))
    assert listed.status_code == 200
    assert listed.get_json()["last"] is None and listed.get_json()["stale"] is True

    made = client.post(f"{API}/admin/backups", headers=bearer(tokens["admin"]))

    assert made.status_code == 201, made.get_data(as_text=True)
    backup = made.get_json()["backup"]
    _spec_check(client, made.get_json()["backup"], "Backup")
    assert backup["tickets"] == 1 and backup["size_bytes"] > 0
    assert (tmp_path / "usb" / backup["file"]).is_file()
    listed = client.get(f"{API}/admin/backups", headers=bearer(tokens["admin"])).get_json()
    _spec_check(client, listed, "Backups")
    assert listed["last"] == backup and listed["backups"] == [backup]
    assert listed["stale"] is False and listed["dir"] == str(tmp_path / "usb")
    assert listed["next_at"].startswith("2026-03-03T02:00")  # tomorrow, [backup] hour 2
    health = client.get(f"{API}/health").get_json()["backup"]
    assert health == {"last_at": backup["made_at"], "stale": False}
    clock.advance(hours=25)
    assert client.get(f"{API}/health").get_json()["backup"]["stale"] is True


def test_a_backup_while_another_is_made_is_a_409_backup_running(app, client, tokens):
    data_dir = app.extensions["loket"].data_dir
    with FolderLock(data_dir, BACKUP_LOCK).held_for():  # e.g. `queue-server backup` now
        busy = client.post(f"{API}/admin/backups", headers=bearer(tokens["admin"]))
    envelope_of(busy, 409, "backup_running")
    again = client.post(f"{API}/admin/backups", headers=bearer(tokens["admin"]))
    assert again.status_code == 201


@pytest.mark.parametrize("who", ["officer_here", "supervisor_here", "kiosk", "display", None])
def test_only_admins_list_or_make_backups(client, tokens, who):
    status, code = (401, "unauthorized") if who is None else (403, "forbidden")
    for method in (client.get, client.post):
        r = method(f"{API}/admin/backups", headers=bearer(tokens.get(who) if who else None))
        envelope_of(r, status, code)


def test_openapi_documents_the_backup_routes(client):
    paths = client.get(f"{API}/openapi.json").get_json()["paths"]
    assert set(paths[f"{API}/admin/backups"]) == {"get", "post"}
    post = paths[f"{API}/admin/backups"]["post"]
    assert {"201", "409"} <= set(post["responses"])
