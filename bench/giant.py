"""`legalkg bench --giant 8,50,200`: the memory and time one giant report costs to `build`.

Each size gets a report of that many MB (UTF-8): the head of a synthetic report (its title names
the bureau and the year) and then synthetic paragraphs, recombined from the sample reports'
sentences, until the size is reached, written piece by piece. `legalkg build --file-timeout 0`
then runs on it in a child process, whose peak RSS the kernel reports when it ends (wait4): the
bound on memory that `ingest.parts` and the spooled store load are meant to keep independent
of the report's size.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from legalkg.bench.measure import cli
from legalkg.ingest.synthetic import generate


def write_giant(path: Path, megabytes: float, *, seed: int = 11) -> int:
    """Write a zh report of about `megabytes` MB to `path`, one synthetic report of about 1 MB
    at a time (never the whole text in memory); returns the bytes written."""
    target = int(megabytes * 2**20)
    written = 0
    with open(path, "w", encoding="utf-8") as out:
        for i, (_, text) in enumerate(generate(10**9, seed=seed, english_share=0, size=350_000)):
            if i:
                text = text.split("\n", 2)[2]  # later pieces: paragraphs only, no new title
            data = text.encode("utf-8")[: target - written].decode("utf-8", "ignore")
            out.write(data)
            written += len(data.encode("utf-8"))
            if written >= target - 4:
                return written
    return written


def measure(report: Path, store: Path) -> dict[str, object]:
    """Build `store` from `report` in a child process: its peak RSS (MB), seconds, exit code."""
    started = time.perf_counter()
    child = subprocess.Popen(
        cli("build", "-q", "--file-timeout", "0", "--store", str(store), str(report)),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    assert child.stderr is not None
    err = child.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return {
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "seconds": round(time.perf_counter() - started, 1),
        "exit_code": child.returncode,
        "stderr": err.strip()[-300:],
    }


def run_giant(sizes: tuple[float, ...], *, workdir: Path | None = None,
              progress: Callable[[str], None] | None = None) -> list[dict[str, object]]:
    """One row per size: report MB, peak RSS MB of its build, seconds, MB/s, exit code."""
    say = progress or (lambda message: None)
    root = Path(tempfile.mkdtemp(prefix="legalkg-giant-", dir=workdir))
    rows = []
    try:
        for size in sizes:
            report = root / f"giant-{size:g}mb.txt"
            say(f"writing a {size:g} MB report")
            written = write_giant(report, size)
            say(f"building it ({size:g} MB)")
            row = {"report_mb": round(written / 2**20, 1), **measure(report, root / f"store-{size:g}")}
            row["mb_per_s"] = round(written / 2**20 / row["seconds"], 2) if row["seconds"] else None  # type: ignore[operator]
            rows.append(row)
            report.unlink()
            shutil.rmtree(root / f"store-{size:g}", ignore_errors=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return rows
