"""`legalkg bench`: ingest throughput, memory, store size and query latency in one run, with
rdflib's in-memory store measured on the same data as the baseline.

What is measured, in order:
1. ingest with all cores and with 1 worker (`build`, one transaction per report), each in a fresh
   process so its peak RSS is its own; the two stores must hold the same quads;
2. the bulk path: `extract --out-dir` with all cores, then Oxigraph's bulk loader + optimize();
3. store size, quad count, a full scan, and p50/p95 of every named query on the embedded store;
   "point" queries bind one bureau or mechanism, "ranking" ones aggregate everything and are
   also given as a multiple of the full scan (`ranking_vs_scan`);
4. the baseline: the same queries on rdflib's Memory store, over whole report graphs up to
   `baseline_triples` quads, against the embedded store holding exactly those graphs. rdflib runs
   in a child process and each query run is stopped after `baseline_limit` seconds; such a query
   counts as the limit (its speed-up is then a lower bound, listed in `baseline_over_limit`).

Above `serial_reports` reports, the 1-worker run, the same-graph check and the bulk path use the
first `serial_reports` reports only (a 1-worker run of 100k reports takes hours, and three stores
of that size do not fit a laptop disk); `serial_reports=0` and `baseline_triples=0` skip those
steps. The result's notes say what was reduced. `markdown_table` turns saved results into the
README table.
"""
from __future__ import annotations

import os
import platform
import resource
import shutil
import statistics
import tempfile
import time
import warnings
from collections.abc import Callable
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
BASELINE_LIMIT_S = 60.0
QUERY_LIMIT_S = 300.0
# The point queries of the latency target (p50 under 20 ms at 10 million triples).
TARGET_POINT_QUERIES = ("bureau-mechanisms[bureau]", "mechanism-bureaus", "evidence")


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
    query_kind: dict[str, str] = field(default_factory=dict)
    ranking_vs_scan: dict[str, float] = field(default_factory=dict)
    query_limit_s: float = 0.0
    query_over_limit: list[str] = field(default_factory=list)
    baseline_triples: int = 0
    baseline_limit_s: float = 0.0
    baseline_over_limit: list[str] = field(default_factory=list)
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

def same_quads(a: Store, b: Store) -> bool:
    """Whether two stores hold the same quads, compared graph by graph (memory: one graph)."""
    graphs = sorted(g.value for g in a.named_graphs())
    if graphs != sorted(g.value for g in b.named_graphs()):
        return False
    return all(a.graph_digest(ox.NamedNode(g)) == b.graph_digest(ox.NamedNode(g)) for g in graphs)


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


def query_kind(bindings: dict[str, object]) -> str:
    """"point" for a case with a bound parameter (one bureau, one mechanism: an index lookup),
    "ranking" for one over everything (a GROUP BY of the whole store, compared with a full scan)."""
    return "point" if set(bindings) - {"lang"} else "ranking"


def _write_subset(store: Store, limit: int, path: Path) -> int:
    """Write whole report graphs (in name order, after the shared vocabulary and entity graphs)
    up to `limit` quads to `path` as N-Quads, one graph at a time; returns the quads written."""
    from legalkg.ontology.namespace import ENTITY_GRAPH, VOCAB_GRAPH

    shared = (str(VOCAB_GRAPH), str(ENTITY_GRAPH))
    graphs = sorted(store.named_graphs(), key=lambda g: (g.value not in shared, g.value))
    total = 0
    with open(path, "wb") as out:
        for graph in graphs:
            quads = list(store.ox.quads_for_pattern(None, None, None, graph))
            if graph.value not in shared and total + len(quads) > limit:
                break
            total += len(quads)
            out.write(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    return total


class _OverLimit(BaseException):
    """Raised by the alarm inside a query process (a BaseException, so no `except Exception` in
    rdflib's evaluator swallows it)."""


def _query_child(engine: str, path: str, conn, limit: float) -> None:  # noqa: ANN001
    """Open `path` (rdflib: load the N-Quads file into its Memory store; oxigraph: open the store
    read-only), then answer queries from `conn` one at a time with their time in ms, or None when
    a run went over `limit` seconds (SIGALRM stops rdflib's Python evaluator mid-query)."""
    import signal

    from legalkg.queries.runner import run_query

    def over(*_: object) -> None:
        raise _OverLimit

    warnings.simplefilter("ignore", DeprecationWarning)  # rdflib 7.x warns about its own Dataset internals
    if engine == "rdflib":
        import rdflib

        dataset = rdflib.Dataset(default_union=True)
        dataset.parse(path, format="nquads")
        answer: Callable[[str], object] = lambda query: list(dataset.query(query))
    else:
        store = Store(path, read_only=True)
        answer = lambda query: run_query(query, store=store)
    signal.signal(signal.SIGALRM, over)
    conn.send("ready")
    while (query := conn.recv()) is not None:
        start = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            answer(query)
            elapsed: float | None = (time.perf_counter() - start) * 1000
        except _OverLimit:
            elapsed = None
        except Exception as exc:  # noqa: BLE001 - an engine's own bug must not end the run
            elapsed = f"{type(exc).__name__}: {exc}"[:200]  # type: ignore[assignment]
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        conn.send(elapsed)


class QueryProcess:
    """A store in a child process (`engine` "rdflib": rdflib's Memory store loaded from an
    N-Quads file; "oxigraph": the embedded store folder opened read-only), so that no query can
    block the run. A run over `limit` seconds is stopped inside the child (SIGALRM, for rdflib's
    Python code) or, when the child does not answer by then (Oxigraph's native code), the child is
    killed and the next query starts a new one."""

    def __init__(self, engine: str, path: Path, limit: float, load_limit: float = 600.0) -> None:
        self.engine, self.path, self.limit, self.load_limit = engine, path, limit, load_limit
        self._child = None
        self._conn = None
        self.failures: dict[str, str] = {}

    def _start(self) -> None:
        context = get_context("spawn")
        self._conn, child_end = context.Pipe()
        self._child = context.Process(target=_query_child, args=(self.engine, str(self.path), child_end, self.limit),
                                      daemon=True)
        self._child.start()
        child_end.close()
        if not self._wait(self.load_limit):
            self.close()
            raise TimeoutError(f"{self.engine} did not open {self.path.name} within {self.load_limit:.0f} s")
        self._conn.recv()

    def _wait(self, seconds: float) -> bool:
        assert self._conn is not None and self._child is not None
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self._conn.poll(min(1.0, max(0.0, deadline - time.monotonic()))):
                return True
            if not self._child.is_alive():
                raise RuntimeError(f"the {self.engine} query process died (exit code {self._child.exitcode})")
        return False

    def run(self, query: str) -> float | None:
        """Milliseconds for one run of `query`, or None when it went over the limit."""
        if self._child is None:
            self._start()
        assert self._conn is not None
        self._conn.send(query)
        if not self._wait(self.limit + 1):
            self.close()  # stuck where the alarm cannot reach: kill it, the next query restarts it
            return None
        return self._conn.recv()

    def times(self, query: str, repeat: int, budget: float) -> list[float] | None:
        """Up to `repeat` runs (at least one), none started that would likely end past `budget`
        seconds; None when a run went over the limit."""
        times: list[float] = []
        for _ in range(repeat):
            elapsed = self.run(query)
            if isinstance(elapsed, str):  # the engine raised: counted as over the limit, said in the notes
                self.failures[query] = elapsed
                return None
            if elapsed is None:
                return None
            times.append(elapsed)
            if sum(times) + elapsed > budget * 1000:
                break
        return times

    def close(self) -> None:
        if self._child is not None:
            if self._child.is_alive():
                try:
                    assert self._conn is not None
                    self._conn.send(None)
                    self._child.join(5)
                except (OSError, BrokenPipeError):
                    pass
            if self._child.is_alive():
                self._child.kill()
                self._child.join()
        if self._conn is not None:
            self._conn.close()
        self._child = self._conn = None

    def __enter__(self) -> QueryProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _query_times(engine: str, path: Path, cases: dict, repeat: int, limit: float, budget: float,
                 on_query: Callable[[str, list[float] | None], None], load_limit: float = 600.0) -> dict[str, str]:
    """Time every case in a QueryProcess; `on_query(name, times in ms or None when over `limit`
    or failed)`. Returns the queries the engine failed on, with its error."""
    from legalkg.queries.runner import bind

    failed: dict[str, str] = {}
    with QueryProcess(engine, path, limit, load_limit) as process:
        for name, (text, bindings) in cases.items():
            query = bind(text, bindings)
            on_query(name, process.times(query, repeat, budget))
            if query in process.failures:
                failed[name] = process.failures[query]
    return failed


def _over_note(engine: str, limit: float, names: list[str], detail: str) -> str:
    return f"{engine} over the {limit:.0f} s limit (stopped): {', '.join(names)}; {detail} (>)"


def _baseline(store: Store, limit: int, cases: dict, repeat: int, root: Path, result: BenchResult,
              say: Callable[[str], None], baseline_limit: float, query_limit: float) -> None:
    data = root / "baseline.nq"
    subset = result.triples > limit
    if subset:
        result.baseline_triples = _write_subset(store, limit, data)
        say(f"baseline: the embedded store with the same subset (whole graphs, {result.baseline_triples:,} quads)")
        with open_store(root / "store-subset") as small:
            small.ox.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
            small.optimize()
        local: dict[str, float] = {}
        _query_times("oxigraph", root / "store-subset", cases, repeat, query_limit, QUERY_BUDGET_S,
                     lambda name, times: local.update({name: statistics.median(times) if times else query_limit * 1000}))
        shutil.rmtree(root / "store-subset", ignore_errors=True)
    else:
        store.ox.dump(str(data), format=ox.RdfFormat.N_QUADS)
        result.baseline_triples = result.triples
        local = dict(result.query_p50_ms)
    result.baseline_limit_s = baseline_limit
    say(f"baseline: rdflib Memory, {result.baseline_triples:,} quads (each run stopped after {baseline_limit:.0f} s)")

    def record(name: str, times: list[float] | None) -> None:
        if times is None:
            result.baseline_over_limit.append(name)
        p50 = statistics.median(times) if times else baseline_limit * 1000
        result.baseline_p50_ms[name] = round(p50, 2)
        result.baseline_store_p50_ms[name] = round(local[name], 2)
        result.speedup_vs_baseline[name] = round(p50 / local[name], 1) if local[name] else 0.0
        say(f"baseline {name}: {'>' if times is None else ''}{p50:.1f} ms")

    failed = _query_times("rdflib", data, cases, max(3, repeat // 2), baseline_limit, 60.0, record,
                          load_limit=max(600.0, result.baseline_triples / 500))
    data.unlink()
    if failed:
        result.notes.append("rdflib raised on " + "; ".join(f"{n} ({e})" for n, e in failed.items())
                            + ": counted as over the limit")
    if result.baseline_over_limit:
        result.notes.append(_over_note("the rdflib baseline", baseline_limit, result.baseline_over_limit,
                                       "baseline_p50_ms is the limit, speedup_vs_baseline a lower bound"))


# -- the whole run ------------------------------------------------------------------------------

def run(reports: int, *, workers: int | None = None, repeat: int = 7, workdir: Path | None = None,
        baseline_triples: int = BASELINE_TRIPLES, serial_reports: int = SERIAL_REPORTS,
        baseline_limit: float = BASELINE_LIMIT_S, query_limit: float = QUERY_LIMIT_S,
        progress: Callable[[str], None] | None = None,
        checkpoint: Callable[[BenchResult], None] | None = None,
        page_sizes: tuple[int, ...] = ()) -> BenchResult:
    """Generate `reports` synthetic reports and measure everything in one run (see the module doc).

    `checkpoint(result)` gets the partial result after the ingest and before each later step, and
    the whole one at the end, so a long run that is stopped or fails still leaves its figures.
    The corpus is written one file at a time and removed once ingested; each store is removed
    once measured."""
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

        def save() -> None:
            result.seconds = round(time.perf_counter() - began, 1)
            if checkpoint:
                checkpoint(result)

        def step(message: str) -> None:
            save()
            say(message)

        serial = files[:serial_reports]
        result.serial_reports = len(serial)
        if 0 < len(serial) < len(files):
            result.notes.append(f"1-worker ingest, the same-graph check and the bulk path ran on the first "
                                f"{len(serial):,} reports")
        elif not serial:
            result.notes.append("1-worker ingest, the same-graph check and the bulk path were skipped")

        step(f"ingest {len(files):,} reports, {workers} workers")
        seconds_all, nbytes_all, own_all, children = _in_child(_ingest_job, files, str(root / "store-n"), workers)
        result.ingest_mb_per_s_all = round(nbytes_all / 2**20 / seconds_all, 3)
        result.reports_per_s_all = round(len(files) / seconds_all, 2)
        result.peak_rss_mb_all = round(own_all + workers * children, 1)
        result.store_mb = round(_folder_mb(root / "store-n"), 1)
        save()  # the checkpoint after the longest step

        if serial:
            step(f"ingest {len(serial):,} reports, 1 worker")
            seconds, nbytes, own, _ = _in_child(_ingest_job, serial, str(root / "store-1"), 1)
            result.ingest_mb_per_s = round(nbytes / 2**20 / seconds, 3)
            result.reports_per_s = round(len(serial) / seconds, 2)
            result.peak_rss_mb = round(own, 1)
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
        shutil.rmtree(corpus, ignore_errors=True)
        del files, serial

        with open_store(root / "store-n", read_only=True) as store:
            counts: list[int] = []
            scan = _timed(lambda: counts.append(_count_quads(store)), 3)
            result.full_scan_ms = round(statistics.median(scan), 1)
            result.triples = counts[0]
            cases = bench_cases(store)
            result.query_limit_s = query_limit
            step(f"{len(cases)} named queries x {repeat} on the embedded store (each run stopped after {query_limit:.0f} s)")

            def record(name: str, times: list[float] | None) -> None:
                if times is None:
                    result.query_over_limit.append(name)
                times = times or [query_limit * 1000]
                result.query_kind[name] = query_kind(cases[name][1])
                result.query_p50_ms[name] = round(statistics.median(times), 2)
                result.query_p95_ms[name] = round(_percentile(times, 0.95), 2)
                if result.query_kind[name] == "ranking" and result.full_scan_ms:
                    result.ranking_vs_scan[name] = round(result.query_p50_ms[name] / result.full_scan_ms, 2)
                step(f"{name}: p50 {'>' if name in result.query_over_limit else ''}{result.query_p50_ms[name]:.1f} ms")

            _query_times("oxigraph", root / "store-n", cases, repeat, query_limit, QUERY_BUDGET_S, record)
            if result.query_over_limit:
                result.notes.append(_over_note("the embedded store", query_limit, result.query_over_limit,
                                               "query_p50_ms is the limit, ranking_vs_scan a lower bound"))
            if baseline_triples:
                try:
                    _baseline(store, baseline_triples, cases, repeat, root, result, step, baseline_limit, query_limit)
                except (OSError, RuntimeError, TimeoutError) as exc:  # keep the figures measured so far
                    result.notes.append(f"the rdflib baseline did not finish: {exc}")
            else:
                result.notes.append("the rdflib baseline was skipped")
        if page_sizes:
            from legalkg.viz.bench import page_timings

            step(f"network pages of {', '.join(map(str, page_sizes))} nodes")
            result.pages = page_timings(page_sizes)
            from legalkg.viz.bench import explore_timings
            from legalkg.viz.network import network_data

            step("overview-first page of the benchmark store")
            with open_store(root / "store-n", read_only=True) as store:
                result.pages["explore"] = explore_timings(network_data(store))
            from legalkg.viz.bench import served_timings

            step("served explorer of the benchmark store")
            result.pages["served"] = served_timings(root / "store-n")
        save()
        return result
    finally:
        shutil.rmtree(root, ignore_errors=True)


# -- the README table ---------------------------------------------------------------------------

def _num(value: object, digits: int = 1) -> str:
    if not value:
        return "-"
    if isinstance(value, bool):
        return "yes"
    if isinstance(value, int) or (isinstance(value, float) and value >= 1000):
        return f"{value:,.0f}"
    return f"{value:,.{digits}f}"


def _query_cell(run: dict, name: str) -> str:
    p50 = run.get("query_p50_ms", {}).get(name)
    if p50 is None:
        return "-"
    slow = ">" if name in run.get("query_over_limit", []) else ""
    parts = [f"{slow}{p50:,.1f} ms"]
    if name in run.get("ranking_vs_scan", {}):
        parts.append(f"{slow}{run['ranking_vs_scan'][name]:.1f}× scan")
    if name in run.get("speedup_vs_baseline", {}):
        over = ">" if name in run.get("baseline_over_limit", []) else ""
        ratio = run["speedup_vs_baseline"][name]
        parts.append(f"{over}{ratio:,.0f}× rdflib" if ratio >= 10 else f"{over}{ratio:.1f}× rdflib")
    return ", ".join(parts)


def markdown_table(runs: list[dict]) -> str:
    """Saved `bench --json` results (smallest first) as the README's markdown: a table of ingest,
    memory and store figures, one of query latencies (point queries first), and the notes."""
    runs = sorted(runs, key=lambda r: r["reports"])
    head = "| | " + " | ".join(f"{r['reports']:,} reports" for r in runs) + " |\n|---|" + "---:|" * len(runs)

    def row(label: str, cell: Callable[[dict], str]) -> str:
        return f"| {label} | " + " | ".join(cell(r) for r in runs) + " |"

    def scaled(key: str) -> Callable[[dict], str]:
        return lambda r: f"{_num(r.get(key), 2)} ({r['serial_reports']:,} reports)" if r.get("serial_reports") else "-"

    summary = [
        head,
        row("date", lambda r: r["date"]),
        row("corpus MB", lambda r: _num(r["corpus_mb"])),
        row("quads in the store", lambda r: _num(r["triples"])),
        row("ingest MB/s, 1 worker", scaled("ingest_mb_per_s")),
        row("ingest MB/s, all cores", lambda r: f"{_num(r['ingest_mb_per_s_all'], 2)} ({r['workers']} workers)"),
        row("reports/s, 1 worker", scaled("reports_per_s")),
        row("reports/s, all cores", lambda r: _num(r["reports_per_s_all"])),
        row("parallel speed-up (same graph)", lambda r: f"{_num(r['parallel_speedup'], 2)}×"
            + (" (yes)" if r["same_graph_parallel"] else " (no)" if r["parallel_speedup"] else "")),
        row("bulk path MB/s (extract + load)", scaled("bulk_mb_per_s")),
        row("peak RSS MB, 1 worker", lambda r: _num(r["peak_rss_mb"], 0)),
        row("peak RSS MB, all cores (sum of processes)", lambda r: _num(r["peak_rss_mb_all"], 0)),
        row("store MB on disk", lambda r: _num(r["store_mb"])),
        row("full scan ms (COUNT of every quad)", lambda r: _num(r["full_scan_ms"])),
        row("rdflib baseline quads", lambda r: _num(r.get("baseline_triples"))),
    ]
    kinds: dict[str, str] = {}
    for run in runs:
        kinds.update(run.get("query_kind", {}))
    names = sorted({n for r in runs for n in r.get("query_p50_ms", {})},
                   key=lambda n: (kinds.get(n) != "point", n not in TARGET_POINT_QUERIES, n))
    queries = [head.replace("| |", "| query (kind): p50 |", 1)]
    for name in names:
        target = " ★" if name in TARGET_POINT_QUERIES else ""
        queries.append(row(f"{name} ({kinds.get(name, '?')}){target}", lambda r, n=name: _query_cell(r, n)))
    machines = sorted({r["machine"] for r in runs})
    notes = [f"- {r['reports']:,} reports: {note}" for r in runs for note in r.get("notes", [])]
    return "\n".join([
        f"Measured on {'; '.join(machines)}.", "", *summary, "",
        *queries, "",
        "★: the point queries of the latency target. `× scan`: p50 of a ranking query over the full "
        "scan's time. `× rdflib`: speed-up over rdflib's Memory store on the baseline quads "
        "(`>`: a query run went over the time limit and was stopped; the figure is a bound).",
        *([""] + notes if notes else []),
    ]) + "\n"
