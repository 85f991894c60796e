"""The voice's settings: which engines speak, in which order, and their limits.

The `[tts]` table of config.toml is read into this by the settings registry
(queue_server.settings.devices), which also holds each key's help text:

    [tts]
    engines = ["voice_pack", "gtts", "espeak"]   # fallback order
    voice_pack = "suara"                         # folder of recordings, relative to config.toml
    gtts_timeout = 4.0                           # seconds, total per fragment
    gtts_min_interval = 1.0                      # seconds between two gTTS requests
    gtts_tld = "co.id"
    espeak_speed = 140
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ENGINE_NAMES: tuple[str, ...] = ("voice_pack", "gtts", "espeak")


@dataclass(frozen=True)
class TtsSettings:
    engines: tuple[str, ...] = ENGINE_NAMES
    voice_pack: Path | None = None
    gtts_timeout: float = 4.0
    gtts_min_interval: float = 1.0
    gtts_endpoint: str | None = None  # None = Google; tests point it at a local fake
    gtts_tld: str = "co.id"
    espeak_speed: int = 140
    espeak_voice_id: str = "id"
    espeak_voice_en: str = "en"
