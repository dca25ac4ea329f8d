"""A parameter's text names an entity by label, alias, short or English form or unique prefix."""
from __future__ import annotations

import pytest

from legalkg.queries.match import Label, display_labels, fold, matches, similar

HANGZHOU = "id:hangzhou"
SHAOXING = "id:shaoxing"
LABELS = [
    Label(HANGZHOU, "杭州市人力资源和社会保障局", "zh", True),
    Label(HANGZHOU, "Hangzhou Municipal Bureau of Human Resources and Social Security", "en", True),
    Label(HANGZHOU, "杭州市人力社保局", "zh"),
    Label(SHAOXING, "绍兴市人力资源和社会保障局", "zh", True),
]


@pytest.mark.parametrize("long, short", [
    ("杭州市人力资源和社会保障局", "杭州市人社局"),
    ("杭州市人力资源社会保障局", "杭州市人力社保局"),
    ("浙江省人力资源和社会保障厅", "浙江省人社厅"),
    ("“Three Systems”", "three systems"),
    ("《保障农民工工资支付条例》", "保障农民工工资支付条例"),
])
def test_fold_makes_long_and_short_forms_equal(long: str, short: str) -> None:
    assert fold(long) == fold(short)


@pytest.mark.parametrize("text", ["杭州", "杭州市人社局", "Hangzhou", "HANGZHOU MUNICIPAL", "杭州市人力资源和社会保障局"])
def test_matches_names_one_entity(text: str) -> None:
    assert matches(text, LABELS) == [HANGZHOU]


def test_matches_an_exact_label_wins_over_longer_ones_it_begins() -> None:
    labels = [*LABELS, Label("id:hangzhou-city", "杭州", "zh", True)]
    assert matches("杭州", labels) == ["id:hangzhou-city"]


def test_matches_a_shared_prefix_is_ambiguous_and_nothing_is_empty() -> None:
    assert matches("杭", [*LABELS, Label("id:hangzhou-2", "杭州市司法局", "zh", True)]) == [HANGZHOU, "id:hangzhou-2"]
    assert matches("北京", LABELS) == []
    assert matches("  ", LABELS) == []


def test_display_labels_prefer_the_preferred_label_in_the_language() -> None:
    assert display_labels(LABELS, "en")[HANGZHOU].startswith("Hangzhou Municipal")
    assert display_labels(LABELS, "zh") == {HANGZHOU: "杭州市人力资源和社会保障局", SHAOXING: "绍兴市人力资源和社会保障局"}


def test_similar_suggests_near_spellings() -> None:
    assert similar("绍兴人力资源和社会保障局", LABELS)[0] == SHAOXING
