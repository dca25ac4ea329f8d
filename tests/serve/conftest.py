"""Fixtures of the serve tests: real `legalkg serve` servers on free ports (read-only over the
mini store, writable over a copy of it) and a plain HTTP client that returns what came back."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from legalkg.queries.limits import Limits
from legalkg.serve.app import LegalKGServer, ServeConfig, make_server

TOKEN = "test-token-1234"


@dataclass
class Reply:
    status: int
    media_type: str
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def fetch(url: str, *, method: str | None = None, data: bytes | None = None,
          headers: dict[str, str] | None = None, timeout: float = 30) -> Reply:
    """One HTTP request as written; any status comes back as a Reply, never as an exception."""
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return Reply(answer.status, answer.headers.get_content_type(), dict(answer.headers), answer.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, error.headers.get_content_type(), dict(error.headers), error.read())


@contextmanager
def running(config: ServeConfig) -> Iterator[LegalKGServer]:
    """`make_server(config)` serving in a background thread until the block ends."""
    server = make_server(config)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def http() -> Callable[..., Reply]:
    """The plain HTTP client of these tests (`http(url, method=, data=, headers=)`)."""
    return fetch


@pytest.fixture(scope="session")
def serve_config() -> Callable[..., ServeConfig]:
    """ServeConfig for a test server: 127.0.0.1, a free port, quiet, small limits unless given."""
    def make(store: Path, **options: object) -> ServeConfig:
        options.setdefault("limits", Limits(timeout_s=10, memory_mb=1024))
        options.setdefault("quiet", True)
        return ServeConfig(store=store, host="127.0.0.1", port=0, **options)  # type: ignore[arg-type]

    return make


@pytest.fixture(scope="module")
def endpoint(mini_store_path: Path, serve_config) -> Iterator[str]:  # noqa: ANN001
    """The mini store served read-only; yields the base URL."""
    with running(serve_config(mini_store_path, workers=1)) as server:
        yield server.origin


@pytest.fixture(scope="session")
def serve_running():  # noqa: ANN201
    """The `running(config)` context manager, for tests that start servers of their own."""
    return running


@pytest.fixture
def writable_store(mini_store_path: Path, tmp_path: Path) -> Path:
    """A copy of the mini store that a writable server may change."""
    copy = tmp_path / "writable-store"
    shutil.copytree(mini_store_path, copy, ignore=shutil.ignore_patterns("legalkg.lock"))
    return copy


@pytest.fixture
def writable(writable_store: Path, serve_config) -> Iterator[str]:  # noqa: ANN001
    """A `serve --writable --token TOKEN` over a copy of the mini store; yields the base URL."""
    with running(serve_config(writable_store, writable=True, token=TOKEN,
                              cors_origins=("http://friend.example",))) as server:
        yield server.origin


@pytest.fixture(scope="session")
def token() -> str:
    return TOKEN


# -- linked data: `legalkg serve` as a command over the sample-corpus store --
def _serve_command(store: Path, *options: str) -> tuple[subprocess.Popen, str]:
    """`legalkg serve` as a command on a free port; (process, base URL)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; from legalkg.graph.cli import main; sys.exit(main())",
         "serve", "--store", str(store), "--port", "0", "--quiet", "--workers", "1", *options],
        stderr=subprocess.PIPE, text=True,
    )
    match = re.search(r"at (http://127\.0\.0\.1:\d+)/", line := proc.stderr.readline())
    assert match, line
    return proc, match.group(1)


@pytest.fixture(scope="session")
def serve_command() -> Callable[..., tuple[subprocess.Popen, str]]:
    """`serve_command(store, *options)`: start `legalkg serve` as a command, (process, base URL)."""
    return _serve_command


@pytest.fixture(scope="module")
def sample_server(built_store_path: Path) -> Iterator[str]:
    """`legalkg serve` over the store built from the sample corpus; yields its base URL."""
    proc, base = _serve_command(built_store_path)
    try:
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def explorer_url(built_store_path: Path, serve_config) -> Iterator[str]:  # noqa: ANN001
    """The sample-corpus store served read-only (for the explorer); yields the base URL."""
    with running(serve_config(built_store_path, workers=1)) as server:
        yield server.origin
