"""CLI start-up: what a user waits for before any work, each run in a fresh process.

The target (issue 12): `legalkg query` starts in < 150 ms. Timed, as wall time and CPU time
(the process and the children it waited for, from wait4), median of `repeat` runs:
- `help`: `legalkg query --help` (imports and the command line only);
- `ask`: `legalkg sparql "ASK {}"` on the store, a local query that costs the engine nothing:
  the start-up of every local query (the console script, its contained query worker's
  interpreter, the store opened, the worker stopped);
- `query`: one point query, `legalkg query mechanism-bureaus -p mechanism=IRI`, the same path
  plus binding the parameter and the engine's work; `query_minus_ask_ms` is that part alone.
And the slowest top-level imports of the point query's console process from `python -X importtime`
(the worker's are its own).
"""
from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from legalkg.bench.measure import CLI, cli

TARGET_MS = 150
# What each timed case is called in the summary and the README table.
STARTUP_LABELS = {
    "help": "`legalkg query --help`",
    "ask": "`legalkg sparql 'ASK {}'` (start-up of a local query)",
    "query": "`legalkg query` point query",
}
_IMPORT_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def run_timed(argv: list[str]) -> tuple[float, float]:
    """(wall ms, CPU ms) of one run of `argv`, output thrown away; a failed run raises."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert child.stderr is not None
    err = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = (time.perf_counter() - started) * 1000
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise RuntimeError(f"{' '.join(argv[3:])} exited with {child.returncode}: {err.decode('utf-8', 'replace')[-300:]}")
    return wall, (usage.ru_utime + usage.ru_stime) * 1000


def _medians(cases: dict[str, list[str]], repeat: int) -> dict[str, dict[str, float]]:
    """Median wall and CPU ms of each case, the cases taking turns so that a change in the
    machine's load falls on all of them alike."""
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
    for _ in range(repeat):
        for name, argv in cases.items():
            runs[name].append(run_timed(argv))
    return {name: {"wall_ms": round(statistics.median(w for w, _ in timed)),
                   "cpu_ms": round(statistics.median(c for _, c in timed))} for name, timed in runs.items()}


def top_imports(stderr: str, count: int = 8) -> list[tuple[str, float]]:
    """The `count` top-level imports (not nested in another) with the most cumulative time, in
    ms, from the text `python -X importtime` writes on stderr."""
    found = []
    for line in stderr.splitlines():
        match = _IMPORT_LINE.match(line)
        if match and len(match.group(3)) <= 1:  # one space: not nested in another import
            found.append((match.group(4), round(int(match.group(2)) / 1000, 1)))
    return sorted(found, key=lambda item: -item[1])[:count]


def measure_startup(store: Path, mechanism: str, *, repeat: int = 5) -> dict[str, object]:
    """Start-up figures (see the module doc) with `mechanism` (an IRI of the store) as the point
    query's parameter."""
    where = ["--store", str(store), "--format", "tsv"]
    query = ["query", "mechanism-bureaus", "-p", f"mechanism={mechanism}", *where]
    result: dict[str, object] = dict(_medians(
        {"help": cli("query", "--help"), "ask": cli("sparql", "ASK {}", *where), "query": cli(*query)}, repeat))
    result["query_minus_ask_ms"] = max(0, result["query"]["wall_ms"] - result["ask"]["wall_ms"])  # type: ignore[index]
    result["target_ms"] = TARGET_MS
    traced = subprocess.run([sys.executable, "-X", "importtime", "-c", CLI, *query], capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, check=False)
    result["top_imports_ms"] = top_imports(traced.stderr)
    return result
