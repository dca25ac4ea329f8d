"""Fixtures of the bench tests: saved results as `legalkg bench --json` writes them."""
from __future__ import annotations

from collections.abc import Callable

import pytest

from legalkg.bench.result import BenchResult


@pytest.fixture(scope="session")
def saved_result() -> Callable[..., dict]:
    """`saved_result(reports, **fields)`: a plausible saved result of a run of `reports` reports
    on an idle 2-core machine, with `fields` overriding its figures."""
    def make(reports: int, **fields: object) -> dict:
        result = BenchResult(
            date="2026-11-25 12:00 UTC", machine="test machine", reports=reports, corpus_mb=reports / 70,
            workers=2, cores=2, load_average=0.1, ceiling=1.95, triples=reports * 3000, quads_per_kb=14.2,
            serial_reports=min(reports, 1000), extract_mb_per_s=2.5, ingest_mb_per_s=1.5, ingest_vs_extract=0.6,
            ingest_mb_per_s_all=2.7, parallel_speedup=1.8, speedup_vs_ceiling=0.92, same_graph_parallel=True,
            full_scan_ms=100.0, query_p50_ms={"bureau-mechanisms[bureau]": 4.0, "reports": 250.0},
            query_p95_ms={"bureau-mechanisms[bureau]": 5.0, "reports": 260.0},
            query_kind={"bureau-mechanisms[bureau]": "point", "reports": "ranking"},
            ranking_vs_scan={"reports": 2.5}, speedup_vs_baseline={"bureau-mechanisms[bureau]": 40.0, "reports": 12.0},
            http_rows={"bureau-mechanisms[bureau]": 12},
            http_p50_ms={"bureau-mechanisms[bureau]": 6.0}, http_p95_ms={"bureau-mechanisms[bureau]": 9.0},
            http_new_connection_p50_ms={"bureau-mechanisms[bureau]": 7.5},
            startup={"help": {"wall_ms": 120, "cpu_ms": 110}, "ask": {"wall_ms": 150, "cpu_ms": 140},
                     "query": {"wall_ms": 400, "cpu_ms": 380}, "query_minus_ask_ms": 250, "target_ms": 150,
                     "top_imports_ms": [["typer", 40.0]]},
        )
        for key, value in fields.items():
            setattr(result, key, value)
        return result.to_dict()

    return make
