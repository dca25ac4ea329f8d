"""Specification of the sentence rule that Python and SPARQL share (`ingest.sentences`)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from legalkg.ingest.sentences import (
    EN_HEAD, EN_HEAD_KEEP, EN_TAIL, EN_TAIL_KEEP, ZH_HEAD, ZH_HEAD_KEEP, ZH_TAIL, ZH_TAIL_KEEP, SentenceFinder,
    sentence_span,
)

PATTERNS = {"zh": (ZH_HEAD, ZH_HEAD_KEEP, ZH_TAIL, ZH_TAIL_KEEP), "en": (EN_HEAD, EN_HEAD_KEEP, EN_TAIL, EN_TAIL_KEEP)}


def _by_patterns(text: str, start: int, end: int, language: str) -> tuple[int, int]:
    """The sentence as the SPARQL queries compute it: REPLACE with the shared patterns (here with
    Python's re, the SPARQL group references $n written \\n)."""
    head, head_keep, tail, tail_keep = PATTERNS[language]

    def replace(pattern: str, keep: str, value: str) -> str:
        return re.sub(pattern, re.sub(r"\$(\d)", r"\\\1", keep), value, count=1)

    before = replace(head, head_keep, text[:start])
    after = replace(tail, tail_keep, text[end:])
    return start - len(before), end + len(after)


def test_a_chinese_sentence_runs_between_full_stops_and_keeps_its_own() -> None:
    text = "第一句。落实行政执法公示制度；推进法律顾问制度！\n下一行"
    start = text.index("行政执法")
    assert sentence_span(text, start, start + 4, "zh") == (4, 15)
    assert text[4:15] == "落实行政执法公示制度；"


def test_a_line_break_ends_a_chinese_sentence_without_belonging_to_it() -> None:
    text = "标题\n推行法律顾问制度\n下一段。"
    start = text.index("法律")
    assert text[slice(*sentence_span(text, start, start + 2, "zh"))] == "推行法律顾问制度"


def test_an_english_sentence_ends_at_a_full_stop_followed_by_a_space() -> None:
    text = "We cited No.5 rules. We implemented the publicity system. Next."
    start = text.index("publicity")
    first, last = sentence_span(text, start, start + 9, "en")
    assert text[first:last] == " We implemented the publicity system."


def test_the_finder_gives_the_sentence_text_with_its_offsets() -> None:
    text = "一。二三四。"
    assert SentenceFinder(text, "zh").sentence(3, 4) == (2, 6, "二三四。")


ALPHABET = st.sampled_from(list("ab 。！？；!?;.\n\t\r\u3000文字") + ["Law", " . ", ".\n"])


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(ALPHABET, min_size=1, max_size=40), data=st.data(), language=st.sampled_from(["zh", "en"]))
def test_the_finder_and_the_sparql_patterns_agree_on_any_text(parts: list[str], data: st.DataObject, language: str) -> None:
    text = "".join(parts)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    assert SentenceFinder(text, language).span(start, end) == _by_patterns(text, start, end, language)


@pytest.mark.parametrize("folder", ["samples/corpus"])
def test_the_finder_and_the_sparql_patterns_agree_on_every_mention_of_the_samples(folder: str) -> None:
    from importlib.resources import files

    from legalkg.ingest.extract import extract
    from legalkg.ingest.read import read_document

    checked = 0
    for path in sorted(Path(str(files("legalkg.ingest").joinpath(folder))).iterdir()):
        extraction = extract(read_document(path))
        text = extraction.document.text
        for entity in extraction.entities():
            for m in entity.mentions:
                assert (m.sentence_start, m.sentence_end) == _by_patterns(text, m.start, m.end, extraction.language)
                checked += 1
    assert checked > 300
