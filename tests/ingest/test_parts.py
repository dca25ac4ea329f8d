"""A long report read in parts finds what reading it whole finds, at the same offsets."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from legalkg.ingest.extract import extract
from legalkg.ingest.model import Document
from legalkg.ingest.parts import OVERLAP, extract_parts, windows
from legalkg.ingest.read import read_document


def _found(extraction, text: str) -> set[tuple[str, int, int, str]]:  # noqa: ANN001
    entities = [*extraction.entities(), *([extraction.bureau] if extraction.bureau else [])]
    found = {(e.kind, m.start, m.end, m.text) for e in entities for m in e.mentions}
    assert all(text[start:end] == surface for _, start, end, surface in found)
    return found


@pytest.mark.parametrize("size", [1_500, 4_000])
def test_parts_find_the_mentions_of_the_whole_report(sample_corpus: Path, size: int) -> None:
    document = read_document(sample_corpus / "jinyun-2024-zh.txt")
    whole = extract(document)
    parts = list(extract_parts(document, size))
    assert len(parts) > 1
    in_parts = set().union(*(_found(p.extraction, document.text) for p in parts))
    assert in_parts == _found(whole, document.text)
    assert {p.extraction.bureau.key for p in parts} == {whole.bureau.key}
    assert {p.extraction.year for p in parts} == {whole.year}


def test_parts_of_one_long_line_keep_a_name_cut_by_the_part_boundary() -> None:
    title = "缙云县人力资源和社会保障局2024年法治政府建设年度报告\n"
    name = "《保障农民工工资支付条例》"
    filler = "本段为填充文字用于测试很长的单行输入"
    body = filler * 300 + name + filler * 300  # one line: parts are cut hard
    document = Document("long.txt", title + body)
    for size in (len(title) + len(filler) * 300 + offset for offset in (1, 4, 9)):
        parts = list(extract_parts(document, size))
        regulations = [(m.start, m.text) for p in parts for e in p.extraction.regulations for m in e.mentions]
        assert regulations == [(len(title) + len(filler) * 300 + 1, name[1:-1])]


def test_the_text_of_each_part_is_stored_under_the_whole_texts_offsets(sample_corpus: Path) -> None:
    import pyoxigraph as ox

    from legalkg.graph.triples import report_lines

    document = read_document(sample_corpus / "shangyu-2020-zh.txt")
    stored = []
    for part in extract_parts(document, 2_000):
        own, _ = report_lines(part.extraction, part.offset)
        for quad in ox.parse(own.encode(), format=ox.RdfFormat.N_QUADS):
            if quad.predicate.value == "https://w3id.org/legalkg/ontology#text":
                start, end = map(int, quad.subject.value.rsplit("#char=", 1)[1].split(","))
                assert document.text[start:end] == quad.object.value
                stored.append((start, end))
    assert len(stored) >= 3 and stored[0][0] == 0 and stored[-1][1] == len(document.text)
    assert all(a[1] == b[0] for a, b in zip(stored, stored[1:]))


@pytest.mark.parametrize("block", [700, 2_500, 10**6])
def test_parts_of_a_text_given_in_blocks_are_those_of_the_whole_text(sample_corpus: Path, block: int) -> None:
    document = read_document(sample_corpus / "shangyu-2020-zh.txt")
    text = document.text
    whole = [_found(p.extraction, text) for p in extract_parts(document, 1_500)]
    head = replace(document, text=text[:1000])
    blocks = (text[i:i + block] for i in range(0, len(text), block))
    assert [_found(p.extraction, text) for p in extract_parts(head, 1_500, blocks)] == whole


def test_windows_cover_the_text_once_with_overlapping_context() -> None:
    text = "".join(f"第{i}行。\n" for i in range(3_000))
    blocks = (text[i:i + 999] for i in range(0, len(text), 999))
    parts = list(windows(blocks, 4_000))
    assert [start for start, *_ in parts][0] == 0 and parts[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(parts, parts[1:]))
    for start, end, window_start, window in parts:
        assert text[window_start:window_start + len(window)] == window
        assert window_start == max(0, start - OVERLAP) and window_start + len(window) == min(len(text), end + OVERLAP)
        assert text[end - 1] == "\n"
