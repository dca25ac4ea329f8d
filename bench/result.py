"""The result of one `legalkg bench` run: one flat object, printed and saved as JSON, from which
`bench.table` makes the README table (several runs side by side)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class BenchResult:
    """Every figure of a run; a part that was not run leaves its zeros and empty dicts."""

    date: str
    machine: str
    reports: int
    corpus_mb: float
    workers: int = 1
    parts: list[str] = field(default_factory=list)
    zh_only: bool = True
    # the machine while the bench ran: load before it started, its parallel ceiling, the verdict
    cores: int = 0
    load_average: float = 0.0
    ceiling: float = 0.0
    busy: bool = False
    busy_reason: str = ""
    # ingest (UTF-8 MB of the documents' text per second)
    triples: int = 0
    text_mb: float = 0.0
    quads_per_kb: float = 0.0
    extract_mb_per_s: float = 0.0
    warm_up_s: float = 0.0  # the one-off load of the extraction models, in every clock above
    ingest_mb_per_s: float = 0.0
    ingest_vs_extract: float = 0.0
    reports_per_s: float = 0.0
    serial_reports: int = 0
    ingest_mb_per_s_all: float = 0.0
    reports_per_s_all: float = 0.0
    parallel_speedup: float = 0.0
    speedup_vs_ceiling: float = 0.0
    # cores a 1-worker build keeps busy (its own extraction, and the store's loading, compaction
    # and optimize in the writing process), and the speed-up N workers can reach at most on this
    # machine for this work: the ceiling over those cores
    ingest_cores_one: float = 0.0
    speedup_bound: float = 0.0
    # the 1-worker build kept on one CPU (bench.ingest.build_job one_cpu): MB/s per core, strictly,
    # its ratio to extraction alone (which runs on one core), and the N-worker speed-up over it
    # (N cores over one, as the ceiling's processes are)
    ingest_mb_per_s_one_core: float = 0.0
    ingest_one_core_vs_extract: float = 0.0
    speedup_over_one_core: float = 0.0
    speedup_over_one_core_vs_ceiling: float = 0.0
    # the N-worker speed-up of what build's workers do, without the store (bench.ingest.workers_job):
    # the most a build could reach with a store that cost nothing
    workers_alone_speedup: float = 0.0
    same_graph_parallel: bool = False
    bulk_mb_per_s: float = 0.0
    bulk_extract_s: float = 0.0
    bulk_load_s: float = 0.0
    peak_rss_mb: float = 0.0
    peak_rss_mb_all: float = 0.0
    store_mb: float = 0.0
    # queries in the process that opened the store
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
    # point queries over HTTP (`legalkg serve`), one kept-alive connection / a new one per request
    http_p50_ms: dict[str, float] = field(default_factory=dict)
    http_p95_ms: dict[str, float] = field(default_factory=dict)
    http_new_connection_p50_ms: dict[str, float] = field(default_factory=dict)
    http_rows: dict[str, int] = field(default_factory=dict)  # rows each answered: what was timed
    # CLI start-up (bench.startup)
    startup: dict = field(default_factory=dict)
    pages: dict = field(default_factory=dict)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)
