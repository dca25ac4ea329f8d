"""`legalkg bench` at a tiny size: the JSON shape and sane values (speed targets are for the
bench itself to report, never asserted here)."""
from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from legalkg.graph.bench import BenchResult, QueryProcess, bench_cases, markdown_table, query_kind, run, same_quads
from legalkg.graph.cli import main
from legalkg.graph.store import Store, open_store
from legalkg.queries.catalog import catalog


@pytest.mark.slow
def test_bench_json_has_every_measure_with_sane_values(tmp_path: Path, capsys) -> None:
    code = main(["bench", "--reports", "4", "--repeat", "2", "--json", "--workers", "2",
                 "--baseline-triples", "2500", "--workdir", str(tmp_path)])
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
    assert 0 < result["baseline_triples"] <= 2500 < result["triples"]
    assert all(v > 0 for v in result["speedup_vs_baseline"].values())
    assert result["baseline_over_limit"] == [] and result["baseline_limit_s"] == 60
    assert result["query_over_limit"] == [] and result["query_limit_s"] == 300
    # point queries bind one bureau or mechanism; ranking ones are also given against the full scan
    assert result["query_kind"].keys() == result["query_p50_ms"].keys()
    assert {"bureau-mechanisms[bureau]", "mechanism-bureaus", "evidence"} <= {
        n for n, kind in result["query_kind"].items() if kind == "point"}
    ranking = {n for n, kind in result["query_kind"].items() if kind == "ranking"}
    assert "bureau-mechanisms" in ranking and result["ranking_vs_scan"].keys() == ranking
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


def test_query_kind_is_point_when_a_parameter_other_than_lang_is_bound() -> None:
    bureau = ox.NamedNode("http://e/bureau")
    assert query_kind({"bureau": bureau, "lang": ox.Literal("zh")}) == "point"
    assert query_kind({"lang": ox.Literal("zh")}) == query_kind({}) == "ranking"


_QUADS = "".join(f"<http://e/s{i}> <http://e/p> <http://e/o{i % 7}> <http://e/g> .\n" for i in range(300))


_ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"  # 300**5 rows


def test_the_rdflib_baseline_stops_a_query_over_the_limit_and_keeps_answering(tmp_path: Path) -> None:
    data = tmp_path / "data.nq"
    data.write_text(_QUADS, encoding="utf-8")
    with QueryProcess("rdflib", data, limit=1.0) as baseline:
        assert baseline.run(_ENDLESS) is None
        assert baseline.run("SELECT ?s WHERE { ?s ?p <http://e/o3> }") > 0
        assert baseline.times("SELECT ?s WHERE { ?s ?p <http://e/o3> }", repeat=3, budget=60) is not None


def test_a_query_the_engine_raises_on_is_recorded_as_failed_and_the_next_one_answered(tmp_path: Path) -> None:
    data = tmp_path / "data.nq"
    data.write_text(_QUADS, encoding="utf-8")
    broken = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY (?o < 3)"  # rdflib 7 raises TypeError sorting this
    with QueryProcess("rdflib", data, limit=5.0) as baseline:
        assert baseline.times(broken, repeat=2, budget=60) is None
        assert broken in baseline.failures and baseline.failures[broken]
        assert baseline.times("SELECT ?s WHERE { ?s ?p <http://e/o3> }", repeat=2, budget=60) is not None


def test_an_embedded_store_query_over_the_limit_is_stopped_and_the_next_one_answered(tmp_path: Path) -> None:
    with open_store(tmp_path / "store") as store:
        store.ox.load(_QUADS.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    with QueryProcess("oxigraph", tmp_path / "store", limit=1.0) as process:
        assert process.run(_ENDLESS) is None  # native code: the process is killed, then restarted
        assert process.run("SELECT ?s WHERE { ?s ?p <http://e/o3> }") > 0


def _saved(reports: int, **fields: object) -> dict:
    result = BenchResult(date="2026-11-25 12:00 UTC", machine="test machine", reports=reports, corpus_mb=reports / 70,
                         workers=2, triples=reports * 3000, serial_reports=min(reports, 1000), ingest_mb_per_s=0.5,
                         ingest_mb_per_s_all=0.9, parallel_speedup=1.8, same_graph_parallel=True, full_scan_ms=100.0,
                         query_p50_ms={"bureau-mechanisms[bureau]": 4.0, "reports": 250.0},
                         query_kind={"bureau-mechanisms[bureau]": "point", "reports": "ranking"},
                         ranking_vs_scan={"reports": 2.5}, speedup_vs_baseline={"bureau-mechanisms[bureau]": 40.0,
                                                                                "reports": 12.0})
    for key, value in fields.items():
        setattr(result, key, value)
    return result.to_dict()


def test_markdown_table_has_a_column_per_run_smallest_first_and_marks_lower_bounds() -> None:
    big = _saved(10_000, baseline_over_limit=["reports"], notes=["rdflib baseline over the 60 s limit"])
    table = markdown_table([big, _saved(1_000)])
    lines = table.splitlines()
    assert lines[0] == "Measured on test machine."
    assert "| | 1,000 reports | 10,000 reports |" in lines
    assert "| quads in the store | 3,000,000 | 30,000,000 |" in lines
    assert "| ingest MB/s, 1 worker | 0.50 (1,000 reports) | 0.50 (1,000 reports) |" in lines
    point, ranking = (next(i for i, line in enumerate(lines) if line.startswith(f"| {n} ")) for n in
                      ("bureau-mechanisms[bureau] (point) ★", "reports (ranking)"))
    assert point < ranking
    assert lines[ranking] == "| reports (ranking) | 250.0 ms, 2.5× scan, 12× rdflib | 250.0 ms, 2.5× scan, >12× rdflib |"
    assert "- 10,000 reports: rdflib baseline over the 60 s limit" in lines


def test_bench_table_prints_saved_results_as_markdown(tmp_path: Path, capsys) -> None:
    saved = tmp_path / "1k.json"
    saved.write_text(json.dumps(_saved(1_000)), encoding="utf-8")
    assert main(["bench", "--table", str(saved)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Measured on test machine."
    assert "| | 1,000 reports |" in lines and "| quads in the store | 3,000,000 |" in lines
    assert "| ingest MB/s, 1 worker | 0.50 (1,000 reports) |" in lines


def test_bench_table_of_a_file_that_is_not_a_result_names_it(tmp_path: Path, capsys) -> None:
    saved = tmp_path / "1k.json"
    saved.write_text(json.dumps(_saved(1_000)), encoding="utf-8")
    (tmp_path / "notes.json").write_text('{"reports": ', encoding="utf-8")
    assert main(["bench", "--table", str(saved), str(tmp_path / "notes.json")]) == 2
    err = capsys.readouterr().err
    assert "notes.json: not a saved `legalkg bench --json` result" in err and err.count("\n") == 1


@pytest.mark.slow
def test_a_run_checkpoints_the_ingest_figures_before_measuring_queries(tmp_path: Path) -> None:
    seen: list[dict] = []
    result = run(2, workers=1, repeat=1, workdir=tmp_path, baseline_triples=0, serial_reports=0,
                 checkpoint=lambda partial: seen.append(partial.to_dict()))
    after_ingest = next(s for s in seen if s["ingest_mb_per_s_all"] > 0)
    assert after_ingest["query_p50_ms"] == {} and after_ingest["store_mb"] > 0
    assert seen[-1] == result.to_dict() and result.query_p50_ms
    assert "the rdflib baseline was skipped" in result.notes


def test_bench_giant_builds_one_report_of_each_size_in_a_child_and_reports_its_peak_rss(tmp_path: Path) -> None:
    from legalkg.graph.bench_giant import run_giant, write_giant

    assert abs(write_giant(tmp_path / "r.txt", 0.5) - 2**19) < 8
    title = (tmp_path / "r.txt").read_text(encoding="utf-8").splitlines()[0]
    assert "人力资源和社会保障局" in title and title.endswith("年法治政府建设年度报告")  # one title, naming the bureau
    [row] = run_giant((0.3,), workdir=tmp_path)
    assert row["exit_code"] == 0, row["stderr"]
    assert row["report_mb"] == 0.3
    assert 50 < row["peak_rss_mb"] < 2_000
    assert list(tmp_path.iterdir()) == [tmp_path / "r.txt"]  # its report and store are removed


def test_bench_giant_sizes_must_be_numbers(capsys) -> None:
    assert main(["bench", "--giant", "8,big"]) == 2
    assert "--giant takes sizes in MB" in capsys.readouterr().err
