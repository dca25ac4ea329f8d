"""`legalkg bench`: one run's JSON with every figure, the table of saved results, and options
refused in one line."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from legalkg.bench.queries import TARGET_POINT_QUERIES
from legalkg.graph.cli import main
from legalkg.queries.catalog import catalog


@pytest.mark.slow
def test_bench_json_has_every_figure_of_one_run_with_sane_values(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    code = main(["bench", "--reports", "4", "--serial-reports", "3", "--repeat", "2", "--json", "--workers", "2",
                 "--baseline-triples", "2500", "--only", "ingest,queries,http,startup", "--workdir", str(tmp_path)])
    captured = capsys.readouterr()
    assert code == 0
    result = json.loads(captured.out)
    assert captured.err == ""  # not a terminal: no progress lines
    assert result["reports"] == 4 and result["workers"] == 2 and result["zh_only"] is True
    assert result["parts"] == ["ingest", "queries", "http", "startup"] and result["pages"] == {}
    for key in ("extract_mb_per_s", "warm_up_s", "ingest_mb_per_s", "ingest_vs_extract", "reports_per_s",
                "ingest_mb_per_s_all", "reports_per_s_all", "parallel_speedup", "ceiling", "speedup_vs_ceiling",
                "ingest_cores_one", "speedup_bound",
                "bulk_mb_per_s", "peak_rss_mb", "store_mb", "corpus_mb", "text_mb", "quads_per_kb", "full_scan_ms"):
        assert result[key] > 0, key
    assert 50 < result["peak_rss_mb"] < 4000
    assert result["triples"] > 1000 and result["serial_reports"] == 3
    assert result["same_graph_parallel"] is True
    assert result["busy"] is bool(result["busy_reason"]) and result["cores"] >= 1
    public = {n for n, q in catalog().items() if not q.internal}
    assert public <= {name.split("[")[0] for name in result["query_p50_ms"]}
    assert result["baseline_p50_ms"].keys() == result["query_p50_ms"].keys()
    assert all(result["query_p95_ms"][n] >= p50 > 0 for n, p50 in result["query_p50_ms"].items())
    # the rdflib comparison ran on whole report graphs up to the limit, in a smaller store
    assert 0 < result["baseline_triples"] <= 2500 < result["triples"]
    assert all(v > 0 for v in result["speedup_vs_baseline"].values())
    assert result["query_over_limit"] == [] and result["query_limit_s"] == 300
    # point queries bind one bureau or mechanism; ranking ones are also given against the full scan
    assert set(TARGET_POINT_QUERIES) <= {n for n, kind in result["query_kind"].items() if kind == "point"}
    ranking = {n for n, kind in result["query_kind"].items() if kind == "ranking"}
    assert "bureau-mechanisms" in ranking and result["ranking_vs_scan"].keys() == ranking
    # the point queries over HTTP (with the rows each answered), and the CLI's start-up
    assert result["http_rows"].keys() == result["http_p50_ms"].keys()
    assert result["http_rows"]["mechanism-bureaus[minReports]"] <= result["http_rows"]["mechanism-bureaus"]
    assert list(result["http_p50_ms"]) == list(TARGET_POINT_QUERIES)
    assert all(result["http_p95_ms"][n] >= p50 > 0 for n, p50 in result["http_p50_ms"].items())
    assert all(result["startup"][k]["wall_ms"] > 0 and result["startup"][k]["cpu_ms"] > 0 for k in ("help", "ask", "query"))
    assert result["startup"]["top_imports_ms"]
    assert list(tmp_path.iterdir()) == []  # the temporary corpus and stores are removed


def test_bench_table_prints_saved_results_as_markdown(tmp_path: Path, capsys, saved_result) -> None:  # noqa: ANN001
    saved = tmp_path / "1k.json"
    saved.write_text(json.dumps(saved_result(1_000)), encoding="utf-8")
    assert main(["bench", "--table", str(saved)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Measured on test machine."
    assert "| | 1,000 reports |" in lines and "| quads in the store | 3,000,000 |" in lines


def test_bench_table_of_a_file_that_is_not_a_result_names_it(tmp_path: Path, capsys, saved_result) -> None:  # noqa: ANN001
    saved = tmp_path / "1k.json"
    saved.write_text(json.dumps(saved_result(1_000)), encoding="utf-8")
    (tmp_path / "notes.json").write_text('{"reports": ', encoding="utf-8")
    assert main(["bench", "--table", str(saved), str(tmp_path / "notes.json")]) == 2
    err = capsys.readouterr().err
    assert "notes.json: not a saved `legalkg bench --json` result" in err and err.count("\n") == 1


@pytest.mark.parametrize(("argv", "message"), [
    (["--giant", "8,big"], "--giant takes sizes in MB"),
    (["--only", "ingest,speed"], "--only takes parts among ingest, queries, http, startup, pages"),
    (["--page-sizes", "100,many"], "--page-sizes takes numbers of 1 or more"),
    (["--page-sizes", "100,-5"], "--page-sizes takes numbers of 1 or more"),
    (["--page-sizes", "0"], "--page-sizes takes numbers of 1 or more"),
])
def test_bench_refuses_a_bad_option_value_in_one_line(argv: list[str], message: str, capsys) -> None:  # noqa: ANN001
    assert main(["bench", "--reports", "1", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_bench_names_a_workdir_it_cannot_make_in_one_line(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    assert main(["bench", "--reports", "1", "--workdir", str(blocked / "sub")]) == 2
    err = capsys.readouterr().err
    assert f"--workdir {blocked / 'sub'}: cannot be made a folder" in err and err.count("\n") == 1


def test_bench_store_measures_an_existing_store_without_building_one(mini_store_path: Path, tmp_path: Path, capsys) -> None:
    before = sorted((p.name, p.stat().st_size) for p in mini_store_path.iterdir() if p.suffix == ".sst")
    workdir = tmp_path / "not" / "there" / "yet"
    code = main(["bench", "--store", str(mini_store_path), "--only", "queries", "--baseline-triples", "0",
                 "--repeat", "1", "--json", "--workdir", str(workdir)])
    result = json.loads(capsys.readouterr().out)
    assert code == 0 and result["reports"] == 3 and result["triples"] > 100
    assert result["ingest_mb_per_s"] == 0 and result["query_p50_ms"]["evidence"] > 0
    assert any("existing store" in note for note in result["notes"]) and workdir.is_dir()
    assert sorted((p.name, p.stat().st_size) for p in mini_store_path.iterdir() if p.suffix == ".sst") == before
