"""The clip cache: made once, recorded in index.json, never raising, backing off from
engines that fail, never writing outside its folder."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from queue_server.domain.announcement import Fragment
from queue_server.voice.cache import VoiceCache
from queue_server.voice.engine import EngineError, EngineUnavailable

from .helpers import ScriptedEngine

LOKET = Fragment("loket", "loket")
TIGA = Fragment("tiga", "tiga")
SMALL = [(Fragment("nomor-antrian", "nomor antrian"), "id"), (LOKET, "id"), (TIGA, "id"),
         (Fragment("counter", "counter"), "en"), (Fragment("three", "three"), "en")]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_second_request_uses_the_cached_file(tmp_path: Path) -> None:
    engine = ScriptedEngine("espeak")
    cache = VoiceCache(tmp_path, [engine])
    first = cache.clip(LOKET, "id")
    second = cache.clip(LOKET, "id")
    assert first == second == tmp_path / "id" / "loket.mp3"
    assert engine.calls == [("id", "loket")]
    assert VoiceCache(tmp_path, [engine]).clip(LOKET, "id") == first  # also after a restart
    assert len(engine.calls) == 1


def test_cached_never_synthesizes(tmp_path: Path) -> None:
    engine = ScriptedEngine("espeak")
    cache = VoiceCache(tmp_path, [engine])
    assert cache.cached(LOKET, "id") is None
    assert engine.calls == []


def test_index_records_which_engine_made_each_clip(tmp_path: Path) -> None:
    pack = ScriptedEngine("voice_pack", only={"loket"})
    cache = VoiceCache(tmp_path, [pack, ScriptedEngine("espeak")])
    cache.clip(LOKET, "id")
    cache.clip(TIGA, "id")
    clips = json.loads((tmp_path / "index.json").read_text())["clips"]
    assert clips["id/loket"]["engine"] == "voice_pack"
    assert clips["id/tiga"]["engine"] == "espeak"
    assert clips["id/tiga"]["text"] == "tiga"
    assert clips["id/tiga"]["created"].endswith("+00:00")
    assert cache.engine_of(TIGA, "id") == "espeak"


def test_no_partial_files_are_left_behind(tmp_path: Path) -> None:
    cache = VoiceCache(tmp_path, [ScriptedEngine("gtts", fail_all=EngineError("boom")),
                                  ScriptedEngine("espeak")])
    cache.clip(LOKET, "id")
    assert sorted(p.name for p in (tmp_path / "id").iterdir()) == ["loket.mp3"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["id", "index.json"]


def test_all_engines_failing_gives_none_and_backs_off(tmp_path: Path) -> None:
    clock = Clock()
    gtts = ScriptedEngine("gtts", fail_all=EngineError("HTTP 403"))
    espeak = ScriptedEngine("espeak", fail_all=EngineError("no voice"))
    cache = VoiceCache(tmp_path, [gtts, espeak], backoff=300, clock=clock)
    assert cache.clip(LOKET, "id") is None
    assert cache.clip(LOKET, "id") is None  # within the back-off: nobody is asked
    assert len(gtts.calls) == len(espeak.calls) == 1
    clock.now += 301
    assert cache.clip(LOKET, "id") is None
    assert len(gtts.calls) == len(espeak.calls) == 2


def test_unavailable_engine_is_skipped_for_every_fragment(tmp_path: Path) -> None:
    clock = Clock()
    gtts = ScriptedEngine("gtts", fail_all=EngineUnavailable("no answer within 4 s"))
    espeak = ScriptedEngine("espeak")
    cache = VoiceCache(tmp_path, [gtts, espeak], backoff=300, clock=clock)
    assert cache.clip(LOKET, "id") is not None
    assert cache.clip(TIGA, "id") is not None  # gTTS is not paid for again
    assert gtts.calls == [("id", "loket")]
    clock.now += 301
    cache.clip(Fragment("dua", "dua"), "id")
    assert gtts.calls == [("id", "loket"), ("id", "dua")]


def test_failures_are_logged_with_engine_and_reason(tmp_path: Path,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    cache = VoiceCache(tmp_path, [ScriptedEngine("gtts", fail_all=EngineError("HTTP 403")),
                                  ScriptedEngine("espeak")])
    with caplog.at_level("INFO", logger="queue_server.voice"):
        cache.clip(LOKET, "id")
    assert any("gtts" in r.getMessage() and "HTTP 403" in r.getMessage()
               for r in caplog.records if r.levelname == "WARNING")


def test_engine_crashing_with_a_bug_does_not_escape(tmp_path: Path) -> None:
    cache = VoiceCache(tmp_path, [ScriptedEngine("gtts", fail_all=RuntimeError("bug")),
                                  ScriptedEngine("espeak")])
    assert cache.clip(LOKET, "id") is not None
    assert cache.engine_of(LOKET, "id") == "espeak"


@pytest.mark.parametrize("key", ["../evil", "../../etc/passwd", "a/b", "Loket", "", ".."])
def test_keys_that_could_escape_the_folder_are_refused(tmp_path: Path, key: str) -> None:
    engine = ScriptedEngine("espeak")
    cache = VoiceCache(tmp_path / "voice", [engine])
    fragment = Fragment(key, "evil")
    assert cache.clip(fragment, "id") is None
    assert cache.cached(fragment, "id") is None
    assert engine.calls == []
    with pytest.raises(ValueError, match=r"\[a-z0-9-\]\+"):
        cache.path_for(fragment, "id")
    assert sorted(tmp_path.rglob("*")) in ([], [tmp_path / "voice"])


def test_languages_that_could_escape_the_folder_are_refused(tmp_path: Path) -> None:
    engine = ScriptedEngine("espeak")
    cache = VoiceCache(tmp_path / "voice", [engine])
    assert cache.clip(LOKET, "../id") is None
    assert engine.calls == []


def test_changed_words_for_a_key_are_synthesized_again(tmp_path: Path) -> None:
    engine = ScriptedEngine("espeak")
    cache = VoiceCache(tmp_path, [engine])
    cache.clip(Fragment("letter-q", "kiu"), "id")
    clip = cache.clip(Fragment("letter-q", "ki"), "id")
    assert clip is not None and clip.read_bytes().endswith(b":ki")
    assert len(engine.calls) == 2


def test_two_callers_asking_at_once_synthesize_once(tmp_path: Path) -> None:
    engine = ScriptedEngine("espeak", delay=0.3)
    cache = VoiceCache(tmp_path, [engine])
    results: list[Path | None] = []
    threads = [threading.Thread(target=lambda: results.append(cache.clip(LOKET, "id")))
               for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(5)
    assert results == [tmp_path / "id" / "loket.mp3"] * 3
    assert len(engine.calls) == 1


def test_warm_reports_clips_per_engine(tmp_path: Path) -> None:
    pack = ScriptedEngine("voice_pack", only={"loket", "counter"})
    espeak = ScriptedEngine("espeak", fails={"three": EngineError("no voice")})
    cache = VoiceCache(tmp_path, [pack, espeak])
    seen: list[tuple[int, int, str, str | None]] = []
    summary = cache.warm(SMALL, lambda done, total, f, outcome:
                         seen.append((done, total, f.key, outcome)))
    assert summary.total == 5
    assert summary.made == {"voice_pack": 2, "espeak": 2}
    assert summary.already_cached == 0
    assert summary.failed == [("en", "three")]
    assert seen[0] == (1, 5, "nomor-antrian", "espeak")
    assert seen[-1] == (5, 5, "three", None)
    assert "2 by voice_pack, 2 by espeak, 1 failed" in summary.describe()

    again = cache.warm(SMALL)
    assert again.already_cached == 4
    assert again.made == {}
    assert again.failed == [("en", "three")]  # an explicit warm retries past the back-off
    assert espeak.calls.count(("en", "three")) == 2


def test_warm_counts_each_fragment_once(tmp_path: Path) -> None:
    summary = VoiceCache(tmp_path, [ScriptedEngine("espeak")]).warm(SMALL + SMALL)
    assert summary.total == 5 and summary.made == {"espeak": 5}


def test_warm_skips_an_engine_that_went_down_for_the_rest_of_the_run(tmp_path: Path) -> None:
    gtts = ScriptedEngine("gtts", fail_all=EngineUnavailable("no answer within 4 s"))
    summary = VoiceCache(tmp_path, [gtts, ScriptedEngine("espeak")]).warm(SMALL)
    assert summary.made == {"espeak": 5}
    assert len(gtts.calls) == 1  # one timeout paid, not five


def test_warm_upgrade_replaces_fallback_clips_when_the_better_engine_works(
        tmp_path: Path) -> None:
    offline = VoiceCache(tmp_path, [ScriptedEngine("gtts", fail_all=EngineUnavailable("x")),
                                    ScriptedEngine("espeak")])
    offline.warm(SMALL)
    online = VoiceCache(tmp_path, [ScriptedEngine("gtts"), ScriptedEngine("espeak")])
    assert online.warm(SMALL).already_cached == 5  # plain warm keeps what is there
    summary = online.warm(SMALL, upgrade=True)
    assert summary.made == {"gtts": 5}
    assert online.engine_of(LOKET, "id") == "gtts"


def test_warm_upgrade_keeps_the_clip_when_the_better_engine_still_fails(
        tmp_path: Path) -> None:
    cache = VoiceCache(tmp_path, [ScriptedEngine("gtts", fail_all=EngineError("403")),
                                  ScriptedEngine("espeak")])
    cache.warm(SMALL[:1])
    summary = cache.warm(SMALL[:1], upgrade=True)
    assert summary.already_cached == 1 and summary.failed == []
    assert cache.cached(SMALL[0][0], "id") is not None


def test_unreadable_index_is_ignored_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "index.json").write_text("{not json")
    cache = VoiceCache(tmp_path, [ScriptedEngine("espeak")])
    assert cache.clip(LOKET, "id") is not None
    assert json.loads((tmp_path / "index.json").read_text())["clips"]["id/loket"]
