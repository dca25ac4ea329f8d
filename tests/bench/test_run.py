"""A whole run: parts picked with `only`, checkpoints, and the busy-machine verdict."""
from __future__ import annotations

from pathlib import Path

import pytest

from legalkg.bench.run import busy_reason, run, speedup_bound


@pytest.mark.slow
def test_a_run_checkpoints_the_ingest_figures_before_measuring_queries(tmp_path: Path) -> None:
    seen: list[dict] = []
    result = run(2, workers=1, repeat=1, workdir=tmp_path, baseline_triples=0, serial_reports=0,
                 checkpoint=lambda partial: seen.append(partial.to_dict()), only=("queries",))
    after_ingest = next(s for s in seen if s["ingest_mb_per_s_all"] > 0)
    assert after_ingest["query_p50_ms"] == {} and after_ingest["store_mb"] > 0
    assert seen[-1] == result.to_dict() and result.query_p50_ms
    assert "the rdflib baseline was skipped" in result.notes
    # the parts not asked for left their figures empty
    assert result.parts == ["queries"] and result.ceiling == 0 and result.http_p50_ms == {} and result.startup == {}
    assert result.quads_per_kb > 0  # the store is built and counted whatever is asked


def test_an_idle_machine_with_its_cores_free_is_not_busy() -> None:
    assert busy_reason(load=0.1, ceiling=1.97, processes=2, cores=2) == ""
    assert busy_reason(load=0.1, ceiling=0.0, processes=2, cores=2) == ""  # ceiling not measured


@pytest.mark.parametrize(("load", "ceiling", "says"), [
    (2.4, 1.97, "load average 2.40 before the run"),
    (0.1, 1.26, "2 processes ran 1.26x as fast as one (ceiling), not 2x"),
])
def test_load_before_the_run_or_a_low_ceiling_makes_the_machine_busy(load: float, ceiling: float, says: str) -> None:
    assert busy_reason(load=load, ceiling=ceiling, processes=2, cores=2) == says


def test_the_ceiling_expected_is_at_most_the_cores_there_are() -> None:
    assert busy_reason(load=0.0, ceiling=1.9, processes=4, cores=2) == ""


@pytest.mark.parametrize(("cores_one", "bound"), [(1.5, 1.3), (1.0, 1.95), (0.8, 1.95), (1.95, 1.0)])
def test_the_speed_up_bound_spreads_one_workers_busy_cores_over_the_ceiling(cores_one: float, bound: float) -> None:
    assert speedup_bound(1.95, cores_one) == bound
