"""The gevent server's client sockets (web/client_sockets.py): `sendall` sends every byte,
small writes with one `send` and no SO_SNDBUF lookup, a write larger than the kernel takes at
once in full through gevent's own loop; the served hall answers large and small alike."""

from __future__ import annotations

import socket

import gevent
import requests

from queue_server.web.client_sockets import ClientSocket


class CountingSocket(ClientSocket):
    lookups = 0

    def getsockopt(self, *args):  # gevent's sendall sizes its chunks with SO_SNDBUF
        CountingSocket.lookups += 1
        return super().getsockopt(*args)


def _pair() -> tuple[CountingSocket, CountingSocket]:
    a, b = socket.socketpair()
    return (CountingSocket(a.family, a.type, a.proto, fileno=a.detach()),
            CountingSocket(b.family, b.type, b.proto, fileno=b.detach()))


def _read_all(sock: socket.socket, size: int) -> bytes:
    got = bytearray()
    while len(got) < size:
        chunk = sock.recv(1 << 16)
        if not chunk:
            break
        got += chunk
    return bytes(got)


def test_a_small_write_is_one_send_without_a_buffer_lookup():
    sender, receiver = _pair()
    CountingSocket.lookups = 0
    try:
        for n in range(50):
            sender.sendall(b"42[\"ticket.called\"," + str(n).encode() + b"]")
        sender.sendall(b"")  # nothing to send is no error
        reader = gevent.spawn(_read_all, receiver, sum(
            len(b"42[\"ticket.called\"," + str(n).encode() + b"]") for n in range(50)))
        assert reader.get(timeout=5).endswith(b",49]")
        assert CountingSocket.lookups == 0
    finally:
        sender.close()
        receiver.close()


def test_a_write_larger_than_the_kernel_takes_at_once_arrives_whole():
    sender, receiver = _pair()
    data = bytes(range(256)) * (8 * 4096)  # 8 MiB: far more than a socket buffer
    try:
        reader = gevent.spawn(_read_all, receiver, len(data))
        sender.sendall(memoryview(bytearray(data)))
        assert reader.get(timeout=20) == data
    finally:
        sender.close()
        receiver.close()


def test_the_served_hall_answers_large_and_small_on_one_kept_alive_connection(server):
    with requests.Session() as browser:
        spec = browser.get(f"{server.url}/api/v1/openapi.json", timeout=10)
        health = browser.get(f"{server.url}/api/v1/health", timeout=10)
        again = browser.get(f"{server.url}/api/v1/openapi.json", timeout=10)
    assert spec.status_code == health.status_code == again.status_code == 200
    assert len(spec.content) > 100_000 and spec.json() == again.json()
