"""`legalkg viz` on the sample corpus and on bad input."""
from __future__ import annotations

import json
import re

from legalkg.graph.cli import main


def _nodes(html: str) -> list[dict]:
    return json.loads(re.search(r'id="lkg-nodes">(.*?)</script>', html, re.S).group(1))


def test_viz_writes_the_sample_network(built_store_path, tmp_path, capsys):
    out = tmp_path / "network.html"
    assert main(["viz", "--store", str(built_store_path), "--out", str(out)]) == 0
    nodes = _nodes(out.read_text(encoding="utf-8"))
    assert {node["kind"] for node in nodes} == {"bureau", "mechanism", "regulation", "agency"}
    assert f"{len(nodes)} nodes" in capsys.readouterr().err


def test_viz_lang_en_labels_nodes_in_english(built_store_path, tmp_path):
    out = tmp_path / "network-en.html"
    assert main(["viz", "--store", str(built_store_path), "--out", str(out), "--lang", "en"]) == 0
    labels = {node["fullLabel"] for node in _nodes(out.read_text(encoding="utf-8"))}
    assert "Hangzhou Municipal Bureau of Human Resources and Social Security" in labels


def test_viz_without_a_store_fails_with_one_line(tmp_path, capsys):
    code = main(["viz", "--store", str(tmp_path / "none"), "--out", str(tmp_path / "n.html")])
    assert code == 4
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no store here" in err
    assert not (tmp_path / "n.html").exists()


def test_viz_rejects_an_unknown_language(built_store_path, tmp_path, capsys):
    assert main(["viz", "--store", str(built_store_path), "--out", str(tmp_path / "n.html"), "--lang", "fr"]) == 5
    assert "zh or en" in capsys.readouterr().err


def _page(path) -> str:  # noqa: ANN001
    return path.read_text(encoding="utf-8")


def test_viz_focus_draws_a_neighbourhood_and_says_so(built_store_path, tmp_path, capsys):
    out = tmp_path / "focus.html"
    assert main(["viz", "--store", str(built_store_path), "--out", str(out),
                 "--focus", "杭州市人力资源和社会保障局", "--depth", "1", "--type", "bureau,mechanism"]) == 0
    nodes = _nodes(_page(out))
    assert {n["kind"] for n in nodes} == {"bureau", "mechanism"}
    assert [n["fullLabel"] for n in nodes if n["kind"] == "bureau"] == ["杭州市人力资源和社会保障局"]
    assert "及其 1 步以内的关联" in _page(out) and "类型：bureau, mechanism" in capsys.readouterr().err


def test_viz_bipartite_year_view_has_only_that_years_implements_links(built_store_path, tmp_path):
    out = tmp_path / "bipartite.html"
    assert main(["viz", "--store", str(built_store_path), "--out", str(out), "--view", "bipartite", "--year", "2020"]) == 0
    edges = json.loads(re.search(r'id="lkg-edges">(.*?)</script>', _page(out), re.S).group(1))
    assert edges and {e["relation"] for e in edges} == {"implements"}
    assert all(e["years"] == [2020] for e in edges)


def test_viz_above_the_limit_draws_an_aggregated_view_and_says_so(built_store_path, tmp_path):
    out = tmp_path / "big.html"
    assert main(["viz", "--store", str(built_store_path), "--out", str(out), "--limit", "40"]) == 0
    assert len(_nodes(_page(out))) == 40
    assert 'id="note"' in _page(out) and "超过上限 40" in _page(out)


def test_viz_sizes_and_colours_nodes_by_analytics(built_store_path, tmp_path):
    plain, scored = tmp_path / "plain.html", tmp_path / "scored.html"
    assert main(["viz", "--store", str(built_store_path), "--out", str(plain)]) == 0
    assert main(["viz", "--store", str(built_store_path), "--out", str(scored),
                 "--size-by", "betweenness", "--colour-by", "community"]) == 0
    before = {n["id"]: n for n in _nodes(_page(plain))}
    after = {n["id"]: n for n in _nodes(_page(scored))}
    bureau = "https://w3id.org/legalkg/id/bureau/hangzhou-hrss"
    assert after[bureau]["size"] == 48 and after[bureau]["color"] != before[bureau]["color"]
    assert "Community" in after[bureau]["title"] or "社群" in after[bureau]["title"]


def test_viz_focus_on_an_unknown_name_fails_with_one_line(built_store_path, tmp_path, capsys):
    assert main(["viz", "--store", str(built_store_path), "--out", str(tmp_path / "x.html"), "--focus", "不存在的节点"]) == 5
    assert capsys.readouterr().err.count("\n") == 1
