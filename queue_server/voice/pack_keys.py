"""The file names a voice pack needs, one per line: `<language>/<key>` and what to say.
Pure: `queue-server tts keys` loads the settings and hands over the vocabulary and pack."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from queue_server.domain.announcement import Fragment

from .voice_pack import voice_pack_manifest


def key_lines(vocabulary: Sequence[tuple[Fragment, str]]) -> list[str]:
    """`id/nomor-antrian<TAB>nomor antrian`: the file to record and the words on it."""
    width = max((len(lang) + 1 + len(f.key) for f, lang in vocabulary), default=0)
    return [f"{lang}/{f.key}".ljust(width) + f"  {f.text}" for f, lang in vocabulary]


def pack_lines(vocabulary: Sequence[tuple[Fragment, str]], pack: Path) -> list[str]:
    """The key lines marked `ok` or `MISSING` against a pack folder, then the files no
    fragment is named after (usually typos), then a one-line count."""
    manifest = voice_pack_manifest(pack, vocabulary)
    recorded = {(lang, f.key) for lang, f, _ in manifest.present}
    lines = []
    for line, (fragment, lang) in zip(key_lines(vocabulary), vocabulary, strict=True):
        mark = "ok     " if (lang, fragment.key) in recorded else "MISSING"
        lines.append(f"{mark} {line}")
    lines += [f"UNKNOWN {path} (no fragment has this name: a typo?)"
              for path in manifest.unknown]
    lines.append(f"# {len(manifest.present)} recorded, {len(manifest.missing)} missing, "
                 f"{len(manifest.unknown)} unknown in {pack}")
    return lines
