"""`legalkg bench`: ingest throughput, memory, store size and query latency in one run, with
rdflib's in-memory store measured on the same data as the baseline.

What is measured, in order:
1. ingest with 1 worker and with all cores (`build`, one transaction per report), each in a fresh
   process so its peak RSS is its own; the two stores must hold the same quads;
2. the bulk path: `extract --out-dir` with all cores, then Oxigraph's bulk loader + optimize();
3. store size, quad count, and p50/p95 of every named query on the embedded store;
4. the baseline: the same queries on rdflib's Memory store, over whole report graphs up to
   `baseline_triples` quads, against the embedded store holding exactly those graphs.

Above `serial_reports` reports, the 1-worker run, the same-graph check and the bulk path use the
first `serial_reports` reports only (a 1-worker run of 100k reports takes hours, and three stores
of that size do not fit a laptop disk); `serial_reports=0` and `baseline_triples=0` skip those
steps. The result's notes say what was reduced.
"""
from __future__ import annotations

import hashlib
import os
import platform
import resource
import shutil
import statistics
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from multiprocessing import get_context
from pathlib import Path

import pyoxigraph as ox

from legalkg.graph.store import Store, open_store
from legalkg.ingest.synthetic import write_corpus

BASELINE_TRIPLES = 1_000_000
SERIAL_REPORTS = 1_000
QUERY_BUDGET_S = 10.0


@dataclass
class BenchResult:
    """One object per run (printed as JSON by `--json`)."""

    date: str
    machine: str
    reports: int
    corpus_mb: float
    workers: int = 1
    triples: int = 0
    ingest_mb_per_s: float = 0.0
    reports_per_s: float = 0.0
    serial_reports: int = 0
    ingest_mb_per_s_all: float = 0.0
    reports_per_s_all: float = 0.0
    parallel_speedup: float = 0.0
    same_graph_parallel: bool = False
    bulk_mb_per_s: float = 0.0
    bulk_extract_s: float = 0.0
    bulk_load_s: float = 0.0
    peak_rss_mb: float = 0.0
    peak_rss_mb_all: float = 0.0
    store_mb: float = 0.0
    full_scan_ms: float = 0.0
    query_p50_ms: dict[str, float] = field(default_factory=dict)
    query_p95_ms: dict[str, float] = field(default_factory=dict)
    baseline_triples: int = 0
    baseline_store_p50_ms: dict[str, float] = field(default_factory=dict)
    baseline_p50_ms: dict[str, float] = field(default_factory=dict)
    speedup_vs_baseline: dict[str, float] = field(default_factory=dict)
    pages: dict = field(default_factory=dict)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def machine() -> str:
    """A short description of this machine for the results table."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB, Python {platform.python_version()}"


def _folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def _count_quads(store: Store) -> int:
    rows = list(store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
    return int(rows[0]["n"].value)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _timed(fn: Callable[[], object], repeat: int, budget: float = QUERY_BUDGET_S) -> list[float]:
    """Run `fn` up to `repeat` times (at least once, fewer when over `budget` seconds); ms each."""
    times: list[float] = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
        if sum(times) > budget * 1000:
            break
    return times


# -- ingest, each run in a fresh process (its own peak RSS) --------------------------------------

def _peak_rss() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def _ingest_job(files: list[str], store_path: str, workers: int) -> tuple[float, int, float, float]:
    from legalkg.graph.build import build

    start = time.perf_counter()
    with open_store(store_path) as store:
        report = build(files, store, workers=workers)
        store.optimize()
    if report.skipped:
        raise RuntimeError(f"bench corpus had unreadable files: {report.skipped[:3]}")
    return (time.perf_counter() - start, report.bytes_read, *_peak_rss())


def _bulk_job(files: list[str], out_dir: str, store_path: str, workers: int) -> tuple[float, float, float, float]:
    from legalkg.graph.nquads import extract_to_dir

    start = time.perf_counter()
    _, skipped = extract_to_dir(files, Path(out_dir), workers=workers)
    if skipped:
        raise RuntimeError(f"bench corpus had unreadable files: {skipped[:3]}")
    extracted = time.perf_counter()
    with open_store(store_path) as store:
        store.bulk_load_files(sorted(Path(out_dir).glob("*.nq")))
        store.optimize()
    return (extracted - start, time.perf_counter() - extracted, *_peak_rss())


def _in_child(fn: Callable, *args: object):  # noqa: ANN202
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(fn, *args).result()


# -- comparing stores without holding them in memory ----------------------------------------------

def _graph_digest(store: Store, graph: ox.NamedNode) -> str:
    """Digest of one graph's quads; blank nodes (only in the vocabulary's OWL lists) are counted,
    not compared, since their labels are fresh on every parse."""
    lines, blank = [], 0
    for quad in store.ox.quads_for_pattern(None, None, None, graph):
        if isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode):
            blank += 1
        else:
            lines.append(str(quad))
    lines.sort()
    return hashlib.sha256("\n".join(lines).encode() + f"\n{blank}".encode()).hexdigest()


def same_quads(a: Store, b: Store) -> bool:
    """Whether two stores hold the same quads, compared graph by graph (memory: one graph)."""
    graphs = sorted(g.value for g in a.named_graphs())
    if graphs != sorted(g.value for g in b.named_graphs()):
        return False
    return all(_graph_digest(a, ox.NamedNode(g)) == _graph_digest(b, ox.NamedNode(g)) for g in graphs)


# -- queries ------------------------------------------------------------------------------------

_PICK = """
PREFIX lkg: <https://w3id.org/legalkg/ontology#>
SELECT ?bureau ?mechanism (COUNT(*) AS ?n) WHERE { ?bureau lkg:implements ?mechanism }
GROUP BY ?bureau ?mechanism ORDER BY DESC(?n) ?bureau ?mechanism LIMIT 50
"""


def bench_cases(store: Store) -> dict[str, tuple[str, dict[str, object]]]:
    """Every named query with realistic parameters taken from the data: name -> (text, bindings).

    Queries with an optional bureau parameter run twice: over everything and for one bureau.
    """
    from legalkg.queries.catalog import catalog

    rows = list(store.query(_PICK))
    if not rows:
        return {}
    bureau, mechanism = rows[0]["bureau"], rows[0]["mechanism"]
    other = next((r["bureau"] for r in rows if r["bureau"] != bureau), bureau)
    values: dict[str, object] = {
        "bureau": bureau, "other": other, "mechanism": mechanism, "target": mechanism,
        "year": ox.Literal("2020", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        "lang": ox.Literal("zh"),
    }
    cases: dict[str, tuple[str, dict[str, object]]] = {}
    for name, query in sorted(catalog().items()):
        if query.internal:
            continue
        required = [p.name for p in query.params if not p.optional]
        if any(n not in values for n in required):
            continue
        base = {n: values[n] for n in required}
        if query.lang:
            base["lang"] = values["lang"]
        cases[name] = (query.text, base)
        if query.param("bureau") is not None and "bureau" not in base:
            cases[f"{name}[bureau]"] = (query.text, {**base, "bureau": bureau})
    return cases


def _store_latencies(store: Store, cases: dict, repeat: int) -> dict[str, list[float]]:
    from legalkg.queries.runner import run_query

    return {name: _timed(lambda: run_query(text, store=store, bindings=bindings), repeat)
            for name, (text, bindings) in cases.items()}


def _subset_nquads(store: Store, limit: int) -> Iterator[bytes]:
    """Whole report graphs (in name order, vocabulary first) up to `limit` quads, as N-Quads."""
    from legalkg.ontology.namespace import VOCAB_GRAPH

    graphs = sorted(store.named_graphs(), key=lambda g: (g.value != str(VOCAB_GRAPH), g.value))
    total = 0
    for graph in graphs:
        quads = list(store.ox.quads_for_pattern(None, None, None, graph))
        if total and total + len(quads) > limit:
            break
        total += len(quads)
        yield ox.serialize(quads, format=ox.RdfFormat.N_QUADS)


def _baseline(store: Store, total: int, limit: int, cases: dict, repeat: int, root: Path, result: BenchResult,
              say: Callable[[str], None]) -> None:
    import rdflib

    from legalkg.queries.runner import bind

    subset = total > limit
    data = b"".join(_subset_nquads(store, limit)) if subset else store.ox.dump(format=ox.RdfFormat.N_QUADS)
    if subset:
        say(f"baseline: the embedded store with the same subset (whole graphs, at most {limit:,} quads)")
        with open_store(root / "store-subset") as small:
            small.ox.bulk_load(data, format=ox.RdfFormat.N_QUADS)
            small.optimize()
            result.baseline_triples = _count_quads(small)
            local = {n: statistics.median(t) for n, t in _store_latencies(small, cases, repeat).items()}
    else:
        result.baseline_triples = total
        local = dict(result.query_p50_ms)
    say(f"baseline: rdflib Memory, {result.baseline_triples:,} quads")
    with warnings.catch_warnings():  # rdflib 7.x warns about its own Dataset internals on every call
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset = rdflib.Dataset(default_union=True)
        dataset.parse(data=data.decode("utf-8"), format="nquads")
        del data
        baseline = {name: _timed(lambda: list(dataset.query(bind(text, bindings))), max(3, repeat // 2), budget=60.0)
                    for name, (text, bindings) in cases.items()}
    for name, times in baseline.items():
        result.baseline_p50_ms[name] = round(statistics.median(times), 2)
        result.baseline_store_p50_ms[name] = round(local[name], 2)
        result.speedup_vs_baseline[name] = round(result.baseline_p50_ms[name] / local[name], 1) if local[name] else 0.0


# -- the whole run ------------------------------------------------------------------------------

def run(reports: int, *, workers: int | None = None, repeat: int = 7, workdir: Path | None = None,
        baseline_triples: int = BASELINE_TRIPLES, serial_reports: int = SERIAL_REPORTS,
        progress: Callable[[str], None] | None = None,
        checkpoint: Callable[[BenchResult], None] | None = None,
        page_sizes: tuple[int, ...] = ()) -> BenchResult:
    """Generate `reports` synthetic reports and measure everything in one run (see the module doc).

    `checkpoint(result)` gets the partial result before each step and the whole one at the end,
    so a long run that is stopped still leaves its measurements."""
    say = progress or (lambda message: None)
    workers = workers or os.cpu_count() or 1
    began = time.perf_counter()
    root = Path(tempfile.mkdtemp(prefix="legalkg-bench-", dir=workdir))
    try:
        corpus = root / "corpus"
        say(f"generating {reports:,} reports")
        size = write_corpus(corpus, reports)
        files = sorted(str(p) for p in corpus.iterdir())
        result = BenchResult(date=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), machine=machine(),
                             reports=reports, corpus_mb=round(size / 2**20, 2), workers=workers)

        def step(message: str) -> None:
            result.seconds = round(time.perf_counter() - began, 1)
            if checkpoint:
                checkpoint(result)
            say(message)

        serial = files[:serial_reports]
        result.serial_reports = len(serial)
        if 0 < len(serial) < len(files):
            result.notes.append(f"1-worker ingest, the same-graph check and the bulk path ran on the first "
                                f"{len(serial):,} reports")
        elif not serial:
            result.notes.append("1-worker ingest, the same-graph check and the bulk path were skipped")

        seconds = 0.0
        if serial:
            step(f"ingest {len(serial):,} reports, 1 worker")
            seconds, nbytes, own, _ = _in_child(_ingest_job, serial, str(root / "store-1"), 1)
            result.ingest_mb_per_s = round(nbytes / 2**20 / seconds, 3)
            result.reports_per_s = round(len(serial) / seconds, 2)
            result.peak_rss_mb = round(own, 1)

        step(f"ingest {len(files):,} reports, {workers} workers")
        seconds_all, nbytes_all, own_all, children = _in_child(_ingest_job, files, str(root / "store-n"), workers)
        result.ingest_mb_per_s_all = round(nbytes_all / 2**20 / seconds_all, 3)
        result.reports_per_s_all = round(len(files) / seconds_all, 2)
        result.peak_rss_mb_all = round(own_all + workers * children, 1)
        if serial:
            check = root / "store-n"
            seconds_n = seconds_all
            if len(serial) < len(files):
                step(f"ingest {len(serial):,} reports, {workers} workers (same-graph check)")
                check = root / "store-check"
                seconds_n, *_ = _in_child(_ingest_job, serial, str(check), workers)
            result.parallel_speedup = round(seconds / seconds_n, 2)
            step("comparing the 1-worker and parallel stores")
            with open_store(root / "store-1", read_only=True) as a, open_store(check, read_only=True) as b:
                result.same_graph_parallel = same_quads(a, b)
            for folder in ("store-1", "store-check"):
                shutil.rmtree(root / folder, ignore_errors=True)

            step(f"bulk path: extract --out-dir with {workers} workers, then bulk load")
            extract_s, load_s, *_ = _in_child(_bulk_job, serial, str(root / "nquads"), str(root / "store-bulk"), workers)
            result.bulk_extract_s, result.bulk_load_s = round(extract_s, 2), round(load_s, 2)
            result.bulk_mb_per_s = round(nbytes / 2**20 / (extract_s + load_s), 3)
            for folder in ("nquads", "store-bulk"):
                shutil.rmtree(root / folder, ignore_errors=True)

        result.store_mb = round(_folder_mb(root / "store-n"), 1)
        with open_store(root / "store-n", read_only=True) as store:
            scan = _timed(lambda: _count_quads(store), 3)
            result.full_scan_ms = round(statistics.median(scan), 1)
            result.triples = _count_quads(store)
            cases = bench_cases(store)
            step(f"{len(cases)} named queries x {repeat} on the embedded store")
            for name, case in cases.items():
                times = _store_latencies(store, {name: case}, repeat)[name]
                result.query_p50_ms[name] = round(statistics.median(times), 2)
                result.query_p95_ms[name] = round(_percentile(times, 0.95), 2)
                step(f"{name}: p50 {result.query_p50_ms[name]:.1f} ms")
            if baseline_triples:
                _baseline(store, result.triples, baseline_triples, cases, repeat, root, result, step)
            else:
                result.notes.append("the rdflib baseline was skipped")
        if page_sizes:
            from legalkg.viz.bench import page_timings

            say(f"network pages of {', '.join(map(str, page_sizes))} nodes")
            result.pages = page_timings(page_sizes)
        result.seconds = round(time.perf_counter() - began, 1)
        if checkpoint:
            checkpoint(result)
        return result
    finally:
        shutil.rmtree(root, ignore_errors=True)
