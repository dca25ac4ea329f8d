"""One query worker process, as the parent sees it: started, told its store, stopped.

Apart from `queries.pool` so that the CLI can start a worker first thing (`prestart`, see
`graph.launch`) with no more imports than starting a process takes; the pool, its limits and
its error classes are imported after, while the worker's interpreter starts.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys

from legalkg.queries.channel import Channel

WORKER = "from legalkg.queries.worker import start; start()"


class WorkerProcess:
    """One worker process and the parent's end of its channel.

    Started as `python -c WORKER FD FD [options]` (`queries.worker.start`) rather than through
    multiprocessing's spawn, which would re-run the caller's main module in the child (a script
    or a test). It uses no store until `open` says which; `store_guess` is one it may open
    ahead, and `preload` has it import the named-query modules meanwhile."""

    def __init__(self, store_guess: str | None = None, *, preload: bool = False) -> None:
        child_reads, parent_writes = os.pipe()
        parent_reads, child_writes = os.pipe()
        child_fds = (child_reads, child_writes)
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", WORKER, *map(str, child_fds), *(["--preload"] if preload else []),
                 *(["--open-ahead", store_guess] if store_guess else [])],
                pass_fds=child_fds, stdin=subprocess.DEVNULL, start_new_session=True,
            )
        except BaseException:
            for fd in (*child_fds, parent_reads, parent_writes):
                os.close(fd)
            raise
        for fd in child_fds:
            os.close(fd)
        self.conn = Channel(parent_reads, parent_writes)
        self.ready = False

    def open(self, store_path: str, read_only: bool) -> None:
        """Tell the worker which store to open (it answers "ready" or an error, which the pool reads)."""
        try:
            self.conn.send(("open", store_path, read_only))
        except OSError:
            pass  # it has died already: the pool, waiting for its answer, says how

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def death(self) -> str:
        """How the process ended, in words."""
        code = self.process.wait(5)
        if code < 0:
            try:
                return f"signal {signal.Signals(-code).name}"
            except ValueError:
                return f"signal {-code}"
        return f"exit code {code}"

    def kill(self) -> None:
        if self.alive():
            self.process.kill()
        self.process.wait(10)
        self.conn.close()

    def stop(self) -> None:
        """Ask the worker to close its store and leave (killed if it has not within 5 s). Its
        leaving is seen as the end of its channel: `Popen.wait` with a timeout polls in steps
        of up to 50 ms, which was most of the time a CLI query spent closing its worker."""
        try:
            self.conn.send(None)
            while self.conn.poll(5):
                self.conn.recv()  # EOFError once the worker has gone
        except EOFError:
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                pass
        except (OSError, ValueError):
            pass
        self.kill()


_spare: WorkerProcess | None = None


def prestart(store_guess: str | None = None, *, preload: bool = False) -> None:
    """Start one worker's interpreter now, before the store is known for sure (it may open
    `store_guess` read-only meanwhile; `preload`: a named query is coming): the next pool takes
    it as its first worker. `discard_spare` stops it if no pool did (see the module doc)."""
    global _spare
    if _spare is None:
        _spare = WorkerProcess(store_guess, preload=preload)


def discard_spare() -> None:
    """Stop the worker `prestart` started if no pool has taken it."""
    global _spare
    spare, _spare = _spare, None
    if spare is not None:
        spare.stop()


def start_worker(store_path: str, read_only: bool) -> WorkerProcess:
    """A worker told to open `store_path`: the prestarted one if there is one, else a new one."""
    global _spare
    worker, _spare = _spare, None
    if worker is None or not worker.alive():
        if worker is not None:
            worker.kill()
        worker = WorkerProcess()
    worker.open(store_path, read_only)
    return worker
