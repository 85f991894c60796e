"""The file names a voice pack needs, one per line: `<language>/<key>` and what to say.

    python -m queue_server.voice.list_keys                       # fixed words + config.toml
    python -m queue_server.voice.list_keys --config /etc/loket/config.toml --language id
    python -m queue_server.voice.list_keys --pack /srv/suara      # mark what is recorded
    python -m queue_server.voice.list_keys --fixed                # without counter names
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from queue_server.domain.announcement import Fragment
from queue_server.domain.errors import ConfigError
from queue_server.settings import load_settings

from .engines import voice_pack_manifest
from .vocabulary import site_vocabulary

LANGUAGES = ("id", "en")


def key_lines(vocabulary: Sequence[tuple[Fragment, str]]) -> list[str]:
    """`id/nomor-antrian<TAB>nomor antrian`: the file to record and the words on it."""
    width = max((len(lang) + 1 + len(f.key) for f, lang in vocabulary), default=0)
    return [f"{lang}/{f.key}".ljust(width) + f"  {f.text}" for f, lang in vocabulary]


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    parser = argparse.ArgumentParser(
        prog="python -m queue_server.voice.list_keys",
        description="List the recordings a voice pack needs (file name = key).")
    parser.add_argument("--config", type=Path, default=None,
                        help="config.toml whose counters are included (default: ./config.toml "
                             "if present)")
    parser.add_argument("--language", action="append", choices=LANGUAGES,
                        help="only this language (repeatable; default: id and en)")
    parser.add_argument("--fixed", action="store_true",
                        help="only the fixed vocabulary, no counter names")
    parser.add_argument("--pack", type=Path, default=None,
                        help="voice pack folder: mark each key as recorded or MISSING "
                             "(default: [tts] voice_pack of the config, if set)")
    args = parser.parse_args(argv)
    languages = tuple(args.language or LANGUAGES)

    counters: list[tuple[str, int]] = []
    pack: Path | None = args.pack
    config = args.config or (Path("config.toml") if Path("config.toml").exists() else None)
    if config is not None and not args.fixed:
        try:
            settings = load_settings(config)
            tts = settings.tts
        except ConfigError as exc:
            print(f"error: {exc.message}", file=sys.stderr)
            return 2
        counters = [(c.name, c.number) for c in settings.counters]
        pack = pack or tts.voice_pack

    vocabulary = site_vocabulary(counters, languages)
    if pack is None:
        print("\n".join(key_lines(vocabulary)), file=out)
        return 0

    manifest = voice_pack_manifest(pack, vocabulary)
    recorded = {(lang, f.key) for lang, f, _ in manifest.present}
    for line, (fragment, lang) in zip(key_lines(vocabulary), vocabulary, strict=True):
        mark = "ok     " if (lang, fragment.key) in recorded else "MISSING"
        print(f"{mark} {line}", file=out)
    for path in manifest.unknown:
        print(f"UNKNOWN {path} (no fragment has this name: a typo?)", file=out)
    print(f"# {len(manifest.present)} recorded, {len(manifest.missing)} missing, "
          f"{len(manifest.unknown)} unknown in {pack}", file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
