"""The engines of `[tts] engines`, built in fallback order."""

from __future__ import annotations

from .engine import Engine
from .espeak_engine import EspeakEngine
from .gtts_engine import GttsEngine
from .settings import TtsSettings
from .voice_pack import VoicePackEngine


def build_engines(settings: TtsSettings) -> list[Engine]:
    """The engines of `[tts] engines`, in order. `voice_pack` without a folder is left out:
    it is in the default list so that setting a folder is all a hall has to do."""
    engines: list[Engine] = []
    for name in settings.engines:
        if name == "voice_pack":
            if settings.voice_pack is not None:
                engines.append(VoicePackEngine(settings.voice_pack))
        elif name == "gtts":
            engines.append(GttsEngine(settings))
        elif name == "espeak":
            engines.append(EspeakEngine(settings))
        else:  # the settings registry refuses these already
            raise ValueError(f"unknown engine {name!r}")
    return engines
