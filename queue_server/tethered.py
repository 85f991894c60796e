"""`python -m queue_server.tethered <command> ...`: a `queue-server` command that ends when
the process that started it ends, however it ends (kill -9 and power-button included).

The parent gives the child a pipe as its standard input and never writes to it; the kernel
closes the parent's end when the parent dies, and the child, blocked reading it, sees EOF and
exits. A pipe rather than Linux's prctl(PR_SET_PDEATHSIG): it works on every OS, needs no
preexec_fn (unsafe once threads or gevent's hub run in the parent), and PDEATHSIG fires when
the *thread* that forked exits, not the process, which is wrong for a server that may start
its children from a worker thread."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Sequence
from typing import Any


def _exit_when_stdin_closes() -> None:
    try:
        while sys.stdin.buffer.read(4096):
            pass  # the parent never writes; anything read is ignored
    except (OSError, ValueError):
        pass
    os._exit(0)  # the parent is gone: no cleanup can matter more than freeing the port


def spawn(args: Sequence[str], **popen: Any) -> subprocess.Popen:
    """`queue-server *args` in a child that dies with this process (see the module doc).
    Keep the returned Popen referenced: its stdin is the tether."""
    return subprocess.Popen([sys.executable, "-m", "queue_server.tethered", *args],
                            stdin=subprocess.PIPE, **popen)


def main(argv: list[str]) -> None:
    threading.Thread(target=_exit_when_stdin_closes, name="tether", daemon=True).start()
    from queue_server.cli import main as cli

    code: object = 0
    try:
        cli(argv, prog_name="queue-server")
    except SystemExit as done:  # click ends every command so
        code = done.code
    if not isinstance(code, int):  # sys.exit("message") or sys.exit(None), as Python does
        if code is not None:
            print(code, file=sys.stderr)
        code = 0 if code is None else 1
    # os._exit: a normal shutdown would abort on the tether thread blocked reading stdin
    # ("Fatal Python error: could not acquire lock for <stdin>"), failing a finished command
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    main(sys.argv[1:])
