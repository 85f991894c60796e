"""Announcement audio: fragments of a call ("nomor antrian", "seratus", "loket") turned into
cached MP3 clips the TV plays in order. Engines in fallback order: a recorded human voice pack,
gTTS (bounded by our own sender, see gtts_engine.py), espeak-ng offline.

The names below load on first use (PEP 562): reading the settings imports `voice.settings`,
and that must not import requests (and ssl) before `serve` has monkey-patched for gevent."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .cache import VoiceCache, WarmSummary
    from .chime import ensure_chime
    from .engine import Engine, EngineError, EngineUnavailable
    from .engines import build_engines
    from .espeak_engine import EspeakEngine
    from .gtts_engine import GttsEngine
    from .settings import ENGINE_NAMES, TtsSettings
    from .vocabulary import site_vocabulary
    from .voice_pack import NotInVoicePack, VoicePackEngine, VoicePackManifest, voice_pack_manifest

_HOME = {
    "VoiceCache": "cache", "WarmSummary": "cache",
    "ensure_chime": "chime",
    "Engine": "engine", "EngineError": "engine", "EngineUnavailable": "engine",
    "build_engines": "engines",
    "EspeakEngine": "espeak_engine",
    "GttsEngine": "gtts_engine",
    "ENGINE_NAMES": "settings", "TtsSettings": "settings",
    "site_vocabulary": "vocabulary",
    "NotInVoicePack": "voice_pack", "VoicePackEngine": "voice_pack",
    "VoicePackManifest": "voice_pack", "voice_pack_manifest": "voice_pack",
}

__all__ = [
    "ENGINE_NAMES",
    "Engine",
    "EngineError",
    "EngineUnavailable",
    "EspeakEngine",
    "GttsEngine",
    "NotInVoicePack",
    "TtsSettings",
    "VoiceCache",
    "VoicePackEngine",
    "VoicePackManifest",
    "WarmSummary",
    "build_engines",
    "ensure_chime",
    "site_vocabulary",
    "voice_pack_manifest",
]


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)
    globals()[name] = value  # once loaded, a plain module attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
