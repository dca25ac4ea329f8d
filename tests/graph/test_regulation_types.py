"""The level of a cited document from its title and document number."""
from __future__ import annotations

import pytest

from legalkg.graph.regulation_types import TYPES, regulation_type


@pytest.mark.parametrize(("title", "expected"), [
    ("中华人民共和国劳动合同法", "national-law"),
    ("中华人民共和国民法典", "national-law"),
    ("行政处罚法", "national-law"),
    ("全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定", "national-law"),
    ("保障农民工工资支付条例", "administrative-regulation"),
    ("重大行政决策程序暂行条例", "administrative-regulation"),
    ("中国共产党农村工作条例", "party-regulation"),
    ("中共中央办公厅国务院办公厅关于印发<法治政府建设与责任落实督察工作规定>的通知", "central-document"),
    ("人力资源和社会保障部关于印发<人力资源和社会保障法治建设实施纲要2016-2020年>的通知", "ministry-document"),
    ("浙江省行政规范性文件管理办法", "provincial-document"),
    ("广西壮族自治区劳动保障监察条例", "provincial-document"),
    ("杭州市社会保险费征缴办法", "municipal-document"),
    ("缙云县人力资源和社会保障局关于印发社会保险基金要情报告制度暂行办法的通知", "municipal-document"),
    ("重大执法决定法制审核办法", None),
    ("关于健全完善全县人社系统业务经办的若干措施", None),
    ("关于开展“人社服务快办行动”的通知", None),
])
def test_chinese_titles(title: str, expected: str | None) -> None:
    assert regulation_type({"zh": title}) == expected


@pytest.mark.parametrize(("number", "expected"), [
    ("国办发〔2019〕9号", "central-document"),
    ("厅字〔2019〕28号", "central-document"),
    ("人社部发〔2016〕82号", "ministry-document"),
    ("浙人社发〔2020〕15号", "provincial-document"),
    ("杭人社〔2019〕15号", "municipal-document"),
])
def test_a_title_without_level_takes_it_from_the_document_number(number: str, expected: str) -> None:
    assert regulation_type({"zh": "关于做好某项工作的通知"}, [number]) == expected


@pytest.mark.parametrize(("title", "expected"), [
    ("Labor Contract Law of the People's Republic of China", "national-law"),
    ("Regulations on Guaranteeing Wage Payment of Migrant Workers", "administrative-regulation"),
    ("Regulations on Promoting the Development of Private Enterprises in Zhejiang Province", "provincial-document"),
    ("Decision of the State Council on Cancelling and Decentralizing a Batch of Administrative Licensing Matters",
     "central-document"),
    ("Measures for the Reform of Optimizing Examination and Approval Services for Labor Dispatch in Hangzhou",
     "municipal-document"),
    ("Guidelines for Administrative Law Enforcement during the Prevention and Control of Epidemic", None),
])
def test_english_titles(title: str, expected: str | None) -> None:
    assert regulation_type({"en": title}) == expected


def test_the_chinese_title_decides_when_both_languages_are_known() -> None:
    labels = {"zh": "保障农民工工资支付条例", "en": "Regulations on Guaranteeing Wage Payment of Migrant Workers"}
    assert regulation_type(labels) == "administrative-regulation"


def test_every_type_has_a_chinese_and_an_english_label() -> None:
    assert all(zh and en for zh, en in TYPES.values())
