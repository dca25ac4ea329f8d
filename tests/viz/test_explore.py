"""Overview groups and expansions as plain dicts (what the page opens on)."""
from __future__ import annotations

import json

import pytest

from legalkg.viz.explore import agency_role, expand, overview, tree
from legalkg.viz.network import NetworkNode, network_data


@pytest.fixture
def sample(built_store):  # noqa: ANN001, ANN201
    return network_data(built_store, "zh")


def test_tree_groups_bureaus_by_province_then_city(sample):
    groups = tree(sample)
    zhejiang = next(g for g in groups.groups.values() if g.labels["zh"] == "浙江省")
    assert zhejiang.parent is None and zhejiang.count == 3
    jinyun = "https://w3id.org/legalkg/id/bureau/jinyun-hrss"
    assert [groups.groups[g].labels["zh"] for g in groups.path(jinyun)] == ["浙江省"]
    assert "https://w3id.org/legalkg/id/bureau/foshan-hrss" in groups.loose  # a group of one is no group


def test_tree_groups_mechanisms_under_their_broader_concept(sample, built_store):
    groups = tree(sample)
    narrower = [e.source for e in sample.edges if e.relation == "broader"]
    for mechanism in narrower:
        top = groups.groups[groups.path(mechanism)[0]]
        assert top.kind == "mechanism" and top.labels["zh"] != "其他制度机制"


def test_tree_groups_regulations_by_level_and_partners_by_role(sample):
    groups = tree(sample)
    names = {g.labels["zh"] for g in groups.groups.values()}
    assert {"法律", "市级文件", "司法行政"} <= names
    court = NetworkNode("x", "agency", "市中级法院", {"zh": "市中级法院"})
    assert agency_role(court)[0] == "court"


def test_every_entity_is_in_exactly_one_place_of_the_tree(sample):
    groups = tree(sample)
    placed = set(groups.parent_of) | set(groups.loose)
    assert placed == {n.id for n in sample.nodes} and not set(groups.parent_of) & set(groups.loose)
    assert sum(groups.groups[g].count for g in groups.top) + len(groups.loose) == len(sample.nodes)


def test_overview_draws_the_top_groups_and_links_with_counts_as_json(sample):
    view = overview(sample)
    groups = tree(sample)
    assert {g["id"] for g in view["groups"]} == set(groups.top)
    assert set(view["entities"]) == set(groups.loose)
    assert len(view["groups"]) + len(view["entities"]) <= 150
    assert sum(link["count"] for link in view["links"]) <= len(sample.edges)
    assert all(link["count"] >= 1 for link in view["links"])
    json.dumps(view)


def test_expand_a_group_gives_its_members_and_an_entity_its_neighbours(sample):
    groups = tree(sample)
    zhejiang = next(g for g in groups.top if groups.groups[g].labels["zh"] == "浙江省")
    opened = expand(sample, zhejiang, groups)
    assert len(opened["entities"]) == 3 and opened["groups"] == []
    jinyun = "https://w3id.org/legalkg/id/bureau/jinyun-hrss"
    around = expand(sample, jinyun, groups)
    linked = {e.target for e in sample.edges if e.source == jinyun} | {e.source for e in sample.edges if e.target == jinyun}
    assert set(around["entities"]) == linked
    with pytest.raises(KeyError):
        expand(sample, "urn:nothing", groups)


def test_overview_with_a_group_open_draws_its_members_instead(sample):
    groups = tree(sample)
    zhejiang = next(g for g in groups.top if groups.groups[g].labels["zh"] == "浙江省")
    view = overview(sample, groups, opened={zhejiang})
    assert set(groups.groups[zhejiang].members) <= set(view["entities"])


def test_expand_an_entity_shows_at_most_the_limit_best_linked_neighbours(sample):
    hangzhou = "https://w3id.org/legalkg/id/bureau/hangzhou-hrss"
    everything = expand(sample, hangzhou, limit=1000)
    few = expand(sample, hangzhou, limit=5)
    assert len(few["entities"]) == 5 and few["more"] == len(everything["entities"]) - 5
    degree = {n.id: n.degree for n in sample.nodes}
    assert min(degree[n] for n in few["entities"]) >= max(degree[n] for n in set(everything["entities"]) - set(few["entities"]))
    assert all({link["from"], link["to"]} <= set(few["entities"]) | {hangzhou} for link in few["links"])


def test_bureaus_are_grouped_by_department_kind_first_when_the_graph_states_several():
    from legalkg.viz.network import NetworkData

    kinds = {"urn:kind:hrss": {"zh": "人社部门", "en": "HR&SS"}, "urn:kind:justice": {"zh": "司法行政部门", "en": "Justice"}}
    bureaus = [NetworkNode(f"urn:b{i}", "bureau", f"局{i}", {"zh": f"局{i}"}, province="浙江省", place=f"城{i % 2}市",
                           category="urn:kind:hrss" if i % 3 else "urn:kind:justice") for i in range(9)]
    groups = tree(NetworkData(bureaus, [], category_labels=kinds))
    # one province under each kind: the kind and the province make one group
    assert sorted(groups.groups[g].labels["en"] for g in groups.top) == ["HR&SS · Zhejiang", "Justice · Zhejiang"]
    assert [groups.groups[g].labels["zh"] for g in groups.path("urn:b1")] == ["人社部门 · 浙江省", "城1市"]
