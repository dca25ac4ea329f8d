"""Point queries over HTTP: `legalkg serve` started in its own process on a free port."""
from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from legalkg.bench.http import point_latencies, serving

BUREAUS = "SELECT DISTINCT ?b WHERE { ?b a <https://w3id.org/legalkg/ontology#Bureau> }"


def test_serving_starts_legalkg_serve_on_a_free_port_and_stops_it(mini_store_path: Path) -> None:
    with serving(mini_store_path, workers=1) as origin:
        assert origin.startswith("http://127.0.0.1:") and not origin.endswith(":0")
        with urllib.request.urlopen(origin + "/queries.json", timeout=30) as answer:
            assert answer.status == 200
    with pytest.raises(OSError):
        urllib.request.urlopen(origin + "/queries.json", timeout=5)


def test_point_latencies_time_protocol_gets_on_kept_and_new_connections(mini_store_path: Path) -> None:
    with serving(mini_store_path, workers=1) as origin:
        figures = point_latencies(origin, {"bureaus": BUREAUS}, repeat=3)
    assert list(figures) == ["bureaus"]
    assert figures["bureaus"]["p95"] >= figures["bureaus"]["p50"] > 0 and figures["bureaus"]["new_connection_p50"] > 0
    assert figures["bureaus"]["rows"] == 2  # what was timed: the mini store's two bureaus


def test_a_query_the_server_refuses_stops_the_measure_with_its_status(mini_store_path: Path) -> None:
    with serving(mini_store_path, workers=1) as origin, pytest.raises(RuntimeError, match="400"):
        point_latencies(origin, {"broken": "SELECT WHERE {"}, repeat=1)


def test_a_store_serve_cannot_open_is_said_with_its_message(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="legalkg serve did not start"), serving(tmp_path / "none"):
        pass
