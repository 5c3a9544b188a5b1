"""The tests' network guard: sockets may connect to loopback addresses only (IPv4, IPv6, or a Unix socket)."""

from __future__ import annotations

import errno
import ipaddress
import socket
import sys
from typing import Any

REFUSED = "tests must not touch the network (tried to connect to {host})"


def _allowed(address: Any) -> bool:
    if not isinstance(address, tuple):
        return True  # a Unix socket path
    host = address[0]
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def guard_sockets() -> None:
    """Patch socket.connect and socket.connect_ex (Twisted connects with the latter) for this process."""
    if getattr(socket.socket.connect, "_govnews_guard", False):
        return
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def connect(self: socket.socket, address: Any) -> None:
        _refuse_outside(address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        _refuse_outside(address)
        return real_connect_ex(self, address)

    connect._govnews_guard = True  # type: ignore[attr-defined]
    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]


def _refuse_outside(address: Any) -> None:
    """Raise EACCES with the reason; the reason also goes to stderr, as Twisted keeps only the error number."""
    if not _allowed(address):
        message = REFUSED.format(host=address[0])
        sys.stderr.write(message + "\n")
        raise OSError(errno.EACCES, message)
