"""The gevent server's accepted connections, on a socket whose `sendall` skips a syscall.

gevent's `sendall` asks the kernel for SO_SNDBUF on every call, to size the chunks it sends
a large buffer in: a `getsockopt` before every answer and every websocket frame. In a call's
fan-out to 2,000 screens that was 16 % of the server's time, more than half of what the
sends themselves took (py-spy, issue 15). A hall's writes are small: the kernel takes one
whole in a single `send`, and only what it leaves goes on through gevent's own `sendall`.
"""

from __future__ import annotations

import contextlib
import socket

from gevent import pywsgi
from gevent.socket import socket as GeventSocket


class ClientSocket(GeventSocket):
    def sendall(self, data: bytes | bytearray | memoryview, flags: int = 0) -> None:
        view = memoryview(data).cast("B")
        if not view.nbytes:
            return
        # one send, which waits (with the socket's timeout) if the buffer is full
        sent = self.send(view, flags)
        if sent < view.nbytes:
            super().sendall(view[sent:], flags)


class ClientSocketServer(pywsgi.WSGIServer):
    """gevent's WSGI server with each accepted connection a ClientSocket, Nagle off: gevent
    writes an answer's headers and body separately, and with Nagle on every keep-alive
    answer waited ~40 ms for the client's delayed ACK."""

    def do_read(self) -> tuple[ClientSocket, object] | None:
        accepted = super().do_read()
        if accepted is None:
            return None
        plain, address = accepted
        fd = plain.detach()  # the same connection, on the faster socket
        client = ClientSocket(plain.family, plain.type, plain.proto, fileno=fd)
        with contextlib.suppress(OSError):  # not TCP (a Unix socket): nothing to turn off
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return client, address
