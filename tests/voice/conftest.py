"""Voice fixtures: a real MP3 made once by espeak-ng + lame, the fake Google endpoint
running on a free local port."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest

from .helpers import FakeGoogle


@pytest.fixture(scope="session")
def real_mp3(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A playable MP3 of real speech, as Google would send it (made offline)."""
    folder = tmp_path_factory.mktemp("real-mp3")
    wav, mp3 = folder / "speech.wav", folder / "speech.mp3"
    subprocess.run(["espeak-ng", "-v", "id", "-w", str(wav), "nomor antrian"], check=True,
                   timeout=30)
    subprocess.run(["lame", "--quiet", "-b", "64", str(wav), str(mp3)], check=True, timeout=30)
    return mp3.read_bytes()


@pytest.fixture
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    # a proxy in the environment must not catch requests meant for the local fake
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                 "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture
def fake_google(real_mp3: bytes, no_proxy: None) -> Iterator[FakeGoogle]:
    fake = FakeGoogle(real_mp3)
    fake.thread.start()
    yield fake
    fake.release.set()
    fake.server.shutdown()
    fake.server.server_close()
