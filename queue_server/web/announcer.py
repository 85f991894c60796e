"""The announcer: a call's phrase becomes the ordered audio URLs the TV plays (chime first),
and those URLs are answered from the voice cache, synthesizing a missing clip on demand."""

from __future__ import annotations

import logging
from pathlib import Path

from queue_server.domain.announcement import Announcement, Fragment
from queue_server.settings import Settings
from queue_server.voice import VoiceCache, WarmSummary, build_engines, ensure_chime
from queue_server.voice import site_vocabulary as vocabulary_of

log = logging.getLogger(__name__)

LANGUAGES = ("id", "en")
CHIME_URL = "/audio/chime.mp3"


class Announcer:
    def __init__(self, settings: Settings, data_dir: Path) -> None:
        self.folder = data_dir / "voice"
        self.cache = VoiceCache(self.folder, build_engines(settings.tts))
        counters = [(c.name, c.number) for c in settings.counters]
        self.vocabulary: dict[tuple[str, str], Fragment] = {
            (language, fragment.key): fragment
            for fragment, language in vocabulary_of(counters, LANGUAGES)
        }

    def audio_urls(self, announcement: Announcement) -> list[str]:
        return [CHIME_URL, *(f"/audio/{announcement.language}/{f.key}.mp3"
                             for f in announcement.fragments)]

    def clip(self, language: str, key: str) -> Path | None:
        """A fragment of the site's vocabulary only: nothing else is synthesized on request."""
        fragment = self.vocabulary.get((language, key))
        if fragment is None:
            return None
        return self.cache.clip(fragment, language)

    def chime(self) -> Path:
        return ensure_chime(self.folder)

    def warm(self, progress=None) -> WarmSummary:
        items = [(fragment, language) for (language, _), fragment in self.vocabulary.items()]
        summary = self.cache.warm(items, progress)
        log.info("voice cache: %s", summary.describe())
        return summary
