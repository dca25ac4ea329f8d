"""The pool's channel: whole messages both ways, larger than a pipe holds; EOF when the other
end has gone; poll waits no longer than asked."""
from __future__ import annotations

import os
import threading
import time

import pytest

from legalkg.queries.channel import Channel
from legalkg.queries.rows import Rows


@pytest.fixture
def pair():
    a_reads, b_writes = os.pipe()
    b_reads, a_writes = os.pipe()
    a, b = Channel(a_reads, a_writes), Channel(b_reads, b_writes)
    yield a, b
    a.close()
    b.close()


def test_channel_carries_messages_larger_than_a_pipe_both_ways(pair) -> None:
    a, b = pair
    big = ("ok", Rows(["text"], [{"text": "法治" * 10_000}] * 100))  # ~4 MB pickled, a pipe holds 64 KB
    sender = threading.Thread(target=a.send, args=(big,))
    sender.start()
    assert b.poll(5) and b.recv() == big
    sender.join()
    b.send(None)
    assert a.recv() is None


def test_channel_reads_eof_once_the_other_end_closed(pair) -> None:
    a, b = pair
    a.send(("ready",))
    a.close()
    assert b.recv() == ("ready",)
    assert b.poll(0)  # the end of the stream is readable at once
    with pytest.raises(EOFError):
        b.recv()


def test_channel_poll_waits_at_most_its_timeout(pair) -> None:
    _, b = pair
    started = time.monotonic()
    assert not b.poll(0.1)
    assert time.monotonic() - started < 2


def test_channel_polls_a_descriptor_numbered_past_1024(pair) -> None:
    a, b = pair  # a server with many connections open starts replacement workers on such numbers
    high = os.dup2(b.read_fd, max(1500, b.read_fd + 1))
    os.close(b.read_fd)
    b.read_fd = high
    a.send("hello")
    assert b.poll(5) and b.recv() == "hello"
