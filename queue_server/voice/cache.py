"""The clip cache: `<folder>/<language>/<fragment key>.mp3`, made once by the first engine
that can, plus `<folder>/index.json` recording which engine made each clip and when.

A clip request never raises and never waits on an engine that just failed: failures are
remembered per (engine, fragment), and an engine that is down as a whole (no network, no
binary) is skipped for every fragment for `backoff` seconds.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from queue_server.domain.announcement import Fragment

from .engine import Engine, EngineError, EngineUnavailable, check_clip_name

log = logging.getLogger(__name__)

INDEX_NAME = "index.json"
DEFAULT_BACKOFF = 300.0  # seconds: a dead gTTS costs one timeout per five minutes, not per call

Progress = Callable[[int, int, Fragment, str | None], None]


@dataclass
class WarmSummary:
    total: int = 0
    already_cached: int = 0
    made: dict[str, int] = field(default_factory=dict)  # engine name -> clips it made
    failed: list[tuple[str, str]] = field(default_factory=list)  # (language, key)
    seconds: float = 0.0

    @property
    def made_total(self) -> int:
        return sum(self.made.values())

    def describe(self) -> str:
        made = ", ".join(f"{n} by {name}" for name, n in self.made.items()) or "none made"
        text = (f"{self.total} clips: {self.already_cached} already cached, {made}, "
                f"{len(self.failed)} failed ({self.seconds:.1f} s)")
        if self.failed:
            text += "; failed: " + ", ".join(f"{lang}/{key}" for lang, key in self.failed)
        return text


class VoiceCache:
    def __init__(self, folder: Path, engines: Sequence[Engine], *,
                 backoff: float = DEFAULT_BACKOFF,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.folder = Path(folder)
        self.engines = list(engines)
        self.backoff = backoff
        self._clock = clock
        self._lock = threading.Lock()  # guards the dicts below and index.json writes
        self._busy: dict[tuple[str, str], threading.Lock] = {}
        self._failed: dict[tuple[str, str, str], float] = {}  # (engine, lang, key) -> when
        self._down: dict[str, float] = {}  # engine -> skipped until
        self._index: dict[str, dict[str, Any]] = {}
        self._index_stamp: int | None = None

    # ------------------------------------------------------------ lookups

    def path_for(self, fragment: Fragment, language: str) -> Path:
        """Where the clip lives; ValueError for a key or language that is not a safe name."""
        check_clip_name(fragment, language)
        return self.folder / language / f"{fragment.key}.mp3"

    def engine_of(self, fragment: Fragment, language: str) -> str | None:
        """Which engine made the cached clip, from index.json."""
        entry = self._entries().get(f"{language}/{fragment.key}")
        return entry.get("engine") if entry else None

    def cached(self, fragment: Fragment, language: str) -> Path | None:
        """The clip if it is there and still current; never synthesizes."""
        try:
            path = self.path_for(fragment, language)
            stat = path.stat()
        except (ValueError, OSError):
            return None
        if stat.st_size == 0:
            return None
        entry = self._entries().get(f"{language}/{fragment.key}", {})
        if entry.get("text", fragment.text) != fragment.text:
            return None  # the words changed (a counter renamed, a letter reading fixed)
        if self._newer_source(fragment, language, entry.get("engine"), stat.st_mtime):
            return None
        return path

    def _newer_source(self, fragment: Fragment, language: str, made_by: str | None,
                      clip_mtime: float) -> bool:
        """A recording put in the voice pack after the clip was made replaces it: the IT
        officer drops files in, and the next call uses them."""
        for engine in self.engines:
            source_mtime = getattr(engine, "source_mtime", None)
            mtime = source_mtime(fragment, language) if source_mtime else None
            if engine.name == made_by:
                return mtime is not None and mtime > clip_mtime
            if mtime is not None and not self._failed_recently(engine, fragment, language):
                return True  # an engine ranked above the clip's maker has a recording now
        return False

    # ------------------------------------------------------------ making clips

    def clip(self, fragment: Fragment, language: str) -> Path | None:
        """The cached clip, or a new one from the first engine that can make it; None when
        none can (the TV then shows the call without that fragment). Never raises."""
        try:
            if hit := self.cached(fragment, language):
                return hit
            path, _ = self._make(fragment, language, self.engines)
            return path
        except Exception:  # a broken clip must never break calling a ticket
            log.exception("voice: unexpected error making %s/%s", language, fragment.key)
            return None

    def warm(self, items: Iterable[tuple[Fragment, str]], progress: Progress | None = None,
             *, upgrade: bool = False) -> WarmSummary:
        """Make every missing clip. `progress(done, total, fragment, outcome)` is called after
        each one; outcome is the engine that made it, "cached", or None when it failed.
        With `upgrade`, a clip made by a fallback engine is made again by a better-ranked
        one when that works now (e.g. espeak clips from a day without internet)."""
        started = time.monotonic()
        todo: list[tuple[Fragment, str]] = []
        seen: set[tuple[str, str]] = set()
        for fragment, language in items:
            if (language, fragment.key) not in seen:
                seen.add((language, fragment.key))
                todo.append((fragment, language))
        summary = WarmSummary(total=len(todo))
        for done, (fragment, language) in enumerate(todo, start=1):
            outcome = self._warm_one(fragment, language, upgrade)
            if outcome == "cached":
                summary.already_cached += 1
            elif outcome is None:
                summary.failed.append((language, fragment.key))
            else:
                summary.made[outcome] = summary.made.get(outcome, 0) + 1
            if progress:
                progress(done, len(todo), fragment, outcome)
        rank = [engine.name for engine in self.engines]  # report in fallback order
        summary.made = dict(sorted(summary.made.items(), key=lambda kv: rank.index(kv[0])))
        summary.seconds = time.monotonic() - started
        return summary

    def _warm_one(self, fragment: Fragment, language: str, upgrade: bool) -> str | None:
        if self.cached(fragment, language):
            better = self._ranked_above(self.engine_of(fragment, language))
            if not upgrade or not better:
                return "cached"
            self._forget_failures(fragment, language, better)
            path, made_by = self._make(fragment, language, better, upgrading=True)
            return made_by if path else "cached"  # no better engine today: keep the clip
        # asked for explicitly: earlier failures of this fragment get a new chance (an engine
        # that is down as a whole stays skipped, or warm would pay its timeout per clip)
        self._forget_failures(fragment, language, self.engines)
        return self._make(fragment, language, self.engines)[1]

    def _ranked_above(self, made_by: str | None) -> list[Engine]:
        names = [engine.name for engine in self.engines]
        return self.engines[:names.index(made_by)] if made_by in names else []

    def _forget_failures(self, fragment: Fragment, language: str,
                         engines: Sequence[Engine]) -> None:
        with self._lock:
            for engine in engines:
                self._failed.pop((engine.name, language, fragment.key), None)

    def _make(self, fragment: Fragment, language: str, engines: Sequence[Engine], *,
              upgrading: bool = False) -> tuple[Path | None, str | None]:
        try:
            path = self.path_for(fragment, language)
        except ValueError as exc:
            log.warning("voice: refused clip: %s", exc)
            return None, None
        with self._key_lock(language, fragment.key):
            if not upgrading and (hit := self.cached(fragment, language)):
                return hit, self.engine_of(fragment, language)  # made while we waited
            path.parent.mkdir(parents=True, exist_ok=True)
            for engine in engines:
                if self._skipped(engine, fragment, language):
                    continue
                if self._try(engine, fragment, language, path):
                    return path, engine.name
            if not upgrading:
                log.warning("voice: no engine could make %s/%s (%r); not retried for %g s",
                            language, fragment.key, fragment.text, self.backoff)
            return None, None

    def _try(self, engine: Engine, fragment: Fragment, language: str, path: Path) -> bool:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{fragment.key}.",
                                    suffix=".part")
        os.close(fd)
        tmp = Path(name)
        started = time.monotonic()
        try:
            engine.synthesize(fragment, language, tmp)
            if tmp.stat().st_size == 0:
                raise EngineError("wrote an empty file")
            tmp.chmod(0o644)  # mkstemp makes 0600; the web server may run as another user
            tmp.replace(path)  # atomic: the TV never fetches half a clip
        except Exception as exc:
            if isinstance(exc, EngineError):
                log.log(exc.level, "voice: %s could not make %s/%s (%r): %s",
                        engine.name, language, fragment.key, fragment.text, exc)
            else:
                log.exception("voice: %s crashed making %s/%s", engine.name, language,
                              fragment.key)
            self._record_failure(engine, fragment, language, exc)
            return False
        finally:
            tmp.unlink(missing_ok=True)
        # DEBUG: a warm-up makes ~150 of these; its one summary line is the INFO (announcer)
        log.debug("voice: %s made %s/%s in %.2f s", engine.name, language, fragment.key,
                  time.monotonic() - started)
        self._record(fragment, language, engine.name, path)
        return True

    # ------------------------------------------------------------ back-off

    def _key_lock(self, language: str, key: str) -> threading.Lock:
        # two TVs asking for the same new clip: one synthesizes, the other waits and reuses
        with self._lock:
            return self._busy.setdefault((language, key), threading.Lock())

    def _failed_recently(self, engine: Engine, fragment: Fragment, language: str) -> bool:
        when = self._failed.get((engine.name, language, fragment.key))
        return when is not None and self._clock() - when < self.backoff

    def _skipped(self, engine: Engine, fragment: Fragment, language: str) -> bool:
        until = self._down.get(engine.name)
        if until is not None and self._clock() < until:
            return True
        return self._failed_recently(engine, fragment, language)

    def _record_failure(self, engine: Engine, fragment: Fragment, language: str,
                        exc: Exception) -> None:
        if not getattr(exc, "backoff", True):
            return
        now = self._clock()
        with self._lock:
            self._failed[(engine.name, language, fragment.key)] = now
            if isinstance(exc, EngineUnavailable):
                self._down[engine.name] = now + self.backoff
        if isinstance(exc, EngineUnavailable):
            log.warning("voice: %s is unavailable; skipping it for %g s", engine.name,
                        self.backoff)

    # ------------------------------------------------------------ index.json

    def _entries(self) -> dict[str, dict[str, Any]]:
        """The index, re-read when another process (`tts warm`) has changed it."""
        path = self.folder / INDEX_NAME
        try:
            stamp = path.stat().st_mtime_ns
        except OSError:
            return self._index
        if stamp != self._index_stamp:
            with self._lock:
                self._index = self._read_index()
                self._index_stamp = stamp
        return self._index

    def _read_index(self) -> dict[str, dict[str, Any]]:
        path = self.folder / INDEX_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            log.warning("voice: ignoring unreadable %s: %s", path, exc)
            return {}
        clips = data.get("clips") if isinstance(data, dict) else None
        return {k: v for k, v in clips.items() if isinstance(v, dict)} if isinstance(
            clips, dict) else {}

    def _record(self, fragment: Fragment, language: str, engine: str, path: Path) -> None:
        entry = {
            "engine": engine,
            "text": fragment.text,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "bytes": path.stat().st_size,
        }
        with self._lock:
            # merge with what is on disk: a `tts warm` process may be writing too
            index = self._read_index()
            index[f"{language}/{fragment.key}"] = entry
            self._write_index(index)
            self._index = index

    def _write_index(self, index: dict[str, dict[str, Any]]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / INDEX_NAME
        fd, name = tempfile.mkstemp(dir=self.folder, prefix=".index.", suffix=".part")
        tmp = Path(name)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({"version": 1, "clips": dict(sorted(index.items()))}, out,
                          ensure_ascii=False, indent=1)
                out.write("\n")
            tmp.chmod(0o644)
            tmp.replace(target)  # atomic: a reader sees the old index or the new one
            self._index_stamp = target.stat().st_mtime_ns
        finally:
            tmp.unlink(missing_ok=True)
