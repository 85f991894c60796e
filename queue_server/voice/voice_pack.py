"""A voice pack: recorded human voice, `<folder>/<language>/<fragment key>.mp3` or `.wav`,
tried first; and the manifest of what a pack has and lacks."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from queue_server.domain.announcement import Fragment

from .audio_tools import looks_like_mp3, wav_to_mp3
from .engine import EngineError, check_clip_name
from .vocabulary import site_vocabulary


class NotInVoicePack(EngineError):
    """The voice pack has no recording of this fragment: expected for a partial pack.
    Looking again costs one stat, so a recording dropped in later is used at once."""

    level = logging.INFO
    backoff = False


_PACK_SUFFIXES = (".mp3", ".wav", ".MP3", ".WAV")  # recorders on Windows write upper case


class VoicePackEngine:
    """Recorded human voice: `<folder>/<language>/<fragment key>.mp3` or `.wav`."""

    name = "voice_pack"

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def source(self, fragment: Fragment, language: str) -> Path | None:
        """The recording for this fragment; the newest one if both an MP3 and a WAV exist."""
        try:
            check_clip_name(fragment, language)
        except ValueError:
            return None
        found: list[tuple[float, Path]] = []
        for suffix in _PACK_SUFFIXES:
            path = self.folder / language / f"{fragment.key}{suffix}"
            try:
                found.append((path.stat().st_mtime, path))
            except OSError:
                continue
        return max(found)[1] if found else None

    def source_mtime(self, fragment: Fragment, language: str) -> float | None:
        """Lets the cache notice a recording added or replaced after a clip was made."""
        src = self.source(fragment, language)
        try:
            return src.stat().st_mtime if src else None
        except OSError:
            return None

    def synthesize(self, fragment: Fragment, language: str, out: Path) -> None:
        src = self.source(fragment, language)
        if src is None:
            raise NotInVoicePack(
                f"no {language}/{fragment.key}.mp3 or .wav in {self.folder}")
        if src.suffix.lower() == ".wav":
            # a higher bitrate than for synthetic speech: a real voice has more to lose
            wav_to_mp3(src, out, bitrate=96)
            return
        try:
            data = src.read_bytes()
        except OSError as exc:
            raise EngineError(f"cannot read {src}: {exc.strerror}") from exc
        if not looks_like_mp3(data):
            raise EngineError(f"{src} is not an MP3 file")
        out.write_bytes(data)


@dataclass(frozen=True)
class VoicePackManifest:
    folder: Path
    present: list[tuple[str, Fragment, Path]] = field(default_factory=list)
    missing: list[tuple[str, Fragment]] = field(default_factory=list)
    # audio files that are no fragment's key: usually a typo in a file name
    unknown: list[Path] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing


def voice_pack_manifest(
    folder: Path, vocabulary: Iterable[tuple[Fragment, str]] | None = None,
) -> VoicePackManifest:
    """What a voice pack has and lacks for a vocabulary (default: the fixed vocabulary of
    Indonesian and English, without counter names)."""
    if vocabulary is None:
        vocabulary = site_vocabulary((), ("id", "en"))
    engine = VoicePackEngine(folder)
    manifest = VoicePackManifest(Path(folder))
    expected: set[tuple[str, str]] = set()
    for fragment, language in vocabulary:
        expected.add((language, fragment.key))
        src = engine.source(fragment, language)
        if src is None:
            manifest.missing.append((language, fragment))
        else:
            manifest.present.append((language, fragment, src))
    languages = {language for language, _ in expected}
    for language in sorted(languages):
        lang_dir = Path(folder) / language
        if not lang_dir.is_dir():
            continue
        for path in sorted(lang_dir.iterdir()):
            if path.suffix in _PACK_SUFFIXES and (language, path.stem) not in expected:
                manifest.unknown.append(path)
    return manifest
