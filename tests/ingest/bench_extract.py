"""Extraction throughput (read_document + extract, one core) on the synthetic corpus.

    .venv/bin/python tests/ingest/bench_extract.py [--reports 200] [--repeat 3] [--zh-only]

Prints MB/s of report bytes, best of `--repeat` passes after one warm-up report. Not a test:
timings belong here, not in the suite.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from legalkg.ingest.extract import extract
from legalkg.ingest.read import read_document
from legalkg.ingest.synthetic import write_corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--zh-only", action="store_true", help="only the Chinese reports")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_corpus(folder, args.reports)
        paths = sorted(p for p in folder.iterdir() if not args.zh_only or p.name.endswith("-zh.txt"))
        size = sum(p.stat().st_size for p in paths)
        extract(read_document(paths[0]))  # gazetteers, automata, place lists
        best = float("inf")
        for _ in range(args.repeat):
            started = time.perf_counter()
            for path in paths:
                extract(read_document(path))
            best = min(best, time.perf_counter() - started)
    print(f"{len(paths)} reports, {size / 1e6:.2f} MB, best of {args.repeat}: {best:.2f} s, "
          f"{size / 1e6 / best:.2f} MB/s, {len(paths) / best:.1f} reports/s")


if __name__ == "__main__":
    main()
