"""network_data: what the page will draw, read from the store."""
from __future__ import annotations

from collections import Counter

from legalkg.viz.network import network_data


def test_network_data_nodes_are_bureaus_and_what_they_link_to(fixture_store, fx):
    data = network_data(fixture_store, "zh")
    kinds = {node.id: node.kind for node in data.nodes}
    assert kinds == {
        fx.HANGZHOU: "bureau", fx.SHAOXING: "bureau", fx.PUBLICITY: "mechanism", fx.THREE_SYSTEMS: "mechanism",
        fx.EVIL_REG: "regulation", fx.EVIL_AGENCY: "agency",
    }
    assert fx.ORPHAN not in kinds


def test_network_data_edges_carry_relation_types(fixture_store, fx):
    data = network_data(fixture_store, "zh")
    assert {(e.source, e.relation, e.target) for e in data.edges} == {
        (fx.HANGZHOU, "implements", fx.PUBLICITY), (fx.HANGZHOU, "cites", fx.EVIL_REG), (fx.HANGZHOU, "worksWith", fx.EVIL_AGENCY),
        (fx.PUBLICITY, "broader", fx.THREE_SYSTEMS),
    }


def test_network_data_evidence_is_ordered_by_year_with_report(fixture_store, fx):
    data = network_data(fixture_store, "zh")
    edge = next(e for e in data.edges if e.relation == "implements")
    assert [(ev.report, ev.year) for ev in edge.evidence] == [
        ("hangzhou-2019-zh.txt", 2019), ("hangzhou-2020-en.txt", 2020)]
    assert data.node(fx.PUBLICITY).evidence.sentence == "推行行政执法公示制度。"


def test_network_data_labels_follow_lang_and_fall_back(fixture_store, fx):
    zh, en = network_data(fixture_store, "zh"), network_data(fixture_store, "en")
    assert zh.node(fx.HANGZHOU).label == "杭州市人力资源和社会保障局"
    assert en.node(fx.HANGZHOU).label == "Hangzhou Municipal Bureau of Human Resources and Social Security"
    assert zh.node(fx.SHAOXING).label == "Shaoxing Bureau"
    assert en.node(fx.PUBLICITY).label == "行政执法公示制度"
    assert zh.node(fx.HANGZHOU).aliases == ["市人力社保局"]


def test_network_data_keeps_hostile_text_verbatim(fixture_store, fx):
    data = network_data(fixture_store, "zh")
    assert data.node(fx.EVIL_REG).label == fx.EVIL_REG_LABEL
    assert data.node(fx.EVIL_AGENCY).aliases == [fx.EVIL_ALIAS]


def test_network_data_degree_and_report_years(fixture_store, fx):
    data = network_data(fixture_store, "zh")
    assert data.node(fx.HANGZHOU).degree == 3
    assert data.node(fx.PUBLICITY).degree == 2
    assert data.node(fx.SHAOXING).degree == 0
    assert data.node(fx.HANGZHOU).years == [2019, 2020]


def test_network_data_of_an_empty_store_is_empty(store):
    data = network_data(store, "en")
    assert data.nodes == [] and data.edges == []


def test_network_data_on_the_sample_corpus(built_store):
    data = network_data(built_store, "zh")
    kinds = Counter(node.kind for node in data.nodes)
    assert kinds["bureau"] == 4
    assert kinds["mechanism"] > 10 and kinds["regulation"] > 10 and kinds["agency"] > 10
    ids = {node.id for node in data.nodes}
    assert all(edge.source in ids and edge.target in ids for edge in data.edges)
    assert len(ids) == len(data.nodes)
    hangzhou = data.node("https://w3id.org/legalkg/id/bureau/hangzhou-hrss")
    assert hangzhou.labels["zh"] == "杭州市人力资源和社会保障局"
    assert hangzhou.labels["en"].startswith("Hangzhou")
    assert hangzhou.years == [2019, 2020]
    linked = [edge for edge in data.edges if edge.relation != "broader"]
    assert sum(1 for edge in linked if edge.evidence) == len(linked)


def test_network_data_bureaus_carry_city_and_province_from_the_graph(built_store):
    bureaus = {n.id.rsplit("/", 1)[1]: (n.place, n.province) for n in network_data(built_store, "zh").nodes
               if n.kind == "bureau"}
    assert bureaus["jinyun-hrss"] == ("丽水市", "浙江省")  # a county bureau belongs to its city
    assert bureaus["foshan-hrss"] == ("佛山市", "广东省")


def test_network_data_falls_back_to_the_city_in_the_bureau_name(fixture_store, fx):
    node = network_data(fixture_store, "zh").node(fx.HANGZHOU)
    assert (node.place, node.province) == ("杭州市", None)


def test_network_data_bureaus_carry_their_key_figures(built_store):
    node = network_data(built_store, "en").node("https://w3id.org/legalkg/id/bureau/shangyu-hrss")
    figures = {(f.indicator, f.value, f.unit, f.year) for f in node.figures}
    assert ("administrative litigation cases lost", 1.0, "cases", 2020) in figures
    assert ("heads' court appearance rate", 100.0, "percent", 2020) in figures


def test_network_data_without_details_keeps_nodes_and_links_drops_evidence(built_store):
    full, bare = network_data(built_store, "zh"), network_data(built_store, "zh", details=False)
    assert [(n.id, n.kind, n.label, n.degree, n.place, n.category) for n in bare.nodes] == [
        (n.id, n.kind, n.label, n.degree, n.place, n.category) for n in full.nodes]
    assert [(e.source, e.target, e.relation) for e in bare.edges] == [(e.source, e.target, e.relation) for e in full.edges]
    assert any(e.evidence for e in full.edges) and not any(e.evidence for e in bare.edges)
    assert not any(n.figures for n in bare.nodes)
