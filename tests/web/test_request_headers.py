"""The request's header lines read without the email package (web/request_headers.py): what
gevent builds the environ from is what its own parser gave, and a malformed block is 400."""

from __future__ import annotations

import io
import json
import random
import socket

import pytest
from gevent.pywsgi import headers_factory

from queue_server.web.request_headers import MAX_HEADERS, MAX_LINE, RequestHeaders

NAMES = ["Host", "User-Agent", "Accept", "Content-Type", "Content-Length", "Authorization",
         "Idempotency-Key", "X-Forwarded-For", "Cookie", "Accept-Language", "Connection"]


def _block(lines: list[str]) -> io.BytesIO:
    return io.BytesIO(("".join(f"{line}\r\n" for line in lines) + "\r\n").encode("latin-1")
                      + b"body that follows")


def test_headers_read_as_gevents_own_parser_reads_them():
    rnd = random.Random(15)
    for _ in range(300):
        lines = []
        for _ in range(rnd.randint(0, 12)):
            name = rnd.choice(NAMES)
            name = rnd.choice([name, name.lower(), name.upper()])
            value = "".join(rnd.choice("abc XYZ/=;,:.-_09\t") for _ in range(rnd.randint(0, 30)))
            lines.append(f"{name}:{rnd.choice(['', ' ', '  ', chr(9)])}{value}")
        ours, theirs = RequestHeaders(_block(lines), 0), headers_factory(_block(lines), 0)
        assert ours.status == theirs.status == ""
        assert [h.split(":", 1)[0] for h in ours.headers] == [
            h.split(":", 1)[0] for h in theirs.headers]
        assert [h.split(":", 1)[1].strip() for h in ours.headers] == [
            h.split(":", 1)[1].strip() for h in theirs.headers]
        for name in NAMES:
            for asked in (name, name.lower()):
                mine, gevents = ours.get(asked), theirs.get(asked)
                assert (mine if mine is None else mine.strip()) == (
                    gevents if gevents is None else gevents.strip())
        assert ours.typeheader == (None if theirs.typeheader is None
                                   else theirs.typeheader.strip())


def test_reading_stops_at_the_blank_line_and_leaves_the_body():
    block = _block(["Host: a", "Content-Length: 17"])
    headers = RequestHeaders(block, 0)
    assert headers.get("content-length") == "17"
    assert block.read() == b"body that follows"


def test_deleting_a_header_removes_every_line_of_it():
    headers = RequestHeaders(_block(["Content-Length: 3", "Host: a", "content-length: 4"]), 0)
    del headers["Content-Length"]
    assert headers.get("content-length") is None and "Host" in headers
    assert list(headers.headers) == ["Host: a\r\n"]
    del headers["Not-There"]  # as email's Message: nothing to delete is no error


@pytest.mark.parametrize(("lines", "why"), [
    (["Host: a", " folded: on"], "an obsolete folded line"),
    (["Host: a", "no colon here"], "a line that is no name and value"),
    (["Host : a"], "a space before the colon"),
    ([": no name"], "no name"),
    (["Bad\x00Name: a"], "a name that is no token"),
    (["X-Big: " + "a" * MAX_LINE], "a line longer than http.client allows"),
    ([f"X-{n}: a" for n in range(MAX_HEADERS + 1)], "more headers than http.client allows"),
])
def test_a_malformed_header_block_is_refused(lines, why):
    assert RequestHeaders(_block(lines), 0).status, why


def _exchange(server, raw: bytes) -> bytes:
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(raw)
        sock.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def test_the_served_hall_reads_headers_and_body_and_refuses_a_folded_header(server):
    body = json.dumps({"service_id": "ktp-el"}).encode()
    request = (b"POST /api/v1/tickets HTTP/1.1\r\nHost: loket\r\n"
               b"authorization: Bearer " + server.tokens["kiosk"].encode() + b"\r\n"
               b"Content-Type: application/json\r\nIdempotency-Key:  tap-1  \r\n"
               b"Content-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n"
               + body)
    first = _exchange(server, request)
    assert first.startswith(b"HTTP/1.1 201"), first[:200]
    again = _exchange(server, request)  # the key was read, trimmed: the same ticket
    assert again.startswith(b"HTTP/1.1 201")
    assert json.loads(first.split(b"\r\n\r\n", 1)[1])["ticket"]["id"] == json.loads(
        again.split(b"\r\n\r\n", 1)[1])["ticket"]["id"]

    folded = request.replace(b"Content-Type: application/json\r\n",
                             b"Content-Type: application/json\r\n X-Folded: yes\r\n")
    assert _exchange(server, folded).startswith(b"HTTP/1.1 400")
    # the server goes on serving
    assert _exchange(server, b"GET /api/v1/health HTTP/1.1\r\nHost: loket\r\n"
                             b"Connection: close\r\n\r\n").startswith(b"HTTP/1.1 200")
