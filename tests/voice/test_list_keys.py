"""`python -m queue_server.voice.list_keys`: the recording list an IT officer works from,
and the same list in README-voice-pack.md."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

from queue_server.voice import list_keys
from queue_server.voice.vocabulary import site_vocabulary
from tests.conftest import CONFIG, ROOT

README = ROOT / "queue_server" / "voice" / "README-voice-pack.md"


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = list_keys.main(list(args), out)
    return code, out.getvalue()


def test_readme_lists_exactly_the_fixed_keys_of_each_language() -> None:
    text = README.read_text(encoding="utf-8")
    for language in ("id", "en"):
        block = re.search(rf"<!-- keys {language} -->\n```\n(.*?)\n```\n<!-- end keys",
                          text, re.S)
        assert block, f"README has no key block for {language}"
        expected = list_keys.key_lines(site_vocabulary((), [language]))
        assert block.group(1).splitlines() == expected


def test_lists_fixed_words_and_the_counters_of_the_config() -> None:
    code, out = run("--config", str(CONFIG))
    assert code == 0
    lines = out.splitlines()
    assert any(re.fullmatch(r"id/name-teller-bank-bengkulu\s+Teller Bank Bengkulu", line)
               for line in lines)
    assert any(re.fullmatch(r"id/dua-puluh\s+dua puluh", line) for line in lines)
    assert any(line.startswith("en/ticket-number ") for line in lines)


def test_language_option_limits_the_list() -> None:
    _, out = run("--fixed", "--language", "en")
    assert out.splitlines()[0].split()[0] == "en/ticket-number"
    assert not [line for line in out.splitlines() if line.startswith("id/")]


def test_pack_option_marks_recorded_missing_and_misnamed_files(tmp_path: Path) -> None:
    (tmp_path / "id").mkdir()
    (tmp_path / "id" / "loket.wav").write_bytes(b"RIFF")
    (tmp_path / "id" / "lokett.wav").write_bytes(b"RIFF")
    _, out = run("--fixed", "--language", "id", "--pack", str(tmp_path))
    assert re.search(r"^ok +id/loket +loket$", out, re.M)
    assert re.search(r"^MISSING id/nomor-antrian +nomor antrian$", out, re.M)
    assert f"UNKNOWN {tmp_path / 'id' / 'lokett.wav'}" in out
    assert out.splitlines()[-1].startswith("# 1 recorded, 75 missing, 1 unknown")


def test_bad_tts_table_is_reported_with_its_key(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(CONFIG.read_text(encoding="utf-8").replace("[tts]\n", "[tts]\ncolour = 1\n"),
                      encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "queue_server.voice.list_keys",
                           "--config", str(config)], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert done.returncode == 2
    assert "tts.colour" in done.stderr
