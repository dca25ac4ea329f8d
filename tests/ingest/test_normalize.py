"""Normalisation for matching keeps the length, so offsets stay the original's."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from legalkg.ingest.extract import extract
from legalkg.ingest.model import Document
from legalkg.ingest.normalize import normalize


def test_full_width_digits_and_letters_become_ascii_but_chinese_punctuation_stays() -> None:
    assert normalize("２０２１年，ＡＢｃ％（一）") == "2021年，ABc%（一）"


def test_traditional_characters_become_simplified() -> None:
    assert normalize("勞動保障監察條例") == "劳动保障监察条例"


@given(st.text())
def test_normalisation_never_changes_the_length(text: str) -> None:
    assert len(normalize(text)) == len(text)


def test_a_full_width_year_is_found_and_evidence_quotes_the_original() -> None:
    text = "杭州市人力资源和社会保障局２０２１年法治政府建设年度报告\n全年办理行政复议案件１５件。"
    extraction = extract(Document("fw.txt", text))
    [figure] = extraction.figures
    assert extraction.year == 2021 and figure.value == 15
    assert text[figure.start:figure.end] == "行政复议案件１５件"
