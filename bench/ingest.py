"""Ingest throughput, each figure from a fresh process over the same Chinese-only files:

- extraction alone (read + extract, one core, no triples, no store): the upper bound of ingest;
- `build` with 1 worker and with N workers (the store optimized at the end, as a user's build
  leaves it): MB/s of the documents' text, their ratio to extraction alone, the N-worker
  speed-up next to the machine's parallel ceiling (`bench.ceiling`), peak RSS;
- the bulk path: `extract --out-dir` with N workers, then Oxigraph's bulk loader.

Sizes are UTF-8 bytes of the documents' text (what `build` reads), so quads per KB is the store's
quads over that text. Every clock starts in a process that has imported the module it runs and
has loaded nothing else: each run pays the one-off load of the extraction models once (per
worker), as a user's run does; at a few hundred reports that load is a visible share.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from legalkg.bench.measure import cpu_seconds, peak_rss_mb
from legalkg.graph.store import Store, open_store


_WARM_UP = "杭州市人力资源和社会保障局2019年法治政府建设年度报告\n推行法律顾问制度。"


@dataclass(frozen=True, slots=True)
class Timing:
    """One run over some files: seconds, UTF-8 bytes of their text, peak RSS (MB) of the run's
    own process and of its largest worker."""

    seconds: float
    text_bytes: int
    rss_mb: float
    worker_rss_mb: float = 0.0
    cpu_seconds: float = 0.0  # of the run's process and its workers, user and system

    @property
    def cores(self) -> float:
        """Cores the run kept busy on average (CPU seconds per second)."""
        return round(self.cpu_seconds / self.seconds, 2) if self.seconds else 0.0

    @property
    def mb_per_s(self) -> float:
        return round(self.text_bytes / 2**20 / self.seconds, 3) if self.seconds else 0.0


def extract_job(files: list[str]) -> tuple[Timing, float]:
    """Read and extract every file in this process: extraction alone, what `build` adds to is
    measured against. The clock starts where `build_job`'s does, so both include loading the
    gazetteers, automata and models once; that one-off load is also returned on its own
    (seconds, timed on a two-line report)."""
    from legalkg.ingest.extract import extract
    from legalkg.ingest.model import Document
    from legalkg.ingest.read import read_document

    text_bytes = 0
    started = time.perf_counter()
    extract(Document("warm-up.txt", _WARM_UP))
    warm_up = time.perf_counter() - started
    for path in files:
        document = read_document(path)
        extract(document)
        text_bytes += len(document.text.encode("utf-8"))
    return Timing(time.perf_counter() - started, text_bytes, *peak_rss_mb()), warm_up


def _cpus() -> list[int]:
    return sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []


def can_keep_to_one_cpu() -> bool:
    """Whether a build can be kept on one of several CPUs here (Linux's sched_setaffinity)."""
    return len(_cpus()) > 1


def build_job(files: list[str], store_path: str, workers: int, one_cpu: bool = False) -> Timing:
    """`build` the files into a new store with `workers` processes and optimize it; with
    `one_cpu`, on one CPU: the whole build (extraction, the writer thread, RocksDB's threads) shares one
    core, which is what "MB/s per core" means (a 1-worker build otherwise keeps 1.3-1.4 cores
    busy: the store writes beside the extraction)."""
    from legalkg.graph.build import build

    if one_cpu:
        if not can_keep_to_one_cpu():
            raise RuntimeError("cannot keep a build on one CPU here (sched_setaffinity: Linux, 2 CPUs or more)")
        os.sched_setaffinity(0, {_cpus()[0]})  # inherited by the threads and processes it starts

    started, cpu = time.perf_counter(), cpu_seconds()
    with open_store(store_path) as store:
        report = build(files, store, workers=workers)
        store.optimize()
    if report.skipped:
        raise RuntimeError(f"bench corpus had unreadable files: {report.skipped[:3]}")
    return Timing(time.perf_counter() - started, report.bytes_read, *peak_rss_mb(), cpu_seconds=cpu_seconds() - cpu)


def workers_job(files: list[str], workers: int) -> Timing:
    """What `build`'s workers do without the store: read, extract and print N-Quads for every
    file in `workers` processes (1: in this one), in order, the quads dropped. Its N-worker
    speed-up is the most `build` could reach with a store that cost nothing."""
    from legalkg.graph.build import ordered_map, process_file

    process_file(files[0])  # loads the models in this process, as build's first file does
    started, cpu = time.perf_counter(), cpu_seconds()
    text_bytes = sum(result.size for result in ordered_map(process_file, files, workers))
    return Timing(time.perf_counter() - started, text_bytes, *peak_rss_mb(), cpu_seconds=cpu_seconds() - cpu)


def bulk_job(files: list[str], out_dir: str, store_path: str, workers: int) -> tuple[float, float]:
    """The bulk path: seconds of `extract --out-dir` with `workers`, then of bulk load + optimize."""
    from legalkg.graph.nquads import extract_to_dir

    started = time.perf_counter()
    _, skipped = extract_to_dir(files, Path(out_dir), workers=workers)
    if skipped:
        raise RuntimeError(f"bench corpus had unreadable files: {skipped[:3]}")
    extracted = time.perf_counter()
    with open_store(store_path) as store:
        store.bulk_load_files(sorted(Path(out_dir).glob("*.nq")))
        store.optimize()
    return extracted - started, time.perf_counter() - extracted


def same_quads(a: Store, b: Store) -> bool:
    """Whether two stores hold the same quads, compared graph by graph (memory: one graph)."""
    graphs = sorted(g.value for g in a.named_graphs())
    if graphs != sorted(g.value for g in b.named_graphs()):
        return False
    return all(a.graph_digest(ox.NamedNode(g)) == b.graph_digest(ox.NamedNode(g)) for g in graphs)
