"""How the reporting body relates to each partner it names (the sub-properties of lkg:worksWith):

- "leads": party committees, people's governments, the Party Centre and State Council, leading
  groups and rule-of-law commissions above the body (在市委、市政府的领导下);
- "supervises": higher departments (ministries, provincial departments, 上级业务部门), people's
  congresses and CPPCC, reconsideration organs and review offices, and any body the text names
  as guiding, assessing or overseeing it (在省人社厅的指导下, 接受…监督);
- "cooperates": peers: courts, procuratorates, other bureaus, unions, firms, universities, media;
- "issues": named only as the issuer of a document the body applies (根据中办、国办《…》).

Each mention votes by what the partner is and the words around it; a partner is an issuer only
when every mention of it is.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Literal

from legalkg.ingest.departments import level_rank
from legalkg.ingest.model import Entity

Role = Literal["leads", "supervises", "cooperates", "issues"]
ROLES: tuple[Role, ...] = ("leads", "supervises", "cooperates", "issues")

_ZH_LEADS = re.compile(
    r"(?:党中央|中共中央(?!办公厅)|^中央$|国务院(?!办公厅)|党委|党组|[省市区县州旗乡镇]委(?:[省市区县州旗]委)*$|"
    r"[省市区县州旗]委[省市区县州旗]?(?:人民)?政府$|人民政府$|政府$|领导小组(?:办公室)?$|依法治[国省市区县]|"
    r"中共.*委员会(?:办公室)?$|委员会全面依法治|法治政府建设.*委员会)"
)
_ZH_SUPERVISES = re.compile(
    r"(?:人大|政协|复议机关|复议机构|法制机构|法制办|政府办公[室厅]|上级|纪委|监委|纪检|监察|审计|督察|巡视|司法机关|"
    r"人力资源和社会保障部|人力资源社会保障部|人社部|^部$|[^局]厅$|^省厅$)"
)
_ZH_CENTRAL = re.compile(r"^(?:中共中央|党中央|国务院|中办|国办|中央)")
_ZH_COOPERATES = re.compile(r"(?:法院|检察|律师|大学|学院|工会|工商联|妇联|团委|电视台|报社|媒体|调解|仲裁|公安|派出所)")
_ZH_ISSUER_AFTER = re.compile(
    r"^(?:\s*[、和及与]\s*[^\s，。；：,;:《》“”等]{1,16}?)*?\s*(?:印发|发布|颁布|出台|制定|下发|修订)?(?:了|的)?\s*"
    r"(?:《|〈|相关规定|有关规定|的规定|规定|文件精神|[\u4e00-\u9fff]{0,6}(?:文件|通知)(?:要求|精神))"
)
# Every match of _ZH_ISSUER_AFTER ends with one of these: a text without them is not searched
# (the regex's nested lazy repetition backtracks a long way before it fails).
_ZH_ISSUER_WORDS = re.compile(r"[《〈]|规定|文件|通知")
_ZH_GUIDED_AFTER = re.compile(r"^(?:的)?(?:关心|大力|精心|悉心|有力|具体)?(?:指导|监督|督导|督查|督察|考核|检查|评估|审查|巡查)")
_ZH_GUIDED_BEFORE = re.compile(r"(?:接受|报送|报请|提请|报经|报)(?:[^，。；、]{0,8}[、和及])?$")
_ZH_LEVEL_WORD = re.compile(r"^(?:中央|国家|全国)|^省|^[\u4e00-\u9fff]{2,3}省")

_EN_LEADS = re.compile(
    r"party committee|people['’]s government|\bgovernment\b(?! office)|central committee|state council|leading group|"
    r"(?:commission|committee) for comprehensively|law-based governance", re.I)
_EN_HIGHER = re.compile(r"ministry|provincial department|department of .+ province|general office|higher", re.I)
_EN_OVERSEERS = re.compile(
    r"people['’]s congress|cppcc|political consultative|reconsideration|legal affairs office|discipline inspection|"
    r"supervisory commission", re.I)
_EN_ISSUER_AFTER = re.compile(
    r"^\s*(?:issued|promulgated|released|formulated|printed)\b|^['’]s\s+(?:Notice|Opinions?|Regulations?|Measures|Provisions|Decision|Circular|Plan)",
)
_EN_ISSUER_BEFORE = re.compile(
    r"(?:(?:issued|promulgated|released|formulated|printed)\s+by|(?:Notice|Opinions?|Circular|Measures|Provisions|Decision|"
    r"Regulations?|Plan)\s+of)\s+(?:the\s+)?$"
)
_EN_GUIDED = re.compile(r"(?:under\s+the\s+(?:\w+\s+){0,3}(?:guidance|supervision|leadership)\s+of|supervised\s+by|"
                        r"guidance\s+of|deployment\s+of|requirements\s+of)\s+(?:the\s+)?$", re.I)


def with_roles(partners: list[Entity], text: str, lang: str, reporter_level: str | None) -> list[Entity]:
    """`partners`, each with its role set from its mentions in `text`."""
    for entity in partners:
        entity.role = partner_role(entity, text, lang, reporter_level)
    return partners


def partner_role(entity: Entity, text: str, lang: str, reporter_level: str | None) -> Role:
    """The role of one partner: the commonest role its mentions give, "issues" only when every
    mention names it as an issuer."""
    votes = Counter(mention_role(entity.label, text, m.start, m.end, lang, reporter_level) for m in entity.mentions)
    if not votes:
        return type_role(entity.label, lang, reporter_level)
    others = [(n, -ROLES.index(r), r) for r, n in votes.items() if r != "issues"]
    return max(others)[2] if others else "issues"


def mention_role(label: str, text: str, start: int, end: int, lang: str, reporter_level: str | None) -> Role:
    """The role one mention gives its partner, from the words around it."""
    surface = text[start:end]
    if lang == "zh":
        after, before = text[end:end + 60], text[max(0, start - 40):start]
        role = type_role(surface, lang, reporter_level, label)
        if _ZH_ISSUER_WORDS.search(after) and _ZH_ISSUER_AFTER.match(after) and (role != "leads" or _ZH_CENTRAL.search(surface)):
            return "issues"  # a local committee or government stays the body's leader when it issues
        if role == "cooperates" and (_ZH_GUIDED_AFTER.match(after) or _ZH_GUIDED_BEFORE.search(before)):
            return "supervises"
        return role
    after, before = text[end:end + 40], text[max(0, start - 60):start]
    if _EN_ISSUER_AFTER.match(after) or _EN_ISSUER_BEFORE.search(before):
        return "issues"
    role = type_role(surface, lang, reporter_level, label)
    if role == "cooperates" and _EN_GUIDED.search(before):
        return "supervises"
    return role


@lru_cache(maxsize=4096)
def type_role(surface: str, lang: str, reporter_level: str | None, label: str = "") -> Role:
    """The role a partner has by what it is, whatever the sentence says (cached: a report names
    the same few agencies again and again)."""
    if lang == "zh":
        if _ZH_SUPERVISES.search(surface) or (label and _ZH_SUPERVISES.search(label) and not _ZH_LEADS.search(surface)):
            return "supervises"
        if _ZH_LEADS.search(surface):
            return "leads"
        if _ZH_COOPERATES.search(surface):
            return "cooperates"
        if _higher(surface, reporter_level):
            return "supervises"
        return "cooperates"
    names = f"{surface}\n{label}"
    if _EN_LEADS.search(names):
        return "leads"
    if _EN_OVERSEERS.search(names) or (_EN_HIGHER.search(names) and level_rank(reporter_level) > 0):
        return "supervises"
    return "cooperates"


def _higher(surface: str, reporter_level: str | None) -> bool:
    """A department named at a level above the reporter's (省司法厅 for a city bureau)."""
    m = _ZH_LEVEL_WORD.search(surface)
    if not m:
        return False
    level = "national" if m.group(0) in ("中央", "国家", "全国") else "provincial"
    return level_rank(level) < level_rank(reporter_level or "municipal")
