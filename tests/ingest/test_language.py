"""detect_language: Chinese when Han characters are at least a fifth of the Latin letters."""
from __future__ import annotations

import pytest

from legalkg.ingest.language import detect_language


@pytest.mark.parametrize(("text", "lang"), [
    ("", "en"),
    ("abc", "en"),
    ("中", "zh"),
    ("abcde中", "zh"),  # 1 * 5 >= 5
    ("abcdef中", "en"),  # 1 * 5 < 6
    ("abcdefghij中中", "zh"),
    ("abcdefghijk中中", "en"),
    ("éééééééééééé中", "zh"),  # accented, full-width and long-s letters are not [A-Za-z]
    ("ＡＢＣＤＥＦＧ中", "zh"),
    ("ſſſſſſſſ\ud800中", "zh"),
    ("The Hangzhou Municipal Bureau of Human Resources and Social Security (杭州市人社局) reports.", "en"),
    ("杭州市人力资源和社会保障局2019年法治政府建设年度报告，落实PPP项目和APP建设。", "zh"),
])
def test_detect_language_compares_han_characters_with_a_fifth_of_latin_letters(text: str, lang: str):
    assert detect_language(text) == lang


def test_detect_language_reads_only_the_sample():
    assert detect_language("a" * 100 + "中" * 1000, sample=100) == "en"
