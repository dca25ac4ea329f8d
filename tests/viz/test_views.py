"""Reduced views of the network: focus, types, year, bipartite, aggregation."""
from __future__ import annotations

import pytest

from legalkg.ingest.errors import QueryError
from legalkg.viz import views
from legalkg.viz.network import NetworkData, NetworkEdge, NetworkNode, network_data, place_of


@pytest.fixture
def data(fixture_store) -> NetworkData:
    return network_data(fixture_store, "zh")


def _ids(data: NetworkData) -> set[str]:
    return {node.id for node in data.nodes}


@pytest.mark.parametrize("ref", [
    "https://w3id.org/legalkg/id/mechanism/law-enforcement-publicity", "行政执法公示制度", "执法公示",
])
def test_focus_finds_a_node_by_iri_label_or_part_of_a_label(data, fx, ref):
    assert _ids(views.focus(data, ref, 1)) == {fx.PUBLICITY, fx.HANGZHOU, fx.THREE_SYSTEMS}


def test_focus_by_alias_and_depth(data, fx):
    assert _ids(views.focus(data, "市人力社保局", 0)) == {fx.HANGZHOU}
    two = views.focus(data, "市人力社保局", 2)
    assert _ids(two) == {fx.HANGZHOU, fx.PUBLICITY, fx.EVIL_REG, fx.EVIL_AGENCY, fx.THREE_SYSTEMS}
    assert "及其 2 步以内的关联" in two.note


def test_focus_on_an_unknown_or_ambiguous_name_is_an_error_that_lists_candidates(data):
    with pytest.raises(QueryError, match="no node is called"):
        views.focus(data, "不存在", 1)
    with pytest.raises(QueryError, match="names 2 nodes"):
        views.focus(data, "行政执法", 1)


def test_only_kinds_keeps_those_types_and_the_links_among_them(data, fx):
    kept = views.only_kinds(data, ["bureau", "mechanism"])
    assert {n.kind for n in kept.nodes} == {"bureau", "mechanism"}
    assert {(e.source, e.target) for e in kept.edges} == {(fx.HANGZHOU, fx.PUBLICITY), (fx.PUBLICITY, fx.THREE_SYSTEMS)}
    with pytest.raises(QueryError, match="--type"):
        views.only_kinds(data, ["mechanism", "place"])


def test_in_year_keeps_that_years_links_and_reporting_bureaus(data, fx):
    in_2020 = views.in_year(data, 2020)
    assert _ids(in_2020) == {fx.HANGZHOU, fx.PUBLICITY, fx.THREE_SYSTEMS}
    implements = next(e for e in in_2020.edges if e.relation == "implements")
    assert [ev.year for ev in implements.evidence] == [2020]
    assert _ids(views.in_year(data, 2021)) == {fx.SHAOXING}


def test_bipartite_has_bureaus_mechanisms_and_implements_links_only(data, fx):
    both = views.bipartite(data)
    assert {n.kind for n in both.nodes} == {"bureau", "mechanism"}
    assert {e.relation for e in both.edges} == {"implements"}


def test_aggregate_leaves_small_graphs_alone(data):
    assert views.aggregate(data, 100) is data


def _big(bureaus_per_place: int, places: int, mechanisms: int) -> NetworkData:
    nodes, edges = [], []
    for m in range(mechanisms):
        nodes.append(NetworkNode(f"m{m}", "mechanism", f"机制{m}", degree=mechanisms - m))
    for p in range(places):
        for b in range(bureaus_per_place):
            bureau = f"b{p}-{b}"
            nodes.append(NetworkNode(bureau, "bureau", f"城{p}市局{b}", {"zh": f"城{p}市局{b}"}, place=f"城{p}市"))
            edges += [NetworkEdge(bureau, f"m{m}", "implements") for m in range(0, mechanisms, 50)]
    return NetworkData(nodes, edges, "zh")


def test_aggregate_groups_bureaus_by_place_and_keeps_the_best_linked_and_says_so():
    big = _big(bureaus_per_place=20, places=30, mechanisms=2000)
    shown = views.aggregate(big, 500)
    assert len(shown.nodes) == 500
    groups = [n for n in shown.nodes if n.kind == "bureau"]
    assert len(groups) == 30 and groups[0].label == "城0市 (20)"
    assert {n.id for n in shown.nodes if n.kind == "mechanism"} == {f"m{m}" for m in range(470)}
    assert all(e.source.startswith("place:") for e in shown.edges)
    assert "2,600 个节点超过上限 500" in shown.note and "部门按地区分为 30 组" in shown.note


@pytest.mark.parametrize(("label", "place"), [
    ("杭州市人力资源和社会保障局", "杭州市"), ("绍兴市上虞区人力资源和社会保障局", "绍兴市"),
    ("缙云县人力资源和社会保障局", "缙云县"), ("人力资源和社会保障部", None),
])
def test_place_of_reads_the_city_or_county_from_the_bureau_name(label, place):
    assert place_of({"zh": label}) == place
