"""A request's header lines, read for gevent's WSGI server (its handler's `MessageClass`).

gevent reads them with `http.client.parse_headers`, which runs the whole `email` package's
parser over every request: ~11 % of the server's CPU for a small API answer (py-spy, issue 15).
This reads the same lines with the same limits (65,536 bytes a line, 100 headers) and gives
gevent what it asks of the parsed headers. Stricter than `email` where HTTP says a server
must be (RFC 9112 §5): a line that is no `name: value`, a space before the colon and an
obsolete folded line are refused with 400, never guessed at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

MAX_LINE = 65536  # http.client's _MAXLINE, so a header refused before is refused now
MAX_HEADERS = 100  # http.client's _MAXHEADERS

# a token (RFC 9110 §5.6.2) then the colon; the value is what follows, spaces trimmed
_FIELD = re.compile(r"([!#$%&'*+\-.^_`|~0-9A-Za-z]+):[ \t]*(.*?)[ \t]*\Z", re.S)
_END = (b"\r\n", b"\n", b"")


class RequestHeaders:
    """What gevent's `WSGIHandler` reads of `self.headers`: `status` (non-empty when the
    header block is refused, which gevent answers with 400), a case-insensitive `get` of a
    header's first value, `del` of every value, and the lines to build the environ from."""

    __slots__ = ("_fields", "status")

    def __init__(self, fp: BinaryIO | None = None, *_: object) -> None:
        self.status = ""
        self._fields: list[tuple[str, str, str]] = []  # (lowercase name, name, value)
        if fp is not None:
            self._read(fp)

    def _read(self, fp: BinaryIO) -> None:
        while True:
            line = fp.readline(MAX_LINE + 1)
            if len(line) > MAX_LINE:
                self.status = "Line too long"
                return
            if line in _END:
                return
            if len(self._fields) >= MAX_HEADERS:
                self.status = "Too many headers"
                return
            match = _FIELD.match(line.decode("iso-8859-1").rstrip("\r\n"))
            if match is None:  # no name, a space before the colon, or a folded line
                self.status = "Invalid header line"
                return
            name, value = match.groups()
            self._fields.append((name.lower(), name, value))

    def get(self, name: str, default: str | None = None) -> str | None:
        wanted = name.lower()
        for lower, _, value in self._fields:
            if lower == wanted:
                return value
        return default

    getheader = get

    def __delitem__(self, name: str) -> None:
        wanted = name.lower()
        self._fields = [f for f in self._fields if f[0] != wanted]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    @property
    def headers(self) -> Iterator[str]:
        """Each header as its line, as gevent splits them into the environ's HTTP_ keys."""
        for _, name, value in self._fields:
            yield f"{name}: {value}\r\n"

    @property
    def typeheader(self) -> str | None:
        return self.get("content-type")
