"""One `legalkg bench` run: every part in order on one synthetic corpus, into one BenchResult.

1. the machine: its load average before the run and its parallel ceiling (`bench.ceiling`);
2. ingest (`bench.ingest`): extraction alone, then `build` with N workers over the whole corpus
   (the store every later part reads), then with 1 and N workers over the first
   `serial_reports` reports, 1 worker kept on one CPU, the workers without a store, the same-graph
   check and the bulk path on those reports;
3. queries in the process that opens the store, and the rdflib baseline (`bench.queries`);
4. the point queries over HTTP through `legalkg serve` (`bench.http`);
5. CLI start-up (`bench.startup`);
6. the network pages in headless Chromium (`bench.viz`).

`only` picks parts (the store is built whatever is picked, since every part but the pages
reads it). The corpus is Chinese only unless `zh_only` is False, so MB/s and quads per KB are
figures of Chinese text. Above `serial_reports` reports the 1-worker run, the same-graph check
and the bulk path use the first `serial_reports` reports only (a 1-worker run of 100k reports
takes hours); the result's notes say what was reduced or skipped.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from legalkg.bench.ceiling import measure_ceiling
from legalkg.bench.corpus import write_corpus
from legalkg.bench.ingest import (
    Timing, build_job, bulk_job, can_keep_to_one_cpu, extract_job, same_quads, workers_job,
)
from legalkg.bench.measure import count_quads, folder_mb, in_child, load_average, machine
from legalkg.bench.queries import (
    BASELINE_LIMIT_S, BASELINE_TRIPLES, QUERY_LIMIT_S, TARGET_POINT_QUERIES, bench_cases, measure_queries,
)
from legalkg.bench.result import BenchResult
from legalkg.graph.store import open_store

PARTS = ("ingest", "queries", "http", "startup", "pages")
SERIAL_REPORTS = 1_000
HTTP_REPEAT = 30
BUSY_LOAD = 0.5  # runnable processes of others before the run that make its figures a shared machine's
BUSY_CEILING = 0.9  # the ceiling under this share of the cores it asked for: another process took some


def busy_reason(load: float, ceiling: float, processes: int, cores: int) -> str:
    """Why the figures are a busy machine's ("" when the machine was the bench's own)."""
    reasons = []
    if load >= BUSY_LOAD:
        reasons.append(f"load average {load:.2f} before the run")
    wanted = min(processes, cores)
    if ceiling and ceiling < BUSY_CEILING * wanted:
        reasons.append(f"{processes} processes ran {ceiling:.2f}x as fast as one (ceiling), not {wanted}x")
    return "; ".join(reasons)


def speedup_bound(ceiling: float, cores_one: float) -> float:
    """The most N workers can speed a build up when one worker already keeps `cores_one` cores
    busy and the machine runs N processes `ceiling` times as fast as one: the work is spread
    over the ceiling's cores at best, so the speed-up is at most ceiling / cores_one."""
    return round(ceiling / max(1.0, cores_one), 2)


def _record_build(result: BenchResult, timing: Timing, reports: int, workers: int) -> None:
    result.ingest_mb_per_s_all = timing.mb_per_s
    result.reports_per_s_all = round(reports / timing.seconds, 2)
    result.peak_rss_mb_all = round(timing.rss_mb + workers * timing.worker_rss_mb, 1)
    result.text_mb = round(timing.text_bytes / 2**20, 2)


def _serial_ingest(result: BenchResult, files: list[str], serial: list[str], root: Path, workers: int,
                   whole: Timing, step: Callable[[str], None]) -> None:
    """1-worker and N-worker builds of `serial`, their same-graph check, the bulk path."""
    step(f"ingest {len(serial):,} reports, 1 worker")
    one = in_child(build_job, serial, str(root / "store-1"), 1)
    result.ingest_mb_per_s = one.mb_per_s
    result.reports_per_s = round(len(serial) / one.seconds, 2)
    result.peak_rss_mb = round(one.rss_mb, 1)
    if result.extract_mb_per_s:
        result.ingest_vs_extract = round(result.ingest_mb_per_s / result.extract_mb_per_s, 2)
    check, parallel = root / "store-n", whole
    if len(serial) < len(files):
        step(f"ingest {len(serial):,} reports, {workers} workers (same files as 1 worker)")
        check = root / "store-check"
        parallel = in_child(build_job, serial, str(check), workers)
    result.parallel_speedup = round(one.seconds / parallel.seconds, 2)
    result.ingest_cores_one = one.cores
    if result.ceiling:
        result.speedup_vs_ceiling = round(result.parallel_speedup / result.ceiling, 2)
        result.speedup_bound = speedup_bound(result.ceiling, one.cores)
    if workers > 1:
        if can_keep_to_one_cpu():
            step(f"ingest {len(serial):,} reports, 1 worker on one CPU")
            core = in_child(build_job, serial, str(root / "store-core"), 1, True)
            shutil.rmtree(root / "store-core", ignore_errors=True)
            result.ingest_mb_per_s_one_core = core.mb_per_s
            if result.extract_mb_per_s:
                result.ingest_one_core_vs_extract = round(core.mb_per_s / result.extract_mb_per_s, 2)
            result.speedup_over_one_core = round(core.seconds / parallel.seconds, 2)
            if result.ceiling:
                result.speedup_over_one_core_vs_ceiling = round(result.speedup_over_one_core / result.ceiling, 2)
        step(f"the workers alone, no store: {len(serial):,} reports, 1 and {workers} workers")
        alone = [in_child(workers_job, serial, n) for n in (1, workers)]
        result.workers_alone_speedup = round(alone[0].seconds / alone[1].seconds, 2)
    step("comparing the 1-worker and parallel stores")
    with open_store(root / "store-1", read_only=True) as a, open_store(check, read_only=True) as b:
        result.same_graph_parallel = same_quads(a, b)
    for folder in ("store-1", "store-check"):
        shutil.rmtree(root / folder, ignore_errors=True)
    step(f"bulk path: extract --out-dir with {workers} workers, then bulk load")
    extract_s, load_s = in_child(bulk_job, serial, str(root / "nquads"), str(root / "store-bulk"), workers)
    result.bulk_extract_s, result.bulk_load_s = round(extract_s, 2), round(load_s, 2)
    result.bulk_mb_per_s = round(one.text_bytes / 2**20 / (extract_s + load_s), 3)
    for folder in ("nquads", "store-bulk"):
        shutil.rmtree(root / folder, ignore_errors=True)


def _http(result: BenchResult, store_path: Path, query_limit: float, step: Callable[[str], None]) -> None:
    from legalkg.bench.http import point_latencies, serving
    from legalkg.queries.runner import bind

    with open_store(store_path, read_only=True) as store:
        cases = bench_cases(store)
    texts = {name: bind(*cases[name]) for name in TARGET_POINT_QUERIES if name in cases}
    step(f"{len(texts)} point queries over HTTP (legalkg serve, SPARQL Protocol GET)")
    with serving(store_path, query_timeout=query_limit) as origin:
        for name, text in texts.items():
            try:
                figures = point_latencies(origin, {name: text}, repeat=HTTP_REPEAT)[name]
            except (OSError, RuntimeError) as exc:  # one query's failure must not cost the other figures
                result.notes.append(f"{name} over HTTP not measured: {exc}")
                continue
            result.http_p50_ms[name] = figures["p50"]
            result.http_p95_ms[name] = figures["p95"]
            result.http_new_connection_p50_ms[name] = figures["new_connection_p50"]
            result.http_rows[name] = int(figures["rows"])
            step(f"{name} over HTTP: p50 {figures['p50']:.1f} ms, {figures['rows']:,} rows")


def _startup(result: BenchResult, store_path: Path, step: Callable[[str], None]) -> None:
    from legalkg.bench.startup import measure_startup

    with open_store(store_path, read_only=True) as store:
        cases = bench_cases(store)
    if "mechanism-bureaus" not in cases:
        result.notes.append("CLI start-up not measured: the store has no mechanism to query")
        return
    mechanism = cases["mechanism-bureaus"][1]["mechanism"].value  # type: ignore[attr-defined]
    step("CLI start-up: legalkg query --help, one point query")
    try:
        result.startup = measure_startup(store_path, mechanism)
    except (OSError, RuntimeError) as exc:
        result.notes.append(f"CLI start-up not measured: {exc}")


def _pages(result: BenchResult, store_path: Path, page_sizes: tuple[int, ...], step: Callable[[str], None]) -> None:
    from legalkg.bench.viz import explore_timings, page_timings, served_timings
    from legalkg.viz.network import network_data

    step(f"network pages of {', '.join(map(str, page_sizes))} nodes")
    result.pages = page_timings(page_sizes)
    step("overview-first page of the benchmark store")
    with open_store(store_path, read_only=True) as store:
        result.pages["explore"] = explore_timings(network_data(store))
    step("served explorer of the benchmark store")
    result.pages["served"] = served_timings(store_path)


def run(reports: int, *, workers: int | None = None, repeat: int = 7, workdir: Path | None = None,
        baseline_triples: int = BASELINE_TRIPLES, serial_reports: int = SERIAL_REPORTS,
        baseline_limit: float = BASELINE_LIMIT_S, query_limit: float = QUERY_LIMIT_S,
        progress: Callable[[str], None] | None = None,
        checkpoint: Callable[[BenchResult], None] | None = None,
        page_sizes: tuple[int, ...] = (), only: tuple[str, ...] = PARTS, zh_only: bool = True,
        store: Path | None = None) -> BenchResult:
    """Generate `reports` synthetic reports and measure the parts in `only` (see the module doc).

    `checkpoint(result)` gets the partial result after each step and the whole one at the end,
    so a long run that is stopped or fails still leaves its figures. The corpus and every store
    are removed once measured. With `store`, an existing store is measured instead (no corpus,
    no ingest: the parts that read a store), and left as it was."""
    say = progress or (lambda message: None)
    workers = workers or os.cpu_count() or 1
    began = time.perf_counter()
    result = BenchResult(date=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), machine=machine(),
                         reports=reports, corpus_mb=0.0, workers=workers, parts=[p for p in PARTS if p in only],
                         zh_only=zh_only, cores=os.cpu_count() or 1, load_average=load_average())
    root = Path(tempfile.mkdtemp(prefix="legalkg-bench-", dir=workdir))

    def save() -> None:
        result.seconds = round(time.perf_counter() - began, 1)
        if checkpoint:
            checkpoint(result)

    def step(message: str) -> None:
        save()
        say(message)

    try:
        if store is not None:
            return _measure_store(result, store, only, repeat=repeat, query_limit=query_limit,
                                  baseline_triples=baseline_triples, baseline_limit=baseline_limit,
                                  page_sizes=page_sizes, workers=workers, step=step, save=save)
        say(f"generating {reports:,} {'Chinese' if zh_only else 'Chinese and English'} reports")
        corpus = write_corpus(root / "corpus", reports, zh_only=zh_only)
        files = corpus.files
        result.corpus_mb = round(corpus.mb, 2)
        serial = files[:serial_reports] if "ingest" in only else []
        result.serial_reports = len(serial)
        if "ingest" in only:
            step(f"parallel ceiling: a CPU loop in 1 and {workers} processes")
            result.ceiling = measure_ceiling(workers).speedup
            if serial:
                step(f"extraction alone, {len(serial):,} reports, 1 process")
                alone, warm_up = in_child(extract_job, serial)
                result.extract_mb_per_s, result.warm_up_s = alone.mb_per_s, round(warm_up, 2)
        if 0 < len(serial) < len(files):
            result.notes.append(f"1-worker ingest, extraction alone, the same-graph check and the bulk path ran on "
                                f"the first {len(serial):,} reports")
        elif not serial:
            result.notes.append("1-worker ingest, extraction alone, the same-graph check and the bulk path were skipped")

        step(f"ingest {len(files):,} reports, {workers} workers")
        store_path = root / "store-n"
        whole = in_child(build_job, files, str(store_path), workers)
        _record_build(result, whole, len(files), workers)
        result.store_mb = round(folder_mb(store_path), 1)
        with open_store(store_path, read_only=True) as store:
            result.triples = count_quads(store)
        result.quads_per_kb = round(result.triples / (whole.text_bytes / 1024), 1) if whole.text_bytes else 0.0
        if serial:
            _serial_ingest(result, files, serial, root, workers, whole, step)
        shutil.rmtree(root / "corpus", ignore_errors=True)
        del files, serial

        return _measure_store(result, store_path, only, repeat=repeat, query_limit=query_limit,
                              baseline_triples=baseline_triples, baseline_limit=baseline_limit,
                              page_sizes=page_sizes, workers=workers, step=step, save=save)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _measure_store(result: BenchResult, store_path: Path, only: tuple[str, ...], *, repeat: int, query_limit: float,
                   baseline_triples: int, baseline_limit: float, page_sizes: tuple[int, ...], workers: int,
                   step: Callable[[str], None], save: Callable[[], None]) -> BenchResult:
    """The parts of a run that read the store: queries, HTTP, start-up, pages."""
    if not result.triples:  # an existing store (`legalkg bench --store`)
        with open_store(store_path, read_only=True) as store:
            result.triples = count_quads(store)
            result.reports = len(list(store.query(
                "SELECT DISTINCT ?r WHERE { ?r a <https://w3id.org/legalkg/ontology#Report> }")))
        result.store_mb = round(folder_mb(store_path), 1)
        result.notes.append(f"measured the existing store {store_path} (no corpus, no ingest)")
    if "queries" in only:
        measure_queries(store_path, result, repeat=repeat, query_limit=query_limit,
                        baseline_triples=baseline_triples, baseline_limit=baseline_limit, say=step)
    if "http" in only:
        _http(result, store_path, query_limit, step)
    if "startup" in only:
        _startup(result, store_path, step)
    if "pages" in only and page_sizes:
        _pages(result, store_path, page_sizes, step)
    result.busy_reason = busy_reason(result.load_average, result.ceiling, workers, result.cores)
    result.busy = bool(result.busy_reason)
    save()
    return result
