"""Point-query latency over HTTP: `legalkg serve` started on 127.0.0.1, port 0, over the bench's
store, as a user starts it (its own process, its worker pool, its limits), then each point
query of the latency target sent as a SPARQL Protocol GET (`/sparql?query=...`, JSON results).

Timed twice: on one kept-alive connection (a client library that reuses connections, as
browsers and `requests.Session` do), and with a new connection per request (as `urllib` and
SPARQLWrapper do). The difference to the in-process figure (`bench.queries`) is what HTTP, the
worker pool and the JSON serialization add.
"""
from __future__ import annotations

import http.client
import json
import re
import statistics
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from legalkg.bench.measure import cli, percentile

START_TIMEOUT_S = 120.0
ACCEPT = "application/sparql-results+json"
_ORIGIN = re.compile(r" at (http://[^/\s]+)/")


@contextmanager
def serving(store: Path, *, workers: int = 2, query_timeout: float = 30.0) -> Iterator[str]:
    """`legalkg serve` over `store` on a free port in a child process; yields its origin
    (http://127.0.0.1:PORT) and stops it (SIGTERM, as Ctrl-C) on the way out."""
    child = subprocess.Popen(
        cli("serve", "--store", str(store), "--host", "127.0.0.1", "--port", "0", "--quiet", "--workers", str(workers),
            "--query-timeout", f"{query_timeout:g}"),
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    assert child.stderr is not None
    timer = threading.Timer(START_TIMEOUT_S, child.kill)  # a server that never says where it listens
    timer.start()
    lines = []
    try:
        for line in child.stderr:
            lines.append(line)
            if found := _ORIGIN.search(line):
                break
        else:
            raise RuntimeError(f"legalkg serve did not start: {''.join(lines).strip()[-300:]}")
    finally:
        timer.cancel()
    threading.Thread(target=child.stderr.read, daemon=True).start()  # keep its stderr from filling up
    try:
        yield found.group(1)
    finally:
        child.terminate()
        try:
            child.wait(30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _get(connection: http.client.HTTPConnection, target: str) -> tuple[float, bytes]:
    """Milliseconds for one GET of `target` on `connection`, its answer read to the end, and the
    answer."""
    started = time.perf_counter()
    connection.request("GET", target, headers={"Accept": ACCEPT})
    answer = connection.getresponse()
    body = answer.read()
    elapsed = (time.perf_counter() - started) * 1000
    if answer.status != 200:
        raise RuntimeError(f"GET {target[:80]}...: {answer.status} {body[:200]!r}")
    return elapsed, body


def point_latencies(origin: str, queries: dict[str, str], *, repeat: int = 20) -> dict[str, dict[str, float]]:
    """For each named query text: p50 and p95 (ms) on a kept-alive connection after one warm-up
    request, the p50 with a new connection per request, and the rows answered (what was timed)."""
    address = urlsplit(origin)
    out: dict[str, dict[str, float]] = {}
    for name, text in queries.items():
        target = "/sparql?" + urlencode({"query": text})
        kept = http.client.HTTPConnection(address.hostname, address.port, timeout=600)
        try:
            rows = len(json.loads(_get(kept, target)[1])["results"]["bindings"])
            times = [_get(kept, target)[0] for _ in range(repeat)]
        finally:
            kept.close()
        fresh = []
        for _ in range(max(3, repeat // 2)):
            connection = http.client.HTTPConnection(address.hostname, address.port, timeout=600)
            try:
                fresh.append(_get(connection, target)[0])
            finally:
                connection.close()
        out[name] = {"p50": round(statistics.median(times), 2), "p95": round(percentile(times, 0.95), 2),
                     "new_connection_p50": round(statistics.median(fresh), 2), "rows": rows}
    return out
