"""Hits, intervals and the scanning helpers the rule patterns share."""
from __future__ import annotations

from pathlib import Path

import pytest

from legalkg.ingest import rules_en, rules_zh
from legalkg.ingest.hits import Hit, Spans, automaton, finditer_from, finditer_near, longest_matches

TRICKY = (
    "中共杭州市委全面依法治市委员会办公室、市委政法委员会和浙江大学、浙江大学生、"
    "北京大成（杭州）律师事务所律师事务所。党中央、市委、中央和国务院。区委区政府，县委办，"
    "律师事务所在开头之后，委员会委员会，大学大学大学。"
)


@pytest.mark.parametrize(("regex", "literal", "reach"), [
    (rules_zh._PARTY_GOV, "委", 1),
    (rules_zh._CENTRE, "中央", 0),
    (rules_zh._CPC_COMMITTEE, "中共", 0),
    (rules_zh._PARTY_COMMISSION, "委员会", 22),
    (rules_zh._LAW_FIRM, "律师事务所", 20),
    (rules_zh._UNIVERSITY, "大学", 10),
])
def test_finditer_near_finds_exactly_what_finditer_finds(sample_corpus: Path, regex, literal, reach):
    texts = [TRICKY, TRICKY * 3, "", literal, *(p.read_text(encoding="utf-8") for p in sorted(sample_corpus.glob("*-zh.txt")))]
    for text in texts:
        expected = [(m.start(), m.end(), m.groups()) for m in regex.finditer(text)]
        assert [(m.start(), m.end(), m.groups()) for m in finditer_near(regex, literal, reach, text)] == expected
    assert any(regex.search(text) for text in texts)


def test_finditer_near_misses_matches_when_reach_is_too_short():
    """`reach` is a promise about the regex: a match whose literal stands further on is skipped."""
    assert [m.group() for m in finditer_near(rules_zh._LAW_FIRM, "律师事务所", 20, "浙江泽大律师事务所")] == ["浙江泽大律师事务所"]
    assert list(finditer_near(rules_zh._LAW_FIRM, "律师事务所", 1, "浙江泽大律师事务所")) == []


TRICKY_EN = (
    "The Hangzhou Municipal Bureau of Human Resources and Social Security, the Human Resources and Social "
    "Security Bureau and the labour resources social security bureau implemented the Regulations on "
    "Guaranteeing Payment of Wages to Migrant Workers, the Labor Contract Law of the People's Republic of "
    "China, the People's Republic of China Civil Code, the Constitution and the Zhejiang University and "
    "Zhejiang Gongshang University programmes. Interim Measures for the Administration of Rules on Law."
)


@pytest.mark.parametrize(("regex", "starts"), [
    (rules_en._TITLE, rules_en._TITLE_STARTS),
    (rules_en._LAW, rules_en._LAW_STARTS),
    (rules_en._CODE, rules_en._CODE_STARTS),
    (rules_en._UNIVERSITY, rules_en._UNIVERSITY_STARTS),
])
def test_finditer_from_finds_exactly_what_finditer_finds(sample_corpus: Path, regex, starts):
    texts = [TRICKY_EN, TRICKY_EN * 2, "", *(p.read_text(encoding="utf-8") for p in sorted(sample_corpus.glob("*-en.txt")))]
    for text in texts:
        expected = [(m.start(), m.end(), m.groups()) for m in regex.finditer(text)]
        assert [(m.start(), m.end(), m.groups()) for m in finditer_from(regex, starts, text)] == expected
    assert any(regex.search(text) for text in texts)


@pytest.mark.parametrize(("text", "expected"), [
    ("", []),
    ("劳动合同法", [(0, 5, "劳动合同法", "lcl")]),
    ("劳动合同", [(0, 4, "劳动合同", "lc")]),  # the longest phrase at the leftmost start
    ("合同法", [(0, 2, "合同", "c")]),  # leftmost wins over longer: 合同 starts before 同法
    ("合同法合同", [(0, 2, "合同", "c"), (3, 5, "合同", "c")]),
    ("同法劳动合同法", [(0, 2, "同法", "t"), (2, 7, "劳动合同法", "lcl")]),
])
def test_longest_matches_are_leftmost_longest_and_never_overlap(text, expected):
    auto = automaton({"合同": "c", "劳动合同": "lc", "劳动合同法": "lcl", "同法": "t"})
    assert longest_matches(auto, text) == expected



def _hit(start: int, end: int) -> Hit:
    return Hit("x", start, end, "")


SPANS = [_hit(10, 20), _hit(0, 5), _hit(12, 15), _hit(30, 40)]


@pytest.mark.parametrize(("start", "end", "inside"), [
    (11, 19, True), (10, 20, True), (12, 15, True), (0, 5, True), (31, 35, True),
    (4, 11, False), (19, 25, False), (21, 29, False), (40, 41, False),
])
def test_spans_contains_a_hit_inside_another_one(start, end, inside):
    assert Spans(SPANS).contains(_hit(start, end)) is inside


def test_spans_does_not_count_a_hit_as_inside_itself():
    alone = _hit(3, 7)
    assert not Spans([alone]).contains(alone)
    assert Spans([alone, _hit(3, 7)]).contains(alone)


@pytest.mark.parametrize(("start", "end", "overlapping"), [
    (4, 6, True), (19, 31, True), (5, 10, False), (20, 30, False), (40, 50, False), (39, 40, True),
])
def test_spans_overlaps_a_hit_sharing_a_character(start, end, overlapping):
    assert Spans(SPANS).overlaps(_hit(start, end)) is overlapping


def test_spans_covering_lists_every_span_around_a_hit():
    assert sorted((h.start, h.end) for h in Spans(SPANS).covering(_hit(13, 14))) == [(10, 20), (12, 15)]
    assert Spans(SPANS).covering(_hit(25, 26)) == []
