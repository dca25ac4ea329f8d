"""Extraction on a Dask cluster: the map step (report file -> N-Triples of its graph) runs on the
cluster's workers, and the results come back here, in input order, to be written into the store
by the one writer. The workers must see the same paths (a shared file system) and have legalkg
installed; `pip install "legalkg[dask]"` brings dask.distributed.

Why a window of futures: submitting every report at once would hold every result in the
scheduler's memory; a bounded window keeps the client's memory flat on any corpus size.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator

from legalkg.graph.build import FileResult, process_file
from legalkg.ingest.errors import ClusterError


def dask_results(scheduler: str, *, window: int = 0, timeout: float = 30) -> Callable[[list[str]], Iterator[FileResult]]:
    """A results function for `build(..., results=...)` that runs `process_file` on the Dask
    cluster at `scheduler` (e.g. tcp://10.0.0.5:8786). `window` bounds the reports in flight
    (default: four per worker thread). Quads come back in memory, not in a spool file, which
    would stay on the worker's machine."""

    def run(paths: list[str]) -> Iterator[FileResult]:
        try:
            from dask.distributed import Client
        except ModuleNotFoundError:
            raise ClusterError('--executor dask needs dask.distributed: pip install "legalkg[dask]"') from None
        try:
            client = Client(scheduler, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"{scheduler}: cannot reach the Dask scheduler ({exc})") from None
        pending: deque = deque()
        try:
            threads = sum(client.nthreads().values()) or 1
            limit = window or 4 * threads
            for path in paths:
                pending.append(client.submit(process_file, path, spool=False, pure=False))
                if len(pending) >= limit:
                    yield _result(pending.popleft(), scheduler)
            while pending:
                yield _result(pending.popleft(), scheduler)
        finally:
            for future in pending:
                future.cancel()
            client.close()

    return run


def _result(future, scheduler: str) -> FileResult:  # noqa: ANN001
    try:
        return future.result()
    except Exception as exc:  # a worker died or the scheduler went away: not a bad report
        raise ClusterError(f"{scheduler}: a cluster task failed ({type(exc).__name__}: {exc})") from None
