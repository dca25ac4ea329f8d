"""Saved `legalkg bench --json` results as the README's Benchmarks markdown: one column per run
(smallest first), the machine and date of each, and a "busy" mark on every run whose figures
came from a shared machine (`bench.run.busy_reason`), so no one reads them as the tool's best.
Results saved before a figure existed show "-" for it."""
from __future__ import annotations

from collections.abc import Callable

from legalkg.bench.queries import TARGET_POINT_QUERIES
from legalkg.bench.startup import STARTUP_LABELS


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


def _http_cell(run: dict, name: str) -> str:
    p50 = run.get("http_p50_ms", {}).get(name)
    if p50 is None:
        return "-"
    cell = f"{p50:,.1f} ms (p95 {run['http_p95_ms'][name]:,.1f})"
    fresh = run.get("http_new_connection_p50_ms", {}).get(name)
    rows = run.get("http_rows", {}).get(name)
    return (cell + (f", new connection {fresh:,.1f} ms" if fresh is not None else "")
            + (f", {rows:,} rows" if rows is not None else ""))


def _serial(key: str, digits: int = 2) -> Callable[[dict], str]:
    return lambda r: f"{_num(r.get(key), digits)} ({r['serial_reports']:,} reports)" if r.get("serial_reports") else "-"


def _startup(run: dict, which: str) -> str:
    figures = run.get("startup", {}).get(which)
    return f"{figures['wall_ms']:,} ms (CPU {figures['cpu_ms']:,} ms)" if figures else "-"


def _machine(run: dict) -> str:
    if "busy" not in run:
        return "not measured"
    return f"**busy**: {run['busy_reason']}" if run["busy"] else f"idle (load {run['load_average']:.2f})"


def _speedup(run: dict) -> str:
    if not run.get("parallel_speedup"):
        return "-"
    same = " (same graph)" if run["same_graph_parallel"] else " (**graphs differ**)"
    ceiling = f" of a {run['ceiling']:.2f}× ceiling ({run['speedup_vs_ceiling']:.0%})" if run.get("ceiling") else ""
    bound = (f"; 1 worker keeps {run['ingest_cores_one']:.2f} cores busy, so at most {run['speedup_bound']:.2f}×"
             if run.get("speedup_bound") else "")
    core = (f"; over 1 worker on one CPU {run['speedup_over_one_core']:.2f}× ({run['speedup_over_one_core_vs_ceiling']:.0%})"
            if run.get("speedup_over_one_core") else "")
    alone = (f"; the workers alone, no store: {run['workers_alone_speedup']:.2f}×" if run.get("workers_alone_speedup") else "")
    return f"{run['parallel_speedup']:.2f}×{ceiling}{bound}{core}{alone}{same}"


def _one_core(run: dict) -> str:
    if not run.get("ingest_mb_per_s_one_core"):
        return "-"
    return (f"{_num(run['ingest_mb_per_s_one_core'], 2)} ({run['ingest_one_core_vs_extract']:.2f}× extraction; "
            f"{run['serial_reports']:,} reports)")


def markdown_table(runs: list[dict]) -> str:
    """Saved results as markdown: the machine, a table of ingest, memory, store and start-up
    figures, one of query latencies (point queries first, with their HTTP figures), the notes."""
    runs = sorted(runs, key=lambda r: r["reports"])
    head = "| | " + " | ".join(f"{r['reports']:,} reports" for r in runs) + " |\n|---|" + "---:|" * len(runs)

    def row(label: str, cell: Callable[[dict], str]) -> str:
        return f"| {label} | " + " | ".join(cell(r) for r in runs) + " |"

    summary = [
        head,
        row("date", lambda r: r["date"]),
        row("machine while measured", _machine),
        row("corpus", lambda r: f"{_num(r['corpus_mb'])} MB" + (", Chinese only" if r.get("zh_only") else "")),
        row("quads in the store", lambda r: _num(r["triples"])),
        row("quads per KB of text", lambda r: _num(r.get("quads_per_kb"))),
        row("extraction alone MB/s, 1 process", _serial("extract_mb_per_s")),
        row("one-off model load s (in every ingest clock)", lambda r: _num(r.get("warm_up_s"), 2)),
        row("ingest MB/s, 1 worker", _serial("ingest_mb_per_s")),
        row("ingest / extraction alone", lambda r: f"{r['ingest_vs_extract']:.2f}×" if r.get("ingest_vs_extract") else "-"),
        row("ingest MB/s per core (1 worker kept on one CPU)", _one_core),
        row("ingest MB/s, all cores", lambda r: f"{_num(r['ingest_mb_per_s_all'], 2)} ({r['workers']} workers)"),
        row("reports/s, all cores", lambda r: _num(r["reports_per_s_all"])),
        row("parallel speed-up, next to the machine's ceiling", _speedup),
        row("bulk path MB/s (extract + load)", _serial("bulk_mb_per_s")),
        row("peak RSS MB, 1 worker", lambda r: _num(r["peak_rss_mb"], 0)),
        row("peak RSS MB, all cores (sum of processes)", lambda r: _num(r["peak_rss_mb_all"], 0)),
        row("store MB on disk", lambda r: _num(r["store_mb"])),
        row("full scan ms (COUNT of every quad)", lambda r: _num(r["full_scan_ms"])),
        *(row(f"{label}, fresh process", lambda r, k=key: _startup(r, k)) for key, label in STARTUP_LABELS.items()),
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
        if any(name in r.get("http_p50_ms", {}) for r in runs):
            queries.append(row(f"{name} over HTTP ★", lambda r, n=name: _http_cell(r, n)))
    machines = sorted({r["machine"] for r in runs})
    notes = [f"- {r['reports']:,} reports: {note}" for r in runs for note in r.get("notes", [])]
    return "\n".join([
        f"Measured on {'; '.join(machines)}.", "", *summary, "",
        *queries, "",
        "★: the point queries of the latency target, in the process that opened the store and over "
        "HTTP (`legalkg serve`, SPARQL Protocol GET, JSON results, one kept-alive connection; a new "
        "connection per request after the comma). `× scan`: p50 of a ranking query over the full "
        "scan's time. `× rdflib`: speed-up over rdflib's Memory store on the baseline quads "
        "(`>`: a query run went over the time limit and was stopped; the figure is a bound). "
        "**busy**: another process shared the machine (load before the run, or a parallel ceiling "
        "under 90% of the cores used), so the speeds are below what the tool does alone.",
        *([""] + notes if notes else []),
    ]) + "\n"
