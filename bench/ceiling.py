"""The machine's own parallel ceiling: how much faster N processes get through a pure CPU loop
than one, right now. On an idle machine with N free cores that is N; on a shared or throttled
one it is less, and the 2-worker ingest speed-up is only fair next to this figure.

The loop is plain Python arithmetic (no memory traffic, no I/O, no GIL sharing: each process
has its own interpreter), sized to about `seconds` in one process, timed in already-started
processes so that start-up is not counted.
"""
from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context


@dataclass(frozen=True, slots=True)
class Ceiling:
    processes: int
    one_s: float  # one process, one loop
    parallel_s: float  # `processes` processes, one loop each, wall time until the last ends
    speedup: float  # processes * one_s / parallel_s


def spin(rounds: int) -> float:
    """A pure CPU loop of `rounds` steps; returns its own seconds."""
    started = time.perf_counter()
    x = 0
    for i in range(rounds):
        x = (x * 31 + i) & 0xFFFFFFFF
    return time.perf_counter() - started


def _rounds_for(seconds: float) -> int:
    rounds = 200_000
    while (elapsed := spin(rounds)) < 0.05:
        rounds *= 4
    return max(1, int(rounds * seconds / elapsed))


def _wall(pool: ProcessPoolExecutor, rounds: int, processes: int) -> float:
    started = time.perf_counter()
    list(pool.map(spin, [rounds] * processes))
    return time.perf_counter() - started


def measure_ceiling(processes: int = 2, *, seconds: float = 0.5, repeat: int = 3) -> Ceiling:
    """The speed-up of `processes` processes over one on `spin`, best of `repeat` rounds each
    (the least disturbed)."""
    rounds = _rounds_for(seconds)
    context = get_context("spawn")
    with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
        list(pool.map(spin, [1000] * processes))  # every process started before the clock
        ones, parallels = [], []
        for _ in range(repeat):  # interleaved, so that both see the same moments of a shared machine
            ones.append(_wall(pool, rounds, 1))
            parallels.append(_wall(pool, rounds, processes))
        one, parallel = min(ones), min(parallels)
    return Ceiling(processes, one, parallel, round(processes * one / parallel, 2))
