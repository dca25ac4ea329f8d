"""Query latency on the embedded store, in a child process that can be stopped: p50/p95 of
every named query with parameters taken from the data. "Point" queries bind one bureau or
mechanism (an index lookup); "ranking" ones aggregate everything and are also given as a
multiple of a full scan (`ranking_vs_scan`).

The baseline: the same queries on rdflib's Memory store, over whole report graphs up to
`baseline_triples` quads, against the embedded store holding exactly those graphs. rdflib runs
in a child process and each query run is stopped after `baseline_limit` seconds; such a query
counts as the limit (its speed-up is then a lower bound, listed in `baseline_over_limit`).
"""
from __future__ import annotations

import shutil
import statistics
import time
import warnings
from collections.abc import Callable
from multiprocessing import get_context
from pathlib import Path

import pyoxigraph as ox

from legalkg.bench.measure import QUERY_BUDGET_S, count_quads, percentile, timed
from legalkg.bench.result import BenchResult
from legalkg.graph.store import Store, open_store
from legalkg.queries.params import XSD_INTEGER

BASELINE_TRIPLES = 1_000_000
BASELINE_LIMIT_S = 60.0
QUERY_LIMIT_S = 300.0
# The point queries of the latency target (p50 under 20 ms at 10 million quads, over HTTP too):
# for the busiest link (its bureau, its mechanism: the most named of all, thousands of bureaus)
# and for a typical one; mechanism-bureaus also with minReports (the busiest mechanism's leaders).
TARGET_POINT_QUERIES = ("bureau-mechanisms[bureau]", "mechanism-bureaus", "mechanism-bureaus[minReports]",
                        "mechanism-bureaus[typical]", "evidence", "evidence[typical]")
# The typical mechanism: one in TYPICAL_SHARE of the mechanisms is named in more links.
TYPICAL_SHARE = 10


_PICK = """
PREFIX lkg: <https://w3id.org/legalkg/ontology#>
SELECT ?bureau ?mechanism (COUNT(*) AS ?n) WHERE { ?bureau lkg:implements ?mechanism }
GROUP BY ?bureau ?mechanism ORDER BY DESC(?n) ?bureau ?mechanism LIMIT 50
"""
_BY_LINKS = """
PREFIX lkg: <https://w3id.org/legalkg/ontology#>
SELECT ?mechanism (COUNT(*) AS ?n) WHERE { ?bureau lkg:implements ?mechanism }
GROUP BY ?mechanism ORDER BY DESC(?n) ?mechanism
"""
_ITS_BUREAU = """
PREFIX lkg: <https://w3id.org/legalkg/ontology#>
SELECT ?bureau ?mechanism (COUNT(*) AS ?n) WHERE { ?bureau lkg:implements ?mechanism }
GROUP BY ?bureau ?mechanism ORDER BY DESC(?n) ?bureau LIMIT 1
"""


def typical_link(store: Store) -> tuple[ox.NamedNode, ox.NamedNode]:
    """The mechanism at the 90th percentile of links (one in ten is named more often: the busiest
    is an outlier, named tens of times more than most) and the bureau that names it most."""
    mechanisms = [row["mechanism"] for row in store.query(_BY_LINKS)]
    mechanism = mechanisms[len(mechanisms) // TYPICAL_SHARE]
    bureau = next(iter(store.query(_ITS_BUREAU, {"mechanism": mechanism})))["bureau"]
    return bureau, mechanism


def bench_cases(store: Store) -> dict[str, tuple[str, dict[str, object]]]:
    """Every named query with realistic parameters taken from the data: name -> (text, bindings).

    Queries with an optional bureau parameter run twice: over everything and for one bureau;
    mechanism-bureaus also with minReports at half the reports of the busiest link (its leaders);
    mechanism-bureaus and evidence also for a typical link (`typical_link`), "[typical]".
    """
    from legalkg.queries.catalog import catalog

    rows = list(store.query(_PICK))
    if not rows:
        return {}
    bureau, mechanism = rows[0]["bureau"], rows[0]["mechanism"]
    other = next((r["bureau"] for r in rows if r["bureau"] != bureau), bureau)
    values: dict[str, object] = {
        "bureau": bureau, "other": other, "mechanism": mechanism, "target": mechanism,
        "year": ox.Literal("2020", datatype=XSD_INTEGER),
        "lang": ox.Literal("zh"),
        "minReports": ox.Literal(str(max(1, int(rows[0]["n"].value) // 2)), datatype=XSD_INTEGER),
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
        cases[name] = (query.text_for(base), base)
        for optional in ("bureau", "minReports"):
            if query.param(optional) is not None and optional not in base:
                bound = {**base, optional: values[optional]}
                cases[f"{name}[{optional}]"] = (query.text_for(bound), bound)
    bureau, mechanism = typical_link(store)
    typical_bindings = {"mechanism-bureaus": {"mechanism": mechanism}, "evidence": {"bureau": bureau, "target": mechanism}}
    for name, typical in typical_bindings.items():
        if name in cases:
            bound = {**cases[name][1], **typical}
            cases[f"{name}[typical]"] = (catalog()[name].text_for(bound), bound)
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


def measure_baseline(store: Store, limit: int, cases: dict, repeat: int, root: Path, result: BenchResult,
                     say: Callable[[str], None], baseline_limit: float, query_limit: float) -> None:
    """The rdflib comparison (see the module doc), into `result`; `root` holds its temporary files."""
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


def measure_queries(store_path: Path, result: BenchResult, *, repeat: int, query_limit: float,
                    baseline_triples: int, baseline_limit: float, say: Callable[[str], None]) -> None:
    """Full scan, every named query and (unless `baseline_triples` is 0) the rdflib baseline on
    the store at `store_path`, into `result`; `say` is called before and after each query."""
    with open_store(store_path, read_only=True) as store:
        counts: list[int] = []
        scan = timed(lambda: counts.append(count_quads(store)), 3)
        result.full_scan_ms = round(statistics.median(scan), 1)
        result.triples = counts[0]
        cases = bench_cases(store)
        result.query_limit_s = query_limit
        say(f"{len(cases)} named queries x {repeat} on the embedded store (each run stopped after {query_limit:.0f} s)")

        def record(name: str, times: list[float] | None) -> None:
            if times is None:
                result.query_over_limit.append(name)
            times = times or [query_limit * 1000]
            result.query_kind[name] = query_kind(cases[name][1])
            result.query_p50_ms[name] = round(statistics.median(times), 2)
            result.query_p95_ms[name] = round(percentile(times, 0.95), 2)
            if result.query_kind[name] == "ranking" and result.full_scan_ms:
                result.ranking_vs_scan[name] = round(result.query_p50_ms[name] / result.full_scan_ms, 2)
            say(f"{name}: p50 {'>' if name in result.query_over_limit else ''}{result.query_p50_ms[name]:.1f} ms")

        _query_times("oxigraph", store_path, cases, repeat, query_limit, QUERY_BUDGET_S, record)
        if result.query_over_limit:
            result.notes.append(_over_note("the embedded store", query_limit, result.query_over_limit,
                                           "query_p50_ms is the limit, ranking_vs_scan a lower bound"))
        if not baseline_triples:
            result.notes.append("the rdflib baseline was skipped")
            return
        try:
            measure_baseline(store, baseline_triples, cases, repeat, store_path.parent, result, say,
                             baseline_limit=baseline_limit, query_limit=query_limit)
        except (OSError, RuntimeError, TimeoutError) as exc:  # keep the figures measured so far
            result.notes.append(f"the rdflib baseline did not finish: {exc}")
