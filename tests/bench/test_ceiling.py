"""The machine's parallel ceiling: a CPU loop timed in 1 and in N processes."""
from __future__ import annotations

import pytest

from legalkg.bench.ceiling import measure_ceiling, spin


def test_spin_is_a_cpu_loop_that_times_itself() -> None:
    assert 0 < spin(1000) < spin(200_000)


def test_ceiling_times_one_and_n_processes_and_gives_their_speed_up() -> None:
    ceiling = measure_ceiling(2, seconds=0.05, repeat=2)
    assert ceiling.processes == 2 and ceiling.one_s > 0 and ceiling.parallel_s > 0
    assert ceiling.speedup == pytest.approx(2 * ceiling.one_s / ceiling.parallel_s, abs=0.01)
    assert ceiling.speedup > 0  # how much it is depends on the machine and its load
