"""Key figures: each indicator found with its value and unit, in its clause, and nothing else."""
from __future__ import annotations

import pytest

from legalkg.ingest.figures import find_figures


def _found(text: str, language: str = "zh") -> list[tuple[str, float, str]]:
    return [(f.indicator, f.value, text[f.start:f.end]) for f in find_figures(text, language)]


@pytest.mark.parametrize(("text", "expected"), [
    ("2020年共办理行政复议案件15件。", [("reconsideration-received", 15, "行政复议案件15件")]),
    ("我局共受理行政复议案件29件,审结27件。",
     [("reconsideration-received", 29, "行政复议案件29件"), ("reconsideration-closed", 27, "审结27件")]),
    ("答辩行政诉讼案件29件(一审案件),已结案24件。",
     [("litigation-received", 29, "行政诉讼案件29件"), ("litigation-closed", 24, "已结案24件")]),
    ("答复行政复议案件36件。", [("reconsideration-responded", 36, "答复行政复议案件36件")]),
    ("行政诉讼败诉案件为1件,败诉率为3.5%。",
     [("litigation-lost", 1, "败诉案件为1件"), ("litigation-loss-rate", 3.5, "败诉率为3.5%")]),
    ("本年度我局行政首长出庭应诉率为100%。", [("court-appearance-rate", 100, "出庭应诉率为100%")]),
    ("共发布行政规范性文件5件。", [("normative-documents-issued", 5, "发布行政规范性文件5件")]),
    ("对本局制发的262件规范性文件进行清理。", [("normative-documents-reviewed", 262, "262件规范性文件进行清理")]),
    ("宣布失效或废止的规范性文件56件。", [("normative-documents-repealed", 56, "废止的规范性文件56件")]),
    ("共计审查58件行政执法案卷。", [("enforcement-files-reviewed", 58, "58件行政执法案卷")]),
    ("2024年我局应持执法证人员84人,已持证83人。", [("certificate-holders", 83, "已持证83人")]),
    ("抽检企业共计206家。", [("inspections", 206, "抽检企业共计206家")]),
    ("快速处理案件179件,涉及劳动者194人,工资359.63万元。",
     [("workers-covered", 194, "涉及劳动者194人"), ("wage-arrears-recovered", 359.63, "工资359.63万元")]),
])
def test_chinese_figures(text: str, expected: list[tuple[str, float, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize("text", [
    "2020年我局共收到行政复议和行政诉讼案件27件。",       # two kinds counted together
    "其中调解后申请人主动撤回行政复议案件7件。",          # withdrawn, not received
    "全区新增就业岗位39958个,失业率登记1.41%。",          # figures, but not indicators
    "完成《行政复议法》学习3次。",
])
def test_chinese_numbers_that_are_not_indicators(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("By the end of December, our bureau had answered 15 cases of administrative reconsideration, "
     "and 14 cases had been closed.",
     [("reconsideration-responded", 15, "answered 15 cases of administrative reconsideration"),
      ("reconsideration-closed", 14, "14 cases had been closed")]),
    ("One case was revoked, and the failure rate of administrative litigation cases was 5%.",
     [("litigation-loss-rate", 5, "failure rate of administrative litigation cases was 5%")]),
    ("We successively selected and inspected 75 employers through double random.",
     [("inspections", 75, "inspected 75 employers")]),
])
def test_english_figures(text: str, expected: list[tuple[str, float, str]]) -> None:
    assert _found(text, "en") == expected


def test_offsets_point_into_the_whole_text_and_its_sentence() -> None:
    text = "第一句话。\n我局共受理行政复议案件29件,审结27件。第三句。"
    figures = find_figures(text, "zh")
    assert [text[f.start:f.end] for f in figures] == ["行政复议案件29件", "审结27件"]
    assert {text[f.sentence_start:f.sentence_end] for f in figures} == {"我局共受理行政复议案件29件,审结27件。"}


def test_the_topic_of_a_closed_count_does_not_leak_into_the_next_sentence() -> None:
    assert _found("受理行政复议案件3件。已结案2件。") == [("reconsideration-received", 3, "行政复议案件3件")]


def test_a_huge_run_of_digits_is_not_a_figure() -> None:
    assert _found("行政复议案件" + "9" * 400 + "件。") == []


def test_full_width_digits_are_read_as_numbers() -> None:
    assert _found("办理行政复议案件１５件。") == [("reconsideration-received", 15, "行政复议案件１５件")]


def test_every_english_pattern_needs_one_of_the_words_a_clause_is_checked_for():
    """A pattern without one of EN_WORDS would never be tried: the quick check would skip it."""
    from legalkg.ingest.figures import _EN, EN_WORDS

    for indicator, _, pattern in _EN:
        assert any(word in pattern.pattern.lower() for word in EN_WORDS), indicator


@pytest.mark.parametrize(("text", "expected"), [
    ("The bureau RECEIVED 12 ADMINISTRATIVE RECONSIDERATION CASES.", [("reconsideration-received", 12, "RECEIVED 12 ADMINISTRATIVE RECONSIDERATION CASES")]),
    ("It received 3 caſes of adminiſtrative reconſideration.", [("reconsideration-received", 3, "received 3 caſes of adminiſtrative reconſideration")]),
    ("Inspectors SPOT-CHECKED 40 employers.", [("inspections", 40, "SPOT-CHECKED 40 employers")]),
    ("It handled 12 cases in 2020 and reviewed its rules.", []),
])
def test_english_figures_are_found_in_any_case_and_with_long_s(text, expected):
    assert _found(text, "en") == expected
