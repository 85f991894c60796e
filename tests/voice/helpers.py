"""Test helpers for the voice package: a local fake of Google's batchexecute endpoint (no
test reaches the internet) and a scriptable engine."""

from __future__ import annotations

import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from mutagen.mp3 import MP3

from queue_server.domain.announcement import Fragment
from queue_server.voice.engine import EngineError

GTTS_PATH = "/_/TranslateWebserverUi/data/batchexecute"


def mp3_duration(path: Path) -> float:
    return MP3(path).info.length


def gtts_answer(audio: bytes) -> bytes:
    """The body Google's batchexecute sends: a guard line, then the RPC result whose payload
    is a JSON string holding a JSON list with the base64 audio (hence the escaped quotes
    gTTS 2.2.4's regex `jQ1olc","\\[\\\\"(.*)\\\\"]` looks for)."""
    payload = json.dumps([base64.b64encode(audio).decode("ascii")])
    rpc = json.dumps([["wrb.fr", "jQ1olc", payload, None, None, None, "generic"]],
                     separators=(",", ":"))
    return f")]}}'\n\n{len(rpc)}\n{rpc}\n25\n[[\"e\",4,null,null,{len(rpc)}]]\n".encode()


class FakeGoogle:
    """http.server in a thread on a free port. `mode` says how it answers POSTs:
    ok | error (HTTP 500) | hang (accepts, never answers) | trickle (headers, then one body
    byte every 0.2 s) | stall (headers after 1.2 s, then silence) | no_audio (the RPC line
    without audio)."""

    def __init__(self, audio: bytes) -> None:
        self.audio = audio
        self.mode = "ok"
        self.received: list[tuple[float, str, bytes]] = []  # (monotonic time, path, body)
        self.release = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                arrived = time.monotonic()
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                fake.received.append((arrived, self.path, body))
                fake.answer(self)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,),
                                       daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        if self.mode == "hang":
            self.release.wait(30)
            return
        if self.mode == "error":
            handler.send_error(500, "Internal Server Error")
            return
        if self.mode == "stall":  # slow to start, then stops halfway through the body
            time.sleep(1.2)
            handler.send_response(200)
            handler.send_header("Content-Length", "100000")
            handler.end_headers()
            handler.wfile.write(b")]}'\n")
            handler.wfile.flush()
            self.release.wait(30)
            return
        if self.mode == "trickle":
            handler.send_response(200)
            handler.send_header("Content-Length", "100000")
            handler.end_headers()
            while not self.release.wait(0.2):
                try:
                    handler.wfile.write(b")")
                    handler.wfile.flush()
                except OSError:
                    return
            return
        body = (b")]}'\n\n[[\"wrb.fr\",\"jQ1olc\",null,null,null,[3],\"generic\"]]\n"
                if self.mode == "no_audio" else gtts_answer(self.audio))
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)


class ScriptedEngine:
    """An engine whose outcome per key a test decides; it counts its calls."""

    def __init__(self, name: str, *, fails: dict[str, Exception] | None = None,
                 fail_all: Exception | None = None, only: set[str] | None = None,
                 delay: float = 0.0) -> None:
        self.name = name
        self.fails = fails or {}
        self.fail_all = fail_all
        self.only = only
        self.delay = delay
        self.calls: list[tuple[str, str]] = []

    def synthesize(self, fragment: Fragment, language: str, out: Path) -> None:
        self.calls.append((language, fragment.key))
        if self.delay:
            time.sleep(self.delay)
        if self.fail_all is not None:
            raise self.fail_all
        if fragment.key in self.fails:
            raise self.fails[fragment.key]
        if self.only is not None and fragment.key not in self.only:
            raise EngineError(f"{self.name} has no {fragment.key}")
        out.write_bytes(b"ID3" + f"{self.name}:{language}:{fragment.text}".encode())
