"""A run's result on the terminal: the ingest figures next to what bounds them, the queries."""
from __future__ import annotations

from legalkg.bench.result import BenchResult
from legalkg.bench.summary import print_summary


def test_summary_prints_the_ingest_figures_the_ceiling_and_the_http_columns(saved_result, capsys) -> None:  # noqa: ANN001
    print_summary(BenchResult(**saved_result(1_000, busy=True, busy_reason="load average 2.40 before the run")))
    out = capsys.readouterr().out
    for label in ("busy: load average 2.40", "1.95x", "quads per KB", "ingest / extraction alone", "speed-up / ceiling",
                  "HTTP p50", "legalkg query --help", "ASK", "minus"):
        assert label in out, label
    assert "rdflib p50" not in out  # no baseline in this result: no empty columns


def test_summary_without_http_figures_has_no_http_columns(saved_result, capsys) -> None:  # noqa: ANN001
    print_summary(BenchResult(**saved_result(1_000, http_p50_ms={}, http_p95_ms={}, http_new_connection_p50_ms={})))
    assert "HTTP p50" not in capsys.readouterr().out
