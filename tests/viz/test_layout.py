"""Seed positions for big pages, and the page timings the benchmark reports."""
from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest

from legalkg.bench.viz import synthetic_network
from legalkg.viz.layout import seed_positions
from legalkg.viz.page import SEED_ABOVE, stabilization_iterations, vis_nodes


def test_seed_positions_place_every_node_deterministically():
    data = synthetic_network(600)
    positions = seed_positions(data)
    assert set(positions) == {node.id for node in data.nodes}
    assert positions == seed_positions(synthetic_network(600))
    assert len(set(positions.values())) == len(positions)


def test_a_node_linked_to_one_bureau_starts_near_it_and_far_from_the_others():
    data = synthetic_network(600)
    positions = seed_positions(data)
    bureaus = {n.id for n in data.nodes if n.kind == "bureau"}
    owners: dict[str, set[str]] = {}
    for edge in data.edges:
        owners.setdefault(edge.target, set()).add(edge.source)
    leaf, (hub,) = next((t, o) for t, o in owners.items() if len(o) == 1)
    near = math.dist(positions[leaf], positions[hub])
    assert near < min(math.dist(positions[leaf], positions[b]) for b in bureaus - {hub})


def test_only_big_pages_carry_seed_positions_and_take_fewer_iterations():
    small, big = synthetic_network(SEED_ABOVE), synthetic_network(SEED_ABOVE + 1)
    assert all("x" not in node for node in vis_nodes(small))
    assert all("x" in node and "y" in node for node in vis_nodes(big))
    assert stabilization_iterations(200) >= 100 > stabilization_iterations(1000) > stabilization_iterations(5000) >= 5


@pytest.mark.browser
def test_page_timings_report_generation_and_settling_time(chromium_path):
    # its own process: Playwright's sync API cannot start inside the browser fixture's event loop
    run = subprocess.run([sys.executable, "-m", "legalkg.bench.viz", "50", "500"],
                         capture_output=True, text=True, timeout=120, check=True)
    result = json.loads(run.stdout)
    assert result["notes"] == []
    assert [row["nodes"] for row in result["sizes"]] == [50, 500]
    for row in result["sizes"]:
        assert row["generation_s"] > 0 and row["layout_ms"] > 0 and row["load_to_settled_ms"] >= row["layout_ms"]
