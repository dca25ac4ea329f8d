"""The reporting body of any kind: found in the title, metadata, opening or signature, with its
department kind, unit, administrative level and place; never given a place it does not have."""
from __future__ import annotations

import pytest

from legalkg.ingest.extract import extract
from legalkg.ingest.model import Document


def _body(text: str):
    extraction = extract(Document("t.txt", text))
    return extraction, extraction.bureau


@pytest.mark.parametrize(
    ("text", "label", "department", "level"),
    [
        ("陵川县教育局 2025年法治政府建设年度报告\n2025年,我局坚持依法行政。", "陵川县教育局", "education", "county"),
        ("宝安区人力资源局2023年法治政府建设年度报告\n我局全面推进依法行政。", "宝安区人力资源和社会保障局", "hrss", "district"),
        ("烟台人力资源和社会保障局2022年法治政府建设情况报告\n2022年,我局认真落实。", "烟台市人力资源和社会保障局", "hrss", "municipal"),
        ("浙江省司法厅2021年法治政府建设年度报告\n2021年,我厅深入推进。", "浙江省司法厅", "justice", "provincial"),
        ("杭州市市场监督管理局关于2023年度法治政府建设情况的报告\n我局推行“双随机、一公开”监管。", "杭州市市场监督管理局", "market-regulation", "municipal"),
        ("国家医疗保障局2022年法治政府建设年度报告\n2022年,国家医保局坚持依法行政。", "国家医疗保障局", "medical-security", "national"),
        ("司法部2020年法治政府建设年度报告\n2020年,司法部深入学习贯彻。", "司法部", "justice", "national"),
        ("台州市路桥区人民政府关于2023年法治政府建设工作情况的报告\n2023年,区政府坚持依法行政。", "路桥区人民政府", "government", "district"),
    ],
)
def test_reporter_any_kind_of_body_from_the_title(text, label, department, level):
    _, body = _body(text)
    assert body is not None
    assert (body.label, body.department, body.admin_level) == (label, department, level)


def test_reporter_addressee_line_is_not_the_reporter():
    text = "杭人社〔2019〕15号\n杭州市人民政府:\n现将我局2019年法治政府建设工作开展情况报告如下。\n2019年以来,市人力社保局坚持依法行政。"
    _, body = _body(text)
    assert body.department == "hrss"


def test_reporter_metadata_line_names_the_body_and_index_number_its_place():
    text = ("- 索 引 号:370402/2022-00029\n- 发布机构:人力资源和社会保障局\n"
            "2021年以来,我局坚持依法行政,区人社局严格执法。")
    extraction, body = _body(text)
    assert body.label == "市中区人力资源和社会保障局"
    assert extraction.place == "370402"


def test_reporter_without_a_place_keeps_unknown_place_and_warns():
    extraction, body = _body("区人社局2023年法治政府建设年度报告\n区人社局依法公布权责清单。")
    assert body is not None and body.department == "hrss"
    assert body.key.startswith("unplaced-district-hrss-")
    assert "公布" not in body.label
    assert any("place is not named" in w for w in extraction.warnings)


def test_reporter_unplaced_bodies_of_two_reports_stay_apart():
    one = extract(Document("a.txt", "区人社局2023年法治政府建设年度报告\n区人社局推进依法行政。")).bureau
    two = extract(Document("b.txt", "区人社局2024年法治政府建设年度报告\n区人社局深化改革。")).bureau
    assert one.key != two.key


@pytest.mark.parametrize(
    ("text", "label", "key"),
    [
        ("2021 Annual Report of the Ministry of Justice on Law-based Government Construction\n"
         "In 2021, the Ministry of Justice thoroughly implemented the rule of law.", "Ministry of Justice", "china-justice"),
        ("Annual Report of the Department of Justice of Zhejiang Province on the Rule of Law in 2020\n"
         "In 2020, the Department carried out the \"three systems\".", "Zhejiang Provincial Department of Justice", "zhejiang-justice"),
    ],
)
def test_reporter_english_bodies(text, label, key):
    _, body = _body(text)
    assert (body.label, body.key) == (label, key)


def test_reporter_chinese_and_english_names_of_one_body_share_a_key():
    zh = extract(Document("zh.txt", "浙江省司法厅2020年法治政府建设年度报告\n2020年,我厅坚持依法行政。")).bureau
    en = extract(Document("en.txt", "Zhejiang Provincial Department of Justice: Annual Report on Law-based "
                                    "Government in 2020\nIn 2020, our department adhered to the law.")).bureau
    assert zh.key == en.key == "zhejiang-justice"


def test_reporter_market_regulation_report_yields_its_own_mechanisms_and_partners():
    text = ("杭州市市场监督管理局2023年法治政府建设年度报告\n2023年,在市委、市政府的坚强领导下,我局持续推进“双随机、一公开”监管,"
            "推行包容审慎监管,全面实施证明事项告知承诺制,与市公安局建立行政执法与刑事司法衔接机制。\n杭州市市场监督管理局\n2024年1月20日")
    extraction, body = _body(text)
    assert body.key == "hangzhou-market-regulation"
    mechanisms = {m.label for m in extraction.mechanisms}
    assert {"包容审慎监管", "告知承诺制", "行政执法与刑事司法衔接机制"} <= mechanisms
    assert {p.label: p.role for p in extraction.partners}["市公安局"] == "cooperates"


@pytest.mark.parametrize(
    ("text", "label", "en"),
    [
        ("北京市教委2022年法治政府建设年度情况报告\n2022年,市教委坚持依法治教。", "北京市教育委员会",
         "Beijing Municipal Commission of Education"),
        ("重庆市生态环境局2021年度法治政府建设情况报告\n2021年,市生态环境局认真贯彻落实。", "重庆市生态环境局",
         "Chongqing Municipal Bureau of Ecology and Environment"),
    ],
)
def test_reporter_municipalities_under_the_centre_are_provincial_but_municipal_in_name(text, label, en):
    _, body = _body(text)
    assert (body.label, body.labels["en"], body.admin_level) == (label, en, "provincial")


def test_reporter_signature_names_the_body_when_the_title_does_not():
    text = ("关于2023年度法治政府建设工作情况的报告\n2023年,区政务服务和大数据管理局坚持依法行政。\n"
            "南京市鼓楼区政务服务和大数据管理局\n2024年1月")
    extraction, body = _body(text)
    assert (body.department, body.admin_level, extraction.place) == ("government-services", "district", "320106")


def test_reporter_national_body_keeps_the_state_name_as_it_is_written():
    extraction, body = _body("中华人民共和国司法部2021年法治政府建设年度报告\n2021年,司法部坚持依法行政。")
    assert (body.key, body.label, body.admin_level) == ("china-justice", "司法部", "national")
    assert "中华人民共和国司法部" in body.aliases
