"""Google Translate's voice through gTTS 2.2.4, sent by our own bounded sender: one
deadline per fragment covering DNS, connect and every read, and one polite request at a
time."""

from __future__ import annotations

import base64
import binascii
import contextlib
import ipaddress
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests
import urllib3
from gtts import gTTS
from requests.utils import select_proxy

from queue_server.domain.announcement import Fragment

from .audio_tools import looks_like_mp3
from .engine import EngineError, EngineUnavailable
from .settings import TtsSettings

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
