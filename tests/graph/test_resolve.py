"""Resolution: names to canonical keys, gazetteers, deterministic IRIs."""
from __future__ import annotations

import pytest

from legalkg.graph.iris import entity_iri
from legalkg.graph.resolve import (
    bureau_key,
    gazetteer,
    normalize_name,
    pattern_key,
    place_slug,
    resolve,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("《人力资源和社会保障法治建设实施纲要（2016－2020年）》", "人力资源和社会保障法治建设实施纲要2016-2020年"),
        ("“双随机、一公开”", "双随机、一公开"),
        ("The Civil Code", "civil code"),
        ("勞動合同法", "劳动合同法"),
    ],
)
def test_normalize_name_makes_variants_equal(a, b):
    assert normalize_name(a) == normalize_name(b)


@pytest.mark.parametrize(
    ("kind", "name", "key"),
    [
        ("regulation", "保障农民工工资支付条例", "migrant-wage-regulations"),
        ("regulation", "Regulations on Guaranteeing Wage Payment of Migrant Workers", "migrant-wage-regulations"),
        ("regulation", "Regulations on Ensuring Wage Payment for Migrant Workers", "migrant-wage-regulations"),
        ("mechanism", "行政执法“三项制度”", "three-systems"),
        ("mechanism", "三项制度", "three-systems"),
        ("mechanism", "three systems", "three-systems"),
        ("mechanism", "双随机一公开", "double-random-one-open"),
        ("mechanism", "double random, one open", "double-random-one-open"),
        ("mechanism", "legal adviser system", "legal-adviser"),
        ("mechanism", "法律顾问制度", "legal-adviser"),
        ("mechanism", "internet plus Supervision", "internet-plus-supervision"),
        ("partner", "省人力社保厅", "provincial-hrss"),
        ("partner", "Provincial Department of Human Resources and Social Security", "provincial-hrss"),
    ],
)
def test_resolve_curated_names_in_both_languages(kind, name, key):
    assert resolve(kind, name)[0] == key


def test_pattern_key_folds_mechanism_tails():
    assert pattern_key("mechanism", "“一件事”联办改革") == pattern_key("mechanism", "一件事联办")


@pytest.mark.parametrize(("kind", "name", "key"), [
    ("mechanism", "首问负责制", "首问负责"),
    ("mechanism", "容缺受理工作机制", "容缺受理"),
    ("mechanism", "河长制", "河长制"),            # a core shorter than three characters keeps its tail
    ("mechanism", "首问制度", "首问制度"),
    ("mechanism", "Case Notification System", "case notification"),
    ("mechanism", "the reform", "reform"),       # nothing left: the name itself
    ("regulation", "法律顾问制度", "法律顾问制度"),  # only mechanisms lose their tail
    ("partner", "法律顾问工作机制", "法律顾问工作机制"),
    ("bureau", "人社服务快办改革", "人社服务快办改革"),
    ("regulation", "Legal Adviser System", "legal adviser system"),
    ("bureau", "Petition System", "petition system"),
    ("mechanism", "双随机制度", "双随机"),           # a core of exactly three characters loses the tail
])
def test_pattern_key_drops_the_generic_tail_of_mechanisms_only(kind, name, key):
    assert pattern_key(kind, name) == key


def test_gazetteer_broader_keys_exist():
    mechanisms = gazetteer("mechanism")
    for entry in mechanisms.entries.values():
        assert all(b in mechanisms.entries for b in entry.broader)


def test_gazetteer_unknown_kind_lists_available():
    with pytest.raises(KeyError, match="available: mechanism, partner, regulation"):
        gazetteer("bureau")


@pytest.mark.parametrize(
    ("place", "key"),
    [("杭州市", "hangzhou-hrss"), ("Hangzhou", "hangzhou-hrss"), ("上虞区", "shangyu-hrss"), ("缙云县", "jinyun-hrss")],
)
def test_bureau_key_from_pinyin_of_place(place, key):
    assert bureau_key(place) == key


@pytest.mark.parametrize(("place", "slug"), [
    ("佛山市", "foshan"),
    ("浦东新区", "pudong"),          # 新区: a two-character suffix
    ("延边朝鲜族自治州", "yanbianchaoxianzu"),
    ("香港特别行政区", "xianggang"),
    ("大兴安岭地区", "daxinganling"),
    ("阿拉善盟", "alashan"),
    ("上虞區", "shangyu"),            # traditional characters, simplified first
    ("市", "shi"),                   # nothing but a suffix: the name itself
    (" Shanghai Pudong ", "shanghai-pudong"),
    ("ＡＢＣ", "abc"),               # full-width ASCII folds first
])
def test_place_slug_is_the_pinyin_of_the_place_without_its_level_suffix(place, slug):
    assert place_slug(place) == slug


def test_bureau_key_with_a_division_code_tells_apart_places_of_one_name():
    assert bureau_key("市中区", "370402") == "shizhong-370402-hrss"
    assert bureau_key("市中区", "370103") != bureau_key("市中区", "370402")


def test_entity_iris_are_deterministic():
    first = [entity_iri("regulation", resolve("regulation", n)[0]) for n in ("《杭州市社会保险费征缴办法》", "宪法")]
    again = [entity_iri("regulation", resolve("regulation", n)[0]) for n in ("杭州市社会保险费征缴办法", "中华人民共和国宪法")]
    assert first == again
    assert str(first[1]) == "https://w3id.org/legalkg/id/regulation/constitution"


def test_gazetteer_entry_labels_are_its_names_by_language():
    entry = gazetteer("mechanism").entries["three-systems"]
    assert entry.labels == {"zh": entry.zh, "en": entry.en} and entry.zh == "行政执法“三项制度”"
    assert resolve("mechanism", "三项制度") == ("three-systems", entry)
    assert resolve("mechanism", "一件从未登记的制度")[1] is None


def test_pattern_key_compares_the_kind_by_value():
    kind = "".join(["mech", "anism"])  # built at run time, as a kind read from data is
    assert pattern_key(kind, "容错免责机制") == "容错免责"  # names no other test uses (the cache)
    assert pattern_key(kind, "Pilot Reform") == "pilot"
