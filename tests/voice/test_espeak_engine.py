"""espeak-ng is the offline voice: it must really speak Indonesian, within a bound."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from queue_server.domain.announcement import Fragment
from queue_server.voice.engine import EngineError, EngineUnavailable
from queue_server.voice.espeak_engine import EspeakEngine
from queue_server.voice.settings import TtsSettings

from .helpers import mp3_duration


def test_speaks_an_indonesian_number_into_an_mp3(tmp_path: Path) -> None:
    out = tmp_path / "123.mp3"
    started = time.monotonic()
    EspeakEngine().synthesize(Fragment("seratus-dua-puluh-tiga", "seratus dua puluh tiga"),
                              "id", out)
    elapsed = time.monotonic() - started
    duration = mp3_duration(out)
    assert 0.8 < duration < 4.0  # six syllables at 140 words per minute
    assert elapsed < 10  # subprocess timeouts are 30 s each; this is far inside


def test_english_uses_the_english_voice(tmp_path: Path) -> None:
    out = tmp_path / "counter.mp3"
    EspeakEngine().synthesize(Fragment("counter", "counter"), "en", out)
    assert mp3_duration(out) > 0


def test_trailing_silence_is_trimmed_so_fragments_flow(tmp_path: Path) -> None:
    # espeak-ng pads ~0.45 s of silence; "loket" itself is ~0.5 s
    out = tmp_path / "loket.mp3"
    EspeakEngine().synthesize(Fragment("loket", "loket"), "id", out)
    assert mp3_duration(out) < 0.8


def test_text_starting_with_a_dash_is_spoken_not_parsed_as_an_option(tmp_path: Path) -> None:
    out = tmp_path / "x.mp3"
    EspeakEngine().synthesize(Fragment("name-x", "-w /tmp/evil.wav loket"), "id", out)
    assert mp3_duration(out) > 0


def test_speed_setting_changes_the_pace(tmp_path: Path) -> None:
    text = Fragment("nomor-antrian", "nomor antrian")
    slow, fast = tmp_path / "slow.mp3", tmp_path / "fast.mp3"
    EspeakEngine(TtsSettings(espeak_speed=90)).synthesize(text, "id", slow)
    EspeakEngine(TtsSettings(espeak_speed=250)).synthesize(text, "id", fast)
    assert mp3_duration(slow) > mp3_duration(fast)


def test_missing_binary_names_the_debian_package(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing installed here
    with pytest.raises(EngineUnavailable, match="apt-get install espeak-ng"):
        EspeakEngine().synthesize(Fragment("loket", "loket"), "id", tmp_path / "x.mp3")


def test_missing_lame_names_its_debian_package(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "espeak-ng").symlink_to("/usr/bin/espeak-ng")
    monkeypatch.setenv("PATH", str(bin_dir))
    with pytest.raises(EngineUnavailable, match="apt-get install lame"):
        EspeakEngine().synthesize(Fragment("loket", "loket"), "id", tmp_path / "x.mp3")


def test_unknown_language_is_an_engine_error(tmp_path: Path) -> None:
    with pytest.raises(EngineError, match="language 'fr'"):
        EspeakEngine().synthesize(Fragment("loket", "loket"), "fr", tmp_path / "x.mp3")


def test_a_stuck_espeak_is_killed_at_its_timeout(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    stuck = bin_dir / "espeak-ng"
    stuck.write_text("#!/bin/sh\nexec /bin/sleep 30\n")
    stuck.chmod(0o755)
    (bin_dir / "lame").symlink_to("/usr/bin/lame")
    monkeypatch.setenv("PATH", str(bin_dir))
    started = time.monotonic()
    with pytest.raises(EngineError, match=r"did not finish within 0\.5 s"):
        EspeakEngine(timeout=0.5).synthesize(Fragment("loket", "loket"), "id",
                                             tmp_path / "x.mp3")
    assert time.monotonic() - started < 0.5 + 1.5
