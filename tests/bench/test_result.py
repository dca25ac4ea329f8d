"""The result of a run: one flat object that survives a trip through JSON."""
from __future__ import annotations

import json

from legalkg.bench.result import BenchResult


def test_a_result_comes_back_whole_from_its_json() -> None:
    result = BenchResult(date="2026-11-30 06:00 UTC", machine="m", reports=3, corpus_mb=0.1, busy=True,
                         busy_reason="load", http_p50_ms={"evidence": 2.0}, startup={"help": {"wall_ms": 1, "cpu_ms": 1}})
    assert BenchResult(**json.loads(json.dumps(result.to_dict()))) == result


def test_a_part_not_run_leaves_zeros_and_empty_figures() -> None:
    result = BenchResult(date="d", machine="m", reports=1, corpus_mb=0.0)
    assert result.ceiling == 0 and result.http_p50_ms == {} and result.startup == {} and not result.busy
