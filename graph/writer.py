"""The build's store writer: one thread that writes extracted reports, in the order given.

Why a thread: Oxigraph's bulk loader releases the GIL, so while a batch loads the main thread
keeps collecting worker results (with one worker: keeps extracting). When the main thread
loaded batches itself, the workers stood idle for every load (measured: two workers gave
1.26-1.43x where the machine allowed 1.8x).

What the main thread hands over waits in a queue bounded by bytes, not reports: a store slower
than the workers holds the main thread back (and through it the workers), so memory stays at
about QUEUE_BYTES of N-Quads whatever the reports' sizes.

New reports are bulk-loaded in batches under the store's journal, a changed report is replaced
in one transaction, a long report is loaded from its spool file; each entity description is
sent to the store once per run. The workers send N-Quads ready to load (bytes, each entity
description a block of its own), so the process that loads does little else. Callbacks stay on
the caller's thread: the writer only hands back the results it stored (`stored`, `finish`), and
an error in the thread comes back as the exception of the next call.
"""
from __future__ import annotations

import queue
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from legalkg.graph.iris import report_iri
from legalkg.graph.store import Store
from legalkg.ingest.errors import LegalKGError, StoreError

if TYPE_CHECKING:
    from legalkg.graph.build import FileResult

# A batch of new reports is loaded when it holds this much N-Quads or this many reports: the
# bulk loader has a fixed cost per run (measured: about 45 ms of CPU, whatever the batch: 400
# Chinese reports cost 1.55 s in batches of 16 reports, 0.85 s of 64, 0.58 s of 128), holds
# about five times the batch in memory, and a batch is what a crash can cost (it is dropped and
# redone). Measured at 1,000 Chinese reports with 2 workers: 8 MiB batches (about 120 such
# reports) cost no more CPU than 16 MiB ones and the build's peak RSS fell from 420 to 335 MB.
BATCH_BYTES = 8 * 2**20
BATCH_REPORTS = 1_000
BATCH_SECONDS = 2.0  # and at least this often, so progress shows and a crash costs little
# N-Quads handed to the writer and not yet stored: one batch loading, the next one filling.
QUEUE_BYTES = 2 * BATCH_BYTES


@dataclass(slots=True)
class _Job:
    result: FileResult
    graph: ox.NamedNode
    data: bytes  # the report's N-Quads (empty for a spool)
    new: bool  # not in the store yet: bulk-loaded with others


class StoreWriter:
    """Writes `FileResult`s to `store` in a thread of its own; see the module docstring.

    Use from one thread: `add` each result, collect `stored()` now and then for progress, end
    with `finish()` (every result stored) or `close()` (what is queued is dropped: --strict,
    Ctrl-C, an error). `close` is safe after `finish` and belongs in a `finally`.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._known: set[int] = set()
        self._jobs: deque[_Job | None] = deque()  # None: no more jobs
        self._held = 0  # bytes handed over and not stored yet
        self._queued = 0  # of those, bytes not taken into a batch yet
        self._collecting: list[int] | None = None  # [bytes, reports] of the batch being gathered
        self._changed = threading.Condition()
        self._stored: queue.SimpleQueue[FileResult | None] = queue.SimpleQueue()  # None: the thread ended
        self._error: BaseException | None = None
        self._dropping = False
        self._thread = threading.Thread(target=self._run, name="legalkg-writer", daemon=True)
        self._thread.start()

    # -- the caller's side ------------------------------------------------------------------

    def add(self, result: FileResult, *, replace: bool) -> None:
        """Queue `result` to be written (blocks while QUEUE_BYTES are waiting); `replace`: its
        report is in the store (a changed report), which the caller learns before the build
        writes anything: asked here, the question waits on compaction the build defers."""
        graph = ox.NamedNode(str(report_iri(result.name, result.keep_extension)))
        data = b"" if result.spool else self._new_lines(result)
        job = _Job(result, graph, data, new=not result.spool and not replace)
        with self._changed:
            while self._held >= QUEUE_BYTES and self._error is None:
                self._changed.wait()
            self._raise_error()
            self._jobs.append(job)
            self._held += len(data)
            self._queued += len(data)
            if self._wakes_writer(job):
                self._changed.notify_all()

    def _wakes_writer(self, job: _Job) -> bool:
        """Whether the writer must hear of `job` now: not while it gathers a batch that `job`
        does not fill or end (it takes what came when the batch is due). Waking it for every
        report cost a thread switch each: 3% of a 1-worker build, more on a busy machine."""
        gathering = self._collecting
        return gathering is None or not job.new or (
            gathering[0] + self._queued >= BATCH_BYTES or gathering[1] + len(self._jobs) >= BATCH_REPORTS)

    def stored(self) -> list[FileResult]:
        """The results stored since the last call, in input order."""
        done = []
        while True:
            try:
                result = self._stored.get_nowait()
            except queue.Empty:
                break
            if result is not None:
                done.append(result)
        self._raise_error()
        return done

    def finish(self) -> Iterator[FileResult]:
        """Write everything queued, yielding each result once it is stored."""
        with self._changed:
            self._jobs.append(None)
            self._changed.notify_all()
        while (result := self._stored.get()) is not None:
            yield result
        self._thread.join()
        self._raise_error()

    def close(self) -> None:
        """Stop after the write in progress, dropping the queued ones (a dropped report is
        simply not in the store: the next build writes it)."""
        with self._changed:
            self._dropping = True
            self._jobs.append(None)
            self._changed.notify_all()
        self._thread.join()

    def _raise_error(self) -> None:
        if self._error is not None:
            raise self._error

    def _new_lines(self, result: FileResult) -> bytes:
        """The result's quads without the entity descriptions this run has already sent (by
        the thousandth report almost every entity is known): a description is one block,
        compared by its digest."""
        keep = [result.nquads]
        for block in result.described:
            key = hash(block)
            if key not in self._known:
                self._known.add(key)
                keep.append(block)
        return b"".join(keep)

    # -- the writer thread ------------------------------------------------------------------

    def _run(self) -> None:
        try:
            while (job := self._take(None, only_new=False)) is not None:
                if job.new:
                    self._load_batch(job)
                else:
                    self._write_one(job)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            self._error = exc if isinstance(exc, LegalKGError) else StoreError(
                f"{self.store.path or 'memory'}: writing the store failed: {type(exc).__name__}: {exc}")
        finally:
            with self._changed:
                dropped = [job for job in self._jobs if job is not None]
                self._jobs.clear()
                self._changed.notify_all()
            for job in dropped:
                self._discard(job)
            self._stored.put(None)

    def _take(self, due: float | None, *, only_new: bool) -> _Job | None:
        """The next job, waiting for one until `due` (monotonic time; None: forever). None when
        the caller is done or dropping, at `due`, or (`only_new`) when the next job is not a
        new report: a batch ends there, so that writes keep their order."""
        with self._changed:
            while not self._jobs and not self._dropping:
                timeout = None if due is None else due - time.monotonic()
                if timeout is not None and timeout <= 0:
                    return None
                self._changed.wait(timeout)
            if self._dropping or self._jobs[0] is None or (only_new and not self._jobs[0].new):
                return None
            job = self._jobs.popleft()
            self._queued -= len(job.data)
            if self._collecting is not None:
                self._collecting[0] += len(job.data)
                self._collecting[1] += 1
            return job

    def _load_batch(self, first: _Job) -> None:
        batch, size = [first], len(first.data)
        due = time.monotonic() + BATCH_SECONDS
        with self._changed:
            self._collecting = [size, 1]
        try:
            while size < BATCH_BYTES and len(batch) < BATCH_REPORTS and (job := self._take(due, only_new=True)):
                batch.append(job)
                size += len(job.data)
        finally:
            with self._changed:
                self._collecting = None
        if self._dropping:
            return
        self.store.add_graphs([job.graph for job in batch], b"".join(job.data for job in batch))
        self._done(batch)

    def _write_one(self, job: _Job) -> None:
        if job.result.spool:
            try:
                self.store.replace_graph_from_file(job.graph, Path(job.result.spool))
            finally:
                Path(job.result.spool).unlink(missing_ok=True)
        else:
            self.store.write_report(job.graph, job.data)  # one transaction: old report or new, never half
        self._done([job])

    def _done(self, jobs: list[_Job]) -> None:
        with self._changed:
            self._held -= sum(len(job.data) for job in jobs)
            self._changed.notify_all()
        for job in jobs:
            self._stored.put(job.result)

    @staticmethod
    def _discard(job: _Job) -> None:
        if job.result.spool:
            Path(job.result.spool).unlink(missing_ok=True)
