"""A folder of recorded human voice files comes first; what it lacks falls through."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from queue_server.domain.announcement import Fragment
from queue_server.voice.cache import VoiceCache
from queue_server.voice.engine import EngineError
from queue_server.voice.espeak_engine import EspeakEngine
from queue_server.voice.voice_pack import NotInVoicePack, VoicePackEngine, voice_pack_manifest

from .helpers import ScriptedEngine, mp3_duration

LOKET = Fragment("loket", "loket")
TIGA = Fragment("tiga", "tiga")


def record(pack: Path, language: str, key: str, suffix: str = ".wav") -> Path:
    """A stand-in for a human recording: espeak-ng's WAV, as a recorder would save it."""
    path = pack / language / f"{key}{suffix}"
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["espeak-ng", "-v", language, "-w", str(path), key.replace("-", " ")],
                   check=True, timeout=30)
    return path


def test_wav_recording_is_used_before_gtts_and_espeak(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    record(pack, "id", "loket")
    gtts = ScriptedEngine("gtts")
    espeak = ScriptedEngine("espeak")
    cache = VoiceCache(tmp_path / "voice", [VoicePackEngine(pack), gtts, espeak])
    clip = cache.clip(LOKET, "id")
    assert clip is not None and mp3_duration(clip) > 0  # converted to MP3 with lame
    assert cache.engine_of(LOKET, "id") == "voice_pack"
    assert gtts.calls == [] and espeak.calls == []


def test_missing_recording_falls_through_to_the_next_engine(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    record(pack, "id", "loket")
    cache = VoiceCache(tmp_path / "voice", [VoicePackEngine(pack), EspeakEngine()])
    clip = cache.clip(TIGA, "id")
    assert clip is not None and mp3_duration(clip) > 0
    assert cache.engine_of(TIGA, "id") == "espeak"


def test_missing_recording_is_its_own_quiet_error(tmp_path: Path) -> None:
    with pytest.raises(NotInVoicePack, match=r"id/tiga\.mp3 or \.wav"):
        VoicePackEngine(tmp_path).synthesize(TIGA, "id", tmp_path / "out.mp3")


def test_mp3_recording_is_copied_as_it_is(tmp_path: Path, real_mp3: bytes) -> None:
    (tmp_path / "pack" / "id").mkdir(parents=True)
    (tmp_path / "pack" / "id" / "loket.MP3").write_bytes(real_mp3)  # a Windows recorder
    out = tmp_path / "out.mp3"
    VoicePackEngine(tmp_path / "pack").synthesize(LOKET, "id", out)
    assert out.read_bytes() == real_mp3


def test_file_that_is_not_audio_is_refused(tmp_path: Path) -> None:
    (tmp_path / "id").mkdir()
    (tmp_path / "id" / "loket.mp3").write_text("<html>not found</html>")
    with pytest.raises(EngineError, match="not an MP3"):
        VoicePackEngine(tmp_path).synthesize(LOKET, "id", tmp_path / "out.mp3")


def test_recording_added_later_replaces_the_synthetic_clip(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    cache = VoiceCache(tmp_path / "voice", [VoicePackEngine(pack), ScriptedEngine("espeak")])
    assert cache.clip(LOKET, "id") is not None
    assert cache.engine_of(LOKET, "id") == "espeak"
    record(pack, "id", "loket")  # the IT officer drops the file in; no restart
    assert cache.cached(LOKET, "id") is None
    assert cache.clip(LOKET, "id") is not None
    assert cache.engine_of(LOKET, "id") == "voice_pack"


def test_re_recorded_file_replaces_the_old_recording(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    first = record(pack, "id", "loket")
    cache = VoiceCache(tmp_path / "voice", [VoicePackEngine(pack)])
    clip = cache.clip(LOKET, "id")
    assert clip is not None and cache.cached(LOKET, "id") == clip
    later = time.time() + 10
    os.utime(first, (later, later))
    assert cache.cached(LOKET, "id") is None
    assert cache.clip(LOKET, "id") == clip


def test_manifest_lists_present_missing_and_misnamed_files(tmp_path: Path) -> None:
    record(tmp_path, "id", "loket")
    record(tmp_path, "id", "lokte")  # a typo
    manifest = voice_pack_manifest(tmp_path, [(LOKET, "id"), (TIGA, "id")])
    assert [(lang, f.key) for lang, f, _ in manifest.present] == [("id", "loket")]
    assert [(lang, f.key) for lang, f in manifest.missing] == [("id", "tiga")]
    assert manifest.unknown == [tmp_path / "id" / "lokte.wav"]
    assert not manifest.complete


def test_manifest_defaults_to_the_fixed_vocabulary_of_both_languages(tmp_path: Path) -> None:
    manifest = voice_pack_manifest(tmp_path)
    keys = {(lang, f.key) for lang, f in manifest.missing}
    assert {("id", "nomor-antrian"), ("en", "ticket-number"), ("id", "letter-a")} <= keys
    assert manifest.present == []
