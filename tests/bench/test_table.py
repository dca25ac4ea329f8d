"""The README table from saved results: a column per run, lower bounds marked, busy runs said."""
from __future__ import annotations

from legalkg.bench.table import markdown_table


def _line(table: str, label: str) -> str:
    return next(line for line in table.splitlines() if line.startswith(f"| {label} |"))


def test_table_has_a_column_per_run_smallest_first_and_marks_lower_bounds(saved_result) -> None:  # noqa: ANN001
    big = saved_result(10_000, baseline_over_limit=["reports"], notes=["rdflib baseline over the 60 s limit"])
    table = markdown_table([big, saved_result(1_000)])
    lines = table.splitlines()
    assert lines[0] == "Measured on test machine."
    assert "| | 1,000 reports | 10,000 reports |" in lines
    assert "| quads in the store | 3,000,000 | 30,000,000 |" in lines
    assert "| ingest MB/s, 1 worker | 1.50 (1,000 reports) | 1.50 (1,000 reports) |" in lines
    point, ranking = (next(i for i, line in enumerate(lines) if line.startswith(f"| {n} ")) for n in
                      ("bureau-mechanisms[bureau] (point) ★", "reports (ranking)"))
    assert point < ranking
    assert lines[ranking] == "| reports (ranking) | 250.0 ms, 2.5× scan, 12× rdflib | 250.0 ms, 2.5× scan, >12× rdflib |"
    assert "- 10,000 reports: rdflib baseline over the 60 s limit" in lines


def test_table_gives_every_figure_of_the_issue_next_to_what_bounds_it(saved_result) -> None:  # noqa: ANN001
    table = markdown_table([saved_result(1_000)])
    assert _line(table, "quads per KB of text") == "| quads per KB of text | 14.2 |"
    assert _line(table, "extraction alone MB/s, 1 process") == "| extraction alone MB/s, 1 process | 2.50 (1,000 reports) |"
    assert _line(table, "ingest / extraction alone") == "| ingest / extraction alone | 0.60× |"
    assert _line(table, "parallel speed-up, next to the machine's ceiling") == \
        "| parallel speed-up, next to the machine's ceiling | 1.80× of a 1.95× ceiling (92%) (same graph) |"
    assert _line(table, "bureau-mechanisms[bureau] over HTTP ★") == \
        "| bureau-mechanisms[bureau] over HTTP ★ | 6.0 ms (p95 9.0), new connection 7.5 ms, 12 rows |"
    assert _line(table, "`legalkg query --help`, fresh process") == \
        "| `legalkg query --help`, fresh process | 120 ms (CPU 110 ms) |"
    assert _line(table, "`legalkg sparql 'ASK {}'` (start-up of a local query), fresh process") == \
        "| `legalkg sparql 'ASK {}'` (start-up of a local query), fresh process | 150 ms (CPU 140 ms) |"
    assert "Chinese only" in _line(table, "corpus")


def test_table_puts_the_speed_up_next_to_what_one_workers_busy_cores_leave_for_it(saved_result) -> None:  # noqa: ANN001
    table = markdown_table([saved_result(1_000, parallel_speedup=1.2, speedup_vs_ceiling=0.62,
                                         ingest_cores_one=1.5, speedup_bound=1.3)])
    assert _line(table, "parallel speed-up, next to the machine's ceiling") == (
        "| parallel speed-up, next to the machine's ceiling | 1.20× of a 1.95× ceiling (62%); 1 worker keeps "
        "1.50 cores busy, so at most 1.30× (same graph) |")


def test_table_gives_the_ingest_per_core_and_the_speed_up_over_one_cpu(saved_result) -> None:  # noqa: ANN001
    table = markdown_table([saved_result(1_000, parallel_speedup=1.2, speedup_vs_ceiling=0.62,
                                         ingest_mb_per_s_one_core=2.1, ingest_one_core_vs_extract=0.84,
                                         speedup_over_one_core=1.6, speedup_over_one_core_vs_ceiling=0.82,
                                         workers_alone_speedup=1.7)])
    assert _line(table, "ingest MB/s per core (1 worker kept on one CPU)") == \
        "| ingest MB/s per core (1 worker kept on one CPU) | 2.10 (0.84× extraction; 1,000 reports) |"
    assert _line(table, "parallel speed-up, next to the machine's ceiling") == (
        "| parallel speed-up, next to the machine's ceiling | 1.20× of a 1.95× ceiling (62%); over 1 worker on one "
        "CPU 1.60× (82%); the workers alone, no store: 1.70× (same graph) |")


def test_table_says_which_runs_were_measured_on_a_busy_machine(saved_result) -> None:  # noqa: ANN001
    busy = saved_result(10_000, busy=True, busy_reason="load average 2.40 before the run")
    table = markdown_table([saved_result(1_000), busy])
    assert _line(table, "machine while measured") == \
        "| machine while measured | idle (load 0.10) | **busy**: load average 2.40 before the run |"


def test_table_shows_a_dash_for_figures_a_result_saved_before_them_lacks(saved_result) -> None:  # noqa: ANN001
    old = saved_result(1_000)
    for key in ("busy", "quads_per_kb", "ceiling", "http_p50_ms", "startup", "extract_mb_per_s", "ingest_vs_extract"):
        del old[key]
    table = markdown_table([old])
    assert _line(table, "machine while measured") == "| machine while measured | not measured |"
    assert _line(table, "quads per KB of text") == "| quads per KB of text | - |"
    assert _line(table, "parallel speed-up, next to the machine's ceiling").endswith("| 1.80× (same graph) |")
    assert "over HTTP ★ |" not in table
