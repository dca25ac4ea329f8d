"""CLI start-up: what a user waits for before any work, each run in a fresh process.

Timed: `legalkg query --help` (imports and the command line only) and one point query
(`legalkg query mechanism-bureaus -p mechanism=IRI` over the bench's store, which also starts
the contained query worker), as wall time and CPU time (the process and the children it waited
for, from wait4), median of `repeat` runs; and the slowest top-level imports of the point query's
main process from `python -X importtime`.
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


def _median(argv: list[str], repeat: int) -> dict[str, float]:
    runs = [run_timed(argv) for _ in range(repeat)]
    return {"wall_ms": round(statistics.median(w for w, _ in runs)), "cpu_ms": round(statistics.median(c for _, c in runs))}


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
    query = ["query", "mechanism-bureaus", "-p", f"mechanism={mechanism}", "--store", str(store), "--format", "tsv"]
    result: dict[str, object] = {"help": _median(cli("query", "--help"), repeat), "query": _median(cli(*query), repeat)}
    traced = subprocess.run([sys.executable, "-X", "importtime", "-c", CLI, *query], capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, check=False)
    result["top_imports_ms"] = top_imports(traced.stderr)
    return result
