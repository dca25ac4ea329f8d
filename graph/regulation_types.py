"""The level of a cited document, read from its title and document number: national law, State
Council regulation, Party regulation, central document, ministry document, provincial or
municipal/county document.

Why from the title: Chinese legal titles carry their issuer or rank (中华人民共和国…法, …条例
without a place, 浙江省…办法, 人力资源和社会保障部关于…的通知), and document numbers carry the
issuer's abbreviation (国办发, 人社部发, 浙政发, 杭人社). A title that shows none of these gets
no level rather than a guess.
"""
from __future__ import annotations

import re

TYPES: dict[str, tuple[str, str]] = {
    "national-law": ("法律", "national law"),
    "administrative-regulation": ("行政法规", "State Council regulation"),
    "party-regulation": ("党内法规", "Party regulation"),
    "central-document": ("中央和国务院文件", "central Party or State Council document"),
    "ministry-document": ("部门规章和文件", "ministry rule or document"),
    "provincial-document": ("省级法规、规章和文件", "provincial regulation, rule or document"),
    "municipal-document": ("市县级文件", "municipal or county document"),
}

_PROVINCES = (
    "北京市", "天津市", "上海市", "重庆市", "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省", "江苏省", "浙江省",
    "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "海南省", "四川省", "贵州省",
    "云南省", "陕西省", "甘肃省", "青海省", "台湾省", "内蒙古自治区", "广西壮族自治区", "西藏自治区",
    "宁夏回族自治区", "新疆维吾尔自治区", "香港特别行政区", "澳门特别行政区",
)
_PROVINCE_TITLE = re.compile("^(?:中共)?(?:" + "|".join(_PROVINCES) + "|" + "|".join(p[:2] for p in _PROVINCES) + r"省)")
_PROVINCE_ABBR = "京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤琼川蜀贵黔云滇陕秦甘陇青蒙桂藏宁新"
_LOCAL_TITLE = re.compile(r"^(?:中共)?(?!关于)[\u4e00-\u9fff]{1,7}?(?:市|区|县|州|盟|旗)(?!场|民|级)")
_CENTRAL_TITLE = re.compile(r"^(?:中共中央|中共中央办公厅|国务院|国务院办公厅|中央全面依法治国委员会|中央依法治国办)")
_NPC_TITLE = re.compile(r"^全国人民代表大会")
_NOT_LAW = ("办法", "方法", "做法", "立法", "执法", "司法", "普法", "守法", "用法")
_MINISTRY_TITLE = re.compile(r"^(?:中华人民共和国)?[\u4e00-\u9fff]{2,14}?部(?:办公厅)?(?:关于|令|印发|、)|^(?:人社部|人力资源社会保障部)")
_NATIONAL_NUMBER = re.compile(r"^(?:国发|国办发|国办函|国令|国函|中发|中办发|厅字)")
_MINISTRY_NUMBER = re.compile(r"^(?:人社部|人社厅|人社险|人社规|司法部|财[社政]|发改)")
_PROVINCIAL_NUMBER = re.compile(f"^[{_PROVINCE_ABBR}](?:政|人社|人力社保|委|办|司|财|发改|劳)")

_EN_LAW = re.compile(r"\bLaw of the People'?s Republic of China\b|^(?:the )?Civil Code\b|^(?:the )?Constitution\b", re.I)
_EN_PROVINCE = re.compile(r"\b(?:Province|Provincial|Autonomous Region)\b", re.I)
_EN_CENTRAL = re.compile(r"\b(?:State Council|Central Committee|General Office of the CPC)\b", re.I)
_EN_MINISTRY = re.compile(r"\bMinistry of\b", re.I)
_EN_LOCAL = re.compile(r"\b(?:Municipal|City|District|County)\b|\bin [A-Z][a-z]+$")
_EN_REGULATION = re.compile(r"^(?:the )?Regulations? (?:on|for|of)\b", re.I)


def regulation_type(labels: dict[str, str], identifiers: list[str] | tuple[str, ...] = ()) -> str | None:
    """The key in `TYPES` of a document with these labels (language -> title) and document
    numbers, or None when neither shows the level."""
    zh = labels.get("zh", "")
    if zh:
        found = _from_chinese(zh)
        if found:
            return found
    for number in identifiers:
        found = _from_number(number)
        if found:
            return found
    en = labels.get("en", "")
    return _from_english(en) if en else None


def _from_chinese(title: str) -> str | None:
    title = title.strip("《》<> ")
    if title.startswith("中国共产党") or (title.startswith("中共") and title.endswith(("条例", "规定", "规则"))
                                          and not _LOCAL_TITLE.match(title) and not _PROVINCE_TITLE.match(title)):
        return "party-regulation"
    is_law = title.endswith(("法", "法典")) and not title.endswith(_NOT_LAW)
    if title.startswith("中华人民共和国") and is_law or title.endswith("宪法") or _NPC_TITLE.match(title):
        return "national-law"
    if _CENTRAL_TITLE.match(title):
        return "central-document"
    if _MINISTRY_TITLE.search(title):
        return "ministry-document"
    if _PROVINCE_TITLE.match(title):
        return "provincial-document"
    if _LOCAL_TITLE.match(title):
        return "municipal-document"
    if is_law and len(title) <= 20:
        return "national-law"
    if title.endswith("条例") and "党" not in title:
        return "administrative-regulation"
    return None


def _from_number(number: str) -> str | None:
    if _NATIONAL_NUMBER.match(number):
        return "central-document"
    if _MINISTRY_NUMBER.match(number):
        return "ministry-document"
    if _PROVINCIAL_NUMBER.match(number):
        return "provincial-document"
    if re.match(r"^[\u4e00-\u9fff]{2,6}〔", number):
        return "municipal-document"
    return None


def _from_english(title: str) -> str | None:
    if _EN_LAW.search(title):
        return "national-law"
    if _EN_PROVINCE.search(title):
        return "provincial-document"
    if _EN_CENTRAL.search(title):
        return "central-document"
    if _EN_MINISTRY.search(title):
        return "ministry-document"
    if _EN_LOCAL.search(title):
        return "municipal-document"
    if _EN_REGULATION.match(title):
        return "administrative-regulation"
    return None
