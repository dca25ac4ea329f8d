"""Small tools every benchmark module uses: the machine's description and load, percentiles,
timing loops, fresh child processes and their peak memory, sizes of folders and stores."""
from __future__ import annotations

import os
import platform
import resource
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context, get_start_method, set_start_method
from pathlib import Path
from typing import Any

from legalkg.graph.store import Store

QUERY_BUDGET_S = 10.0


def machine() -> str:
    """A short description of this machine for the results table."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB, Python {platform.python_version()}"


def load_average() -> float:
    """The 1-minute load average (0.0 where the system does not say): how many runnable
    processes others had on the machine before the bench started its own."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return 0.0


def percentile(values: list[float], q: float) -> float:
    """The `q` quantile of `values` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def timed(fn: Callable[[], object], repeat: int, budget: float = QUERY_BUDGET_S) -> list[float]:
    """Run `fn` up to `repeat` times (at least once, fewer when over `budget` seconds); ms each."""
    times: list[float] = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
        if sum(times) > budget * 1000:
            break
    return times


def peak_rss_mb() -> tuple[float, float]:
    """Peak resident memory (MB) of this process and of its largest finished child."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def cpu_seconds() -> float:
    """User and system CPU seconds of this process and of its finished children, all threads."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def in_child(fn: Callable[..., Any], *args: object) -> Any:
    """`fn(*args)` in a fresh (spawned) interpreter: its imports, caches and peak RSS are its own.

    The child starts its own processes (build's workers) as this process would: a spawned
    interpreter's default is spawn, which made every worker of a bench build import and load the
    models again (about 0.5 CPU seconds each, measured) where a user's `legalkg build` forks."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(_starting_as, get_start_method(), fn, *args).result()


def _starting_as(method: str, fn: Callable[..., Any], *args: object) -> Any:
    set_start_method(method, force=True)
    return fn(*args)


def folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def count_quads(store: Store) -> int:
    rows = list(store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
    return int(rows[0]["n"].value)


# The `legalkg` command in a fresh interpreter of this Python (the console script may not be on
# the PATH of a test run): python -c CLI ARGS... runs `legalkg ARGS...`.
CLI = "import sys; from legalkg.graph.launch import main; sys.exit(main())"


def cli(*args: str) -> list[str]:
    """The argv of `legalkg ARGS...` in a fresh interpreter."""
    import sys

    return [sys.executable, "-c", CLI, *args]
