"""Engines that turn one announcement fragment into an MP3 file.

Every engine has a `name` and `synthesize(fragment, language, out)`: it writes an MP3 at `out`
or raises EngineError, and never blocks longer than its own bound (subprocess timeouts, or
the gTTS deadline). The cache tries them in the configured order.
"""

from __future__ import annotations

import array
import base64
import binascii
import contextlib
import ipaddress
import logging
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import wave
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit, urlunsplit

import requests
import urllib3
from gtts import gTTS
from requests.utils import select_proxy

from queue_server.domain.announcement import Fragment

from .settings import TtsSettings
from .vocabulary import site_vocabulary

log = logging.getLogger(__name__)

# A key names a file: only a slug may reach the file system, never "../" or "/".
KEY_PATTERN = re.compile(r"[a-z0-9-]{1,150}")
LANGUAGE_PATTERN = re.compile(r"[a-z]{2,3}")

MP3_BITRATE = 64  # kbit/s mono: a clear voice through a TV speaker, ~8 KB per second
SUBPROCESS_TIMEOUT = 30.0  # seconds; espeak-ng and lame take well under 1 s per fragment


class EngineError(Exception):
    """This engine could not make this fragment; the next engine may."""

    level = logging.WARNING  # how loud the cache logs it
    backoff = True  # the cache does not ask this engine for this fragment again for a while


class EngineUnavailable(EngineError):
    """The engine as a whole is not working right now (no network, no binary): the cache
    skips it for every fragment for a while instead of paying its timeout again and again."""


class NotInVoicePack(EngineError):
    """The voice pack has no recording of this fragment: expected for a partial pack.
    Looking again costs one stat, so a recording dropped in later is used at once."""

    level = logging.INFO
    backoff = False


class Engine(Protocol):
    name: str

    def synthesize(self, fragment: Fragment, language: str, out: Path) -> None: ...


def check_clip_name(fragment: Fragment, language: str) -> None:
    """Raise ValueError unless key and language are safe path parts."""
    if not LANGUAGE_PATTERN.fullmatch(language):
        raise ValueError(f"not a language code: {language!r}")
    if not KEY_PATTERN.fullmatch(fragment.key):
        raise ValueError(f"fragment key must match [a-z0-9-]+: {fragment.key!r}")


def looks_like_mp3(data: bytes) -> bool:
    """An ID3 tag or an MPEG audio frame sync at the start: enough to refuse an HTML error
    page or an empty answer (mutagen is a test-only dependency)."""
    return data[:3] == b"ID3" or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0)


# ------------------------------------------------------------------ tools


def _tool(binary: str, package: str) -> str:
    path = shutil.which(binary)
    if path is None:
        raise EngineUnavailable(
            f"{binary} is not installed (Debian: sudo apt-get install {package})")
    return path


def _run(args: list[str], what: str, timeout: float = SUBPROCESS_TIMEOUT) -> None:
    try:
        done = subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise EngineError(f"{what} did not finish within {timeout:g} s") from exc
    except OSError as exc:
        raise EngineUnavailable(f"cannot run {what}: {exc}") from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise EngineError(f"{what} failed (exit {done.returncode})"
                          + (f": {detail[-1]}" if detail else ""))


def wav_to_mp3(wav: Path, out: Path, *, bitrate: int = MP3_BITRATE,
               timeout: float = SUBPROCESS_TIMEOUT) -> None:
    lame = _tool("lame", "lame")
    _run([lame, "--quiet", "-b", str(bitrate), str(wav), str(out)], "lame", timeout)
    if not out.exists() or out.stat().st_size == 0:
        raise EngineError(f"lame wrote no MP3 for {wav.name}")


def _trim_silence(wav: Path, *, lead: float = 0.03, tail: float = 0.08,
                  threshold: int = 330) -> None:
    """espeak-ng ends every clip with ~0.45 s of silence; played one after another the
    fragments of "seratus dua puluh tiga" would sound chopped. Keep a short natural gap."""
    with wave.open(str(wav), "rb") as src:
        params = src.getparams()
        if params.sampwidth != 2 or params.nchannels != 1:
            return
        samples = array.array("h", src.readframes(params.nframes))
    if sys.byteorder == "big":
        samples.byteswap()
    loud = [i for i, v in enumerate(samples) if abs(v) > threshold]
    if not loud:
        return
    start = max(0, loud[0] - int(lead * params.framerate))
    end = min(len(samples), loud[-1] + int(tail * params.framerate))
    kept = samples[start:end]
    if sys.byteorder == "big":
        kept.byteswap()
    with wave.open(str(wav), "wb") as dst:
        dst.setnchannels(1)
        dst.setsampwidth(2)
        dst.setframerate(params.framerate)
        dst.writeframes(kept.tobytes())


# ------------------------------------------------------------------ voice pack

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


# ------------------------------------------------------------------ gTTS

GTTS_LANGUAGES = {"id": "id", "en": "en"}
# gTTS 2.2.4's decoding, verbatim (gtts/tts.py, gTTS.stream)
_GTTS_RPC = "jQ1olc"
_GTTS_AUDIO = re.compile(r'jQ1olc","\[\\"(.*)\\"]')
_MAX_ANSWER = 4 * 1024 * 1024  # a spoken fragment is a few KB; refuse anything absurd


class RateLimiter:
    """One gTTS request at a time, each starting at least `interval` seconds after the
    previous one ended: polite to Google, and a hall never bursts after an outage. Waiting
    for the turn or the gap never goes past the caller's deadline."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._turn = threading.Lock()  # gevent's patch makes waiting on it cooperative
        self._last_end = float("-inf")

    @contextlib.contextmanager
    def turn(self, deadline: float) -> Iterator[None]:
        wait = deadline - time.monotonic()
        if wait <= 0 or not self._turn.acquire(timeout=wait):
            raise EngineError("gTTS rate limit: no turn before this fragment's deadline")
        sent = False
        try:
            start = self._last_end + self.interval
            now = time.monotonic()
            if start > deadline:
                raise EngineError(f"gTTS rate limit: the next request may start in "
                                  f"{start - now:.1f} s, past this fragment's deadline")
            if start > now:
                # time.sleep looked up at call time: gevent's patch makes it cooperative
                time.sleep(start - now)
            sent = True
            yield
        finally:
            if sent:
                self._last_end = time.monotonic()
            self._turn.release()


def decode_gtts_answer(body: bytes) -> list[bytes]:
    """The audio parts of a batchexecute answer, decoded exactly as gTTS 2.2.4 does."""
    parts: list[bytes] = []
    for line in body.splitlines():
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise EngineError("gTTS answer is not UTF-8") from exc
        if _GTTS_RPC not in text:
            continue
        match = _GTTS_AUDIO.search(text)
        if not match:
            raise EngineError("gTTS answer has no audio stream (unsupported language?)")
        try:
            parts.append(base64.b64decode(match.group(1).encode("ascii")))
        except (UnicodeEncodeError, binascii.Error) as exc:
            raise EngineError(f"gTTS audio is not valid base64: {exc}") from exc
    return parts


def _rewrite_base(url: str, base: str) -> str:
    """Same path and query on another scheme/host: used to point gTTS at a local endpoint."""
    target = urlsplit(url)
    new = urlsplit(base)
    path = new.path.rstrip("/") + target.path
    return urlunsplit((new.scheme, new.netloc, path, target.query, ""))


class GttsEngine:
    """Google Translate's voice through gTTS 2.2.4, which has no timeout (see
    docs/dependencies.md). gTTS only packages the requests (`_prepare_requests`); this engine
    sends them with a connect/read timeout and one total deadline per fragment, and decodes
    the answer the way gTTS does."""

    name = "gtts"

    def __init__(self, settings: TtsSettings | None = None, *,
                 limiter: RateLimiter | None = None) -> None:
        self.settings = settings or TtsSettings()
        self.limiter = limiter or RateLimiter(self.settings.gtts_min_interval)

    def synthesize(self, fragment: Fragment, language: str, out: Path) -> None:
        timeout = self.settings.gtts_timeout
        deadline = time.monotonic() + timeout
        lang = GTTS_LANGUAGES.get(language)
        if lang is None:
            raise EngineError(f"gTTS is not set up for language {language!r}")
        try:
            tts = gTTS(fragment.text, lang=lang, tld=self.settings.gtts_tld, lang_check=False)
            prepared = tts._prepare_requests()
        except (AssertionError, ValueError, TypeError) as exc:
            raise EngineError(f"gTTS cannot package {fragment.text!r}: {exc}") from exc

        audio = bytearray()
        with requests.Session() as session:
            for request in prepared:
                if self.settings.gtts_endpoint:
                    request.url = _rewrite_base(request.url, self.settings.gtts_endpoint)
                with self.limiter.turn(deadline):
                    body = self._send(session, request, deadline, timeout)
                for part in decode_gtts_answer(body):
                    audio += part
        if not audio:
            raise EngineError("gTTS answer has no audio")
        if not looks_like_mp3(bytes(audio)):
            raise EngineError("gTTS audio is not an MP3")
        out.write_bytes(bytes(audio))

    def _send(self, session: requests.Session, request: requests.PreparedRequest,
              deadline: float, timeout: float) -> bytes:
        host = urlsplit(request.url).netloc
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise EngineUnavailable(f"gTTS: no time left for {host} within {timeout:g} s")
        # Session.send does not read the environment by itself (gTTS passes the proxies by
        # hand); merge it so a hall behind an HTTP proxy still works.
        env = session.merge_environment_settings(request.url, {}, None, None, None)
        _resolve_within(select_proxy(request.url, env["proxies"]) or request.url, remaining)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise EngineUnavailable(f"gTTS: no time left for {host} within {timeout:g} s")
        try:
            # connect and first-byte waits are each capped by what is left of the deadline
            response = session.send(
                request, timeout=(remaining, remaining), stream=True, allow_redirects=False,
                proxies=env["proxies"], verify=env["verify"], cert=env["cert"])
        except requests.Timeout as exc:
            raise EngineUnavailable(f"gTTS: no answer from {host} within {timeout:g} s") from exc
        except requests.RequestException as exc:
            raise EngineUnavailable(f"gTTS: cannot reach {host}: {exc}") from exc

        with response:  # leaving early closes the connection instead of draining it
            status = response.status_code
            if status != 200:
                kind = EngineUnavailable if status >= 500 or status == 429 else EngineError
                raise kind(f"gTTS: HTTP {status} {response.reason} from {host}")
            body = bytearray()
            try:
                while True:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise EngineUnavailable(
                            f"gTTS: answer from {host} not complete within {timeout:g} s")
                    _cap_read_timeout(response, remaining)
                    # read1: one socket read at most, so the deadline is checked in between
                    chunk = response.raw.read1(65536, decode_content=True)
                    if not chunk:
                        break
                    body += chunk
                    if len(body) > _MAX_ANSWER:
                        raise EngineError(f"gTTS: answer from {host} is too large")
            except (urllib3.exceptions.ReadTimeoutError, requests.Timeout,
                    TimeoutError) as exc:
                raise EngineUnavailable(
                    f"gTTS: answer from {host} not complete within {timeout:g} s") from exc
            except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
                raise EngineUnavailable(f"gTTS: answer from {host} broke off: {exc}") from exc
        return bytes(body)


def _resolve_within(url: str, seconds: float) -> None:
    """requests' connect timeout does not cover the DNS lookup (getaddrinfo has no timeout:
    a dead DNS server costs the resolver's retries, 10 s and more). Look the host up first
    on a helper thread (a greenlet under gevent) and give up at the deadline; the lookup
    requests then makes is answered at once from the resolver's fresh cache, or by the
    same quick server."""
    parts = urlsplit(url if "://" in url else f"http://{url}")
    host = parts.hostname
    if not host:
        raise EngineError(f"gTTS: no host in {url!r}")
    with contextlib.suppress(ValueError):
        ipaddress.ip_address(host)
        return  # an address needs no lookup
    done = threading.Event()
    problem: list[OSError] = []

    def lookup() -> None:
        try:
            socket.getaddrinfo(host, parts.port or 443, type=socket.SOCK_STREAM)
        except OSError as exc:
            problem.append(exc)
        finally:
            done.set()

    threading.Thread(target=lookup, name=f"loket-dns-{host}", daemon=True).start()
    if not done.wait(max(seconds, 0.0)):
        raise EngineUnavailable(f"gTTS: DNS lookup of {host} took longer than {seconds:.1f} s")
    if problem:
        raise EngineUnavailable(f"gTTS: cannot resolve {host}: {problem[0]}")


def _cap_read_timeout(response: requests.Response, remaining: float) -> None:
    """Make the next socket read wait at most until the deadline. Best effort: when the
    socket cannot be found, the read timeout given to send() still bounds each read."""
    connection = getattr(response.raw, "connection", None)
    sock = getattr(connection, "sock", None)
    if sock is None:
        # http.client hands the socket over to the response when the server closes the
        # connection after answering: it sits under response.raw._fp.fp.raw._sock
        fp = getattr(getattr(response.raw, "_fp", None), "fp", None)
        sock = getattr(getattr(fp, "raw", None), "_sock", None)
    if sock is not None and hasattr(sock, "settimeout"):
        with contextlib.suppress(OSError):
            sock.settimeout(max(remaining, 0.001))


# ------------------------------------------------------------------ espeak-ng


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
        espeak = _tool("espeak-ng", "espeak-ng")
        _tool("lame", "lame")
        with tempfile.TemporaryDirectory(prefix="loket-espeak-") as tmp:
            wav = Path(tmp) / "speech.wav"
            # "--" ends the options: a counter name starting with "-" is still just text
            _run([espeak, "-v", voice, "-s", str(self.settings.espeak_speed),
                  "-w", str(wav), "--", fragment.text], "espeak-ng", self.timeout)
            if not wav.exists() or wav.stat().st_size <= 44:
                raise EngineError(f"espeak-ng wrote no audio for {fragment.text!r}")
            try:
                _trim_silence(wav)
            except (wave.Error, EOFError) as exc:
                raise EngineError(f"espeak-ng wrote an unreadable WAV: {exc}") from exc
            wav_to_mp3(wav, out, timeout=self.timeout)


# ------------------------------------------------------------------ from settings


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
        else:  # parse_tts_settings refuses these already
            raise ValueError(f"unknown engine {name!r}")
    return engines
