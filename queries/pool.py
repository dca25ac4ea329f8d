"""Run queries in worker processes that can be stopped: the time, memory and cancellation
limits of every query from the CLI and from `legalkg serve`.

A `WorkerPool` keeps `size` workers (`queries.worker`), each with the store open. `run` hands a
job to an idle worker and watches it: past `Limits.timeout_s`, over `Limits.memory_mb` of
resident memory, or when `cancelled()` says the client has gone, the worker is killed and a new
one started in its place; if the worker dies by itself (a crash in the engine), the same. The
caller gets a QueryLimitError or WorkerCrashed naming what happened, and the pool stays whole.
Workers are new interpreters, never forked from a threaded server.

A worker's interpreter can be started before its store is known for sure
(`queries.spawn.prestart`): the CLI does so for a local query before it parses its own command
line, with the store it guesses from that line for the worker to open read-only meanwhile, and
the pool's first worker is then that process, told which store to use. The containment is the
same; only the wait is shorter.
"""
from __future__ import annotations

import os
import queue
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from legalkg.ingest import errors
from legalkg.ingest.errors import LegalKGError, QueryError
from legalkg.queries.limits import Limits, QueryLimitError
from legalkg.queries.spawn import WorkerProcess, start_worker

POLL_S = 0.05
START_TIMEOUT_S = 120.0


class WorkerCrashed(QueryError):
    """The worker running a query died (the engine crashed or ran out of memory)."""


class QueryCancelled(QueryError):
    """The client went away, so its query was stopped."""


def _error(name: str, message: str) -> LegalKGError:
    """The worker's error again in this process (a known LegalKGError class, else QueryError)."""
    try:
        return _error_class(name)(message)
    except TypeError:
        return QueryError(message)


def _error_class(name: str) -> type[LegalKGError]:
    """The class named `name` among legalkg's errors. The parameter module (its ParamError has
    its own exit code) is imported here, on the error path, so that answers never import it."""
    from legalkg.queries import limits, params

    for home in (errors, limits, params, sys.modules[__name__]):
        found = getattr(home, name, None)
        if isinstance(found, type) and issubclass(found, LegalKGError):
            return found
    return QueryError


def _wait_ready(worker: WorkerProcess) -> None:
    """Block until `worker` has opened the store (or raise what stopped it)."""
    if worker.ready:
        return
    if not worker.conn.poll(START_TIMEOUT_S):
        worker.kill()
        raise WorkerCrashed(f"a query worker did not start within {START_TIMEOUT_S:.0f} s")
    try:
        message = worker.conn.recv()
    except EOFError:
        worker.kill()
        raise WorkerCrashed(f"a query worker died while starting ({worker.death()})") from None
    if message[0] == "error":
        worker.kill()
        raise _error(message[1], message[2])
    worker.ready = True


_PROC = os.path.isdir("/proc/self")


def _rss_mb(pid: int) -> float:
    """Resident memory of process `pid` in MB (0.0 once it has gone). Read from /proc where
    there is one: importing psutil cost every query that ran past 50 ms ~18 ms."""
    if _PROC:
        try:
            with open(f"/proc/{pid}/statm", "rb") as statm:
                return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
        except (OSError, ValueError, IndexError):
            return 0.0
    import psutil

    try:
        return psutil.Process(pid).memory_info().rss / 2**20
    except (psutil.Error, ValueError):
        return 0.0


class WorkerPool:
    """`size` query workers over the store at `store_path` (see module doc); thread-safe."""

    def __init__(self, store_path: Path | str, *, read_only: bool = True, size: int = 2,
                 limits: Limits | None = None) -> None:
        self.store_path = str(store_path)
        self.read_only = read_only
        self.size = size if read_only else 1  # one writer owns a writable store
        self.limits = limits or Limits()
        self._idle: queue.Queue[WorkerProcess] = queue.Queue()
        self._all: set[WorkerProcess] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.restarts = 0
        try:
            for _ in range(self.size):
                self._add()
            for worker in list(self._all):
                _wait_ready(worker)
        except BaseException:
            self.close()
            raise

    def _add(self) -> None:
        worker = start_worker(self.store_path, self.read_only)
        with self._lock:
            if self._closed:  # a query that ended after close() must not start a new worker
                worker.kill()
                return
            self._all.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: WorkerProcess, *, restart: bool = True) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
            self.restarts += 1
        if restart:
            self._add()

    def run(self, job: str, /, *, cancelled: Callable[[], bool] | None = None, **kwargs: Any) -> Any:
        """Run `job` (a name in `queries.worker.JOBS`) with `kwargs` in a worker, under the limits."""
        limits = self.limits
        try:
            worker = self._idle.get(timeout=limits.timeout_s)
        except queue.Empty:
            raise QueryLimitError(f"all {self.size} query workers stayed busy for {limits.timeout_s:g} s; "
                                  "retry later or raise --query-timeout") from None
        try:
            _wait_ready(worker)
        except LegalKGError:
            self._replace(worker)
            raise
        try:
            worker.conn.send((job, kwargs))
        except (OSError, ValueError):
            self._replace(worker)
            raise WorkerCrashed("the query worker had died; it was restarted, retry the query") from None
        return self._watch(worker, time.monotonic(), cancelled)

    def _watch(self, worker: WorkerProcess, started: float, cancelled: Callable[[], bool] | None) -> Any:
        limits = self.limits
        next_memory_check = 0.0
        try:
            while True:
                if worker.conn.poll(POLL_S):
                    try:
                        message = worker.conn.recv()
                    except EOFError:
                        raise WorkerCrashed(
                            f"the query crashed the query engine ({worker.death()}); "
                            "the worker was restarted") from None
                    self._idle.put(worker)
                    worker = None  # type: ignore[assignment]
                    if message[0] == "error":
                        raise _error(message[1], message[2])
                    return message[1]
                now = time.monotonic()
                if now - started > limits.timeout_s:
                    raise QueryLimitError(f"query stopped after {limits.timeout_s:g} s; raise --query-timeout")
                if now >= next_memory_check:
                    next_memory_check = now + 0.2
                    used = _rss_mb(worker.pid)
                    if used > limits.memory_mb:
                        raise QueryLimitError(
                            f"query stopped at {used:.0f} MB of memory, over {limits.memory_mb} MB; "
                            "raise --query-memory")
                if cancelled is not None and cancelled():
                    raise QueryCancelled("the client went away; its query was stopped")
                if not worker.alive() and not worker.conn.poll(0):
                    raise WorkerCrashed(
                        f"the query crashed the query engine ({worker.death()}); the worker was restarted")
        except BaseException as exc:
            if worker is not None:
                self._replace(worker, restart=not isinstance(exc, KeyboardInterrupt))
            raise

    def close(self) -> None:
        """Stop every worker (idempotent)."""
        with self._lock:
            self._closed = True
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.stop()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def run_contained(store_path: Path | str, job: str, limits: Limits, **kwargs: Any) -> Any:
    """Run one job in a one-worker pool (the CLI's way: a crash or overrun is an error line)."""
    with WorkerPool(store_path, read_only=True, size=1, limits=limits) as pool:
        return pool.run(job, **kwargs)
