"""`queue-server` commands, run in-process with click's runner on a tmp data folder."""

from __future__ import annotations

import re
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from queue_server.cli import main
from tests.conftest import CONFIG, ROOT, always_open_config


@pytest.fixture
def run(tmp_path: Path):
    runner = CliRunner()

    def invoke(*args: str, stdin: str | None = None, config: Path = CONFIG):
        return runner.invoke(main, [*args, "--config", str(config), "--data-dir",
                                    str(tmp_path / "data")], input=stdin)

    return invoke


def test_init_creates_database_secret_and_is_idempotent(run, tmp_path):
    first = run("init")
    assert first.exit_code == 0, first.output
    assert "services: added ktp-el" in first.output
    assert (tmp_path / "data" / "loket.db").exists()
    secret = tmp_path / "data" / "secret_key"
    assert secret.stat().st_mode & 0o777 == 0o600
    key = secret.read_text()
    again = run("init")
    assert "config already up to date" in again.output
    assert secret.read_text() == key


def test_user_create_hashes_the_password_read_from_stdin(run, tmp_path):
    result = run("user", "create", "rina", "--role", "officer", "--counter", "Loket 1",
                 "--password-stdin", stdin="rahasia-sekali-123\n")
    assert result.exit_code == 0, result.output
    db = sqlite3.connect(tmp_path / "data" / "loket.db")
    stored = db.execute("SELECT password_hash FROM users WHERE name = 'rina'").fetchone()[0]
    assert stored.startswith("$argon2")
    assert "rahasia-sekali-123" not in stored
    counters = db.execute("SELECT counter_id FROM user_counters").fetchall()
    assert counters == [("loket-1",)]


@pytest.mark.parametrize(("args", "message"), [
    (("--role", "officer"), "needs at least one --counter"),
    (("--role", "supervisor"), "needs at least one --agency"),
    (("--role", "officer", "--counter", "loket-99"), "unknown counter"),
    (("--role", "supervisor", "--agency", "imigrasi"), "unknown agency"),
])
def test_user_create_refuses_incomplete_scopes(run, args, message):
    result = run("user", "create", "x", *args)
    assert result.exit_code == 1
    assert message in result.output


def test_short_password_is_refused(run):
    result = run("user", "create", "kepala", "--role", "admin", "--password-stdin",
                 stdin="pendek\n")
    assert result.exit_code == 1
    assert "at least 10" in result.output


def test_token_create_prints_once_list_hides_and_revoke_stops_it(run, tmp_path):
    made = run("token", "create", "--device", "kiosk-lobi", "--kind", "kiosk")
    assert made.exit_code == 0, made.output
    secret = made.output.splitlines()[0]
    assert secret.startswith("lkt_") and len(secret) > 30
    listed = run("token", "list")
    assert "kiosk-lobi" in listed.output and "active" in listed.output
    assert secret not in listed.output
    assert secret[:12] in listed.output  # the public prefix identifies it
    revoked = run("token", "revoke", "kiosk-lobi")
    assert "Revoked 1 token" in revoked.output
    assert "revoked" in run("token", "list").output
    assert run("token", "revoke", "kiosk-lobi").exit_code == 1


def test_a_survey_tablet_token_names_its_counter(run, tmp_path):
    made = run("token", "create", "--device", "tablet-loket-3", "--kind", "survey",
               "--counter", "loket-3")
    assert made.exit_code == 0, made.output
    with sqlite3.connect(tmp_path / "data" / "loket.db") as db:
        assert db.execute("SELECT kind, counter_id FROM devices WHERE name = ?",
                          ("tablet-loket-3",)).fetchone() == ("survey", "loket-3")
    missing = run("token", "create", "--device", "tablet-x", "--kind", "survey")
    assert missing.exit_code == 1 and "Pilih loket" in missing.output
    wrong = run("token", "create", "--device", "kiosk-x", "--kind", "kiosk", "--counter",
                "loket-3")
    assert wrong.exit_code == 2 and "--counter is for --kind survey" in wrong.output


def test_user_token_needs_an_existing_user(run):
    result = run("token", "create", "--user", "nobody")
    assert result.exit_code == 1
    assert "no user named 'nobody'" in result.output


def test_a_broken_config_stops_every_command_with_key_and_line(run, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(CONFIG.read_text(encoding="utf-8").replace(
        'prefix = "B"', 'prefix = "A"'), encoding="utf-8")
    result = run("init", config=bad)
    assert result.exit_code == 2
    assert "duplicated prefix 'A'" in result.output
    assert "line" in result.output


def test_serve_with_a_broken_config_does_not_start(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(CONFIG.read_text(encoding="utf-8").replace("port = 8080", 'port = "80"'),
                   encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "queue_server.cli", "serve", "--config", str(bad),
         "--data-dir", str(tmp_path / "data")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "server.port" in done.stderr and "must be an integer" in done.stderr
    assert not (tmp_path / "data" / "loket.db").exists()


def test_demo_server_prints_pages_and_credentials(live_server_factory, tmp_path):
    server = live_server_factory(demo=True, config=always_open_config(tmp_path / "cfg")).start()
    server.stop()
    banner = server.log_path.read_text()
    assert "/kiosk?device_token=lkt_" in banner
    assert "/display?device_token=lkt_" in banner
    assert "petugas-loket-1" in banner and "admin-demo" in banner
    assert "demo tickets were issued" in banner


# ---------------------------------------------------------------- tts keys


def test_tts_keys_lists_fixed_words_and_the_counters_of_the_config(run) -> None:
    result = run("tts", "keys")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(re.fullmatch(r"id/name-teller-bank-bengkulu\s+Teller Bank Bengkulu", line)
               for line in lines)
    assert any(re.fullmatch(r"id/dua-puluh\s+dua puluh", line) for line in lines)
    assert any(line.startswith("en/ticket-number ") for line in lines)


def test_tts_keys_reads_the_config_from_loket_config(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("LOKET_CONFIG", str(CONFIG))
    result = CliRunner().invoke(main, ["tts", "keys", "--language", "id"])
    assert result.exit_code == 0, result.output
    assert "id/name-teller-bank-bengkulu" in result.output


def test_tts_keys_language_option_limits_the_list(run) -> None:
    result = run("tts", "keys", "--fixed", "--language", "en")
    lines = result.output.splitlines()
    assert lines[0].split()[0] == "en/ticket-number"
    assert not [line for line in lines if line.startswith("id/")]
    assert not [line for line in lines if "teller" in line]


def test_tts_keys_pack_option_marks_recorded_missing_and_misnamed_files(run, tmp_path) -> None:
    pack = tmp_path / "pack"
    (pack / "id").mkdir(parents=True)
    (pack / "id" / "loket.wav").write_bytes(b"RIFF")
    (pack / "id" / "lokett.wav").write_bytes(b"RIFF")
    out = run("tts", "keys", "--fixed", "--language", "id", "--pack", str(pack)).output
    assert re.search(r"^ok +id/loket +loket$", out, re.M)
    assert re.search(r"^MISSING id/nomor-antrian +nomor antrian$", out, re.M)
    assert f"UNKNOWN {pack / 'id' / 'lokett.wav'}" in out
    assert out.splitlines()[-1].startswith("# 1 recorded, 75 missing, 1 unknown")


def test_tts_keys_reports_a_bad_tts_table_with_its_key(tmp_path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(CONFIG.read_text(encoding="utf-8").replace("[tts]\n", "[tts]\ncolour = 1\n"),
                      encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "queue_server.cli", "tts", "keys",
                           "--config", str(config)], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert done.returncode == 2
    assert "tts.colour" in done.stderr


# ---------------------------------------------------------------- printer-emulator


def test_printer_emulator_takes_paper_and_folder_from_config_and_data_dir(tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text(CONFIG.read_text(encoding="utf-8").replace("paper_mm = 80", "paper_mm = 58"),
                      encoding="utf-8")
    served: list[tuple] = []
    monkeypatch.setattr("printer.serve", lambda *args, **kw: served.append((args, kw)))
    monkeypatch.setenv("LOKET_CONFIG", str(config))
    monkeypatch.setenv("LOKET_DATA_DIR", str(tmp_path / "data"))
    runner = CliRunner()
    result = runner.invoke(main, ["printer-emulator", "--port", "9199"])
    assert result.exit_code == 0, result.output
    assert served[-1] == (("127.0.0.1", 9199, tmp_path / "data" / "printed", None),
                          {"paper_mm": 58})
    assert "58 mm paper" in result.output
    result = runner.invoke(main, ["printer-emulator", "--paper-mm", "80", "--fault", "paper-out",
                                  "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert served[-1] == (("127.0.0.1", 9100, tmp_path / "out", "paper-out"), {"paper_mm": 80})
    assert "fault: paper-out" in result.output
    assert runner.invoke(main, ["printer-emulator", "--fault", "on-fire"]).exit_code == 2


def test_printer_emulator_prints_58_mm_tickets_over_tcp(tmp_path):
    from printer import PrinterConfig, render_ticket, send_job
    from tests.printer.conftest import make_ticket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out = tmp_path / "printed"
    process = subprocess.Popen(
        [sys.executable, "-m", "queue_server.cli", "printer-emulator", "--port", str(port),
         "--out", str(out), "--paper-mm", "58"], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        config = PrinterConfig(name="emu", kind="network", host="127.0.0.1", port=port,
                               timeout=2.0, paper_mm=58)
        deadline = time.monotonic() + 30
        while True:
            try:
                send_job(config, render_ticket(make_ticket(), paper_mm=58))
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        while not (out / "1.png").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        with Image.open(out / "1.png") as image:
            assert image.width == 464  # 58 mm paper at 203 dpi
        assert "A012" in (out / "1.txt").read_text(encoding="utf-8")
    finally:
        process.terminate()
        stdout, _ = process.communicate(timeout=10)
    assert "58 mm paper" in stdout and "tiket 1: A012" in stdout


def test_the_cli_never_loads_flask() -> None:
    """Only queue_server.web imports Flask; serve reaches it through web/serving.py."""
    done = subprocess.run(
        [sys.executable, "-c", "import sys, queue_server.cli, queue_server.server, "
         "queue_server.boot; print(sorted({m.split('.')[0] for m in sys.modules} & "
         "{'flask', 'flask_socketio', 'werkzeug'}))"],
        capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.stdout.strip() == "[]", done.stderr


def test_reading_the_settings_imports_no_ssl_before_gevent_patches() -> None:
    """`serve` reads the settings before monkey-patching (async_mode is in them): ssl
    imported by then is left unpatched (gevent's MonkeyPatchWarning, and worse)."""
    done = subprocess.run(
        [sys.executable, "-c", "import sys, queue_server.cli; from queue_server.settings import "
         f"load_settings; load_settings({str(CONFIG)!r}); print('ssl' in sys.modules)"],
        capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.stdout.strip() == "False", done.stderr


def test_the_demo_prints_on_this_pc_and_speaks_with_the_offline_voices():
    from dataclasses import replace

    from queue_server.server import demo_settings
    from queue_server.settings import load_settings

    settings = load_settings(CONFIG)
    assert "gtts" in settings.tts.engines  # the example hall speaks with Google when online
    demo = demo_settings(settings, 9555)
    assert demo.tts.engines == tuple(e for e in settings.tts.engines if e != "gtts")
    assert "espeak" in demo.tts.engines
    printer = demo.printers["default"]
    assert (printer.kind, printer.host, printer.port) == ("network", "127.0.0.1", 9555)
    assert demo.kiosk_printers == {}
    # a config that points gTTS at its own endpoint (the tests' local fake) keeps it
    faked = replace(settings, tts=replace(settings.tts, gtts_endpoint="http://127.0.0.1:9/x"))
    assert demo_settings(faked, 9555).tts.engines == settings.tts.engines


def test_a_maintenance_command_never_reseeds_the_catalogue_from_another_config(run, tmp_path):
    from tests.live_server import hall_config

    # the hall is served with a config that removed every quota ...
    served = hall_config(tmp_path / "served", drop_quotas=True)
    assert run("init", config=served).exit_code == 0
    db = sqlite3.connect(tmp_path / "data" / "loket.db")

    def quotas() -> set[object]:
        return {q for (q,) in db.execute("SELECT daily_quota FROM services WHERE active = 1")}

    assert quotas() == {None}
    # ... and the IT officer runs commands with the repo's config.toml (which has quotas)
    for args in (("token", "create", "--device", "kiosk-2", "--kind", "kiosk"),
                 ("token", "list"),
                 ("user", "create", "rina", "--role", "officer", "--counter", "loket-1")):
        result = run(*args)
        assert result.exit_code == 0, result.output
    assert quotas() == {None}  # quotas did not come back; tickets are not refused
    # `init` (like `serve`) is the command that applies a config file
    assert run("init").exit_code == 0
    assert None not in quotas()


def test_a_maintenance_command_on_an_empty_data_folder_seeds_it_first(run, tmp_path):
    result = run("token", "create", "--device", "kiosk-1", "--kind", "kiosk")
    assert result.exit_code == 0, result.output
    db = sqlite3.connect(tmp_path / "data" / "loket.db")
    assert db.execute("SELECT count(*) FROM services WHERE active = 1").fetchone()[0] == 23
