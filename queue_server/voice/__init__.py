"""Announcement audio: fragments of a call ("nomor antrian", "seratus", "loket") turned into
cached MP3 clips the TV plays in order. Engines in fallback order: a recorded human voice pack,
gTTS (bounded by our own sender, see engines.py), espeak-ng offline."""

from __future__ import annotations

from .cache import VoiceCache, WarmSummary
from .chime import ensure_chime
from .engines import (
    Engine,
    EngineError,
    EngineUnavailable,
    EspeakEngine,
    GttsEngine,
    VoicePackEngine,
    VoicePackManifest,
    build_engines,
    voice_pack_manifest,
)
from .settings import ENGINE_NAMES, TtsSettings, parse_tts_settings
from .vocabulary import site_vocabulary

__all__ = [
    "ENGINE_NAMES",
    "Engine",
    "EngineError",
    "EngineUnavailable",
    "EspeakEngine",
    "GttsEngine",
    "TtsSettings",
    "VoiceCache",
    "VoicePackEngine",
    "VoicePackManifest",
    "WarmSummary",
    "build_engines",
    "ensure_chime",
    "parse_tts_settings",
    "site_vocabulary",
    "voice_pack_manifest",
]
