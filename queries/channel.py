"""Pickled messages between the query pool and its workers over a pair of inherited pipes.

Why not `multiprocessing.connection`: importing it (with `multiprocessing.context` and its
reducers) took ~14 ms in each of the two processes of every `legalkg query`, and the pool needs
only this: a length-prefixed pickle each way, a poll with a timeout, and EOF when the other
side has gone. Messages are plain data (tuples, strings, bytes, `Rows`) from our own code.
"""
from __future__ import annotations

import os
import pickle
import select
import struct
from typing import Any

_HEADER = struct.Struct("!Q")


class Channel:
    """One end of a two-way channel: a pipe to read from and one to write to (the channel owns
    both descriptors). Pipes rather than a socket pair: the parent then needs no `socket`."""

    def __init__(self, read_fd: int, write_fd: int) -> None:
        self.read_fd = read_fd
        self.write_fd = write_fd

    def send(self, message: Any) -> None:
        """Write one message (blocks until the other side has room; OSError if it has gone)."""
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(_HEADER.pack(len(data)) + data)
        while view:
            view = view[os.write(self.write_fd, view):]

    def recv(self) -> Any:
        """The next message; EOFError when the other side closed its end."""
        (size,) = _HEADER.unpack(self._read(_HEADER.size))
        return pickle.loads(self._read(size))

    def poll(self, timeout: float = 0.0) -> bool:
        """True when a message (or the end of the stream) can be read within `timeout` seconds.
        `select.poll`, not `select.select`: a server's descriptors may pass select's 1,024."""
        poller = select.poll()
        poller.register(self.read_fd, select.POLLIN)
        return bool(poller.poll(round(timeout * 1000)))

    def close(self) -> None:
        """Close both ends (idempotent); the other side then reads EOF."""
        for fd in {self.read_fd, self.write_fd} - {-1}:
            os.close(fd)
        self.read_fd = self.write_fd = -1

    def _read(self, size: int) -> bytes:
        parts = []
        while size:
            chunk = os.read(self.read_fd, min(size, 1 << 20))
            if not chunk:
                raise EOFError("the other end of the query channel closed")
            parts.append(chunk)
            size -= len(chunk)
        return b"".join(parts)
