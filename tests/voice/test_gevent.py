"""Production runs under gevent (docs/dependencies.md): a hung gTTS must neither block the
other greenlets (the hall keeps working) nor outlive its deadline."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from tests.conftest import ROOT

SCRIPT = textwrap.dedent("""
    from gevent import monkey
    monkey.patch_all()

    import json, socket, time, tempfile
    from pathlib import Path
    import gevent
    from queue_server.domain.announcement import Fragment
    from queue_server.voice.engine import EngineError
    from queue_server.voice.gtts_engine import GttsEngine
    from queue_server.voice.settings import TtsSettings

    # a server that accepts (kernel backlog) and never answers
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    url = "http://127.0.0.1:%d" % listener.getsockname()[1]

    ticks = []
    def ticker():
        while True:
            ticks.append(time.monotonic())
            gevent.sleep(0.05)
    gevent.spawn(ticker)

    engine = GttsEngine(TtsSettings(gtts_endpoint=url, gtts_timeout=1.0,
                                    gtts_min_interval=0.5))
    out = Path(tempfile.mkdtemp()) / "x.mp3"
    results = []
    for word in ("satu", "dua"):  # the second also waits for the rate limit
        started = time.monotonic()
        try:
            engine.synthesize(Fragment(word, word), "id", out)
            results.append(["ok", time.monotonic() - started])
        except EngineError as exc:
            results.append([type(exc).__name__, time.monotonic() - started])
    print(json.dumps({"results": results, "ticks": len(ticks)}))
""")


def test_hung_gtts_under_gevent_is_bounded_and_cooperative() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          cwd=ROOT, timeout=60, env={"PATH": "/usr/bin:/bin",
                                                     "NO_PROXY": "127.0.0.1"})
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    for kind, elapsed in report["results"]:
        assert kind == "EngineUnavailable"
        assert elapsed < 1.0 + 1.5
    # the ticker greenlet ran every 0.05 s through ~2 s of waiting on gTTS
    assert report["ticks"] >= 20
