"""Audio tools the engines share: MP3 sniffing, WAV to MP3 with lame, trimming espeak's
silence, and running a tool with a deadline."""

from __future__ import annotations

import array
import shutil
import subprocess
import sys
import wave
from pathlib import Path

from .engine import EngineError, EngineUnavailable

MP3_BITRATE = 64  # kbit/s mono: a clear voice through a TV speaker, ~8 KB per second
SUBPROCESS_TIMEOUT = 30.0  # seconds; espeak-ng and lame take well under 1 s per fragment


def looks_like_mp3(data: bytes) -> bool:
    """An ID3 tag or an MPEG audio frame sync at the start: enough to refuse an HTML error
    page or an empty answer (mutagen is a test-only dependency)."""
    return data[:3] == b"ID3" or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0)


def require_tool(binary: str, package: str) -> str:
    path = shutil.which(binary)
    if path is None:
        raise EngineUnavailable(
            f"{binary} is not installed (Debian: sudo apt-get install {package})")
    return path


def run_tool(args: list[str], what: str, timeout: float = SUBPROCESS_TIMEOUT) -> None:
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
    lame = require_tool("lame", "lame")
    run_tool([lame, "--quiet", "-b", str(bitrate), str(wav), str(out)], "lame", timeout)
    if not out.exists() or out.stat().st_size == 0:
        raise EngineError(f"lame wrote no MP3 for {wav.name}")


def trim_silence(wav: Path, *, lead: float = 0.03, tail: float = 0.08,
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
