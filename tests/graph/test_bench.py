"""`legalkg bench` at a tiny size: the JSON shape and sane values (speed targets are for the
bench itself to report, never asserted here)."""
from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from legalkg.graph.bench import bench_cases, same_quads
from legalkg.graph.cli import main
from legalkg.graph.store import Store
from legalkg.queries.catalog import catalog


@pytest.mark.slow
def test_bench_json_has_every_measure_with_sane_values(tmp_path: Path, capsys) -> None:
    code = main(["bench", "--reports", "4", "--repeat", "2", "--json", "--workers", "2",
                 "--baseline-triples", "10000", "--workdir", str(tmp_path)])
    captured = capsys.readouterr()
    assert code == 0
    result = json.loads(captured.out)
    assert captured.err == ""  # not a terminal: no progress lines
    assert result["reports"] == 4 and result["workers"] == 2
    for key in ("ingest_mb_per_s", "reports_per_s", "ingest_mb_per_s_all", "reports_per_s_all",
                "bulk_mb_per_s", "peak_rss_mb", "store_mb", "corpus_mb", "full_scan_ms"):
        assert result[key] > 0, key
    assert 50 < result["peak_rss_mb"] < 4000
    assert result["triples"] > 1000
    assert result["same_graph_parallel"] is True
    public = {n for n, q in catalog().items() if not q.internal}
    assert public <= {name.split("[")[0] for name in result["query_p50_ms"]}
    assert "bureau-mechanisms[bureau]" in result["query_p50_ms"]
    assert result["baseline_p50_ms"].keys() == result["query_p50_ms"].keys()
    assert all(result["query_p95_ms"][n] >= p50 > 0 for n, p50 in result["query_p50_ms"].items())
    # the rdflib comparison ran on whole report graphs up to the limit, in a smaller store
    assert 0 < result["baseline_triples"] <= 10000 < result["triples"]
    assert all(v > 0 for v in result["speedup_vs_baseline"].values())
    assert list(tmp_path.iterdir()) == []  # the temporary corpus and stores are removed


def test_bench_cases_bind_every_required_parameter_from_the_data(built_store: Store) -> None:
    cases = bench_cases(built_store)
    for name, (_, bindings) in cases.items():
        query = catalog()[name.split("[")[0]]
        assert {p.name for p in query.params if not p.optional} <= set(bindings), name


def test_same_quads_tells_stores_apart() -> None:
    a, b = Store(), Store()
    quad = ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("o"), ox.NamedNode("http://e/g"))
    a.ox.add(quad)
    assert not same_quads(a, b)
    b.ox.add(quad)
    assert same_quads(a, b)
    b.ox.add(ox.Quad(quad.subject, quad.predicate, ox.Literal("other"), quad.graph_name))
    assert not same_quads(a, b)
