"""`legalkg bench`: ingest throughput, memory, store size and query latency in one run, with
rdflib's in-memory store measured on the same data as the baseline."""
from __future__ import annotations

import os
import platform
import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from legalkg.graph.build import build
from legalkg.graph.store import Store, open_store
from legalkg.ingest.synthetic import write_corpus

BASELINE_MAX_TRIPLES = 3_000_000


@dataclass
class BenchResult:
    """One object per run (printed as JSON by `--json`)."""

    date: str
    machine: str
    reports: int
    corpus_mb: float
    triples: int = 0
    ingest_seconds_1: float = 0.0
    ingest_mb_per_s: float = 0.0
    reports_per_s: float = 0.0
    workers: int = 1
    ingest_mb_per_s_all: float = 0.0
    reports_per_s_all: float = 0.0
    parallel_speedup: float = 0.0
    same_graph_parallel: bool = False
    peak_rss_mb: float = 0.0
    store_mb: float = 0.0
    query_p50_ms: dict[str, float] = field(default_factory=dict)
    query_p95_ms: dict[str, float] = field(default_factory=dict)
    baseline_p50_ms: dict[str, float] = field(default_factory=dict)
    speedup_vs_baseline: dict[str, float] = field(default_factory=dict)
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


def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def _count_quads(store: Store) -> int:
    rows = list(store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
    return int(rows[0]["n"].value)


def _timed(fn: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _ingest(corpus: Path, store_path: Path, workers: int) -> float:
    start = time.perf_counter()
    with open_store(store_path) as store:
        report = build([corpus], store, workers=workers)
        store.optimize()
    if report.skipped:
        raise RuntimeError(f"bench corpus had unreadable files: {report.skipped[:3]}")
    return time.perf_counter() - start


def run(reports: int, *, workers: int | None = None, repeat: int = 7, workdir: Path | None = None,
        progress: Callable[[str], None] | None = None) -> BenchResult:
    """Generate `reports` synthetic reports and measure everything in one run."""
    say = progress or (lambda message: None)
    workers = workers or os.cpu_count() or 1
    root = Path(tempfile.mkdtemp(prefix="legalkg-bench-", dir=workdir))
    try:
        corpus = root / "corpus"
        say(f"generating {reports} reports")
        size_mb = write_corpus(corpus, reports) / 2**20
        result = BenchResult(date=date.today().isoformat(), machine=machine(), reports=reports,
                             corpus_mb=round(size_mb, 2), workers=workers)
        say("ingest, 1 worker")
        one = _ingest(corpus, root / "store-1", 1)
        result.ingest_seconds_1 = round(one, 2)
        result.ingest_mb_per_s = round(size_mb / one, 3)
        result.reports_per_s = round(reports / one, 1)
        if workers > 1:
            say(f"ingest, {workers} workers")
            many = _ingest(corpus, root / "store-n", workers)
            result.ingest_mb_per_s_all = round(size_mb / many, 3)
            result.reports_per_s_all = round(reports / many, 1)
            result.parallel_speedup = round(one / many, 2)
        with open_store(root / "store-1", read_only=True) as store:
            result.triples = _count_quads(store)
            if workers > 1:
                with open_store(root / "store-n", read_only=True) as other:
                    result.same_graph_parallel = _same_graph(store, other)
            result.store_mb = round(_folder_mb(root / "store-1"), 1)
            say("queries")
            _measure_queries(store, result, repeat)
        result.peak_rss_mb = round(_peak_rss_mb(), 1)
        return result
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _same_graph(a: Store, b: Store) -> bool:
    """Whether two stores hold the same quads (compared as sorted N-Quads digests)."""
    import hashlib

    def digest(store: Store) -> str:
        lines = sorted(str(q) for q in store.ox.quads_for_pattern(None, None, None, None))
        return hashlib.sha256("\n".join(lines).encode()).hexdigest()

    return digest(a) == digest(b)


_PICK = """
PREFIX lkg: <https://w3id.org/legalkg/ontology#>
SELECT ?bureau ?mechanism (COUNT(*) AS ?n) WHERE { ?bureau lkg:implements ?mechanism }
GROUP BY ?bureau ?mechanism ORDER BY DESC(?n) ?bureau ?mechanism LIMIT 50
"""


def bench_cases(store: Store) -> dict[str, tuple[str, dict[str, object]]]:
    """Every named query with realistic parameters taken from the data: name -> (text, bindings).

    Queries with an optional bureau parameter run twice: over everything and for one bureau.
    """
    import pyoxigraph as ox

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


def _measure_queries(store: Store, result: BenchResult, repeat: int) -> None:
    from legalkg.queries.runner import bind, run_query

    cases = bench_cases(store)
    for name, (text, bindings) in cases.items():
        times = _timed(lambda: run_query(text, store=store, bindings=bindings), repeat)
        result.query_p50_ms[name] = round(statistics.median(times), 2)
        result.query_p95_ms[name] = round(_percentile(times, 0.95), 2)
    if result.triples > BASELINE_MAX_TRIPLES:
        result.notes.append(f"baseline skipped above {BASELINE_MAX_TRIPLES:,} triples (rdflib load time)")
        return
    import pyoxigraph as ox
    import rdflib

    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(data=store.ox.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
    for name, (text, bindings) in cases.items():
        query = bind(text, bindings)
        times = _timed(lambda: list(dataset.query(query)), max(3, repeat // 2))
        result.baseline_p50_ms[name] = round(statistics.median(times), 2)
        local = result.query_p50_ms[name]
        result.speedup_vs_baseline[name] = round(result.baseline_p50_ms[name] / local, 1) if local else 0.0
