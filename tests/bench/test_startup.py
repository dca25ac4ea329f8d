"""CLI start-up: wall and CPU of fresh processes, and the slowest imports."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from legalkg.bench.startup import measure_startup, run_timed, top_imports

IMPORTTIME = """import time: self [us] | cumulative | imported package
import time:       120 |        120 |   _io
import time:      3000 |      45000 | typer
import time:       900 |        900 |     click.core
import time:      1000 |      12000 | legalkg.graph.cli
"""


def test_top_imports_are_the_outermost_imports_by_cumulative_time() -> None:
    assert top_imports(IMPORTTIME) == [("typer", 45.0), ("legalkg.graph.cli", 12.0)]
    assert top_imports(IMPORTTIME, count=1) == [("typer", 45.0)]


def test_run_timed_gives_wall_and_cpu_of_a_fresh_process() -> None:
    wall, cpu = run_timed([sys.executable, "-c", "sum(range(2_000_000))"])
    assert wall > 0 and cpu > 0


def test_run_timed_of_a_failing_command_says_its_exit_code() -> None:
    with pytest.raises(RuntimeError, match="exited with 3"):
        run_timed([sys.executable, "-c", "raise SystemExit(3)"])


def test_startup_times_help_a_trivial_local_query_and_a_point_query_and_lists_the_imports(mini_store_path: Path) -> None:
    from legalkg.graph.store import open_store

    with open_store(mini_store_path, read_only=True) as store:
        mechanism = next(iter(store.query(
            "SELECT ?m WHERE { ?m a <https://w3id.org/legalkg/ontology#Mechanism> } LIMIT 1")))["m"].value
    figures = measure_startup(mini_store_path, mechanism, repeat=1)
    assert all(figures[k]["wall_ms"] > 0 and figures[k]["cpu_ms"] > 0 for k in ("help", "ask", "query"))
    assert figures["query_minus_ask_ms"] == max(0, figures["query"]["wall_ms"] - figures["ask"]["wall_ms"])
    assert figures["target_ms"] == 150
    assert any(name.startswith("legalkg.") for name, _ in figures["top_imports_ms"])
