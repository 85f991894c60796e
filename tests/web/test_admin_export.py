"""Export and apply: GET /api/v1/admin/config.toml writes today's settings as a file that
`queue-server serve --config` takes and that reproduces them; `queue-server config apply`
shows what a file would change and makes it so."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import requests

from queue_server.settings import parse_settings
from tests.conftest import bearer
from tests.live_server import ROOT, LiveServer, always_open_config, provision
from tests.web.test_admin_catalogue_api import NEW_SERVICE, patch, post
from tests.web.test_api import API, envelope_of

ADMIN_LISTS = ("agencies", "services", "counters", "zones")


def exported(client, tokens) -> str:
    r = client.get(f"{API}/admin/config.toml", headers=bearer(tokens["admin"]))
    assert r.status_code == 200, r.get_data(as_text=True)
    assert r.mimetype == "text/plain"
    assert "attachment" in r.headers["Content-Disposition"]
    return r.get_data(as_text=True)


def test_the_export_is_a_valid_config_with_the_admins_edits(client, tokens):
    assert post(client, tokens, "services", {
        **NEW_SERVICE, "hours": {"friday": "08:00-11:00"}}).status_code == 201
    patch(client, tokens, "services/ikd-kia", {"active": False})
    text = exported(client, tokens)
    settings = parse_settings(text)  # every rule of config.toml holds
    paspor = settings.service("paspor")
    assert (paspor.prefix, paspor.online_quota, paspor.requirements) == (
        "PS", 10, ("KTP-el asli", "Kartu Keluarga"))
    assert paspor.own_hours is not None and 4 in paspor.own_hours
    assert settings.service("ikd-kia").active is False
    raw = tomllib.loads(text)
    assert raw["site"]["timezone"] == "Asia/Jakarta"  # the file-only values come along
    assert "server" in raw and "queue" in raw


def test_only_an_admin_may_export(client, tokens):
    for who, status in (("supervisor_here", 403), ("officer_here", 403), ("kiosk", 403)):
        r = client.get(f"{API}/admin/config.toml", headers=bearer(tokens[who]))
        envelope_of(r, status, "forbidden")
    envelope_of(client.get(f"{API}/admin/config.toml"), 401, "unauthorized")


def _admin_state(server: LiveServer) -> dict:
    headers = bearer(server.tokens["admin"])
    state = {name: requests.get(f"{server.url}{API}/admin/{name}", headers=headers,
                                timeout=10).json()[name] for name in ADMIN_LISTS}
    state["services"] = {s["id"]: s for s in state["services"]}
    state["site"] = requests.get(f"{server.url}{API}/admin/site", headers=headers,
                                 timeout=10).json()
    schedule = requests.get(f"{server.url}{API}/admin/schedule", headers=headers,
                            timeout=10).json()
    state["schedule"] = {k: schedule[k] for k in ("hours", "holidays")}
    return state


def test_export_then_serve_config_reproduces_the_hall_exactly(tmp_path: Path):
    config = always_open_config(tmp_path / "a")
    first = LiveServer(tmp_path / "a" / "data", config)
    first.tokens = provision(first.data_dir, config)
    with first:
        admin = bearer(first.tokens["admin"])
        url = f"{first.url}{API}/admin"
        for path, body in (
            ("agencies", {"id": "imigrasi", "name": "Kantor Imigrasi Kelas II Non TPI "
                          "Curup", "short_name": "Imigrasi"}),
            ("services", {**NEW_SERVICE, "agency_id": "imigrasi",
                          "hours": {"friday": "08:00-11:00"}}),
            ("counters", {"id": "loket-30", "number": 30, "agency_id": "imigrasi",
                          "name": "Loket Paspor", "services": {"paspor": 1.5}}),
        ):
            r = requests.post(f"{url}/{path}", json=body, headers=admin, timeout=10)
            assert r.status_code == 201, r.text
        requests.patch(f"{url}/services/ikd-kia", json={"active": False}, headers=admin,
                       timeout=10).raise_for_status()
        site = requests.get(f"{url}/site", headers=admin, timeout=10).json()
        # the hall's LAN address (a localhost one follows each server's own port)
        requests.put(f"{url}/site", json={**site, "running_text": "Layanan paspor kini di "
                     "loket 30", "public_url": "http://192.168.1.10:8080"}, headers=admin,
                     timeout=10).raise_for_status()
        schedule = requests.get(f"{url}/schedule", headers=admin, timeout=10).json()
        requests.put(f"{url}/schedule", json={
            "hours": schedule["hours"],
            "holidays": [{"date": "2026-12-25", "name": "Hari Raya Natal"}]},
            headers=admin, timeout=10).raise_for_status()
        text = requests.get(f"{url}/config.toml", headers=admin, timeout=10).text
        before = _admin_state(first)

    copy = tmp_path / "b" / "config.toml"
    copy.parent.mkdir()
    copy.write_text(text, encoding="utf-8")
    second = LiveServer(tmp_path / "b" / "data", copy)
    second.tokens = provision(second.data_dir, copy)
    with second:
        after = _admin_state(second)
    assert after == before


def run_apply(file: Path, data_dir: Path, *extra: str,
              stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "queue_server.cli", "config", "apply", str(file),
         "--data-dir", str(data_dir), *extra], input=stdin, capture_output=True, text=True,
        timeout=120, cwd=ROOT)


def test_config_apply_shows_the_differences_asks_and_applies(tmp_path: Path, app, client,
                                                             tokens):
    patch(client, tokens, "services/ktp-el", {"daily_quota": 200})
    hall = app.extensions["loket"].hall
    data_dir = hall.store.path.parent
    config = hall.settings.source
    hall.store.close()  # the CLI opens the same file; this process stays out of its way

    refused = run_apply(config, data_dir, stdin="n\n")
    assert refused.returncode == 1, refused.stderr
    assert "services.ktp-el.daily_quota: 200 -> 150" in refused.stdout
    assert "Nothing changed." in refused.stdout

    done = run_apply(config, data_dir, "--yes")
    assert done.returncode == 0, done.stderr
    assert "Applied" in done.stdout
    again = run_apply(config, data_dir, "--yes")
    assert again.returncode == 0 and "Nothing to change" in again.stdout


def test_screens_hear_of_a_config_applied_by_another_process(app, tokens):
    from queue_server.services import config_apply
    from tests.web.test_catalog_updated import catalog_messages, socket_for

    loket = app.extensions["loket"]
    tv = socket_for(app, tokens["display"], "display:all")
    loket.realtime.announce_config_applied()  # the first sweep only takes note
    assert catalog_messages(tv) == []
    hall = loket.hall
    edited = parse_settings(hall.config.source.read_text(encoding="utf-8").replace(
        "daily_quota = 150", "daily_quota = 90", 1), hall.config.source)
    config_apply.apply(hall.store, edited)  # as `queue-server config apply` does
    loket.realtime.announce_config_applied()
    [message] = catalog_messages(tv)
    assert message["version"] == hall.current_catalog().version
    loket.realtime.announce_config_applied()
    assert catalog_messages(tv) == []  # once
