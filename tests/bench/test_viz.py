"""The page timings `legalkg bench` reports (shape of the result, not speed: speed is for the
benchmark itself)."""
from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import pytest

from legalkg.bench.viz import explore_timings, served_timings, synthetic_network


def _timings(nodes: int) -> tuple[dict, int]:
    data = synthetic_network(nodes)
    return explore_timings(data), len(data.edges)


@pytest.mark.browser
def test_explore_timings_measure_the_first_view_opening_a_group_and_the_heap(chromium_path):  # noqa: ANN001
    # in a child process: Playwright's sync API cannot start again in a process where the
    # session's browser fixture already runs one
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        row, edges = pool.submit(_timings, 800).result(timeout=600)
    assert row["nodes"] == 800 and row["edges"] == edges and row["html_mb"] > 0
    assert 0 < row["drawn_first"] <= 150
    assert row["first_view_ms"] > 0 and row["open_biggest_group_ms"] > 0 and row["js_heap_mb"] > 0


@pytest.mark.browser
def test_served_timings_measure_first_view_and_expansions_of_a_served_store(built_store_path, chromium_path):  # noqa: ANN001
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:  # as above
        row = pool.submit(served_timings, built_store_path).result(timeout=600)
    assert row["nodes"] > 0 and 0 < row["drawn_first"] <= 150 and row["overview_kb"] > 0
    assert row["first_view_cold_ms"] > 0 and row["first_view_ms"] > 0 and row["open_biggest_group_ms"] > 0
    assert row["expand_group_ms"] > 0 and row["expand_entity_ms"] > 0 and row["js_heap_mb"] > 0
