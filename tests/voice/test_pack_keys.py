"""The recording list an IT officer works from (`queue-server tts keys`, see
tests/test_cli.py), and the same list in README-voice-pack.md."""

from __future__ import annotations

import re
from pathlib import Path

from queue_server.voice.pack_keys import key_lines, pack_lines
from queue_server.voice.vocabulary import site_vocabulary
from tests.conftest import ROOT

README = ROOT / "queue_server" / "voice" / "README-voice-pack.md"


def test_readme_lists_exactly_the_fixed_keys_of_each_language() -> None:
    text = README.read_text(encoding="utf-8")
    for language in ("id", "en"):
        block = re.search(rf"<!-- keys {language} -->\n```\n(.*?)\n```\n<!-- end keys",
                          text, re.S)
        assert block, f"README has no key block for {language}"
        expected = key_lines(site_vocabulary((), [language]))
        assert block.group(1).splitlines() == expected


def test_key_lines_name_the_file_and_the_words() -> None:
    lines = key_lines(site_vocabulary([("Teller Bank Bengkulu", 7)], ["id"]))
    assert any(re.fullmatch(r"id/name-teller-bank-bengkulu\s+Teller Bank Bengkulu", line)
               for line in lines)
    assert any(re.fullmatch(r"id/dua-puluh\s+dua puluh", line) for line in lines)


def test_pack_lines_mark_recorded_missing_and_misnamed_files(tmp_path: Path) -> None:
    (tmp_path / "id").mkdir()
    (tmp_path / "id" / "loket.wav").write_bytes(b"RIFF")
    (tmp_path / "id" / "lokett.wav").write_bytes(b"RIFF")
    lines = pack_lines(site_vocabulary((), ["id"]), tmp_path)
    assert any(re.fullmatch(r"MISSING id/nomor-antrian +nomor antrian", line) for line in lines)
    assert any(re.fullmatch(r"ok +id/loket +loket", line) for line in lines)
    assert f"UNKNOWN {tmp_path / 'id' / 'lokett.wav'} (no fragment has this name: a typo?)" \
        in lines
    assert lines[-1] == f"# 1 recorded, 75 missing, 1 unknown in {tmp_path}"
