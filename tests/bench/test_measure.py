"""The small tools of every benchmark: percentiles, timing loops, the machine, the CLI argv."""
from __future__ import annotations

import subprocess
import time

from legalkg.bench.measure import cli, load_average, machine, percentile, timed


def test_percentile_is_the_nearest_rank() -> None:
    values = [5.0, 1.0, 4.0, 2.0, 3.0]
    assert percentile(values, 0.5) == 3.0
    assert percentile(values, 0.95) == 5.0 and percentile(values, 0.0) == 1.0


def test_timed_runs_repeat_times_unless_over_its_budget() -> None:
    assert len(timed(lambda: None, 4)) == 4
    assert len(timed(lambda: time.sleep(0.02), 10, budget=0.01)) == 1  # at least one run


def test_machine_names_its_cores_and_python() -> None:
    assert " cores, " in machine() and "Python 3." in machine()
    assert load_average() >= 0


def test_cli_runs_legalkg_in_a_fresh_interpreter() -> None:
    run = subprocess.run(cli("--version"), capture_output=True, text=True, check=True)
    assert run.stdout.startswith("legalkg ")
