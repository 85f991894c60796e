"""espeak-ng, the offline voice of last resort: robotic but always there."""

from __future__ import annotations

import tempfile
import wave
from pathlib import Path

from queue_server.domain.announcement import Fragment

from .audio_tools import (
    SUBPROCESS_TIMEOUT,
    require_tool,
    run_tool,
    trim_silence,
    wav_to_mp3,
)
from .engine import EngineError
from .settings import TtsSettings


class EspeakEngine:
    """espeak-ng, offline: robotic but always there (Debian packages espeak-ng and lame)."""

    name = "espeak"

    def __init__(self, settings: TtsSettings | None = None, *,
                 timeout: float = SUBPROCESS_TIMEOUT) -> None:
        self.settings = settings or TtsSettings()
        self.timeout = timeout  # per subprocess: espeak-ng, then lame

    def voice(self, language: str) -> str:
        voices = {"id": self.settings.espeak_voice_id, "en": self.settings.espeak_voice_en}
        if language not in voices:
            raise EngineError(f"espeak-ng is not set up for language {language!r}")
        return voices[language]

    def synthesize(self, fragment: Fragment, language: str, out: Path) -> None:
        voice = self.voice(language)
        if not fragment.text.strip():
            raise EngineError("nothing to say: empty text")
        espeak = require_tool("espeak-ng", "espeak-ng")
        require_tool("lame", "lame")
        with tempfile.TemporaryDirectory(prefix="loket-espeak-") as tmp:
            wav = Path(tmp) / "speech.wav"
            # "--" ends the options: a counter name starting with "-" is still just text
            run_tool([espeak, "-v", voice, "-s", str(self.settings.espeak_speed),
                  "-w", str(wav), "--", fragment.text], "espeak-ng", self.timeout)
            if not wav.exists() or wav.stat().st_size <= 44:
                raise EngineError(f"espeak-ng wrote no audio for {fragment.text!r}")
            try:
                trim_silence(wav)
            except (wave.Error, EOFError) as exc:
                raise EngineError(f"espeak-ng wrote an unreadable WAV: {exc}") from exc
            wav_to_mp3(wav, out, timeout=self.timeout)
