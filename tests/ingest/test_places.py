"""Administrative divisions: codes, hierarchy and telling same-named places apart."""
from __future__ import annotations

import pytest

from legalkg.ingest import places


@pytest.mark.parametrize(
    ("place", "chain"),
    [
        ("上虞区", [("330604", "上虞区"), ("330600", "绍兴市"), ("330000", "浙江省")]),
        ("缙云县", [("331122", "缙云县"), ("331100", "丽水市"), ("330000", "浙江省")]),
        ("Hangzhou", [("330100", "杭州市"), ("330000", "浙江省")]),
        ("和平区", None),  # five districts share the name: not located without a clue
    ],
)
def test_locate_gives_the_division_and_its_parents(place, chain):
    found = places.locate(place)
    if chain is None:
        assert found is None
    else:
        assert [(d.code, d.name) for d in places.lineage(found)] == chain


def test_locate_tells_same_named_districts_apart_by_a_code_in_the_text():
    assert places.locate("市中区", "索 引 号:370402/2022-00029").code == "370402"


def test_locate_tells_same_named_districts_apart_by_a_parent_named_in_the_text():
    assert places.locate("市中区", "枣庄市市中区人社局").code == "370402"


def test_municipality_districts_sit_directly_under_the_municipality():
    assert [d.name for d in places.lineage(places.locate("和平区", "天津市和平区"))] == ["和平区", "天津市"]


def test_first_named_finds_the_place_of_a_level():
    assert places.first_named("请与市人社局法规处联系(地址:天津市和平区建设路18号)", "市").code == "120000"


def test_known_place_before_reads_chained_names():
    text = "绍兴市上虞区人社局"
    assert places.known_place_before(text, text.index("人社局")) == "上虞区"


@pytest.mark.parametrize(("text", "end", "place"), [
    ("绍兴市上虞区人社局", 6, "上虞区"), ("绍兴市人社局", 3, "绍兴市"), ("人社局", 0, ""), ("区人社局", 1, ""),
    ("杭州的人社局", 3, ""), ("浙江省杭州市", 6, "杭州市"),
])
def test_known_place_before_is_empty_where_no_name_ends(text, end, place):
    assert places.known_place_before(text, end) == place


@pytest.mark.parametrize(("title", "name"), [
    ("浙江省行政规范性文件管理办法", "浙江省"), ("杭州市劳动人事争议仲裁办法", "杭州市"), ("浙江数字政府建设方案", "浙江省"),
    ("关于印发办法的通知", None), ("", None), ("浙", None),
])
def test_leading_division_is_the_division_a_title_opens_with(title, name):
    found = places.leading_division(title)
    assert (found.name if found else None) == name
