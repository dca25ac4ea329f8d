"""Partner roles: led by, supervised by, cooperating with, or applying a document issued by."""
from __future__ import annotations

import pytest

from legalkg.ingest.extract import extract
from legalkg.ingest.model import Document


def _roles(text: str) -> dict[str, str]:
    return {p.label: p.role for p in extract(Document("t.txt", text)).partners}


@pytest.mark.parametrize(
    ("text", "partner", "role"),
    [
        ("2023年,在区委、区政府的坚强领导下,区人社局坚持依法行政。", "区委", "leads"),
        ("2025年,在省人力资源社会保障厅的关心指导下,市人社局完善法治工作机制。", "省人力资源和社会保障厅", "supervises"),
        ("区人社局自觉接受人大、政协监督。", "人大", "supervises"),
        ("区人社局与人民法院、检察院建立协作机制。", "人民法院", "cooperates"),
        ("根据中办、国办《法治政府建设与责任落实督察工作规定》,区人社局报告如下。", "中共中央办公厅", "issues"),
        ("严格按照市委宣传部相关规定,区人社局及时回应舆情。", "市委宣传部", "issues"),
        ("区人社局根据市委《关于加强法治建设的意见》开展工作。", "市委", "leads"),
    ],
)
def test_roles_zh(text, partner, role):
    roles = _roles(text)
    matched = [r for label, r in roles.items() if partner in label or label in partner]
    assert matched == [role], roles


def test_roles_issuer_everywhere_else_leads_wins():
    roles = _roles("根据国务院《条例》,落实党中央、国务院决策部署,区人社局依法行政。")
    assert roles["国务院"] == "leads"


@pytest.mark.parametrize(
    ("text", "partner", "role"),
    [
        ("Under the leadership of the municipal party committee, the Hangzhou Municipal Bureau of Human Resources and "
         "Social Security improved its work.", "party committee", "leads"),
        ("According to the Notice of the Provincial Department of Justice on Reviews, the Hangzhou Municipal Bureau of "
         "Human Resources and Social Security reviewed cases.", "Provincial Department of Justice", "issues"),
        ("The Hangzhou Municipal Bureau of Human Resources and Social Security worked with Zhejiang University.",
         "Zhejiang University", "cooperates"),
    ],
)
def test_roles_en(text, partner, role):
    roles = _roles(text)
    matched = [r for label, r in roles.items() if partner.lower() in label.lower()]
    assert matched and set(matched) == {role}, roles


def test_roles_national_body_led_by_the_centre_and_overseen_by_congress():
    roles = _roles("Annual Report of the Ministry of Justice on Law-Based Government Construction in 2021\n"
                   "Under the leadership of the CPC Central Committee and the State Council, the Ministry of Justice "
                   "worked with the Supreme People's Court and accepted the supervision of the National People's Congress.")
    assert roles["Central Committee of the Communist Party of China"] == "leads"
    assert roles["State Council"] == "leads"
    assert roles["Supreme People's Court"] == "cooperates"
    assert [r for label, r in roles.items() if "Congress" in label] == ["supervises"]


def test_roles_issuer_inside_a_quoted_english_title_is_not_a_partner():
    roles = _roles("According to the \"Decision of the State Council on Cancelling Licences\", the Hangzhou "
                   "Municipal Bureau of Human Resources and Social Security cancelled two licences.")
    assert "State Council" not in roles


def test_roles_english_rule_of_law_commission_leads_and_peer_ministry_cooperates():
    roles = _roles("Annual Report of the Ministry of Justice on Law-Based Government Construction in 2021\n"
                   "In 2021, under the leadership of the Central Commission for Comprehensively Governing the Country "
                   "by Law, the Ministry of Justice worked with the Ministry of Public Security.")
    assert [r for label, r in roles.items() if label.startswith("Central Commission")] == ["leads"]
    assert roles["Ministry of Public Security"] == "cooperates"



@pytest.mark.parametrize("after", ["印发《实施办法》", "、市财政局联合出台相关规定", "的文件精神", "下发通知要求", "〈办法〉", "的规定"])
def test_issuer_words_are_in_every_text_the_issuer_pattern_matches(after):
    """The quick word check before the issuer pattern never turns a match away."""
    from legalkg.ingest.roles import _ZH_ISSUER_AFTER, _ZH_ISSUER_WORDS

    assert _ZH_ISSUER_AFTER.match(after) and _ZH_ISSUER_WORDS.search(after)


@pytest.mark.parametrize("after", ["联合开展检查", "", "、市司法局、市财政局和市税务局共同推进" * 3])
def test_issuer_pattern_never_matches_a_text_without_issuer_words(after):
    from legalkg.ingest.roles import _ZH_ISSUER_AFTER, _ZH_ISSUER_WORDS

    assert not _ZH_ISSUER_WORDS.search(after) and not _ZH_ISSUER_AFTER.match(after)
