"""gTTS 2.2.4 has no timeout: our engine sends gTTS's own prepared requests with a deadline.
Every test talks to a fake batchexecute endpoint on 127.0.0.1, never to Google."""

from __future__ import annotations

import itertools
import socket
import threading
import time
from pathlib import Path

import gtts.tts
import pytest

from queue_server.domain.announcement import Fragment
from queue_server.voice.cache import VoiceCache
from queue_server.voice.engine import EngineError, EngineUnavailable
from queue_server.voice.espeak_engine import EspeakEngine
from queue_server.voice.gtts_engine import GttsEngine, decode_gtts_answer
from queue_server.voice.settings import TtsSettings

from .helpers import GTTS_PATH, FakeGoogle, gtts_answer, mp3_duration

LOKET = Fragment("loket", "loket")


def engine_for(fake: FakeGoogle, *, timeout: float = 1.0, interval: float = 0.0) -> GttsEngine:
    return GttsEngine(TtsSettings(gtts_endpoint=fake.url, gtts_timeout=timeout,
                                  gtts_min_interval=interval))


@pytest.mark.parametrize("protocol", ["HTTP/1.0", "HTTP/1.1"])
def test_answer_is_written_as_a_playable_mp3(fake_google: FakeGoogle, real_mp3: bytes,
                                             protocol: str, tmp_path: Path) -> None:
    fake_google.server.RequestHandlerClass.protocol_version = protocol
    out = tmp_path / "loket.mp3"
    engine_for(fake_google).synthesize(LOKET, "id", out)
    assert out.read_bytes() == real_mp3
    assert mp3_duration(out) > 0


def test_request_is_gttss_own_rpc_on_the_same_path_of_the_override(
        fake_google: FakeGoogle, tmp_path: Path) -> None:
    engine_for(fake_google).synthesize(Fragment("seratus", "seratus"), "id", tmp_path / "a.mp3")
    [(_, path, body)] = fake_google.received
    assert path == GTTS_PATH
    expected = gtts.tts.gTTS("seratus", lang="id", tld="co.id", lang_check=False)
    assert body.decode() == expected.get_bodies()[0]


def test_our_decoder_agrees_with_gtts_2_2_4_on_the_fake_answer(
        fake_google: FakeGoogle, real_mp3: bytes, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # gTTS itself, pointed at the fake, proves the fake speaks Google's format ...
    monkeypatch.setattr(gtts.tts, "_translate_url",
                        lambda tld="com", path="": f"{fake_google.url}/{path}")
    gtts.tts.gTTS("loket", lang="id", lang_check=False).save(str(tmp_path / "by-gtts.mp3"))
    assert (tmp_path / "by-gtts.mp3").read_bytes() == real_mp3
    # ... and our decoder reads that format to the same bytes
    assert b"".join(decode_gtts_answer(gtts_answer(real_mp3))) == real_mp3


def test_http_500_is_an_engine_error_quickly(fake_google: FakeGoogle, tmp_path: Path) -> None:
    fake_google.mode = "error"
    started = time.monotonic()
    with pytest.raises(EngineUnavailable, match="HTTP 500"):
        engine_for(fake_google, timeout=5.0).synthesize(LOKET, "id", tmp_path / "x.mp3")
    assert time.monotonic() - started < 1.0
    assert not (tmp_path / "x.mp3").exists()


def test_answer_without_audio_is_an_engine_error(fake_google: FakeGoogle,
                                                 tmp_path: Path) -> None:
    fake_google.mode = "no_audio"
    with pytest.raises(EngineError, match="no audio"):
        engine_for(fake_google).synthesize(LOKET, "id", tmp_path / "x.mp3")


def test_server_that_never_answers_fails_within_the_timeout(fake_google: FakeGoogle,
                                                            tmp_path: Path) -> None:
    fake_google.mode = "hang"
    started = time.monotonic()
    with pytest.raises(EngineUnavailable, match="within 1 s"):
        engine_for(fake_google, timeout=1.0).synthesize(LOKET, "id", tmp_path / "x.mp3")
    elapsed = time.monotonic() - started
    assert 0.9 < elapsed < 1.0 + 1.5  # a bound of the behaviour, not a speed test


def test_answer_trickling_in_is_cut_at_the_deadline(fake_google: FakeGoogle,
                                                    tmp_path: Path) -> None:
    # each byte arrives well inside a read timeout: only the total deadline stops this
    fake_google.mode = "trickle"
    started = time.monotonic()
    with pytest.raises(EngineUnavailable, match="within 1 s"):
        engine_for(fake_google, timeout=1.0).synthesize(LOKET, "id", tmp_path / "x.mp3")
    assert time.monotonic() - started < 1.0 + 1.5


@pytest.mark.parametrize("protocol", ["HTTP/1.0", "HTTP/1.1"])
def test_body_stalling_late_is_cut_at_the_deadline_not_a_full_read_timeout_later(
        fake_google: FakeGoogle, protocol: str, tmp_path: Path) -> None:
    # headers at 1.2 s of a 2 s deadline, then nothing: the socket's read timeout is
    # shortened to the 0.8 s left, instead of waiting another full 2 s. HTTP/1.0 and 1.1
    # keep the socket in different places (closing vs keep-alive connection).
    fake_google.server.RequestHandlerClass.protocol_version = protocol
    fake_google.mode = "stall"
    started = time.monotonic()
    with pytest.raises(EngineUnavailable):
        engine_for(fake_google, timeout=2.0).synthesize(LOKET, "id", tmp_path / "x.mp3")
    assert time.monotonic() - started < 2.0 + 0.5


def test_unreachable_endpoint_is_unavailable(no_proxy: None, tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    engine = GttsEngine(TtsSettings(gtts_endpoint=f"http://127.0.0.1:{port}",
                                    gtts_min_interval=0))
    with pytest.raises(EngineUnavailable, match="cannot reach"):
        engine.synthesize(LOKET, "id", tmp_path / "x.mp3")


def test_dns_lookup_that_hangs_is_bounded_by_the_deadline(
        no_proxy: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # requests' connect timeout does not cover getaddrinfo: a dead DNS server would hang
    release = threading.Event()
    real = socket.getaddrinfo

    def slow_dns(host: str, *args: object, **kwargs: object) -> object:
        if host == "translate.example":
            release.wait(10)
            raise socket.gaierror("timed out")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", slow_dns)
    engine = GttsEngine(TtsSettings(gtts_endpoint="http://translate.example",
                                    gtts_timeout=1.0, gtts_min_interval=0))
    started = time.monotonic()
    try:
        with pytest.raises(EngineUnavailable, match=r"DNS lookup of translate\.example"):
            engine.synthesize(LOKET, "id", tmp_path / "x.mp3")
        assert time.monotonic() - started < 1.0 + 1.5
    finally:
        release.set()


def test_unknown_host_is_unavailable(no_proxy: None, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def no_such_host(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    engine = GttsEngine(TtsSettings(gtts_endpoint="http://translate.example",
                                    gtts_min_interval=0))
    with pytest.raises(EngineUnavailable, match=r"cannot resolve translate\.example"):
        engine.synthesize(LOKET, "id", tmp_path / "x.mp3")


def test_rate_limit_spaces_consecutive_requests(fake_google: FakeGoogle,
                                                tmp_path: Path) -> None:
    engine = engine_for(fake_google, timeout=4.0, interval=0.5)
    engine.synthesize(Fragment("satu", "satu"), "id", tmp_path / "1.mp3")
    engine.synthesize(Fragment("dua", "dua"), "id", tmp_path / "2.mp3")
    first, second = (when for when, _, _ in fake_google.received)
    assert second - first >= 0.5


def test_rate_limit_holds_for_callers_on_several_threads(fake_google: FakeGoogle,
                                                         tmp_path: Path) -> None:
    engine = engine_for(fake_google, timeout=4.0, interval=0.3)
    threads = [threading.Thread(target=engine.synthesize,
                                args=(Fragment(w, w), "id", tmp_path / f"{w}.mp3"))
               for w in ("satu", "dua", "tiga")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    times = sorted(when for when, _, _ in fake_google.received)
    assert len(times) == 3
    assert all(b - a >= 0.3 for a, b in itertools.pairwise(times))


def test_rate_limit_wait_past_the_deadline_fails_instead_of_sleeping(
        fake_google: FakeGoogle, tmp_path: Path) -> None:
    engine = engine_for(fake_google, timeout=0.5, interval=5.0)
    engine.synthesize(Fragment("satu", "satu"), "id", tmp_path / "1.mp3")
    started = time.monotonic()
    with pytest.raises(EngineError, match="rate limit"):
        engine.synthesize(Fragment("dua", "dua"), "id", tmp_path / "2.mp3")
    assert time.monotonic() - started < 0.5  # refused at once, no 5 s sleep
    assert len(fake_google.received) == 1


def test_language_without_a_gtts_voice_is_refused(fake_google: FakeGoogle,
                                                  tmp_path: Path) -> None:
    with pytest.raises(EngineError, match="language 'jv'"):
        engine_for(fake_google).synthesize(LOKET, "jv", tmp_path / "x.mp3")
    assert fake_google.received == []


@pytest.mark.parametrize("mode", ["error", "hang"])
def test_cache_falls_back_to_espeak_when_gtts_fails(fake_google: FakeGoogle, mode: str,
                                                     tmp_path: Path) -> None:
    fake_google.mode = mode
    cache = VoiceCache(tmp_path / "voice", [engine_for(fake_google, timeout=1.0),
                                            EspeakEngine()])
    started = time.monotonic()
    clip = cache.clip(LOKET, "id")
    assert time.monotonic() - started < 1.0 + 1.5 + 2.0  # gTTS bound, then espeak
    assert clip is not None and mp3_duration(clip) > 0
    assert cache.engine_of(LOKET, "id") == "espeak"
