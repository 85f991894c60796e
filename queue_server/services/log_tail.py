"""The hall's recent errors, read from the end of the server's rotating log (loket.log in the
data folder, written by cli.py's setup_logging as `asctime LEVEL logger: message`), for the
IT officer's status page. Only the tail is read: the log may be 25 MB."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

LOG_FILE = "loket.log"  # cli.py setup_logging's file in the data folder
TAIL_BYTES = 512 * 1024
MESSAGE_CHARS = 500  # one record must not fill the page
_RECORD = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)[,.]\d{3} "
                     r"(DEBUG|INFO|WARNING|ERROR|CRITICAL) (\S+?): (.*)$")
_SHOWN = ("ERROR", "CRITICAL")


@dataclass(frozen=True)
class LogRecord:
    at: str  # as the log wrote it: the server's local time, "2026-12-02 07:03:04"
    level: str
    logger: str
    message: str
    detail: str | None = None  # the last line of its traceback ("OSError: disk full")

    @property
    def moment(self) -> datetime:
        """When, as an aware time: the log writes this PC's local time without a zone."""
        return datetime.strptime(self.at, "%Y-%m-%d %H:%M:%S").astimezone()


def _tail_lines(path: Path, limit: int) -> list[str]:
    try:
        with path.open("rb") as f:
            size = f.seek(0, 2)
            f.seek(max(0, size - limit))
            data = f.read()
    except OSError:
        return []
    lines = data.decode("utf-8", errors="replace").splitlines()
    return lines[1:] if size > limit else lines  # the first line read may be cut


def parse(lines: Iterable[str]) -> list[LogRecord]:
    """The ERROR and CRITICAL records of these log lines, oldest first; lines that do not
    start a record (a traceback) belong to the record above them."""
    found: list[LogRecord] = []
    current: LogRecord | None = None
    for line in lines:
        match = _RECORD.match(line)
        if match:
            if current is not None:
                found.append(current)
            at, level, logger, message = match.groups()
            current = (LogRecord(at, level, logger, message[:MESSAGE_CHARS])
                       if level in _SHOWN else None)
        elif current is not None and line.strip():
            current = LogRecord(current.at, current.level, current.logger, current.message,
                                line.strip()[:MESSAGE_CHARS])
    if current is not None:
        found.append(current)
    return found


def recent_errors(data_dir: Path, limit: int = 20) -> list[LogRecord]:
    """The last `limit` error records of the log, newest first; the previous rotated file
    (loket.log.1) is read too when the current one, just rotated, holds fewer."""
    log = data_dir / LOG_FILE
    records = parse(_tail_lines(log, TAIL_BYTES))
    if len(records) < limit:
        records = parse(_tail_lines(log.with_name(LOG_FILE + ".1"), TAIL_BYTES)) + records
    return records[::-1][:limit]
