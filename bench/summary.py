"""A run's result as tables on the terminal (`legalkg bench` without --json): every figure of
one run together, the ingest ones next to what bounds them (extraction alone, the ceiling)."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table

from legalkg.bench.result import BenchResult
from legalkg.bench.startup import STARTUP_LABELS


def _ingest_rows(result: BenchResult) -> list[tuple[str, object]]:
    text = "Chinese-only" if result.zh_only else "mixed"
    return [
        ("machine", result.machine),
        ("machine while measured", f"busy: {result.busy_reason}" if result.busy else f"idle (load {result.load_average:.2f})"),
        (f"parallel ceiling ({result.workers} processes, CPU loop)", f"{result.ceiling:.2f}x" if result.ceiling else "-"),
        ("quads in the store", f"{result.triples:,}"),
        (f"quads per KB of {text} text", result.quads_per_kb),
        (f"extraction alone MB/s, 1 process ({result.serial_reports:,} reports)", result.extract_mb_per_s),
        ("one-off model load s (in every ingest clock)", result.warm_up_s),
        (f"ingest MB/s, 1 worker ({result.serial_reports:,} reports)", result.ingest_mb_per_s),
        ("ingest / extraction alone", result.ingest_vs_extract),
        ("ingest MB/s, 1 worker kept on one CPU (per core)", result.ingest_mb_per_s_one_core),
        ("that / extraction alone", result.ingest_one_core_vs_extract),
        ("reports/s, 1 worker", result.reports_per_s),
        (f"ingest MB/s, {result.workers} workers", result.ingest_mb_per_s_all),
        (f"reports/s, {result.workers} workers", result.reports_per_s_all),
        (f"{result.workers}-worker speed-up (same files as 1 worker)", result.parallel_speedup),
        ("speed-up / ceiling", result.speedup_vs_ceiling),
        ("cores busy in a 1-worker build", result.ingest_cores_one),
        ("speed-up at most (ceiling / those cores)", result.speedup_bound),
        (f"{result.workers}-worker speed-up over 1 worker on one CPU", result.speedup_over_one_core),
        ("that / ceiling", result.speedup_over_one_core_vs_ceiling),
        (f"{result.workers}-worker speed-up of the workers alone (no store)", result.workers_alone_speedup),
        ("same graph in parallel", result.same_graph_parallel),
        (f"bulk path MB/s (extract --out-dir -j {result.workers} + load)", result.bulk_mb_per_s),
        ("peak RSS MB, 1-worker ingest", result.peak_rss_mb),
        (f"peak RSS MB, {result.workers} workers (sum, upper bound)", result.peak_rss_mb_all),
        ("store MB on disk", result.store_mb),
        ("full scan ms (COUNT of every quad)", result.full_scan_ms),
        *((f"{STARTUP_LABELS[k]} ms, fresh process (wall, CPU)", f"{v['wall_ms']}, {v['cpu_ms']}")
          for k, v in result.startup.items() if k in STARTUP_LABELS),
        *((("point query minus start-up ms (wall)", result.startup["query_minus_ask_ms"]),)
          if "query_minus_ask_ms" in result.startup else ()),
        ("slowest imports of `legalkg query` (ms)",
         ", ".join(f"{name} {ms}" for name, ms in result.startup.get("top_imports_ms", [])[:5]) or "-"),
        ("bench seconds", result.seconds),
    ]


def print_summary(result: BenchResult) -> None:
    """Print the ingest and machine table, the query table (in-process, HTTP, baseline), the
    page table and the notes."""
    summary = Table(title=f"legalkg bench, {result.reports:,} reports ({result.corpus_mb} MB), {result.date}")
    summary.add_column("measure")
    summary.add_column("value", justify="right")
    for label, value in _ingest_rows(result):
        summary.add_row(label, str(value))
    console = Console()
    console.print(summary)
    http, baseline = bool(result.http_p50_ms), bool(result.baseline_triples)
    title = "query latency (ms)" + (f"; baseline on {result.baseline_triples:,} quads" if baseline else "")
    queries = Table(title=title)
    columns = ["query", "kind", "p50", "p95", "× full scan"]
    columns += ["HTTP p50", "HTTP p95"] if http else []
    columns += ["store p50 (baseline data)", "rdflib p50", "speed-up"] if baseline else []
    for column in columns:
        queries.add_column(column, justify="left" if column in ("query", "kind") else "right")
    for name, p50 in result.query_p50_ms.items():
        slow = ">" if name in result.query_over_limit else ""
        scan = result.ranking_vs_scan.get(name)
        cells = [name, result.query_kind.get(name, ""), f"{slow}{p50:.1f}", f"{slow}{result.query_p95_ms[name]:.1f}",
                 "" if scan is None else f"{slow}{scan:.2f}"]
        if http:
            over_http = result.http_p50_ms.get(name)
            cells += ["", ""] if over_http is None else [f"{over_http:.1f}", f"{result.http_p95_ms[name]:.1f}"]
        if baseline:
            over = ">" if name in result.baseline_over_limit else ""
            cells += [f"{result.baseline_store_p50_ms.get(name, float('nan')):.1f}",
                      f"{over}{result.baseline_p50_ms.get(name, float('nan')):.1f}",
                      f"{over}{result.speedup_vs_baseline.get(name, 0):.1f}x"]
        queries.add_row(*cells)
    console.print(queries)
    if result.pages.get("sizes"):
        pages = Table(title="network page (headless Chromium)")
        for column in ("nodes", "edges", "generation s", "HTML MB", "layout settled ms"):
            pages.add_column(column, justify="right")
        for row in result.pages["sizes"]:
            pages.add_row(*(str(row.get(k, "-")) for k in ("nodes", "edges", "generation_s", "html_mb", "load_to_settled_ms")))
        console.print(pages)
    if explore := result.pages.get("explore"):
        print("overview-first page of the store: " + ", ".join(f"{k} {v}" for k, v in explore.items()))
    for note in [*result.notes, *result.pages.get("notes", [])]:
        print(f"note: {note}")
