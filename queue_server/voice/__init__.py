"""Announcement audio: fragments of a call ("nomor antrian", "seratus", "loket") turned into
cached MP3 clips the TV plays in order. Engines in fallback order: a recorded human voice pack,
gTTS (bounded by our own sender, see gtts_engine.py), espeak-ng offline."""

from __future__ import annotations

from .cache import VoiceCache, WarmSummary
from .chime import ensure_chime
from .engine import Engine, EngineError, EngineUnavailable
from .engines import build_engines
from .espeak_engine import EspeakEngine
from .gtts_engine import GttsEngine
from .settings import ENGINE_NAMES, TtsSettings
from .vocabulary import site_vocabulary
from .voice_pack import NotInVoicePack, VoicePackEngine, VoicePackManifest, voice_pack_manifest

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
