"""Short labels, search keys, the matrix and adoption tables of the network page."""
from __future__ import annotations

import pytest

from legalkg.viz.model import adoption, generic_aliases, matrix, pinyin_keys, search_keys, short_label
from legalkg.viz.network import NetworkNode, network_data


@pytest.mark.parametrize(("label", "short"), [
    ("杭州市人力资源和社会保障局", "杭州市人社局"),
    ("Hangzhou Municipal Bureau of Human Resources and Social Security", "Hangzhou HRSS Bureau"),
    ("Shangyu District Bureau of Human Resources and Social Security", "Shangyu District HRSS…"),
    ("《中华人民共和国劳动合同法》", "《中华人民共和国劳动合同法》"),
    ("行政执法公示制度", "行政执法公示制度"),
])
def test_short_label_abbreviates_and_cuts_at_a_boundary(label, short):
    assert short_label(label) == short


def test_pinyin_keys_give_full_pinyin_and_initials():
    assert pinyin_keys("杭州市") == ["hangzhoushi", "hzs"]
    assert pinyin_keys("Hangzhou") == []


def test_generic_aliases_are_left_out_of_search_keys():
    bureaus = [NetworkNode(f"b{i}", "bureau", f"{c}市人力资源和社会保障局", {"zh": f"{c}市人力资源和社会保障局"},
                           aliases=["市人社局", f"{c}人社"]) for i, c in enumerate("甲乙丙")]
    from legalkg.viz.network import NetworkData

    data = NetworkData(bureaus, [])
    generic = generic_aliases(data)
    assert "市人社局" in generic
    keys = search_keys(bureaus[0], generic)
    assert "市人社局" not in keys and "甲人社" in keys and "jiashirenliziyuanheshehuibaozhangju" in keys


def test_matrix_cells_point_at_implements_links(built_store):
    data = network_data(built_store, "zh")
    table = matrix(data)
    assert table["cells"] and table["total"]["rows"] == 4
    for row, col, reports, first, link in table["cells"]:
        edge = data.edges[link]
        assert edge.relation == "implements"
        assert (edge.source, edge.target) == (table["rows"][row], table["cols"][col])
        assert reports >= 1 and first == min(edge.years)


def test_adoption_counts_bureaus_per_year(built_store):
    data = network_data(built_store, "zh")
    table = adoption(data)
    assert table["years"] == sorted(table["years"]) and table["mechanisms"]
    for counts, firsts in zip(table["counts"], table["first"]):
        assert sum(firsts) >= 1 and all(f <= c for f, c in zip(firsts, counts))


@pytest.mark.parametrize(("name", "roman"), [
    ("浙江省", "Zhejiang"), ("上虞区", "Shangyu"), ("新疆维吾尔自治区", "Xinjiang"), ("北京市", "Beijing"),
    ("Zhejiang", "Zhejiang"),
])
def test_romanize_place_gives_pinyin_without_the_level(name, roman):
    from legalkg.viz.model import romanize_place

    assert romanize_place(name) == roman
